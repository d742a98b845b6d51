"""Property: every date the parser can produce reads back from its display, in every
language, and from its machine form: parse(display(x)) == x.

hypothesis is not a dependency; a seeded generator covers every precision over the
years 1990-2030 (the structured windows exhaustively, the free ones at random), so a
failure names its example and reruns identically.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta

import pytest

from rapporteur.cases.dates import Precision, UncertainDate, in_words, parse_uncertain_date
from rapporteur.cases.dates.core import add_months, month_end

YEARS = range(1990, 2031)
FIRST, LAST = date(1990, 1, 1), date(2030, 12, 31)
LANGUAGES = ("en", "ru", "tg")
SAMPLES = 400  # random draws per free-form kind


def _day(rng: random.Random) -> date:
    return FIRST + timedelta(days=rng.randrange((LAST - FIRST).days + 1))


def _month_window(year: int, first: int, count: int) -> UncertainDate:
    start = date(year, first, 1)
    end = add_months(start, count - 1)
    return UncertainDate.window(start, month_end(end.year, end.month))


def structured() -> Iterator[UncertainDate]:
    """Every month, its thirds, every season, year, quarter, half and third of a year."""
    for year in YEARS:
        yield UncertainDate(date(year, 1, 1), Precision.YEAR)
        for month in range(1, 13):
            start = date(year, month, 1)
            yield UncertainDate(start, Precision.MONTH)
            end = month_end(year, month).day
            for first, last in ((1, 10), (11, 20), (21, end)):
                yield UncertainDate.window(start.replace(day=first), start.replace(day=last))
        for month in (3, 6, 9, 12):
            yield UncertainDate(date(year, month, 1), Precision.SEASON)
        for first in (1, 4, 7, 10):
            yield _month_window(year, first, 3)
        for first in (1, 7):
            yield _month_window(year, first, 6)
        for first in (1, 5, 9):
            yield _month_window(year, first, 4)


def free(rng: random.Random) -> Iterator[UncertainDate]:
    """Random days, windows of days, of whole months and of whole years, approximate
    dates with any margin, and open bounds."""
    for _ in range(SAMPLES):
        day = _day(rng)
        yield UncertainDate.exact(day)
        yield UncertainDate.window(day, min(LAST, day + timedelta(days=rng.randrange(1, 1200))))
        months = rng.randrange(1, 40)
        start = day.replace(day=1)
        end = add_months(start, months)
        yield UncertainDate.window(start, month_end(end.year, end.month))
        first_year = rng.choice(YEARS)
        yield UncertainDate.window(
            date(first_year, 1, 1), date(min(2030, first_year + rng.randrange(1, 6)), 12, 31)
        )
        yield UncertainDate(day, Precision.APPROXIMATE, rng.randrange(1, 367))
        yield UncertainDate(day, Precision.BEFORE)
        yield UncertainDate(day, Precision.AFTER)
        # Open bounds at the edges of months and years, which display by name.
        yield UncertainDate(month_end(day.year, day.month), Precision.BEFORE)
        yield UncertainDate(day.replace(day=1), Precision.AFTER)
        yield UncertainDate(date(day.year, 12, 31), Precision.BEFORE)
        yield UncertainDate(date(day.year, 1, 1), Precision.AFTER)


def _all_dates() -> list[UncertainDate]:
    return [*structured(), *free(random.Random(20220315))]


ALL = _all_dates()


def test_the_generator_covers_every_precision():
    assert {d.precision for d in ALL} == set(Precision) - {Precision.UNKNOWN}


@pytest.mark.parametrize("language", LANGUAGES)
def test_display_reads_back_to_the_same_date(language):
    failures = []
    for when in ALL:
        shown = in_words(when, language)
        try:
            again = parse_uncertain_date(shown)
        except ValueError as error:
            failures.append(f"{when!r}: {shown!r} raised {error}")
            continue
        if again != when or (again.earliest, again.latest) != (when.earliest, when.latest):
            failures.append(f"{when!r}: {shown!r} read as {again!r}")
    assert not failures, "\n".join(failures[:20])


def test_machine_form_reads_back_to_the_same_date():
    for when in [*ALL, UncertainDate.unknown()]:
        assert parse_uncertain_date(when.to_text()) == when, when


def test_parsed_dates_read_back_from_their_own_display():
    """The other direction: what the parser makes of people's texts is stable."""
    texts = [
        "начало марта 2022",
        "середина марта 2022",
        "10-15.03.2022",
        "Q1 2022",
        "late 2021",
        "before March 2022",
        "не позднее 15 марта 2022",
        "около 10 марта 2022",
        "2022-04-01..",
        "с марта по май 2022 года",
        "аз 10 то 15 марти 2022",
    ]
    for text in texts:
        parsed = parse_uncertain_date(text)
        for language in LANGUAGES:
            assert parse_uncertain_date(in_words(parsed, language)) == parsed, (text, language)
