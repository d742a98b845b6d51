"""``rapporteur db_worker``: django-tasks-db's worker, which first makes sure that every
periodic job (``schedule.py``) has its next run queued, so that starting the
worker is all a desk needs for retention and anchoring to run on time.

This command takes the place of django-tasks-db's own because ``rapporteur.core``
comes before ``django_tasks_db`` in ``INSTALLED_APPS`` (the first app wins).
"""

from __future__ import annotations

from typing import Any

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from rapporteur.schedule import ensure_scheduled


class Command(DatabaseWorkerCommand):
    help = "Run the background worker, after queuing the next run of each periodic job."

    def handle(self, *args: Any, **options: Any) -> None:
        for job, run_after in ensure_scheduled():
            if options["verbosity"] and run_after is not None:
                self.stdout.write(
                    f"Periodic job {job.name}: next run {run_after:%Y-%m-%d %H:%M} UTC."
                )
        super().handle(*args, **options)
