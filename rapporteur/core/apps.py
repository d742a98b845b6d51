from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "rapporteur.core"
    label = "core"
    verbose_name = "Desk pages"
