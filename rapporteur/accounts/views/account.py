"""One's own account: the page, signing out everywhere, changing the password, new
recovery codes, and adding or removing security keys.

The two key steps that talk to ``accounts/static/accounts/passkeys.js`` answer JSON;
every other step is an ordinary form post answered by a redirect, so the outcome
shows like any other message. Without JavaScript the page says a key needs it.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from rapporteur.accounts import factors, passkeys, services
from rapporteur.accounts.forms import PasskeyAddForm, PasskeyRemoveForm, PasswordChangeForm
from rapporteur.accounts.permissions import Perm, requires, staff
from rapporteur.vault import session as vault_session
from rapporteur.web import carry_out, errors_into


@requires(Perm.DESK_VIEW)
@never_cache
def account_view(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    return render(
        request,
        "accounts/account.html",
        {
            "codes_left": factors.recovery_codes_left(user=user),
            "passkeys": passkeys.passkeys_of(user=user),
            "passkeys_here": passkeys.usable_at(request.get_host()),
            "passkey_add_form": PasskeyAddForm(user, prefix="add"),
            "passkey_remove_form": PasskeyRemoveForm(user, prefix="remove"),
        },
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
    user = staff(request)
    form = PasswordChangeForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        with errors_into(form, refused=services.PasswordChangeRefused):
            services.change_password(
                request=request,
                user=user,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password"],
            )
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


def _first_error(form: PasskeyAddForm | PasskeyRemoveForm) -> str:
    return next(str(error) for errors in form.errors.values() for error in errors)


@requires(Perm.DESK_VIEW)
@never_cache
@require_POST
def key_add_begin_view(request: HttpRequest) -> JsonResponse:
    """Options for ``navigator.credentials.create``, once the password is typed again."""
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
def key_add_view(request: HttpRequest) -> HttpResponse:
    carry_out(
        request,
        lambda: passkeys.add_passkey(
            request=request, user=staff(request), response=request.POST.get("credential", "")
        ),
        done=lambda passkey: _("The key “%(name)s” is added.") % {"name": passkey.name},
    )
    return redirect("accounts:account")


@requires(Perm.DESK_VIEW)
@require_POST
def key_remove_view(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    form = PasskeyRemoveForm(user, request.POST, prefix="remove")
    if not form.is_valid():
        messages.error(request, _first_error(form))
        return redirect("accounts:account")
    passkey = form.cleaned_data["passkey"]
    carry_out(
        request,
        lambda: passkeys.remove_passkey(acting_user=user, passkey=passkey),
        done=_("The key “%(name)s” is removed.") % {"name": passkey.name},
    )
    return redirect("accounts:account")
