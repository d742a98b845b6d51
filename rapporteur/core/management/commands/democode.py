from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from rapporteur.accounts.models import SealedTOTPDevice
from rapporteur.core import demo


class Command(BaseCommand):
    help = "Print the current second-factor code of a demo account (demo mode only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.MODE != "demo":
            raise CommandError("democode works only in demo mode.")
        try:
            self.stdout.write(demo.current_code(options["username"]))
        except SealedTOTPDevice.DoesNotExist:
            raise CommandError(f"{options['username']!r} is not a demo account.") from None
