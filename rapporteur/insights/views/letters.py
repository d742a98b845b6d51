"""Communications in figures: the numbers of the annual report, for one year or a run
of years, with a chart of letters sent per year beside its table."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from rapporteur.accounts.permissions import Perm, requires, staff
from rapporteur.communications.models import Kind
from rapporteur.communications.references import addressee_name
from rapporteur.insights import letters, publication
from rapporteur.insights.charts import Bar, Chart, to_svg
from rapporteur.insights.forms import YearsForm
from rapporteur.insights.views.chart_files import chart_file


def _per_year(kinds: list[letters.KindCount], first: int, last: int) -> dict[int, int]:
    per_year = {year: 0 for year in range(first, last + 1)}
    for row in kinds:
        per_year[row.year] += row.count
    return per_year


def _per_year_chart(per_year: dict[int, int]) -> Chart:
    return Chart(
        _("Communications sent per year"),
        [Bar(str(year), count, count) for year, count in per_year.items()],
        columns=True,
        legend=(_("Communications sent"), ""),
    )


@requires(Perm.COMMUNICATIONS_STATS)
@never_cache
def letters_view(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form = YearsForm(request.GET or None, this_year=today.year)
    first, last = form.years()
    user = staff(request)
    kinds = letters.sent_by_kind(user=user, first_year=first, last_year=last)
    per_year = _per_year(kinds, first, last)
    chart = _per_year_chart(per_year)
    lines, total = letters.by_state(user=user, year=last, as_of=today)
    language = (request.LANGUAGE_CODE or "en")[:2]
    return render(
        request,
        "insights/letters.html",
        {
            "form": form,
            "first": first,
            "last": last,
            "chart": to_svg(chart),
            "per_year": per_year.items(),
            "kinds": [(row, Kind(row.kind).label) for row in kinds],
            "mandates": letters.sent_by_mandate(user=user, first_year=first, last_year=last),
            "states": [
                (addressee_name(code=code, language=language), stats) for code, stats in lines
            ],
            "total": total,
            "query": request.GET.urlencode(),
            "export": publication.export_link("letters-type", last, today=today)
            if user.has_desk_permission(Perm.INSIGHTS_EXPORT)
            else None,
        },
    )


@requires(Perm.COMMUNICATIONS_STATS)
@never_cache
def letters_chart_view(request: HttpRequest, file_format: str) -> HttpResponse:
    """The chart of letters sent per year, for the same years, as an SVG or PNG file:
    counted under the reader's need-to-know, as on the page."""
    form = YearsForm(request.GET or None, this_year=timezone.localdate().year)
    first, last = form.years()
    kinds = letters.sent_by_kind(user=staff(request), first_year=first, last_year=last)
    chart = _per_year_chart(_per_year(kinds, first, last))
    return chart_file(chart, name="communications-per-year", file_format=file_format)
