"""Recommendations in the columns of OHCHR's Universal Human Rights Index (UHRI), the
form national action plan tools take in: document, body, paragraph, text, themes,
affected persons, SDGs.

Affected persons are read from the text by rules, one per UHRI group, from the words
that name the group (its own name and plain synonyms: "juvenile" for children,
"Roma" for minorities); a recommendation naming none concerns "general", as UHRI
files it. ``bench/uhri_export.py`` measures the rules against the groups OHCHR gave
the Slovenian UPR recommendations of 2014. SDGs are left empty: the desk does not
know them, and a guess would be taken for OHCHR's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

GENERAL = "general"

# UHRI's group names, each with the words that name it in a recommendation.
AFFECTED_PERSONS: dict[str, re.Pattern[str]] = {
    name: re.compile(pattern, re.IGNORECASE)
    for name, pattern in {
        "children": (
            r"\bchild|\bjuvenile|\bminors\b|\badolescen|\bboys?\b|\bgirls?\b|\binfant|"
            r"\byouth\b|\bschool|\bcorporal punishment|\btraffick|\bdomestic violence"
        ),
        "women": (
            r"\bwom[ae]n\b|\bgirls?\b|\bgender\b|\bmaternal|\bfemale\b|\btraffick|"
            r"\bdomestic violence|\bdomestic workers"
        ),
        "minorities/ racial, ethnic, linguistic, religious or descent-based groups": (
            r"\bminorit|\broma\b|\bsinti\b|\bethnic|\bracial|\bracis|\bxenophob|\bdescent\b|"
            r"\brace\b|\breligio|\bmuslims?\b|\bjew(s|ish)\b|\bnational communit"
        ),
        "indigenous peoples": r"\bindigenous",
        "migrants": r"\bmigrant|\bmigration\b|\bmigratory|\bimmigra|\bICRMW\b",
        "refugees & asylum seekers": r"\brefugee|\basylum",
        "stateless persons": r"\bstateless",
        "non-citizens": r"\bnon-?citizens?|\bforeigners?\b|\bforeign nationals?",
        "internally displaced persons": r"\binternally displaced|\bIDPs?\b",
        "persons with disabilities": r"\bdisabilit|\bdisabled\b",
        "lesbian, gay, bisexual, transgender and intersex persons (LGBTI)": (
            r"\blgbt|\bsexual orientation|\bgender identity|\bsame-sex|\btransgender|\bintersex"
        ),
        "persons living in poverty": (
            r"\bpovert|\bpoor(est)?\b|\bhomeless|\bevictions?\b|\bvulnerable groups"
        ),
        "older persons": r"\bolder persons|\belderly",
        "disappeared persons": r"\bdisappear",
        "persons deprived of their liberty": (
            r"\bprison|\bdetainees?\b|\bdeprived of (their )?liberty|\binmates?\b"
        ),
        "human rights defenders": r"\bhuman rights defenders?|\bdefenders\b|\bactivists?\b",
        "media": r"\bjournalists?|\bmedia\b|\bbloggers?\b|\bpress\b",
        "judges, lawyers and prosecutors": (
            r"\bjudges?\b|\blawyers?\b|\bprosecutors?\b|\blegal profession|\bbar association"
        ),
        "persons with HIV/AIDS": r"\bHIV\b|\bAIDS\b",
    }.items()
}

UHRI_COLUMNS = (
    "country",
    "symbol",
    "body",
    "year",
    "paragraph",
    "text",
    "themes",
    "affected_persons",
    "sdgs",
)


def affected_persons(text: str) -> list[str]:
    """The UHRI groups a recommendation's text names, in UHRI's order; ``general``
    when it names none."""
    found = [name for name, words in AFFECTED_PERSONS.items() if words.search(text)]
    return found or [GENERAL]


def uhri_row(rec: Any, *, themes: Iterable[str]) -> dict[str, Any]:
    """One recommendation in UHRI's columns (public fields only)."""
    document = rec.document
    states = "; ".join(rec.recommending_states)
    paragraph = f"{rec.paragraph} ({rec.subitem})" if rec.subitem else rec.paragraph
    return {
        "country": rec.country_code,
        "symbol": document.name if document is not None else "",
        # Who recommends: the body a prose document names, the States of a UPR
        # recommendation, else the mechanism.
        "body": rec.body or states or rec.get_mechanism_display(),
        "year": rec.visit.start_date.year if rec.visit is not None else "",
        "paragraph": paragraph,
        "text": rec.text,
        "themes": list(themes),
        "affected_persons": affected_persons(rec.text),
        "sdgs": [],
    }
