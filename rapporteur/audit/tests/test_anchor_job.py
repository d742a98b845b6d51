"""The daily anchor job: where the desk says anchors go (a file, addresses or both), it
appends and mails a signed head that `audit verify --anchor` accepts, day after day."""

from __future__ import annotations

import io
import json

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from rapporteur.audit.models import AuditEntry, AuditHead
from rapporteur.audit.tasks import anchor_audit_log
from rapporteur.testing.audit import audit_entries

pytestmark = pytest.mark.django_db

DESTINATIONS = {
    "file": (True, []),
    "mail": (False, ["anchors@example.org"]),
    "file and mail": (True, ["anchors@example.org", "lawyer@example.net"]),
}


@pytest.fixture(autouse=True)
def _own_data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path  # the anchor signing key is made there


def _verify(path) -> str:
    out = io.StringIO()
    call_command("audit", "verify", "--anchor", str(path), stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("destination", DESTINATIONS)
def test_each_day_appends_and_mails_an_anchor_that_verifies(
    destination, settings, tmp_path, officer
):
    to_file, addresses = DESTINATIONS[destination]
    anchor_file = tmp_path / "elsewhere" / "anchors.jsonl"
    anchor_file.parent.mkdir()
    anchor_file.write_text("")  # an existing file keeps what it holds
    settings.AUDIT_ANCHOR_TO = anchor_file if to_file else None
    settings.AUDIT_ANCHOR_MAIL = addresses

    audit_entries(officer, 3)
    anchor_audit_log.call()
    audit_entries(officer, 2)
    anchor_audit_log.call()

    lines = (
        anchor_file.read_text().splitlines()
        if to_file
        else [message.body.strip() for message in mail.outbox]
    )
    assert [json.loads(line)["seq"] for line in lines] == [3, 5]
    assert len(mail.outbox) == (2 if addresses else 0)
    for message in mail.outbox:
        assert message.to == addresses
        assert message.body.strip() in lines
    kept = tmp_path / "kept.jsonl"
    kept.write_text("\n".join(lines) + "\n")
    assert "extends all 2 anchors" in _verify(kept)


def test_an_anchor_from_the_job_catches_a_cut_log(settings, tmp_path, officer):
    settings.AUDIT_ANCHOR_TO = tmp_path / "anchors.jsonl"
    audit_entries(officer, 4)
    anchor_audit_log.call()
    # Cut consistently: the last entry gone and the head moved back onto the one before.
    AuditEntry.objects.filter(seq=4).delete()
    third = AuditEntry.objects.get(seq=3)
    AuditHead.objects.filter(pk=1).update(seq=3, entry_hash=third.entry_hash)
    with pytest.raises(CommandError, match="no longer holds entry #4"):
        _verify(settings.AUDIT_ANCHOR_TO)


def test_an_unwritable_anchor_file_fails_the_run(settings, tmp_path):
    settings.AUDIT_ANCHOR_TO = tmp_path / "not-mounted" / "anchors.jsonl"
    with pytest.raises(OSError):
        anchor_audit_log.call()


def test_without_a_destination_the_job_writes_and_mails_nothing(settings, tmp_path):
    settings.AUDIT_ANCHOR_TO = None
    settings.AUDIT_ANCHOR_MAIL = []
    assert anchor_audit_log.call() is None
    assert mail.outbox == []
    assert not (tmp_path / "audit-anchor-signing.key").exists()
