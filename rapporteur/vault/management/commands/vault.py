"""``rapporteur vault init | recover | revoke | status``: the key ceremony and its
repairs, run on the server by someone at its console.

Passwords are asked with getpass (never arguments: they would land in the shell
history and the process list); shares are read from standard input, one a line.
"""

from __future__ import annotations

import getpass
import sys

from django.core.management.base import BaseCommand, CommandError

from rapporteur.accounts.models import User
from rapporteur.vault import recovery, services
from rapporteur.vault.errors import VaultError
from rapporteur.vault.models import DeskKey, DeskKeyGrant


def _user(name: str) -> User:
    user = User.objects.filter(username=name).first()
    if user is None:
        raise CommandError(f"No member of staff is named {name!r}.")
    return user


class Command(BaseCommand):
    help = "Create, recover and rotate the desk key."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        init = sub.add_parser("init", help="Key ceremony: make the desk key, print shares.")
        init.add_argument("--keyholder", action="append", required=True, metavar="NAME")
        init.add_argument("--threshold", type=int, default=services.DEFAULT_THRESHOLD)
        init.add_argument("--shares", type=int, default=services.DEFAULT_SHARES)
        recover = sub.add_parser("recover", help="Give NAME access from k recovery shares.")
        recover.add_argument("--to", required=True, metavar="NAME")
        revoke = sub.add_parser("revoke", help="Take access from NAME and rotate the key.")
        revoke.add_argument("name")
        revoke.add_argument("--threshold", type=int, default=services.DEFAULT_THRESHOLD)
        revoke.add_argument("--shares", type=int, default=services.DEFAULT_SHARES)
        sub.add_parser("status", help="Show key generations and holders.")

    def handle(self, *args, **options):
        try:
            getattr(self, "_" + options["action"])(options)
        except (VaultError, recovery.RecoveryError) as error:
            raise CommandError(str(error)) from None

    def _print_shares(self, version: int, shares: list[str], threshold: int) -> None:
        self.stdout.write(
            f"\nRecovery shares for desk key generation {version}: any {threshold} of "
            f"{len(shares)} rebuild it.\nWrite each on paper for a different trustee; "
            "they are shown only now.\n"
        )
        for number, share in enumerate(shares, start=1):
            self.stdout.write(f"\nShare {number}:\n{share}\n")

    def _init(self, options: dict) -> None:
        keyholders = []
        for name in options["keyholder"]:
            user = _user(name)
            password = getpass.getpass(f"Sign-in password of {name} (it unlocks their key): ")
            keyholders.append((user, password))
        new = services.initialise_desk(
            keyholders=keyholders, threshold=options["threshold"], shares=options["shares"]
        )
        self.stdout.write(f"Desk key generation {new.version} created.")
        self._print_shares(new.version, new.shares, options["threshold"])

    def _recover(self, options: dict) -> None:
        user = _user(options["to"])
        if sys.stdin.isatty():
            self.stdout.write("Type the shares, one a line; an empty line ends.")
        shares = []
        for line in sys.stdin:
            if not line.strip():
                break
            shares.append(line.strip())
        version = services.recover_access(mnemonics=shares, user=user)
        self.stdout.write(f"{user.username} now holds desk key generation {version}.")

    def _revoke(self, options: dict) -> None:
        new = services.revoke_staff(
            acting_user=None,
            user=_user(options["name"]),
            threshold=options["threshold"],
            shares=options["shares"],
        )
        self.stdout.write(f"Access revoked; the desk key is now generation {new.version}.")
        self._print_shares(new.version, new.shares, options["threshold"])

    def _status(self, options: dict) -> None:
        keys = list(DeskKey.objects.order_by("version"))
        if not keys:
            self.stdout.write("No desk key yet: run `rapporteur vault init`.")
            return
        for key in keys:
            holders = (
                DeskKeyGrant.objects.filter(desk_key=key)
                .order_by("user__username")
                .values_list("user__username", flat=True)
            )
            state = "retired" if key.retired_at else "current"
            self.stdout.write(f"generation {key.version} ({state}): {', '.join(holders) or '-'}")
