"""Legal instruments, institutions and places named in a text.

Rules are keyed on how such names are written in UN documents ("Law on …",
"article N of the Criminal Code", "Convention against …", "Ministry of …"),
not on any one document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import Paragraph


@dataclass(frozen=True)
class Mention:
    name: str
    kind: str  # "instrument", "institution" or "place"
    start: int = 0


# words that end a law's name when written in running text
_STOP = (
    r"(?:in|adopted|which|that|currently|is|are|was|were|could|would|will|has|have|had|from|since|"
    r"under|with|by|as|to|require|requires|stipulates|on\s+the\s+\w+\s+of\s+the\s+\w+)"
)
_NAME_WORD = r"(?:[A-Za-z][\w'\u2019-]*)"
_LAW_NAME = rf"{_NAME_WORD}(?:\s+(?!{_STOP}\b){_NAME_WORD}){{0,9}}"
_LAW = re.compile(
    rf"\b(?P<qual>(?:(?:draft|proposed|new|specific|comprehensive)\s+)*)"
    rf"(?P<head>Laws?|Act|Bill|Decree|Ordinance|law)\s+on\s+(?P<name>{_LAW_NAME})"
)
_NAMED_LAW = re.compile(r"\b((?:[A-Z][\w-]+\s+){1,3})(Law|Act|Code|Bill)\b")
_ARTICLE = re.compile(
    r"\barticles?\s+(\d+[\w.]*)\s+of\s+the\s+((?:[A-Z][\w-]+\s+){0,3}(?:Code|Constitution|Law|Act))"
)
_TITLE_WORD = (
    r"(?:[A-Z][\w-]*|of|the|and|against|on|for|all|human|rights|defenders|discrimination|torture)"
)
_INTL = re.compile(
    r"\b((?:Universal\s+|UN\s+|United Nations\s+|International\s+|European\s+"
    r"|Optional\s+|Basic\s+|EU\s+)*"
    r"(?:Declaration|Convention|Covenant|Protocol|Principles|Guidelines|guidelines|Charter|Statute)\s+"
    r"(?:on|of|against|for)\s+(?:the\s+)?" + _TITLE_WORD + r"(?:\s+" + _TITLE_WORD + r"){0,10})"
)
_ACRONYMS = re.compile(
    r"\b(ICCPR|ICESCR|CEDAW|OP-CEDAW|CAT|OP-CAT|CRC|OP-CRC-SC|OP-CRC-AC|CRPD|ICERD|ICRMW|CED|ICCPR-OP2)\b"
)


def _clean(name: str) -> str:
    name = re.sub(r"\s+", " ", name).strip(" ,.;:\u2019'")
    return re.sub(r"\s+(and|or|of|the)$", "", name)


def find_instruments(text: str) -> list[Mention]:
    """Legal instruments in order of first mention, without duplicates."""
    found: list[Mention] = []
    for m in _LAW.finditer(text):
        found.extend(_laws(m, text))
    for m in _ARTICLE.finditer(text):
        found.append(
            Mention(f"{_clean(m.group(2))}, article {m.group(1)}", "instrument", m.start())
        )
        found.append(Mention(_clean(m.group(2)), "instrument", m.start(2)))
    for m in _NAMED_LAW.finditer(text):
        if not re.match(r"(The|A|An|This|That|Draft|New)\b", m.group(1)):
            found.append(Mention(_clean(m.group(0)), "instrument", m.start()))
    for m in _INTL.finditer(text):
        found.append(Mention(_clean(m.group(1)), "instrument", m.start()))
    for m in _ACRONYMS.finditer(text):
        found.append(Mention(m.group(1), "instrument", m.start()))
    return _dedupe(found)


def _laws(m: re.Match, text: str) -> list[Mention]:
    qual = m.group("qual").strip().lower()
    head = m.group("head")
    names = [m.group("name")]
    if head == "Laws":  # "Laws on preventing extremism and combatting terrorism": two laws
        names = re.split(r"\s+and\s+", m.group("name"))
    out = []
    for name in names:
        label = (
            f"Law on {_clean(name)}"
            if head.lower().startswith("law")
            else f"{head} on {_clean(name)}"
        )
        if qual and any(q in qual for q in ("draft", "proposed")):
            label = f"{qual} {label}"
        elif head == "law" and not qual:
            continue  # "the law on …" in lower case without a qualifier is usually generic
        out.append(Mention(label[0].upper() + label[1:], "instrument", m.start()))
        amended = re.search(
            rf"amendments?\s+to\s+the\s+{re.escape(head)}\s+on\s+{re.escape(name)}\s+adopted\s+in\s+(\d{{4}})",
            text,
        )
        if amended:
            out.append(Mention(f"{label} ({amended.group(1)} amendments)", "instrument", m.start()))
    return out


def _dedupe(mentions: list[Mention]) -> list[Mention]:
    seen, out = set(), []
    for m in sorted(mentions, key=lambda x: x.start):
        key = m.name.lower()
        if key not in seen and len(m.name) > 2:
            seen.add(key)
            out.append(m)
    return out


_INSTITUTION = re.compile(
    r"\b((?:the\s+)?(?:[A-Z][\w-]*\s+){0,4}(?:Ministry|Committee|Court|Office|Agency|Commission|Council|"
    r"Association|Union|Delegation|Bank|Ombudsman|Ombudsperson|Parliament|Coalition|Prosecutor|Procuracy|Police)"
    r"(?:\s+(?:of|for|on|against)\s+(?:the\s+)?(?:[A-Z][\w-]*\s*)+)?)"
)


def find_institutions(text: str) -> list[str]:
    out = []
    for m in _INSTITUTION.finditer(text):
        name = _clean(re.sub(r"^the\s+", "", m.group(1)))
        if name not in out and name[:1].isupper():
            out.append(name)
    return out


# A compact gazetteer of places seen in the mandate's work; anything written
# "<Name> region/oblast/district/province" or "Autonomous Oblast" is found too.
COUNTRIES = {
    "Afghanistan",
    "Kyrgyzstan",
    "Kazakhstan",
    "Uzbekistan",
    "Turkmenistan",
    "Tajikistan",
    "Russia",
    "Russian Federation",
    "Ukraine",
    "China",
    "Iran",
    "Pakistan",
    "India",
    "Kenya",
    "Slovenia",
    "Colombia",
    "United Kingdom",
    "United States",
    "UK",
    "US",
    "Croatia",
    "Hungary",
    "Italy",
    "Austria",
    "Serbia",
    "Bosnia and Herzegovina",
    "Montenegro",
    "Mexico",
    "Brazil",
    "Nigeria",
    "Somalia",
    "Sudan",
    "Uganda",
    "Ethiopia",
    "Egypt",
    "Turkey",
    "Belarus",
    "Georgia",
    "Armenia",
    "Azerbaijan",
    "Moldova",
}
_REGION = re.compile(
    r"\b((?:[A-Z][\w-]+\s+){1,2}(?:Autonomous\s+Oblast|Oblast|region|Region"
    r"|Province|province|district|District|Governorate))"
)
_ACRONYM_PLACE = re.compile(r"\b(GBAO)\b")
_CITY_CONTEXT = re.compile(
    r"(?:travelled to|traveled to|visited|based in|in the city of|^)\s*([A-Z][a-z]+)"
    r"(?=,\s+\d{1,2}\s+[A-Z][a-z]+\s+\d{4}|\s+and\s+met)",
    re.M,
)


def find_places(text: str) -> list[str]:
    found: list[tuple[int, str]] = []
    for name in COUNTRIES:
        for m in re.finditer(rf"\b{re.escape(name)}\b", text):
            found.append((m.start(), name))
    for rx in (_REGION, _ACRONYM_PLACE, _CITY_CONTEXT):
        for m in rx.finditer(text):
            found.append((m.start(1), _clean(m.group(1))))
    out = []
    for _, name in sorted(found):
        if name not in out:
            out.append(name)
    return out


def document_entities(paragraphs: list[Paragraph]) -> list[dict]:
    """Every instrument, institution and place in a document, with page and paragraph."""
    seen, out = set(), []
    for p in paragraphs:
        items = [(m.name, "instrument") for m in find_instruments(p.text)]
        items += [(n, "institution") for n in find_institutions(p.text)]
        items += [(n, "place") for n in find_places(p.text)]
        for name, kind in items:
            if (name.lower(), kind) not in seen:
                seen.add((name.lower(), kind))
                out.append({"name": name, "kind": kind, "page": p.page, "paragraph": p.ident})
    return out
