# ruff: noqa: RUF001, RUF002, RUF003 -- Cyrillic date words are meant, not look-alikes.
"""Uncertain dates: "in spring 2022", "about March 2022", "date unknown".

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
* ``UNKNOWN`` has no value and no interval: it is counted apart, never guessed.

Pure Python, no Django: the model layer stores ``value``, ``precision`` and
``margin_days`` as three columns.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

DEFAULT_MARGIN_DAYS = 15
MAX_MARGIN_DAYS = 366


class Precision(StrEnum):
    EXACT = "exact"
    MONTH = "month"
    SEASON = "season"
    YEAR = "year"
    APPROXIMATE = "approximate"
    UNKNOWN = "unknown"


class Season(StrEnum):
    SPRING = "spring"
    SUMMER = "summer"
    AUTUMN = "autumn"
    WINTER = "winter"


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


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _add_months(value: date, months: int) -> date:
    index = value.year * 12 + value.month - 1 + months
    year, month0 = divmod(index, 12)
    day = min(value.day, calendar.monthrange(year, month0 + 1)[1])
    return date(year, month0 + 1, day)


@dataclass(frozen=True, slots=True)
class UncertainDate:
    value: date | None
    precision: Precision
    margin_days: int = 0

    def __post_init__(self) -> None:
        precision = Precision(self.precision)
        object.__setattr__(self, "precision", precision)
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

    @classmethod
    def unknown(cls) -> UncertainDate:
        return cls(None, Precision.UNKNOWN)

    @classmethod
    def exact(cls, value: date) -> UncertainDate:
        return cls(value, Precision.EXACT)

    @property
    def is_known(self) -> bool:
        return self.precision is not Precision.UNKNOWN

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
                return value, _month_end(value.year, value.month)
            case Precision.SEASON:
                last = _add_months(value, 2)
                return value, _month_end(last.year, last.month)
            case Precision.YEAR:
                return value, date(value.year, 12, 31)
            case _:  # APPROXIMATE
                margin = timedelta(days=self.margin_days)
                return value - margin, value + margin

    def overlaps(self, start: date, end: date) -> bool:
        """True when some day of this date's interval lies in [start, end] (inclusive).

        An unknown date overlaps nothing: it cannot be placed, so it is never counted
        in a window (``count_in_window`` reports it apart).
        """
        earliest, latest = self._interval()
        if earliest is None or latest is None:
            return False
        return earliest <= end and latest >= start

    def within(self, start: date, end: date) -> bool:
        """True when the whole interval lies in [start, end]: the act certainly happened then."""
        earliest, latest = self._interval()
        if earliest is None or latest is None:
            return False
        return start <= earliest and latest <= end

    def display(self, language: str = "en") -> str:
        return _render(self, language)

    def to_text(self) -> str:
        """A machine form that ``parse_uncertain_date`` reads back to an equal value."""
        value = self.value
        match self.precision:
            case Precision.UNKNOWN:
                return "unknown"
            case Precision.EXACT:
                return value.isoformat()  # type: ignore[union-attr]
            case Precision.MONTH:
                return value.strftime("%Y-%m")  # type: ignore[union-attr]
            case Precision.YEAR:
                return f"{value.year:04d}"  # type: ignore[union-attr]
            case Precision.SEASON:
                return f"{season_of(value.month)} {value.year}"  # type: ignore[union-attr]
            case _:
                return f"~{value.isoformat()}±{self.margin_days}"  # type: ignore[union-attr]

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
    return _add_months(today, -months) + timedelta(days=1), today


# --- display ------------------------------------------------------------------------

MONTHS_EN = [calendar.month_name[m] for m in range(1, 13)]
MONTHS_RU_NOM = "январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь"
MONTHS_RU_GEN = "января февраля марта апреля мая июня июля августа сентября октября ноября декабря"
# Tajik month names (Cyrillic Tajik as used in official documents); "марти 2022" is the
# izofat form, read "March of 2022".
MONTHS_TG = "январ феврал март апрел май июн июл август сентябр октябр ноябр декабр"

SEASON_LABELS = {
    "en": {s: s.value for s in Season},
    "ru": {
        Season.SPRING: "весна",
        Season.SUMMER: "лето",
        Season.AUTUMN: "осень",
        Season.WINTER: "зима",
    },
    "tg": {
        Season.SPRING: "баҳор",
        Season.SUMMER: "тобистон",
        Season.AUTUMN: "тирамоҳ",
        Season.WINTER: "зимистон",
    },
}
LANGUAGES = ("en", "ru", "tg")


def _izofat(word: str) -> str:
    # Tajik joins a noun to what follows with -и ("баҳори 2022"); words ending in a
    # vowel take -и after a glide, which none of our month or season words need.
    return f"{word}и"


def _month_label(month: int, language: str, *, genitive: bool = False) -> str:
    if language == "en":
        return MONTHS_EN[month - 1]
    if language == "ru":
        return (MONTHS_RU_GEN if genitive else MONTHS_RU_NOM).split()[month - 1]
    return _izofat(MONTHS_TG.split()[month - 1])


def _day_label(value: date, language: str) -> str:
    month = _month_label(value.month, language, genitive=True)
    if language == "ru":
        return f"{value.day} {month} {value.year} г."
    return f"{value.day} {month} {value.year}"


def _render(when: UncertainDate, language: str) -> str:
    if language not in LANGUAGES:
        raise UncertainDateError(f"no date labels for language {language!r}; use en, ru or tg")
    value = when.value
    if value is None:
        return {"en": "date unknown", "ru": "дата неизвестна", "tg": "сана номаълум"}[language]
    year_suffix = " г." if language == "ru" else ""
    match when.precision:
        case Precision.EXACT:
            return _day_label(value, language)
        case Precision.MONTH:
            return f"{_month_label(value.month, language)} {value.year}{year_suffix}"
        case Precision.YEAR:
            return {"en": f"{value.year}", "ru": f"{value.year} г.", "tg": f"соли {value.year}"}[
                language
            ]
        case Precision.SEASON:
            season = season_of(value.month)
            word = SEASON_LABELS[language][season]
            word = _izofat(word) if language == "tg" else word
            years = f"{value.year}"
            if season is Season.WINTER:
                years = f"{value.year}/{(value.year + 1) % 100:02d}"
            return f"{word} {years}{year_suffix}"
        case _:
            about = {"en": "about", "ru": "около", "tg": "тақрибан"}[language]
            days = {"en": "days", "ru": "дн.", "tg": "рӯз"}[language]
            return f"{about} {_day_label(value, language)} (± {when.margin_days} {days})"


# --- parsing ------------------------------------------------------------------------

UNKNOWN_WORDS = {"", "?", "unknown", "n/a", "неизвестно", "не известно", "номаълум"}
APPROXIMATE_WORDS = (
    "approximately",
    "approx.",
    "approx",
    "around",
    "about",
    "circa",
    "ca.",
    "c.",
    "приблизительно",
    "примерно",
    "около",
    "тақрибан",
    "~",
)
SEASON_WORDS = {
    "spring": Season.SPRING,
    "summer": Season.SUMMER,
    "autumn": Season.AUTUMN,
    "fall": Season.AUTUMN,
    "winter": Season.WINTER,
    "весна": Season.SPRING,
    "весной": Season.SPRING,
    "лето": Season.SUMMER,
    "летом": Season.SUMMER,
    "осень": Season.AUTUMN,
    "осенью": Season.AUTUMN,
    "зима": Season.WINTER,
    "зимой": Season.WINTER,
    "баҳор": Season.SPRING,
    "баҳори": Season.SPRING,
    "тобистон": Season.SUMMER,
    "тобистони": Season.SUMMER,
    "тирамоҳ": Season.AUTUMN,
    "тирамоҳи": Season.AUTUMN,
    "зимистон": Season.WINTER,
    "зимистони": Season.WINTER,
}


def _month_words() -> dict[str, int]:
    words: dict[str, int] = {}
    for index in range(12):
        month = index + 1
        english = MONTHS_EN[index].casefold()
        words[english] = words[english[:3]] = month
        words[MONTHS_RU_NOM.split()[index]] = words[MONTHS_RU_GEN.split()[index]] = month
        tajik = MONTHS_TG.split()[index]
        words[tajik] = words[_izofat(tajik)] = month
    words["sept"] = 9
    return words


MONTH_WORDS = _month_words()

_MARGIN = re.compile(r"\s*(?:±|\+/-|\+-)\s*(\d{1,3})\s*(?:d|days?|дн\.?|дней|рӯз)?\s*$")
_ISO_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DOTTED_DAY = re.compile(r"(\d{1,2})[./](\d{1,2})[./](\d{4})")
_ISO_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_DOTTED_MONTH = re.compile(r"(\d{1,2})[./](\d{4})")
_YEAR = re.compile(r"(\d{4})")
_WORDS = re.compile(r"(?:(\d{1,2})\s+)?(\S+?)\s+(\d{1,2},\s*)?(\d{4})(?:/(\d{2}|\d{4}))?")
# Trailing year words: "2022 г.", "2022 года", "соли 2022" (the prefix is stripped below).
_YEAR_WORDS = re.compile(r"\s*(?:г\.?|года?|year)\s*$")


def parse_uncertain_date(text: str | None) -> UncertainDate:
    """Read a date as staff or partners write it; raise ``UncertainDateError`` if unsure.

    Accepted: ``2022-03-14``, ``14.03.2022`` (day first), ``2022-03``, ``03.2022``,
    ``2022``, ``spring 2022`` / ``весна 2022`` / ``баҳори 2022``, ``March 2022`` /
    ``март 2022`` / ``14 марта 2022 г.``, and any of these after ``~``, ``about``,
    ``около`` or ``тақрибан`` (optionally with ``±10`` days); empty text, ``unknown``,
    ``неизвестно`` and ``номаълум`` give an unknown date. Anything else is an error:
    guessing a date would corrupt the counts.
    """
    original = "" if text is None else str(text)
    cleaned = " ".join(original.replace("\u2009", " ").split()).casefold()
    if cleaned in UNKNOWN_WORDS:
        return UncertainDate.unknown()
    approximate, cleaned = _strip_approximate(cleaned)
    margin: int | None = None
    if approximate and (found := _MARGIN.search(cleaned)):
        margin = int(found.group(1))
        cleaned = cleaned[: found.start()]
    cleaned = _YEAR_WORDS.sub("", cleaned).removeprefix("соли ").strip()
    base = _parse_plain(cleaned, original)
    if not approximate:
        return base
    return _widen(base, margin)


def _strip_approximate(cleaned: str) -> tuple[bool, str]:
    for word in APPROXIMATE_WORDS:
        if cleaned.startswith(word):
            rest = cleaned[len(word) :].strip()
            # "about" must be a whole word, "~" may touch the date.
            if word == "~" or cleaned[len(word) : len(word) + 1] in (" ", ""):
                return True, rest
    return False, cleaned


def _widen(base: UncertainDate, margin: int | None) -> UncertainDate:
    """'About March 2022' is March widened by the default margin on both sides,
    stored as its centre day and a half-width in days."""
    earliest, latest = base.earliest, base.latest
    if earliest is None or latest is None:
        raise UncertainDateError("'about' needs a date after it", code="about_without_date")
    half = (latest - earliest).days // 2
    centre = earliest + timedelta(days=half)
    extra = DEFAULT_MARGIN_DAYS if margin is None else margin
    width = (latest - centre).days + extra
    if width == 0:
        raise UncertainDateError(
            "an approximate date needs a margin of at least one day", code="zero_margin"
        )
    return UncertainDate(centre, Precision.APPROXIMATE, width)


def _make(original: str, year: int, month: int = 1, day: int = 1) -> date:
    try:
        return date(year, month, day)
    except ValueError as error:
        raise UncertainDateError(
            f"{original!r} is not a real date: {error}", code="not_real", value=repr(original)
        ) from None


def _parse_plain(cleaned: str, original: str) -> UncertainDate:
    if found := _ISO_DAY.fullmatch(cleaned):
        y, m, d = (int(g) for g in found.groups())
        return UncertainDate(_make(original, y, m, d), Precision.EXACT)
    if found := _DOTTED_DAY.fullmatch(cleaned):
        d, m, y = (int(g) for g in found.groups())
        return UncertainDate(_make(original, y, m, d), Precision.EXACT)
    if found := _ISO_MONTH.fullmatch(cleaned):
        y, m = (int(g) for g in found.groups())
        return UncertainDate(_make(original, y, m), Precision.MONTH)
    if found := _DOTTED_MONTH.fullmatch(cleaned):
        m, y = (int(g) for g in found.groups())
        return UncertainDate(_make(original, y, m), Precision.MONTH)
    if found := _YEAR.fullmatch(cleaned):
        return UncertainDate(_make(original, int(found.group(1))), Precision.YEAR)
    if found := _WORDS.fullmatch(cleaned):
        return _parse_words(found, original)
    raise UncertainDateError(
        f"cannot read {original!r} as a date; write e.g. 2022-03-14, 2022-03, 2022, "
        "'spring 2022', '~2022-03-14' or 'unknown'",
        code="unreadable",
        value=repr(original),
    )


def _parse_words(found: re.Match[str], original: str) -> UncertainDate:
    day_before, word, day_after, year_text, winter_end = found.groups()
    year = int(year_text)
    word = word.rstrip(".,")
    if word in SEASON_WORDS:
        season = SEASON_WORDS[word]
        if day_before or day_after:
            raise UncertainDateError(
                f"{original!r}: a season cannot have a day", code="season_day", value=repr(original)
            )
        if winter_end and (season is not Season.WINTER or int(winter_end[-2:]) != (year + 1) % 100):
            raise UncertainDateError(
                f"{original!r}: only winter spans two years, e.g. 2022/23",
                code="winter_only",
                value=repr(original),
            )
        return UncertainDate(date(year, SEASON_START_MONTH[season], 1), Precision.SEASON)
    month = MONTH_WORDS.get(word)
    if month is None or winter_end:
        raise UncertainDateError(
            f"{original!r}: {word!r} is not a month or a season",
            code="not_month",
            value=repr(original),
            word=repr(word),
        )
    day = day_before or (day_after.rstrip(", ") if day_after else None)
    if day:
        return UncertainDate(_make(original, year, month, int(day)), Precision.EXACT)
    return UncertainDate(_make(original, year, month), Precision.MONTH)


__all__ = [
    "DEFAULT_MARGIN_DAYS",
    "Precision",
    "Season",
    "UncertainDate",
    "UncertainDateError",
    "WindowCount",
    "WindowMatch",
    "classify_in_window",
    "count_in_window",
    "parse_uncertain_date",
    "past_months_window",
    "season_of",
]
