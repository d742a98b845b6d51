"""Writing to the audit log. Call ``record`` inside the transaction of the change it
describes, so that the change and its entry land together or not at all."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from rapporteur.audit.chain import digest_of
from rapporteur.audit.models import AuditEntry, AuditHead
from rapporteur.audit.tags import AuditTag

# Extras hold codes, ids and counts. These keys would invite content or identifying
# detail into the log and are refused outright.
_FORBIDDEN_EXTRAS = {"ip", "ip_address", "user_agent", "password", "token", "text", "body"}


def record(
    *,
    tag: AuditTag,
    actor: Any = None,
    target: models.Model | None = None,
    target_type: str = "",
    target_id: str | int = "",
    extras: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry to the chain.

    The head row is locked (``select_for_update``) so concurrent appends on
    PostgreSQL queue up; on SQLite the IMMEDIATE transaction mode does the same.
    ``actor`` may be an anonymous user or None for system and pre-login events.
    """
    tag = AuditTag(tag)  # refuses a tag that is not in the vocabulary
    extras = dict(extras or {})
    bad = _FORBIDDEN_EXTRAS.intersection(extras)
    if bad:
        raise ValueError(f"audit extras may not carry {sorted(bad)}")
    if target is not None:
        target_type = target._meta.label_lower
        target_id = str(target.pk)
    actor_id = actor.pk if actor is not None and getattr(actor, "is_authenticated", False) else None

    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
        seq = head.seq + 1
        entry = AuditEntry(
            seq=seq,
            created_at=timezone.now(),
            actor_id=actor_id,
            tag=tag.value,
            target_type=target_type,
            target_id=str(target_id),
            extras=extras,
            prev_hash=head.entry_hash,
        )
        # The digest is taken from the row itself, so it covers exactly what is stored.
        entry.entry_hash = digest_of(entry)
        entry.save(force_insert=True)
        head.seq = seq
        head.entry_hash = entry.entry_hash
        head.save(update_fields=["seq", "entry_hash"])
    return entry


def save_and_record(
    row: models.Model,
    *,
    update_fields: Sequence[str] | None = None,
    tag: AuditTag,
    actor: Any,
    extras: dict[str, Any] | None = None,
) -> AuditEntry:
    """Save ``row`` (only ``update_fields`` when given) and append the entry that
    describes the change, with ``row`` as its target, in one transaction."""
    with transaction.atomic():
        row.save(update_fields=update_fields)
        return record(tag=tag, actor=actor, target=row, extras=extras)


def note_log_read(*, acting_user: Any, filters: dict[str, str]) -> AuditEntry:
    """Reading the log is itself logged, with the filter used: the raw values of
    the query (a member's number, a tag prefix, dates), never what was shown."""
    return record(tag=AuditTag.AUDIT_LOG_READ, actor=acting_user, extras={"filter": filters})
