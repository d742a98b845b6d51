"""The vocabularies staff extend: the desk's own terms, and a form to add one."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from rapporteur.accounts.permissions import Perm, requires, staff
from rapporteur.cases import selectors
from rapporteur.cases.forms import TermForm
from rapporteur.cases.services import vocabulary


@requires(Perm.CASES_WRITE)
@never_cache
def vocabulary_view(request: HttpRequest) -> HttpResponse:
    """Local terms staff added, and a form to add one (English required; Russian
    and Tajik wanted). A local code is generated (``services.vocabulary``)."""
    form = TermForm(request.POST or None, lists=selectors.vocabulary_lists())
    if request.method == "POST" and form.is_valid():
        vocabulary.add_local_term(acting_user=staff(request), **form.cleaned_data)
        messages.success(request, _("Term added."))
        return redirect("cases:vocabulary")
    return render(
        request, "cases/vocabulary.html", {"form": form, "terms": selectors.local_terms()}
    )
