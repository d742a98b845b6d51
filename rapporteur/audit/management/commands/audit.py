"""``rapporteur audit verify|anchor``: check the hash chain of the audit log, and
sign its head to keep outside the server."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rapporteur.audit import anchors, chain


class Command(BaseCommand):
    help = (
        "Audit log tools. 'verify' checks every link of the hash chain (and, with "
        "--anchor FILE, that the chain still holds each anchor in FILE); 'anchor' prints "
        "a signed line naming the chain's head, to store outside the server."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify", "anchor"])
        parser.add_argument(
            "--anchor",
            dest="anchor_file",
            type=Path,
            help="verify: a file of anchor lines kept outside the server",
        )
        parser.add_argument(
            "--public-key",
            default="",
            help="verify: the desk's anchor key as recorded outside (default: this desk's)",
        )
        parser.add_argument(
            "--to", type=Path, help="anchor: also append the line to this file (kept elsewhere)"
        )
        parser.add_argument(
            "--mail", nargs="+", default=[], help="anchor: also mail the line to these addresses"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "anchor":
            self._anchor(options)
        else:
            self._verify(options)

    def _verify(self, options: dict[str, Any]) -> None:
        report = chain.verify()
        if not report.ok:
            raise CommandError(
                f"Audit log BROKEN at entry #{report.broken_at}: {report.reason}. "
                f"{report.checked} entries before it are intact."
            )
        message = f"Audit log intact: {report.checked} entries. Head hash {report.head_hash}"
        if options["anchor_file"] is None:
            self.stdout.write(message + " (record it outside the server to anchor the chain).")
            return
        try:
            lines = options["anchor_file"].read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read the anchor file: {error}") from None
        checked, problems = anchors.check(lines, public_key=options["public_key"])
        if problems:
            details = "; ".join(f"line {p.line}: {p.reason}" for p in problems)
            raise CommandError(f"Audit log does NOT extend its anchors: {details}.")
        if not checked:
            raise CommandError("The anchor file holds no anchor.")
        self.stdout.write(f"{message}. It extends all {checked} anchors.")

    def _anchor(self, options: dict[str, Any]) -> None:
        line = anchors.make_anchor()
        try:
            anchors.deliver(line, to=options["to"], mail=options["mail"])
        except OSError as error:
            raise CommandError(f"Cannot keep the anchor outside: {error}") from None
        self.stdout.write(line)
