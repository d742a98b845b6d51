"""Anchors catch what the chain alone cannot: a log rewritten consistently (an entry
deleted and every later hash recomputed, or the tail cut and the head moved)."""

from __future__ import annotations

import io
import json

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from rapporteur.audit import chain
from rapporteur.audit.models import AuditEntry, AuditHead
from rapporteur.testing.audit import audit_entries

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _own_data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path  # the anchor signing key is made there


def _anchor_file(tmp_path):
    path = tmp_path / "anchors.jsonl"
    call_command("audit", "anchor", "--to", str(path), stdout=io.StringIO())
    return path


def _rewrite_without(seq: int) -> None:
    """What someone holding the database can do: delete an entry, renumber and
    rehash every later one, and move the head. The chain alone then verifies."""
    AuditEntry.objects.filter(seq=seq).delete()
    previous = AuditEntry.objects.get(seq=seq - 1).entry_hash if seq > 1 else chain.GENESIS_HASH
    for entry in AuditEntry.objects.filter(seq__gt=seq).order_by("seq"):
        AuditEntry.objects.filter(pk=entry.pk).update(seq=entry.seq - 1)
        entry.seq -= 1
        entry.prev_hash = previous
        entry.entry_hash = chain.digest_of(entry)
        AuditEntry.objects.filter(pk=entry.pk).update(
            prev_hash=entry.prev_hash, entry_hash=entry.entry_hash
        )
        previous = entry.entry_hash
    AuditHead.objects.filter(pk=1).update(seq=AuditEntry.objects.count(), entry_hash=previous)


def test_intact_chain_extends_its_anchors(officer, tmp_path, capsys):
    audit_entries(officer, 3)
    path = _anchor_file(tmp_path)
    audit_entries(officer, 2)
    _anchor_file(tmp_path)
    call_command("audit", "verify", "--anchor", str(path))
    assert "extends all 2 anchors" in capsys.readouterr().out


def test_consistent_rewrite_is_caught_by_an_anchor(officer, tmp_path):
    audit_entries(officer, 5)
    path = _anchor_file(tmp_path)
    _rewrite_without(2)
    assert chain.verify().ok  # the chain alone cannot see it
    with pytest.raises(CommandError, match="no longer holds entry #5"):
        call_command("audit", "verify", "--anchor", str(path))


def test_consistent_edit_is_caught_by_an_anchor(officer, tmp_path):
    """An entry edited and every later hash recomputed: same length, other hashes."""
    audit_entries(officer, 5)
    path = _anchor_file(tmp_path)
    previous = AuditEntry.objects.get(seq=1).entry_hash
    for entry in AuditEntry.objects.filter(seq__gte=2).order_by("seq"):
        if entry.seq == 2:
            entry.extras = {"n": 42}
        entry.prev_hash = previous
        entry.entry_hash = chain.digest_of(entry)
        entry.save()
        previous = entry.entry_hash
    AuditHead.objects.filter(pk=1).update(entry_hash=previous)
    assert chain.verify().ok
    with pytest.raises(CommandError, match=r"entry #5 is not the one anchored"):
        call_command("audit", "verify", "--anchor", str(path))


def test_cut_tail_with_moved_head_is_caught(officer, tmp_path):
    audit_entries(officer, 5)
    path = _anchor_file(tmp_path)
    AuditEntry.objects.filter(seq__gte=4).delete()
    AuditHead.objects.filter(pk=1).update(
        seq=3, entry_hash=AuditEntry.objects.get(seq=3).entry_hash
    )
    assert chain.verify().ok
    with pytest.raises(CommandError, match="no longer holds entry #5"):
        call_command("audit", "verify", "--anchor", str(path))


@pytest.mark.parametrize("field", ["seq", "hash", "at"])
def test_a_changed_anchor_is_refused(officer, tmp_path, field):
    audit_entries(officer, 3)
    path = _anchor_file(tmp_path)
    anchor = json.loads(path.read_text())
    anchor[field] = {"seq": 2, "hash": AuditEntry.objects.get(seq=2).entry_hash}.get(
        field, "2030-01-01T00:00:00+00:00"
    )
    path.write_text(json.dumps(anchor) + "\n")
    with pytest.raises(CommandError, match="signature does not match"):
        call_command("audit", "verify", "--anchor", str(path))


def test_an_anchor_of_another_key_is_refused(officer, tmp_path, settings):
    audit_entries(officer, 3)
    path = _anchor_file(tmp_path)
    settings.DATA_DIR = tmp_path / "elsewhere"  # another desk's key
    with pytest.raises(CommandError, match="another key"):
        call_command("audit", "verify", "--anchor", str(path))


def test_anchor_is_mailed_and_the_key_file_is_private(officer, tmp_path, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    audit_entries(officer, 1)
    call_command("audit", "anchor", "--mail", "ops@example.org", stdout=io.StringIO())
    assert json.loads(mail.outbox[0].body)["seq"] == 1
    assert (tmp_path / "audit-anchor-signing.key").stat().st_mode & 0o777 == 0o600


def test_bad_anchor_files_give_a_clear_error(officer, tmp_path):
    audit_entries(officer, 1)
    with pytest.raises(CommandError, match="Cannot read the anchor file"):
        call_command("audit", "verify", "--anchor", str(tmp_path / "missing"))
    (tmp_path / "junk").write_text("not json\n")
    with pytest.raises(CommandError, match="line 1: not an anchor line"):
        call_command("audit", "verify", "--anchor", str(tmp_path / "junk"))
