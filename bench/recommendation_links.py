"""How well the desk suggests that two recommendations raise the same issue.

Run from the repository root: ``python bench/recommendation_links.py``. Data: the
shared Slovenian UN compilation and UPR Working Group report of 2014 (their gold
files, from ../shared/data or $RAPPORTEUR_SHARED_DATA), and the pairs labelled by
hand in ``bench/recommendation_links.labels.csv`` (every pair scored 0.30 or more was
read). Prints the precision of the suggestions at the desk's threshold and in the
band just below it, and how long suggesting took.
"""

from __future__ import annotations

import csv
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rapporteur.visits.extraction import themes
from rapporteur.visits.linking import THRESHOLD, similar_pairs

LABELS = Path(__file__).with_suffix(".labels.csv")
COMPILATION = "slovenia-un-compilation-2014-A_HRC_WG6_20_SVN_2.gold.jsonl"
UPR = "slovenia-upr-wg-2014-A_HRC_28_15.gold.jsonl"


def read_labels() -> dict[tuple[int, str], bool]:
    with LABELS.open(encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        return {(int(r["compilation_line"]), r["upr_id"]): r["same_issue"] == "yes" for r in rows}


def main() -> int:
    reports = themes.shared_data_dir() / "reports"
    compilation = [json.loads(line) for line in (reports / COMPILATION).open(encoding="utf-8")]
    upr = [json.loads(line) for line in (reports / UPR).open(encoding="utf-8")]
    labels = read_labels()
    started = time.perf_counter()
    pairs = similar_pairs(
        [c["text"] for c in compilation], [u["text"] for u in upr], threshold=0.30
    )
    seconds = time.perf_counter() - started
    unlabelled = []
    for low, high in ((THRESHOLD, 1.01), (0.30, THRESHOLD)):
        band = [p for p in pairs if low <= p.similarity < high]
        judged = [labels.get((p.new + 1, upr[p.earlier]["id"])) for p in band]
        unlabelled += [p for p, j in zip(band, judged, strict=True) if j is None]
        right = sum(1 for j in judged if j)
        name = (
            f"suggested (similarity >= {THRESHOLD:.2f})"
            if high > 1
            else (f"not suggested (0.30 to {THRESHOLD:.2f})")
        )
        precision = right / max(1, len(band))
        print(f"{name}: {len(band)} pairs, {right} same issue, precision {precision:.3f}")
    print(f"{len(compilation)} x {len(upr)} recommendations compared in {seconds:.2f} s")
    if unlabelled:
        print(f"{len(unlabelled)} pairs have no label: label them in {LABELS.name}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
