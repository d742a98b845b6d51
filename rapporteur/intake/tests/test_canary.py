"""Canary: a unique string in every field and in a file never reaches the
database or the file store in clear, after the submission, a staff reply and a
follow-up. SQLite: every byte of the database image (free pages included);
PostgreSQL: a pg_dump of the test database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from io import StringIO
from unittest import mock

import pytest
from django.conf import settings as dj_settings
from django.contrib.sessions.models import Session
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from rapporteur.intake import throttle
from rapporteur.intake.models import Submission, TicketPeriod
from rapporteur.intake.services import retention
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


def _exact_time_needles(start: datetime, end: datetime) -> list[bytes]:
    """Every way a row could spell a second or a minute between ``start`` and
    ``end``: ISO (space or T), epoch seconds (also the head of epoch milliseconds),
    and the base62 epoch of Django's signing timestamps. The full hour itself is
    not a needle: it is what rounding leaves."""
    needles: set[bytes] = set()
    moment = start.replace(microsecond=0)
    while moment <= end:
        if moment.minute:
            for sep in (" ", "T"):
                needles.add(moment.strftime(f"%Y-%m-%d{sep}%H:%M").encode())
        if moment.minute or moment.second:
            needles.add(str(int(moment.timestamp())).encode())
            needles.add(signing.b62_encode(int(moment.timestamp())).encode())
        moment += timedelta(seconds=1)
    return sorted(needles)


def _as_text(value: object) -> str:
    """A column value as every form a reader could meet it in: the repr, the
    string, and for dates the ISO form (a datetime's repr spells no ISO minute)."""
    forms = [repr(value), str(value)]
    if isinstance(value, datetime):
        forms.append(value.isoformat())
    return " ".join(forms)


def _all_rows() -> set[tuple[str, tuple[object, ...]]]:
    """Every row of every table (dates as the database returns them)."""
    rows = set()
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            rows.update((table, tuple(row)) for row in cursor.fetchall())
    return rows


def _as_line(row: tuple[str, tuple[object, ...]]) -> str:
    table, values = row
    return f"{table}: " + " | ".join(_as_text(value) for value in values)


def _naive_utc(moment: datetime) -> datetime:
    """SQLite returns naive UTC datetimes, PostgreSQL aware ones: compare as naive."""
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def _finer_than_the_hour(row: tuple[str, tuple[object, ...]]) -> list[datetime]:
    """The datetimes of a row that are not on a full hour: whatever the offset
    from a visit (an expiry 15 minutes on), their minute dates it."""
    _, values = row
    return [
        _naive_utc(value)
        for value in values
        if isinstance(value, datetime)
        and (value.minute, value.second, value.microsecond) != (0, 0, 0)
    ]


def test_the_row_reader_sees_a_minute_in_a_datetime():
    """Control for the test below: a datetime column is read in ISO form."""
    moment = datetime(2026, 5, 4, 13, 37, 21, tzinfo=UTC)
    needles = _exact_time_needles(moment, moment)
    assert any(needle.decode() in _as_text(moment) for needle in needles)


def _visit_twice_with_a_wrong_receipt() -> None:
    receipt = receipt_in(submit(Client()))
    source = Client()
    assert return_with(source, "wrong " + receipt).status_code == 200
    assert return_with(source, receipt).status_code == 302
    assert source.get(reverse("intake:conversation")).status_code == 200


def _forget_by_the_hourly_purge() -> None:
    retention.purge_expired()


def _forget_by_the_next_receipt_form() -> None:
    assert Client().get(reverse("intake:return")).status_code == 200


@pytest.mark.parametrize("forget", [_forget_by_the_hourly_purge, _forget_by_the_next_receipt_form])
def test_no_row_holds_the_exact_time_of_a_source_visit(desk, forget, settings):
    """After a source submits, mistypes the receipt and comes back with it, no row
    written or changed meanwhile tells the minute (let alone the second) of any
    visit: not the session's expiry, its signed data, the spent ticket's expiry,
    nor the desk-wide count of wrong receipts, once the few minutes that count
    is read for have passed and the next receipt form or the hourly purge ran.
    Staff notices are on, so the queued notice's row is scanned too. (Rows the
    fixtures wrote, such as the staff accounts, were there before.)"""
    settings.INTAKE_NOTIFY_EMAILS = ["desk@example.org"]
    before = _all_rows()
    start = timezone.now()
    _visit_twice_with_a_wrong_receipt()
    end = timezone.now()
    # Positive control: the per-minute count of the wrong receipt exists now.
    assert TicketPeriod.objects.filter(failures__gt=0).exists()

    later = end + timedelta(minutes=throttle.RECENT_MINUTES + 1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        forget()

    written = _all_rows() - before
    lines = [_as_line(row) for row in written]
    # Positive controls: the source's session and the queued notice are scanned.
    assert any(line.startswith("django_session:") for line in lines)
    assert any(line.startswith("django_tasks_database_dbtaskresult:") for line in lines)
    assert not TicketPeriod.objects.filter(failures__gt=0).exists()
    # The per-minute rows the price still reads at ``later`` date only the visit
    # that forgot the others (the next receipt form), not the source's.
    in_use = {
        _naive_utc(start)
        for start in TicketPeriod.objects.filter(
            start__gte=later.replace(second=0, microsecond=0)
            - timedelta(minutes=throttle.RECENT_MINUTES - 1)
        ).values_list("start", flat=True)
    }
    for row in written:
        assert not set(_finer_than_the_hour(row)) - in_use, _as_line(row)
    for needle in _exact_time_needles(start, end):
        for line in lines:
            assert needle.decode() not in line, line


def test_purge_deletes_expired_sessions(desk):
    """``rapporteur intake purge`` runs ``clearsessions``: a source session past its
    (rounded) expiry is deleted, a live one stays."""
    live, gone = Client(), Client()
    receipt = receipt_in(submit(Client()))
    return_with(live, receipt)
    return_with(gone, receipt)
    gone_key = gone.cookies[dj_settings.SESSION_COOKIE_NAME].value
    Session.objects.filter(session_key=gone_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    call_command("intake", "purge", stdout=StringIO())
    assert not Session.objects.filter(session_key=gone_key).exists()
    assert Session.objects.filter(
        session_key=live.cookies[dj_settings.SESSION_COOKIE_NAME].value
    ).exists()
