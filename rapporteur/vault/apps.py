from django.apps import AppConfig


class VaultConfig(AppConfig):
    name = "rapporteur.vault"
    label = "vault"
    verbose_name = "Vault"

    def ready(self) -> None:
        from rapporteur.vault import storage

        # A ciphertext part whose writer was killed mid-encryption names nothing:
        # the next process to start removes those of every area's folder (see
        # vault.partfiles; the database backend's wait for the hourly purge).
        storage.remove_abandoned_folder_parts()
