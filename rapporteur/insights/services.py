"""Writes of the insights, each with its audit entry: a file of figures leaving the
desk, a table published on or withdrawn from the public statistics page, and a
country report asked for, built (the worker's side) and downloaded. Every state
change writes its row and, where a person acted, its audit entry in one
transaction."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from rapporteur.accounts.models import User
from rapporteur.audit.services import record, save_and_record
from rapporteur.audit.tags import AuditTag
from rapporteur.insights import publication, report
from rapporteur.insights.models import JobState, PublishedTable, ReportJob
from rapporteur.insights.periods import Period


def note_export(*, acting_user: User, slug: str, year: int, file_format: str) -> None:
    """A suppressed table was downloaded: figures left the desk."""
    record(
        tag=AuditTag.INSIGHTS_TABLE_EXPORTED,
        actor=acting_user,
        extras={"table": slug, "year": year, "format": file_format},
    )


def publish_table(*, acting_user: User, slug: str, year: int) -> PublishedTable:
    """Put a table on the public page, frozen as it is now. A table already there
    stays as it was published: a second version of the same table would let a reader
    subtract one from the other."""
    if slug not in publication.TABLES:
        raise ValueError(slug)
    with transaction.atomic():
        existing = PublishedTable.objects.filter(slug=slug, year=year).first()
        if existing is not None:
            return existing
        table = PublishedTable(
            slug=slug, year=year, figures=publication.snapshot(slug, year), published_by=acting_user
        )
        save_and_record(
            table,
            tag=AuditTag.INSIGHTS_TABLE_PUBLISHED,
            actor=acting_user,
            extras={"table": slug, "year": year},
        )
    return table


def withdraw_table(*, acting_user: User, table: PublishedTable) -> None:
    """Take a table off the public page."""
    with transaction.atomic():
        record(
            tag=AuditTag.INSIGHTS_TABLE_WITHDRAWN,
            actor=acting_user,
            target=table,
            extras={"table": table.slug, "year": table.year},
        )
        table.delete()


# ------------------------------------------------------------------ country reports


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


def purge_old_reports(*, now: datetime | None = None) -> int:
    """Delete report jobs that finished (or failed) more than the retention period
    ago (``INSIGHTS_REPORT_RETENTION_DAYS``), with one audit entry saying how many;
    a job still queued or running is left alone. Returns the number deleted."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.INSIGHTS_REPORT_RETENTION_DAYS)
    with transaction.atomic():
        old = ReportJob.objects.filter(
            state__in=[JobState.DONE, JobState.FAILED], finished_at__lt=cutoff
        )
        deleted, _by_model = old.delete()
        if deleted:
            record(tag=AuditTag.INSIGHTS_REPORTS_EXPIRED, extras={"jobs": deleted})
    return deleted


def note_download(*, acting_user: User, job: ReportJob, file_format: str, summaries: int) -> None:
    """One audit entry per download: which job, which format, how many case
    summaries it printed (never which)."""
    record(
        tag=AuditTag.INSIGHTS_REPORT_DOWNLOADED,
        actor=acting_user,
        target=job,
        extras={"format": file_format, "summaries": summaries},
    )
