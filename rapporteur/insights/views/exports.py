"""Tables for publication: CSV and JSON files of the suppressed tables (staff who
may export: the analyst and the rapporteur), the rapporteur's choice of what the
public statistics page shows, and that page with its own files (no login).

Every file is suppressed, whoever asks: the rapporteur sees exact counts on the
page, never in a file. A request outside the lattice (``publication.read_year``)
gets a page that says why, and no file."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from rapporteur.accounts.permissions import Perm, public, requires, staff
from rapporteur.insights import publication, selectors, services
from rapporteur.insights.models import PublishedTable
from rapporteur.web import download

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json; charset=utf-8",
}


def _file(table: publication.Published, file_format: str) -> HttpResponse:
    language = (get_language() or "en")[:2]
    generated = publication.now()
    render_file = publication.to_csv if file_format == "csv" else publication.to_json
    return download(
        render_file(table, generated=generated, language=language),
        content_type=CONTENT_TYPES[file_format],
        filename=publication.filename(table, file_format),
    )


def _refused(request: HttpRequest, reason: str, *, back: str) -> HttpResponse:
    return render(
        request, "insights/export_refused.html", {"reason": reason, "back": back}, status=400
    )


@requires(Perm.INSIGHTS_EXPORT)
@never_cache
@require_GET
def export_view(request: HttpRequest, slug: str, file_format: str) -> HttpResponse:
    """One table of one whole year, suppressed, as a file; the export is audited."""
    kind = publication.TABLES.get(slug)
    if kind is None:
        raise Http404("no such table")
    try:
        year = publication.read_year(request.GET, today=timezone.localdate())
    except publication.NotPublishable as refusal:
        return _refused(request, str(refusal), back=f"insights:{kind.page}")
    table = publication.published_tables([slug], year)[0]
    services.note_export(acting_user=staff(request), slug=slug, year=year, file_format=file_format)
    return _file(table, file_format)


@requires(Perm.INSIGHTS_PUBLISH)
@never_cache
def publish_view(request: HttpRequest) -> HttpResponse:
    """The rapporteur's list: what the public page shows, and a form to add a table."""
    today = timezone.localdate()
    years = publication.publishable_years(today)
    if request.method == "POST":
        slug = request.POST.get("table", "")
        raw_year = request.POST.get("year", "")
        if slug not in publication.TABLES or not raw_year.isdigit() or int(raw_year) not in years:
            messages.error(request, _("Choose a table and a whole year that has ended."))
        else:
            services.publish_table(acting_user=staff(request), slug=slug, year=int(raw_year))
            messages.success(request, _("The table is on the public statistics page."))
        return redirect("insights:publish")
    return render(
        request,
        "insights/publish.html",
        {
            "published": selectors.published_tables(),
            "tables": [(slug, kind.name) for slug, kind in publication.TABLES.items()],
            "years": years,
            "threshold": publication.K,
        },
    )


@requires(Perm.INSIGHTS_PUBLISH)
@require_POST
def withdraw_view(request: HttpRequest, table_id: int) -> HttpResponse:
    table = get_object_or_404(PublishedTable, pk=table_id)
    services.withdraw_table(acting_user=staff(request), table=table)
    messages.success(request, _("The table is no longer on the public statistics page."))
    return redirect("insights:publish")


# ------------------------------------------------------------------ public


def _language() -> str:
    return (get_language() or "en")[:2]


@public
@require_GET
def public_statistics_view(request: HttpRequest) -> HttpResponse:
    """The tables the rapporteur published, as published; a plain page when none is."""
    language = _language()
    tables = [
        (row, publication.from_snapshot(row.slug, row.year, row.figures, language))
        for row in selectors.published_tables()
    ]
    return render(
        request,
        "insights/public_statistics.html",
        {"tables": tables, "threshold": publication.K},
        status=200,
    )


@public
@require_GET
def public_file_view(request: HttpRequest, slug: str, year: int, file_format: str) -> HttpResponse:
    row = get_object_or_404(PublishedTable, slug=slug, year=year)
    return _file(
        publication.from_snapshot(row.slug, row.year, row.figures, _language()), file_format
    )
