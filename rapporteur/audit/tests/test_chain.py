"""The audit chain: written for each action, verified intact, broken by any tampering."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from rapporteur.audit import chain
from rapporteur.audit.models import AuditEntry, AuditHead
from rapporteur.audit.services import record
from rapporteur.audit.tags import AuditTag
from rapporteur.testing.cli import run_cli

pytestmark = pytest.mark.django_db


@pytest.fixture
def five_entries(officer):
    for number in range(5):
        record(tag=AuditTag.LOGIN, actor=officer, target=officer, extras={"n": number})
    return list(AuditEntry.objects.order_by("seq"))


def test_intact_chain_verifies(five_entries):
    report = chain.verify()
    assert report.ok and report.checked == 5
    call_command("audit", "verify")


def test_empty_log_verifies(db):
    assert chain.verify().ok


def test_edited_entry_is_found(five_entries):
    AuditEntry.objects.filter(seq=3).update(extras={"n": 99})
    report = chain.verify()
    assert not report.ok and report.broken_at == 3
    assert "altered" in report.reason


def test_edited_actor_is_found(five_entries, other_officer):
    AuditEntry.objects.filter(seq=2).update(actor=other_officer)
    assert chain.verify().broken_at == 2


def test_deleted_entry_is_found(five_entries):
    AuditEntry.objects.filter(seq=3).delete()
    report = chain.verify()
    assert not report.ok and report.broken_at == 3
    assert "missing" in report.reason


def test_reordered_entries_are_found(five_entries):
    # Swap the sequence numbers of entries 2 and 4 (via a free number).
    AuditEntry.objects.filter(seq=2).update(seq=1000)
    AuditEntry.objects.filter(seq=4).update(seq=2)
    AuditEntry.objects.filter(seq=1000).update(seq=4)
    report = chain.verify()
    assert not report.ok and report.broken_at == 2


def test_rehashed_edit_is_still_found(five_entries):
    """An editor who recomputes the edited entry's own hash breaks the next link."""
    entry = AuditEntry.objects.get(seq=2)
    entry.extras = {"n": 42}
    entry.entry_hash = chain.digest_of(entry)
    entry.save()
    assert chain.verify().broken_at == 3


def test_truncated_tail_is_found(five_entries):
    AuditEntry.objects.filter(seq=5).delete()
    report = chain.verify()
    assert not report.ok and "head" in report.reason


def test_verify_command_fails_loudly(five_entries):
    AuditEntry.objects.filter(seq=1).update(tag=AuditTag.LOGOUT)
    with pytest.raises(CommandError, match="BROKEN at entry #1"):
        call_command("audit", "verify")


def test_console_command_exit_status(tmp_path):
    """`rapporteur audit verify` end to end, on a database of its own: 0, then non-zero."""
    (tmp_path / "pw").write_text("a long enough passphrase 1\n")

    def run(*args):
        return run_cli(tmp_path, *args, RAPPORTEUR_MODE="dev")

    assert run("migrate", "-v", "0").returncode == 0
    assert (
        run("createadmin", "--username", "root", "--password-file", str(tmp_path / "pw")).returncode
        == 0
    )
    intact = run("audit", "verify")
    assert intact.returncode == 0 and "intact: 1 entries" in intact.stdout
    import sqlite3

    with sqlite3.connect(tmp_path / "db.sqlite3") as db:
        db.execute('UPDATE audit_auditentry SET extras = \'{"role": "officer"}\'')
    broken = run("audit", "verify")
    assert broken.returncode != 0
    assert "BROKEN at entry #1" in broken.stderr


def test_extras_refuse_content_keys(officer):
    with pytest.raises(ValueError, match="may not carry"):
        record(tag=AuditTag.LOGIN, actor=officer, extras={"ip": "192.0.2.1"})
    assert AuditEntry.objects.count() == 0


def test_head_follows_the_last_entry(five_entries):
    head = AuditHead.objects.get()
    assert head.seq == 5 and head.entry_hash == five_entries[-1].entry_hash


def test_staff_changes_are_audited(client_for, administrator, officer):
    admin = client_for(administrator)
    admin.post(reverse("accounts:staff_action", args=[officer.pk, "role"]), {"role": "analyst"})
    entry = AuditEntry.objects.get(tag=AuditTag.ROLE_CHANGED)
    assert entry.actor == administrator and entry.target_id == str(officer.pk)
    assert entry.extras == {"from": "officer", "to": "analyst"}
    admin.post(
        reverse("accounts:staff_create"),
        {"username": "newperson", "role": "officer", "password": "a long enough passphrase 1"},
    )
    assert AuditEntry.objects.filter(tag=AuditTag.USER_CREATED).count() == 1


def test_cannot_change_own_role(client_for, administrator):
    admin = client_for(administrator)
    admin.post(
        reverse("accounts:staff_action", args=[administrator.pk, "role"]), {"role": "officer"}
    )
    administrator.refresh_from_db()
    assert administrator.role == "administrator"


def test_unknown_role_changes_nothing(client_for, administrator, officer):
    admin = client_for(administrator)
    admin.post(reverse("accounts:staff_action", args=[officer.pk, "role"]), {"role": "god"})
    officer.refresh_from_db()
    assert officer.role == "officer"
    assert not AuditEntry.objects.filter(tag=AuditTag.ROLE_CHANGED).exists()


def test_permission_denial_is_audited(client_for, analyst):
    response = client_for(analyst).get(reverse("audit:log"))
    assert response.status_code == 403
    entry = AuditEntry.objects.get(tag=AuditTag.PERMISSION_DENIED)
    assert entry.extras["permission"] == "audit:read"


def test_log_browser_filters_and_records_its_reading(client_for, administrator, officer):
    record(tag=AuditTag.LOGIN, actor=officer)
    record(tag=AuditTag.LOGOUT, actor=officer)
    admin = client_for(administrator)
    page = admin.get(reverse("audit:log"), {"tag": "auth:logout"}).content.decode()
    assert "auth:logout" in page and "auth:login:success" not in page
    page = admin.get(reverse("audit:log"), {"actor": officer.pk}).content.decode()
    assert "auth:login:success" in page
    assert AuditEntry.objects.filter(tag=AuditTag.AUDIT_LOG_READ).count() == 2


def test_log_browser_rejects_bad_dates(client_for, administrator):
    admin = client_for(administrator)
    response = admin.get(reverse("audit:log"), {"since": "2026-02-02", "until": "2026-01-01"})
    assert response.status_code == 200
    assert "start date is after the end date" in response.content.decode()
    response = admin.get(reverse("audit:log"), {"since": "not-a-date"})
    assert response.status_code == 200
    assert "Enter a valid date" in response.content.decode()
