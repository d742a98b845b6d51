from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "rapporteur.accounts"
    label = "accounts"
    verbose_name = "Staff accounts"
