"""The audit log browser: actions, never content, for whoever holds ``AUDIT_READ``."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from rapporteur.accounts.permissions import Perm, requires, staff
from rapporteur.audit import selectors
from rapporteur.audit.forms import AuditFilterForm
from rapporteur.audit.services import note_log_read

PAGE_SIZE = 50
FILTERS = ("actor", "tag", "since", "until")


@requires(Perm.AUDIT_READ)
def audit_log_view(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    entries = selectors.no_entries()
    if not request.GET or form.is_valid():
        data = form.cleaned_data if request.GET else {}
        actor = data.get("actor")
        entries = selectors.filtered_entries(
            actor_id=actor.pk if actor else None,
            tag_prefix=data.get("tag") or "",
            since=data.get("since"),
            until=data.get("until"),
        )
    # Noted before the page is counted: a reading noted between the count and the
    # rows would push the oldest row of the page out of sight.
    note_log_read(
        acting_user=staff(request),
        filters={k: request.GET[k] for k in FILTERS if request.GET.get(k)},
    )
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "audit/log.html", {"form": form, "page": page, "query": query.urlencode()}
    )
