"""Periodic jobs: each queues its next run on the hour whenever it runs, even when it
fails; the worker's start leaves every enabled job with exactly one waiting run."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import call_command, get_commands
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from rapporteur import schedule
from rapporteur.audit.tasks import anchor_audit_log
from rapporteur.intake.tasks import purge_expired_submissions
from rapporteur.schedule import DAY, HOUR, ensure_scheduled, next_run, periodic_jobs

JOBS = {
    "purge": (purge_expired_submissions, HOUR),
    "anchor": (anchor_audit_log, DAY),
}


@pytest.fixture
def anchoring(settings, tmp_path):
    settings.AUDIT_ANCHOR_TO = tmp_path / "anchors.jsonl"
    settings.AUDIT_ANCHOR_MAIL = []
    return settings.AUDIT_ANCHOR_TO


@pytest.fixture
def no_anchoring(settings):
    settings.AUDIT_ANCHOR_TO = None
    settings.AUDIT_ANCHOR_MAIL = []


def waiting(task) -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(task_path=task.module_path, status="READY"))


def on_the_boundary(moment: datetime, every: timedelta) -> bool:
    return (moment - schedule.EPOCH) % every == timedelta(0)


def let_the_time_come(task) -> None:
    """What the passing hours do: the waiting run becomes due."""
    DBTaskResult.objects.filter(task_path=task.module_path, status="READY").update(
        run_after=timezone.now() - timedelta(seconds=1)
    )


def run_the_worker() -> None:
    """`rapporteur db_worker --batch`: start (and so schedule), run what is due, stop."""
    call_command(
        "db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0, stdout=StringIO()
    )


MOMENTS = [
    datetime(2026, 3, 29, 0, 0, tzinfo=UTC),  # exactly on a day's boundary
    datetime(2026, 3, 29, 0, 59, 59, 999999, tzinfo=UTC),
    datetime(2026, 3, 29, 1, 0, 0, 1, tzinfo=UTC),
    datetime(2026, 10, 25, 23, 30, tzinfo=UTC),  # the last hour of a day
    datetime(2026, 12, 31, 23, 59, 59, tzinfo=UTC),  # the last second of a year
    datetime(2028, 2, 29, 12, 0, tzinfo=UTC),  # a leap day, on the hour
    datetime(2026, 6, 1, 14, 17, 3, tzinfo=timezone.get_fixed_timezone(5 * 60)),  # Dushanbe
]


@pytest.mark.parametrize("every", [HOUR, 3 * HOUR, DAY], ids=["hour", "3 hours", "day"])
@pytest.mark.parametrize("now", MOMENTS, ids=str)
def test_the_next_run_is_the_next_boundary_on_the_hour(now, every):
    run = next_run(every, now=now)
    assert now < run <= now + every
    assert on_the_boundary(run, every)
    assert run.astimezone(UTC).minute == run.second == run.microsecond == 0
    if every == DAY:
        assert run.astimezone(UTC).hour == 0


@pytest.mark.parametrize("every", [timedelta(minutes=30), timedelta(minutes=90), timedelta(0)])
def test_a_period_that_is_not_whole_hours_is_refused(every):
    with pytest.raises(ValueError, match="whole number of hours"):
        schedule.periodic(every=every)


def test_the_desk_has_its_periodic_jobs():
    assert {job.name: job.every for job in periodic_jobs()} == {
        "purge_expired_submissions": HOUR,
        "anchor_audit_log": DAY,
        "purge_old_reports": DAY,
        "back_up_desk": DAY,
    }


def test_the_worker_command_is_the_one_that_schedules():
    assert get_commands()["db_worker"] == "rapporteur.core"


@pytest.mark.django_db
def test_ensure_scheduled_is_idempotent(anchoring):
    before = timezone.now()
    for _ in range(3):
        ensure_scheduled()
    for task, every in JOBS.values():
        (run,) = waiting(task)
        assert run.run_after == next_run(every, now=before) or run.run_after == next_run(
            every, now=timezone.now()
        )
        assert on_the_boundary(run.run_after, every)


@pytest.mark.django_db
def test_duplicate_waiting_runs_are_collapsed_to_the_earliest(no_anchoring):
    soon = next_run(HOUR, now=timezone.now())
    for run_after in (soon + 2 * HOUR, soon, soon + HOUR):
        purge_expired_submissions.using(run_after=run_after).enqueue()
    ensure_scheduled()
    assert [run.run_after for run in waiting(purge_expired_submissions)] == [soon]


@pytest.mark.django_db
def test_anchoring_turned_off_leaves_no_anchor_run_waiting(settings, anchoring):
    ensure_scheduled()
    assert len(waiting(anchor_audit_log)) == 1
    settings.AUDIT_ANCHOR_TO = None
    ensure_scheduled()
    assert waiting(anchor_audit_log) == []
    assert len(waiting(purge_expired_submissions)) == 1


@pytest.mark.django_db
def test_a_run_turned_off_since_it_was_queued_does_nothing_and_queues_nothing(settings, anchoring):
    ensure_scheduled()
    settings.AUDIT_ANCHOR_TO = None
    assert anchor_audit_log.call() is None
    assert not anchoring.exists()
    assert len(waiting(anchor_audit_log)) == 1  # the old one; the worker's start removes it


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("name", JOBS)
def test_each_job_run_by_the_worker_queues_its_next_run_on_the_hour(name, anchoring):
    task, every = JOBS[name]
    run_the_worker()  # its start queues the first run
    (first,) = waiting(task)
    let_the_time_come(task)
    before = timezone.now()
    run_the_worker()
    first.refresh_from_db()
    assert first.status == TaskResultStatus.SUCCESSFUL, first.traceback
    (following,) = waiting(task)
    assert following.run_after in {next_run(every, now=before), next_run(every, now=timezone.now())}
    assert following.run_after > timezone.now()


@pytest.mark.django_db(transaction=True)
def test_a_failing_job_still_queues_its_next_run(monkeypatch, no_anchoring):
    def broken() -> int:
        raise OSError("the file store is not mounted")

    monkeypatch.setattr("rapporteur.intake.services.purge_expired", broken)
    run_the_worker()
    let_the_time_come(purge_expired_submissions)
    run_the_worker()
    failed = DBTaskResult.objects.get(
        task_path=purge_expired_submissions.module_path, status=TaskResultStatus.FAILED
    )
    assert "not mounted" in failed.traceback
    (following,) = waiting(purge_expired_submissions)
    assert following.run_after > timezone.now()
    assert on_the_boundary(following.run_after, HOUR)


@pytest.mark.django_db
def test_another_backend_runs_the_job_at_once_and_queues_nothing(settings, no_anchoring):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    result = purge_expired_submissions.enqueue()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert ensure_scheduled() == []
    assert not DBTaskResult.objects.exists()
