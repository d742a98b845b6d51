"""The desk's local additions, the Tajik labels and the Russian ones the thesaurus
lacks, read from ``data/*.csv``.

``local_terms.csv`` has one row per term the issue names. A row with ``maps_to`` adds
no term: the concept already exists in HURIDOCS under that code (e.g. "travel ban" is
050106000000 Restriction on travel), and ``desk_aliases`` records the mapping. A row
with ``code`` adds a term in the ``L`` namespace, so it can never collide with a
HURIDOCS code (always 12 digits).
"""

from __future__ import annotations

import csv
from pathlib import Path

from rapporteur.cases.vocabularies.terms import Term, VocabularyError

DATA_DIR = Path(__file__).resolve().parent / "data"
LOCAL_ORDER_START = 10_000  # after every HURIDOCS term_order


def _read(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def read_tajik_labels() -> dict[tuple[str, str], str]:
    return {
        (row["list_name"], row["huri_code"]): row["tajik"].strip()
        for row in _read("tajik_labels.csv")
    }


def read_russian_labels() -> dict[tuple[str, str], str]:
    """The desk's Russian for the few terms the thesaurus leaves without one, so that
    no Russian page falls back to an English word."""
    return {
        (row["list_name"], row["huri_code"]): row["russian"].strip()
        for row in _read("russian_labels.csv")
    }


def read_local_rows() -> list[dict[str, str]]:
    return _read("local_terms.csv")


def desk_aliases() -> dict[str, dict[str, str]]:
    """``{list_name: {key: code}}`` for every term the issue names, local or mapped."""
    aliases: dict[str, dict[str, str]] = {}
    for row in read_local_rows():
        aliases.setdefault(row["list_name"], {})[row["key"]] = row["code"] or row["maps_to"]
    return aliases


def local_terms(existing: dict[str, list[Term]]) -> list[Term]:
    """Build the local terms; parents may be HURIDOCS terms or earlier local rows."""
    levels = {(t.list_name, t.code): t.level for terms in existing.values() for t in terms}
    built: list[Term] = []
    for index, row in enumerate(read_local_rows()):
        list_name, code, parent = row["list_name"], row["code"], row["parent"] or None
        if row["maps_to"]:
            if (list_name, row["maps_to"]) not in levels:
                raise VocabularyError(f"{row['key']}: maps to unknown {row['maps_to']}")
            continue
        if not code.startswith("L"):
            raise VocabularyError(f"{row['key']}: local codes start with L, not {code!r}")
        if parent and (list_name, parent) not in levels:
            raise VocabularyError(f"{row['key']}: parent {parent} not in {list_name}")
        level = levels[(list_name, parent)] + 1 if parent else 0
        labels = {lang: row[lang].strip() for lang in ("en", "ru", "tg") if row[lang].strip()}
        term = Term(
            list_name, code, parent, level, LOCAL_ORDER_START + index, labels, True, row["key"]
        )
        levels[(list_name, code)] = level
        built.append(term)
    return built
