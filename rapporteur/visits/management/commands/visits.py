"""``rapporteur visits extract|classify|train-themes``: the extraction core from the
command line, for scripts and evaluation. Nothing here touches the database.

Each action parses its own options and returns an exit status, writing only to the
streams it is given: a bad file gives a one-line message on stderr and a non-zero
status, never a traceback, and its messages and exit codes are the same whether it
is called here or by the tests. Paths (model, shared data) come from the caller:
the command passes the settings' values, the tests their own.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import IO, Any, NoReturn

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from rapporteur.visits.extraction import themes
from rapporteur.visits.extraction.entities import document_entities
from rapporteur.visits.extraction.recommendations import Classify, extract
from rapporteur.visits.extraction.text import DocumentError, read_document

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
        # Each action parses the rest itself (see the functions below).
        parser.add_argument("options", nargs=argparse.REMAINDER, metavar="ARG")

    def handle(self, *args: Any, **options: Any) -> None:
        argv = list(options["options"])
        # The raw streams, not Django's wrappers: JSON lines must come out unstyled.
        out = getattr(self.stdout, "_out", sys.stdout)
        err = getattr(self.stderr, "_out", sys.stderr)
        stem = settings.VISITS_THEMES_MODEL
        action = options["action"]
        if action == "extract":
            status = extract_main(argv, out, err, model_stem=stem)
        elif action == "classify":
            status = classify_main(argv, sys.stdin, out, err, model_stem=stem)
        else:
            status = train_main(
                argv, out, err, model_stem=stem, data_dir=settings.VISITS_SHARED_DIR / "data"
            )
        if status:
            raise SystemExit(status)


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so callers keep control of streams."""

    def error(self, message: str) -> NoReturn:
        raise ValueError(message)


def _classifier(stem: Path | None, stderr: IO[str]) -> Classify | None:
    model = themes.load_model(stem)
    if model is None:
        stderr.write(
            "note: no theme model yet (run `rapporteur visits train-themes`); themes left empty\n"
        )
        return None
    return model.predict


def extract_main(
    argv: list[str], stdout: IO[str], stderr: IO[str], *, model_stem: Path | None = None
) -> int:
    parser = _Parser(prog="rapporteur visits extract")
    parser.add_argument("file")
    parser.add_argument("--format", choices=["jsonl"], default="jsonl")
    parser.add_argument(
        "--entities", action="store_true", help="print the document's named entities instead"
    )
    try:
        args = parser.parse_args(argv)
        paragraphs = read_document(args.file)
    except (ValueError, DocumentError) as exc:
        stderr.write(f"error: {exc}\n")
        return 2
    if args.entities:
        for ent in document_entities(paragraphs):
            stdout.write(json.dumps(ent, ensure_ascii=False) + "\n")
        return 0
    extraction = extract(paragraphs, classify=_classifier(model_stem, stderr))
    recs = extraction.recommendations
    # On stderr, so the JSON lines on stdout stay clean for a pipe.
    if extraction.generic:
        stderr.write("Document of no known family: the generic rules read it.\n")
    else:
        stderr.write(f"Read as: {extraction.family_label}.\n")
    if not recs:
        stderr.write(f"No recommendations found in {Path(args.file).name}.\n")
        return 1
    for rec in recs:
        stdout.write(json.dumps(rec.as_dict(), ensure_ascii=False) + "\n")
    return 0


def classify_main(
    argv: list[str],
    stdin: IO[str],
    stdout: IO[str],
    stderr: IO[str],
    *,
    model_stem: Path | None = None,
) -> int:
    parser = _Parser(prog="rapporteur visits classify")
    parser.add_argument("--format", choices=["jsonl"], default="jsonl")
    parser.add_argument("--model", help="model path stem (default: the configured model)")
    try:
        args = parser.parse_args(argv)
    except ValueError as exc:
        stderr.write(f"error: {exc}\n")
        return 2
    stem = Path(args.model) if args.model else Path(model_stem or themes.default_model_stem())
    if not stem.with_suffix(".npz").exists():
        stderr.write(
            f"error: no theme model at {stem}.npz; run `rapporteur visits train-themes` first\n"
        )
        return 2
    model = themes.ThemeModel.load(stem)
    lines = [ln.rstrip("\n") for ln in stdin]
    # empty lines keep their place in the output so line N answers line N
    preds = model.predict([ln for ln in lines if ln.strip()])
    it = iter(preds)
    for ln in lines:
        out = {"themes": next(it) if ln.strip() else []}
        stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
    return 0


def train_main(
    argv: list[str],
    stdout: IO[str],
    stderr: IO[str],
    *,
    model_stem: Path | None = None,
    data_dir: Path | None = None,
) -> int:
    parser = _Parser(prog="rapporteur visits train-themes")
    parser.add_argument("--data-dir", help="folder holding upr-info/ (default: ../shared/data)")
    parser.add_argument("--out", help="model path stem (default: the configured model)")
    parser.add_argument("--max-session", type=int, default=13)
    try:
        args = parser.parse_args(argv)
        folder = Path(args.data_dir) if args.data_dir else data_dir
        rows = [r for r in themes.load_upr_rows(folder) if r.session <= args.max_session]
    except ValueError as exc:
        stderr.write(f"error: {exc}\n")
        return 2
    except OSError as exc:
        stderr.write(f"error: cannot read the UPR Info data: {exc}\n")
        return 2
    t0 = time.perf_counter()
    model = themes.train(rows)
    npz, js = model.save(
        Path(args.out) if args.out else (model_stem or themes.default_model_stem())
    )
    size = npz.stat().st_size + js.stat().st_size
    stdout.write(
        f"trained on {len(rows)} recommendations (sessions 1-{args.max_session}) in "
        f"{time.perf_counter() - t0:.1f} s; saved {npz} and {js} ({size / 1e6:.1f} MB)\n"
    )
    return 0
