"""iCalendar files (RFC 5545) for staff calendar applications, built with ``icalendar``.

Two feeds use it: reply due dates (``communications.ical``) and accepted meetings
(``intake.ical``). A calendar file is copied to phones and synchronised to services
the desk does not control, so each feed decides what little its events carry; this
module only gives them one header and one way to write an event. The library does the
escaping, line folding and date formats that the feeds once wrote by hand.

Times are written in UTC ("...Z"): a calendar converts them to its owner's zone, and
no time zone definition (VTIMEZONE) has to travel with the file.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from icalendar import Calendar, Event


def new_calendar(*, product_id: str, name: str = "") -> Calendar:
    """An empty calendar with the headers every feed sends; ``name`` is the title a
    calendar application shows for a subscription (X-WR-CALNAME), left out when empty."""
    calendar = Calendar()
    calendar.add("prodid", product_id)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if name:
        calendar.add("x-wr-calname", name)
    return calendar


def new_event(
    *,
    uid: str,
    stamp: datetime,
    summary: str,
    start: date | datetime,
    end: date | datetime,
) -> Event:
    """One event. ``uid`` must not change between downloads (a calendar updates the
    event with the same UID instead of adding a second one); ``stamp`` is DTSTAMP.

    A ``date`` start and end make an all-day event (the end is exclusive); a datetime
    must be timezone-aware and is written in UTC.
    """
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", _utc(stamp, "DTSTAMP"))
    event.add("summary", summary)
    event.add("dtstart", _utc(start, "DTSTART"))
    event.add("dtend", _utc(end, "DTEND"))
    return event


def _utc(when: date, what: str) -> date:
    if not isinstance(when, datetime):
        return when
    if when.tzinfo is None:
        raise ValueError(f"{what} must be timezone-aware (it is written in UTC).")
    return when.astimezone(UTC)
