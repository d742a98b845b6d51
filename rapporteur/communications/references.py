"""Reference numbers of communications, in the public form of the OHCHR report.

The form is ``<kind> <addressee> <n>/<year>``, e.g. ``UA TJK 3/2022``:

- ``kind`` is UA, AL or OL. A joint communication keeps the same kind in its
  reference; the OHCHR communications report lists the joint mandates beside the
  reference, never inside it. "JUA" is a *label* for lists (see
  :func:`kind_abbreviation`), never part of a reference, so one letter has exactly one
  reference however many mandates sign it.
- ``addressee`` is an ISO 3166-1 alpha-3 code, or ``OTH`` for a non-State addressee
  (company, armed group, international organisation).
- ``n`` counts per addressee and year, shared by all kinds (``AL TJK 2/2022`` then
  ``UA TJK 3/2022``), starting at 1, never reused. The counter lives in the database;
  :func:`next_number` states the rule the database allocation follows.
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import pycountry
from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _

OTHER_ADDRESSEE = "OTH"
# Special procedures have sent communications since the 1980s; anything outside this
# range is a typing error, not history.
FIRST_YEAR = 1980
LAST_YEAR = 2999

_OTHER_NAMES = {
    "en": "Other (non-State addressee)",
    "ru": "Прочие (негосударственный адресат)",
    "tg": "Дигар (суроғагири ғайридавлатӣ)",
}

_REFERENCE = re.compile(r"^(?P<kind>[A-Z]+) (?P<code>[A-Z]{3}) (?P<number>\d+)/(?P<year>\d{4})$")


class Kind(TextChoices):
    """The kind of a communication; its value is its reference's prefix (also the
    stored ``Communication.kind``)."""

    URGENT_APPEAL = "UA", _("Urgent appeal")
    ALLEGATION_LETTER = "AL", _("Allegation letter")
    OTHER_LETTER = "OL", _("Other letter")


class InvalidReference(ValueError):
    """A reference number, or one of its parts, does not follow the public form."""


@dataclass(frozen=True, slots=True)
class Reference:
    kind: Kind
    addressee_code: str
    number: int
    year: int

    def __str__(self) -> str:
        return f"{self.kind} {self.addressee_code} {self.number}/{self.year}"


def format_reference(*, kind: Kind | str, addressee_code: str, number: int, year: int) -> str:
    """Validate every part and return the public form, e.g. ``UA TJK 3/2022``."""
    return str(_validated(kind=kind, addressee_code=addressee_code, number=number, year=year))


def parse_reference(text: str) -> Reference:
    """Parse a reference typed by a person: case and runs of spaces are forgiven,
    anything else (a missing part, an unknown country, "JUA") is an error naming it."""
    normalised = " ".join(text.split()).upper().replace(" / ", "/")
    match = _REFERENCE.match(normalised)
    if match is None:
        raise InvalidReference(
            f"{text!r} is not a reference of the form '<kind> <ISO-3 or OTH> <n>/<year>', "
            "e.g. 'UA TJK 3/2022'."
        )
    return _validated(
        kind=match["kind"],
        addressee_code=match["code"],
        number=int(match["number"]),
        year=int(match["year"]),
    )


def kind_abbreviation(*, kind: Kind | str, joint: bool) -> str:
    """The label of lists and filters: ``JUA`` for a joint urgent appeal. Not a
    reference: the reference of that letter is still ``UA ...``."""
    return f"J{Kind(kind)}" if joint else str(Kind(kind))


def next_number(*, used_numbers: Iterable[int]) -> int:
    """The number for the next communication to one addressee in one year.

    ``used_numbers`` must hold every number ever allocated for that addressee and
    year, including those of withdrawn or cancelled communications: taking the
    maximum, not the first gap, is what makes a number never reused. The database
    version runs this under a lock (or retries on the unique constraint) so two
    sendings at once never get the same number; see docs/communications-core.md.
    """
    return max(used_numbers, default=0) + 1


def is_addressee_code(code: str) -> bool:
    """Exactly three upper-case letters, listed in ISO 3166-1 or ``OTH``. pycountry's
    own lookup ignores case; references are stored in one spelling only."""
    if not (len(code) == 3 and code.isascii() and code.isupper()):
        return False
    return code == OTHER_ADDRESSEE or pycountry.countries.get(alpha_3=code) is not None


def addressee_name(*, code: str, language: str = "en") -> str:
    """The addressee's short name in English, Russian or Tajik (from pycountry's
    bundled ISO 3166 translations), e.g. ``Таджикистан`` for TJK in Russian."""
    if code == OTHER_ADDRESSEE:
        return _OTHER_NAMES.get(language, _OTHER_NAMES["en"])
    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        raise InvalidReference(f"{code!r} is not an ISO 3166-1 alpha-3 code nor 'OTH'.")
    if language == "tg" and code == "TUR":
        return "Туркия"  # the one name pycountry's Tajik catalogue lacks
    common = getattr(country, "common_name", None)
    translations = _translations(language)
    # The Tajik catalogue translates some names only in their official form
    # ("Iran, Islamic Republic of", not "Iran"): take whichever is translated.
    for name in (common, country.name):
        if name and (translated := translations.gettext(name)) != name:
            return translated
    return str(common or country.name)


def addressee_choices(*, language: str = "en") -> list[tuple[str, str]]:
    """Every valid addressee as (code, name), sorted by name, ``OTH`` last."""
    states = sorted(
        (
            (country.alpha_3, addressee_name(code=country.alpha_3, language=language))
            for country in pycountry.countries
        ),
        key=lambda pair: pair[1],
    )
    return [*states, (OTHER_ADDRESSEE, addressee_name(code=OTHER_ADDRESSEE, language=language))]


def _validated(*, kind: Kind | str, addressee_code: str, number: int, year: int) -> Reference:
    try:
        valid_kind = Kind(kind)
    except ValueError:
        joint_hint = (
            " A joint communication keeps its kind (UA, AL, OL) in the reference;"
            " the mandates are listed separately."
            if str(kind).startswith("J")
            else ""
        )
        raise InvalidReference(
            f"Unknown kind {kind!r}: expected UA, AL or OL.{joint_hint}"
        ) from None
    if not is_addressee_code(addressee_code):
        raise InvalidReference(
            f"{addressee_code!r} is not an ISO 3166-1 alpha-3 code nor 'OTH' (non-State)."
        )
    # bool is an int: refuse it explicitly so True never becomes number 1.
    if isinstance(number, bool) or not isinstance(number, int) or number < 1:
        raise InvalidReference(f"The number must be a positive whole number, not {number!r}.")
    if isinstance(year, bool) or not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        raise InvalidReference(f"The year must be between {FIRST_YEAR} and {LAST_YEAR}.")
    return Reference(kind=valid_kind, addressee_code=addressee_code, number=number, year=year)


@cache
def _translations(language: str) -> gettext.NullTranslations:
    # English names are pycountry's own; other languages fall back to English.
    return gettext.translation(
        "iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True
    )
