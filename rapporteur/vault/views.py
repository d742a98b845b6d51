"""Who holds the desk key: grant to a colleague, revoke (and rotate)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from rapporteur.accounts.models import User
from rapporteur.accounts.permissions import CONTENT_ROLES, Perm, requires
from rapporteur.vault import services, session
from rapporteur.vault.decorators import shows_unlock_page
from rapporteur.vault.errors import VaultError
from rapporteur.vault.models import DeskKey, DeskKeyGrant, StaffKey


@requires(Perm.DESK_VIEW)
@never_cache
def unlock_view(request: HttpRequest) -> HttpResponse:
    """Where a page that needs the desk key sends a session that does not hold it."""
    reason = request.GET.get("reason", "")
    return render(request, "vault/unlock_required.html", {"reason": reason})


@requires(Perm.VAULT_MANAGE)
@never_cache
def access_view(request: HttpRequest) -> HttpResponse:
    current = DeskKey.objects.filter(retired_at__isnull=True).first()
    holders = set(DeskKeyGrant.objects.filter(desk_key=current).values_list("user_id", flat=True))
    with_keys = set(StaffKey.objects.values_list("user_id", flat=True))
    staff = User.objects.filter(role__in=[r.value for r in CONTENT_ROLES]).order_by("username")
    rows = [
        {"user": u, "holds": u.pk in holders, "has_staff_key": u.pk in with_keys} for u in staff
    ]
    return render(request, "vault/access.html", {"current": current, "rows": rows})


@requires(Perm.VAULT_MANAGE)
@require_POST
@shows_unlock_page
def grant_view(request: HttpRequest, user_id: int) -> HttpResponse:
    target = get_object_or_404(User, pk=user_id)
    keys = session.desk_private_keys_for(request)
    try:
        services.grant_desk_access(acting_user=request.user, user=target, desk_keys=keys)  # type: ignore[arg-type]
    except VaultError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("%(name)s can now read the desk's files.") % {"name": target.username}
        )
    return redirect("vault:access")


@requires(Perm.VAULT_MANAGE)
@require_POST
@never_cache
def revoke_view(request: HttpRequest, user_id: int) -> HttpResponse:
    target = get_object_or_404(User, pk=user_id)
    try:
        new = services.revoke_staff(acting_user=request.user, user=target)  # type: ignore[arg-type]
    except VaultError as error:
        messages.error(request, str(error))
        return redirect("vault:access")
    # The acting user holds the new generation too (if they held the old one):
    # add it to their session so they need not sign in again.
    try:
        keys = session.desk_private_keys_for(request)
    except VaultError:
        keys = {}
    if keys and request.user.pk != target.pk:
        keys[new.version] = new.private_key
        session.keep_desk_keys(request=request, keys=keys)
    response = render(
        request,
        "vault/revoked.html",
        {"target": target, "version": new.version, "shares": new.shares},
    )
    return session.set_cookies(request=request, response=response)
