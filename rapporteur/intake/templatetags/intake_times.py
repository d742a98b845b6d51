"""Meeting times in the desk's zone with the date in words (see intake/times.py)."""

from __future__ import annotations

from datetime import datetime

from django import template

from rapporteur.intake.times import meeting_time as _meeting_time

register = template.Library()


@register.filter
def meeting_time(value: str | datetime | None) -> str:
    return _meeting_time(value)
