from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "rapporteur.visits"
    label = "visits"
    verbose_name = "Country visits and recommendation follow-up"
