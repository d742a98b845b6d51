# ruff: noqa: RUF001 -- Cyrillic date words are meant, not look-alikes.
"""Date reader benchmark: microseconds per parse for each form class, and the worst
case of a long adversarial text (the public form's "when" is at most 300 characters).

    .venv/bin/python bench/dates.py [--repeat 2000]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rapporteur.cases.dates import read_uncertain_date

FORMS = {
    "exact": "14.03.2022",
    "month": "моҳи марти 2022",
    "part of a month": "в начале марта 2022 года",
    "quarter": "1-й квартал 2022",
    "range in digits": "10-15.03.2022",
    "range in words": "с 10 по 15 марта 2022 года",
    "around": "около 10 марта 2022",
    "before": "пеш аз марти 2022",
    "not understood": "на следующий день после выборов",
}
ADVERSARIAL = {
    "dashes": "1-" * 150,
    "nested parts": "mid-" * 62 + "march 2022",
    "ranges in words": "с 1 по " * 42,
    "nested abouts": "about " * 50,
}


def per_call(text: str, repeat: int) -> float:
    start = time.perf_counter()
    for _ in range(repeat):
        read_uncertain_date(text)
    return (time.perf_counter() - start) / repeat


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=2000)
    args = parser.parse_args()
    for name, text in FORMS.items():
        print(f"{name:>18}: {per_call(text, args.repeat) * 1e6:8.1f} µs  {text}")
    for name, text in ADVERSARIAL.items():
        text = text[:300]
        print(f"{name:>18}: {per_call(text, 5) * 1e3:8.1f} ms  ({len(text)} characters)")


if __name__ == "__main__":
    main()
