"""Background jobs of the insights: building a country report's figures.

Queued by the report page right after the job row is written; the database worker
(``rapporteur db_worker``) runs it. On the database backend, a queue entry written
inside a transaction commits with it, so the worker never finds a job whose row is
not there yet. The job computes figures only: it holds no key and opens nothing
(``report``)."""

from __future__ import annotations

from django_tasks import task

from rapporteur.insights import services


@task()
def build_country_report(job_id: int) -> str:
    return services.build_report(job_id=job_id)
