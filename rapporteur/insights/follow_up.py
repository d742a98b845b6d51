"""Recommendation follow-up in figures: accepted recommendations by status, theme,
addressee and source document; the share implemented, partially implemented and not
implemented; and the change since an earlier day (the last report).

A recommendation's status on a past day is the last status recorded on or before that
day (``StatusChange``), "not started" when none was: the same history the tracker
shows, read in SQL with one subquery. Reads only; no figure is suppressed, since
statuses are published on the public tracker.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import CharField, Count, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from rapporteur.visits.countries import country_name
from rapporteur.visits.models import Recommendation, Review, Status, StatusChange

# How each status counts in the three shares of the annual report.
IMPLEMENTED = {Status.IMPLEMENTED}
PARTIAL = {Status.PARTIAL}
GROUPS = {
    "theme": "theme_links__theme__label",
    "addressee": "addressee",
    "document": "document__name",
}


def accepted(*, country: str = "") -> QuerySet[Recommendation]:
    """Recommendations staff accepted (suggestions not yet reviewed do not count)."""
    found = Recommendation.objects.filter(review=Review.ACCEPTED)
    return found.filter(country_code=country.upper()) if country else found


def with_status_on(recommendations: QuerySet[Recommendation], day: date) -> QuerySet[Any]:
    """``recommendations`` annotated with ``status_then``: the status on ``day``."""
    last = (
        StatusChange.objects.filter(recommendation=OuterRef("pk"), date__lte=day)
        .order_by("-date", "-id")
        .values("status")[:1]
    )
    return recommendations.annotate(
        status_then=Coalesce(Subquery(last), Value(Status.NOT_STARTED), output_field=CharField())
    )


def recommendation_countries() -> list[tuple[str, str]]:
    """(code, name) of every country with an accepted recommendation, by name."""
    codes = accepted().order_by().values_list("country_code", flat=True).distinct()
    return sorted(((c, country_name(c)) for c in codes), key=lambda pair: pair[1])


@dataclass
class Tally:
    """Counts per status of one group, with the report's three shares."""

    label: str
    counts: Counter[str] = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def percent(self, statuses: set[Status]) -> int | None:
        if not self.total:
            return None
        return round(100 * sum(self.counts[s] for s in statuses) / self.total)

    @property
    def percent_implemented(self) -> int | None:
        return self.percent(IMPLEMENTED)

    @property
    def percent_partial(self) -> int | None:
        return self.percent(PARTIAL)

    @property
    def percent_not(self) -> int | None:
        return self.percent(set(Status) - IMPLEMENTED - PARTIAL)

    def in_order(self) -> list[int]:
        return [self.counts[s] for s in Status]


def status_change(recommendations: QuerySet[Recommendation], *, since: date) -> tuple[Tally, Tally]:
    """The count per status on ``since`` and now. Two grouped queries."""
    then = Tally(str(since))
    rows = with_status_on(recommendations, since).order_by().values("status_then")
    for row in rows.annotate(n=_count()):
        then.counts[row["status_then"]] += row["n"]
    now = Tally("now")
    for row in recommendations.order_by().values("status").annotate(n=_count()):
        now.counts[row["status"]] += row["n"]
    return then, now


def by_group(recommendations: QuerySet[Recommendation], group: str) -> list[Tally]:
    """Counts per status for each theme (accepted themes only), addressee or
    document, largest first. One grouped query."""
    column = GROUPS[group]
    rows = recommendations
    if group == "theme":
        rows = rows.filter(theme_links__accepted=True)
    tallies: dict[str, Tally] = {}
    for row in rows.order_by().values(column, "status").annotate(n=_count()):
        key = row[column] or ""
        tallies.setdefault(key, Tally(key)).counts[row["status"]] += row["n"]
    return sorted(tallies.values(), key=lambda t: (-t.total, t.label))


def _count() -> Count:
    return Count("id", distinct=True)  # a theme join must not count a row twice
