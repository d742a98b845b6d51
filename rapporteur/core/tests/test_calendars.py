"""The shared iCalendar helpers: header, UTC times, all-day dates."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from icalendar import Calendar

from rapporteur.calendars import new_calendar, new_event

STAMP = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
DUSHANBE = timezone(timedelta(hours=5))


def _read(calendar) -> Calendar:
    return Calendar.from_ical(calendar.to_ical())


def test_header_and_optional_name():
    named = _read(new_calendar(product_id="-//Rapporteur//Test//EN", name="Replies due"))
    assert str(named["prodid"]) == "-//Rapporteur//Test//EN"
    assert (str(named["version"]), str(named["calscale"])) == ("2.0", "GREGORIAN")
    assert str(named["x-wr-calname"]) == "Replies due"
    assert "X-WR-CALNAME" not in _read(new_calendar(product_id="-//Rapporteur//Test//EN"))


def test_datetimes_are_written_in_utc_and_dates_stay_all_day():
    calendar = new_calendar(product_id="p")
    start = datetime(2027, 1, 28, 15, 0, tzinfo=DUSHANBE)
    calendar.add_component(
        new_event(uid="a@x", stamp=STAMP, summary="s", start=start, end=start + timedelta(hours=1))
    )
    calendar.add_component(
        new_event(
            uid="b@x", stamp=STAMP, summary="s", start=date(2024, 2, 29), end=date(2024, 3, 1)
        )
    )
    text = calendar.to_ical().decode()
    assert "DTSTART:20270128T100000Z" in text and "DTEND:20270128T110000Z" in text
    assert "DTSTART;VALUE=DATE:20240229" in text and "TZID" not in text
    timed, all_day = _read(calendar).walk("VEVENT")
    assert timed.decoded("dtstart") == start
    assert type(all_day.decoded("dtstart")) is date


@pytest.mark.parametrize("field", ["stamp", "start", "end"])
def test_naive_datetimes_are_refused(field):
    moments = {"stamp": STAMP, "start": STAMP, "end": STAMP + timedelta(hours=1)}
    moments[field] = moments[field].replace(tzinfo=None)
    with pytest.raises(ValueError, match="timezone-aware"):
        new_event(uid="u@x", summary="s", **moments)
