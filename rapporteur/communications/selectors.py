"""Reads. Staff views find a communication only through ``communication_for_staff``;
public views only through the ``public_*`` functions, which never return anything
unpublished. Nothing here decrypts (see ``content.open_communication``)."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Min, Prefetch, Q, QuerySet, Value
from django.http import Http404

from rapporteur.accounts.models import User
from rapporteur.accounts.permissions import Perm
from rapporteur.cases.models import Case
from rapporteur.communications.deadlines import REPLY_WINDOW_DAYS, week_bounds
from rapporteur.communications.models import (
    SENT_STATES,
    CalendarToken,
    Communication,
    PressRelease,
    PressState,
    Reply,
    ReplyDocument,
    State,
)
from rapporteur.communications.stats import Assessment as StatAssessment
from rapporteur.communications.stats import (
    CommunicationRecord,
    ReplyRecord,
    ReplyStats,
    reply_statistics_by_state,
)


def communication_for_staff(*, pk: int) -> Communication:
    """The one way a desk view finds a communication (404 for an unknown id)."""
    try:
        return Communication.objects.select_related("desk_key", "follow_up_of").get(pk=pk)
    except Communication.DoesNotExist:
        raise Http404 from None


def reply_document_for_staff(*, communication: Communication, pk: int) -> ReplyDocument:
    try:
        return ReplyDocument.objects.select_related("desk_key").get(
            pk=pk, reply__communication=communication
        )
    except ReplyDocument.DoesNotExist:
        raise Http404 from None


def press_release_for_staff(*, pk: int) -> PressRelease:
    try:
        return PressRelease.objects.get(pk=pk)
    except PressRelease.DoesNotExist:
        raise Http404 from None


_LIST_COLUMNS = ("id", "reference", "kind", "addressee_code", "state", "reply_due_on")


def desk_list(*, state: str = "") -> QuerySet[Communication]:
    """Newest first by id (the primary key index; created_at has none), and only
    the listed columns: envelopes and public letters stay on disk."""
    qs = Communication.objects.only(*_LIST_COLUMNS).order_by("-id")
    if state in State.values:
        qs = qs.filter(state=state)
    return qs


def _unanswered() -> QuerySet[Communication]:
    """Sent letters without a reply. ``has_reply=False`` would be written
    ``NOT has_reply``, which SQLite cannot look up in an index: it then walked the
    (state, ...) index and read every sent row, public letter and all. Compared
    with a value (``has_reply = 0``; ``= false`` on PostgreSQL), the
    (has_reply, state, reply_due_on) and (has_reply, reply_due_on) indexes serve it."""
    return Communication.objects.filter(Q(has_reply=Value(False)), state__in=SENT_STATES).only(
        "id", "reference", "reply_due_on"
    )


@dataclass
class Deadlines:
    due_this_week: list[Communication]
    overdue: list[Communication]
    unanswered: int


def deadlines(*, today: date, limit: int = 50) -> Deadlines:
    """Three indexed queries over (has_reply, reply_due_on): cheap at any size.
    Days already past this week count as overdue, never twice."""
    _, sunday = week_bounds(today=today)
    unanswered = _unanswered()
    return Deadlines(
        due_this_week=list(
            unanswered.filter(reply_due_on__gte=today, reply_due_on__lte=sunday).order_by(
                "reply_due_on", "id"
            )[:limit]
        ),
        overdue=list(
            unanswered.filter(reply_due_on__lt=today).order_by("reply_due_on", "id")[:limit]
        ),
        unanswered=unanswered.count(),
    )


@dataclass(frozen=True)
class DeadlineCounts:
    due_this_week: int
    overdue: int
    unanswered: int


def deadline_counts(*, today: date) -> DeadlineCounts:
    """The dashboard's figures: one aggregate query over the (has_reply,
    reply_due_on) index, no rows loaded, nothing decrypted."""
    _, sunday = week_bounds(today=today)
    counts = _unanswered().aggregate(
        due_this_week=Count("id", filter=Q(reply_due_on__gte=today, reply_due_on__lte=sunday)),
        overdue=Count("id", filter=Q(reply_due_on__lt=today)),
        unanswered=Count("id"),
    )
    return DeadlineCounts(**counts)


def calendar_items(*, today: date) -> QuerySet[Communication]:
    """Unanswered letters whose due date is not more than a year past."""
    return _unanswered().filter(reply_due_on__gte=today.replace(year=today.year - 1))


def user_for_calendar_token(*, token_hash: str) -> User:
    """The owner of a live calendar token who may still see communications; 404
    for a revoked or unknown token, or a user who left."""
    row = CalendarToken.objects.select_related("user").filter(token_hash=token_hash).first()
    if row is None or not row.user.is_active:
        raise Http404
    if not row.user.has_desk_permission(Perm.COMMUNICATIONS_DRAFT):
        raise Http404
    return row.user


def _sent_records(*, start: date, end: date) -> list[CommunicationRecord]:
    """Letters sent in the period with their replies' dates and assessments.
    Two queries, no decryption."""
    sent = Communication.objects.filter(
        state__in=SENT_STATES, sent_on__gte=start, sent_on__lte=end
    ).values_list("id", "addressee_code", "sent_on")
    replies: dict[int, list[ReplyRecord]] = {}
    for cid, received, assessment in Reply.objects.filter(
        communication__sent_on__gte=start, communication__sent_on__lte=end
    ).values_list("communication_id", "received_on", "assessment"):
        replies.setdefault(cid, []).append(ReplyRecord(received, StatAssessment(assessment)))
    return [
        CommunicationRecord(addressee_code=code, sent_on=sent_on, replies=replies.get(cid, ()))
        for cid, code, sent_on in sent
        if sent_on is not None
    ]


def reply_statistics(*, start: date, end: date, as_of: date) -> dict[str, ReplyStats]:
    """Per addressee over letters sent in the period."""
    records = _sent_records(start=start, end=end)
    return reply_statistics_by_state(records=records, start=start, end=end, as_of=as_of)


def reply_summary(*, start: date, end: date, as_of: date) -> ReplyStats:
    """All addressees together over letters sent in the period (the dashboard's line).

    The same figures as ``stats.reply_statistics`` (its tests compare the two), but
    the database does the per-letter work in one grouped query: each letter's first
    reply known on ``as_of`` and whether a substantive one is among them. No reply
    row and no record object reaches Python; the counts and the median are taken
    over one small (sent date, first reply, substantive) tuple per letter."""
    if end < start:
        raise ValueError(f"The period ends ({end}) before it starts ({start}).")
    known = Q(replies__received_on__lte=as_of)
    rows = (
        Communication.objects.filter(state__in=SENT_STATES, sent_on__gte=start, sent_on__lte=end)
        .order_by()
        .values("id")
        .annotate(
            first=Min("replies__received_on", filter=known),
            substantive=Count(
                "replies", filter=known & Q(replies__assessment=StatAssessment.SUBSTANTIVE)
            ),
        )
        .values_list("sent_on", "first", "substantive")
    )
    window = timedelta(days=REPLY_WINDOW_DAYS)
    sent = pending = in_time = substantive = 0
    delays: list[int] = []
    for sent_on, first, substantive_replies in rows:
        if sent_on is None:  # excluded by the filter; for the type checker
            continue
        sent += 1
        if first is None:
            pending += as_of <= sent_on + window  # the window is still open
            continue
        delays.append((first - sent_on).days)
        in_time += first <= sent_on + window
        substantive += substantive_replies > 0
    return ReplyStats(
        sent=sent,
        pending=pending,
        replied=len(delays),
        in_time=in_time,
        substantive=substantive,
        median_days_to_first_reply=statistics.median(delays) if delays else None,
    )


# --- public -------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportFilter:
    state: str = ""
    kind: str = ""
    year: int | None = None
    mandate: int | None = None
    reply: str = ""  # "replied" or "none"


def public_report(*, filters: ReportFilter) -> QuerySet[Communication]:
    """Published communications only, newest first, filtered. Served by the
    (state, addressee_code, ref_year) index. The letter and the envelope are left
    out: no list uses them, and SQLite would group the reply count by them."""
    qs = Communication.objects.filter(state=State.PUBLISHED).defer("envelope", "public_letter")
    if filters.state:
        qs = qs.filter(addressee_code=filters.state)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.year:
        qs = qs.filter(ref_year=filters.year)
    if filters.mandate:
        qs = qs.filter(mandates__id=filters.mandate)
    if filters.reply == "replied":
        qs = qs.filter(replies__published_on__isnull=False).distinct()
    elif filters.reply == "none":
        qs = qs.exclude(replies__published_on__isnull=False)
    return (
        qs.annotate(reply_count=Count("replies", filter=Q(replies__published_on__isnull=False)))
        .prefetch_related("mandates")
        .order_by("-sent_on", "-id")
    )


def public_communication(*, pk: int) -> Communication:
    try:
        return (
            Communication.objects.filter(state=State.PUBLISHED)
            .prefetch_related(
                "mandates",
                Prefetch(
                    "replies",
                    queryset=Reply.objects.filter(published_on__isnull=False),
                    to_attr="public_replies",
                ),
            )
            .get(pk=pk)
        )
    except Communication.DoesNotExist:
        raise Http404 from None


def public_years() -> list[int]:
    return sorted(
        {
            y
            for y in Communication.objects.filter(state=State.PUBLISHED)
            .order_by()  # the model's ordering would put created_at into the DISTINCT
            .values_list("ref_year", flat=True)
            .distinct()
            if y
        },
        reverse=True,
    )


def public_press_releases() -> QuerySet[PressRelease]:
    return PressRelease.objects.filter(state=PressState.PUBLISHED).prefetch_related("versions")


def public_press_release(*, pk: int) -> PressRelease:
    try:
        return (
            public_press_releases()
            .select_related("visit")
            .prefetch_related("communications")
            .get(pk=pk)
        )
    except PressRelease.DoesNotExist:
        raise Http404 from None


def linked_cases(*, user: User, communication: Communication) -> QuerySet[Case]:
    """The cases linked to ``communication`` that ``user`` may know exist: need-to-know
    applied in the same query, so a linked case the user may not see is not even
    counted. Staff of the communications desk see the letter, not every case."""
    from rapporteur.cases.selectors import visible_cases

    return communication.cases.filter(pk__in=visible_cases(user).values("pk")).order_by("pk")
