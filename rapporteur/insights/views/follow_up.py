"""Recommendation follow-up in figures: statuses now and on an earlier day, and by
theme, addressee and source document, with the share implemented beside each."""

from __future__ import annotations

from datetime import date, timedelta

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from rapporteur.accounts.permissions import Perm, requires, staff
from rapporteur.insights import follow_up, publication
from rapporteur.insights.charts import Bar, Chart, to_svg
from rapporteur.insights.forms import FollowUpForm
from rapporteur.insights.views.chart_files import chart_file
from rapporteur.visits.models import Status


@requires(Perm.VISITS_READ)
@never_cache
def follow_up_view(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form = FollowUpForm(request.GET or None, default_since=today - timedelta(days=365))
    country, since = form.choice()
    recommendations = follow_up.accepted(country=country)
    then, now = follow_up.status_change(recommendations, since=since)
    themes = follow_up.by_group(recommendations, "theme")
    return render(
        request,
        "insights/follow_up.html",
        {
            "form": form,
            "since": since,
            "statuses": [
                (
                    label,
                    then.counts[value],
                    now.counts[value],
                    now.counts[value] - then.counts[value],
                )
                for value, label in Status.choices
            ],
            "then": then,
            "now": now,
            "status_labels": [label for _value, label in Status.choices],
            "groups": [
                (_("By theme"), _("Theme"), themes, _export(request, "theme", today)),
                (
                    _("By addressee"),
                    _("Addressee"),
                    follow_up.by_group(recommendations, "addressee"),
                    _export(request, "addressee", today),
                ),
                (
                    _("By source document"),
                    _("Source document"),
                    follow_up.by_group(recommendations, "document"),
                    _export(request, "document", today),
                ),
            ],
            "chart": to_svg(_themes_chart(themes)),
            "chart_rows": [
                (t.label, t.counts[Status.IMPLEMENTED], t.counts[Status.PARTIAL])
                for t in themes[:CHART_THEMES]
            ],
            "query": request.GET.urlencode(),
        },
    )


# The chart shows the themes with the most recommendations; the table below it
# gives every theme.
CHART_THEMES = 20


def _themes_chart(themes: list[follow_up.Tally]) -> Chart:
    """Implemented (solid) and partially implemented (light) by theme. Each bar says
    its two figures in words: "2-3" would read as the lower and upper bounds of a
    date, as on the other charts."""
    bars = []
    for t in themes[:CHART_THEMES]:
        done, partly = t.counts[Status.IMPLEMENTED], t.counts[Status.PARTIAL]
        words = _("%(implemented)s implemented, %(partial)s partly") % {
            "implemented": done,
            "partial": partly,
        }
        bars.append(Bar(_(t.label) if t.label else t.label, done, done + partly, figure=words))
    return Chart(
        _("Implemented, by theme"), bars, legend=(_("Implemented"), _("Partially implemented"))
    )


@requires(Perm.VISITS_READ)
@never_cache
def follow_up_chart_view(request: HttpRequest, file_format: str) -> HttpResponse:
    """The chart of implemented recommendations by theme, for the same country, as
    an SVG or PNG file."""
    today = timezone.localdate()
    form = FollowUpForm(request.GET or None, default_since=today - timedelta(days=365))
    country, _since = form.choice()
    themes = follow_up.by_group(follow_up.accepted(country=country), "theme")
    return chart_file(_themes_chart(themes), name="implemented-by-theme", file_format=file_format)


def _export(request: HttpRequest, group: str, today: date) -> dict[str, object] | None:
    """The files of a group's table: statuses on 31 December of the last whole year;
    None for a reader who may not export (the link would only be refused)."""
    if not staff(request).has_desk_permission(Perm.INSIGHTS_EXPORT):
        return None
    return publication.export_link(f"recommendations-{group}", today.year - 1, today=today)
