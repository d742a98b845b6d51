"""The dashboard's counts from tallies when they can answer, from the acts when not.

Why. Counting a million acts for six charts takes seconds; the same counts summed
from tallies (``models.ActTally``: acts grouped by dimension value, country and date
window in months) take milliseconds, because acts share few windows (a few thousand
distinct ones over ten years).

When a tally answers, and only then:

- it is fresh: no case has been written since it was built (``is_fresh``, read from
  the audit log, which every write passes through); or, on a page, it is stale by
  less than ``STALE_SERVED_FOR``: a rebuild is queued (``tasks.rebuild_tallies``)
  and the page says the time its figures count up to (``Counts.as_of``), with a link
  that counts the acts now (``latest``). On a busy desk some case is written every
  minute, and a million acts take seconds to count: without this, the dashboard
  would count the acts on nearly every visit. The country report, and a page asked
  for the latest figures, never read a stale tally;
- the period is whole months, so that "a day inside the period" and "a month inside
  the period" are the same thing (a month-window tally cannot place a day);
- the scope is all acts or one country (filters by act type, profession or case tag
  count the acts themselves).

Distinct victims are not a sum of acts: a person with acts in March and May counts
once in spring. ``victim_windows`` turns each person's windows into signed windows
whose sum is exactly the number of distinct persons for any whole-month period, so
that they too can be tallied (docs/insights.md, "Tallies", proves it).
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from rapporteur.audit.models import AuditEntry, AuditHead
from rapporteur.audit.tags import AuditTag
from rapporteur.cases.models import Act
from rapporteur.insights import selectors
from rapporteur.insights.dimensions import DIMENSIONS, Dimension
from rapporteur.insights.models import ActTally, TallyState, VictimPart, VictimTally
from rapporteur.insights.periods import Interval, Period
from rapporteur.insights.selectors import Bounds, MonthNumber, Point, Row, Scope, Summary

# Audit tags of the case desk that change nothing a tally counts.
_CASE_READS = {
    AuditTag.CASE_READ,
    AuditTag.CASE_DOCUMENT_DOWNLOADED,
    AuditTag.CASE_SEARCHED,
    AuditTag.CASE_EXPORTED,
}
_BATCH = 5000
# How long stale tallies may answer a page while the rebuild runs. The rebuild of a
# million acts takes about a minute; a worker that has stopped would otherwise leave
# the figures behind for good.
STALE_SERVED_FOR = timedelta(minutes=30)


def month_number(day: Any) -> int:
    """A day's month as ``MonthNumber`` counts it in SQL: year * 12 + month - 1."""
    return int(day.year * 12 + day.month - 1)


# ----------------------------------------------------------------------- freshness


def is_fresh() -> bool:
    """Whether the tallies count every case write: no audit entry of a case write
    (any ``cases:`` tag but reads) came after the one they were built at. Only the
    entries since then are read, through the sequence number's index."""
    return _counts_every_write(TallyState.objects.filter(pk=1).first())


def _counts_every_write(state: TallyState | None) -> bool:
    if state is None or state.built_at is None:
        return False
    since = AuditEntry.objects.filter(seq__gt=state.audit_seq, tag__startswith="cases:")
    return not since.exclude(tag__in=_CASE_READS).exists()


def _last_write_counted(state: TallyState, built_at: datetime) -> datetime:
    """The time of the audit head the tallies were built at: every write before it
    is counted (the build's end when the log was empty)."""
    head = AuditEntry.objects.filter(seq=state.audit_seq)
    return head.values_list("created_at", flat=True).first() or built_at


# --------------------------------------------------------------------------- build


