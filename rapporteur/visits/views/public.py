"""The public follow-up tracker: no sign-in, no JavaScript, open-data exports.

Reads only through the ``public_*`` selectors, which return published visits,
accepted recommendations and public evidence, and never name staff."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from rapporteur.accounts.permissions import public
from rapporteur.intake.views import public_files
from rapporteur.visits import forms, open_data, selectors
from rapporteur.visits.services import assessments
from rapporteur.visits.views.common import RECOMMENDATIONS_PER_PAGE
from rapporteur.web import download


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
    visits = selectors.public_visits(country_code=code)
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
def uhri_view(request: HttpRequest, country: str, export_format: str) -> HttpResponse:
    """Every public recommendation to a State in the columns of the Universal Human
    Rights Index, for national action plan tools."""
    code = country.upper()
    recs = list(selectors.public_recommendations(country_code=code).select_related("document"))
    return download(
        open_data.export_uhri(recs, export_format),
        content_type=open_data.CONTENT_TYPES[export_format],
        filename=f"recommendations-{code.lower()}-uhri.{export_format}",
    )


@public
@require_GET
def visit_view(request: HttpRequest, visit_id: int) -> HttpResponse:
    visit = selectors.get_public_visit(visit_id)
    paginator = Paginator(
        selectors.public_recommendations_by_document(visit), RECOMMENDATIONS_PER_PAGE
    )
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
            "progress": selectors.public_progress(visit),
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
    return public_files.answer_with_files(
        request,
        form,
        lambda files: assessments.receive_assessment(
            recommendation=rec,
            answers=form.answers(),
            language=get_language(),
            form_token=form.cleaned_data["form_token"],
            files=files,
            keep_original=form.cleaned_data["keep_original"],
        ),
        form_page=form_page,
    )


@public
@require_GET
def export_view(request: HttpRequest, visit_id: int, export_format: str) -> HttpResponse:
    visit = selectors.get_public_visit(visit_id)
    recs = list(selectors.public_recommendations(visit=visit))
    return download(
        open_data.export(visit, recs, export_format),
        content_type=open_data.CONTENT_TYPES[export_format],
        filename=f"tracker-{visit.country_code.lower()}-{visit.start_date:%Y}.{export_format}",
    )
