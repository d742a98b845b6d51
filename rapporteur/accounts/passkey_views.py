"""Security keys and passkeys: adding and removing them on the account page, and
signing in with one at the second step.

The two "begin" views answer JSON to ``accounts/static/accounts/passkeys.js``; every
other step is an ordinary form post answered by a redirect, so the outcome is shown
like any other message. Without JavaScript the pages say a key needs it, and the
code from the authenticator app works as before.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from rapporteur.accounts import passkeys, services
from rapporteur.accounts.forms import PasskeyAddForm, PasskeyRemoveForm
from rapporteur.accounts.models import User
from rapporteur.accounts.pending import expired, pending_next, pending_user
from rapporteur.accounts.permissions import Perm, public, requires, staff
from rapporteur.vault import session as vault_session


def account_section(request: HttpRequest, user: User) -> dict[str, Any]:
    """What the account page shows about the user's keys."""
    return {
        "passkeys": passkeys.passkeys_of(user=user),
        "passkeys_here": passkeys.usable_at(request.get_host()),
        "passkey_add_form": PasskeyAddForm(user, prefix="add"),
        "passkey_remove_form": PasskeyRemoveForm(user, prefix="remove"),
    }


def sign_in_offer(request: HttpRequest, user: User) -> dict[str, Any]:
    """Whether the second step offers "Use your security key" beside the code."""
    return {
        "passkey_offer": passkeys.usable_at(request.get_host()) and passkeys.has_passkey(user=user)
    }


def _first_error(form: PasskeyAddForm | PasskeyRemoveForm) -> str:
    return next(str(error) for errors in form.errors.values() for error in errors)


@requires(Perm.DESK_VIEW)
@never_cache
@require_POST
def add_begin_view(request: HttpRequest) -> JsonResponse:
    user = staff(request)
    form = PasskeyAddForm(user, request.POST, prefix="add")
    if not form.is_valid():
        return JsonResponse({"error": _first_error(form)})
    options = passkeys.registration_options(
        request=request, user=user, name=form.cleaned_data["name"]
    )
    return JsonResponse(options)


@requires(Perm.DESK_VIEW)
@require_POST
def add_view(request: HttpRequest) -> HttpResponse:
    try:
        passkey = passkeys.add_passkey(
            request=request, user=staff(request), response=request.POST.get("credential", "")
        )
    except passkeys.PasskeyRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("The key “%(name)s” is added.") % {"name": passkey.name})
    return redirect("accounts:account")


@requires(Perm.DESK_VIEW)
@require_POST
def remove_view(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    form = PasskeyRemoveForm(user, request.POST, prefix="remove")
    if not form.is_valid():
        messages.error(request, _first_error(form))
        return redirect("accounts:account")
    passkey = form.cleaned_data["passkey"]
    passkeys.remove_passkey(acting_user=user, passkey=passkey)
    messages.success(request, _("The key “%(name)s” is removed.") % {"name": passkey.name})
    return redirect("accounts:account")


@public
@never_cache
@require_POST
def sign_in_begin_view(request: HttpRequest) -> JsonResponse:
    user = pending_user(request)
    if user is None or user.must_change_password:
        return JsonResponse({"error": _("Your sign-in took too long. Start again.")})
    try:
        options = passkeys.authentication_options(request=request, user=user)
    except services.LoginRefused as refusal:
        return JsonResponse({"error": str(refusal)})
    return JsonResponse(options)


@public
@never_cache
@require_POST
def sign_in_view(request: HttpRequest) -> HttpResponse:
    user = pending_user(request)
    if user is None:
        return expired(request)
    if user.must_change_password:
        return redirect("accounts:choose_password")
    try:
        passkey = passkeys.verify_passkey(
            request=request, user=user, response=request.POST.get("credential", "")
        )
    except services.LoginRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("accounts:second_factor")
    next_url = pending_next(request)
    services.complete_login(request=request, user=user, device=passkey)
    # The factor key opened at the password step is needed no more.
    return vault_session.drop_factor_key(request=request, response=HttpResponseRedirect(next_url))
