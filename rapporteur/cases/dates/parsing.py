# ruff: noqa: RUF001, RUF002, RUF003 -- Cyrillic date words are meant, not look-alikes.
"""Reading dates as people write them, in English, Russian and Tajik.

The reader peels the text from the outside in: "about" (a margin), then an open bound
("before", "после", "пас аз"), then an explicit window ("10–15 March 2022", "с марта
по май 2022", "аз 10 то 15 марти 2022"), then one unit: a day, a month, a season, a
year, a quarter or half ("Q1 2022", "I квартал 2022", "семоҳаи I 2022"), or a third of
a month, season or year ("mid-March 2022", "начало марта 2022", "охири соли 2021").

A text that reads as none of these is an error, never a guess: guessing would corrupt
the counts. ``read_uncertain_date`` is the lenient door for free text (the act form,
triage): it keeps what it cannot read as written, with precision UNKNOWN.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from datetime import date, timedelta

from rapporteur.cases.dates.core import (
    DEFAULT_MARGIN_DAYS,
    SEASON_START_MONTH,
    Part,
    Precision,
    Season,
    UncertainDate,
    UncertainDateError,
    add_months,
    month_end,
)
from rapporteur.cases.dates.reading_words import (
    AFTER_WORDS,
    APPROXIMATE_WORDS,
    BEFORE_WORDS,
    BY_WORDS,
    FROM_WORDS,
    MONTH_FORMS,
    ORDINAL_STEMS_RU,
    ORDINAL_WORDS,
    PART_WORDS,
    SEASON_WORDS,
    UNKNOWN_WORDS,
)

# Any form of a month, to its number.
_MONTH_WORDS = {form: month for month, forms in MONTH_FORMS.items() for form in forms}
_MARGIN = re.compile(
    r"\s*\(?\s*(?:±|\+/-|\+-)\s*(\d{1,3})\s*(?:d|days?|дн\.?|дней|дня|день|рӯз)?\s*\)?\s*$"
)
_ISO_DAY = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_DOTTED_DAY = re.compile(r"(\d{1,2})[./](\d{1,2})[./](\d{4})")
_ISO_MONTH = re.compile(r"(\d{4})[-/.](\d{1,2})")
_DOTTED_MONTH = re.compile(r"(\d{1,2})[./](\d{4})")
_YEAR = re.compile(r"(\d{4})")
_WORDS = re.compile(r"(?:(\d{1,2})\s+)?(\S+?)\s+(\d{1,2},\s*)?(\d{4})(?:/(\d{2}|\d{4}))?")
# "2022 г.", "2022 года", "2021–2022 гг." lose their year word; "соли 2022", "моҳи
# марти 2022" their "year of"/"month of".
_YEAR_WORDS = re.compile(r"(?<=\d)\s*(?:гг\.?|г\.?|года|году|год)(?!\w)")
_UNIT_WORDS = re.compile(r"(?<!\w)(?:соли|солҳои|моҳи)\s+")
_FILLER = re.compile(r"^(?:in|on|at|during|the|в|во|на|дар)\s+")
_PART = re.compile(
    r"^(?P<part>"
    + "|".join(re.escape(w) for w in sorted(PART_WORDS, key=len, reverse=True))
    + r")(?:\s*-\s*|\s+)(?P<rest>.+)$"
)
_Q_FIRST = re.compile(r"(?P<unit>[qh])(?P<ord>[1-4])\s*[/-]?\s*(?P<year>\d{4})")
_Q_AFTER = re.compile(r"(?P<year>\d{4})\s*[/-]?\s*(?P<unit>[qh])(?P<ord>[1-4])")
_ORDINAL_UNIT = re.compile(
    r"(?P<ord>\S+)\s+(?P<unit>quarter|half|квартал\w*|полугоди\w*|половин\w*)"
    r"(?:\s+of)?\s+(?P<year>\d{4})"
)
_UNIT_ORDINAL = re.compile(r"(?P<unit>семоҳа|нимсола)и?\s+(?P<ord>\S+?)и?\s+(?P<year>\d{4})")
_RANGE_AROUND = re.compile(
    r"^(?:from|between|с|со|от|аз)\s+(?P<left>.+?)\s+(?:to|till|until|and|по|до|и|то)\s+"
    r"(?P<right>.+)$"
)
_RANGE_INNER = re.compile(r"\s+(?:to|по|то)\s+|\s*[–—]\s*|\s*-\s*")


def parse_uncertain_date(text: str | None) -> UncertainDate:
    """Read a date as staff, partners and sources write it; raise ``UncertainDateError``
    (with a ``code``) when unsure.

    Empty text, ``unknown``, ``неизвестно`` and ``номаълум`` give an unknown date. The
    result carries the text as written (``written``), which takes no part in equality.
    """
    original = " ".join(("" if text is None else str(text)).split())
    cleaned = _clean(original)
    if cleaned in UNKNOWN_WORDS:
        return UncertainDate.unknown()
    return dataclasses.replace(_parse(cleaned, original), written=original)


def read_uncertain_date(text: str | None) -> UncertainDate:
    """Like ``parse_uncertain_date``, but a text it cannot read is kept as written,
    with precision UNKNOWN (``not_understood`` is then true): free text from a form or
    a source is never lost, and never silently turned into "unknown"."""
    try:
        return parse_uncertain_date(text)
    except UncertainDateError:
        return UncertainDate.unknown(written=" ".join(str(text or "").split()))


def _clean(original: str) -> str:
    text = original.replace("\u2009", " ").replace("\u00a0", " ").casefold()
    text = text.replace("—", "–").replace("‒", "–")
    text = _UNIT_WORDS.sub("", _YEAR_WORDS.sub("", text))
    return " ".join(text.split()).strip(" ,")


def _strip_prefix(cleaned: str, words: tuple[str, ...]) -> tuple[bool, str]:
    for word in words:
        # Words must end where the word ends ("before", not "beforehand"); "~" may
        # touch the date.
        ends = word == "~" or cleaned[len(word) : len(word) + 1] in (" ", "")
        if cleaned.startswith(word) and ends:
            return True, cleaned[len(word) :].strip()
    return False, cleaned


def _parse(cleaned: str, original: str) -> UncertainDate:
    approximate, rest = _strip_prefix(cleaned, APPROXIMATE_WORDS)
    if approximate:
        margin: int | None = None
        if found := _MARGIN.search(rest):
            margin = int(found.group(1))
            rest = rest[: found.start()]
        if not rest:
            raise UncertainDateError("'about' needs a date after it", code="about_without_date")
        return _widen(_parse(rest, original), margin)
    for words, side in ((FROM_WORDS, "from"), (BY_WORDS, "by"), (BEFORE_WORDS, "before")):
        bounded, rest = _strip_prefix(cleaned, words)
        if bounded:
            return _open_bound(side, _parse(rest, original), original)
    bounded, rest = _strip_prefix(cleaned, AFTER_WORDS)
    if bounded:
        return _open_bound("after", _parse(rest, original), original)
    if ".." in cleaned:
        return _iso_interval(cleaned, original)
    return _window(cleaned, original)


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


def _open_bound(side: str, inner: UncertainDate, original: str) -> UncertainDate:
    """An open bound: "before X" ends the day before X starts, "by X" with X's last day; "after X"
    starts the day after X ends, "not before X" with X's first day. The other side
    stays open (None): no guessed limit enters the counts."""
    earliest, latest = inner.earliest, inner.latest
    if earliest is None or latest is None:
        raise UncertainDateError(
            f"{original!r}: 'before' and 'after' need a date with a beginning and an end",
            code="open_bound",
            value=repr(original),
        )
    try:
        match side:
            case "before":
                return UncertainDate(earliest - timedelta(days=1), Precision.BEFORE)
            case "by":
                return UncertainDate(latest, Precision.BEFORE)
            case "after":
                return UncertainDate(latest + timedelta(days=1), Precision.AFTER)
            case _:
                return UncertainDate(earliest, Precision.AFTER)
    except OverflowError:
        raise UncertainDateError(
            f"{original!r} is not a real date", code="not_real", value=repr(original)
        ) from None


def _iso_interval(cleaned: str, original: str) -> UncertainDate:
    """The machine form of windows and open bounds: "2022-03-01..2022-03-10",
    "..2022-02-28" (until), "2022-04-01.." (from)."""
    left, _, right = (part.strip() for part in cleaned.partition(".."))
    if ".." in right or not (left or right):
        raise _unreadable(original)
    first = _window(left, original) if left else None
    last = _window(right, original) if right else None
    if first is None and last is not None and last.latest is not None:
        return UncertainDate(last.latest, Precision.BEFORE)
    if last is None and first is not None and first.earliest is not None:
        return UncertainDate(first.earliest, Precision.AFTER)
    if first is None or last is None or first.earliest is None or last.latest is None:
        raise _unreadable(original)
    return UncertainDate.window(first.earliest, last.latest)


def _unreadable(original: str) -> UncertainDateError:
    return UncertainDateError(
        f"cannot read {original!r} as a date; write e.g. 2022-03-14, 2022-03, 2022, "
        "'spring 2022', '~2022-03-14' or 'unknown'",
        code="unreadable",
        value=repr(original),
    )


def _window(cleaned: str, original: str) -> UncertainDate:
    """One unit, or else two joined as a window ("10–15 March 2022")."""
    text = cleaned
    while found := _FILLER.match(text):
        text = text[found.end() :]
    try:
        return _unit(text, original)
    except UncertainDateError as error:
        first_error = error
    for left, right in _splits(text):
        try:
            return _joined(left, right, original)
        except UncertainDateError as error:
            # A window whose ends are clearly dates says what is wrong with them.
            if error.code in ("range_backwards", "not_real") and first_error.code == "unreadable":
                first_error = error
    raise first_error


def _splits(text: str) -> Iterator[tuple[str, str]]:
    if found := _RANGE_AROUND.match(text):
        yield found["left"], found["right"]
    for found in _RANGE_INNER.finditer(text):
        yield text[: found.start()].strip(), text[found.end() :].strip()


def _joined(left: str, right: str, original: str) -> UncertainDate:
    """A window from the start of ``left`` to the end of ``right``; ``left`` borrows
    what it leaves out from ``right`` ("10" of "10–15 March 2022", "март" of "с марта
    по май 2022")."""
    end = _unit(right, original)
    anchor, last = end.earliest, end.latest
    if anchor is None or last is None or not left:
        raise _unreadable(original)
    candidates = [left, f"{left} {anchor.year}"]
    if re.fullmatch(r"\d{1,2}", left):
        candidates.append(f"{left}.{anchor.month}.{anchor.year}")
    elif re.fullmatch(r"\d{1,2}[./]\d{1,2}", left):
        candidates.append(f"{left}.{anchor.year}")
    for candidate in candidates:
        try:
            start = _unit(candidate, original)
        except UncertainDateError as error:
            if error.code == "not_real":
                raise
            continue
        if start.earliest is None:
            break
        if start.earliest > last:
            raise UncertainDateError(
                f"{original!r}: the window starts after it ends",
                code="range_backwards",
                value=repr(original),
            )
        return UncertainDate.window(start.earliest, last)
    raise _unreadable(original)


def _make(original: str, year: int, month: int = 1, day: int = 1) -> date:
    try:
        return date(year, month, day)
    except ValueError as error:
        raise UncertainDateError(
            f"{original!r} is not a real date: {error}", code="not_real", value=repr(original)
        ) from None


def _unit(text: str, original: str) -> UncertainDate:
    if found := _ISO_DAY.fullmatch(text):
        y, m, d = (int(g) for g in found.groups())
        return UncertainDate(_make(original, y, m, d), Precision.EXACT)
    if found := _DOTTED_DAY.fullmatch(text):
        d, m, y = (int(g) for g in found.groups())
        return UncertainDate(_make(original, y, m, d), Precision.EXACT)
    if found := _ISO_MONTH.fullmatch(text):
        y, m = (int(g) for g in found.groups())
        return UncertainDate(_make(original, y, m), Precision.MONTH)
    if found := _DOTTED_MONTH.fullmatch(text):
        m, y = (int(g) for g in found.groups())
        return UncertainDate(_make(original, y, m), Precision.MONTH)
    if found := _YEAR.fullmatch(text):
        return UncertainDate(_make(original, int(found.group(1))), Precision.YEAR)
    for pattern in (_Q_FIRST, _Q_AFTER, _ORDINAL_UNIT, _UNIT_ORDINAL):
        if found := pattern.fullmatch(text):
            return _quarter_or_half(found, original)
    if found := _PART.fullmatch(text):
        return _part_of(PART_WORDS[found["part"]], _unit(found["rest"], original), original)
    if found := _WORDS.fullmatch(text):
        return _words(found, original)
    raise _unreadable(original)


def _ordinal(word: str) -> int | None:
    word = word.rstrip(".")
    if word in ORDINAL_WORDS:
        return ORDINAL_WORDS[word]
    if found := re.fullmatch(r"(\d)(?:-?[a-zа-яё]{1,3})?", word):
        return int(found.group(1))
    return next((n for stem, n in ORDINAL_STEMS_RU.items() if word.startswith(stem)), None)


def _quarter_or_half(found: re.Match[str], original: str) -> UncertainDate:
    unit, year = found["unit"], int(found["year"])
    months = 6 if unit in ("h", "half", "нимсола") or unit.startswith(("полугод", "половин")) else 3
    number = _ordinal(found["ord"])
    if number is None or not 1 <= number <= 12 // months:
        raise UncertainDateError(
            f"{original!r}: a year has only {12 // months} of these",
            code="no_such_part",
            value=repr(original),
            count=12 // months,
        )
    first = date(year, (number - 1) * months + 1, 1)
    last = add_months(first, months - 1)
    return UncertainDate.window(first, month_end(last.year, last.month))


def _part_of(part: Part, base: UncertainDate, original: str) -> UncertainDate:
    """Thirds: of a month by days (1-10, 11-20, 21-end), of a year by months (January-
    April, May-August, September-December), of a season by its months."""
    value = base.value
    index = int(part) - 1
    if value is not None and base.precision is Precision.MONTH:
        last = (10, 20, month_end(value.year, value.month).day)[index]
        return UncertainDate.window(value.replace(day=1 + 10 * index), value.replace(day=last))
    if value is not None and base.precision is Precision.YEAR:
        first = date(value.year, 1 + 4 * index, 1)
        end = add_months(first, 3)
        return UncertainDate.window(first, month_end(end.year, end.month))
    if value is not None and base.precision is Precision.SEASON:
        return UncertainDate(add_months(value, index), Precision.MONTH)
    raise UncertainDateError(
        f"{original!r}: early, mid or late go with a month, a season or a year",
        code="part_of",
        value=repr(original),
    )


def _words(found: re.Match[str], original: str) -> UncertainDate:
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
    month = _MONTH_WORDS.get(word)
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
