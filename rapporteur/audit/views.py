from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from rapporteur.accounts.permissions import Perm, requires
from rapporteur.audit.forms import AuditFilterForm
from rapporteur.audit.models import AuditEntry
from rapporteur.audit.selectors import filtered_entries
from rapporteur.audit.services import record
from rapporteur.audit.tags import AuditTag

PAGE_SIZE = 50


@requires(Perm.AUDIT_READ)
def audit_log_view(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    entries = AuditEntry.objects.none()
    if not request.GET or form.is_valid():
        data = form.cleaned_data if request.GET else {}
        actor = data.get("actor")
        entries = filtered_entries(
            actor_id=actor.pk if actor else None,
            tag_prefix=data.get("tag") or "",
            since=data.get("since"),
            until=data.get("until"),
        )
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    # Reading the log is itself logged, with the filter used (codes only).
    record(
        tag=AuditTag.AUDIT_LOG_READ,
        actor=request.user,
        extras={
            "filter": {
                k: request.GET[k] for k in ("actor", "tag", "since", "until") if request.GET.get(k)
            }
        },
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "audit/log.html", {"form": form, "page": page, "query": query.urlencode()}
    )
