"""Correcting records of a case: edit and delete, each one transaction with its
change-history row and audit entry.

An edit takes a snapshot of the record before and after (sealed fields decrypted
with the session's desk keys, coded fields as codes and ids) and writes the fields
that differ, old and new, sealed in the history row. A delete writes the whole
snapshot as a tombstone (action "deleted") before the row goes, so the history
can still show what was there. A record others depend on is never deleted with
them: ``selectors.delete_blockers`` names what must be changed first, and the
delete is refused with ``RecordInUse``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import models, transaction

from rapporteur.accounts.models import User
from rapporteur.cases import regions, selectors
from rapporteur.cases.models import Act, Case, Involvement, Person, Term
from rapporteur.cases.services.records import add_person, log_change, reindex_case
from rapporteur.errors import Refused
from rapporteur.vault import sealing as vault_sealing
from rapporteur.vault.errors import UnlockRequired

# The sealed fields of each kind of record, in the order the history shows them.
SEALED_FIELDS: dict[str, tuple[str, ...]] = {
    "event": ("title", "description"),
    "act": ("place", "stated_reason", "start_written", "end_written"),
    "person": ("name", "other_names", "description", "contacts", "narrative", "protection_needs"),
    "information": ("summary",),
    "intervention": ("description",),
    "task": ("text",),
    "involvement": (),
}
# The coded (clear) fields each kind of record keeps in its history.
CODED_FIELDS: dict[str, tuple[str, ...]] = {
    "event": ("follows",),
    "act": (
        "event",
        "act_type",
        "victim",
        "start",
        "end",
        "region",
        "status_at_end",
        "legal_provisions",
        "instruments",
    ),
    "person": ("kind", "profession", "sex", "age_group", "consent_to_name"),
    "information": ("source", "reliability", "material", "received_on", "confidential"),
    "intervention": ("intervention_type", "party", "victim", "on_date"),
    "task": ("due_on", "done", "assignee"),
    "involvement": ("act", "perpetrator", "perpetrator_type", "degree"),
}
# Records whose text goes into the case's blind index: a change re-indexes the case.
INDEXED = {"event", "act", "person", "information"}


class RecordInUse(Refused):
    """A delete refused because other records depend on this one; ``reasons`` are
    translated sentences, each saying what to change first."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__(" ".join(reasons))
        self.reasons = reasons


def kind_of(obj: models.Model) -> str:
    return obj._meta.model_name or ""


def _coded(obj: Any, name: str) -> Any:
    """A clear field as the history stores it: term codes, ids, ISO dates, dates
    as entered (``cases.dates`` text form)."""
    if isinstance(obj, Act) and name in {"start", "end"}:
        when = obj.uncertain_date(name)
        return when.to_text() if when.is_known else ""
    field = obj._meta.get_field(name)
    if field.many_to_many:
        return sorted(t.code for t in getattr(obj, name).all())
    if field.is_relation:
        if field.related_model is Term:
            term = getattr(obj, name)
            return term.code if term else ""
        return getattr(obj, field.attname)
    value = getattr(obj, name)
    return value.isoformat() if isinstance(value, date) else value


def snapshot(obj: Any, desk_keys: dict[int, bytes]) -> dict[str, Any]:
    """Every field of a record as its history keeps it. Raises ``UnlockRequired``
    when this session cannot open the record (no edit or tombstone without it)."""
    kind = kind_of(obj)
    values: dict[str, Any] = {}
    if SEALED_FIELDS[kind]:
        content = vault_sealing.open_record(obj, desk_keys)
        if content.get("unreadable"):
            raise UnlockRequired("this session cannot open the record")
        values = {name: content.get(name, "") for name in SEALED_FIELDS[kind]}
    for name in CODED_FIELDS[kind]:
        values[name] = _coded(obj, name)
    return values


