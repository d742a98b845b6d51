"""Case list, opening a case, the case page, its history, members, exports and
search. Every case is reached through ``selectors.get_case_for_user``; every read
of a case is audited."""

from __future__ import annotations

import json
from collections.abc import Iterable

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from rapporteur.accounts.permissions import Perm, requires, staff
from rapporteur.cases import exporting, selectors
from rapporteur.cases.forms import CaseEditForm, CaseForm, FilterForm, MemberForm, SearchForm
from rapporteur.cases.history import readable_history
from rapporteur.cases.models import Case, Consent, Person, Task
from rapporteur.cases.services import reading, records
from rapporteur.cases.views.case_page import case_page
from rapporteur.cases.views.page_content import act_dates, opened
from rapporteur.communications.selectors import communications_of_case
from rapporteur.staff_views import acting
from rapporteur.vault.decorators import shows_unlock_page
from rapporteur.vault.session import desk_private_keys_for
from rapporteur.web import download

PAGE = 100


@requires(Perm.CASES_READ)
@never_cache
@shows_unlock_page
def case_list_view(request: HttpRequest) -> HttpResponse:
    form = FilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.filtered_cases(staff(request), **{k: v for k, v in filters.items() if v})
    desk_keys = desk_private_keys_for(request)
    rows = [(case, opened(case, desk_keys)) for case in qs.select_related("desk_key")[:PAGE]]
    return render(request, "cases/list.html", {"form": form, "rows": rows, "page": PAGE})


@requires(Perm.CASES_WRITE)
@never_cache
@shows_unlock_page
def case_open_view(request: HttpRequest) -> HttpResponse:
    form = CaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        case = records.open_case(**acting(request), **form.cleaned_data)
        return redirect("cases:detail", case_id=case.pk)
    return render(request, "cases/form.html", {"form": form, "title": _("Open a case")})


@case_page(Perm.CASES_READ, decrypts=True)
def case_detail_view(request: HttpRequest, case: Case) -> HttpResponse:
    me = staff(request)
    desk_keys = desk_private_keys_for(request)
    owner = selectors.is_owner(me, case)
    names = {p.pk: opened(p, desk_keys) for p in case.persons.select_related("desk_key")}
    perpetrators = selectors.perpetrators_of_case(case, desk_keys=desk_keys)
    events = []
    for event in case.events.select_related("desk_key"):
        acts = [
            {
                "act": a,
                "content": (content := opened(a, desk_keys)),
                "dates": act_dates(a, content),
                "victim": names.get(a.victim_id or 0, {}).get("name", ""),
                "provisions": list(a.legal_provisions.all()),
                "perpetrators": perpetrators.get(a.pk, []),
            }
            for a in event.acts.select_related("desk_key", "act_type", "region")
        ]
        events.append({"event": event, "content": opened(event, desk_keys), "acts": acts})
    roles: dict[int, set[str]] = {}
    for act in case.acts.all():
        if act.victim_id:
            roles.setdefault(act.victim_id, set()).add(_("victim"))
    for items in perpetrators.values():
        for item in items:
            if item.person_id:
                roles.setdefault(item.person_id, set()).add(_("perpetrator"))
    information = selectors.record_list(case, "information", owner=owner)
    for info in information:
        if info.source_id:
            roles.setdefault(info.source_id, set()).add(_("source"))
    # Consent to be named is asked of victims and sources, never of perpetrators.
    perpetrator_only = selectors.perpetrator_only_person_ids(case)
    persons = [
        {
            "person": p,
            "content": names[p.pk],
            "roles": sorted(roles.get(p.pk, set())),
            "asks_consent": p.pk not in perpetrator_only,
        }
        for p in case.persons.filter(merged_into=None).select_related("profession")
    ]
    reading.note_read(case=case, acting_user=me)
    can_draft = me.has_desk_permission(Perm.COMMUNICATIONS_DRAFT)
    return render(
        request,
        "cases/detail.html",
        {
            "case": case,
            "content": opened(case, desk_keys),
            "events": events,
            "persons": persons,
            "information": [(i, opened(i, desk_keys)) for i in information],
            "interventions": [
                (i, opened(i, desk_keys))
                for i in selectors.record_list(case, "interventions", owner=owner)
            ],
            # Communications to States are interventions too: metadata only, in clear.
            "communications": communications_of_case(user=me, case=case),
            "can_draft": can_draft,
            "consent_choices": Consent.choices,
            "tasks": [
                (t, opened(t, desk_keys)) for t in selectors.record_list(case, "tasks", owner=owner)
            ],
            "documents": [
                (d, opened(d, desk_keys)) for d in selectors.documents(case, owner=owner)
            ],
            "members": case.memberships.select_related("user"),
            "merges": selectors.active_merges(case),
            "can_write": selectors.can_write(me, case),
            "tags": list(case.tags.all()),
            "is_owner": owner,
        },
    )


@case_page(Perm.CASES_WRITE, write=True, decrypts=True)
def case_edit_view(request: HttpRequest, case: Case) -> HttpResponse:
    me = staff(request)
    desk_keys = desk_private_keys_for(request)
    content = opened(case, desk_keys)
    initial = {
        "title": content.get("title", ""),
        "summary": content.get("summary", ""),
        "country": case.country,
        "risk": case.risk,
        "status": case.status,
        "tags": list(case.tags.all()),
    }
    form = CaseEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        records.update_case(case=case, acting_user=me, desk_keys=desk_keys, **form.cleaned_data)
        return redirect("cases:detail", case_id=case.pk)
    return render(
        request, "cases/form.html", {"form": form, "case": case, "title": _("Edit the case")}
    )


