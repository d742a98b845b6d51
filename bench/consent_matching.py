"""False alarms and recall of the consent name matcher (``cases.name_matching``).

    .venv/bin/python bench/consent_matching.py

(a) Every demo person without consent (the demo cases' persons whose consent is not
    "yes" and the demo letters' persons without consent), and then every demo person
    whatever the consent, against texts that must not name them: the demo letters as
    rendered for the State (persons without consent by description), their subjects,
    the demo press release, the standard paragraphs (English and Russian) and the
    seed end-of-mission statement. Every hit is a false alarm; they are printed.
(b) The person names of the shared Colombian list as confidential: against the same
    texts (false hits), and against variants of themselves in a Spanish sentence
    (accents removed, upper case, surname alone, given name alone, reversed order),
    reporting recall.

Pure Python, no database. The shared data lives in ``../shared`` next to the project
(skipped, with a note, when absent).
"""

from __future__ import annotations

import csv
import os
import sys
import time
import unicodedata
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rapporteur.settings")
os.environ.setdefault("RAPPORTEUR_MODE", "dev")

import django  # noqa: E402

django.setup()

from rapporteur.cases import demo as cases_demo  # noqa: E402
from rapporteur.cases.name_matching import ConfidentialPerson, bare_name, find_names  # noqa: E402
from rapporteur.communications import demo as comms_demo  # noqa: E402
from rapporteur.communications.letters.paragraphs import LIBRARY  # noqa: E402
from rapporteur.communications.letters.render import (  # noqa: E402
    LetterDraft,
    PersonConcerned,
    render_text,
)
from rapporteur.communications.references import Kind  # noqa: E402

SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed"
COLOMBIA = SHARED / "data" / "cases" / "colombia-social-leaders-killed-2016-2017.csv"
MANDATE = "Special Rapporteur on the situation of human rights defenders"


def demo_persons(*, all_consents: bool) -> list[ConfidentialPerson]:
    persons = []
    for spec in cases_demo.CASES:
        for name, _other, profession, _sex, consent, _narrative in spec["persons"]:
            if all_consents or consent != "yes":
                persons.append(ConfidentialPerson(name=name, whole_name_only=not profession))
    for letter in comms_demo.COMMUNICATIONS:
        person, consent = letter[6], letter[7]
        if person and (all_consents or not consent):
            persons.append(ConfidentialPerson(name=person[0], description=person[1]))
    return persons


def demo_texts() -> list[tuple[str, str]]:
    """(label, text) of everything the demo sends or publishes, persons without
    consent by description (as the State receives them)."""
    texts = []
    for (
        kind,
        language,
        code,
        subject,
        facts,
        question,
        person,
        _consent,
        goal,
    ) in comms_demo.COMMUNICATIONS:
        persons = (
            (PersonConcerned(name=person[0], description=person[1], consent_to_share_name=False),)
            if person
            else ()
        )
        draft = LetterDraft(
            kind=Kind(kind),
            language=language,
            addressee_name="Tajikistan" if code == "TJK" else "a company",
            reference=None,
            date=date(2022, 5, 12),
            mandates=(MANDATE,),
            facts=(facts,),
            legal_paragraphs=("declaration-hrd", "iccpr-9", "iccpr-19"),
            questions=(question,),
            persons=persons,
            subject=subject,
            addressee_is_state=code != "OTH",
        )
        texts.append((f"demo letter ({goal}, {language})", render_text(draft=draft)))
    texts.append(("demo press release", comms_demo_press()))
    for key, paragraph in LIBRARY.items():
        for language in ("en", "ru"):
            texts.append(
                (f"standard paragraph {key} ({language})", paragraph.in_language(language))
            )
    for path in sorted(SEED.glob("*.txt")) if SEED.is_dir() else []:
        texts.append((f"seed {path.name}", path.read_text(encoding="utf-8")))
    return texts


def comms_demo_press() -> str:
    # The demo press release's three language versions, as comms_demo.load writes them.
    import inspect

    source = inspect.getsource(comms_demo.load)
    start = source.index("versions={")
    end = source.index("communications=[made")
    return source[start:end]


def false_alarms(persons: list[ConfidentialPerson], texts: list[tuple[str, str]]) -> Counter:
    hits: Counter = Counter()
    words = 0
    started = time.perf_counter()
    for label, text in texts:
        words += len(text.split())
        for match in find_names(text=text, persons=persons):
            hits[(match.coverage.name.lower(), match.words, bare_name(match.person.name))] += 1
            print(
                f"  false alarm in {label}: {match.words!r} ~ {match.person.name} ({match.reason})"
            )
    elapsed = time.perf_counter() - started
    print(f"  {len(texts)} texts, {words} words, {len(persons)} persons: "
          f"{sum(hits.values())} false alarm(s) in {elapsed:.2f} s")  # fmt: skip
    return hits


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def colombian_names() -> list[str]:
    with COLOMBIA.open(encoding="utf-8") as handle:
        return [row["Nombre"].strip() for row in csv.DictReader(handle) if row["Nombre"].strip()]


def recall(names: list[str]) -> None:
    persons = [ConfidentialPerson(name=n) for n in names]
    by_kind: Counter = Counter()
    caught: Counter = Counter()
    missed = []
    for name, person in zip(names, persons, strict=True):
        parts = bare_name(name).split()
        variants = {
            "accents removed": strip_accents(bare_name(name)),
            "upper case": bare_name(name).upper(),
            "surname alone": parts[-2] if len(parts) >= 3 else parts[-1],
            "given name alone": parts[0],
            "reversed": " ".join(parts[1:] + parts[:1]),
        }
        for kind, variant in variants.items():
            if len(strip_accents(variant)) < 3:
                continue
            by_kind[kind] += 1
            text = f"Según la fuente, {variant} fue amenazado."
            if any(m.person is person for m in find_names(text=text, persons=[person])):
                caught[kind] += 1
            else:
                missed.append((kind, name, variant))
    for kind in by_kind:
        print(f"  recall, {kind}: {caught[kind]}/{by_kind[kind]}")
    total, got = sum(by_kind.values()), sum(caught.values())
    print(f"  recall overall: {got}/{total} = {got / total:.1%}")
    for kind, name, variant in missed[:10]:
        print(f"  missed ({kind}): {variant!r} for {name!r}")


def main() -> None:
    texts = demo_texts()
    print("(a) demo persons without consent against the demo texts, paragraphs, seed:")
    false_alarms(demo_persons(all_consents=False), texts)
    print("(a') every demo person, whatever the consent (as publication checks them):")
    hits = false_alarms(demo_persons(all_consents=True), texts)
    print("  by coverage:", dict(Counter(kind for kind, _w, _n in hits.elements())))
    if not COLOMBIA.is_file():
        print(f"(b) skipped: {COLOMBIA.relative_to(ROOT.parent)} not found")
        return
    names = colombian_names()
    print(f"(b) {len(names)} Colombian names as confidential, against texts not naming them:")
    hits = false_alarms([ConfidentialPerson(name=n) for n in names], texts)
    print("  by coverage:", dict(Counter(kind for kind, _w, _n in hits.elements())))
    print("(b') the same names against variants of themselves:")
    recall(names)


if __name__ == "__main__":
    main()
