"""Signing in (the password, then a code, a recovery code or a security key; a first
sign-in chooses a password and sets up an authenticator) and signing out.

Every page before the second factor is ``@public`` and reads the half-signed-in
state of ``accounts/pending.py``; nothing is logged in until ``complete_login``.
"""

from __future__ import annotations

from base64 import b32encode
from collections.abc import Callable
from functools import wraps
from io import BytesIO
from typing import Any

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from rapporteur.accounts import factors, passkeys, services
from rapporteur.accounts.forms import ChoosePasswordForm, EnrolForm, LoginForm, TokenForm
from rapporteur.accounts.models import User
from rapporteur.accounts.pending import expired, pending_next, pending_user, set_pending
from rapporteur.accounts.permissions import Perm, View, public, requires
from rapporteur.vault import session as vault_session
from rapporteur.web import carry_out, errors_into


def _unlock_at_sign_in(request: HttpRequest, user: User, password: str) -> None:
    """The password just proven is the vault passphrase and opens the key to the
    second factors: unlock both now, while it is in memory. The desk keys become
    usable after the second factor; the factor key serves only the second step."""
    vault_session.unlock_at_sign_in(request=request, user=user, password=password)
    vault_session.keep_factor_key(
        request=request, factor_key=factors.open_factor_key(user=user, password=password)
    )


def _safe_next(request: HttpRequest, candidate: str | None) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("core:dashboard")


def _signed_in(request: HttpRequest, next_url: str) -> HttpResponse:
    # The factor key opened at the password step is needed no more.
    return vault_session.drop_factor_key(request=request, response=HttpResponseRedirect(next_url))


@public
@never_cache
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("core:dashboard")
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with errors_into(form, refused=services.LoginRefused):
            result = services.check_password_step(
                request=request,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
            )
            set_pending(request, result.user, _safe_next(request, request.GET.get("next")))
            if result.needs_own_password:
                # The enrolment code is no passphrase: nothing is unlocked with it.
                return redirect("accounts:choose_password")
            _unlock_at_sign_in(request, result.user, form.cleaned_data["password"])
            return vault_session.set_cookies(
                request=request,
                response=redirect(
                    "accounts:enrol" if result.needs_enrolment else "accounts:second_factor"
                ),
            )
    return render(request, "accounts/login.html", {"form": form})


def _step_of(user: User) -> str:
    """Where a user whose password was right goes next: their own password after an
    enrolment code, then an authenticator app to enrol, then its code."""
    if user.must_change_password:
        return "accounts:choose_password"
    if not factors.has_authenticator(user):
        return "accounts:enrol"
    return "accounts:second_factor"


# A sign-in page after the password, called with the half-signed-in user.
StepView = Callable[[HttpRequest, User], HttpResponse]


def sign_in_step(step: str) -> Callable[[StepView], View]:
    """A page of the sign-in after the password (public, never cached, GET or POST),
    shown only to the half-signed-in user whose ``step`` it is: anyone else goes to
    the page they belong on, or back to the sign-in page once too long has passed.
    The view is called with that user."""

    def decorate(view: StepView) -> View:
        @public
        @never_cache
        @require_http_methods(["GET", "POST"])
        @wraps(view)
        def page(request: HttpRequest) -> HttpResponse:
            user = pending_user(request)
            if user is None:
                return expired(request)
            if _step_of(user) != step:
                return redirect(_step_of(user))
            return view(request, user)

        return page

    return decorate


@sign_in_step("accounts:second_factor")
def second_factor_view(request: HttpRequest, user: User) -> HttpResponse:
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        next_url = pending_next(request)
        with errors_into(form, "token", refused=services.LoginRefused):
            services.sign_in_with_code(
                request=request,
                user=user,
                token=form.cleaned_data["token"],
                factor_key=vault_session.factor_key_for(request),
            )
            return _signed_in(request, next_url)
    context = {"form": form, **_key_offer(request, user)}
    return render(request, "accounts/second_factor.html", context)


def _key_offer(request: HttpRequest, user: User) -> dict[str, Any]:
    """Whether the second step offers "Use your security key" beside the code."""
    return {
        "passkey_offer": passkeys.usable_at(request.get_host()) and passkeys.has_passkey(user=user)
    }


def _qr_svg(uri: str) -> str:
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode("utf-8")
    return svg[svg.index("<svg") :]  # drop the XML declaration: the SVG is inlined in HTML


@sign_in_step("accounts:enrol")
def enrol_view(request: HttpRequest, user: User) -> HttpResponse:
    """First sign-in: register an authenticator app, then show recovery codes once."""
    factor_key = vault_session.factor_key_for(request)
    if factor_key is None:
        return expired(request)
    device, secret = factors.pending_authenticator(user=user, factor_key=factor_key)
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        next_url = pending_next(request)
        with errors_into(form, "token", refused=services.LoginRefused):
            codes = services.finish_enrolment(
                request=request, user=user, token=form.cleaned_data["token"], factor_key=factor_key
            )
            return vault_session.drop_factor_key(
                request=request,
                response=render(
                    request, "accounts/recovery_codes.html", {"codes": codes, "next": next_url}
                ),
            )
    # Authenticator apps want the key in base32 when it is typed by hand.
    manual_key = b32encode(secret).decode("ascii").rstrip("=")
    return render(
        request,
        "accounts/enrol.html",
        {
            "form": form,
            # The SVG is produced here from our own data, never from user input.
            "qr_svg": mark_safe(_qr_svg(device.config_url(secret=secret))),  # noqa: S308
            "manual_key": " ".join(manual_key[i : i + 4] for i in range(0, len(manual_key), 4)),
        },
    )


@sign_in_step("accounts:choose_password")
def choose_password_view(request: HttpRequest, user: User) -> HttpResponse:
    """After an enrolment code: the person's own password, before anything else."""
    form = ChoosePasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        password = form.cleaned_data["new_password"]
        services.replace_enrolment_code(user=user, new_password=password)
        set_pending(request, user, pending_next(request))
        _unlock_at_sign_in(request, user, password)
        return vault_session.set_cookies(
            request=request,
            response=redirect(
                "accounts:second_factor" if factors.has_authenticator(user) else "accounts:enrol"
            ),
        )
    return render(request, "accounts/choose_password.html", {"form": form})


# --- With a security key: the script asks for options, then posts the key's answer ---


@public
@never_cache
@require_POST
def key_begin_view(request: HttpRequest) -> JsonResponse:
    """Options for ``navigator.credentials.get``, as JSON to ``passkeys.js``."""
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
def key_view(request: HttpRequest) -> HttpResponse:
    """The key's answer, posted in an ordinary form; a refusal goes back to the
    code page as a message, where the code still works."""
    user = pending_user(request)
    if user is None:
        return expired(request)
    if user.must_change_password:
        return redirect("accounts:choose_password")
    next_url = pending_next(request)
    passkey = carry_out(
        request,
        lambda: passkeys.verify_passkey(
            request=request, user=user, response=request.POST.get("credential", "")
        ),
    )
    if passkey is None:
        return redirect("accounts:second_factor")
    services.complete_login(request=request, user=user, device=passkey)
    return _signed_in(request, next_url)


@requires(Perm.DESK_VIEW)
@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    services.log_out(request=request)
    messages.info(request, _("You are signed out."))
    return vault_session.forget(response=redirect("accounts:login"))
