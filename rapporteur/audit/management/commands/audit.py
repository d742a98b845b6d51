"""``rapporteur audit verify``: check the hash chain of the audit log."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rapporteur.audit import chain


class Command(BaseCommand):
    help = "Audit log tools. 'verify' checks every link of the hash chain."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args: Any, **options: Any) -> None:
        report = chain.verify()
        if not report.ok:
            raise CommandError(
                f"Audit log BROKEN at entry #{report.broken_at}: {report.reason}. "
                f"{report.checked} entries before it are intact."
            )
        self.stdout.write(
            f"Audit log intact: {report.checked} entries. Head hash {report.head_hash} "
            "(record it outside the server to anchor the chain)."
        )
