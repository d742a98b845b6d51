"""Regions of a country (first-level subdivisions), by their ISO 3166-2 code.

An act's region is counted and mapped by one code ("TJ-SU", "CO-NAR"), whatever form
gave it: a term of the desk's ``regions`` list (local codes ``LREG-<ISO 3166-2>``, with
Russian and Tajik labels) or a region written in an imported file ("Nariño",
"Согдийская область"), matched against the subdivisions pycountry lists for the
act's country. A text that names no subdivision leaves the code empty: the act is
counted under "region not recorded", never guessed into the nearest one.
"""

from __future__ import annotations

import gettext
from collections.abc import Iterable
from functools import cache

import pycountry
from django.utils.translation import get_language

from rapporteur.cases import names
from rapporteur.cases.models import Term

LOCAL_PREFIX = "LREG-"

# Words a region's name carries around its proper name ("Sughd Region", "Согдийская
# область", "Departamento de Nariño"): left out when names are compared.
_GENERIC_WORDS = {
    names.skeleton(word)
    for word in (
        "region", "province", "department", "departamento", "de", "del", "oblast",
        "область", "вилояти", "вилоят", "district", "autonomous",
    )
}  # fmt: skip


def code_of_term(term: Term | None) -> str:
    """The ISO 3166-2 code a ``regions`` term stands for, or "" (a local term the
    desk added for a place that is no subdivision)."""
    if term is None or not term.code.startswith(LOCAL_PREFIX):
        return ""
    code = term.code.removeprefix(LOCAL_PREFIX)
    return code if pycountry.subdivisions.get(code=code) is not None else ""


def _key(text: str) -> str:
    words = [names.skeleton(w) for w in names.normalise(text).split()]
    return " ".join(w for w in words if w and w not in _GENERIC_WORDS)


def _label_keys(term: Term) -> set[str]:
    """A term's labels as keys: whole, without a parenthesis, and the parenthesis
    alone ("Gorno-Badakhshan Autonomous Region (GBAO)" is also "GBAO")."""
    keys = set()
    for label in (term.label_en, term.label_ru, term.label_tg):
        head, _, rest = label.partition("(")
        keys |= {_key(label), _key(head), _key(rest.partition(")")[0])}
    return keys - {""}


@cache
def _keys_of_country(country: str) -> dict[str, str]:
    """Name keys of every subdivision of ``country`` (English and local names)."""
    keyed: dict[str, str] = {}
    for sub in pycountry.subdivisions.get(country_code=country.upper()) or []:
        if sub.parent_code:  # first level only: a district is no region
            continue
        keyed[_key(sub.name)] = sub.code
        for language in ("ru",):
            keyed[_key(_translations(language).gettext(sub.name))] = sub.code
    keyed.pop("", None)
    return keyed


def code_of_text(country: str, text: str) -> str:
    """The ISO 3166-2 code of the region ``text`` names in ``country``, or ""."""
    key = _key(text)
    if not key or not country:
        return ""
    for term in Term.objects.filter(list_name="regions", code__startswith=LOCAL_PREFIX):
        if key in _label_keys(term):
            code = code_of_term(term)
            if code.startswith(f"{country.upper()}-"):
                return code
    keyed = _keys_of_country(country)
    if key in keyed:
        return keyed[key]
    # "Bogotá" for "Distrito Capital de Bogotá": the words of one subdivision only.
    within = {code for name, code in keyed.items() if f" {key} " in f" {name} "}
    return within.pop() if len(within) == 1 else ""


@cache
def _translations(language: str) -> gettext.NullTranslations:
    return gettext.translation(
        "iso3166-2", pycountry.LOCALES_DIR, languages=[language], fallback=True
    )


def region_names(codes: Iterable[str], language: str | None = None) -> dict[str, str]:
    """Each region's name in ``language`` (default: the active one): the desk's own
    label where its ``regions`` list has the code, else the ISO name, translated where
    pycountry can (Tajik readers get Russian, as for terms); an unknown code stays as
    it is. One query, whatever the number of codes."""
    language = (language or get_language() or "en")[:2]
    codes = set(codes)
    local = {
        term.code.removeprefix(LOCAL_PREFIX): term.label(language)
        for term in Term.objects.filter(
            list_name="regions", code__in=[f"{LOCAL_PREFIX}{c}" for c in codes]
        )
    }
    iso = _translations("ru" if language == "tg" else language)
    found: dict[str, str] = {}
    for code in codes:
        sub = pycountry.subdivisions.get(code=code)
        found[code] = local.get(code) or (iso.gettext(sub.name) if sub else code)
    return found
