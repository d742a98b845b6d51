"""Staff pages that bring documents in: a statement or report ingested into a
visit's suggested recommendations, and CSV lists of other mechanisms imported.

Both need the session's desk keys to recognise a file ingested before; without
them the service refuses with "sign in again", and nothing is stored."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from rapporteur.accounts.permissions import Perm, requires, staff
from rapporteur.visits import forms, selectors
from rapporteur.visits.services import ingestion
from rapporteur.visits.services.ingestion import IngestResult
from rapporteur.visits.views.common import desk_keys_if_unlocked
from rapporteur.web import carry_out

IMPORT_MAX_BYTES = 5 * 1024 * 1024


@requires(Perm.VISITS_WRITE)
@require_POST
def ingest_view(request: HttpRequest, visit_id: int) -> HttpResponse:
    visit = selectors.get_visit_for_staff(visit_id)
    form = forms.UploadForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        carry_out(
            request,
            lambda: ingestion.ingest_document(
                acting_user=staff(request),
                visit=visit,
                name=upload.name,
                chunks=upload.chunks(),
                desk_keys=desk_keys_if_unlocked(request) or {},
                kind=form.cleaned_data["kind"],
            ),
            done=_found,
        )
    else:
        messages.error(request, _("Choose a file and the kind of document."))
    return redirect("visits:visit", visit_id=visit.pk)


def _found(result: IngestResult) -> str:
    found = _("%(count)s recommendations found in %(name)s. Review and accept them below.") % {
        "count": result.found,
        "name": result.document.name,
    }
    if result.generic:
        return (
            found
            + " "
            + _(
                "Its kind was not recognised (UPR report or compilation, treaty body concluding "
                "observations, special procedures report, end-of-mission statement): the generic "
                "rules were used, so check the suggestions closely."
            )
        )
    return found + " " + _("Read as: %(family)s.") % {"family": result.family_label}


@requires(Perm.VISITS_WRITE)
@require_http_methods(["GET", "POST"])
def import_view(request: HttpRequest) -> HttpResponse:
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > IMPORT_MAX_BYTES:
            errors = [_("The file is larger than 5 MB.")]
        else:
            # Not carry_out: a refused file's problems are listed row by row on this
            # page, not joined into one message.
            try:
                recs = ingestion.import_csv(
                    acting_user=staff(request),
                    name=upload.name,
                    data=upload.read(),
                    desk_keys=desk_keys_if_unlocked(request) or {},
                    visit=form.cleaned_data["visit"],
                )
            except ingestion.ImportRejected as rejected:
                errors = rejected.errors
            else:
                messages.success(
                    request, _("%(count)s recommendations imported.") % {"count": len(recs)}
                )
                return redirect("visits:import")
    return render(request, "visits/import.html", {"form": form, "import_errors": errors})
