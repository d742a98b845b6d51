"""Staff pages of the visits desk. Thin: forms validate, services change, selectors read.
The public tracker is in ``public_views``."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from rapporteur.accounts.models import User
from rapporteur.accounts.permissions import Perm, requires
from rapporteur.vault.errors import NotInitialised, UnlockRequired
from rapporteur.vault.session import desk_private_keys_for
from rapporteur.visits import forms, ingestion, reports, selectors, services
from rapporteur.visits.models import Document, Review


def staff(request: HttpRequest) -> User:
    """The signed-in member of staff; ``@requires`` has already refused anyone else."""
    return cast(User, request.user)


@requires(Perm.VISITS_READ)
def visit_list_view(request: HttpRequest) -> HttpResponse:
    return render(request, "visits/visit_list.html", {"visits": selectors.visits_for_staff()})


@requires(Perm.VISITS_WRITE)
@require_http_methods(["GET", "POST"])
def visit_create_view(request: HttpRequest) -> HttpResponse:
    form = forms.VisitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            visit = services.create_visit(acting_user=staff(request), **form.visit_fields())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("visits:visit", visit_id=visit.pk)
    return render(request, "visits/visit_form.html", {"form": form})


@requires(Perm.VISITS_WRITE)
@require_http_methods(["GET", "POST"])
def visit_edit_view(request: HttpRequest, visit_id: int) -> HttpResponse:
    visit = selectors.get_visit_for_staff(visit_id)
    form = forms.VisitForm(request.POST or None, initial=forms.VisitForm.initial_for(visit))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_visit(acting_user=staff(request), visit=visit, **form.visit_fields())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("visits:visit", visit_id=visit.pk)
    return render(request, "visits/visit_form.html", {"form": form, "visit": visit})


RECOMMENDATIONS_PER_PAGE = 50


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
    recs = list(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    try:
        desk_keys: dict[int, bytes] | None = desk_private_keys_for(request)
    except UnlockRequired:
        desk_keys = None  # the page still works; sealed meetings say "locked"
    meetings = selectors.meetings_for_staff(visit, desk_keys=desk_keys)
    opened = sum(1 for m in meetings if m.sealed and m.readable)
    if opened:
        services.note_meetings_read(acting_user=staff(request), visit=visit, count=opened)
    return render(
        request,
        "visits/visit_detail.html",
        {
            "visit": visit,
            "meetings": meetings,
            "page": page,
            "groups": selectors.group_by_document(recs, previous=selectors.last_before(page)),
            "documents": selectors.documents_for_staff(visit),
            "document_id": document_id,
            "query": query.urlencode(),
            "pending": visit.recommendations.filter(review=Review.SUGGESTED).count(),
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
        try:
            services.add_meeting(
                acting_user=staff(request),
                visit=visit,
                institution=form.cleaned_data["institution"],
                kind=form.cleaned_data["kind"],
                day=form.cleaned_data["date"],
                public_summary=form.cleaned_data["public_summary"],
                confidential=form.cleaned_data["confidential"],
                participants=form.cleaned_data["participants"],
                notes=form.cleaned_data["notes"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        except NotInitialised:
            messages.error(
                request, _("The vault has no desk key yet: meeting content cannot be sealed.")
            )
        else:
            messages.success(request, _("Meeting added."))
    else:
        messages.error(
            request,
            _("The meeting was not added: check the institution and kind.")
            + " "
            + " ".join(str(e) for errors in form.errors.values() for e in errors),
        )
    return redirect("visits:visit", visit_id=visit.pk)


_UNLOCK_TO_INGEST = gettext_lazy(
    "Sign in again to unlock your keys: they are needed to check that the file is new. "
    "Nothing was stored."
)


def _with_link_to(original: Document, message: str) -> str:
    """The message, then a link to where the first copy's recommendations are."""
    if original.visit_id is None:
        return message
    url = reverse("visits:visit", args=[original.visit_id])
    return format_html(
        '{} <a href="{}?document={}#document-{}">{}</a>',
        message,
        url,
        original.pk,
        original.pk,
        _("Open the first copy."),
    )


