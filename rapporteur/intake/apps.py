from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "rapporteur.intake"
    label = "intake"
    verbose_name = "Confidential intake"

    def ready(self) -> None:
        from rapporteur.intake import checks, uploads  # noqa: F401 - registers checks

        # A worker killed mid-upload leaves its RAM work directory behind; the next
        # process to start removes every such directory whose owner is gone.
        uploads.sweep_abandoned_workdirs()
