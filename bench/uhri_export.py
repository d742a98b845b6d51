"""How well the desk reads UHRI's affected persons from a recommendation's text.

Run from the repository root: ``python bench/uhri_export.py``. Data: the Slovenian
UPR Working Group report of 2014 with the groups OHCHR gave each recommendation
(its gold file, from ../shared/data). Prints micro-averaged precision and recall
over the groups, then the groups most often missed and most often added.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rapporteur.visits.extraction import themes
from rapporteur.visits.uhri import affected_persons

GOLD = "slovenia-upr-wg-2014-A_HRC_28_15.gold.jsonl"


def main() -> int:
    path = themes.shared_data_dir() / "reports" / GOLD
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    right = added = missed = 0
    errors: Counter[str] = Counter()
    for row in rows:
        gold, found = set(row["groups"]), set(affected_persons(row["text"]))
        right += len(gold & found)
        added += len(found - gold)
        missed += len(gold - found)
        errors.update(f"missed {g}" for g in gold - found)
        errors.update(f"added {g}" for g in found - gold)
    print(
        f"affected persons, {len(rows)} recommendations: precision "
        f"{right / (right + added):.3f}, recall {right / (right + missed):.3f}"
    )
    for error, count in errors.most_common(6):
        print(f"  {count:3d} {error}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
