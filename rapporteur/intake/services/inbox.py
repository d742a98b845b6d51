"""Staff actions on submissions, each in one transaction with its audit entry.
Content is sealed here from plaintext the staff member typed; it is never logged."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from rapporteur.accounts.models import User
from rapporteur.audit.services import record, save_and_record
from rapporteur.audit.tags import AuditTag
from rapporteur.intake import sealing
from rapporteur.intake.models import MeetingState, Message, Note, Status, Submission
from rapporteur.vault import sealing as vault_sealing
from rapporteur.vault.selectors import current_desk_key


def mark_read(*, submission: Submission, acting_user: User) -> None:
    """Audit a read; a new submission becomes read. Call on every opening."""
    with transaction.atomic():
        if submission.status == Status.NEW:
            submission.status = Status.READ
            submission.save(update_fields=["status"])
        record(tag=AuditTag.INTAKE_SUBMISSION_READ, actor=acting_user, target=submission)


def note_attachment_downloaded(
    *, submission: Submission, attachment_pk: int, acting_user: User
) -> None:
    """A file handed out decrypted: who took which, for the audit log (no name, no size)."""
    record(
        tag=AuditTag.INTAKE_ATTACHMENT_DOWNLOADED,
        actor=acting_user,
        target=submission,
        extras={"attachment": attachment_pk},
    )


def note_meetings_exported(*, acting_user: User, count: int) -> None:
    """The accepted meetings taken out as a calendar file: how many, never which."""
    record(tag=AuditTag.INTAKE_MEETINGS_EXPORTED, actor=acting_user, extras={"meetings": count})


def _staff_message(*, submission: Submission, acting_user: User, data: dict, kind: str) -> Message:
    desk_key = current_desk_key()
    return Message.objects.create(
        submission=submission,
        from_source=False,
        kind=kind,
        author=acting_user,
        sent_at=timezone.now().replace(minute=0, second=0, microsecond=0),
        desk_key=desk_key,
        # WHO CAN DECRYPT: staff and the holder of the source's receipt.
        envelope=sealing.seal_for_desk_and_source(
            data=data,
            desk_key=desk_key,
            source_public_key=bytes(submission.reply_public_key),
        ),
    )


def reply(*, submission: Submission, acting_user: User, text: str) -> Message:
    with transaction.atomic():
        message = _staff_message(
            submission=submission, acting_user=acting_user, data={"text": text}, kind="text"
        )
        save_and_record(
            submission,
            update_fields=_mark_answered(submission),
            tag=AuditTag.INTAKE_REPLY_SENT,
            actor=acting_user,
        )
    return message


def _mark_answered(submission: Submission) -> list[str]:
    """The source is no longer waiting for staff, and a new or read submission is
    now replied; returns the fields changed."""
    submission.source_waiting = False
    fields = ["source_waiting"]
    if submission.status in {Status.NEW, Status.READ}:
        submission.status = Status.REPLIED
        fields.append("status")
    return fields


def add_note(*, submission: Submission, acting_user: User, text: str) -> Note:
    with transaction.atomic():
        note = vault_sealing.create_sealed(
            Note, {"text": text}, submission=submission, author=acting_user
        )
        record(tag=AuditTag.INTAKE_NOTE_ADDED, actor=acting_user, target=submission)
    return note


def set_status(*, submission: Submission, acting_user: User, status: Status) -> None:
    """Taken into a case, rejected, or back to read. A submission taken into a case
    is no longer subject to deletion after the retention period."""
    if submission.status == status:
        return
    previous = submission.status
    submission.status = status
    save_and_record(
        submission,
        update_fields=["status"],
        tag=AuditTag.INTAKE_STATUS_CHANGED,
        actor=acting_user,
        extras={"from": previous, "to": str(status)},
    )


def answer_meeting(
    *,
    submission: Submission,
    acting_user: User,
    decision: MeetingState,
    start: datetime | None,
    duration_minutes: int,
    place: str,
    text: str,
) -> Message:
    """Accept (with a time), propose another time, or decline a meeting request.
    The answer is sealed like a reply, so the requester reads it with the receipt."""
    with transaction.atomic():
        message = _staff_message(
            submission=submission,
            acting_user=acting_user,
            kind="meeting",
            data={
                "decision": str(decision),
                "start": start.isoformat() if start else "",
                "duration_minutes": duration_minutes,
                "place": place,
                "text": text,
            },
        )
        submission.meeting_state = decision
        save_and_record(
            submission,
            update_fields=["meeting_state", *_mark_answered(submission)],
            tag=AuditTag.INTAKE_MEETING_ANSWERED,
            actor=acting_user,
            extras={"decision": str(decision)},
        )
    return message
