"""The patterns dashboard: six charts with their data tables, the period comparison
in words, and each chart as an SVG or PNG file. Counts over every case; small ones
hidden for roles that may not see them (``selectors.sees_exact_counts``)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from rapporteur.accounts.permissions import Perm, requires, staff
from rapporteur.insights import figures, maps, publication, selectors
from rapporteur.insights.charts import to_svg
from rapporteur.insights.dimensions import Dimension
from rapporteur.insights.figures import DEFAULT_DIMENSION
from rapporteur.insights.forms import DashboardForm
from rapporteur.insights.periods import MAX_BUCKETS, Interval, Period, PeriodError
from rapporteur.insights.sentences import comparison_sentence
from rapporteur.insights.tallies import Counts
from rapporteur.insights.tasks import queue_rebuild
from rapporteur.insights.views.chart_files import chart_file
from rapporteur.web import download


def _read_filters(request: HttpRequest) -> tuple[DashboardForm, dict[str, Any]]:
    """The form bound to the query string and what it asks for, defaults standing in
    for anything missing or wrong (the form shows why beside the field)."""
    countries = selectors.countries_with_acts()
    form = DashboardForm(_with_defaults(request.GET), countries=countries)
    if form.is_bound:
        form.is_valid()
    period, past_months = form.period(today=timezone.localdate())
    scope = form.scope()
    interval = form.value("interval", Interval.MONTH)
    if _years_in(period) > 12 and interval is Interval.MONTH:
        interval = Interval.QUARTER  # a long period by month is a wall of slivers
    return form, {
        "period": period,
        "past_months": past_months,
        "interval": interval,
        "scope": scope,
        "map_country": maps.map_country(scope.country, countries=countries),
        "chosen": form.value("dimension", None),
        "exact": selectors.sees_exact_counts(staff(request)),
        # Counted from the acts even while stale tallies could answer (slower).
        "latest": request.GET.get("latest") == "1",
    }


def _with_defaults(query: QueryDict) -> QueryDict | None:
    """The query string with the table it shows when it names none: a link that
    leaves "dimension" out (such as "every year with acts") would otherwise show the
    list's first entry while the page draws the default table."""
    if not query:
        return None
    query = query.copy()
    query.setdefault("dimension", DEFAULT_DIMENSION.value)
    return query


def _years_in(period: Period) -> int:
    try:
        return len(period.buckets(Interval.YEAR))
    except PeriodError:  # too long to count by year: the panels say so
        return MAX_BUCKETS + 1


@requires(Perm.CASES_AGGREGATES)
@never_cache
def dashboard_view(request: HttpRequest) -> HttpResponse:
    form, asked = _read_filters(request)
    scope, period, exact = asked["scope"], asked["period"], asked["exact"]
    counts = Counts.of(scope, latest=asked["latest"])
    if not counts.fresh:
        queue_rebuild()  # this page is behind or counts the acts; the next need not
    try:
        panels = figures.dashboard_panels(
            counts, period, asked["interval"], chosen=asked["chosen"], exact=exact
        )
    except PeriodError as error:
        messages.error(request, str(error))
        panels = []
    region_panel = next((panel for panel in panels if panel.name == Dimension.REGION), None)
    region_map = (
        maps.region_map(asked["map_country"], region_panel) if region_panel is not None else None
    )
    summary = counts.summary(period)
    may_export = staff(request).has_desk_permission(Perm.INSIGHTS_EXPORT)
    sentence = comparison_sentence(
        period=period,
        current=summary.victims,
        previous=summary.victims_before,
        act_labels=[t.label() for t in asked["scope"].act_types],
        profession_labels=[t.label() for t in asked["scope"].professions],
        past_months=asked["past_months"],
        exact=exact,
    )
    return render(
        request,
        "insights/dashboard.html",
        {
            "form": form,
            "panels": [
                (
                    panel,
                    to_svg(panel.chart),
                    publication.export_link(
                        "acts-quarter" if panel.name == "series" else f"acts-{panel.name}",
                        period.end.year,
                        today=timezone.localdate(),
                    )
                    if may_export
                    else None,
                )
                for panel in panels
            ],
            "region_map": region_map,
            "map_svg": maps.to_svg(region_map) if region_map and region_map.shapes else "",
            "sentence": sentence,
            "total": figures.total_text(summary.acts, exact=exact),
            "undated": figures.total_text(
                selectors.Bounds(summary.undated, summary.undated), exact=exact
            ),
            "nothing": summary.acts.upper == 0,
            "span": _every_year_query(request, scope.acts()) if summary.acts.upper == 0 else None,
            "query": request.GET.urlencode(),
            "as_of": counts.as_of,
            "latest_query": _latest_query(request),
            "exact": exact,
            "threshold": selectors.SMALL_COUNT,
            "perms_visits": staff(request).has_desk_permission(Perm.VISITS_READ),
        },
    )


def _latest_query(request: HttpRequest) -> str:
    """The same filters, counted from the acts now."""
    query = request.GET.copy()
    query["latest"] = "1"
    return query.urlencode()


def _every_year_query(request: HttpRequest, acts: Any) -> dict[str, Any] | None:
    """When the period holds nothing: the same filters over every year with acts."""
    span = selectors.dated_span(acts)
    if span is None:
        return None
    query = request.GET.copy()
    query.pop("months", None)
    query.update({"start": span.start.isoformat(), "end": span.end.isoformat()})
    query["interval"] = "year"
    return {"first": span.start.year, "last": span.end.year, "query": query.urlencode()}


@requires(Perm.CASES_AGGREGATES)
@never_cache
def chart_view(request: HttpRequest, chart: str, file_format: str) -> HttpResponse:
    """One chart of the dashboard, for the same filters, as an SVG or PNG file."""
    _form, asked = _read_filters(request)
    try:
        panel = figures.panel(
            Counts.of(asked["scope"], latest=asked["latest"]),
            asked["period"],
            asked["interval"],
            chart,
            exact=asked["exact"],
        )
    except PeriodError as error:
        raise Http404(str(error)) from error
    if panel is None:
        raise Http404("no such chart")
    return chart_file(panel.chart, name=chart, file_format=file_format)


@requires(Perm.CASES_AGGREGATES)
@never_cache
def map_view(request: HttpRequest, file_format: str) -> HttpResponse:
    """The dashboard's map of regions, for the same filters, as an SVG or PNG file;
    where there is no map to draw, a picture of the sentence that says why."""
    _form, asked = _read_filters(request)
    try:
        panel = figures.breakdown_panel(
            Counts.of(asked["scope"], latest=asked["latest"]),
            asked["period"],
            Dimension.REGION,
            exact=asked["exact"],
        )
    except PeriodError as error:
        raise Http404(str(error)) from error
    found = maps.region_map(asked["map_country"], panel)
    if file_format == "svg":
        return download(maps.to_svg(found), content_type="image/svg+xml", filename="map.svg")
    return download(maps.to_png(found), content_type="image/png", filename="map.png")
