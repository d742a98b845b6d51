from django.apps import AppConfig


class CommunicationsConfig(AppConfig):
    name = "rapporteur.communications"
    label = "communications"
    verbose_name = "Communications to States"
