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
    r"|Optional\s+|Basic\s+|EU\s+|Rome\s+)*"
    r"(?:Declaration|Convention|Covenant|Protocol|Principles|Guidelines|guidelines|Charter|Statute)\s+"
    r"(?:on|of|against|for)\s+(?:the\s+)?" + _TITLE_WORD + r"(?:,?\s+" + _TITLE_WORD + r"){0,12})"
)
_ACRONYMS = re.compile(
    r"\b(ICCPR|ICESCR|CEDAW|OP-CEDAW|CAT|OP-CAT|CRC|OP-CRC-SC|OP-CRC-AC|CRPD|ICERD|ICRMW|CED|ICCPR-OP2)\b"
)


# The core UN human rights treaties by their full names, with the ways documents
# shorten them (acronym, or the distinctive part of the title). A mention is shown
# by the full name, so "ICRMW" and "the Covenant on Economic, Social and Cultural
# Rights" read the same on every page.
TREATIES = {
    "ICCPR": (
        "International Covenant on Civil and Political Rights",
        r"ICCPR|(?:International\s+)?Covenant\s+on\s+Civil\s+and\s+Political\s+Rights",
    ),
    "ICESCR": (
        "International Covenant on Economic, Social and Cultural Rights",
        r"ICESCR|(?:International\s+)?Covenant\s+on\s+Economic,?\s+Social\s+and\s+Cultural\s+Rights",
    ),
    "ICERD": (
        "International Convention on the Elimination of All Forms of Racial Discrimination",
        r"I?CERD|(?:International\s+)?Convention\s+on\s+the\s+Elimination\s+of\s+"
        r"(?:All\s+Forms\s+of\s+)?Racial\s+Discrimination",
    ),
    "CEDAW": (
        "Convention on the Elimination of All Forms of Discrimination against Women",
        r"CEDAW|Convention\s+on\s+the\s+Elimination\s+of\s+(?:All\s+Forms\s+of\s+)?"
        r"Discrimination\s+against\s+Women",
    ),
    "CAT": (
        "Convention against Torture and Other Cruel, Inhuman or Degrading Treatment or Punishment",
        r"CAT|(?:UN\s+|United\s+Nations\s+)?Convention\s+against\s+Torture"
        r"(?:\s+and\s+Other\s+Cruel,?\s+Inhuman\s+or\s+Degrading\s+Treatment\s+or\s+Punishment)?",
    ),
    "CRC": (
        "Convention on the Rights of the Child",
        r"CRC|(?:Convention\s+on\s+)?the\s+Rights\s+of\s+the\s+Child",
    ),
    "ICRMW": (
        "International Convention on the Protection of the Rights of All Migrant Workers "
        "and Members of Their Families",
        r"ICRMW|MWC|(?:International\s+)?Convention\s+on\s+the\s+Protection\s+of\s+the\s+"
        r"Rights\s+of\s+All\s+Migrant\s+Workers(?:\s+and\s+Members\s+of\s+Their\s+Families)?",
    ),
    "CRPD": (
        "Convention on the Rights of Persons with Disabilities",
        r"CRPD|Convention\s+on\s+the\s+Rights\s+of\s+Persons\s+with\s+Disabilities",
    ),
    "CED": (
        "International Convention for the Protection of All Persons from Enforced Disappearance",
        r"CED|ICPPED|(?:International\s+)?Convention\s+for\s+the\s+Protection\s+of\s+All\s+"
        r"Persons\s+from\s+Enforced\s+Disappearances?",
    ),
}
# An optional protocol named before the treaty ("Optional Protocol to the ...",
# "OP-CAT"), and the three protocols of the CRC told apart by their subject.
_OPTIONAL = (
    r"(?P<op>(?:(?P<ordinal>first|second|First|Second)\s+)?"
    r"[Oo]ptional\s+[Pp]rotocols?\s+(?:to|of)\s+(?:the\s+)?)"
)
_TREATY = re.compile(
    rf"(?:{_OPTIONAL}|(?P<opacr>OP-))?(?:"
    + "|".join(rf"(?P<{key}>\b(?:{pattern})\b)" for key, (_, pattern) in TREATIES.items())
    + r")(?:-(?P<suffix>OP\d|SC|AC|IC))?"
)
_CRC_PROTOCOLS = {
    "AC": ("armed conflict", "on the involvement of children in armed conflict"),
    "SC": ("sale of children", "on the sale of children, child prostitution and child pornography"),
    "IC": ("communications procedure", "on a communications procedure"),
}


def _treaty_name(m: re.Match, text: str) -> str:
    key = next(k for k in TREATIES if m.group(k))
    full = TREATIES[key][0]
    suffix = m.group("suffix") or ""
    if not (m.group("op") or m.group("opacr") or suffix):
        return full
    if key == "ICCPR" and ((m.group("ordinal") or "").lower() == "second" or suffix == "OP2"):
        return (
            f"Second Optional Protocol to the {full}, aiming at the abolition of the death penalty"
        )
    name = f"Optional Protocol to the {full}"
    if key == "CRC":
        after = text[m.end() : m.end() + 120].lower()
        for code, (subject, title) in _CRC_PROTOCOLS.items():
            if suffix == code or subject in after:
                return f"{name} {title}"
    return name


_RATIFY_BEFORE = re.compile(r"(ratif|accede|accession|sign)\w*\W+(?:\w+\W+){0,3}$", re.I)


def _treaties(text: str) -> list[tuple[Mention, tuple[int, int]]]:
    found = []
    for m in _TREATY.finditer(text):
        # "CAT" alone is also the Committee against Torture ("CAT urged ..."): only
        # after "ratify", "accede" or "sign" is it read as the treaty
        if (
            m.group("CAT") == "CAT"
            and not (m.group("op") or m.group("opacr"))
            and not _RATIFY_BEFORE.search(text[max(0, m.start() - 60) : m.start()])
        ):
            continue
        found.append((Mention(_treaty_name(m, text), "instrument", m.start()), m.span()))
    return found


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
    treaties = _treaties(text)
    found.extend(mention for mention, _span in treaties)

    def within_a_treaty(start: int, end: int) -> bool:
        return any(a < end and start < b for _m, (a, b) in treaties)

    for m in _INTL.finditer(text):
        if not within_a_treaty(*m.span(1)):
            found.append(Mention(_clean(m.group(1)), "instrument", m.start()))
    for m in _ACRONYMS.finditer(text):
        if m.group(1) not in TREATIES and not within_a_treaty(*m.span(1)):
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
