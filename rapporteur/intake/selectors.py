"""Reading submissions. Staff reads decrypt with the session's desk keys; the
source's view decrypts replies with the key derived from the receipt.

Views never query these models directly: they go through the helpers here.

Need-to-know: a submission taken into one or more cases is as restricted as those
cases. ``visible_submissions`` is the one queryset every desk read starts from (the
inbox, its counts, the dashboard, triage, the calendar file, single pages and
downloads): a submission linked to a case shows only to a user who may see *all*
of its cases (``cases.selectors.visible_cases``); one not linked to any case shows
to every role that reads the inbox, so it can be triaged. Anything else answers
404, exactly as an id that does not exist.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.forms import Form
from django.http import Http404
from django.utils import timezone
from django.utils.text import Truncator

from rapporteur.accounts.models import User
from rapporteur.accounts.permissions import Perm, Role
from rapporteur.cases.models import Case
from rapporteur.cases.selectors import visible_cases
from rapporteur.intake import sealing
from rapporteur.intake.models import (
    Attachment,
    Kind,
    MeetingState,
    Status,
    Submission,
)
from rapporteur.vault import sealing as vault_sealing


def visible_submissions(user: User) -> QuerySet[Submission]:
    """Submissions this user may know exist: none without INTAKE_READ; all for the
    rapporteur (who sees every case); otherwise those with no linked case outside
    ``visible_cases(user)``. One NOT EXISTS subquery, no join, no DISTINCT."""
    if not user.is_authenticated or not user.has_desk_permission(Perm.INTAKE_READ):
        return Submission.objects.none()
    if user.role == Role.RAPPORTEUR:
        return Submission.objects.all()
    hidden_link = Case.submissions.through.objects.filter(submission_id=OuterRef("pk")).exclude(
        case_id__in=visible_cases(user).values("pk")
    )
    return Submission.objects.filter(~Exists(hidden_link))


@dataclass(frozen=True)
class Flood:
    """An hour whose arrivals, among those a user may see, reach the alert threshold
    (``INTAKE_FLOOD_ALERT_PER_HOUR``): shown as one alert, its rows grouped."""

    start: datetime
    count: int

    @property
    def end(self) -> datetime:
        return self.start + timedelta(hours=1)

    @property
    def key(self) -> str:
        """The hour as the inbox's ``hour`` parameter names it (UTC)."""
        return self.start.astimezone(UTC).strftime(HOUR_FORMAT)


HOUR_FORMAT = "%Y-%m-%dT%H"


def floods(*, user: User) -> list[Flood]:
    """Hours with a flood of arrivals, newest first, counted over
    ``visible_submissions(user)`` only: a submission this user may not know of
    neither counts nor shows. One grouped COUNT; times are the stored hours."""
    hours = (
        visible_submissions(user)
        .order_by()
        .values("received_at")
        .annotate(count=Count("id"))
        .filter(count__gte=settings.INTAKE_FLOOD_ALERT_PER_HOUR)
        .order_by("-received_at")
    )
    return [Flood(start=row["received_at"], count=row["count"]) for row in hours]


def flood_hour(value: str) -> datetime | None:
    """The hour an inbox link names (``Flood.key``), or None for anything else."""
    try:
        return datetime.strptime(value, HOUR_FORMAT).replace(tzinfo=UTC)
    except (TypeError, ValueError):
        return None


def inbox(
    *,
    user: User,
    status: str = "",
    kind: str = "",
    hour: datetime | None = None,
    grouped: Iterable[datetime] = (),
) -> QuerySet[Submission]:
    """Submissions for the inbox list, newest first, with counts (no decryption here:
    ``list_summaries`` opens the rows of the page shown). ``hour``: only that
    hour's arrivals (reviewing a flood); ``grouped``: hours left out of the list
    (floods, shown as one row each)."""
    qs = (
        visible_submissions(user)
        .select_related("desk_key")
        .annotate(
            message_count=Count("messages", distinct=True),
            file_count=Count("attachments", distinct=True),
        )
    )
    if status in Status.values:
        qs = qs.filter(status=status)
    if kind in Kind.values:
        qs = qs.filter(kind=kind)
    if hour is not None:
        qs = qs.filter(received_at=hour)
    elif grouped:
        qs = qs.exclude(received_at__in=list(grouped))
    # Explicit: a grouped query (the counts) drops the model's default ordering.
    return qs.order_by("-received_at", "-id")


def deletion_cutoff() -> datetime:
    return timezone.now() - timedelta(days=settings.INTAKE_RETENTION_DAYS)


def due_soon() -> QuerySet[Submission]:
    """Submissions that will be deleted within the warning period."""
    warn_from = deletion_cutoff() + timedelta(days=settings.INTAKE_RETENTION_WARNING_DAYS)
    return Submission.objects.exclude(status=Status.IN_CASE).filter(received_at__lt=warn_from)


def due_soon_count(*, user: User) -> int:
    """Submissions this user may see that the retention rule deletes soon."""
    return due_soon().filter(pk__in=visible_submissions(user).values("pk")).count()


def inbox_counts(*, user: User) -> dict[str, int]:
    """Figures for the dashboard, over what this user may see; counts only, nothing
    decrypted (an officer's figures never count a restricted case's submission)."""
    visible = visible_submissions(user)
    return {
        "new": visible.filter(status=Status.NEW).count(),
        "waiting": visible.filter(source_waiting=True).count(),
        "due": due_soon_count(user=user),
    }


