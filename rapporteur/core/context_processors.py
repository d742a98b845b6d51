from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from rapporteur.accounts.permissions import Perm

# Staff navigation: (permission, label, URL name). Each capability adds its entries.
STAFF_NAV = [
    (Perm.INTAKE_READ, _("Inbox"), "intake_desk:inbox"),
    (Perm.CASES_READ, _("Cases"), "cases:list"),
    (Perm.CASES_WRITE, _("Triage"), "cases:triage"),
    (Perm.CASES_AGGREGATES, _("Patterns"), "insights:dashboard"),
    (Perm.COMMUNICATIONS_DRAFT, _("Communications"), "communications_desk:list"),
    (Perm.COMMUNICATIONS_DRAFT, _("Press releases"), "communications_desk:press_list"),
    (Perm.COMMUNICATIONS_STATS, _("Reply statistics"), "communications_desk:stats"),
    (Perm.VAULT_MANAGE, _("Desk key"), "vault:access"),
    (Perm.ACCOUNTS_MANAGE, _("Staff"), "accounts:staff_list"),
    (Perm.AUDIT_READ, _("Audit log"), "audit:log"),
    (Perm.VISITS_READ, _("Country visits"), "visits:visits"),
]


def desk(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    nav = []
    if user is not None and user.is_authenticated:
        nav = [
            (label, reverse(name))
            for perm, label, name in STAFF_NAV
            if user.has_desk_permission(perm)
        ]
    return {"desk_name": settings.OTP_TOTP_ISSUER, "desk_mode": settings.MODE, "staff_nav": nav}
