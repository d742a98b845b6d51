"""The tallies' rebuild, in the background worker: queued by a page that found them
stale (``queue_rebuild``), so that the next page is fast again."""

from __future__ import annotations

from django_tasks import task

from rapporteur.insights import tallies
from rapporteur.schedule import enqueue_unless_waiting


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
