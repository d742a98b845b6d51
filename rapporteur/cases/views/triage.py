"""Taking material into cases: triage of intake submissions into a case, and the
import of a partner's CSV list into a new case (upload, then a mapping step)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache

from rapporteur.accounts.permissions import Perm, requires, staff
from rapporteur.cases import selectors
from rapporteur.cases.forms import ImportMappingForm, ImportUploadForm, TriageForm
from rapporteur.cases.importing.csv_files import COLOMBIA_SOCIAL_LEADERS, ColumnMapping
from rapporteur.cases.importing.messages import translated_row_errors
from rapporteur.cases.services import importing, triage
from rapporteur.cases.views.page_content import opened
from rapporteur.intake import selectors as intake_selectors
from rapporteur.intake.forms import form_for_kind
from rapporteur.intake.models import Kind, Status
from rapporteur.staff_views import acting
from rapporteur.vault.decorators import shows_unlock_page
from rapporteur.vault.session import desk_private_keys_for

STASH = "cases_import"


@requires(Perm.CASES_WRITE)
@never_cache
@shows_unlock_page
def triage_view(request: HttpRequest) -> HttpResponse:
    me, desk_keys = staff(request), desk_private_keys_for(request)
    pending = list(
        intake_selectors.inbox(user=me, kind=Kind.REPORT).exclude(status=Status.IN_CASE)[:200]
    )
    about = intake_selectors.list_summaries(
        submissions=pending, desk_keys=desk_keys, form_for_kind=form_for_kind
    )
    cases = [
        (str(c.pk), f"#{c.pk} {opened(c, desk_keys).get('title', '')}")
        for c in selectors.visible_cases(me).select_related("desk_key")[:200]
    ]
    choices = [(str(s.pk), _triage_label(s, about.get(s.pk, []))) for s in pending]
    form = TriageForm(request.POST or None, submissions=choices, cases=cases)
    if request.method == "POST" and form.is_valid():
        chosen = [
            intake_selectors.submission_for_staff(user=me, pk=int(pk))
            for pk in form.cleaned_data["submissions"]
        ]
        case = None
        if form.cleaned_data["case"]:
            case = selectors.get_case_for_user(me, int(form.cleaned_data["case"]), write=True)
        case = triage.triage(
            submissions=chosen,
            acting_user=me,
            desk_keys=desk_keys,
            case=case,
            country=form.cleaned_data["country"],
        )
        messages.success(request, _("Taken into the case."))
        for written in selectors.dates_not_understood(case=case, desk_keys=desk_keys):
            messages.warning(
                request,
                _(
                    "The date “%(text)s” was not understood; it is kept as written on the "
                    "act. Write it as a date on the act when you can."
                )
                % {"text": written},
            )
        return redirect("cases:detail", case_id=case.pk)
    return render(request, "cases/triage.html", {"form": form})


def _triage_label(submission: Any, about: list[str]) -> str:
    """ "#5 · 2026-12-05 11:00 · Arrest · Journalist · Khujand · 2 files": what
    happened, to whom by role, where (see intake ``list_summaries``: no name)."""
    files = ngettext("%(count)s file", "%(count)s files", submission.file_count) % {
        "count": submission.file_count
    }
    return " · ".join(
        [f"#{submission.pk}", f"{submission.received_at:%Y-%m-%d %H:00}", *about, files]
    )


def _file_error(request: HttpRequest, message: str) -> HttpResponse:
    """The upload page again, saying (in the user's language) why nothing was imported."""
    return render(request, "cases/import.html", {"form": ImportUploadForm(), "file_error": message})


def _run(
    request: HttpRequest, path: Path, mapping: ColumnMapping, stash: dict[str, Any]
) -> HttpResponse:
    """Plan and import in one transaction; render the errors and import nothing if
    any row fails."""
    try:
        plan = importing.plan_file(path, mapping)
        if plan.errors:
            errors = translated_row_errors(plan.errors[:500])
            return render(
                request,
                "cases/import.html",
                {"form": ImportUploadForm(), "plan": plan, "errors": errors},
            )
        case, result = importing.import_into_new_case(
            plan=plan,
            title=stash["title"],
            country=stash["country"],
            **acting(request),
        )
    except importing.ImportRefused as refused:
        return _file_error(request, str(refused))
    importing.discard_upload(name=stash["name"])
    request.session.pop(STASH, None)
    messages.success(
        request,
        _("%(rows)s rows imported: %(acts)s acts.") % {"rows": result.rows_in, "acts": result.acts},
    )
    return redirect("cases:detail", case_id=case.pk)


@requires(Perm.CASES_WRITE)
@never_cache
@shows_unlock_page
def import_view(request: HttpRequest) -> HttpResponse:
    """Step 1: upload. The file is encrypted into the case store at once and only
    its stored name kept in the session, for the mapping step."""
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        stash = {
            "name": importing.stash_upload(chunks=form.cleaned_data["file"].chunks()),
            "title": form.cleaned_data["title"],
            "country": form.cleaned_data["country"].upper(),
        }
        old = request.session.get(STASH)
        if old:
            importing.discard_upload(name=old["name"])
        request.session[STASH] = stash
        if form.cleaned_data["preset"] == "colombia":
            desk_keys = desk_private_keys_for(request)
            with importing.plaintext_in_ram(name=stash["name"], desk_keys=desk_keys) as path:
                return _run(request, path, COLOMBIA_SOCIAL_LEADERS, stash)
        return redirect("cases:import_mapping")
    return render(request, "cases/import.html", {"form": form})


@requires(Perm.CASES_WRITE)
@never_cache
@shows_unlock_page
def import_mapping_view(request: HttpRequest) -> HttpResponse:
    """Step 2: map the file's columns to fields, then import (all or nothing)."""
    stash = request.session.get(STASH)
    if not stash:
        return redirect("cases:import")
    desk_keys = desk_private_keys_for(request)
    with importing.plaintext_in_ram(name=stash["name"], desk_keys=desk_keys) as path:
        try:
            preview = importing.preview_file(path)
        except importing.ImportRefused as refused:
            return _file_error(request, str(refused))
        form = ImportMappingForm(request.POST or None, header=preview.header)
        if request.method == "POST" and form.is_valid():
            return _run(request, path, form.mapping(country=stash["country"]), stash)
    return render(request, "cases/import_mapping.html", {"form": form, "preview": preview})