@requires(Perm.VISITS_WRITE)
@require_POST
def ingest_view(request: HttpRequest, visit_id: int) -> HttpResponse:
    visit = selectors.get_visit_for_staff(visit_id)
    form = forms.UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file and the kind of document."))
        return redirect("visits:visit", visit_id=visit.pk)
    upload = form.cleaned_data["file"]
    try:
        result = ingestion.ingest_document(
            acting_user=staff(request),
            visit=visit,
            name=upload.name,
            chunks=upload.chunks(),
            desk_keys=desk_private_keys_for(request),
            kind=form.cleaned_data["kind"],
        )
    except UnlockRequired:
        messages.error(request, _UNLOCK_TO_INGEST)
    except ingestion.DuplicateDocument as duplicate:
        messages.error(request, _with_link_to(duplicate.original, str(duplicate)))
    except ingestion.IngestError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(count)s recommendations found in %(name)s. Review and accept them below.")
            % {"count": result.found, "name": result.document.name},
        )
    return redirect("visits:visit", visit_id=visit.pk)


@requires(Perm.VISITS_WRITE)
@require_POST
def accept_all_view(request: HttpRequest, visit_id: int) -> HttpResponse:
    visit = selectors.get_visit_for_staff(visit_id)
    count = services.accept_all(acting_user=staff(request), visit=visit)
    messages.success(request, _("%(count)s recommendations accepted.") % {"count": count})
    return redirect("visits:visit", visit_id=visit.pk)


@requires(Perm.VISITS_READ)
def report_view(request: HttpRequest, visit_id: int, report_format: str) -> HttpResponse:
    visit = selectors.get_visit_for_staff(visit_id)
    recs = list(selectors.public_recommendations(visit=visit))
    try:
        if report_format == "pdf":
            data, mime = reports.build_pdf(visit, recs), "application/pdf"
        else:
            data = reports.build_docx(visit, recs)
            mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    except reports.ReportError as error:
        messages.error(request, str(error))
        return redirect("visits:visit", visit_id=visit.pk)
    services.note_report_export(acting_user=staff(request), visit=visit, file_format=report_format)
    response = HttpResponse(data, content_type=mime)
    name = f"follow-up-{visit.country_code.lower()}-{visit.start_date:%Y}.{report_format}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@requires(Perm.VISITS_WRITE)
@require_http_methods(["GET", "POST"])
def import_view(request: HttpRequest) -> HttpResponse:
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            errors = [_("The file is larger than 5 MB.")]
        else:
            try:
                recs = ingestion.import_csv(
                    acting_user=staff(request),
                    name=upload.name,
                    data=upload.read(),
                    desk_keys=desk_private_keys_for(request),
                    visit=form.cleaned_data["visit"],
                )
            except UnlockRequired:
                errors = [str(_UNLOCK_TO_INGEST)]
            except ingestion.ImportRejected as rejected:
                errors = rejected.errors
                if rejected.original is not None:
                    errors = [_with_link_to(rejected.original, e) for e in errors]
            else:
                messages.success(
                    request, _("%(count)s recommendations imported.") % {"count": len(recs)}
                )
                return redirect("visits:import")
    return render(request, "visits/import.html", {"form": form, "import_errors": errors})


@requires(Perm.VISITS_READ)
def theme_list_view(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "visits/themes.html",
        {"themes": selectors.themes(), "form": forms.ThemeForm()},
    )


@requires(Perm.VISITS_WRITE)
@require_POST
def theme_add_view(request: HttpRequest) -> HttpResponse:
    form = forms.ThemeForm(request.POST)
    if form.is_valid():
        try:
            services.create_theme(acting_user=staff(request), label=form.cleaned_data["label"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Theme added."))
    else:
        messages.error(request, _("Write the new theme's name."))
    return redirect("visits:themes")
