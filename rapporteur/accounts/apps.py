from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "rapporteur.accounts"
    label = "accounts"
    verbose_name = "Staff accounts"

    def ready(self) -> None:
        from rapporteur.accounts import checks  # noqa: F401 - registers the system checks
