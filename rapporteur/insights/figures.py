"""The dashboard's figures as a reader may see them: counts from ``selectors``, with
suppression applied for a role that may not see small counts, labelled in the active
language and laid out as charts. The page and its chart files both draw from here, so
a figure hidden on one is hidden on the other."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from rapporteur.cases.selectors import SMALL_COUNT
from rapporteur.insights import selectors
from rapporteur.insights.charts import Bar, Chart
from rapporteur.insights.dimensions import DIMENSIONS, Dimension
from rapporteur.insights.periods import Interval, Period, bucket_label
from rapporteur.insights.sentences import figure
from rapporteur.insights.suppression import hidden_cells
from rapporteur.insights.tallies import Counts

# The charts of the dashboard besides the time series, in order; the sixth is the
# dimension the reader picks ("Table by").
FIXED_DIMENSIONS = (
    Dimension.ACT_TYPE,
    Dimension.PROFESSION,
    Dimension.REGION,
    Dimension.PERPETRATOR_TYPE,
)
DEFAULT_DIMENSION = Dimension.LEGAL_PROVISION


@dataclass(frozen=True, slots=True)
class Line:
    """One row of a data table: the figures as text (a hidden one as a word)."""

    label: str
    lower: str
    upper: str
    bar: Bar
    key: Any = None  # the group's key (a region's code for the map), None for a bucket


@dataclass(frozen=True)
class Panel:
    name: str  # "series" or a dimension: the chart's address
    title: str
    lines: list[Line]
    chart: Chart
    note: str = ""
    heading: str = ""  # the head of the data table's first column: what a row is


def _legend() -> tuple[str, str]:
    return (_("certainly in the period"), _("possibly in the period"))


def _line(label: str, bounds: selectors.Bounds, hide: tuple[bool, bool], word: str) -> Line:
    lower = word if hide[0] else str(bounds.lower)
    upper = word if hide[1] else str(bounds.upper)
    shown = not (hide[0] or hide[1])
    bar = Bar(label, bounds.lower if shown else None, bounds.upper if shown else None)
    return Line(label, lower, upper, bar)


def breakdown_panel(counts: Counts, period: Period, dimension: Dimension, *, exact: bool) -> Panel:
    spec = DIMENSIONS[dimension]
    rows = counts.breakdown(period, dimension)
    hide_lower = [False] * len(rows)
    hide_upper = [False] * len(rows)
    if not exact:
        hide_lower = hidden_cells([r.bounds.lower for r in rows])
        hide_upper = hidden_cells([r.bounds.upper for r in rows])
    word = _("suppressed")
    lines = [
        replace(_line(r.label or _("Not recorded"), r.bounds, (hl, hu), word), key=r.key)
        for r, hl, hu in zip(rows, hide_lower, hide_upper, strict=True)
    ]
    title = str(spec.title)
    note = (
        _("An act with several values counts once under each: the rows add up to more.")
        if spec.several_per_act
        else ""
    )
    chart = Chart(title, [line.bar for line in lines], legend=_legend(), suppressed=word)
    return Panel(dimension.value, title, lines, chart, note, heading=str(spec.label))


def series_panel(counts: Counts, period: Period, interval: Interval, *, exact: bool) -> Panel:
    language = (get_language() or "en")[:2]
    word = _("fewer than %(count)s") % {"count": SMALL_COUNT}
    lines = []
    for point in counts.series(period, interval):
        bounds = point.bounds
        hide = (False, False) if exact else (bounds.lower < SMALL_COUNT, bounds.upper < SMALL_COUNT)
        lines.append(_line(bucket_label(point.bucket, interval, language), bounds, hide, word))
    title = _("Acts over time")
    chart = Chart(
        title, [line.bar for line in lines], columns=True, legend=_legend(), suppressed=word
    )
    return Panel("series", title, lines, chart, heading=_("Period"))


def dashboard_panels(
    counts: Counts,
    period: Period,
    interval: Interval,
    *,
    chosen: Dimension | None,
    exact: bool,
) -> list[Panel]:
    """The six charts: acts over time, then by act type, profession, region,
    perpetrator type, and by the dimension the reader chose."""
    dimensions: Sequence[Dimension] = (*FIXED_DIMENSIONS, chosen or DEFAULT_DIMENSION)
    panels = [series_panel(counts, period, interval, exact=exact)]
    seen: set[Dimension] = set()
    for dimension in dimensions:
        if dimension not in seen:
            seen.add(dimension)
            panels.append(breakdown_panel(counts, period, dimension, exact=exact))
    return panels


def panel(
    counts: Counts, period: Period, interval: Interval, name: str, *, exact: bool
) -> Panel | None:
    """One chart by its address ("series", "region", ...), None for an unknown one."""
    if name == "series":
        return series_panel(counts, period, interval, exact=exact)
    try:
        return breakdown_panel(counts, period, Dimension(name), exact=exact)
    except ValueError:
        return None


def total_text(bounds: selectors.Bounds, *, exact: bool) -> str:
    """The period's count as it may be shown ("120", "118 to 131", "fewer than 5")."""
    return figure(bounds, exact=exact)
