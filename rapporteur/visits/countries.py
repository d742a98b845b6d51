"""Country and place names in the reader's language, from pycountry's ISO 3166 catalogues
(``iso3166-1`` gettext domain: Russian and Tajik are bundled).

Recommending States arrive as names written the UN way ("Iran (Islamic Republic
of)", "United Kingdom of Great Britain and Northern Ireland"), visits and the
tracker know countries by ISO code: both resolve to one ISO 3166 entry, shown by
its short name in the active language. A name that resolves to nothing is shown
as written rather than guessed."""

from __future__ import annotations

import gettext
import re
from functools import cache

import pycountry
from django.utils.translation import get_language

# UN spellings that neither pycountry's names nor its lookup know.
_UN_SPELLINGS = {
    "turkey": "TR",
    "czech republic": "CZ",
    "republic of korea": "KR",
    "democratic people's republic of korea": "KP",
    "republic of moldova": "MD",
    "united republic of tanzania": "TZ",
    "the former yugoslav republic of macedonia": "MK",
    "holy see": "VA",
    "state of palestine": "PS",
    "swaziland": "SZ",
    "cape verde": "CV",
    "libyan arab jamahiriya": "LY",
    "russia": "RU",
    "united states": "US",
    "uk": "GB",
    "us": "US",
}


# Names the bundled catalogues lack (checked over every ISO 3166 entry).
_MISSING = {("tg", "TR"): "Туркия"}


@cache
def _translations(language: str) -> gettext.NullTranslations:
    return gettext.translation(
        "iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True
    )


@cache
def country_code(value: str) -> str | None:
    """The ISO 3166 alpha-2 code of a code or a country name, or None."""
    text = re.sub(r"\s+", " ", value.replace("\u2019", "'")).strip()
    if not text:
        return None
    if text.lower() in _UN_SPELLINGS:
        return _UN_SPELLINGS[text.lower()]
    # "Iran (Islamic Republic of)" is "Iran, Islamic Republic of" in ISO 3166
    text = re.sub(r"^(.+?) \((.+)\)$", r"\1, \2", text)
    try:
        return str(pycountry.countries.lookup(text).alpha_2)
    except LookupError:
        return None


def country_name(value: str, language: str | None = None) -> str:
    """The short name of a country (code or name) in ``language`` (default: the
    active one), e.g. "Словения" for "SI" or "Slovenia" in Russian."""
    code = country_code(value)
    country = pycountry.countries.get(alpha_2=code) if code else None
    if code is None or country is None:
        return value
    language = (language or get_language() or "en").split("-")[0]
    if (language, code) in _MISSING:
        return _MISSING[(language, code)]
    translations = _translations(language)
    for name in (getattr(country, "common_name", None), country.name):
        if name and (translated := translations.gettext(name)) != name:
            return translated
    return str(getattr(country, "common_name", None) or country.name)


def place_variant(text: str, language: str | None = None) -> str:
    """A place (or refused request) as staff wrote it, in ``language``. Staff may
    write "English | Russian | Tajik" on one line; a missing variant falls back to
    Russian for Tajik readers (as the vocabularies do), then to English."""
    parts = [p.strip() for p in text.split("|")]
    if len(parts) == 1:
        return text.strip()
    variants = dict(zip(("en", "ru", "tg"), parts, strict=False))
    language = (language or get_language() or "en").split("-")[0]
    fallbacks = {"tg": ("tg", "ru", "en"), "ru": ("ru", "en")}.get(language, ("en",))
    return next((variants[lang] for lang in fallbacks if variants.get(lang)), parts[0])
