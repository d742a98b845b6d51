"""Accepted meetings as an iCalendar file (RFC 5545), for staff calendars.

Deliberately sparse: a calendar file is copied to phones and synchronised to
services the desk does not control, so it carries the time, the place the desk
chose and a request number, never the requester's name or topic.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext

from rapporteur.calendars import new_calendar, new_event

PRODUCT_ID = "-//Rapporteur//Desk meetings//EN"


def calendar(*, meetings: list[dict[str, Any]], host: str) -> str:
    """The calendar file's text; the summary is in the active language."""
    feed = new_calendar(product_id=PRODUCT_ID)
    now = timezone.now()
    for meeting in meetings:
        start = datetime.fromisoformat(meeting["start"])
        if timezone.is_naive(start):
            start = timezone.make_aware(start, UTC)
        number = meeting["submission"].pk
        event = new_event(
            uid=f"meeting-{number}-{meeting['answer'].pk}@{host}",
            stamp=now,
            summary=f"{gettext('Meeting request')} {number}",
            start=start,
            end=start + timedelta(minutes=int(meeting.get("duration_minutes") or 60)),
        )
        if meeting.get("place"):
            event.add("location", meeting["place"])
        feed.add_component(event)
    return feed.to_ical().decode("utf-8")
