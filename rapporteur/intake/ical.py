"""Accepted meetings as an iCalendar file (RFC 5545), for staff calendars.

Deliberately sparse: a calendar file is copied to phones and synchronised to
services the desk does not control, so it carries the time, the place the desk
chose and a request number, never the requester's name or topic.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from django.utils import timezone


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    # Lines longer than 75 octets are folded with CRLF + space.
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > 74:
            parts.append(current.decode("utf-8"))
            current = b""
        current += encoded
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar(*, meetings: list[dict[str, Any]], host: str) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Rapporteur//Desk meetings//EN",
        "CALSCALE:GREGORIAN",
    ]
    now = _stamp(timezone.now())
    for meeting in meetings:
        start = datetime.fromisoformat(meeting["start"])
        if timezone.is_naive(start):
            start = timezone.make_aware(start, UTC)
        end = start + timedelta(minutes=int(meeting.get("duration_minutes") or 60))
        number = meeting["submission"].pk
        lines += [
            "BEGIN:VEVENT",
            f"UID:meeting-{number}-{meeting['answer'].pk}@{host}",
            f"DTSTAMP:{now}",
            f"DTSTART:{_stamp(start)}",
            f"DTEND:{_stamp(end)}",
            _fold(f"SUMMARY:{_escape(f'Meeting request {number}')}"),
        ]
        if meeting.get("place"):
            lines.append(_fold(f"LOCATION:{_escape(meeting['place'])}"))
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"
