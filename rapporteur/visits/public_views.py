"""The public follow-up tracker: no sign-in, no JavaScript, open-data exports.

Reads only through the ``public_*`` selectors, which return published visits,
accepted recommendations and public evidence, and never name staff."""

from __future__ import annotations

import csv
import io
import json

from django.core.paginator import Paginator
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from rapporteur.accounts.permissions import public
from rapporteur.intake import public_files
from rapporteur.intake.diskspace import NoSpace
from rapporteur.intake.forms import ALREADY_SENT
from rapporteur.intake.services import FormReplayed
from rapporteur.vault.errors import NotInitialised
from rapporteur.visits import forms, selectors, services
from rapporteur.visits.countries import place_variant
from rapporteur.visits.models import Visit

RECOMMENDATIONS_PER_PAGE = 50


@public
@require_GET
def tracker_view(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "visits/public/tracker.html",
        {"visits": selectors.public_visits(), "countries": selectors.public_countries()},
    )


@public
@require_GET
def country_view(request: HttpRequest, country: str) -> HttpResponse:
    code = country.upper()
    recs = list(selectors.public_recommendations(country_code=code))
    visits = selectors.public_visits().filter(country_code=code)
    name = visits[0].country_name if visits else code
    return render(
        request,
        "visits/public/country.html",
        {
            "code": code,
            "name": name,
            "visits": visits,
            "recommendations": recs,
            "progress": selectors.progress(recs),
        },
    )


@public
@require_GET
def visit_view(request: HttpRequest, visit_id: int) -> HttpResponse:
    visit = selectors.get_public_visit(visit_id)
    recs = selectors.public_recommendations(visit=visit).order_by(
        F("document_id").asc(nulls_last=True), "position", "pk"
    )
    paginator = Paginator(recs, RECOMMENDATIONS_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "visits/public/visit.html",
        {
            "visit": visit,
            "places": selectors.place_names(visit.places_visited),
            "refused": selectors.place_names(visit.refused_requests),
            "page": page,
            "groups": selectors.group_by_document(
                list(page.object_list), previous=selectors.last_before(page)
            ),
            "query": "",
            # the chart counts every recommendation of the visit, not one page's
            "progress": selectors.progress(
                list(recs.select_related(None).prefetch_related(None).only("status"))
            ),
        },
    )


@public
@require_GET
def recommendation_view(request: HttpRequest, recommendation_id: int) -> HttpResponse:
    rec = selectors.get_public_recommendation(recommendation_id)
    links = selectors.vocabulary_links(rec)
    return render(
        request,
        "visits/public/recommendation.html",
        {
            "rec": rec,
            # Suppressed under five by the selector; shown only when staff chose so.
            "live_count": selectors.live_count(rec) if rec.live_count_public else None,
            # Terms in the reader's language; the extracted spelling stays staff-side.
            "laws": list(dict.fromkeys(t for _, t in links["instruments"] if t)),
            "regions": list(dict.fromkeys(t for _, t in links["places"] if t)),
        },
    )


@public
@never_cache
@require_http_methods(["GET", "POST"])
def assess_view(request: HttpRequest, recommendation_id: int) -> HttpResponse:
    """Send an assessment of a recommendation's implementation, with files if
    wished: confidential intake (files through intake's RAM-only upload handler,
    cleaned and encrypted; sealed to the desk key, receipt, nothing about the
    visitor kept)."""
    rec = selectors.get_public_recommendation(recommendation_id)
    form = forms.AssessmentForm(request.POST or None, request.FILES or None)
    context = {"rec": rec, "form": form, "max_mb": public_files.max_mb()}

    def form_page() -> HttpResponse:
        status = public_files.status_of(request, form)
        return render(request, "visits/public/assess.html", context, status=status)

    if request.method != "POST":
        return form_page()
    refused = public_files.upload_problem(request, form)
    if refused or not form.is_valid():
        public_files.discard_uploads(request)
        return form_page()
    files = public_files.files_in(request)
    try:
        receipt = services.receive_assessment(
            recommendation=rec,
            answers=form.answers(),
            language=get_language(),
            form_token=form.cleaned_data["form_token"],
            files=files,
            keep_original=form.cleaned_data["keep_original"],
        )
    except NotInitialised:
        return render(request, "intake/unavailable.html", status=503)
    except FormReplayed:
        form.add_error("form_token", ALREADY_SENT)
        return form_page()
    except NoSpace:
        public_files.refuse_for_space(request, form, files=bool(files))
        return form_page()
    finally:
        public_files.discard_uploads(request)
    return public_files.receipt_page(request, receipt)


@public
@require_GET
def export_view(request: HttpRequest, visit_id: int, export_format: str) -> HttpResponse:
    visit = selectors.get_public_visit(visit_id)
    rows = selectors.export_rows(list(selectors.public_recommendations(visit=visit)))
    name = f"tracker-{visit.country_code.lower()}-{visit.start_date:%Y}.{export_format}"
    if export_format == "json":
        body = json.dumps(
            {"visit": _visit_dict(visit), "recommendations": rows}, ensure_ascii=False
        )
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
    else:
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(selectors.EXPORT_COLUMNS))
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _cell(row[k]) for k in selectors.EXPORT_COLUMNS})
        response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _cell(value: object) -> str:
    if isinstance(value, list):
        return "; ".join(
            f"{v['date']} {v['status']}" if isinstance(v, dict) else str(v) for v in value
        )
    text = str(value)
    # A cell starting with = + - @ would be run as a formula by spreadsheet programs.
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def _visit_dict(visit: Visit) -> dict[str, object]:
    return {
        "id": visit.pk,
        "country": visit.country_code,
        "country_name": visit.country_name,
        "start_date": visit.start_date.isoformat(),
        "end_date": visit.end_date.isoformat(),
        # open data in one language: the English of "English | Russian | Tajik"
        "places_visited": [place_variant(p, "en") for p in visit.places_visited],
        "refused_requests": [place_variant(p, "en") for p in visit.refused_requests],
    }