def _differences(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {name: [before.get(name), new] for name, new in after.items() if before.get(name) != new}


def edit_record(
    *,
    case: Case,
    record: Any,
    acting_user: User,
    desk_keys: dict[int, bytes],
    content: dict[str, Any] | None = None,
    fields: dict[str, Any] | None = None,
    many: dict[str, Any] | None = None,
) -> dict[str, list[Any]]:
    """Change a record of ``case``: sealed ``content`` (merged into what is sealed
    now, then sealed again to the current desk key), clear ``fields`` and
    many-to-many ``many``. Writes nothing when nothing differs; returns the
    changed fields with their old and new values."""
    kind = kind_of(record)
    with transaction.atomic():
        before = snapshot(record, desk_keys)
        if content is not None and SEALED_FIELDS[kind]:
            sealed = {**vault_sealing.open_record(record, desk_keys), **content}
            vault_sealing.seal_into(record, sealed)
        region_before = getattr(record, "region_id", None)
        for name, value in (fields or {}).items():
            setattr(record, name, value)
        if isinstance(record, Act) and record.region_id != region_before:
            # A region chosen anew replaces the code; one left as it was keeps the
            # code an import may have read from the file's text.
            record.region_code = regions.code_of_term(record.region)
        record.save()
        for name, values in (many or {}).items():
            getattr(record, name).set(values)
        changes = _differences(before, snapshot(record, desk_keys))
        if not changes:
            transaction.set_rollback(True)
            return {}
        log_change(case=case, obj=record, action="change", actor=acting_user, changes=changes)
        if kind in INDEXED:
            reindex_case(case=case, desk_keys=desk_keys)
    return changes


def delete_record(
    *, case: Case, record: Any, acting_user: User, desk_keys: dict[int, bytes]
) -> str:
    """Delete a record of ``case``, leaving its tombstone in the history; the
    history's action, "deleted" or "unlink".

    A person is only taken off this case when other cases still name them (the
    history says "unlink"); otherwise the person row goes too. Refused with
    ``RecordInUse`` while other records depend on it: nothing is deleted with it."""
    kind = kind_of(record)
    with transaction.atomic():
        reasons = selectors.delete_blockers(case, record)
        if reasons:
            raise RecordInUse(reasons)
        tombstone = snapshot(record, desk_keys)
        record_id = record.pk
        if isinstance(record, Person) and record.cases.exclude(pk=case.pk).exists():
            action = "unlink"
            case.persons.remove(record)
        else:
            action = "deleted"
            if isinstance(record, Person):
                case.persons.remove(record)
            record.delete()
            record.pk = record_id  # the history row names the record that was
        log_change(case=case, obj=record, action=action, actor=acting_user, changes=tombstone)
        if kind in INDEXED:
            reindex_case(case=case, desk_keys=desk_keys)
    return action


def add_involvement(
    *,
    case: Case,
    act: Act,
    acting_user: User,
    desk_keys: dict[int, bytes],
    perpetrator: Person | None = None,
    perpetrator_type: Term | None = None,
    degree: Term | None = None,
    new_perpetrator: dict[str, str] | None = None,
) -> Involvement:
    """A perpetrator of ``act``: a person or organisation of the case, or one
    created here from ``new_perpetrator`` (name, kind, description: rank and unit),
    with the HURIDOCS perpetrator type and degree of involvement. A perpetrator is
    never asked for consent: that control is for victims and sources."""
    with transaction.atomic():
        if new_perpetrator:
            perpetrator = add_person(
                case=case,
                acting_user=acting_user,
                desk_keys=desk_keys,
                kind=new_perpetrator["kind"],
                data={
                    "name": new_perpetrator["name"],
                    "description": new_perpetrator.get("description", ""),
                },
                reindex=False,
            )
        involvement = Involvement.objects.create(
            act=act, perpetrator=perpetrator, perpetrator_type=perpetrator_type, degree=degree
        )
        log_change(
            case=case,
            obj=involvement,
            action="add",
            actor=acting_user,
            changes=snapshot(involvement, desk_keys),
        )
        if new_perpetrator:
            reindex_case(case=case, desk_keys=desk_keys)
    return involvement
