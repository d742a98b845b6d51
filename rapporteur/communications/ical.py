"""The iCalendar feed of reply due dates, for a staff member's calendar application.

The feed travels to a third-party calendar service, so it carries only what the
public report will carry anyway: the reference and the due date. No addressee name
beyond the reference's country code, no person, no case content.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from icalendar import Event

from rapporteur.calendars import new_calendar, new_event

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
    calendar = new_calendar(product_id=PRODUCT_ID, name=calendar_name)
    for item in items:
        calendar.add_component(
            _event(item=item, domain=domain, stamp=generated_at, prefix=summary_prefix)
        )
    return calendar.to_ical()


def _event(*, item: DueDate, domain: str, stamp: datetime, prefix: str) -> Event:
    # A date (not a datetime) makes an all-day event; DTEND is exclusive, so the next day.
    event = new_event(
        uid=event_uid(communication_id=item.communication_id, domain=domain),
        stamp=stamp,
        summary=f"{prefix}: {item.reference}",
        start=item.due_on,
        end=item.due_on + timedelta(days=1),
    )
    event.add("transp", "TRANSPARENT")
    return event
