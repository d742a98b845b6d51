"""Background jobs of the insights: the tallies' rebuild, queued by a page that found
them stale (``queue_rebuild``) so that the next page is fast again; and a country
report's figures.

A report is queued by the report page right after the job row is written; the
database worker (``rapporteur db_worker``) runs it. On the database backend, a queue
entry written inside a transaction commits with it, so the worker never finds a job
whose row is not there yet. The job computes figures only: it holds no key and opens
nothing (``report``)."""

from __future__ import annotations

from django_tasks import task

from rapporteur.insights import services, tallies
from rapporteur.schedule import DAY, enqueue_unless_waiting, periodic


@task()
def rebuild_tallies() -> int:
    """Count every act again unless nothing changed since the last build (several
    stale pages may queue it while one build runs); returns the audit number the
    tallies now count up to."""
    if tallies.is_fresh():
        return 0
    return tallies.rebuild().audit_seq


def queue_rebuild() -> None:
    """Queue a rebuild unless one is already waiting to run."""
    enqueue_unless_waiting(rebuild_tallies)


@task()
def build_country_report(job_id: int) -> str:
    return services.build_report(job_id=job_id)


@periodic(every=DAY)
def purge_old_reports() -> int:
    """Delete report jobs past their retention period (``services.purge_old_reports``)."""
    return services.purge_old_reports()