def rebuild() -> TallyState:
    """Count every act again into fresh tallies.

    The counting reads outside any transaction, so that desk writes (a source's
    submission above all) never wait for it; only the swap of old rows for new ones
    is one transaction (readers see the old tallies or the new, never half).

    The audit head is read first: any write counted in it had committed before, so
    the counts read afterwards include it; a write that comes later has a higher
    number and makes the tallies stale again. A write during the count may be
    counted or not: it is stale either way, and counted again."""
    started = time.perf_counter()
    head = AuditHead.objects.filter(pk=1).values_list("seq", flat=True).first() or 0
    act_tallies = list(_act_tallies())
    victim_tallies = list(_victim_tallies())
    with transaction.atomic():
        state, _created = TallyState.objects.select_for_update().get_or_create(pk=1)
        ActTally.objects.all().delete()
        VictimTally.objects.all().delete()
        ActTally.objects.bulk_create(act_tallies, batch_size=_BATCH)
        VictimTally.objects.bulk_create(victim_tallies, batch_size=_BATCH)
        state.audit_seq = head
        state.built_at = timezone.now()
        state.seconds = time.perf_counter() - started
        state.save()
    return state


# An act's date window in months, the form tallies keep it in.
WINDOW = {"first_month": MonthNumber("start_earliest"), "last_month": MonthNumber("start_latest")}


def _act_tallies() -> Iterator[ActTally]:
    dimensions: list[Dimension | None] = [None, *Dimension]
    for dimension in dimensions:
        columns = [DIMENSIONS[dimension].column] if dimension else []
        grouped = (
            Act.objects.annotate(**WINDOW)
            .values(*columns, "country", "first_month", "last_month")
            .annotate(n=Count("id"))
            .order_by()
        )
        for group in grouped.iterator(chunk_size=_BATCH):
            key = group[columns[0]] if columns else ""
            yield ActTally(
                dimension=dimension.value if dimension else "",
                key="" if key is None else str(key),
                country=group["country"],
                first_month=group["first_month"],
                last_month=group["last_month"],
                acts=group["n"],
            )


def _victim_tallies() -> Iterator[VictimTally]:
    """Signed windows per person: over the whole desk (country "") and per country,
    since a person with acts in two countries is one victim of the desk."""
    windows = (
        Act.objects.filter(victim__isnull=False)
        .exclude(selectors.UNDATED)
        .annotate(first_month=MonthNumber("start_earliest"), last_month=MonthNumber("start_latest"))
        .values_list("victim_id", "country", "first_month", "last_month")
        .distinct()
        .order_by("victim_id")
    )
    totals: dict[tuple[str, VictimPart, int | None, int | None], int] = {}
    person: int | None = None
    own: dict[str, list[tuple[int | None, int | None]]] = {}
    for victim_id, country, first, last in windows.iterator(chunk_size=_BATCH):
        if victim_id != person:
            _add_person(totals, own)
            person, own = victim_id, {}
        own.setdefault(country, []).append((first, last))
    _add_person(totals, own)
    for (country, part, first, last), weight in totals.items():
        if weight:
            yield VictimTally(
                country=country, part=part, first_month=first, last_month=last, weight=weight
            )


def _add_person(
    totals: dict[tuple[str, VictimPart, int | None, int | None], int],
    by_country: dict[str, list[tuple[int | None, int | None]]],
) -> None:
    scopes = {"": [w for windows in by_country.values() for w in windows]}
    scopes.update((country, windows) for country, windows in by_country.items() if country)
    for country, windows in scopes.items():
        for part, first, last, weight in victim_windows(windows):
            key = (country, part, first, last)
            totals[key] = totals.get(key, 0) + weight


