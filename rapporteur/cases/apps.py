from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "rapporteur.cases"
    label = "cases"
    verbose_name = "Case documentation"
