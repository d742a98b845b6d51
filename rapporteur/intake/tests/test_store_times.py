"""The file store keeps no exact time of a submission: every file and folder it
writes carries the start of the hour, as the database does."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from rapporteur.testing.intake import receipt_in, submit

pytestmark = pytest.mark.django_db


def test_stored_files_and_folders_carry_only_the_hour(desk, settings):
    files = [SimpleUploadedFile(f"note-{i}.txt", b"what happened") for i in range(3)]
    receipt_in(submit(Client(), files=files))
    paths = [settings.INTAKE_FILE_STORE, *settings.INTAKE_FILE_STORE.rglob("*")]
    stored = [p for p in paths if p.is_file()]
    assert len(stored) == 3
    # Modification times (access times change with every later read; the operations
    # guide mounts the data folder with noatime).
    for path in paths:
        assert path.stat().st_mtime % 3600 == 0, path.relative_to(settings.INTAKE_FILE_STORE)
