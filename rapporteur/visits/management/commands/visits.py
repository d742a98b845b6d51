"""``rapporteur visits extract|classify|train-themes``: the extraction core from the
command line, for scripts and evaluation. Nothing here touches the database."""

from __future__ import annotations

import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from rapporteur.visits import cli

ACTIONS = ("extract", "classify", "train-themes")


class Command(BaseCommand):
    help = (
        "extract FILE --format jsonl: recommendations of a document, one JSON object a line; "
        "classify --format jsonl: themes of each recommendation read on standard input; "
        "train-themes: build the theme model from ../shared/data/upr-info."
    )
    # The core reads no database and no translations; checks would only slow scripts.
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=ACTIONS)
        # The core parses its own options, so that its messages and exit codes are the
        # same whether it is called here, by the benchmark or by the tests.
        parser.add_argument("options", nargs="*", metavar="ARG")
        parser.add_argument("--format", choices=["jsonl"], default=None)
        parser.add_argument("--entities", action="store_true")
        parser.add_argument("--model")
        parser.add_argument("--data-dir")
        parser.add_argument("--out")
        parser.add_argument("--max-session")

    def handle(self, *args: Any, **options: Any) -> None:
        argv = list(options["options"])
        for name in ("format", "model", "data_dir", "out", "max_session"):
            if options.get(name) is not None:
                argv += ["--" + name.replace("_", "-"), str(options[name])]
        if options.get("entities"):
            argv.append("--entities")
        # The raw streams, not Django's wrappers: JSON lines must come out unstyled.
        out = getattr(self.stdout, "_out", sys.stdout)
        err = getattr(self.stderr, "_out", sys.stderr)
        stem = settings.VISITS_THEMES_MODEL
        action = options["action"]
        if action == "extract":
            status = cli.extract_main(argv, out, err, model_stem=stem)
        elif action == "classify":
            status = cli.classify_main(argv, sys.stdin, out, err, model_stem=stem)
        else:
            status = cli.train_main(
                argv, out, err, model_stem=stem, data_dir=settings.VISITS_SHARED_DIR / "data"
            )
        if status:
            raise SystemExit(status)
