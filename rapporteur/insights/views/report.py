"""The country report: the form that asks for one, the job's page (progress while
the worker builds it, download links once done) and the download, which typesets
the document in the request and stores nothing.

A job is its requester's alone: another user gets 404 for it, as for an unknown id
(``selectors.report_job_for_user``); the mark ``owned_by_requester`` says so to the
role-matrix test."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from rapporteur.accounts.permissions import Perm, requires, staff
from rapporteur.insights import documents, selectors, services
from rapporteur.insights.forms import ReportForm
from rapporteur.insights.models import ReportLanguage
from rapporteur.insights.tasks import build_country_report
from rapporteur.vault.decorators import shows_unlock_page
from rapporteur.vault.session import desk_private_keys_for
from rapporteur.web import download

# Seconds between two looks at a job still being built (the page reloads itself
# through the Refresh header: no JavaScript).
REFRESH_SECONDS = 2


def owned_by_requester(*argument_names: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Mark a view whose URL arguments name an object only its requester may see
    (404 for anyone else). Apply under ``@requires``."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        view.owned_by_requester = argument_names  # type: ignore[attr-defined]
        return view

    return decorator


@requires(Perm.CASES_AGGREGATES)
@never_cache
def reports_view(request: HttpRequest) -> HttpResponse:
    """GET: the form and the user's reports. POST: queue a new one."""
    user = staff(request)
    language = (request.LANGUAGE_CODE or "en")[:2]
    countries = selectors.countries_with_acts()
    if request.method == "POST":
        form = ReportForm(request.POST, countries=countries)
        if form.is_valid():
            job = services.request_report(
                acting_user=user,
                country=form.cleaned_data["country"],
                period=form.period(),
                language=form.cleaned_data["language"],
            )
            build_country_report.enqueue(job.pk)
            return redirect("insights:report_job", job_id=job.pk)
    else:
        initial = language if language in ReportLanguage.values else ReportLanguage.ENGLISH
        form = ReportForm(
            initial={"language": initial, "year": timezone.localdate().year - 1},
            countries=countries,
        )
    return render(
        request,
        "insights/reports.html",
        {"form": form, "jobs": selectors.report_jobs(user)[:20]},
    )


@requires(Perm.CASES_AGGREGATES)
@owned_by_requester("job_id")
@never_cache
def report_job_view(request: HttpRequest, job_id: int) -> HttpResponse:
    job = selectors.report_job_for_user(staff(request), job_id)
    response = render(request, "insights/report_job.html", {"job": job})
    if job.in_progress:
        response["Refresh"] = str(REFRESH_SECONDS)
    return response


@requires(Perm.CASES_AGGREGATES)
@owned_by_requester("job_id")
@shows_unlock_page
@never_cache
def report_download_view(request: HttpRequest, job_id: int, fmt: str) -> HttpResponse:
    """The report as DOCX or PDF. Content roles print the consented summaries of the
    cases they may know of, opened with their session's keys; an analyst, who holds
    no key and knows no case, gets the figures alone."""
    if fmt not in documents.CONTENT_TYPES:
        raise Http404
    user = staff(request)
    job = selectors.report_job_for_user(user, job_id)
    if job.in_progress or job.state != "done":
        messages.error(request, _("This report is not ready."))
        return redirect("insights:report_job", job_id=job.pk)
    summaries: list[documents.Summary] = []
    if user.has_desk_permission(Perm.CASES_READ):
        keys = desk_private_keys_for(request)
        summaries = documents.published_summaries(user=user, job=job, desk_keys=keys)
    today = timezone.localdate()
    blocks = documents.report_blocks(job=job, summaries=summaries, today=today)
    content = documents.render(blocks=blocks, file_format=fmt, created=today)
    services.note_download(acting_user=user, job=job, file_format=fmt, summaries=len(summaries))
    name = f"report-{job.country}-{job.period_start}-{job.period_end}-{job.language}.{fmt}"
    return download(content, content_type=documents.CONTENT_TYPES[fmt], filename=name)
