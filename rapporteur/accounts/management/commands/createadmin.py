"""Create the first administrator (or any staff member) from the command line."""

from __future__ import annotations

import getpass
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from rapporteur.accounts import services
from rapporteur.accounts.models import User
from rapporteur.accounts.permissions import Role


class Command(BaseCommand):
    help = (
        "Create a staff account (an administrator by default). "
        "Two-factor set-up follows at first sign-in."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", required=True)
        parser.add_argument(
            "--role", default=Role.ADMINISTRATOR.value, choices=[r.value for r in Role]
        )
        parser.add_argument("--full-name", default="")
        parser.add_argument(
            "--password-file", help="Read the password from this file instead of asking."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        username = options["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise CommandError(f"A staff account named {username!r} already exists.")
        password = self._password(options["password_file"])
        try:
            validate_password(password, User(username=username))
        except ValidationError as error:
            raise CommandError("Password refused: " + " ".join(error.messages)) from None
        services.create_staff(
            acting_user=None,
            username=username,
            role=Role(options["role"]),
            password=password,
            full_name=options["full_name"],
        )
        self.stdout.write(
            f"Created {options['role']} {username!r}. "
            "They set up their authenticator app at first sign-in."
        )

    def _password(self, path: str | None) -> str:
        if path:
            try:
                with open(path, encoding="utf-8") as handle:
                    return handle.read().rstrip("\n")
            except OSError as error:
                raise CommandError(f"Cannot read the password file: {error.strerror}.") from None
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            raise CommandError("The two passwords differ.")
        return first
