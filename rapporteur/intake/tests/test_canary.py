"""Canary: a unique string in every field and in a file never reaches the
database or the file store in clear, after the submission, a staff reply and a
follow-up. SQLite: every byte of the database image (free pages included);
PostgreSQL: a pg_dump of the test database."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from rapporteur.intake.models import Submission
from rapporteur.testing.intake import (
    MEETING_ANSWERS,
    VALID_ANSWERS,
    database_bytes,
    receipt_in,
    return_with,
    submit,
)
from rapporteur.testing.vault import sign_in_unlocked

CANARY = "Zq8canaryXv"
pytestmark = pytest.mark.django_db(transaction=True)


def _store_bytes(settings) -> list[tuple[str, bytes]]:
    found = []
    for root in (settings.INTAKE_FILE_STORE, settings.INTAKE_RAM_DIR):
        for path in root.rglob("*"):
            if path.is_file():
                found.append((str(path), path.read_bytes()))
    return found


def _assert_no_canary(settings) -> None:
    needles = [CANARY.encode(), CANARY.encode("utf-16-le"), CANARY.lower().encode()]
    database = database_bytes()
    # Positive control: the scan does see clear-text rows (staff names).
    assert b"officer" in database
    for needle in needles:
        assert needle not in database
        for path, data in _store_bytes(settings):
            assert needle not in data, path
            assert CANARY not in path


def test_canary_never_reaches_disk_in_clear(desk, officer, settings):
    answers = {
        name: f"{CANARY}-{name}" if value or name.endswith(("name", "place")) else value
        for name, value in VALID_ANSWERS.items()
        if name
        not in {
            "person_role",
            "act_kind",
            "remedies_tried",
            "consent_to_name",
            "submitter_relation",
            "person_gender",
        }
    }
    files = [
        SimpleUploadedFile(f"{CANARY}.txt", f"file body {CANARY}".encode() * 5000),
        SimpleUploadedFile("notes.bin", CANARY.encode() * 3),
    ]
    receipt = receipt_in(submit(Client(), files=files, **answers))
    meeting = {k: f"{CANARY}-{k}" for k in MEETING_ANSWERS if k != "place_mode"}
    receipt_in(submit(Client(), url_name="intake:meeting", **meeting))
    _assert_no_canary(settings)

    staff = sign_in_unlocked(officer)
    submission = Submission.objects.filter(kind="report").get()
    page = staff.get(reverse("intake_desk:submission", args=[submission.pk])).content.decode()
    assert f"{CANARY}-narrative" in page  # staff can read it
    staff.post(reverse("intake_desk:reply", args=[submission.pk]), {"text": f"reply {CANARY}"})
    staff.post(reverse("intake_desk:note", args=[submission.pk]), {"text": f"note {CANARY}"})
    _assert_no_canary(settings)

    source = Client()
    return_with(source, receipt)
    assert f"reply {CANARY}" in source.get(reverse("intake:conversation")).content.decode()
    source.post(
        reverse("intake:conversation"),
        {
            "text": f"follow-up {CANARY}",
            "attachments": [SimpleUploadedFile(f"more-{CANARY}.txt", CANARY.encode() * 100)],
        },
    )
    _assert_no_canary(settings)
    assert receipt.encode() not in database_bytes()