@case_page(Perm.CASES_WRITE, write=True)
def case_members_view(request: HttpRequest, case: Case) -> HttpResponse:
    """Only the owner and the rapporteur change who is on a case."""
    me = staff(request)
    if not (selectors.is_owner(me, case) or me.role == "rapporteur"):
        raise PermissionDenied
    form = MemberForm(request.POST or None, users=selectors.colleagues_to_add(case))
    if request.method == "POST" and form.is_valid():
        records.set_member(
            case=case,
            acting_user=me,
            user=form.cleaned_data["user"],
            can_write=records.ACCESS_CAN_WRITE[form.cleaned_data["access"]],
        )
        messages.success(request, _("Access changed."))
        return redirect("cases:detail", case_id=case.pk)
    return render(
        request,
        "cases/form.html",
        {"form": form, "case": case, "title": _("Colleagues on the case")},
    )


@case_page(Perm.CASES_READ, decrypts=True)
def case_history_view(request: HttpRequest, case: Case) -> HttpResponse:
    me = staff(request)
    desk_keys = desk_private_keys_for(request)
    hidden = None
    if not selectors.is_owner(me, case):
        hidden = selectors.confidential_information_ids(case)
    rows = readable_history(
        list(selectors.history(case)[:500]), desk_keys=desk_keys, hidden_information=hidden
    )
    reading.note_read(case=case, acting_user=me, what="history")
    return render(request, "cases/history.html", {"case": case, "rows": rows})


@case_page(Perm.CASES_READ, decrypts=True)
def case_export_json_view(request: HttpRequest, case: Case) -> HttpResponse:
    me = staff(request)
    data = exporting.case_json(
        case, desk_keys=desk_private_keys_for(request), owner=selectors.is_owner(me, case)
    )
    reading.note_export(case=case, acting_user=me, fmt="json")
    return download(
        json.dumps(data, ensure_ascii=False, indent=1),
        content_type="application/json; charset=utf-8",
        filename=f"case-{case.pk}.json",
    )


@case_page(Perm.CASES_READ)
def case_export_csv_view(request: HttpRequest, case: Case) -> HttpResponse:
    me = staff(request)
    reading.note_export(case=case, acting_user=me, fmt="csv")
    return download(
        exporting.case_csv(case),
        content_type="text/csv; charset=utf-8",
        filename=f"case-{case.pk}-coded.csv",
    )


@requires(Perm.CASES_READ)
@never_cache
@shows_unlock_page
def search_view(request: HttpRequest) -> HttpResponse:
    """Blind-index search. The count shown is of visible cases only; the audit
    entry records that a search ran and how many it showed, never the query."""
    form = SearchForm(request.GET or None)
    rows = None
    if form.is_valid():
        me = staff(request)
        desk_keys = desk_private_keys_for(request)
        found = selectors.search_cases(me, query=form.cleaned_data["q"], desk_keys=desk_keys)
        rows = [(c, opened(c, desk_keys)) for c in found.select_related("desk_key")[:PAGE]]
        reading.note_search(acting_user=me, shown=len(rows))
    return render(request, "cases/search.html", {"form": form, "rows": rows})


@case_page(Perm.CASES_WRITE, write=True, post_only=True)
def task_done_view(request: HttpRequest, case: Case) -> HttpResponse:
    me = staff(request)
    task_id = request.POST.get("task", "")
    if task_id.isdigit():
        task = selectors.record_of_case(case, Task, int(task_id))
        records.set_task_done(task=task, acting_user=me, done=not task.done)
    return redirect("cases:detail", case_id=case.pk)


def _person_and_answer(
    request: HttpRequest, case: Case, field: str, answers: Iterable[str]
) -> tuple[Person, str] | None:
    """The person of the case named by the posted form, and their answer in ``field``
    when it is one of ``answers``; None for anything else."""
    person_id, answer = request.POST.get("person", ""), request.POST.get(field, "")
    if not person_id.isdigit() or answer not in answers:
        return None
    return selectors.person_of_case(case, int(person_id)), answer


@case_page(Perm.CASES_WRITE, write=True, post_only=True)
def person_consent_view(request: HttpRequest, case: Case) -> HttpResponse:
    """Record a person's consent to be named to the State (read live by letters)."""
    found = _person_and_answer(request, case, "consent", Consent.values)
    if found is not None:
        person, consent = found
        records.set_consent(
            case=case, acting_user=staff(request), person=person, consent_to_name=consent
        )
        messages.success(request, _("Consent recorded."))
    return redirect("cases:detail", case_id=case.pk)


@case_page(Perm.CASES_WRITE, write=True, post_only=True)
def person_publication_view(request: HttpRequest, case: Case) -> HttpResponse:
    """Record whether a person agreed to their case's summary in a country report."""
    found = _person_and_answer(request, case, "consents", ("yes", "no"))
    if found is not None:
        person, consents = found
        records.set_publication_consent(
            case=case, acting_user=staff(request), person=person, consents=consents == "yes"
        )
        messages.success(request, _("Consent recorded."))
    else:
        messages.error(request, _("Choose a person and yes or no."))
    return redirect("cases:detail", case_id=case.pk)
