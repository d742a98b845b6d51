"""Staff pages of the theme vocabulary: the 54 UPR Info issues and those staff add."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rapporteur.accounts.permissions import Perm, requires, staff
from rapporteur.visits import forms, selectors
from rapporteur.visits.services import recommendations
from rapporteur.web import carry_out


@requires(Perm.VISITS_READ)
def theme_list_view(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "visits/themes.html",
        {"themes": selectors.themes(), "form": forms.ThemeForm()},
    )


@requires(Perm.VISITS_WRITE)
@require_POST
def theme_add_view(request: HttpRequest) -> HttpResponse:
    form = forms.ThemeForm(request.POST)
    if form.is_valid():
        carry_out(
            request,
            lambda: recommendations.create_theme(
                acting_user=staff(request), **form.service_arguments()
            ),
            done=_("Theme added."),
        )
    else:
        messages.error(request, _("Write the new theme's name."))
    return redirect("visits:themes")
