"""Who holds the desk key: grant to a colleague, revoke (and rotate)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from rapporteur.accounts.permissions import Perm, requires, staff
from rapporteur.accounts.selectors import get_member
from rapporteur.vault import selectors, services, session
from rapporteur.vault.decorators import shows_unlock_page
from rapporteur.vault.errors import VaultError
from rapporteur.web import carry_out


@requires(Perm.DESK_VIEW)
@never_cache
def unlock_view(request: HttpRequest) -> HttpResponse:
    """Where a page that needs the desk key sends a session that does not hold it."""
    reason = request.GET.get("reason", "")
    return render(request, "vault/unlock_required.html", {"reason": reason})


@requires(Perm.VAULT_MANAGE)
@never_cache
def access_view(request: HttpRequest) -> HttpResponse:
    current, rows = selectors.access_rows()
    return render(request, "vault/access.html", {"current": current, "rows": rows})


@requires(Perm.VAULT_MANAGE)
@require_POST
@shows_unlock_page
def grant_view(request: HttpRequest, user_id: int) -> HttpResponse:
    member = get_member(user_id=user_id)
    # A session without its desk keys goes to the unlock page (``shows_unlock_page``).
    keys = session.desk_private_keys_for(request)
    carry_out(
        request,
        lambda: services.grant_desk_access(acting_user=staff(request), user=member, desk_keys=keys),
        done=_("%(name)s can now read the desk's files.") % {"name": member.username},
    )
    return redirect("vault:access")


@requires(Perm.VAULT_MANAGE)
@require_POST
@never_cache
def revoke_view(request: HttpRequest, user_id: int) -> HttpResponse:
    member = get_member(user_id=user_id)
    acting = staff(request)
    new = carry_out(
        request,
        lambda: services.revoke_staff(acting_user=acting, user=member),
        locked=_("The desk key has not been created yet."),
    )
    if new is None:
        return redirect("vault:access")
    # The acting user holds the new generation too (if they held the old one):
    # add it to their session so they need not sign in again.
    try:
        keys = session.desk_private_keys_for(request)
    except VaultError:
        keys = {}
    if keys and acting.pk != member.pk:
        keys[new.version] = new.private_key
        session.keep_desk_keys(request=request, keys=keys)
    response = render(
        request,
        "vault/revoked.html",
        {"target": member, "version": new.version, "shares": new.shares},
    )
    return session.set_cookies(request=request, response=response)
