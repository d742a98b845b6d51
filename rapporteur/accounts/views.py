"""Signing in (password, then second factor), one's own account, and staff administration."""

from __future__ import annotations

from base64 import b32encode
from io import BytesIO

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from rapporteur.accounts import factors, passkey_views, services
from rapporteur.accounts.forms import (
    ChoosePasswordForm,
    EnrolForm,
    LoginForm,
    PasswordChangeForm,
    RoleForm,
    StaffCreateForm,
    TokenForm,
)
from rapporteur.accounts.models import LoginThrottle, User
from rapporteur.accounts.pending import PENDING as _PENDING
from rapporteur.accounts.pending import expired as _expired
from rapporteur.accounts.pending import pending_user as _pending_user
from rapporteur.accounts.pending import set_pending as _set_pending
from rapporteur.accounts.permissions import Perm, Role, public, requires, staff
from rapporteur.accounts.throttle import name_digest
from rapporteur.vault import session as vault_session


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


@public
@never_cache
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("core:dashboard")
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.check_password_step(
                request=request,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
            )
        except services.LoginRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            _set_pending(request, result.user, _safe_next(request, request.GET.get("next")))
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


@public
@never_cache
@require_http_methods(["GET", "POST"])
def second_factor_view(request: HttpRequest) -> HttpResponse:
    user = _pending_user(request)
    if user is None:
        return _expired(request)
    if user.must_change_password:
        return redirect("accounts:choose_password")
    if not factors.has_authenticator(user):
        return redirect("accounts:enrol")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = services.verify_second_factor(
                user=user,
                token=form.cleaned_data["token"],
                factor_key=vault_session.factor_key_for(request),
            )
        except services.LoginRefused as refusal:
            form.add_error("token", str(refusal))
        else:
            if device is None:
                form.add_error("token", _("This code is wrong, expired or already used."))
                return _second_factor_page(request, user, form)
            next_url = request.session[_PENDING]["next"]
            services.complete_login(request=request, user=user, device=device)
            return vault_session.drop_factor_key(
                request=request, response=HttpResponseRedirect(next_url)
            )
    return _second_factor_page(request, user, form)


def _second_factor_page(request: HttpRequest, user: User, form: TokenForm) -> HttpResponse:
    context = {"form": form, **passkey_views.sign_in_offer(request, user)}
    return render(request, "accounts/second_factor.html", context)


def _qr_svg(uri: str) -> str:
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode("utf-8")
    return svg[svg.index("<svg") :]  # drop the XML declaration: the SVG is inlined in HTML


@public
@never_cache
@require_http_methods(["GET", "POST"])
def enrol_view(request: HttpRequest) -> HttpResponse:
    """First sign-in: register an authenticator app, then show recovery codes once."""
    user = _pending_user(request)
    if user is None:
        return _expired(request)
    if user.must_change_password:
        return redirect("accounts:choose_password")
    if factors.has_authenticator(user):
        return redirect("accounts:second_factor")
    factor_key = vault_session.factor_key_for(request)
    if factor_key is None:
        return _expired(request)
    device, secret = factors.pending_authenticator(user=user, factor_key=factor_key)
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        confirmed = factors.confirm_authenticator(
            user=user, token=form.cleaned_data["token"], factor_key=factor_key
        )
        if confirmed is None:
            form.add_error(
                "token", _("This code is wrong or expired. Check the time on your phone.")
            )
        else:
            next_url = request.session[_PENDING]["next"]
            services.complete_login(request=request, user=user, device=confirmed)
            codes = factors.renew_recovery_codes(user=user)
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


@public
@never_cache
@require_http_methods(["GET", "POST"])
def choose_password_view(request: HttpRequest) -> HttpResponse:
    """After an enrolment code: the person's own password, before anything else."""
    user = _pending_user(request)
    if user is None:
        return _expired(request)
    if not user.must_change_password:
        return redirect("accounts:second_factor")
    form = ChoosePasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        password = form.cleaned_data["new_password"]
        services.replace_enrolment_code(user=user, new_password=password)
        _set_pending(request, user, request.session[_PENDING]["next"])
        _unlock_at_sign_in(request, user, password)
        return vault_session.set_cookies(
            request=request,
            response=redirect(
                "accounts:second_factor" if factors.has_authenticator(user) else "accounts:enrol"
            ),
        )
    return render(request, "accounts/choose_password.html", {"form": form})


@requires(Perm.DESK_VIEW)
@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    services.log_out(request=request)
    messages.info(request, _("You are signed out."))
    return vault_session.forget(response=redirect("accounts:login"))


