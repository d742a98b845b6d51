"""Press releases on the desk: drafted and edited by staff, approved and
published by the rapporteur (publication runs the leak check)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from rapporteur.accounts.permissions import Perm, requires, staff
from rapporteur.communications import selectors
from rapporteur.communications.forms import PressReleaseForm
from rapporteur.communications.services import press
from rapporteur.staff_views import acting
from rapporteur.web import carry_out


@requires(Perm.COMMUNICATIONS_DRAFT)
@never_cache
def press_list_view(request: HttpRequest) -> HttpResponse:
    releases = selectors.press_releases_for_staff()
    return render(request, "communications/desk/press_list.html", {"releases": releases})


@requires(Perm.COMMUNICATIONS_DRAFT)
@never_cache
def press_edit_view(request: HttpRequest, press_release_id: int = 0) -> HttpResponse:
    release = selectors.press_release_for_staff(pk=press_release_id) if press_release_id else None
    initial: dict[str, Any] = {}
    if release is not None:
        for version in release.versions.all():
            initial[f"title_{version.language}"] = version.title
            initial[f"body_{version.language}"] = version.body
        initial["communications"] = list(
            release.communications.filter(pk__in=selectors.visible_communications(staff(request)))
        )
        initial["visit"] = release.visit
    visible = selectors.visible_communications(staff(request))
    form = PressReleaseForm(request.POST or None, initial=initial, communications=visible)
    if request.method == "POST" and form.is_valid():
        # Letters already linked that this user may not see are neither offered nor
        # dropped: saving keeps them linked.
        kept = [] if release is None else list(release.communications.exclude(pk__in=visible))
        saved = carry_out(
            request,
            lambda: press.save_release(
                acting_user=staff(request),
                release=release,
                versions=form.versions(),
                communications=[*form.cleaned_data["communications"], *kept],
                visit=form.cleaned_data["visit"],
            ),
        )
        if saved is not None:
            return redirect("communications_desk:press_list")
    return render(
        request,
        "communications/desk/press_form.html",
        {"form": form, "release": release, "title": _("Press release")},
    )


@requires(Perm.COMMUNICATIONS_APPROVE)
@require_POST
def press_approve_view(request: HttpRequest, press_release_id: int) -> HttpResponse:
    release = selectors.press_release_for_staff(pk=press_release_id)
    carry_out(request, lambda: press.approve_release(release=release, acting_user=staff(request)))
    return redirect("communications_desk:press_list")


@requires(Perm.COMMUNICATIONS_APPROVE)
@require_POST
def press_publish_view(request: HttpRequest, press_release_id: int) -> HttpResponse:
    release = selectors.press_release_for_staff(pk=press_release_id)
    carry_out(
        request,
        lambda: press.publish_release(
            release=release, today=timezone.localdate(), **acting(request)
        ),
    )
    return redirect("communications_desk:press_list")
