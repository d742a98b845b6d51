"""Set up and serve the demonstration desk on 127.0.0.1 with fictional data."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from rapporteur.core import demo


class Command(BaseCommand):
    help = (
        "Migrate the embedded database, load fictional demo data and serve on 127.0.0.1:8000 "
        "with the background worker."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-serve", action="store_true", help="Prepare only; do not serve.")
        parser.add_argument("--bind", default="127.0.0.1:8000")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.MODE != "demo":
            raise CommandError("The demo runs only in demo mode (RAPPORTEUR_MODE=demo).")
        call_command("migrate", interactive=False, verbosity=0)
        staff = demo.load()
        url = f"http://{options['bind']}/"
        lines = [
            "",
            "Rapporteur demo — all people and data in it are fictional.",
            f"  Open {url} (public side) and {url}desk/ (staff side).",
            f"  Every demo account's password: {demo.DEMO_PASSWORD}",
            "  Second factor: run `rapporteur democode NAME` for the current code,",
            "  or add the key below to an authenticator app.",
            f"  A source's receipt (opens a fictional submission at {url}return/):",
            f"    {demo.DEMO_RECEIPT}",
        ]
        for person in staff:
            lines.append(
                f"    {person.username:<11} {person.role.value:<14} key (hex) {person.totp_key_hex}"
            )
        self.stdout.write("\n".join(lines) + "\n")
        if not options["no_serve"]:
            # No service manager here: serve runs the background worker itself.
            call_command("serve", bind=options["bind"], workers=2, with_worker=True)