def victim_windows(
    windows: Iterable[tuple[int | None, int | None]],
) -> list[tuple[VictimPart, int | None, int | None, int]]:
    """One person's act windows (months; None for an open side) as signed windows
    (part, first, last, ±1) whose sum over any whole-month period P is 1 if the
    person is counted in P and 0 if not, for both bounds.

    Upper bound (some window meets P): merge the windows into disjoint runs; the runs
    that meet P are consecutive, and two neighbouring runs both meet P exactly when
    the window from the first's end to the second's start lies inside P. So +1 per
    run meeting P and -1 per such joining window inside P leaves 1.

    Lower bound (some window lies inside P): only the smallest windows matter (one
    that holds another is inside P only if the other is). Sorted, they start and end
    in the same order, and those inside P are consecutive; a pair of neighbours is
    inside P together exactly when the window from the first's start to the
    second's end is. So +1 per smallest window and -1 per neighbouring pair (as
    that joined window) inside P leaves 1.
    """
    low, high = -(10**9), 10**9  # stand-ins for open sides, while comparing
    spans = sorted((low if f is None else f, high if t is None else t) for f, t in windows)
    signed: list[tuple[VictimPart, int, int, int]] = []
    runs: list[list[int]] = []
    for first, last in spans:
        if runs and first <= runs[-1][1] + 1:
            runs[-1][1] = max(runs[-1][1], last)
        else:
            runs.append([first, last])
    signed += [(VictimPart.RUN, first, last, 1) for first, last in runs]
    signed += [(VictimPart.GAP, a[1], b[0], -1) for a, b in itertools.pairwise(runs)]
    # Sorted by start, latest first, and by end within a start: a window is one of
    # the smallest when it ends before every window seen so far (none inside it).
    smallest: list[tuple[int, int]] = []
    ends_by = high + 1
    for first, last in sorted(
        {(f, t) for f, t in spans if f != low and t != high}, key=lambda w: (-w[0], w[1])
    ):
        if last < ends_by:
            smallest.append((first, last))
            ends_by = last
    smallest.reverse()
    signed += [(VictimPart.CERTAIN, first, last, 1) for first, last in smallest]
    signed += [(VictimPart.CERTAIN, a[0], b[1], -1) for a, b in itertools.pairwise(smallest)]

    def side(month: int) -> int | None:
        return None if month in (low, high) else month

    return [(part, side(f), side(t), weight) for part, f, t, weight in signed]


# ------------------------------------------------------------------------- reading


def _inside(first: int, last: int) -> Q:
    return Q(first_month__gte=first, last_month__lte=last)


def _meets(first: int, last: int) -> Q:
    """The tally form of ``selectors.overlapping``: an open side reaches as far as it
    must. A victim's run open on both sides meets every period."""
    return (Q(first_month__isnull=True) | Q(first_month__lte=last)) & (
        Q(last_month__isnull=True) | Q(last_month__gte=first)
    )


def _acts_meet(first: int, last: int) -> Q:
    """Acts whose window meets the months: an undated act meets nothing."""
    return ~Q(first_month__isnull=True, last_month__isnull=True) & _meets(first, last)


def _months(period: Period) -> tuple[int, int]:
    return month_number(period.start), month_number(period.end)


def _act_rows(scope: Scope, dimension: Dimension | None) -> QuerySet[ActTally]:
    rows = ActTally.objects.filter(dimension=dimension.value if dimension else "")
    return rows.filter(country=scope.country.upper()) if scope.country else rows


def _victim_rows(scope: Scope) -> QuerySet[VictimTally]:
    return VictimTally.objects.filter(country=scope.country.upper())  # "": the whole desk


def _victims(part: VictimPart, first: int, last: int) -> Sum:
    """The sum of one part's signed windows that count in months [first, last]."""
    counts = _meets(first, last) if part is VictimPart.RUN else _inside(first, last)
    return Sum("weight", filter=Q(part=part) & counts, default=0)


