"""Adding records to a case, documents, duplicates and merges. Writes need write
access to the case (403 for a read-only member, 404 for anyone who may not know
the case exists)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
)
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from rapporteur.accounts.permissions import Perm, staff
from rapporteur.cases import selectors
from rapporteur.cases.forms import (
    ActForm,
    DocumentForm,
    EventForm,
    InformationForm,
    InterventionForm,
    PersonForm,
    TaskForm,
    date_notices,
)
from rapporteur.cases.models import Case, Document, Event
from rapporteur.cases.services import documents, merging, records
from rapporteur.cases.views.case_page import case_page
from rapporteur.cases.views.page_content import chosen_person, event_choices, person_choices
from rapporteur.vault.crypto import DecryptionError
from rapporteur.vault.errors import CannotOpen
from rapporteur.vault.session import desk_private_keys_for
from rapporteur.web import carry_out, stream_download


def _save(kind: str, case: Case, data: dict[str, Any], request: HttpRequest) -> None:
    me, desk_keys = staff(request), desk_private_keys_for(request)
    if kind == "event":
        follows = data.pop("follows")
        records.add_event(
            case=case,
            acting_user=me,
            desk_keys=desk_keys,
            follows=selectors.record_of_case(case, Event, int(follows)) if follows else None,
            **data,
        )
    elif kind == "act":
        event_id = data.pop("event")
        if event_id == "new":
            event = records.add_event(
                case=case,
                acting_user=me,
                desk_keys=desk_keys,
                title=data["act_type"].label(),
                reindex=False,
            )
        else:
            event = selectors.record_of_case(case, Event, int(event_id))
        involvement = {
            "perpetrator": chosen_person(case, data.pop("perpetrator")),
            "perpetrator_type": data.pop("perpetrator_type"),
            "degree": data.pop("degree"),
        }
        named = involvement["perpetrator"] or involvement["perpetrator_type"]
        records.add_act(
            case=case,
            event=event,
            acting_user=me,
            desk_keys=desk_keys,
            victim=chosen_person(case, data.pop("victim")),
            perpetrators=[involvement] if named else [],
            **data,
        )
    elif kind == "information":
        records.add_information(
            case=case,
            acting_user=me,
            desk_keys=desk_keys,
            source=chosen_person(case, data.pop("source")),
            **data,
        )
    elif kind == "intervention":
        records.add_intervention(case=case, acting_user=me, **data)
    elif kind == "task":
        records.add_task(case=case, acting_user=me, **data)


FORMS = {
    "event": EventForm,
    "act": ActForm,
    "information": InformationForm,
    "intervention": InterventionForm,
    "task": TaskForm,
}
TITLES = {
    "event": "Add an event",
    "act": "Add an act",
    "information": "Add information",
    "intervention": "Add an intervention",
    "task": "Add a task",
}


@case_page(Perm.CASES_WRITE, write=True, decrypts=True)
def record_add_view(request: HttpRequest, case: Case, kind: str) -> HttpResponse:
    """One view for the simple records; ``kind`` comes from the URLconf, never the user."""
    desk_keys = desk_private_keys_for(request)
    extra: dict[str, Any] = {}
    if kind in {"event", "act"}:
        extra["events"] = event_choices(case, desk_keys)
    if kind in {"act", "information"}:
        extra["persons"] = person_choices(case, desk_keys)
    form = FORMS[kind](request.POST or None, **extra)
    if request.method == "POST" and form.is_valid():
        _save(kind, case, dict(form.cleaned_data), request)
        messages.success(request, _("Saved."))
        for notice in date_notices(form):
            messages.warning(request, notice)
        return redirect("cases:detail", case_id=case.pk)
    return render(
        request, "cases/form.html", {"form": form, "case": case, "title": _(TITLES[kind])}
    )


@case_page(Perm.CASES_WRITE, write=True, decrypts=True)
def person_add_view(request: HttpRequest, case: Case) -> HttpResponse:
    """Suggests likely duplicates (any script, typos) among persons of cases this
    user may see before creating a new person; staff link one or confirm new."""
    me = staff(request)
    desk_keys = desk_private_keys_for(request)
    if request.method == "POST" and request.POST.get("link"):
        person = selectors.duplicate_candidate(me, pk=int(request.POST["link"]))
        records.link_person(case=case, acting_user=me, person=person)
        records.reindex_case(case=case, desk_keys=desk_keys)
        return redirect("cases:detail", case_id=case.pk)
    form = PersonForm(request.POST or None)
    suggestions: list[Any] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not data["not_a_duplicate"]:
            suggestions = selectors.duplicate_candidates(
                me,
                name=data["name"],
                kind=data["kind"],
                desk_keys=desk_keys,
                limit=settings.CASES_DUPLICATE_CANDIDATES,
            )
        if not suggestions:
            sex = data["sex"].code if data["sex"] else ""
            records.add_person(
                case=case,
                acting_user=me,
                desk_keys=desk_keys,
                kind=data["kind"],
                profession=data["profession"],
                sex=sex,
                age_group=data["age_group"],
                consent_to_name=data["consent_to_name"],
                data={
                    k: data[k]
                    for k in (
                        "name",
                        "description",
                        "other_names",
                        "contacts",
                        "narrative",
                        "protection_needs",
                    )
                },
            )
            return redirect("cases:detail", case_id=case.pk)
    return render(
        request, "cases/person_form.html", {"form": form, "case": case, "suggestions": suggestions}
    )


@case_page(Perm.CASES_WRITE, write=True)
def document_add_view(request: HttpRequest, case: Case) -> HttpResponse:
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        documents.add_document(
            case=case,
            acting_user=staff(request),
            chunks=upload.chunks(),
            filename=upload.name,
            content_type=upload.content_type or "",
            description=form.cleaned_data["description"],
            confidential=form.cleaned_data["confidential"],
        )
        return redirect("cases:detail", case_id=case.pk)
    return render(
        request,
        "cases/form.html",
        {"form": form, "case": case, "multipart": True, "title": _("Add a document")},
    )


@case_page(Perm.CASES_READ, decrypts=True, held=("document_id",))
def document_download_view(request: HttpRequest, case: Case, document_id: int) -> HttpResponseBase:
    me = staff(request)
    document = selectors.record_of_case(case, Document, document_id)
    if document.confidential and not selectors.is_owner(me, case):
        raise Http404
    try:
        found = documents.open_document(
            case=case, document=document, acting_user=me, desk_keys=desk_private_keys_for(request)
        )
    except (OSError, DecryptionError, CannotOpen):
        return render(request, "intake/desk/file_missing.html", status=404)
    return stream_download(found.chunks, filename=found.filename)


@case_page(Perm.CASES_WRITE, write=True, post_only=True)
def merge_view(request: HttpRequest, case: Case) -> HttpResponse:
    """Merge two persons of this case (``kept``, ``merged``), or undo a merge (``undo``)."""
    me = staff(request)
    undo, kept, merged = (request.POST.get(name, "") for name in ("undo", "kept", "merged"))
    if undo.isdigit():
        merge = selectors.merge_of_case(case, int(undo))
        carry_out(
            request,
            lambda: merging.undo_merge(case=case, merge=merge, acting_user=me),
            done=_("The merge was undone."),
        )
    elif kept.isdigit() and merged.isdigit():
        carry_out(
            request,
            lambda: merging.merge_persons(
                case=case,
                kept=selectors.person_of_case(case, int(kept)),
                merged=selectors.person_of_case(case, int(merged)),
                acting_user=me,
            ),
            done=_("The persons were merged. The merge can be undone."),
        )
    else:
        messages.error(request, _("These persons cannot be merged."))
    return redirect("cases:detail", case_id=case.pk)
