"""``rapporteur intake purge``: apply the retention rule (run daily, e.g. from a
systemd timer): warn about what is due, delete what is expired with its files,
sweep orphaned encrypted files and abandoned RAM work directories, and delete
expired sessions (``clearsessions``)."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from rapporteur.intake.services import purge_expired, warn_before_deletion


class Command(BaseCommand):
    help = "Apply the intake retention rule and sweep leftovers."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("purge", help="Warn, delete expired submissions, sweep, clear sessions.")

    def handle(self, *args: Any, **options: Any) -> None:
        warned = warn_before_deletion()
        deleted = purge_expired()
        call_command("clearsessions")
        self.stdout.write(f"{warned} newly due for deletion; {deleted} deleted.")
