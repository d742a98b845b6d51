"""Periods the statistics count over, and the buckets of a time series.

A period is a closed window of days [start, end]. "The past 6 months" on 5 December
2022 is 1 June - 30 November 2022: whole months that have ended, so that a month
still under way never looks quieter than it will be. The period before it has the
same length and ends the day before it starts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from rapporteur.cases.dates import UncertainDate, in_words
from rapporteur.cases.dates.core import add_months, month_end


class Interval(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"

    @property
    def months(self) -> int:
        return {Interval.MONTH: 1, Interval.QUARTER: 3, Interval.YEAR: 12}[self]


INTERVAL_LABELS = {
    Interval.MONTH: _("By month"),
    Interval.QUARTER: _("By quarter"),
    Interval.YEAR: _("By year"),
}

# A series longer than this is refused: a page of 30 years of months says nothing.
MAX_BUCKETS = 240


class PeriodError(ValueError):
    """A period that cannot be counted over; the message says why, for the reader."""


@dataclass(frozen=True, slots=True)
class Period:
    start: date
    end: date  # included

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise PeriodError(_("The period ends before it starts."))

    @classmethod
    def past_months(cls, months: int, *, today: date) -> Period:
        """The ``months`` whole months that ended before ``today``'s month began."""
        end = today.replace(day=1) - timedelta(days=1)
        return cls(add_months(end.replace(day=1), -(months - 1)), end)

    @property
    def whole_months(self) -> int | None:
        """How many calendar months the period is, when it is exactly whole months."""
        if self.start.day != 1 or self.end != month_end(self.end.year, self.end.month):
            return None
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    def previous(self) -> Period:
        """The period of the same length that ends the day before this one starts:
        the same number of whole months where this one is whole months."""
        months = self.whole_months
        if months is not None:
            return Period(add_months(self.start, -months), self.start - timedelta(days=1))
        return Period(
            self.start - (self.end - self.start) - timedelta(days=1), self.start - timedelta(days=1)
        )

    def in_words(self, language: str) -> str:
        """The period in the date words of the case desk ("June to November 2022")."""
        return in_words(UncertainDate.window(self.start, self.end), language)

    def buckets(self, interval: Interval) -> list[Period]:
        """The calendar months, quarters or years that meet this period, whole: a
        series over 15 March - 30 June by month starts with all of March."""
        first = bucket_start(self.start, interval)
        found: list[Period] = []
        while first <= self.end:
            after = add_months(first, interval.months)
            found.append(Period(first, after - timedelta(days=1)))
            if len(found) > MAX_BUCKETS:
                raise PeriodError(_("That is too many points for one chart: choose a longer step."))
            first = after
        return found


def bucket_start(day: date, interval: Interval) -> date:
    """The first day of the month, quarter or year that holds ``day``."""
    if interval is Interval.YEAR:
        return date(day.year, 1, 1)
    if interval is Interval.QUARTER:
        return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return day.replace(day=1)


def bucket_label(bucket: Period, interval: Interval, language: str) -> str:
    """A point of a series as a reader names it: "2022", "Q2 2022", "March 2022"."""
    if interval is Interval.YEAR:
        return str(bucket.start.year)
    if interval is Interval.QUARTER:
        quarter = (bucket.start.month - 1) // 3 + 1
        return gettext("Q%(quarter)s %(year)s") % {"quarter": quarter, "year": bucket.start.year}
    return bucket.in_words(language)
