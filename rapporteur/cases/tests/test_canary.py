"""Canary: known names, narrative, place and file contents never reach the
database or the case file store in clear after documenting a case (SQLite: the
whole database image; PostgreSQL: a pg_dump)."""

from __future__ import annotations

import pytest

from rapporteur.testing.cases import documented_case
from rapporteur.testing.intake import database_bytes

pytestmark = pytest.mark.django_db(transaction=True)
CANARY = "Qx7canaryZw"


def test_case_content_never_on_disk_in_clear(desk, officer, settings):
    documented_case(
        officer,
        name=f"{CANARY}name Юсуфов",
        place=f"{CANARY}place",
        narrative=f"{CANARY}narrative detained",
        document=f"{CANARY}file".encode() * 100,
    )
    database = database_bytes()
    assert b"LLAW-TJ-CC-307" in database  # positive control: coded values are in clear
    needles = [
        CANARY.encode(),
        CANARY.lower().encode(),
        "Юсуфов".encode(),
        "юсуфов".encode(),
        CANARY.encode("utf-16-le"),
    ]
    files = [p for p in settings.CASES_FILE_STORE.rglob("*") if p.is_file()]
    assert files
    for needle in needles:
        assert needle not in database
        for path in files:
            assert needle not in path.read_bytes(), path
