"""Visits and their meetings. A meeting's participants and notes (and a
confidential meeting's institution) are sealed to the desk key as they are written."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from rapporteur.accounts.models import User
from rapporteur.audit.services import record, save_and_record
from rapporteur.audit.tags import AuditTag
from rapporteur.vault import sealing as vault_sealing
from rapporteur.visits.models import Meeting, Visit

VISIT_FIELDS = (
    "country_code",
    "country_name",
    "start_date",
    "end_date",
    "invitation",
    "places_visited",
    "refused_requests",
    "published",
)


def create_visit(*, acting_user: User | None, **fields: Any) -> Visit:
    visit = Visit(created_by=acting_user, **{k: fields[k] for k in VISIT_FIELDS if k in fields})
    visit.full_clean(exclude=["created_by"])
    save_and_record(
        visit, tag=AuditTag.VISIT_CREATED, actor=acting_user, extras={"country": visit.country_code}
    )
    return visit


def update_visit(*, acting_user: User, visit: Visit, **fields: Any) -> Visit:
    changed = [k for k in VISIT_FIELDS if k in fields and getattr(visit, k) != fields[k]]
    for name in changed:
        setattr(visit, name, fields[name])
    visit.full_clean(exclude=["created_by"])
    if changed:
        save_and_record(
            visit,
            update_fields=changed,
            tag=AuditTag.VISIT_UPDATED,
            actor=acting_user,
            extras={"fields": sorted(changed)},
        )
    return visit


def add_meeting(
    *,
    acting_user: User | None,
    visit: Visit,
    institution: str,
    kind: str,
    day: date | None,
    public_summary: str = "",
    confidential: bool = False,
    participants: str = "",
    notes: str = "",
) -> Meeting:
    """Record a meeting. Participants and notes are always sealed to the desk key;
    a confidential meeting seals the institution too and keeps no public summary
    (refused rather than silently dropped, so nothing sensitive lands in clear).
    Needs only the desk public key: no unlocked session is required to write."""
    if confidential and public_summary.strip():
        raise ValidationError(_("A confidential meeting has no public summary."))
    if not institution.strip():
        raise ValidationError(_("Name the institution or group met."))
    sealed = {"participants": participants, "notes": notes}
    if confidential:
        sealed["institution"] = institution
    meeting = Meeting(
        visit=visit,
        institution="" if confidential else institution,
        kind=kind,
        date=day,
        public_summary=public_summary,
        confidential=confidential,
    )
    if confidential or participants.strip() or notes.strip():
        vault_sealing.seal_into(meeting, sealed)
    meeting.full_clean(exclude=["desk_key", "envelope"])
    save_and_record(
        meeting,
        tag=AuditTag.VISIT_MEETING_ADDED,
        actor=acting_user,
        extras={"visit": visit.pk, "kind": kind, "confidential": confidential},
    )
    return meeting


def note_meetings_read(*, acting_user: User, visit: Visit, count: int) -> None:
    """Audit that sealed meeting content was shown (how many, never what)."""
    record(
        tag=AuditTag.VISIT_MEETINGS_READ,
        actor=acting_user,
        target=visit,
        extras={"sealed_meetings": count},
    )
