"""Administration of staff (``Perm.ACCOUNTS_MANAGE``): the list, a new member with
their one-time enrolment code, and the actions on a member (role, unlock,
deactivate and reactivate, reset of the password or of the second factor)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from rapporteur.accounts import selectors, services
from rapporteur.accounts.forms import RoleForm, StaffCreateForm
from rapporteur.accounts.models import User
from rapporteur.accounts.permissions import Perm, Role, requires, staff
from rapporteur.web import carry_out


@requires(Perm.ACCOUNTS_MANAGE)
def staff_list_view(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/staff_list.html", {"rows": selectors.staff_rows()})


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
    """One action on a member, named in the URL. Each is one service call; the
    services refuse what an administrator may not do to their own account."""
    member = selectors.get_member(user_id=user_id)
    acting = staff(request)
    if action == "reset-password":
        code = carry_out(request, lambda: services.reset_password(acting_user=acting, user=member))
        if code is not None:
            return _show_enrolment_code(request, member, code)
    elif action == "reset-second-factor":
        carry_out(
            request,
            lambda: services.reset_second_factor(acting_user=acting, user=member),
            done=_("Second factor reset. The desk key grants of %(name)s are revoked.")
            % {"name": member.username},
        )
    elif action == "role":
        form = RoleForm(request.POST)
        if form.is_valid():
            role = Role(form.cleaned_data["role"])
            carry_out(
                request,
                lambda: services.change_role(acting_user=acting, user=member, role=role),
                done=_("Saved."),
            )
        else:
            messages.error(request, _("Choose one of the listed roles."))
    elif action == "unlock":
        carry_out(
            request, lambda: services.unlock(acting_user=acting, user=member), done=_("Saved.")
        )
    elif action in {"deactivate", "reactivate"}:
        carry_out(
            request,
            lambda: services.set_active(
                acting_user=acting, user=member, active=action == "reactivate"
            ),
            done=_("Saved."),
        )
    else:
        messages.error(request, _("Unknown action."))
    return redirect("accounts:staff_list")