@dataclass(frozen=True)
class Counts:
    """The counts of one scope as a page asks for them: from the tallies when they
    answer, from the acts when not. Whether the tallies are fresh is read once, as
    the page starts, so that all of its figures come from the same source.

    ``fresh``: the tallies count every case write. ``as_of``: set when stale tallies
    answer instead (see the module), the time of the last write they count."""

    scope: Scope
    fresh: bool
    as_of: datetime | None = None

    @classmethod
    def of(cls, scope: Scope, *, latest: bool = False) -> Counts:
        """``latest``: never from stale tallies (the report; a reader who asks)."""
        state = TallyState.objects.filter(pk=1).first()
        if _counts_every_write(state):
            return cls(scope, fresh=True)
        if latest or state is None or state.built_at is None:
            return cls(scope, fresh=False)
        if timezone.now() - state.built_at > STALE_SERVED_FOR:
            return cls(scope, fresh=False)
        return cls(scope, fresh=False, as_of=_last_write_counted(state, state.built_at))

    def tallied(self, period: Period) -> bool:
        """Whether the tallies answer over ``period`` (see the module's rules)."""
        return (
            (self.fresh or self.as_of is not None)
            and period.whole_months is not None
            and not self.scope.act_types
            and not self.scope.professions
            and not self.scope.tags
        )

    def summary(self, period: Period) -> Summary:
        """``selectors.summary``, from the tallies when they answer."""
        if not self.tallied(period):
            return selectors.summary(self.scope.acts(), period)
        return _summary(self.scope, period)

    def breakdown(self, period: Period, dimension: Dimension) -> list[Row]:
        """``selectors.breakdown``, from the tallies when they answer."""
        if not self.tallied(period):
            return selectors.breakdown(self.scope.acts(), period, dimension)
        return _breakdown(self.scope, period, dimension)

    def series(self, period: Period, interval: Interval) -> list[Point]:
        """``selectors.series``, from the tallies when they answer over the whole
        buckets."""
        buckets = period.buckets(interval)
        if not self.tallied(Period(buckets[0].start, buckets[-1].end)):
            return selectors.series(self.scope.acts(), period, interval)
        return _series(self.scope, buckets, interval)


def _summary(scope: Scope, period: Period) -> Summary:
    first, last = _months(period)
    acts = _act_rows(scope, None).aggregate(
        inside=Sum("acts", filter=_inside(first, last), default=0),
        meets=Sum("acts", filter=_acts_meet(first, last), default=0),
        undated=Sum("acts", filter=Q(first_month=None, last_month=None), default=0),
    )
    before = _months(period.previous())
    victims = _victim_rows(scope).aggregate(
        certain=_victims(VictimPart.CERTAIN, first, last),
        possible=_victims(VictimPart.RUN, first, last) + _victims(VictimPart.GAP, first, last),
        certain_before=_victims(VictimPart.CERTAIN, *before),
        possible_before=(_victims(VictimPart.RUN, *before) + _victims(VictimPart.GAP, *before)),
    )
    return Summary(
        Bounds(acts["inside"], acts["meets"]),
        Bounds(victims["certain"], victims["possible"]),
        Bounds(victims["certain_before"], victims["possible_before"]),
        acts["undated"],
    )


def _breakdown(scope: Scope, period: Period, dimension: Dimension) -> list[Row]:
    first, last = _months(period)
    grouped = (
        _act_rows(scope, dimension)
        .filter(_acts_meet(first, last))
        .values("key")
        .annotate(lower=Sum("acts", filter=_inside(first, last), default=0), upper=Sum("acts"))
        .order_by()
    )
    parse = int if DIMENSIONS[dimension].keys_are_ids else str
    groups = [(parse(g["key"]) if g["key"] else None, g["lower"], g["upper"]) for g in grouped]
    return selectors.rows_of(groups, dimension)


def _series(scope: Scope, buckets: list[Period], interval: Interval) -> list[Point]:
    """The whole series from the few thousand tally rows of all acts, counted here."""
    first, last = month_number(buckets[0].start), month_number(buckets[-1].end)
    rows = (
        _act_rows(scope, None)
        .filter(_acts_meet(first, last))
        .values_list("first_month", "last_month", "acts")
    )
    step = interval.months
    numbers = [month_number(b.start) // step for b in buckets]
    lower = dict.fromkeys(numbers, 0)
    upper = dict.fromkeys(numbers, 0)
    for row_first, row_last, acts in rows:
        start = numbers[0] if row_first is None else max(numbers[0], row_first // step)
        end = numbers[-1] if row_last is None else min(numbers[-1], row_last // step)
        for number in range(start, end + 1):
            upper[number] += acts
        if row_first is not None and row_last is not None and row_first // step == row_last // step:
            lower[row_first // step] += acts  # meets the series: so one of its buckets
    return [
        Point(bucket, Bounds(lower[n], upper[n]))
        for bucket, n in zip(buckets, numbers, strict=True)
    ]
