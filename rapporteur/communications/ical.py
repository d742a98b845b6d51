"""The iCalendar feed of reply due dates, for a staff member's calendar application.

The feed travels to a third-party calendar service, so it carries only what the
public report will carry anyway: the reference and the due date. No addressee name
beyond the reference's country code, no person, no case content.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from icalendar import Calendar, Event

PRODUCT_ID = "-//Rapporteur//Communications due dates//EN"


@dataclass(frozen=True, slots=True)
class DueDate:
    # The communication's primary key (or any identifier that never changes): it makes
    # the UID stable, so a calendar updates the event instead of adding a second one.
    communication_id: str
    reference: str
    due_on: date


def event_uid(*, communication_id: str, domain: str) -> str:
    return f"communication-{communication_id}-reply-due@{domain}"


def due_dates_calendar(
    *,
    items: Iterable[DueDate],
    domain: str,
    generated_at: datetime,
    calendar_name: str = "Replies due",
    summary_prefix: str = "Reply due",
) -> bytes:
    """One all-day event per communication, on its due date.

    ``generated_at`` (timezone-aware) is every event's DTSTAMP; passing it in keeps
    the output reproducible. ``summary_prefix`` lets the app translate the summary.
    """
    if generated_at.tzinfo is None:
        raise ValueError("generated_at must be timezone-aware (DTSTAMP is in UTC).")
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", calendar_name)
    for item in items:
        calendar.add_component(
            _event(item=item, domain=domain, stamp=generated_at, prefix=summary_prefix)
        )
    return calendar.to_ical()


def _event(*, item: DueDate, domain: str, stamp: datetime, prefix: str) -> Event:
    event = Event()
    event.add("uid", event_uid(communication_id=item.communication_id, domain=domain))
    event.add("dtstamp", stamp)
    event.add("summary", f"{prefix}: {item.reference}")
    # A date (not a datetime) makes an all-day event; DTEND is exclusive, so the next day.
    event.add("dtstart", item.due_on)
    event.add("dtend", item.due_on + timedelta(days=1))
    event.add("transp", "TRANSPARENT")
    return event
