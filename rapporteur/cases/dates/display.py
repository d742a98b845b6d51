# ruff: noqa: RUF001, RUF002, RUF003 -- en dashes and Cyrillic words are meant, not look-alikes.
"""Uncertain dates as people write them, in English, Russian and Tajik.

Every label here is read back by ``parse_uncertain_date`` to the same value (the
property tests in ``test_date_round_trip.py`` hold this for every precision, year
and language). A window is named by the shortest form that says exactly it: a part of
a month ("early March 2022"), a quarter, a half or a third of a year, days of one
month ("10–15 March 2022"), whole months, whole years, or two days.

The words come from the gettext catalogues (``cases/locale``), in the language asked
for, whatever language is active: a month has one entry per place in a phrase
(Russian declines it, Tajik joins it to the year with the izofat -и), each phrase one
entry with its year word ("2022 г.", "соли 2022"). They are looked up once per
language and process (``_words``): a case page shows hundreds of dates. A translation
must stay a form the reader knows (``reading_words``): the round-trip tests fail
otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from django.utils.functional import Promise
from django.utils.translation import npgettext, override, pgettext, pgettext_lazy

from rapporteur.cases.dates.core import (
    Part,
    Precision,
    Season,
    UncertainDate,
    UncertainDateError,
    month_end,
    season_of,
)

LANGUAGES = ("en", "ru", "tg")
DASH = "–"  # between numbers or single words
SPACED_DASH = " – "  # between phrases

MONTHS_GENITIVE: tuple[Promise, ...] = (
    # Translators: a month inside a date: "14 March 2022", "early March 2022", "before
    # March 2022". Russian: genitive (марта). Tajik: with the izofat (марти).
    pgettext_lazy("month genitive", "January"),
    pgettext_lazy("month genitive", "February"),
    pgettext_lazy("month genitive", "March"),
    pgettext_lazy("month genitive", "April"),
    pgettext_lazy("month genitive", "May"),
    pgettext_lazy("month genitive", "June"),
    pgettext_lazy("month genitive", "July"),
    pgettext_lazy("month genitive", "August"),
    pgettext_lazy("month genitive", "September"),
    pgettext_lazy("month genitive", "October"),
    pgettext_lazy("month genitive", "November"),
    pgettext_lazy("month genitive", "December"),
)
MONTHS_NOMINATIVE: tuple[Promise, ...] = (
    # Translators: a month named with its year: "March 2022", and the last month of
    # "March–May 2022". Russian: nominative (март). Tajik: with the izofat (марти).
    pgettext_lazy("month nominative", "January"),
    pgettext_lazy("month nominative", "February"),
    pgettext_lazy("month nominative", "March"),
    pgettext_lazy("month nominative", "April"),
    pgettext_lazy("month nominative", "May"),
    pgettext_lazy("month nominative", "June"),
    pgettext_lazy("month nominative", "July"),
    pgettext_lazy("month nominative", "August"),
    pgettext_lazy("month nominative", "September"),
    pgettext_lazy("month nominative", "October"),
    pgettext_lazy("month nominative", "November"),
    pgettext_lazy("month nominative", "December"),
)
MONTHS_ALONE: tuple[Promise, ...] = (
    # Translators: the first month of a span, before a dash: "March" of "March–May 2022".
    # Russian: nominative (март). Tajik: the bare name, without the izofat (март).
    pgettext_lazy("month alone", "January"),
    pgettext_lazy("month alone", "February"),
    pgettext_lazy("month alone", "March"),
    pgettext_lazy("month alone", "April"),
    pgettext_lazy("month alone", "May"),
    pgettext_lazy("month alone", "June"),
    pgettext_lazy("month alone", "July"),
    pgettext_lazy("month alone", "August"),
    pgettext_lazy("month alone", "September"),
    pgettext_lazy("month alone", "October"),
    pgettext_lazy("month alone", "November"),
    pgettext_lazy("month alone", "December"),
)
SEASONS = {
    Season.SPRING: pgettext_lazy("uncertain date", "spring %(years)s"),
    Season.SUMMER: pgettext_lazy("uncertain date", "summer %(years)s"),
    Season.AUTUMN: pgettext_lazy("uncertain date", "autumn %(years)s"),
    Season.WINTER: pgettext_lazy("uncertain date", "winter %(years)s"),
}
PARTS = {
    # Translators: a third of a month, of a year or of a season: "early March 2022".
    Part.EARLY: pgettext_lazy("uncertain date", "early %(period)s"),
    Part.MID: pgettext_lazy("uncertain date", "mid-%(period)s"),
    Part.LATE: pgettext_lazy("uncertain date", "late %(period)s"),
}
QUARTERS = (
    pgettext_lazy("uncertain date", "Q1 %(year)s"),
    pgettext_lazy("uncertain date", "Q2 %(year)s"),
    pgettext_lazy("uncertain date", "Q3 %(year)s"),
    pgettext_lazy("uncertain date", "Q4 %(year)s"),
)
HALVES = (
    pgettext_lazy("uncertain date", "first half of %(year)s"),
    pgettext_lazy("uncertain date", "second half of %(year)s"),
)


@dataclass(frozen=True, slots=True)
class _Words:
    """The date words and phrases of one language, looked up in its catalogue."""

    months_genitive: tuple[str, ...]
    months_nominative: tuple[str, ...]
    months_alone: tuple[str, ...]
    seasons: dict[Season, str]
    parts: dict[Part, str]
    quarters: tuple[str, ...]
    halves: tuple[str, ...]
    unknown: str
    before: str
    after: str
    day: str  # "%(day)s %(month)s %(year)s"
    month: str  # "%(month)s %(year)s"
    year: str
    years: str  # a span of whole years


@cache
def _words(language: str) -> _Words:
    with override(language):
        return _Words(
            months_genitive=tuple(map(str, MONTHS_GENITIVE)),
            months_nominative=tuple(map(str, MONTHS_NOMINATIVE)),
            months_alone=tuple(map(str, MONTHS_ALONE)),
            seasons={season: str(text) for season, text in SEASONS.items()},
            parts={part: str(text) for part, text in PARTS.items()},
            quarters=tuple(map(str, QUARTERS)),
            halves=tuple(map(str, HALVES)),
            unknown=pgettext("uncertain date", "date unknown"),
            before=pgettext("uncertain date", "before %(bound)s"),
            after=pgettext("uncertain date", "after %(bound)s"),
            day=pgettext("uncertain date", "%(day)s %(month)s %(year)s"),
            month=pgettext("uncertain date", "%(month)s %(year)s"),
            year=pgettext("uncertain date", "%(year)s"),
            years=pgettext("uncertain date", "%(first)s–%(last)s"),
        )


@cache
def _about(language: str, margin: int) -> str:
    """The phrase of an approximate date, its unit agreeing with the margin."""
    with override(language):
        return npgettext(
            "uncertain date",
            "about %(day)s (± %(margin)s day)",
            "about %(day)s (± %(margin)s days)",
            margin,
        )


def in_words(when: UncertainDate, language: str) -> str:
    """``when`` in ``language`` ("en", "ru" or "tg"), whatever language is active."""
    if language not in LANGUAGES:
        raise UncertainDateError(f"no date labels for language {language!r}; use en, ru or tg")
    words = _words(language)
    value = when.value
    if value is None:
        return words.unknown
    match when.precision:
        case Precision.EXACT:
            return _day(value, words)
        case Precision.MONTH:
            return _month_of_year(value, words)
        case Precision.YEAR:
            return _year(value.year, words)
        case Precision.SEASON:
            return _season(value, words)
        case Precision.RANGE:
            return _window(value, when.until or value, words)
        case Precision.BEFORE:
            bound = _bound(value + timedelta(days=1), words, starts=True)  # first day out
            return words.before % {"bound": bound}
        case Precision.AFTER:
            bound = _bound(value - timedelta(days=1), words, starts=False)  # last day out
            return words.after % {"bound": bound}
        case _:
            margin = when.margin_days
            return _about(language, margin) % {"day": _day(value, words), "margin": margin}


def month_label(month: int, language: str, *, genitive: bool = False) -> str:
    """A month as it stands before its year ("March 2022"), or inside a date with
    ``genitive`` ("14 March 2022"): the forms differ in Russian."""
    words = _words(language)
    return (words.months_genitive if genitive else words.months_nominative)[month - 1]


def _day(value: date, words: _Words, *, year: bool = True) -> str:
    month = words.months_genitive[value.month - 1]
    if not year:
        return f"{value.day} {month}"
    return words.day % {"day": value.day, "month": month, "year": value.year}


def _month_of_year(value: date, words: _Words, *, genitive: bool = False) -> str:
    months = words.months_genitive if genitive else words.months_nominative
    return words.month % {"month": months[value.month - 1], "year": value.year}


def _year(year: int, words: _Words) -> str:
    return words.year % {"year": year}


def _season(value: date, words: _Words) -> str:
    season = season_of(value.month)
    years = f"{value.year}"
    if season is Season.WINTER:
        years = f"{value.year}/{(value.year + 1) % 100:02d}"
    return words.seasons[season] % {"years": years}


def _bound(day: date, words: _Words, *, starts: bool) -> str:
    """What "before"/"after" points at: the year, month or day that starts (before)
    or ends (after) exactly on ``day``; Russian takes the genitive."""
    if (day.month, day.day) == ((1, 1) if starts else (12, 31)):
        return _year(day.year, words)
    if day == (day.replace(day=1) if starts else month_end(day.year, day.month)):
        return _month_of_year(day, words, genitive=True)
    return _day(day, words)


def _window(first: date, last: date, words: _Words) -> str:
    whole_months = first.day == 1 and last == month_end(last.year, last.month)
    if (first.year, first.month) == (last.year, last.month):
        return _days_of_month(first, last, words)
    if whole_months and first.year == last.year:
        return _months_of_year(first.month, last.month, first.year, words)
    if whole_months and (first.month, last.month) == (1, 12):
        return words.years % {"first": first.year, "last": last.year}
    if whole_months:
        return f"{_month_of_year(first, words)}{SPACED_DASH}{_month_of_year(last, words)}"
    if first.year == last.year:
        return f"{_day(first, words, year=False)}{SPACED_DASH}{_day(last, words)}"
    return f"{_day(first, words)}{SPACED_DASH}{_day(last, words)}"


def _days_of_month(first: date, last: date, words: _Words) -> str:
    last_day = month_end(last.year, last.month).day
    thirds = {(1, 10): Part.EARLY, (11, 20): Part.MID, (21, last_day): Part.LATE}
    if (part := thirds.get((first.day, last.day))) is not None:
        period = _month_of_year(first, words, genitive=True)
        return words.parts[part] % {"period": period}
    return f"{first.day}{DASH}{_day(last, words)}"


def _months_of_year(first: int, last: int, year: int, words: _Words) -> str:
    if last - first == 2 and first % 3 == 1:
        return words.quarters[first // 3] % {"year": year}
    if (first, last) in ((1, 6), (7, 12)):
        return words.halves[first // 7] % {"year": year}
    thirds = {(1, 4): Part.EARLY, (5, 8): Part.MID, (9, 12): Part.LATE}
    if (part := thirds.get((first, last))) is not None:
        return words.parts[part] % {"period": _year(year, words)}
    start = words.months_alone[first - 1]
    return f"{start}{DASH}{_month_of_year(date(year, last, 1), words)}"
