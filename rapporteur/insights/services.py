"""Country reports: asking for one, building it (the worker's side), downloading it.
Every state change writes its row and, where a person acted, its audit entry in one
transaction."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from rapporteur.audit.services import record
from rapporteur.audit.tags import AuditTag
from rapporteur.insights import report
from rapporteur.insights.models import JobState, ReportJob
from rapporteur.insights.periods import Period

if TYPE_CHECKING:
    from rapporteur.accounts.models import User


def request_report(*, acting_user: User, country: str, period: Period, language: str) -> ReportJob:
    """A new report job, queued. The caller enqueues the build (``tasks``) once
    this returns, so that the worker never looks for a row not yet committed."""
    with transaction.atomic():
        job = ReportJob.objects.create(
            requester=acting_user,
            country=country.upper(),
            period_start=period.start,
            period_end=period.end,
            language=language,
        )
        record(
            tag=AuditTag.INSIGHTS_REPORT_REQUESTED,
            actor=acting_user,
            target=job,
            extras={
                "country": job.country,
                "start": period.start.isoformat(),
                "end": period.end.isoformat(),
                "language": language,
            },
        )
    return job


def build_report(*, job_id: int) -> str:
    """The worker's part: compute the figures, recording progress as it goes, and
    mark the job done (or failed, leaving no partial figures). Returns the state.
    A job already built or being built is left alone (a job queued twice)."""
    with transaction.atomic():
        claimed = ReportJob.objects.filter(pk=job_id, state=JobState.QUEUED).update(
            state=JobState.RUNNING, progress=5
        )
    if not claimed:
        return ReportJob.objects.filter(pk=job_id).values_list("state", flat=True).first() or ""
    job = ReportJob.objects.select_related("requester").get(pk=job_id)

    def progress(percent: int) -> None:
        ReportJob.objects.filter(pk=job_id).update(progress=percent)

    try:
        found = report.gather(
            requester=job.requester,
            country=job.country,
            period=Period(job.period_start, job.period_end),
            language=job.language,
            today=timezone.localdate(),
            progress=progress,
        )
    except Exception:
        ReportJob.objects.filter(pk=job_id).update(
            state=JobState.FAILED, finished_at=timezone.now()
        )
        raise
    ReportJob.objects.filter(pk=job_id).update(
        state=JobState.DONE, progress=100, figures=found, finished_at=timezone.now()
    )
    return JobState.DONE


def note_download(*, acting_user: User, job: ReportJob, file_format: str, summaries: int) -> None:
    """One audit entry per download: which job, which format, how many case
    summaries it printed (never which)."""
    record(
        tag=AuditTag.INSIGHTS_REPORT_DOWNLOADED,
        actor=acting_user,
        target=job,
        extras={"format": file_format, "summaries": summaries},
    )
