"""The HURIDOCS micro-thesauri as the case desk uses them, plus its local additions.

Source: ``huridocs-micro-thesauri.csv`` (OpenEvsys schema data) in the shared data
folder, never copied into the repository. Tajik labels and the desk's local terms live
in ``data/*.csv`` beside this module, so translators and staff edit data, not code.

Stdlib only: a Django data migration may import ``load_vocabularies`` and
``to_plain`` directly, or read the JSON that ``main`` prints (run it with
``python -c "from rapporteur.cases.vocabularies.huridocs import main; main()"``;
``python -m`` on a module its package imports would warn).
"""

from __future__ import annotations

import csv
import json
import os
import sys
from dataclasses import asdict
from pathlib import Path

from rapporteur.cases.vocabularies.local_terms import (
    local_terms,
    read_russian_labels,
    read_tajik_labels,
)
from rapporteur.cases.vocabularies.terms import Term, VocabularyError

THESAURUS_FILE = Path("thesauri") / "huridocs-micro-thesauri.csv"
REPO_ROOT = Path(__file__).resolve().parents[3]

# The HURIDOCS lists the case desk seeds from, in the order forms show them.
DESK_LISTS = (
    "types_of_acts",
    "types_of_perpetrators",
    "occupation",
    "status_as_victim",
    "international_instruments",
    "types_of_intervention",
    "sex",
    "degrees_of_involvement",
    "reliability",
    "types_of_source_material",
    "source_connection_to_information",
    "types_of_locations",
)
# Lists with no HURIDOCS counterpart: only local terms.
LOCAL_LISTS = ("legal_provisions", "regions")
LANGUAGES = ("en", "fr", "es", "ru", "tg")


def default_shared_data_dir() -> Path:
    """``RAPPORTEUR_SHARED_DATA`` if set, else ``../shared/data`` beside the repository."""
    configured = os.environ.get("RAPPORTEUR_SHARED_DATA")
    return Path(configured) if configured else REPO_ROOT.parent / "shared" / "data"


def read_thesaurus(shared_data_dir: Path) -> list[dict[str, str]]:
    path = Path(shared_data_dir) / THESAURUS_FILE
    if not path.is_file():
        raise VocabularyError(f"HURIDOCS thesaurus not found at {path}")
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _huridocs_terms(
    rows: list[dict[str, str]],
    tajik: dict[tuple[str, str], str],
    russian: dict[tuple[str, str], str],
) -> list[Term]:
    # Parents are given by vocab_number; the desk refers to terms by huri_code.
    code_of = {row["vocab_number"]: row["huri_code"] for row in rows}
    terms = []
    for row in rows:
        list_name = row["list_name"]
        parent_number = row["parent_vocab_number"].strip()
        labels = {
            "en": row["english"].strip(),
            "fr": row["french"].strip(),
            "es": row["spanish"].strip(),
            "ru": row["russian"].strip() or russian.get((list_name, row["huri_code"]), ""),
            "tg": tajik.get((list_name, row["huri_code"]), ""),
        }
        terms.append(
            Term(
                list_name=list_name,
                code=row["huri_code"],
                parent=code_of.get(parent_number) if parent_number not in ("", "0") else None,
                level=int(row["term_level"]),
                order=int(row["term_order"]),
                labels={k: v for k, v in labels.items() if v},
            )
        )
    return terms


def load_vocabularies(shared_data_dir: Path | None = None) -> dict[str, list[Term]]:
    """Every desk list, HURIDOCS terms first (in their order), then local additions.

    Raises ``VocabularyError`` when the thesaurus is missing or a local term names a
    parent or mapping that does not exist, so a bad data edit fails at seed time.
    """
    rows = read_thesaurus(shared_data_dir or default_shared_data_dir())
    wanted = [row for row in rows if row["list_name"] in DESK_LISTS]
    terms = _huridocs_terms(wanted, read_tajik_labels(), read_russian_labels())
    vocabularies: dict[str, list[Term]] = {name: [] for name in (*DESK_LISTS, *LOCAL_LISTS)}
    for term in terms:
        vocabularies[term.list_name].append(term)
    for term in local_terms(vocabularies):
        vocabularies[term.list_name].append(term)
    return vocabularies


def to_plain(vocabularies: dict[str, list[Term]]) -> dict[str, list[dict[str, object]]]:
    """JSON-ready data for a data migration: no classes, only str, int, bool, None."""
    return {
        name: [{**asdict(term), "tg_missing": term.tg_missing} for term in terms]
        for name, terms in vocabularies.items()
    }


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    shared = Path(args[0]) if args else None
    json.dump(to_plain(load_vocabularies(shared)), sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    return 0
