"""Triage of intake submissions, CSV import with a mapping step, and the
vocabularies staff extend."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache

from rapporteur.accounts.permissions import Perm, requires
from rapporteur.audit.services import record
from rapporteur.audit.tags import AuditTag
from rapporteur.cases import import_messages, importing, sealing, selectors, store
from rapporteur.cases.forms import ImportMappingForm, ImportUploadForm, TermForm, TriageForm
from rapporteur.cases.models import Term
from rapporteur.cases.services import importer, records, triage
from rapporteur.cases.views.common import keys, opened, user
from rapporteur.intake import selectors as intake_selectors
from rapporteur.intake.models import Kind, Status
from rapporteur.vault.decorators import shows_unlock_page
from rapporteur.vault.selectors import current_desk_key

STASH = "cases_import"


@requires(Perm.CASES_WRITE)
@never_cache
@shows_unlock_page
def triage_view(request: HttpRequest) -> HttpResponse:
    me, desk_keys = user(request), keys(request)
    pending = list(
        intake_selectors.inbox(user=me, kind=Kind.REPORT).exclude(status=Status.IN_CASE)[:200]
    )
    about = intake_selectors.list_summaries(submissions=pending, desk_keys=desk_keys)
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


@contextlib.contextmanager
def _plaintext_in_ram(name: str, desk_keys: dict[int, bytes]) -> Iterator[Path]:
    """Decrypt a stashed CSV into the RAM directory (tmpfs) for the importer; the
    plaintext never reaches persistent disk and is removed on the way out."""
    desk_key = current_desk_key()
    handle, path = tempfile.mkstemp(dir=settings.INTAKE_RAM_DIR, prefix="case-import-")
    try:
        with os.fdopen(handle, "wb") as plain, store.open_encrypted(name) as encrypted:
            for chunk in sealing.decrypted_chunks(
                fileobj=encrypted, version=desk_key.version, desk_keys=desk_keys
            ):
                plain.write(chunk)
        yield Path(path)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(path)


def _file_error(request: HttpRequest, message: str) -> HttpResponse:
    """The upload page again, saying (in the user's language) why nothing was imported."""
    return render(request, "cases/import.html", {"form": ImportUploadForm(), "file_error": message})


def _run(
    request: HttpRequest, path: Path, mapping: importing.ColumnMapping, stash: dict[str, Any]
) -> HttpResponse | None:
    """Plan and import in one transaction; render the errors and import nothing if
    any row fails."""
    me, desk_keys = user(request), keys(request)
    try:
        plan = importing.plan_import(path, mapping)
    except importing.ImportFileError as error:
        return _file_error(request, import_messages.file_error_text(error))
    if plan.errors:
        errors = import_messages.translated_row_errors(plan.errors[:500])
        return render(
            request,
            "cases/import.html",
            {"form": ImportUploadForm(), "plan": plan, "errors": errors},
        )
    try:
        with transaction.atomic():  # the new case goes too if the import is refused
            case = records.open_case(
                acting_user=me, desk_keys=desk_keys, title=stash["title"], country=stash["country"]
            )
            result = importer.run_import(case=case, plan=plan, acting_user=me, desk_keys=desk_keys)
    except importer.ImportRefused as error:
        return _file_error(request, str(error))
    store.delete(stash["name"])
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
        upload = form.cleaned_data["file"]
        name, _size = store.store_chunks(chunks=upload.chunks(), desk_key=current_desk_key())
        stash = {
            "name": name,
            "title": form.cleaned_data["title"],
            "country": form.cleaned_data["country"].upper(),
        }
        old = request.session.get(STASH)
        if old:
            store.delete(old["name"])
        request.session[STASH] = stash
        if form.cleaned_data["preset"] == "colombia":
            with _plaintext_in_ram(name, keys(request)) as path:
                return _run(request, path, importing.COLOMBIA_SOCIAL_LEADERS, stash) or redirect(
                    "cases:list"
                )
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
    with _plaintext_in_ram(stash["name"], keys(request)) as path:
        try:
            preview = importing.sniff_csv(path)
        except importing.ImportFileError as error:
            return _file_error(request, import_messages.file_error_text(error))
        form = ImportMappingForm(request.POST or None, header=preview.header)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            mapping = importing.ColumnMapping(
                **{
                    f: data[f] or None
                    for f in (
                        "name",
                        "gender",
                        "date",
                        "place",
                        "region",
                        "profession",
                        "narrative",
                        "perpetrator",
                        "latitude",
                        "longitude",
                        "source_link",
                    )
                },
                constants={"country": stash["country"], "act_type": data["act_type"].code},
            )
            response = _run(request, path, mapping, stash)
            if response is not None:
                return response
    return render(request, "cases/import_mapping.html", {"form": form, "preview": preview})


@requires(Perm.CASES_WRITE)
@never_cache
def vocabulary_view(request: HttpRequest) -> HttpResponse:
    """Local terms staff added, and a form to add one (English required; Russian
    and Tajik wanted). A local code is generated: ``L`` + list + number."""
    lists = list(Term.objects.order_by().values_list("list_name", flat=True).distinct())
    form = TermForm(request.POST or None, lists=sorted(lists))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            number = Term.objects.filter(list_name=data["list_name"], local=True).count() + 1
            parent = Term.objects.filter(
                list_name=data["list_name"], code=data["parent_code"]
            ).first()
            term = Term.objects.create(
                list_name=data["list_name"],
                code=f"LSTAFF-{data['list_name'][:8].upper()}-{number}",
                parent_code=parent.code if parent else "",
                level=parent.level + 1 if parent else 0,
                order=20_000 + number,
                label_en=data["label_en"],
                label_ru=data["label_ru"],
                label_tg=data["label_tg"],
                local=True,
            )
            record(
                tag=AuditTag.CASE_TERM_ADDED,
                actor=user(request),
                extras={"list": term.list_name, "code": term.code},
            )
        messages.success(request, _("Term added."))
        return redirect("cases:vocabulary")
    local = Term.objects.filter(local=True).order_by("list_name", "order")
    return render(request, "cases/vocabulary.html", {"form": form, "terms": local})
