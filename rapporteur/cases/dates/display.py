# ruff: noqa: RUF001, RUF002 -- Cyrillic date words are meant, not look-alikes.
"""Uncertain dates as people write them, in English, Russian and Tajik.

Every label here is read back by ``parse_uncertain_date`` to the same value (the
property tests in ``test_date_round_trip.py`` hold this for every precision, year
and language). A window is named by the shortest form that says exactly it: a part of
a month ("early March 2022"), a quarter, a half or a third of a year, days of one
month ("10–15 March 2022"), whole months, whole years, or two days.
"""

from __future__ import annotations

from datetime import date, timedelta

from rapporteur.cases.dates.core import (
    Precision,
    Season,
    UncertainDate,
    UncertainDateError,
    month_end,
    season_of,
)
from rapporteur.cases.dates.words import (
    APPROXIMATE_LABELS,
    BOUND_LABELS,
    DAYS_LABELS,
    LANGUAGES,
    MONTHS_EN,
    MONTHS_RU_GEN,
    MONTHS_RU_NOM,
    MONTHS_TG,
    PART_LABELS,
    ROMAN,
    SEASON_LABELS,
    UNKNOWN_LABELS,
    Part,
    izofat,
)

DASH = "–"  # between numbers or single words
SPACED_DASH = " – "  # between phrases


def render(when: UncertainDate, language: str) -> str:
    if language not in LANGUAGES:
        raise UncertainDateError(f"no date labels for language {language!r}; use en, ru or tg")
    value = when.value
    if value is None:
        return UNKNOWN_LABELS[language]
    match when.precision:
        case Precision.EXACT:
            return _day(value, language)
        case Precision.MONTH:
            return _month_of_year(value, language)
        case Precision.YEAR:
            return _year(value.year, language)
        case Precision.SEASON:
            return _season(value, language)
        case Precision.RANGE:
            return _window(value, when.until or value, language)
        case Precision.BEFORE:
            first_excluded = value + timedelta(days=1)
            return f"{BOUND_LABELS[language][0]} {_bound(first_excluded, language, starts=True)}"
        case Precision.AFTER:
            last_excluded = value - timedelta(days=1)
            return f"{BOUND_LABELS[language][1]} {_bound(last_excluded, language, starts=False)}"
        case _:
            about, days = APPROXIMATE_LABELS[language], DAYS_LABELS[language]
            return f"{about} {_day(value, language)} (± {when.margin_days} {days})"


def _year_suffix(language: str) -> str:
    return " г." if language == "ru" else ""


def month_label(month: int, language: str, *, genitive: bool = False) -> str:
    if language == "en":
        return MONTHS_EN[month - 1]
    if language == "ru":
        return (MONTHS_RU_GEN if genitive else MONTHS_RU_NOM).split()[month - 1]
    return izofat(MONTHS_TG.split()[month - 1])


def _bare_month(month: int, language: str) -> str:
    """A month named before another in a span: "March–May 2022", "март–май", "март–майи"."""
    if language == "tg":
        return MONTHS_TG.split()[month - 1]
    return month_label(month, language)


def _day(value: date, language: str, *, year: bool = True) -> str:
    month = month_label(value.month, language, genitive=True)
    if not year:
        return f"{value.day} {month}"
    return f"{value.day} {month} {value.year}{_year_suffix(language)}"


def _month_of_year(value: date, language: str, *, genitive: bool = False) -> str:
    month = month_label(value.month, language, genitive=genitive)
    return f"{month} {value.year}{_year_suffix(language)}"


def _year(year: int, language: str) -> str:
    return {"en": f"{year}", "ru": f"{year} г.", "tg": f"соли {year}"}[language]


def _season(value: date, language: str) -> str:
    season = season_of(value.month)
    word = SEASON_LABELS[language][season]
    word = izofat(word) if language == "tg" else word
    years = f"{value.year}"
    if season is Season.WINTER:
        years = f"{value.year}/{(value.year + 1) % 100:02d}"
    return f"{word} {years}{_year_suffix(language)}"


def _bound(day: date, language: str, *, starts: bool) -> str:
    """What "before"/"after" points at: the year, month or day that starts (before)
    or ends (after) exactly on ``day``; Russian takes the genitive."""
    if (day.month, day.day) == ((1, 1) if starts else (12, 31)):
        return _year(day.year, language)
    if day == (day.replace(day=1) if starts else month_end(day.year, day.month)):
        return _month_of_year(day, language, genitive=True)
    return _day(day, language)


def _part(part: Part, what: str, language: str) -> str:
    word = PART_LABELS[language][part]
    return f"{word}{what}" if word.endswith("-") else f"{word} {what}"


def _window(first: date, last: date, language: str) -> str:
    whole_months = first.day == 1 and last == month_end(last.year, last.month)
    if (first.year, first.month) == (last.year, last.month):
        return _days_of_month(first, last, language)
    if whole_months and first.year == last.year:
        return _months_of_year(first.month, last.month, first.year, language)
    if whole_months and (first.month, last.month) == (1, 12):
        years = f"{first.year}{DASH}{last.year}"
        return {"en": years, "ru": f"{years} гг.", "tg": f"солҳои {years}"}[language]
    if whole_months:
        start, end = _month_of_year(first, language), _month_of_year(last, language)
        return f"{start}{SPACED_DASH}{end}"
    if first.year == last.year:
        return f"{_day(first, language, year=False)}{SPACED_DASH}{_day(last, language)}"
    return f"{_day(first, language)}{SPACED_DASH}{_day(last, language)}"


def _days_of_month(first: date, last: date, language: str) -> str:
    last_day = month_end(last.year, last.month).day
    thirds = {(1, 10): Part.EARLY, (11, 20): Part.MID, (21, last_day): Part.LATE}
    if (part := thirds.get((first.day, last.day))) is not None:
        return _part(part, _month_of_year(first, language, genitive=True), language)
    return f"{first.day}{DASH}{_day(last, language)}"


def _months_of_year(first: int, last: int, year: int, language: str) -> str:
    if last - first == 2 and first % 3 == 1:
        quarter = ROMAN[(first + 2) // 3]
        return {
            "en": f"Q{(first + 2) // 3} {year}",
            "ru": f"{quarter} квартал {year} г.",
            "tg": f"семоҳаи {quarter} {year}",
        }[language]
    if (first, last) in ((1, 6), (7, 12)):
        half = 1 if first == 1 else 2
        return {
            "en": f"{('first', 'second')[half - 1]} half of {year}",
            "ru": f"{ROMAN[half]} полугодие {year} г.",
            "tg": f"нимсолаи {ROMAN[half]} {year}",
        }[language]
    thirds = {(1, 4): Part.EARLY, (5, 8): Part.MID, (9, 12): Part.LATE}
    if (part := thirds.get((first, last))) is not None:
        return _part(part, _year(year, language), language)
    start = _bare_month(first, language)
    return f"{start}{DASH}{month_label(last, language)} {year}{_year_suffix(language)}"
