"""Editing and deleting the records of a case, and naming an act's perpetrators.

Every route takes the case id (need-to-know: 404 for anyone who may not know the
case) and needs write access (403 for a read-only member); the record is looked
up inside that case, so an id of another case is a 404 too. Deleting asks first
on a page of its own (no JavaScript) and is refused, with the reasons, while
other records depend on the record.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypedDict

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from rapporteur.accounts.models import User
from rapporteur.accounts.permissions import Perm, staff
from rapporteur.cases import selectors
from rapporteur.cases.dates import UncertainDateError, in_words, parse_uncertain_date
from rapporteur.cases.forms import (
    ActEditForm,
    EventForm,
    InformationForm,
    InterventionForm,
    InvolvementForm,
    PersonEditForm,
    TaskForm,
)
from rapporteur.cases.models import (
    Act,
    Case,
    Event,
    Information,
    Intervention,
    Involvement,
    Task,
)
from rapporteur.cases.services import corrections
from rapporteur.cases.services.records import date_columns, dates_as_written
from rapporteur.cases.views.case_page import case_page
from rapporteur.cases.views.page_content import (
    chosen_person,
    event_choices,
    opened,
    person_choices,
)
from rapporteur.vault.session import desk_private_keys_for
from rapporteur.web import carry_out


def _date_text(act: Act, prefix: str, content: dict[str, Any]) -> str:
    """An act's date as the form shows it: as the person wrote it when that text was
    kept (sealed), else in words when they read back to the same date (``cases.dates``
    is the judge), else in its machine form."""
    if written := content.get(f"{prefix}_written"):
        return str(written)
    when = act.uncertain_date(prefix)
    if not when.is_known:
        return ""
    words = in_words(when, (get_language() or "en")[:2])
    try:
        if parse_uncertain_date(words) == when:
            return words
    except UncertainDateError:
        pass
    return when.to_text()


# ---------------------------------------------------------------- each kind


class Changes(TypedDict, total=False):
    """What ``corrections.edit_record`` changes in a record: its sealed ``content``,
    its clear ``fields`` and its many-to-many ``many``."""

    content: dict[str, Any]
    fields: dict[str, Any]
    many: dict[str, Any]


@dataclass(frozen=True)
class Kind:
    """How one kind of record is found, shown in a form, changed and named."""

    model: type[Any]
    title: Any  # the edit page's title
    form: Callable[..., forms.Form]
    initial: Callable[[Any, dict[str, Any]], dict[str, Any]]
    changes: Callable[[Case, dict[str, Any]], Changes]  # from the form's cleaned data
    back: Callable[[Case, Any], str] = lambda case, record: reverse("cases:detail", args=[case.pk])


def _event_form(case: Case, desk_keys: dict[int, bytes], record: Any, **kw: Any) -> forms.Form:
    barred = {str(pk) for pk in selectors.later_events(record) | {record.pk}}
    events = [(pk, title) for pk, title in event_choices(case, desk_keys) if pk not in barred]
    return EventForm(events=events, **kw)


def _event_changes(case: Case, d: dict[str, Any]) -> Changes:
    follows = selectors.record_of_case(case, Event, int(d["follows"])) if d["follows"] else None
    return {
        "content": {"title": d["title"], "description": d["description"]},
        "fields": {"follows": follows},
    }


def _act_form(case: Case, desk_keys: dict[int, bytes], record: Any, **kw: Any) -> forms.Form:
    return ActEditForm(
        events=event_choices(case, desk_keys), persons=person_choices(case, desk_keys), **kw
    )


def _act_initial(act: Act, content: dict[str, Any]) -> dict[str, Any]:
    return {
        "event": str(act.event_id),
        "act_type": act.act_type_id,
        "victim": str(act.victim_id or ""),
        "start": _date_text(act, "start", content),
        "end": _date_text(act, "end", content),
        "place": content.get("place", ""),
        "region": act.region_id,
        "stated_reason": content.get("stated_reason", ""),
        "status_at_end": act.status_at_end_id,
        "legal_provisions": [t.pk for t in act.legal_provisions.all()],
        "instruments": [t.pk for t in act.instruments.all()],
    }


def _act_changes(case: Case, d: dict[str, Any]) -> Changes:
    return {
        "content": {
            "place": d["place"],
            "stated_reason": d["stated_reason"],
            # The text as written replaces the old one, or goes when the date is cleared.
            "start_written": "",
            "end_written": "",
            **dates_as_written(start=d["start"], end=d["end"]),
        },
        "fields": {
            "event": selectors.record_of_case(case, Event, int(d["event"])),
            "act_type": d["act_type"],
            "victim": chosen_person(case, d["victim"]),
            "region": d["region"],
            "status_at_end": d["status_at_end"],
            **date_columns("start", d["start"]),
            **date_columns("end", d["end"]),
        },
        "many": {"legal_provisions": d["legal_provisions"], "instruments": d["instruments"]},
    }


def _term_id(list_name: str, code: str) -> int | None:
    term = selectors.term_by_code(list_name, code)
    return term.pk if term else None


def _person_initial(person: Any, content: dict[str, Any]) -> dict[str, Any]:
    return {
        **{name: content.get(name, "") for name in corrections.SEALED_FIELDS["person"]},
        "kind": person.kind,
        "profession": person.profession_id,
        "sex": _term_id("sex", person.sex),
        "age_group": person.age_group,
        "consent_to_name": person.consent_to_name,
    }


def _person_changes(case: Case, d: dict[str, Any]) -> Changes:
    return {
        "content": {name: d[name] for name in corrections.SEALED_FIELDS["person"]},
        "fields": {
            "kind": d["kind"],
            "profession": d["profession"],
            "sex": d["sex"].code if d["sex"] else "",
            "age_group": d["age_group"],
            "consent_to_name": d["consent_to_name"],
        },
    }


def _information_changes(case: Case, d: dict[str, Any]) -> Changes:
    fields = {name: d[name] for name in ("reliability", "material", "received_on", "confidential")}
    fields["source"] = chosen_person(case, d["source"])
    return {"content": {"summary": d["summary"]}, "fields": fields}


def _involvement_form(case: Case, desk_keys: dict[int, bytes], record: Any, **kw: Any) -> Any:
    return InvolvementForm(persons=person_choices(case, desk_keys), new=False, **kw)


def _involvement_changes(case: Case, d: dict[str, Any]) -> Changes:
    return {
        "fields": {
            "perpetrator": chosen_person(case, d["perpetrator"]),
            "perpetrator_type": d["perpetrator_type"],
            "degree": d["degree"],
        }
    }


def _act_page(case: Case, record: Any) -> str:
    return reverse("cases:act_edit", args=[case.pk, record.act_id])


KINDS: dict[str, Kind] = {
    "event": Kind(
        Event,
        gettext_lazy("Edit the event"),
        _event_form,
        lambda e, c: {
            "title": c.get("title", ""),
            "description": c.get("description", ""),
            "follows": str(e.follows_id or ""),
        },
        _event_changes,
    ),
    "act": Kind(Act, gettext_lazy("Edit the act"), _act_form, _act_initial, _act_changes),
    "person": Kind(
        None,  # type: ignore[arg-type]  # persons are linked to cases, not owned by one
        gettext_lazy("Edit the person or organisation"),
        lambda case, desk_keys, record, **kw: PersonEditForm(**kw),
        _person_initial,
        _person_changes,
    ),
    "information": Kind(
        Information,
        gettext_lazy("Edit the information"),
        lambda case, desk_keys, record, **kw: InformationForm(
            persons=person_choices(case, desk_keys), **kw
        ),
        lambda i, c: {
            "summary": c.get("summary", ""),
            "source": str(i.source_id or ""),
            "reliability": i.reliability_id,
            "material": i.material_id,
            "received_on": i.received_on,
            "confidential": i.confidential,
        },
        _information_changes,
    ),
    "intervention": Kind(
        Intervention,
        gettext_lazy("Edit the intervention"),
        lambda case, desk_keys, record, **kw: InterventionForm(**kw),
        lambda i, c: {
            "description": c.get("description", ""),
            "intervention_type": i.intervention_type_id,
            "on_date": i.on_date,
        },
        lambda case, d: {
            "content": {"description": d["description"]},
            "fields": {"intervention_type": d["intervention_type"], "on_date": d["on_date"]},
        },
    ),
    "task": Kind(
        Task,
        gettext_lazy("Edit the task"),
        lambda case, desk_keys, record, **kw: TaskForm(**kw),
        lambda t, c: {"text": c.get("text", ""), "due_on": t.due_on},
        lambda case, d: {"content": {"text": d["text"]}, "fields": {"due_on": d["due_on"]}},
    ),
    "involvement": Kind(
        Involvement,
        gettext_lazy("Edit the perpetrator"),
        _involvement_form,
        lambda i, c: {
            "perpetrator": str(i.perpetrator_id or ""),
            "perpetrator_type": i.perpetrator_type_id,
            "degree": i.degree_id,
        },
        _involvement_changes,
        _act_page,
    ),
}


def _record(case: Case, kind: str, record_id: int, me: User) -> Any:
    """The record of this kind in this case, or 404. Confidential information (a
    source's identity) is the owner's alone, as on the case page."""
    if kind == "information":
        found = selectors.record_list(case, "information", owner=selectors.is_owner(me, case))
        record = found.filter(pk=record_id).first()
        if record is None:
            raise Http404
        return record
    if kind == "person":
        return selectors.person_of_case(case, record_id)
    if kind == "involvement":
        return selectors.involvement_of_case(case, record_id)
    return selectors.record_of_case(case, KINDS[kind].model, record_id)


def _content(record: Any, desk_keys: dict[int, bytes]) -> dict[str, Any]:
    return opened(record, desk_keys) if hasattr(record, "envelope") else {}


# ---------------------------------------------------------------- views


@case_page(Perm.CASES_WRITE, write=True, decrypts=True)
def record_edit_view(request: HttpRequest, case: Case, kind: str, **ids: int) -> HttpResponse:
    """The record's form, filled in with what is stored (sealed fields opened with
    the session's keys). ``kind`` comes from the URLconf, never the user."""
    me = staff(request)
    desk_keys = desk_private_keys_for(request)
    record = _record(case, kind, next(iter(ids.values())), me)
    spec = KINDS[kind]
    form = spec.form(
        case,
        desk_keys,
        record,
        data=request.POST if request.method == "POST" else None,
        initial=spec.initial(record, _content(record, desk_keys)),
    )
    if request.method == "POST" and form.is_valid():
        corrections.edit_record(
            case=case,
            record=record,
            acting_user=me,
            desk_keys=desk_keys,
            **spec.changes(case, dict(form.cleaned_data)),
        )
        messages.success(request, _("Saved."))
        return redirect(spec.back(case, record))
    context: dict[str, Any] = {"form": form, "case": case, "title": spec.title}
    if kind == "act":
        context["perpetrators"] = selectors.perpetrators_of_case(case, desk_keys=desk_keys).get(
            record.pk, []
        )
        context["act"] = record
    return render(request, "cases/record_edit.html", context)


def describe(case: Case, kind: str, record: Any, desk_keys: dict[int, bytes]) -> str:
    """A few words that say which record a confirmation page is about."""
    content = _content(record, desk_keys)
    if kind == "act":
        return f"{record.act_type.label()} ({record.pk})"
    if kind == "involvement":
        found = selectors.perpetrators_of_case(case, desk_keys=desk_keys).get(record.act_id, [])
        for item in found:
            if item.involvement_id == record.pk:
                return item.name or item.perpetrator_type or f"#{record.pk}"
    for name in ("name", "title", "text", "summary", "description"):
        if content.get(name):
            text = str(content[name])
            return text if len(text) <= 80 else text[:79] + "…"
    return f"#{record.pk}"


@case_page(Perm.CASES_WRITE, write=True, decrypts=True)
def record_delete_view(request: HttpRequest, case: Case, kind: str, **ids: int) -> HttpResponse:
    """GET asks "Delete X?"; POST deletes, or says why it may not."""
    me = staff(request)
    desk_keys = desk_private_keys_for(request)
    record = _record(case, kind, next(iter(ids.values())), me)
    back = KINDS[kind].back(case, record)
    if request.method == "POST":
        deleted = carry_out(
            request,
            lambda: corrections.delete_record(
                case=case, record=record, acting_user=me, desk_keys=desk_keys
            ),
            done=_("Deleted. The change history keeps what it held."),
        )
        return redirect(back if deleted else request.path)
    return render(
        request,
        "cases/record_delete.html",
        {
            "case": case,
            "what": describe(case, kind, record, desk_keys),
            "blockers": selectors.delete_blockers(case, record),
            "back": back,
        },
    )


@case_page(Perm.CASES_WRITE, write=True, decrypts=True)
def involvement_add_view(request: HttpRequest, case: Case, act_id: int) -> HttpResponse:
    """Name a perpetrator of an act: a person or organisation of the case, or a new
    one (name, individual or organisation, rank and unit)."""
    me = staff(request)
    desk_keys = desk_private_keys_for(request)
    act = selectors.record_of_case(case, Act, act_id)
    form = InvolvementForm(
        request.POST if request.method == "POST" else None, persons=person_choices(case, desk_keys)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        new = None
        if data["new_name"]:
            new = {
                "name": data["new_name"],
                "kind": data["new_kind"] or "individual",
                "description": data["new_description"],
            }
        corrections.add_involvement(
            case=case,
            act=act,
            acting_user=me,
            desk_keys=desk_keys,
            perpetrator=chosen_person(case, data["perpetrator"]),
            perpetrator_type=data["perpetrator_type"],
            degree=data["degree"],
            new_perpetrator=new,
        )
        messages.success(request, _("Saved."))
        return redirect("cases:act_edit", case_id=case.pk, act_id=act.pk)
    return render(
        request,
        "cases/form.html",
        {"form": form, "case": case, "title": _("Add a perpetrator")},
    )
