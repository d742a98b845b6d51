from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "rapporteur.insights"
    label = "insights"
    verbose_name = "Patterns and reports"
