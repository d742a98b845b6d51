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
    chart = Chart(
        _("Implemented, by theme"),
        [
            Bar(
                _(t.label),
                t.counts[Status.IMPLEMENTED],
                t.counts[Status.IMPLEMENTED] + t.counts[Status.PARTIAL],
            )
            for t in themes[:20]
        ],
        legend=(_("Implemented"), _("Partially implemented")),
    )
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
            "chart": to_svg(chart),
        },
    )


def _export(request: HttpRequest, group: str, today: date) -> dict[str, object] | None:
    """The files of a group's table: statuses on 31 December of the last whole year;
    None for a reader who may not export (the link would only be refused)."""
    if not staff(request).has_desk_permission(Perm.INSIGHTS_EXPORT):
        return None
    return publication.export_link(f"recommendations-{group}", today.year - 1, today=today)
