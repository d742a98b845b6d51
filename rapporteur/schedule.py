"""Periodic jobs on the database task queue, with no scheduler service.

A periodic job is a django-tasks task declared with ``@periodic(every=...)``. Each time
it runs it first queues its own next run, at the next boundary of its interval: on the
hour, counted in UTC from the Unix epoch (an hourly job at the next full hour, a daily
one at the next midnight UTC). Queuing before the work means that neither a job that
fails nor a worker killed half-way loses the schedule, and the queue shows only whole
hours, never when within the hour anything happened.

The worker's start (``rapporteur db_worker``, core's wrapper of django-tasks-db's
command) calls ``ensure_scheduled``: every enabled job then has exactly one waiting
(READY) run, and a job turned off by its settings has none.

Two workers starting at once, or a job rescheduling itself while a worker starts: the
look for a waiting run and the insert happen in one transaction under one lock, on
PostgreSQL a transaction-level advisory lock, on SQLite the write lock that the
desk's IMMEDIATE transactions take at BEGIN. The second comes after the first has
committed, finds its run waiting and queues nothing.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import connections, router, transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from django_tasks import TaskResultStatus, task
from django_tasks.base import Task

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from django_tasks_db.models import DBTaskResult

HOUR = timedelta(hours=1)
DAY = timedelta(days=1)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# pg_advisory_xact_lock key of the schedule ("rappschd" in ASCII).
LOCK_KEY = 0x72617070_73636864

T = TypeVar("T")


def _always() -> bool:
    return True


@dataclass(frozen=True)
class PeriodicJob:
    task: Task[[], Any]
    every: timedelta
    enabled: Callable[[], bool]

    @property
    def name(self) -> str:
        return self.task.name


_JOBS: dict[str, PeriodicJob] = {}


def periodic(
    *, every: timedelta, enabled: Callable[[], bool] = _always
) -> Callable[[Callable[[], T]], Task[[], T | None]]:
    """Make a task of ``function`` that runs every ``every`` (whole hours) while
    ``enabled()`` says so. Each run queues the next one before doing its work; a run
    that finds its job turned off does nothing and queues nothing."""
    if every < HOUR or every % HOUR:
        raise ValueError("A periodic job runs every whole number of hours.")

    def decorate(function: Callable[[], T]) -> Task[[], T | None]:
        @functools.wraps(function)
        def run() -> T | None:
            if not job.enabled():
                return None
            schedule_next(job)
            return function()

        job = PeriodicJob(task=task()(run), every=every, enabled=enabled)
        _JOBS[job.task.module_path] = job
        return job.task

    return decorate


def periodic_jobs() -> list[PeriodicJob]:
    """Every periodic job of the installed apps (each app's ``tasks`` module)."""
    autodiscover_modules("tasks")
    return list(_JOBS.values())


def next_run(every: timedelta, *, now: datetime) -> datetime:
    """The first boundary of ``every`` after ``now``: whole multiples of the interval
    since the epoch, in UTC, so always on the hour (midnight UTC for a day)."""
    intervals = (now - EPOCH) // every
    return EPOCH + (intervals + 1) * every


def schedule_next(job: PeriodicJob) -> datetime | None:
    """Queue the job's next run unless one is already waiting; returns when it runs.

    Only the database backend keeps a schedule: another backend (ImmediateBackend in a
    test, say) runs a task when it is enqueued, so there is nothing to queue ahead."""
    if not _on_database_backend(job):
        return None
    with _schedule_lock():
        waiting = _waiting(job).values_list("run_after", flat=True).first()
        if waiting is not None:
            return waiting
        return _enqueue(job)


def ensure_scheduled() -> list[tuple[PeriodicJob, datetime | None]]:
    """Every enabled job with exactly one waiting run (queued if missing, duplicates
    removed, the earliest kept); every disabled job with none. Returns each enabled
    job with its next run."""
    scheduled = []
    for job in periodic_jobs():
        if not _on_database_backend(job):
            continue
        with _schedule_lock():
            waiting = list(_waiting(job).order_by("run_after", "enqueued_at", "id"))
            if not job.enabled():
                _waiting(job).filter(pk__in=[run.pk for run in waiting]).delete()
                continue
            if waiting:
                extra = [run.pk for run in waiting[1:]]
                _waiting(job).filter(pk__in=extra).delete()
                scheduled.append((job, waiting[0].run_after))
            else:
                scheduled.append((job, _enqueue(job)))
    return scheduled


def enqueue_unless_waiting(one_off: Task[[], Any]) -> None:
    """Queue ``one_off`` to run now unless a run of it is already waiting, under the
    schedule's lock (two pages asking at once queue one run). On another backend
    than the database's, it runs or queues as that backend does."""
    from django_tasks_db.backend import DatabaseBackend

    if not isinstance(one_off.get_backend(), DatabaseBackend):
        one_off.enqueue()
        return
    with _schedule_lock():
        if not _waiting_runs(one_off).exists():
            one_off.enqueue()


def _enqueue(job: PeriodicJob) -> datetime:
    run_after = next_run(job.every, now=timezone.now())
    job.task.using(run_after=run_after).enqueue()
    return run_after


def _on_database_backend(job: PeriodicJob) -> bool:
    from django_tasks_db.backend import DatabaseBackend

    return isinstance(job.task.get_backend(), DatabaseBackend)


def _waiting(job: PeriodicJob) -> QuerySet[DBTaskResult]:
    return _waiting_runs(job.task)


def _waiting_runs(queued: Task[[], Any]) -> QuerySet[DBTaskResult]:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(
        task_path=queued.module_path,
        backend_name=queued.backend,
        status=TaskResultStatus.READY,
    )


@contextmanager
def _schedule_lock() -> Iterator[None]:
    from django_tasks_db.models import DBTaskResult

    alias = router.db_for_write(DBTaskResult)
    with transaction.atomic(using=alias):
        connection = connections[alias]
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
        # SQLite: the desk's transactions are IMMEDIATE, so BEGIN already holds the
        # database's write lock until this block ends.
        yield
