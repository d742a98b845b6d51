from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "rapporteur.core"
    label = "core"
    verbose_name = "Desk pages"

    def ready(self) -> None:
        from rapporteur.core import checks  # noqa: F401 - registers the system checks
