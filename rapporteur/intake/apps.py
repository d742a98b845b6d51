from pathlib import Path

from django.apps import AppConfig
from django.conf import settings

from rapporteur.vault import partfiles


class IntakeConfig(AppConfig):
    name = "rapporteur.intake"
    label = "intake"
    verbose_name = "Confidential intake"

    def ready(self) -> None:
        from rapporteur.intake import checks, uploads  # noqa: F401 - registers checks

        # A worker killed mid-upload leaves its RAM work directory behind; the next
        # process to start removes every such directory whose owner is gone.
        uploads.sweep_abandoned_workdirs()
        # Likewise a ciphertext part whose writer was killed mid-encryption.
        partfiles.remove_abandoned(Path(settings.INTAKE_FILE_STORE) / "incoming")
