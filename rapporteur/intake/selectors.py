"""Reading submissions. Staff reads decrypt with the session's desk keys; the
source's view decrypts replies with the key derived from the receipt.

Views never query these models directly: they go through the helpers here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet
from django.http import Http404

from rapporteur.intake import sealing
from rapporteur.intake.models import Attachment, Kind, MeetingState, Status, Submission


def inbox(*, status: str = "", kind: str = "") -> QuerySet[Submission]:
    """Submissions for the inbox list, newest first, with counts (no decryption)."""
    qs = Submission.objects.annotate(
        message_count=Count("messages", distinct=True),
        file_count=Count("attachments", distinct=True),
    )
    if status in Status.values:
        qs = qs.filter(status=status)
    if kind in Kind.values:
        qs = qs.filter(kind=kind)
    return qs


def inbox_counts() -> dict[str, int]:
    """Figures for the dashboard; counts only, nothing decrypted."""
    from rapporteur.intake.services.retention import due_soon

    return {
        "new": Submission.objects.filter(status=Status.NEW).count(),
        "waiting": Submission.objects.filter(source_waiting=True).count(),
        "due": due_soon().count(),
    }


def submission_for_staff(*, pk: int) -> Submission:
    """The one way a desk view finds a submission (404 for an unknown id)."""
    try:
        return Submission.objects.select_related("desk_key").get(pk=pk)
    except Submission.DoesNotExist:
        raise Http404 from None


def attachment_for_staff(*, submission: Submission, pk: int) -> Attachment:
    try:
        return Attachment.objects.select_related("desk_key").get(pk=pk, submission=submission)
    except Attachment.DoesNotExist:
        raise Http404 from None


@dataclass
class OpenedSubmission:
    submission: Submission
    content: dict[str, Any]
    files: list[dict[str, Any]] = field(default_factory=list)
    conversation: list[dict[str, Any]] = field(default_factory=list)
    notes: list[dict[str, Any]] = field(default_factory=list)


def _open(item, desk_keys: dict[int, bytes], envelope_field: str = "envelope") -> dict:  # type: ignore[no-untyped-def]
    try:
        return sealing.open_for_staff(
            envelope=getattr(item, envelope_field),
            version=item.desk_key.version,
            desk_keys=desk_keys,
        )
    except sealing.CannotOpen:
        return {"unreadable": True}


def open_for_staff(*, submission: Submission, desk_keys: dict[int, bytes]) -> OpenedSubmission:
    """Decrypt everything of one submission for a staff page (several queries)."""
    opened = OpenedSubmission(submission=submission, content=_open(submission, desk_keys))
    for attachment in submission.attachments.select_related("desk_key"):
        meta = _open(attachment, desk_keys, "meta_envelope")
        opened.files.append({"id": attachment.pk, "message_id": attachment.message_id, **meta})
    for message in submission.messages.select_related("desk_key", "author"):
        opened.conversation.append(
            {
                "message": message,
                "data": _open(message, desk_keys),
                "files": [f for f in opened.files if f["message_id"] == message.pk],
            }
        )
    for note in submission.notes.select_related("desk_key", "author"):
        opened.notes.append({"note": note, "data": _open(note, desk_keys)})
    return opened


def submission_for_source(*, source_submission_id: int) -> Submission:
    try:
        return Submission.objects.get(pk=source_submission_id)
    except Submission.DoesNotExist:
        raise Http404 from None


def conversation_for_source(*, submission: Submission, private_key: bytes) -> list[dict]:
    """What the source sees: staff replies in full; their own messages only as
    "sent" (sealed to the desk alone, so a seized receipt does not show them)."""
    entries = []
    for message in submission.messages.all():
        if message.from_source:
            entries.append({"message": message, "data": None})
        else:
            data = sealing.open_for_source(envelope=message.envelope, private_key=private_key)
            entries.append({"message": message, "data": data})
    return entries


def accepted_meetings(*, desk_keys: dict[int, bytes]) -> list[dict[str, Any]]:
    """Accepted meetings with their time and place (decrypted), for the calendar."""
    meetings = []
    for submission in Submission.objects.filter(
        kind=Kind.MEETING, meeting_state=MeetingState.ACCEPTED
    ).select_related("desk_key"):
        answer = (
            submission.messages.filter(from_source=False, kind="meeting")
            .select_related("desk_key")
            .order_by("-id")
            .first()
        )
        if answer is None:
            continue
        data = _open(answer, desk_keys)
        if data.get("decision") == MeetingState.ACCEPTED and data.get("start"):
            meetings.append({"submission": submission, "answer": answer, **data})
    return meetings
