"""The meetings calendar file, read back with a parser (as a calendar application would)."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from django.utils import translation
from icalendar import Calendar

from rapporteur.intake import ical

PLACE = 'Office 3; "Rudaki", 45\\B\nsecond floor ' + "Душанбе, проспект Рудаки " * 5


def _meeting(number: int, start: str, *, minutes=None, place="") -> dict:
    return {
        "submission": SimpleNamespace(pk=number),
        "answer": SimpleNamespace(pk=number * 10),
        "start": start,
        "duration_minutes": minutes,
        "place": place,
    }


def _events(text: str) -> list:
    return Calendar.from_ical(text).walk("VEVENT")


def test_times_are_written_in_utc_whatever_zone_was_stored():
    text = ical.calendar(
        meetings=[
            _meeting(1, "2027-01-28T15:00:00+05:00", minutes="45"),
            _meeting(2, "2027-01-28T10:00:00"),  # naive: stored as UTC
        ],
        host="desk.example",
    )
    first, second = _events(text)
    assert first.decoded("dtstart") == datetime(2027, 1, 28, 10, 0, tzinfo=UTC)
    assert first.decoded("dtend") == datetime(2027, 1, 28, 10, 45, tzinfo=UTC)
    assert second.decoded("dtend") == datetime(2027, 1, 28, 11, 0, tzinfo=UTC)  # an hour
    assert "DTSTART:20270128T100000Z" in text and "TZID" not in text


def test_place_reads_back_exactly_and_lines_are_folded():
    text = ical.calendar(
        meetings=[_meeting(3, "2027-01-28T10:00:00+00:00", place=PLACE)], host="desk.example"
    )
    (event,) = _events(text)
    assert str(event["location"]) == PLACE
    assert text.endswith("END:VCALENDAR\r\n") and "\n" not in text.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))


def test_event_carries_time_place_and_number_only():
    text = ical.calendar(
        meetings=[_meeting(4, "2027-01-28T10:00:00+00:00", place="Geneva")], host="desk.example"
    )
    (event,) = _events(text)
    assert set(event) == {"UID", "DTSTAMP", "SUMMARY", "DTSTART", "DTEND", "LOCATION"}
    assert str(event["uid"]) == "meeting-4-40@desk.example"
    assert event.decoded("dtstamp").tzinfo is not None
    without_place = ical.calendar(
        meetings=[_meeting(5, "2027-01-28T10:00:00+00:00")], host="desk.example"
    )
    assert "LOCATION" not in _events(without_place)[0]


@pytest.mark.parametrize(
    ("language", "summary"),
    [("en", "Meeting request 6"), ("ru", "Просьба о встрече 6"), ("tg", "Дархости мулоқот 6")],
)
def test_summary_is_in_the_staff_members_language(language, summary):
    with translation.override(language):
        text = ical.calendar(
            meetings=[_meeting(6, "2027-01-28T10:00:00+00:00")], host="desk.example"
        )
    assert str(_events(text)[0]["summary"]) == summary


def test_no_meetings_is_an_empty_calendar():
    calendar = Calendar.from_ical(ical.calendar(meetings=[], host="desk.example"))
    assert calendar.walk("VEVENT") == []
    assert str(calendar["prodid"]) == ical.PRODUCT_ID and str(calendar["version"]) == "2.0"