def submission_for_staff(*, user: User, pk: int) -> Submission:
    """The one way a desk view finds a submission: 404 for an unknown id and for one
    this user may not know exists (need-to-know, as for cases)."""
    submission = visible_submissions(user).select_related("desk_key").filter(pk=pk).first()
    if submission is None:
        raise Http404
    return submission


def attachment_for_staff(*, submission: Submission, pk: int) -> Attachment:
    try:
        return Attachment.objects.select_related("desk_key").get(pk=pk, submission=submission)
    except Attachment.DoesNotExist:
        raise Http404 from None


# What a list row shows of a submission's sealed answers, per kind: only what triage
# needs (what happened, to whom by role, where; for a meeting, how and when), never
# a name, a narrative, a contact or a file name. See docs/threat-model.md.
LIST_ANSWERS: dict[str, tuple[str, ...]] = {
    Kind.REPORT: ("act_kind", "person_role", "person_place"),
    Kind.MEETING: ("place_mode", "preferred_dates"),
    Kind.ASSESSMENT: ("status_seen",),
}
LIST_TEXT_LIMIT = 40  # characters of a free-text answer (a place, dates) in a list


def list_summaries(
    *,
    submissions: Iterable[Submission],
    desk_keys: dict[int, bytes],
    form_for_kind: Callable[[str], type[Form]],
) -> dict[int, list[str]]:
    """{submission id: the answers a list row shows, in words, in the page's language}.

    Decrypts in memory, for a signed-in member of staff whose session unlocked the
    desk keys, only the submissions passed (one page of a list); nothing is stored,
    logged or cached. A choice is shown by its label, a free text cut to
    ``LIST_TEXT_LIMIT`` characters; an envelope that does not open gives no line.
    ``form_for_kind`` (``intake.forms``, passed in by the page) names the labels."""

    summaries: dict[int, list[str]] = {}
    for submission in submissions:
        content = vault_sealing.open_record(submission, desk_keys)
        answers = content.get("answers", {})
        if content.get("unreadable") or not isinstance(answers, dict):
            continue
        fields = form_for_kind(submission.kind).base_fields
        shown = []
        for name in LIST_ANSWERS.get(submission.kind, ()):
            value = str(answers.get(name) or "").strip()
            if not value or name not in fields:
                continue
            choices = dict(getattr(fields[name], "choices", None) or [])
            if choices:
                shown.append(str(choices.get(value, "")))
            else:
                shown.append(Truncator(" ".join(value.split())).chars(LIST_TEXT_LIMIT))
        summaries[submission.pk] = [text for text in shown if text]
    return summaries


@dataclass
class OpenedSubmission:
    submission: Submission
    content: dict[str, Any]
    files: list[dict[str, Any]] = field(default_factory=list)
    conversation: list[dict[str, Any]] = field(default_factory=list)
    notes: list[dict[str, Any]] = field(default_factory=list)


def open_for_staff(*, submission: Submission, desk_keys: dict[int, bytes]) -> OpenedSubmission:
    """Decrypt everything of one submission for a staff page (several queries)."""
    opened = OpenedSubmission(
        submission=submission, content=vault_sealing.open_record(submission, desk_keys)
    )
    for attachment in submission.attachments.select_related("desk_key"):
        meta = vault_sealing.open_record(attachment, desk_keys, field="meta_envelope")
        opened.files.append({"id": attachment.pk, "message_id": attachment.message_id, **meta})
    for message in submission.messages.select_related("desk_key", "author"):
        opened.conversation.append(
            {
                "message": message,
                "data": vault_sealing.open_record(message, desk_keys),
                "files": [f for f in opened.files if f["message_id"] == message.pk],
            }
        )
    for note in submission.notes.select_related("desk_key", "author"):
        opened.notes.append({"note": note, "data": vault_sealing.open_record(note, desk_keys)})
    return opened


def submission_for_source(*, source_submission_id: int) -> Submission:
    try:
        return Submission.objects.get(pk=source_submission_id)
    except Submission.DoesNotExist:
        raise Http404 from None


def conversation_for_source(*, submission: Submission, private_key: bytes) -> list[dict[str, Any]]:
    """What the source sees: staff replies in full; their own messages only as
    "sent" (sealed to the desk alone, so a seized receipt does not show them)."""
    entries: list[dict[str, Any]] = []
    for message in submission.messages.all():
        if message.from_source:
            entries.append({"message": message, "data": None})
        else:
            data = sealing.open_for_source(envelope=message.envelope, private_key=private_key)
            entries.append({"message": message, "data": data})
    return entries


def accepted_meetings(*, user: User, desk_keys: dict[int, bytes]) -> list[dict[str, Any]]:
    """Accepted meetings this user may see, with their time and place (decrypted),
    for the calendar file."""
    meetings = []
    for submission in (
        visible_submissions(user)
        .filter(kind=Kind.MEETING, meeting_state=MeetingState.ACCEPTED)
        .select_related("desk_key")
    ):
        answer = (
            submission.messages.filter(from_source=False, kind="meeting")
            .select_related("desk_key")
            .order_by("-id")
            .first()
        )
        if answer is None:
            continue
        data = vault_sealing.open_record(answer, desk_keys)
        if data.get("decision") == MeetingState.ACCEPTED and data.get("start"):
            meetings.append({"submission": submission, "answer": answer, **data})
    return meetings
