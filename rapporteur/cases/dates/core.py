"""The uncertain date itself: a value with a precision, its interval, and counting.

A defender's account rarely gives a day. Storing a guessed day would make the counts
lie, so a date here is an *interval* with a precision: ``earliest`` and ``latest`` say
what the source allows, and counting over a window (``classify_in_window``) says
whether an act certainly, possibly or not at all falls inside it.

Conventions (documented in docs/cases-core.md):

* seasons are meteorological and northern-hemisphere: spring = March-May, summer =
  June-August, autumn = September-November, winter = December of the named year to
  the end of February of the next ("winter 2022" = 1 Dec 2022 - 28 Feb 2023);
* ``value`` is normalised to the first day of its month, season or year, so equal
  facts compare equal; for ``APPROXIMATE`` it is the centre, ``margin_days`` either side;
* ``RANGE`` is any other explicit window, ``value`` .. ``until`` ("10-15 March 2022",
  "early March 2022", "Q1 2022"); a window that is exactly one day, month, season or
  year takes that precision instead, so one window has one representation;
* ``BEFORE`` and ``AFTER`` are open on one side: ``value`` is the last (before) or the
  first (after) possible day and the other bound is ``None``: no guessed limit;
* ``UNKNOWN`` has no value and no interval: it is counted apart, never guessed.

``written`` carries the text as the person typed it; it takes no part in equality.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import IntEnum, StrEnum

DEFAULT_MARGIN_DAYS = 15
MAX_MARGIN_DAYS = 366


class Precision(StrEnum):
    EXACT = "exact"
    MONTH = "month"
    SEASON = "season"
    YEAR = "year"
    RANGE = "range"
    APPROXIMATE = "approximate"
    BEFORE = "before"
    AFTER = "after"
    UNKNOWN = "unknown"


class Season(StrEnum):
    SPRING = "spring"
    SUMMER = "summer"
    AUTUMN = "autumn"
    WINTER = "winter"


class Part(IntEnum):
    """A third of a month (days 1-10, 11-20, 21-end), of a year (January-April,
    May-August, September-December) or of a season (its first, second, third month)."""

    EARLY = 1
    MID = 2
    LATE = 3


# First month of each season; winter starts in December of the named year.
SEASON_START_MONTH = {Season.SPRING: 3, Season.SUMMER: 6, Season.AUTUMN: 9, Season.WINTER: 12}


class UncertainDateError(ValueError):
    """Input that is not a date we can represent honestly; the message says why.

    ``str()`` is the English message. Errors a reader of a partner's file can meet also
    carry a ``code`` and the ``params`` of the message, so that the desk can say the
    same in the user's language (this module stays free of Django).
    """

    def __init__(self, message: str, *, code: str = "", **params: object) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


def season_of(month: int) -> Season:
    if month in (3, 4, 5):
        return Season.SPRING
    if month in (6, 7, 8):
        return Season.SUMMER
    if month in (9, 10, 11):
        return Season.AUTUMN
    return Season.WINTER


def _season_start(value: date) -> date:
    # January and February belong to the winter that began the December before.
    season = season_of(value.month)
    year = value.year - 1 if value.month in (1, 2) else value.year
    return date(year, SEASON_START_MONTH[season], 1)


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(value: date, months: int) -> date:
    index = value.year * 12 + value.month - 1 + months
    year, month0 = divmod(index, 12)
    day = min(value.day, calendar.monthrange(year, month0 + 1)[1])
    return date(year, month0 + 1, day)


def _whole_unit(earliest: date, latest: date) -> Precision | None:
    """The precision whose single unit is exactly [earliest, latest], if any."""
    if earliest == latest:
        return Precision.EXACT
    if earliest.day != 1 or latest != month_end(latest.year, latest.month):
        return None
    months = (latest.year - earliest.year) * 12 + latest.month - earliest.month + 1
    if months == 1:
        return Precision.MONTH
    if months == 3 and earliest.month in SEASON_START_MONTH.values():
        return Precision.SEASON
    if months == 12 and earliest.month == 1:
        return Precision.YEAR
    return None


@dataclass(frozen=True, slots=True)
class UncertainDate:
    value: date | None
    precision: Precision
    margin_days: int = 0
    until: date | None = None  # the last day of a RANGE; None otherwise
    written: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        precision = Precision(self.precision)
        if precision is Precision.RANGE:
            precision = self._check_range()
        object.__setattr__(self, "precision", precision)
        if precision is not Precision.RANGE:
            object.__setattr__(self, "until", None)
        if precision is Precision.UNKNOWN:
            if self.value is not None:
                raise UncertainDateError("an unknown date cannot carry a value")
            object.__setattr__(self, "margin_days", 0)
            return
        if self.value is None:
            raise UncertainDateError(f"a date of precision {precision} needs a value")
        object.__setattr__(self, "value", _normalise(self.value, precision))
        if precision is Precision.APPROXIMATE:
            margin = self.margin_days or DEFAULT_MARGIN_DAYS
            if not 0 < margin <= MAX_MARGIN_DAYS:
                raise UncertainDateError(
                    f"margin must be 1-{MAX_MARGIN_DAYS} days, not {margin}",
                    code="margin_range",
                    limit=MAX_MARGIN_DAYS,
                    margin=margin,
                )
            object.__setattr__(self, "margin_days", margin)
        else:
            object.__setattr__(self, "margin_days", 0)

    def _check_range(self) -> Precision:
        if self.value is None or self.until is None:
            raise UncertainDateError("a window needs its first and its last day")
        if self.until < self.value:
            raise UncertainDateError(
                f"the window starts ({self.value}) after it ends ({self.until})"
            )
        return _whole_unit(self.value, self.until) or Precision.RANGE

    @classmethod
    def unknown(cls, written: str = "") -> UncertainDate:
        return cls(None, Precision.UNKNOWN, written=written)

    @classmethod
    def exact(cls, value: date) -> UncertainDate:
        return cls(value, Precision.EXACT)

    @classmethod
    def window(cls, earliest: date, latest: date, written: str = "") -> UncertainDate:
        """[earliest, latest] with the narrowest precision that says exactly that."""
        return cls(earliest, Precision.RANGE, until=latest, written=written)

    @classmethod
    def from_columns(
        cls, *, value: date | None, precision: str, margin: int, latest: date | None
    ) -> UncertainDate:
        """The date as the model stores it (value, precision, margin, latest)."""
        until = latest if precision == Precision.RANGE else None
        return cls(value, Precision(precision), margin, until)

    @property
    def is_known(self) -> bool:
        return self.precision is not Precision.UNKNOWN

    @property
    def not_understood(self) -> bool:
        """Unknown only because the text as written could not be read."""
        return self.precision is Precision.UNKNOWN and bool(self.written.strip())

    @property
    def earliest(self) -> date | None:
        return self._interval()[0]

    @property
    def latest(self) -> date | None:
        return self._interval()[1]

    def _interval(self) -> tuple[date | None, date | None]:
        value = self.value
        if value is None:
            return None, None
        match self.precision:
            case Precision.EXACT:
                return value, value
            case Precision.MONTH:
                return value, month_end(value.year, value.month)
            case Precision.SEASON:
                last = add_months(value, 2)
                return value, month_end(last.year, last.month)
            case Precision.YEAR:
                return value, date(value.year, 12, 31)
            case Precision.RANGE:
                return value, self.until
            case Precision.BEFORE:
                return None, value
            case Precision.AFTER:
                return value, None
            case _:  # APPROXIMATE
                margin = timedelta(days=self.margin_days)
                return value - margin, value + margin

    def overlaps(self, start: date, end: date) -> bool:
        """True when some day of this date's interval lies in [start, end] (inclusive).

        An open bound (before/after) reaches as far as it must. An unknown date
        overlaps nothing: it cannot be placed, so it is never counted in a window
        (``count_in_window`` reports it apart).
        """
        if not self.is_known:
            return False
        earliest, latest = self._interval()
        return (earliest is None or earliest <= end) and (latest is None or latest >= start)

    def within(self, start: date, end: date) -> bool:
        """True when the whole interval lies in [start, end]: the act certainly happened
        then. An open bound is never certainly inside a finite window."""
        earliest, latest = self._interval()
        if earliest is None or latest is None:
            return False
        return start <= earliest and latest <= end

    def to_text(self) -> str:
        """A machine form that ``parse_uncertain_date`` reads back to an equal value."""
        value = self.value
        if value is None:
            return "unknown"
        match self.precision:
            case Precision.EXACT:
                return value.isoformat()
            case Precision.MONTH:
                return value.strftime("%Y-%m")
            case Precision.YEAR:
                return f"{value.year:04d}"
            case Precision.SEASON:
                return f"{season_of(value.month)} {value.year}"
            case Precision.RANGE:
                return f"{value.isoformat()}..{self.until.isoformat()}"  # type: ignore[union-attr]
            case Precision.BEFORE:
                return f"..{value.isoformat()}"
            case Precision.AFTER:
                return f"{value.isoformat()}.."
            case _:
                return f"~{value.isoformat()}±{self.margin_days}"

    def __str__(self) -> str:
        return self.to_text()


def _normalise(value: date, precision: Precision) -> date:
    match precision:
        case Precision.MONTH:
            return value.replace(day=1)
        case Precision.SEASON:
            return _season_start(value)
        case Precision.YEAR:
            return date(value.year, 1, 1)
        case _:
            return value


# --- counting -----------------------------------------------------------------------


class WindowMatch(StrEnum):
    CERTAIN = "certain"  # the whole interval lies inside the window
    POSSIBLE = "possible"  # the interval straddles a window edge
    OUTSIDE = "outside"
    UNDATED = "undated"  # precision unknown: cannot be placed


def classify_in_window(when: UncertainDate, *, start: date, end: date) -> WindowMatch:
    if start > end:
        raise UncertainDateError(f"window starts ({start}) after it ends ({end})")
    if not when.is_known:
        return WindowMatch.UNDATED
    if when.within(start, end):
        return WindowMatch.CERTAIN
    if when.overlaps(start, end):
        return WindowMatch.POSSIBLE
    return WindowMatch.OUTSIDE


@dataclass(frozen=True, slots=True)
class WindowCount:
    certain: int
    possible: int
    undated: int

    @property
    def at_most(self) -> int:
        """Upper bound: certain plus possible (undated acts are never included)."""
        return self.certain + self.possible


def count_in_window(dates: list[UncertainDate], *, start: date, end: date) -> WindowCount:
    """Count acts in [start, end]: the headline figure is ``certain``; ``possible``
    lists those whose interval only overlaps the window ("spring 2022" against a
    window opening on 15 April), so a report can say "20, possibly 23"."""
    tally = dict.fromkeys(WindowMatch, 0)
    for when in dates:
        tally[classify_in_window(when, start=start, end=end)] += 1
    return WindowCount(
        certain=tally[WindowMatch.CERTAIN],
        possible=tally[WindowMatch.POSSIBLE],
        undated=tally[WindowMatch.UNDATED],
    )


def past_months_window(*, months: int, today: date) -> tuple[date, date]:
    """The window "in the past N months" as of ``today``, both ends inclusive:
    from the day after the same calendar day N months back, to today (so 6 months
    to 9 Dec 2022 is 10 Jun - 9 Dec 2022)."""
    if months < 1:
        raise UncertainDateError("a window needs at least one month")
    return add_months(today, -months) + timedelta(days=1), today
