"""Letters and cases: drafting a letter from a case, and linking a communication
to the cases and acts it concerns.

Every case is reached through ``cases.selectors.get_case_for_user``: a user who may
not know a case exists gets 404, whether the case id is in the URL or in a form,
and lists show only the linked cases the viewer may see.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from rapporteur.accounts.permissions import Perm, requires, staff
from rapporteur.cases import selectors as cases_selectors
from rapporteur.cases.models import Act, Case
from rapporteur.cases.selectors import need_to_know
from rapporteur.communications import selectors
from rapporteur.communications.forms import FromCaseForm
from rapporteur.communications.models import Communication
from rapporteur.communications.services import drafting, linking
from rapporteur.communications.views.letters import back_to, letter_page
from rapporteur.staff_views import acting
from rapporteur.web import carry_out


@requires(Perm.COMMUNICATIONS_DRAFT)
@need_to_know("case_id")
@never_cache
def from_case_view(request: HttpRequest, case_id: int) -> HttpResponse:
    """Draft a communication from a case the user may see: facts from its acts,
    its victims as persons concerned (consent read from the case)."""
    case = cases_selectors.get_case_for_user(staff(request), case_id)
    form = FromCaseForm(request.POST or None, country=case.country)
    if request.method == "POST" and form.is_valid():
        communication = carry_out(
            request,
            lambda: drafting.draft_from_case(case=case, **acting(request), **form.cleaned_data),
        )
        if communication is not None:
            return back_to(communication)
    return render(
        request,
        "communications/desk/from_case.html",
        {"form": form, "case": case, "title": _("Draft a communication from case %(n)s")
         % {"n": case.pk}},
    )  # fmt: skip


def _posted_case(request: HttpRequest) -> Case:
    """The case named in the form, through need-to-know (404 like a missing id)."""
    raw = request.POST.get("case", "").strip().lstrip("#")
    if not raw.isdigit():
        raise Http404
    return cases_selectors.get_case_for_user(staff(request), int(raw))


@letter_page(Perm.COMMUNICATIONS_DRAFT)
def links_view(request: HttpRequest, communication: Communication) -> HttpResponse:
    """The cases and acts a communication concerns: link, unlink, choose acts."""
    me = staff(request)
    if request.method == "POST":
        case = _posted_case(request)
        action = request.POST.get("action")
        if action == "unlink":
            linking.unlink_case(communication=communication, case=case, acting_user=me)
        elif action == "acts":
            acts = [
                cases_selectors.record_of_case(case, Act, int(pk))
                for pk in request.POST.getlist("act")
                if pk.isdigit()
            ]
            linking.set_acts(communication=communication, case=case, acts=acts, acting_user=me)
        else:
            linking.link_case(communication=communication, case=case, acting_user=me)
        messages.success(request, _("Links saved."))
        return redirect("communications_desk:links", communication_id=communication.pk)
    rows = selectors.case_links(user=me, communication=communication)
    return render(
        request,
        "communications/desk/links.html",
        {"communication": communication, "rows": rows},
    )
