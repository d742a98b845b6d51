"""Reads. Staff views find a communication only through ``communication_for_staff``;
public views only through the ``public_*`` functions, which never return anything
unpublished. Nothing here decrypts (see ``content.open_communication``).

Need-to-know: a letter drafted from a case carries what the case holds (the
victims' names, the facts). ``visible_communications`` is the one queryset every
desk read starts from (single pages, the list, deadlines, the dashboard, the
calendar feed, the press release form): a letter linked to cases shows only to a
user who may see *all* of them (``cases.selectors.visible_cases``); the
rapporteur sees every letter, so letters awaiting approval stay reachable. Public
pages are unaffected: a published letter is public in its redacted version.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Exists, Min, OuterRef, Prefetch, Q, QuerySet, Value
from django.http import Http404
from django.shortcuts import get_object_or_404

from rapporteur.accounts.models import User
from rapporteur.accounts.permissions import Perm, Role
from rapporteur.cases.models import Act, Case
from rapporteur.cases.selectors import visible_cases
from rapporteur.communications.deadlines import REPLY_WINDOW_DAYS, week_bounds
from rapporteur.communications.models import (
    SENT_STATES,
    CalendarToken,
    Communication,
    PressRelease,
    PressState,
    Reply,
    ReplyDocument,
    SpecialProcedureMandate,
    StandardParagraph,
    State,
)
from rapporteur.communications.stats import Assessment as StatAssessment
from rapporteur.communications.stats import (
    CommunicationRecord,
    ReplyRecord,
    ReplyStats,
)


def _without_hidden_cases(qs: QuerySet[Communication], user: User) -> QuerySet[Communication]:
    """``qs`` less the letters linked to a case ``user`` may not see (one NOT EXISTS
    subquery over the link table: no join, no DISTINCT)."""
    if user.role == Role.RAPPORTEUR:
        return qs
    hidden_link = Communication.cases.through.objects.filter(
        communication_id=OuterRef("pk")
    ).exclude(case_id__in=visible_cases(user).values("pk"))
    return qs.filter(~Exists(hidden_link))


def visible_communications(user: User) -> QuerySet[Communication]:
    """Letters this user may know exist on the desk: none without the drafting
    permission; all for the rapporteur; otherwise those with no linked case outside
    ``visible_cases(user)`` (a letter linked to no case is the whole desk's)."""
    if not user.is_authenticated or not user.has_desk_permission(Perm.COMMUNICATIONS_DRAFT):
        return Communication.objects.none()
    return _without_hidden_cases(Communication.objects.all(), user)


def counted_communications(user: User) -> QuerySet[Communication]:
    """The letters a user's reply statistics count.

    A role that reads cases (an officer) counts only the letters it may open, so no
    figure on its dashboard or statistics page tells it that a restricted case's
    letter exists. A role that holds only aggregates (the analyst: reply statistics
    and patterns, never a letter or a case) counts every letter, as its patterns
    count every case. The rapporteur counts every letter."""
    if not user.is_authenticated or not user.has_desk_permission(Perm.COMMUNICATIONS_STATS):
        return Communication.objects.none()
    if not user.has_desk_permission(Perm.CASES_READ):
        return Communication.objects.all()
    return _without_hidden_cases(Communication.objects.all(), user)


def communication_for_staff(*, user: User, pk: int) -> Communication:
    """The one way a desk view finds a communication: 404 for an unknown id and for
    one this user may not know exists (need-to-know, as for cases)."""
    found = (
        visible_communications(user)
        .select_related("desk_key", "follow_up_of")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


def reply_document_for_staff(*, communication: Communication, pk: int) -> ReplyDocument:
    return get_object_or_404(
        ReplyDocument.objects.select_related("desk_key"), pk=pk, reply__communication=communication
    )


def press_release_for_staff(*, pk: int) -> PressRelease:
    return get_object_or_404(PressRelease, pk=pk)


def press_releases_for_staff(*, limit: int = 200) -> QuerySet[PressRelease]:
    return PressRelease.objects.prefetch_related("versions")[:limit]


def mandates() -> QuerySet[SpecialProcedureMandate]:
    """Every Special Procedures mandate of the library (not secret: public filters
    name them too)."""
    return SpecialProcedureMandate.objects.all()


def standard_paragraphs() -> QuerySet[StandardParagraph]:
    return StandardParagraph.objects.all()


def mandate_for_staff(*, pk: int) -> SpecialProcedureMandate:
    return get_object_or_404(SpecialProcedureMandate, pk=pk)


def paragraph_for_staff(*, pk: int) -> StandardParagraph:
    return get_object_or_404(StandardParagraph, pk=pk)


def has_calendar_feed(*, user: User) -> bool:
    return CalendarToken.objects.filter(user=user).exists()


_LIST_COLUMNS = (
    "id",
    "reference",
    "kind",
    "addressee_code",
    "addressee_other",
    "state",
    "reply_due_on",
)


def desk_list(*, user: User, state: str = "") -> QuerySet[Communication]:
    """Newest first by id (the primary key index; created_at has none), and only
    the listed columns: envelopes and public letters stay on disk."""
    qs = visible_communications(user).only(*_LIST_COLUMNS).order_by("-id")
    if state in State.values:
        qs = qs.filter(state=state)
    return qs


def _unanswered(user: User) -> QuerySet[Communication]:
    """Sent letters without a reply. ``has_reply=False`` would be written
    ``NOT has_reply``, which SQLite cannot look up in an index: it then walked the
    (state, ...) index and read every sent row, public letter and all. Compared
    with a value (``has_reply = 0``; ``= false`` on PostgreSQL), the
    (has_reply, state, reply_due_on) and (has_reply, reply_due_on) indexes serve it."""
    return (
        visible_communications(user)
        .filter(Q(has_reply=Value(False)), state__in=SENT_STATES)
        .only("id", "reference", "reply_due_on")
    )


@dataclass
class Deadlines:
    due_this_week: list[Communication]
    overdue: list[Communication]
    unanswered: int


def deadlines(*, user: User, today: date, limit: int = 50) -> Deadlines:
    """Three indexed queries over (has_reply, reply_due_on): cheap at any size.
    Days already past this week count as overdue, never twice."""
    _, sunday = week_bounds(today=today)
    unanswered = _unanswered(user)
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


def deadline_counts(*, user: User, today: date) -> DeadlineCounts:
    """The dashboard's figures: one aggregate query over the (has_reply,
    reply_due_on) index, no rows loaded, nothing decrypted."""
    _, sunday = week_bounds(today=today)
    counts = _unanswered(user).aggregate(
        due_this_week=Count("id", filter=Q(reply_due_on__gte=today, reply_due_on__lte=sunday)),
        overdue=Count("id", filter=Q(reply_due_on__lt=today)),
        unanswered=Count("id"),
    )
    return DeadlineCounts(**counts)


def calendar_items(*, user: User, today: date) -> QuerySet[Communication]:
    """Unanswered letters this user may see whose due date is not more than a year
    past (the feed's owner's view: a restricted case's letter stays off their phone)."""
    return _unanswered(user).filter(reply_due_on__gte=today.replace(year=today.year - 1))


def user_for_calendar_token(*, token_hash: str) -> User:
    """The owner of a live calendar token who may still see communications; 404
    for a revoked or unknown token, or a user who left."""
    row = CalendarToken.objects.select_related("user").filter(token_hash=token_hash).first()
    if row is None or not row.user.is_active:
        raise Http404
    if not row.user.has_desk_permission(Perm.COMMUNICATIONS_DRAFT):
        raise Http404
    return row.user


def _sent_records(
    *, communications: QuerySet[Communication], start: date, end: date
) -> list[CommunicationRecord]:
    """Letters of ``communications`` sent in the period with their replies' dates and
    assessments, for the reference statistics (``stats.py``). Two queries."""
    sent = communications.filter(
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


@dataclass(frozen=True)
class ReplyFigures:
    """The reply figures of one year as one user may see them: all addressees
    together (the dashboard's line and the statistics page's total) and, when
    asked for, one line per addressee code."""

    year: int
    as_of: date
    last_day: date  # of the period counted: 31 December, or ``as_of`` in its year
    total: ReplyStats
    by_addressee: dict[str, ReplyStats]


def reply_period(*, year: int, as_of: date) -> tuple[date, date]:
    """The letters a year's figures count: sent from 1 January to 31 December of
    ``year``, but never after ``as_of`` (a sent date typed in the future is not a
    letter sent yet). So the dashboard's "this year" and the statistics page for
    this year count the same letters."""
    return date(year, 1, 1), min(date(year, 12, 31), as_of)


def reply_figures(
    *, user: User, year: int, as_of: date, by_addressee: bool = False
) -> ReplyFigures:
    """The one source of the reply figures, for the dashboard and the statistics page.

    What each figure means is written in ``stats.py`` (the plain reference this
    must equal; its tests compare the two): a letter counts as *sent* when its
    state is awaiting reply, replied or published (a published letter was sent)
    and its sent date is in the period; *replied* when a reply was received by
    ``as_of``; *in time* when the first reply came by the due date (sent + 60
    days); a letter whose first reply came later counts as replied, not in time.
    The shares are over settled letters (replied, or window closed).

    Counted over ``counted_communications(user)``. The database does the per-letter
    work in one grouped query over covering indexes: each letter's first reply known
    on ``as_of`` and whether a substantive one is among them; the counts and the
    median are taken in Python over one small tuple per letter."""
    start, end = reply_period(year=year, as_of=as_of)
    known = Q(replies__received_on__lte=as_of)
    columns = ("sent_on", "first", "substantive") + (("addressee_code",) if by_addressee else ())
    rows = (
        counted_communications(user)
        .filter(state__in=SENT_STATES, sent_on__gte=start, sent_on__lte=end)
        .order_by()
        .values("id")
        .annotate(
            first=Min("replies__received_on", filter=known),
            substantive=Count(
                "replies", filter=known & Q(replies__assessment=StatAssessment.SUBSTANTIVE)
            ),
        )
        .values_list(*columns)
    )
    letters = [row for row in rows if row[0] is not None]
    grouped: dict[str, list[tuple]] = defaultdict(list)
    for row in letters if by_addressee else ():
        grouped[row[3]].append(row)
    return ReplyFigures(
        year=year,
        as_of=as_of,
        last_day=end,
        total=_summarise(letters, as_of=as_of),
        by_addressee={code: _summarise(grouped[code], as_of=as_of) for code in sorted(grouped)},
    )


def _summarise(letters: Iterable[tuple], *, as_of: date) -> ReplyStats:
    """The figures over (sent on, first reply or None, substantive replies, ...)."""
    window = timedelta(days=REPLY_WINDOW_DAYS)
    sent = pending = in_time = substantive = 0
    delays: list[int] = []
    for sent_on, first, substantive_replies, *_ in letters:
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
    return communication.cases.filter(pk__in=visible_cases(user).values("pk")).order_by("pk")


@dataclass(frozen=True)
class LinkedCase:
    """A linked case on the links page, with each of its acts and whether the
    letter concerns it."""

    case: Case
    acts: list[tuple[Act, bool]]


def case_links(*, user: User, communication: Communication) -> list[LinkedCase]:
    """The cases linked to ``communication`` that ``user`` may see, and their acts."""
    linked_acts = set(communication.acts.values_list("pk", flat=True))
    return [
        LinkedCase(
            case=case,
            acts=[
                (act, act.pk in linked_acts)
                for act in case.acts.select_related("act_type").order_by("start_earliest", "id")
            ],
        )
        for case in linked_cases(user=user, communication=communication)
    ]


def communications_of_case(*, user: User, case: Case) -> QuerySet[Communication]:
    """The letters of a case this user may open: a letter also linked to another
    case the user may not see stays off the case page (it would 404 anyway)."""
    return visible_communications(user).filter(cases=case).order_by("-created_at")
