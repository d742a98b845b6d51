"""The functions behind ``rapporteur visits extract|classify|train-themes``.

Each returns an exit status and writes only to the streams it is given, so a bad
file gives a one-line message on stderr and a non-zero status, never a traceback.
Paths (model, shared data) come from the caller: the management command passes the
settings' values, the benchmark and tests pass their own.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import IO

from .extraction import themes
from .extraction.entities import document_entities
from .extraction.recommendations import extract_recommendations
from .extraction.text import DocumentError, read_document


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so callers keep control of streams."""

    def error(self, message: str):
        raise ValueError(message)


def _classifier(stem: Path | None, stderr: IO[str]):
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
    recs = extract_recommendations(paragraphs, classify=_classifier(model_stem, stderr))
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
