"""Reading the audit log for the staff browser."""

from __future__ import annotations

from datetime import date, timedelta
from datetime import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from rapporteur.audit.models import AuditEntry


def filtered_entries(
    *,
    actor_id: int | None = None,
    tag_prefix: str = "",
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[AuditEntry]:
    """Entries newest first; ``until`` is inclusive of its whole day."""
    entries = AuditEntry.objects.select_related("actor").order_by("-seq")
    if actor_id is not None:
        entries = entries.filter(actor_id=actor_id)
    if tag_prefix:
        entries = entries.filter(tag__startswith=tag_prefix)
    if since is not None:
        entries = entries.filter(created_at__gte=_start_of(since))
    if until is not None:
        entries = entries.filter(created_at__lt=_start_of(until + timedelta(days=1)))
    return entries


def _start_of(day: date) -> dt:
    return dt(day.year, day.month, day.day, tzinfo=timezone.get_current_timezone())


def no_entries() -> QuerySet[AuditEntry]:
    """What a filter that does not hold (a start after its end) shows: nothing."""
    return AuditEntry.objects.none()
