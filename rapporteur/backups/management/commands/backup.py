"""``rapporteur backup [create] | verify ARCHIVE | keygen --out FILE``: encrypted
archives of the whole desk (``backups/services.py``), run at the server's console."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from rapporteur.backups import manifest as manifests
from rapporteur.backups import services
from rapporteur.backups.archive import ArchiveError
from rapporteur.errors import Refused
from rapporteur.vault import backup_keys


class Command(BaseCommand):
    help = (
        "Encrypted backups. 'create' (the default) writes one archive of the database "
        "and every stored file, encrypted to RAPPORTEUR_BACKUP_PUBLIC_KEY; 'verify' checks "
        "an archive without the private key; 'keygen' makes the backup key pair."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action")
        create = sub.add_parser("create", help="Write one archive now.")
        create.add_argument("--to", type=Path, help="folder (default RAPPORTEUR_BACKUP_DIR)")
        create.add_argument("--keep", type=int, help="then keep only the newest N archives")
        verify = sub.add_parser("verify", help="Check an archive without the private key.")
        verify.add_argument("archive", type=Path)
        verify.add_argument(
            "--signer", default="", help="the desk's backup signing key, recorded elsewhere"
        )
        keygen = sub.add_parser("keygen", help="Make the backup key pair.")
        keygen.add_argument(
            "--out", type=Path, required=True, help="new file for the private key (0600)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        action = options.get("action") or "create"
        try:
            getattr(self, "_" + action)(options)
        except (Refused, ArchiveError, backup_keys.BadBackupKey) as error:
            raise CommandError(str(error)) from None

    def _create(self, options: dict[str, Any]) -> None:
        folder = options.get("to") or settings.BACKUP_DIR
        if folder is None:
            raise CommandError("Say where: --to FOLDER, or set RAPPORTEUR_BACKUP_DIR.")
        if not settings.BACKUP_PUBLIC_KEY:
            raise CommandError(
                "Set RAPPORTEUR_BACKUP_PUBLIC_KEY (made by `rapporteur backup keygen`)."
            )
        made = services.create_backup(
            directory=Path(folder), public_key=settings.BACKUP_PUBLIC_KEY, keep=options.get("keep")
        )
        self.stdout.write(
            f"Backup written: {made.path} ({made.size} bytes, {made.files} files), "
            f"encrypted to backup key {made.key_fingerprint}."
        )
        for old in made.removed:
            self.stdout.write(f"Removed the older archive {old.name}.")

    def _verify(self, options: dict[str, Any]) -> None:
        try:
            signer = options["signer"] or manifests.own_signer()
            manifest = services.verify_archive(path=options["archive"], signer=signer)
        except OSError as error:
            raise CommandError(f"Cannot read the archive: {error.strerror}.") from None
        except ArchiveError as error:
            raise CommandError(f"Archive BROKEN: {error}.") from None
        files = sum(manifest.areas.values())
        if options["signer"]:
            checked = " (the signer given)."
        elif signer:
            checked = " (this desk's signing key)."
        else:
            checked = (
                ": NOT CHECKED against a known signer; compare it with the key recorded "
                "when the desk was set up, or give --signer."
            )
        self.stdout.write(
            f"Archive intact: {files} files and the {manifest.vendor} database "
            f"({len(manifest.parts)} encrypted parts) made {manifest.created_at}, encrypted "
            f"to backup key {manifest.key_fingerprint}, manifest signed by "
            f"{manifest.signer}{checked}"
        )

    def _keygen(self, options: dict[str, Any]) -> None:
        pair = backup_keys.new_key_pair()
        try:
            backup_keys.write_private_key(options["out"], pair.private_key)
        except FileExistsError:
            raise CommandError(f"{options['out']} exists; it is never overwritten.") from None
        except OSError as error:
            raise CommandError(f"Cannot write the key file: {error.strerror}.") from None
        self.stdout.write(
            f"Private key written to {options['out']} (mode 0600): move it offline now "
            "and keep a second copy elsewhere; without it no archive can be restored.\n"
            f"Backup key {backup_keys.fingerprint(pair.public_key)}. Put this in the "
            f"server's environment:\nRAPPORTEUR_BACKUP_PUBLIC_KEY="
            f"{backup_keys.key_text(pair.public_key)}"
        )
