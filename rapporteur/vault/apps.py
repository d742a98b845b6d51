from django.apps import AppConfig


class VaultConfig(AppConfig):
    name = "rapporteur.vault"
    label = "vault"
    verbose_name = "Vault"
