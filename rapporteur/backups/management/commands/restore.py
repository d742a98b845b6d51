"""``rapporteur restore ARCHIVE --key FILE``: fill a new, empty desk (database and
file stores) from a backup archive, then check it (``backups/services.py``). Stop
the desk's server and worker first: nothing else may write meanwhile."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rapporteur.backups import services
from rapporteur.errors import Refused
from rapporteur.vault import backup_keys


class Command(BaseCommand):
    help = (
        "Restore a backup archive into an EMPTY database and EMPTY file stores, with the "
        "backup private key; then check the audit chain and every stored file."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path)
        parser.add_argument("--key", type=Path, required=True, help="the backup private key's file")
        parser.add_argument(
            "--signer", default="", help="the desk's backup signing key, recorded elsewhere"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            private_key = backup_keys.read_private_key(options["key"])
        except OSError as error:
            raise CommandError(f"Cannot read the key file: {error.strerror}.") from None
        except backup_keys.BadBackupKey as error:
            raise CommandError(f"{error}. Nothing was changed.") from None
        if not options["archive"].is_file():
            raise CommandError(f"No archive at {options['archive']}. Nothing was changed.")
        try:
            restored = services.restore_archive(
                path=options["archive"], private_key=private_key, signer=options["signer"]
            )
        except Refused as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Restored {restored.files} files and the database of "
            f"{restored.manifest.created_at}. Audit log intact: {restored.audit_entries} "
            "entries; every stored file a record names is there. Next: `rapporteur migrate`."
        )
        if not options["signer"]:
            self.stdout.write(
                f"The manifest was signed by {restored.manifest.signer}, NOT CHECKED against a "
                "known signer: compare it with the key recorded when the desk was set up."
            )
