"""Regenerate rapporteur/cases/vocabularies/data/seed-terms.json from the HURIDOCS
thesaurus in ../shared/data and the desk's local terms.

The seed migration reads that file, so a fresh install needs no shared folder.
Run after changing tajik_labels.csv or local_terms.csv, then commit the file.
"""

from __future__ import annotations

import json
from pathlib import Path

from rapporteur.cases.vocabularies.huridocs import load_vocabularies, to_plain
from rapporteur.cases.vocabularies.local_terms import desk_aliases

TARGET = Path(__file__).resolve().parents[1] / "rapporteur/cases/vocabularies/data/seed-terms.json"


def main() -> None:
    plain = to_plain(load_vocabularies())
    # HURIDOCS terms the desk names by a key (arrest, police, lawyer...) get it too,
    # so forms, triage and the demo find them without hard-coded codes.
    keys = {
        (ln, code): key for ln, aliases in desk_aliases().items() for key, code in aliases.items()
    }
    rows = []
    for list_name, terms in plain.items():
        for term in terms:
            labels = term["labels"]
            if not isinstance(labels, dict):
                raise TypeError(f"labels of {term['code']} are not a mapping")
            rows.append(
                [list_name, term["code"], term["parent"] or "", term["level"], term["order"],
                 labels.get("en", ""), labels.get("ru", ""), labels.get("tg", ""),
                 bool(term["local"]), term["key"] or keys.get((list_name, term["code"]), "")]
            )  # fmt: skip
    # One term per line: reviewable diffs when a label changes.
    body = ",\n".join(json.dumps(row, ensure_ascii=False) for row in rows)
    TARGET.write_text(
        '{"columns": ["list_name", "code", "parent_code", "level", "order", "label_en",'
        ' "label_ru", "label_tg", "local", "key"],\n"terms": [\n' + body + "\n]}\n",
        encoding="utf-8",
    )
    print(f"{len(rows)} terms, {TARGET.stat().st_size} bytes -> {TARGET}")


if __name__ == "__main__":
    main()
