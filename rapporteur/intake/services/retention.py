"""Deleting what was never taken into a case, after the retention period.

Submissions in a case are kept (the case owns them from then on). Everything else
is deleted ``INTAKE_RETENTION_DAYS`` after it arrived, files included; staff see
what is due within ``INTAKE_RETENTION_WARNING_DAYS`` on the dashboard and inbox.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from rapporteur.audit.services import record
from rapporteur.audit.tags import AuditTag
from rapporteur.intake import store, throttle, uploads
from rapporteur.intake.models import Attachment, Status, Submission


def deletion_cutoff() -> datetime:
    return timezone.now() - timedelta(days=settings.INTAKE_RETENTION_DAYS)


def due_soon() -> QuerySet[Submission]:
    """Submissions that will be deleted within the warning period."""
    warn_from = deletion_cutoff() + timedelta(days=settings.INTAKE_RETENTION_WARNING_DAYS)
    return Submission.objects.exclude(status=Status.IN_CASE).filter(received_at__lt=warn_from)


def warn_before_deletion() -> int:
    """Mark submissions due soon, so the inbox flags them; returns how many are new."""
    return due_soon().filter(retention_warned=False).update(retention_warned=True)


def purge_expired() -> int:
    """Delete expired submissions and their files; then sweep orphaned files and
    abandoned RAM work directories and spent receipt tickets. Returns the number of
    submissions deleted."""
    expired = Submission.objects.exclude(status=Status.IN_CASE).filter(
        received_at__lt=deletion_cutoff()
    )
    ids = list(expired.values_list("pk", flat=True))
    names: list[str] = []
    if ids:
        with transaction.atomic():
            names = list(
                Attachment.objects.filter(submission_id__in=ids).values_list(
                    "stored_name", flat=True
                )
            )
            Submission.objects.filter(pk__in=ids).delete()
            record(tag=AuditTag.INTAKE_RETENTION_DELETED, extras={"submissions": len(ids)})
        # Files go after the commit: a failed transaction must not lose them.
        for name in names:
            store.delete(name)
    store.sweep(known_names=set(Attachment.objects.values_list("stored_name", flat=True)))
    uploads.sweep_abandoned_workdirs()
    throttle.purge()
    return len(ids)
