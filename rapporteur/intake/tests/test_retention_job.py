"""The hourly retention job deletes what is past the retention period, with its files,
and expired sessions: the same work as `rapporteur intake purge`, with nobody to run it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings as dj_settings
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from django_tasks import TaskResultStatus

from rapporteur.intake.models import Submission
from rapporteur.intake.tasks import purge_expired_submissions
from rapporteur.testing.intake import receipt_in, return_with, submit

pytestmark = pytest.mark.django_db


def test_the_job_deletes_expired_submissions_their_files_and_expired_sessions(desk, settings):
    # django-tasks' ImmediateBackend runs the job as it is enqueued, as the worker would.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    submit(Client(), files=[SimpleUploadedFile("a.txt", b"old file")])
    expired = Submission.objects.get()
    kept = receipt_in(submit(Client()))
    long_ago = timezone.now() - timedelta(days=settings.INTAKE_RETENTION_DAYS + 1)
    Submission.objects.filter(pk=expired.pk).update(received_at=long_ago)
    live, gone = Client(), Client()
    return_with(live, kept)
    return_with(gone, kept)
    gone_key = gone.cookies[dj_settings.SESSION_COOKIE_NAME].value
    Session.objects.filter(session_key=gone_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    store = settings.INTAKE_FILE_STORE
    assert any(path.is_file() for path in store.rglob("*"))

    result = purge_expired_submissions.enqueue()

    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == 1
    assert not Submission.objects.filter(pk=expired.pk).exists()
    assert Submission.objects.count() == 1
    assert not any(path.is_file() for path in store.rglob("*"))
    assert not Session.objects.filter(session_key=gone_key).exists()
    assert Session.objects.filter(
        session_key=live.cookies[dj_settings.SESSION_COOKIE_NAME].value
    ).exists()


def test_the_job_removes_abandoned_parts_of_every_file_store(desk, settings, tmp_path):
    from rapporteur.intake.services.retention import purge_expired
    from rapporteur.vault import storage

    settings.CASES_FILE_STORE = tmp_path / "cases"
    settings.COMMUNICATIONS_FILE_STORE = tmp_path / "replies"
    parts = []
    for store in storage.AREAS:
        (store.root() / "incoming").mkdir(parents=True, exist_ok=True)
        parts.append(store.root() / "incoming" / f"{'b' * 32}.part")
        parts[-1].write_bytes(b"ciphertext whose writer died")

    purge_expired()

    assert not any(part.exists() for part in parts)
