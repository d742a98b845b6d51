"""Hashing and verification of the audit chain. No Django queries outside ``verify``."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

from rapporteur.audit.models import GENESIS_HASH, AuditEntry, AuditHead


def digest_of(entry: AuditEntry) -> str:
    """SHA-256 over a canonical JSON form of the entry's fields and the previous
    hash: the same whether the entry is about to be written or read back.

    Canonical: sorted keys, no whitespace, UTC ISO time to the microsecond, so the
    same entry hashes the same on SQLite and PostgreSQL.
    """
    body = json.dumps(
        {
            "seq": entry.seq,
            "at": entry.created_at.isoformat(timespec="microseconds"),
            "actor": entry.actor_id,
            "tag": entry.tag,
            "target": [entry.target_type, entry.target_id],
            "extras": entry.extras,
            "prev": entry.prev_hash,
        },
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=True,
    )
    return hashlib.sha256(body.encode("ascii")).hexdigest()


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    head_hash: str
    broken_at: int | None = None
    reason: str = ""


def check_links(entries: Iterable[AuditEntry], head: AuditHead | None) -> ChainReport:
    """Walk entries in sequence order and report the first broken link."""
    expected_prev = GENESIS_HASH
    expected_seq = 1
    checked = 0
    for entry in entries:
        if entry.seq != expected_seq:
            return ChainReport(
                False,
                checked,
                expected_prev,
                expected_seq,
                f"entry #{expected_seq} is missing (found #{entry.seq} next)",
            )
        if entry.prev_hash != expected_prev:
            return ChainReport(
                False,
                checked,
                expected_prev,
                entry.seq,
                f"entry #{entry.seq} does not follow entry #{entry.seq - 1} (moved or replaced)",
            )
        if digest_of(entry) != entry.entry_hash:
            return ChainReport(
                False,
                checked,
                expected_prev,
                entry.seq,
                f"entry #{entry.seq} was altered after it was written",
            )
        expected_prev = entry.entry_hash
        expected_seq += 1
        checked += 1
    head_seq = head.seq if head else 0
    head_hash = head.entry_hash if head else GENESIS_HASH
    if head_seq != checked or head_hash != expected_prev:
        return ChainReport(
            False,
            checked,
            expected_prev,
            checked + 1,
            f"the log ends at entry #{checked} but its head names entry #{head_seq}",
        )
    return ChainReport(True, checked, expected_prev)


def verify() -> ChainReport:
    """Check the whole stored chain; streams entries so memory stays flat."""
    entries = AuditEntry.objects.order_by("seq").iterator(chunk_size=2000)
    return check_links(entries, AuditHead.objects.filter(pk=1).first())
