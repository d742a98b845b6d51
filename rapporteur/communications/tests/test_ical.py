from datetime import UTC, date, datetime, timedelta

import pytest
from icalendar import Calendar

from rapporteur.communications.ical import DueDate, due_dates_calendar, event_uid

STAMP = datetime(2022, 6, 1, 8, 0, tzinfo=UTC)
ITEMS = [
    DueDate(communication_id="41", reference="UA TJK 3/2022", due_on=date(2022, 7, 11)),
    DueDate(communication_id="42", reference="AL OTH 1/2024", due_on=date(2024, 2, 29)),
]


def parse(data: bytes) -> Calendar:
    return Calendar.from_ical(data)


def test_one_all_day_event_per_communication():
    calendar = parse(
        due_dates_calendar(items=ITEMS, domain="rapporteur.example", generated_at=STAMP)
    )
    events = calendar.walk("VEVENT")
    assert [str(e["summary"]) for e in events] == [
        "Reply due: UA TJK 3/2022",
        "Reply due: AL OTH 1/2024",
    ]
    leap = events[1]
    assert leap.decoded("dtstart") == date(2024, 2, 29)
    assert leap.decoded("dtend") == date(2024, 3, 1)
    # A date, not a datetime: calendar applications show it as an all-day event.
    assert type(leap.decoded("dtstart")) is date


def test_calendar_headers():
    calendar = parse(
        due_dates_calendar(items=ITEMS, domain="rapporteur.example", generated_at=STAMP)
    )
    assert str(calendar["version"]) == "2.0"
    assert "Rapporteur" in str(calendar["prodid"])
    assert str(calendar["x-wr-calname"]) == "Replies due"


def test_uid_is_stable_per_communication():
    first = due_dates_calendar(items=ITEMS, domain="rapporteur.example", generated_at=STAMP)
    later = due_dates_calendar(
        items=ITEMS[:1], domain="rapporteur.example", generated_at=STAMP + timedelta(days=3)
    )
    uid = str(parse(first).walk("VEVENT")[0]["uid"])
    assert uid == str(parse(later).walk("VEVENT")[0]["uid"])
    assert uid == event_uid(communication_id="41", domain="rapporteur.example")
    assert len({str(e["uid"]) for e in parse(first).walk("VEVENT")}) == 2


def test_output_is_reproducible():
    make = lambda: due_dates_calendar(items=ITEMS, domain="r.example", generated_at=STAMP)  # noqa: E731
    assert make() == make()


def test_only_reference_and_date_travel():
    calendar = parse(due_dates_calendar(items=ITEMS, domain="r.example", generated_at=STAMP))
    for event in calendar.walk("VEVENT"):
        assert set(event) == {"UID", "DTSTAMP", "SUMMARY", "DTSTART", "DTEND", "TRANSP"}


def test_translated_summary_and_empty_feed():
    data = due_dates_calendar(
        items=ITEMS[:1], domain="r.example", generated_at=STAMP, summary_prefix="Срок ответа"
    )
    assert str(parse(data).walk("VEVENT")[0]["summary"]) == "Срок ответа: UA TJK 3/2022"
    empty = parse(due_dates_calendar(items=[], domain="r.example", generated_at=STAMP))
    assert empty.walk("VEVENT") == []


def test_naive_stamp_is_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        due_dates_calendar(items=ITEMS, domain="r.example", generated_at=datetime(2022, 6, 1))
