from pathlib import Path

from django.apps import AppConfig
from django.conf import settings

from rapporteur.vault import partfiles


class CasesConfig(AppConfig):
    name = "rapporteur.cases"
    label = "cases"
    verbose_name = "Case documentation"

    def ready(self) -> None:
        # A ciphertext part whose writer was killed mid-encryption names nothing:
        # the next process to start removes it (see vault.partfiles).
        partfiles.remove_abandoned(Path(settings.CASES_FILE_STORE) / "incoming")
