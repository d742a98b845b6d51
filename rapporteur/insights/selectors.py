"""Counts over coded case data, computed in SQL, with honest bounds for uncertain dates.

Access first. Statistics are aggregates over ALL cases, whoever asks: a count names no
case. What differs by role is how exact a small count may be shown: the rapporteur,
who may know every case, sees every figure; officers (who know only their own cases)
and analysts (who know none) see any figure from 1 to ``SMALL_COUNT`` - 1 as "fewer
than 5", zero included, with complementary suppression so that a total cannot give
it back (``insights.suppression``). docs/insights.md gives the rule and its reasons.

The date rule (docs/insights.md, with an example). An act's date is a window
[earliest, latest] (``cases.dates``). For a period P:

- the **lower bound** counts acts whose whole window lies inside P: they certainly
  happened in P;
- the **upper bound** counts acts whose window meets P: they may have;
- acts with no date at all are counted apart (``Summary.undated``), never placed.

An act known as "2022" is thus in the upper bound of every month of 2022 and in the
lower bound of the year only; it is never put on 1 January.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import (
    Count,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    Max,
    Min,
    Q,
    QuerySet,
    Value,
)
from django.http import Http404

from rapporteur.accounts.permissions import Role
from rapporteur.cases.models import Act, Case, Term
from rapporteur.cases.selectors import SMALL_COUNT as SMALL_COUNT  # the pages' threshold
from rapporteur.insights.dimensions import DIMENSIONS, Dimension
from rapporteur.insights.models import PublishedTable, ReportJob
from rapporteur.insights.periods import Interval, Period
from rapporteur.visits.countries import country_name

if TYPE_CHECKING:
    from rapporteur.accounts.models import User


def sees_exact_counts(user: User) -> bool:
    """Only the rapporteur may know of every case, so only the rapporteur's figures
    are left unsuppressed; every other role sees small counts as "fewer than 5"."""
    return user.role == Role.RAPPORTEUR


def published_tables() -> QuerySet[PublishedTable]:
    """The tables on the public statistics page, as they were published."""
    return PublishedTable.objects.all()


def countries_with_acts() -> list[tuple[str, str]]:
    """(code, name) of every country a case is documented in, by name (an act takes
    its case's country; cases are ten times fewer, and their country is indexed)."""
    codes = Case.objects.exclude(country="").order_by().values_list("country", flat=True).distinct()
    return sorted(((c, country_name(c)) for c in codes), key=lambda pair: pair[1])


# ------------------------------------------------------------------------- scope


@dataclass(frozen=True)
class Scope:
    """Which acts are counted: all, or those of a country, of some act types (with
    their narrower types), of victims of some professions, of cases with any of some
    tags."""

    country: str = ""
    act_types: tuple[Term, ...] = ()
    professions: tuple[Term, ...] = ()
    tags: tuple[Term, ...] = ()

    def acts(self) -> QuerySet[Act]:
        acts = Act.objects.all()
        if self.country:
            acts = acts.filter(country=self.country.upper())
        if self.act_types:
            acts = acts.filter(act_type__in=_with_narrower(self.act_types))
        if self.professions:
            acts = acts.filter(victim__profession__in=_with_narrower(self.professions))
        if self.tags:
            # A subquery, not a join: a case with two of the tags keeps its acts once.
            tagged = Case.objects.filter(tags__in=[t.pk for t in self.tags]).values("pk")
            acts = acts.filter(case__in=tagged)
        return acts


def _with_narrower(terms: tuple[Term, ...]) -> list[int]:
    """The ids of ``terms`` and of every term under them in their lists."""
    found = {t.pk for t in terms}
    by_list: dict[str, set[str]] = {}
    for term in terms:
        by_list.setdefault(term.list_name, set()).add(term.code)
    for list_name, codes in by_list.items():
        frontier = codes
        while frontier:
            narrower = Term.objects.filter(list_name=list_name, parent_code__in=frontier)
            frontier = set()
            for pk, code in narrower.values_list("pk", "code"):
                if pk not in found:
                    found.add(pk)
                    frontier.add(code)
    return sorted(found)


# -------------------------------------------------------------------- date rule

UNDATED = Q(start_earliest__isnull=True, start_latest__isnull=True)


def inside(period: Period) -> Q:
    """Acts whose whole date window lies in ``period``: certainly then."""
    return Q(start_earliest__gte=period.start, start_latest__lte=period.end)


def overlapping(period: Period) -> Q:
    """Acts whose date window meets ``period``: possibly then. An open side
    ("before March 2022") reaches as far as it must; an undated act meets nothing."""
    return (
        ~UNDATED
        & (Q(start_earliest__isnull=True) | Q(start_earliest__lte=period.end))
        & (Q(start_latest__isnull=True) | Q(start_latest__gte=period.start))
    )


@dataclass(frozen=True, slots=True)
class Bounds:
    lower: int
    upper: int

    @property
    def exact(self) -> bool:
        return self.lower == self.upper


@dataclass(frozen=True, slots=True)
class Summary:
    """The figures above the dashboard's charts, from one query."""

    acts: Bounds  # acts in the period
    victims: Bounds  # persons in the period
    victims_before: Bounds  # persons in the period before
    undated: int  # acts with no known date, in no period


def summary(acts: QuerySet[Act], period: Period) -> Summary:
    """Acts and persons in ``period``, persons in the period before, and the undated
    acts: one pass over the acts instead of four."""
    before = period.previous()
    figures = acts.aggregate(
        acts_in=Count("id", filter=inside(period)),
        acts_meet=Count("id", filter=overlapping(period)),
        victims_in=Count("victim_id", distinct=True, filter=inside(period)),
        victims_meet=Count("victim_id", distinct=True, filter=overlapping(period)),
        before_in=Count("victim_id", distinct=True, filter=inside(before)),
        before_meet=Count("victim_id", distinct=True, filter=overlapping(before)),
        undated=Count("id", filter=UNDATED),
    )
    return Summary(
        Bounds(figures["acts_in"], figures["acts_meet"]),
        Bounds(figures["victims_in"], figures["victims_meet"]),
        Bounds(figures["before_in"], figures["before_meet"]),
        figures["undated"],
    )


def dated_span(acts: QuerySet[Act]) -> Period | None:
    """The whole years that hold every dated act, or None when no act has a date."""
    span = acts.aggregate(first=Min("start_earliest"), last=Max("start_latest"))
    if span["first"] is None or span["last"] is None:
        return None
    return Period(date(span["first"].year, 1, 1), date(span["last"].year, 12, 31))


# -------------------------------------------------------------------- breakdowns


@dataclass(frozen=True, slots=True)
class Row:
    key: Any  # the group's key (a term id, a code), None for "not recorded"
    label: str
    bounds: Bounds


def breakdown(acts: QuerySet[Act], period: Period, dimension: Dimension) -> list[Row]:
    """Acts of ``period`` by ``dimension``, in one grouped query (``rows_of``)."""
    spec = DIMENSIONS[dimension]
    grouped = (
        acts.filter(overlapping(period))
        .values(spec.column)
        .annotate(lower=Count("id", filter=inside(period)), upper=Count("id"))
        .order_by()
    )
    return rows_of(((g[spec.column], g["lower"], g["upper"]) for g in grouped), dimension)


def rows_of(groups: Iterable[tuple[Any, int, int]], dimension: Dimension) -> list[Row]:
    """Rows from (key, lower, upper) groups: act types rolled up to the top of their
    hierarchy (a few hundred terms, read once), labelled, largest upper bound first,
    the "not recorded" group last."""
    totals: dict[Any, list[int]] = {}
    roll_up = _act_type_roots() if dimension is Dimension.ACT_TYPE else {}
    for key, lower, upper in groups:
        key = roll_up.get(key, key) if key not in ("", None) else None
        into = totals.setdefault(key, [0, 0])
        into[0] += lower
        into[1] += upper
    labels = DIMENSIONS[dimension].labels([k for k in totals if k is not None])
    rows = [
        Row(key, labels.get(key, str(key)) if key is not None else "", Bounds(*counts))
        for key, counts in totals.items()
    ]
    return sorted(rows, key=lambda r: (r.key is None, -r.bounds.upper, -r.bounds.lower, r.label))


def _act_type_roots() -> dict[int, int]:
    """Each act type's id to the id of the top term of its hierarchy."""
    terms = list(
        Term.objects.filter(list_name="types_of_acts").values_list("pk", "code", "parent_code")
    )
    by_code = {code: (pk, parent) for pk, code, parent in terms}
    roots: dict[int, int] = {}
    for pk, code, parent in terms:
        seen = {code}
        root = pk
        while parent and parent in by_code and parent not in seen:
            seen.add(parent)
            root, parent = by_code[parent]
        roots[pk] = root
    return roots


# ------------------------------------------------------------------- time series


class MonthNumber(Func):
    """A date column as a count of months (year * 12 + month - 1), in the database's
    own arithmetic: Django's Trunc and Extract run a Python function per row on
    SQLite, which a series over a million acts cannot afford."""

    output_field = IntegerField()
    template = (
        "(CAST(EXTRACT(YEAR FROM %(expressions)s) AS INTEGER) * 12"
        " + CAST(EXTRACT(MONTH FROM %(expressions)s) AS INTEGER) - 1)"
    )

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        # Dates are stored as 'YYYY-MM-DD' text.
        template = (
            "(CAST(substr(%(expressions)s, 1, 4) AS INTEGER) * 12"
            " + CAST(substr(%(expressions)s, 6, 2) AS INTEGER) - 1)"
        )
        return self.as_sql(compiler, connection, template=template, **extra)


def _bucket_of(column: str, interval: Interval) -> Any:
    """The number of the month, quarter or year holding the column's day."""
    return ExpressionWrapper(
        MonthNumber(column) / Value(interval.months), output_field=IntegerField()
    )


def _bucket_number(day: date, interval: Interval) -> int:
    return (day.year * 12 + day.month - 1) // interval.months


@dataclass(frozen=True, slots=True)
class Point:
    bucket: Period
    bounds: Bounds


def series(acts: QuerySet[Act], period: Period, interval: Interval) -> list[Point]:
    """Acts per month, quarter or year of ``period``, each with its two bounds.

    Three grouped queries, whatever the number of acts. Lower: acts whose window lies
    in one bucket, grouped by it. Upper: an act meets bucket B when its earliest day
    is at or before B's end and its latest day is not before B's start; so the
    upper bound of B is (acts starting by B, counted from the left) minus (acts
    over before B): two running sums over per-bucket counts, computed here over
    buckets, never over rows.
    """
    buckets = period.buckets(interval)
    whole = Period(buckets[0].start, buckets[-1].end)
    within_one = (
        acts.filter(inside(whole))
        .annotate(
            first=_bucket_of("start_earliest", interval), last=_bucket_of("start_latest", interval)
        )
        .filter(first=F("last"))
        .values("first")
        .annotate(n=Count("id"))
        .values_list("first", "n")
        .order_by()
    )
    lower = dict(within_one)
    meeting = acts.filter(overlapping(whole))
    starts = _per_bucket(meeting, interval, "start_earliest")
    ends = _per_bucket(meeting, interval, "start_latest")
    started = starts.pop(None, 0)  # open at the start: begun before any bucket
    ends.pop(None, None)  # open at the end: never over
    over = 0
    start_numbers, end_numbers = sorted(starts.items()), sorted(ends.items())
    points = []
    for bucket in buckets:
        number = _bucket_number(bucket.start, interval)
        while start_numbers and start_numbers[0][0] <= number:
            started += start_numbers.pop(0)[1]
        while end_numbers and end_numbers[0][0] < number:
            over += end_numbers.pop(0)[1]
        points.append(Point(bucket, Bounds(lower.get(number, 0), started - over)))
    return points


def _per_bucket(acts: QuerySet[Act], interval: Interval, column: str) -> dict[Any, int]:
    counted = (
        acts.annotate(bucket=_bucket_of(column, interval))
        .values("bucket")
        .annotate(n=Count("id"))
        .values_list("bucket", "n")
        .order_by()
    )
    return dict(counted)


# ---------------------------------------------------------------- country reports


def report_jobs(user: User) -> QuerySet[ReportJob]:
    """The country reports this user asked for, newest first: only their own."""
    return ReportJob.objects.filter(requester=user)


def report_job_for_user(user: User, job_id: int) -> ReportJob:
    """One of the user's own report jobs; 404 for another's and for an unknown id
    alike (a job's figures are as the requester's role may see them)."""
    job = report_jobs(user).filter(pk=job_id).first()
    if job is None:
        raise Http404
    return job
