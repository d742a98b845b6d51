"""The content-free "something new arrived" notice, a background job.

The notice says nothing about what arrived, nor when within the hour: it is queued
to run at the next full hour, once however many things arrived meanwhile. Services
queue it (``notify_new_arrival.enqueue()``); this module imports no service.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task
from django_tasks.base import TaskResultStatus

from rapporteur.schedule import HOUR


@task()
def send_new_arrival_notice() -> int:
    """Email staff that something new is waiting; returns the number of recipients."""
    recipients = list(settings.INTAKE_NOTIFY_EMAILS)
    if not recipients:
        return 0
    send_mail(
        subject=_("Something new arrived at the desk"),
        message=_(
            "Something new is waiting in the desk's inbox. Sign in to read it. "
            "This message says nothing more, on purpose."
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=recipients,
        fail_silently=False,
    )
    return len(recipients)


class _Notifier:
    """``notify_new_arrival.enqueue()``: queue one notice for the next full hour,
    unless one is already waiting."""

    def enqueue(self) -> None:
        if not settings.INTAKE_NOTIFY_EMAILS:
            return
        try:
            from django_tasks_db.models import DBTaskResult  # only there with the database backend

            waiting = DBTaskResult.objects.filter(
                task_path=send_new_arrival_notice.module_path, status=TaskResultStatus.READY
            ).exists()
        except ImportError:  # another task backend: no de-duplication needed there
            waiting = False
        if waiting:
            return
        this_hour = timezone.now().replace(minute=0, second=0, microsecond=0)
        with transaction.atomic():
            queued = send_new_arrival_notice.using(run_after=this_hour + HOUR).enqueue()
            _forget_when_queued(queued.id, this_hour)


def _forget_when_queued(result_id: str, hour: datetime) -> None:
    """The queue stamps a job with the exact moment it was queued: here, the moment
    of the hour's first arrival. Keep only the hour (same transaction, so the
    exact moment is never committed)."""
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # another task backend keeps no row here
        return
    DBTaskResult.objects.filter(id=result_id).update(enqueued_at=hour)


notify_new_arrival = _Notifier()
