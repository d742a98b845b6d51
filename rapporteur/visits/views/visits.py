"""Staff pages of visits: the list, a visit's page (meetings, and recommendations
document by document), the visit form, meetings, acceptance of all suggestions and
the follow-up report."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from rapporteur.accounts.permissions import Perm, requires, staff
from rapporteur.visits import forms, selectors
from rapporteur.visits.models import Visit
from rapporteur.visits.services import recommendations, reports, visits
from rapporteur.visits.views.common import RECOMMENDATIONS_PER_PAGE, desk_keys_if_unlocked
from rapporteur.web import carry_out, download


@requires(Perm.VISITS_READ)
def visit_list_view(request: HttpRequest) -> HttpResponse:
    return render(request, "visits/visit_list.html", {"visits": selectors.visits_for_staff()})


@requires(Perm.VISITS_WRITE)
@require_http_methods(["GET", "POST"])
def visit_create_view(request: HttpRequest) -> HttpResponse:
    form = forms.VisitForm(request.POST or None)
    return _visit_form(
        request, form, lambda fields: visits.create_visit(acting_user=staff(request), **fields)
    )


@requires(Perm.VISITS_WRITE)
@require_http_methods(["GET", "POST"])
def visit_edit_view(request: HttpRequest, visit_id: int) -> HttpResponse:
    visit = selectors.get_visit_for_staff(visit_id)
    form = forms.VisitForm(request.POST or None, initial=forms.VisitForm.initial_for(visit))
    return _visit_form(
        request,
        form,
        lambda fields: visits.update_visit(acting_user=staff(request), visit=visit, **fields),
        visit=visit,
    )


def _visit_form(
    request: HttpRequest,
    form: forms.VisitForm,
    save: Callable[[dict[str, Any]], Visit],
    *,
    visit: Visit | None = None,
) -> HttpResponse:
    """The visit form, saved when valid. A rule of the model the form cannot see
    (a ValidationError, possibly about one field) is shown on the form itself, not
    as a message, so the person corrects it where it is."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form.service_arguments())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("visits:visit", visit_id=saved.pk)
    return render(request, "visits/visit_form.html", {"form": form, "visit": visit})


def _document_filter(request: HttpRequest) -> int | None:
    """``?document=<id>``: one document's recommendations; anything else is ignored."""
    value = request.GET.get("document", "")
    return int(value) if value.isdigit() and len(value) < 10 else None


@requires(Perm.VISITS_READ)
def visit_view(request: HttpRequest, visit_id: int) -> HttpResponse:
    visit = selectors.get_visit_for_staff(visit_id)
    document_id = _document_filter(request)
    paginator = Paginator(
        selectors.recommendations_for_staff(visit, document_id=document_id),
        RECOMMENDATIONS_PER_PAGE,
    )
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    meetings = selectors.meetings_for_staff(visit, desk_keys=desk_keys_if_unlocked(request))
    opened = sum(1 for m in meetings if m.sealed and m.readable)
    if opened:
        visits.note_meetings_read(acting_user=staff(request), visit=visit, count=opened)
    return render(
        request,
        "visits/visit_detail.html",
        {
            "visit": visit,
            "meetings": meetings,
            "page": page,
            "groups": selectors.group_by_document(
                list(page.object_list), previous=selectors.last_before(page)
            ),
            "documents": selectors.documents_for_staff(visit),
            "document_id": document_id,
            "query": query.urlencode(),
            "pending": selectors.pending_count(visit),
            "upload_form": forms.UploadForm(),
            "meeting_form": forms.MeetingForm(),
        },
    )


@requires(Perm.VISITS_WRITE)
@require_POST
def meeting_add_view(request: HttpRequest, visit_id: int) -> HttpResponse:
    visit = selectors.get_visit_for_staff(visit_id)
    form = forms.MeetingForm(request.POST)
    if form.is_valid():
        carry_out(
            request,
            lambda: visits.add_meeting(
                acting_user=staff(request), visit=visit, **form.service_arguments()
            ),
            done=_("Meeting added."),
            # Sealing needs only the desk public key: the one vault error here is its absence.
            locked=_("The vault has no desk key yet: meeting content cannot be sealed."),
        )
    else:
        messages.error(
            request,
            _("The meeting was not added: check the institution and kind.")
            + " "
            + " ".join(str(e) for errors in form.errors.values() for e in errors),
        )
    return redirect("visits:visit", visit_id=visit.pk)


@requires(Perm.VISITS_WRITE)
@require_POST
def accept_all_view(request: HttpRequest, visit_id: int) -> HttpResponse:
    visit = selectors.get_visit_for_staff(visit_id)
    carry_out(
        request,
        lambda: recommendations.accept_all(acting_user=staff(request), visit=visit),
        done=lambda count: _("%(count)s recommendations accepted.") % {"count": count},
    )
    return redirect("visits:visit", visit_id=visit.pk)


@requires(Perm.VISITS_READ)
def report_view(request: HttpRequest, visit_id: int, report_format: str) -> HttpResponse:
    visit = selectors.get_visit_for_staff(visit_id)
    report = carry_out(
        request,
        lambda: reports.export_report(
            acting_user=staff(request), visit=visit, file_format=report_format
        ),
    )
    if report is None:
        return redirect("visits:visit", visit_id=visit.pk)
    return download(report.data, content_type=report.content_type, filename=report.name)