@requires(Perm.DESK_VIEW)
@never_cache
def account_view(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    codes_left = factors.recovery_codes_left(user=user)
    return render(
        request,
        "accounts/account.html",
        {"codes_left": codes_left, **passkey_views.account_section(request, user)},
    )


@requires(Perm.DESK_VIEW)
@require_POST
def logout_everywhere_view(request: HttpRequest) -> HttpResponse:
    services.log_out_everywhere(request=request, user=staff(request))
    messages.info(request, _("All your sessions have ended, on every device."))
    return vault_session.forget(response=redirect("accounts:login"))


@requires(Perm.DESK_VIEW)
@never_cache
@require_http_methods(["GET", "POST"])
def password_change_view(request: HttpRequest) -> HttpResponse:
    """Change one's password; the staff key is rewrapped, no content re-encrypted."""
    form = PasswordChangeForm(request.user, request.POST or None)  # type: ignore[arg-type]
    if request.method == "POST" and form.is_valid():
        try:
            services.change_password(
                request=request,
                user=request.user,  # type: ignore[arg-type]
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password"],
            )
        except services.PasswordChangeRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("Your password is changed."))
            return redirect("accounts:account")
    return render(request, "accounts/password_change.html", {"form": form})


@requires(Perm.DESK_VIEW)
@require_POST
@never_cache
def renew_codes_view(request: HttpRequest) -> HttpResponse:
    codes = factors.renew_recovery_codes(user=staff(request))
    return render(
        request,
        "accounts/recovery_codes.html",
        {"codes": codes, "next": reverse("accounts:account")},
    )


# --- Staff administration -------------------------------------------------------------


@requires(Perm.ACCOUNTS_MANAGE)
def staff_list_view(request: HttpRequest) -> HttpResponse:
    staff = list(User.objects.order_by("username"))
    locked = set(
        LoginThrottle.objects.filter(locked_until__isnull=False).values_list(
            "name_digest", flat=True
        )
    )
    rows = [{"user": u, "locked": name_digest(u.username) in locked} for u in staff]
    return render(request, "accounts/staff_list.html", {"rows": rows})


@requires(Perm.ACCOUNTS_MANAGE)
@require_http_methods(["GET", "POST"])
def staff_create_view(request: HttpRequest) -> HttpResponse:
    form = StaffCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        member, code = services.enrol_staff(
            acting_user=staff(request),
            username=form.cleaned_data["username"],
            full_name=form.cleaned_data["full_name"],
            role=Role(form.cleaned_data["role"]),
        )
        return _show_enrolment_code(request, member, code)
    return render(request, "accounts/staff_create.html", {"form": form})


def _show_enrolment_code(request: HttpRequest, member: User, code: str) -> HttpResponse:
    # Rendered once in the POST response, never stored to show again.
    response = render(
        request,
        "accounts/enrolment_code.html",
        {"member": member, "code": code, "hours": services.ENROLMENT_CODE_HOURS},
    )
    response["Cache-Control"] = "no-store"
    return response


@requires(Perm.ACCOUNTS_MANAGE)
@require_POST
def staff_action_view(request: HttpRequest, user_id: int, action: str) -> HttpResponse:
    target = get_object_or_404(User, pk=user_id)
    acting = staff(request)
    if target.pk == acting.pk and action in {"deactivate", "role"}:
        messages.error(request, _("You cannot change your own role or deactivate yourself."))
        return redirect("accounts:staff_list")
    if action == "role":
        form = RoleForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose one of the listed roles."))
            return redirect("accounts:staff_list")
        services.change_role(acting_user=acting, user=target, role=Role(form.cleaned_data["role"]))
    elif action == "unlock":
        services.unlock(acting_user=acting, user=target)
    elif action in {"deactivate", "reactivate"}:
        services.set_active(acting_user=acting, user=target, active=action == "reactivate")
    elif action == "reset-second-factor":
        services.reset_second_factor(acting_user=acting, user=target)
        messages.success(
            request,
            _("Second factor reset. The desk key grants of %(name)s are revoked.")
            % {"name": target.username},
        )
        return redirect("accounts:staff_list")
    elif action == "reset-password":
        if target.pk == acting.pk:
            messages.error(request, _("Change your own password from your account page."))
            return redirect("accounts:staff_list")
        code = services.reset_password(acting_user=acting, user=target)
        return _show_enrolment_code(request, target, code)
    else:
        messages.error(request, _("Unknown action."))
        return redirect("accounts:staff_list")
    messages.success(request, _("Saved."))
    return redirect("accounts:staff_list")
