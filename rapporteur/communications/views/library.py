"""The libraries letters are written from: Special Procedures mandates and
standard paragraphs."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from rapporteur.accounts.permissions import Perm, requires, staff
from rapporteur.communications import selectors
from rapporteur.communications.forms import MandateForm, ParagraphForm
from rapporteur.communications.models import SpecialProcedureMandate, StandardParagraph
from rapporteur.communications.services import library


@requires(Perm.COMMUNICATIONS_DRAFT)
@never_cache
def library_view(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "communications/desk/library.html",
        {"mandates": selectors.mandates(), "paragraphs": selectors.standard_paragraphs()},
    )


def _entry_page(
    request: HttpRequest,
    form_class: type[forms.ModelForm],
    entry: SpecialProcedureMandate | StandardParagraph | None,
    title: str,
) -> HttpResponse:
    form = form_class(request.POST or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        library.save_entry(entry=form.save(commit=False), acting_user=staff(request))
        return redirect("communications_desk:library")
    return render(request, "communications/desk/form.html", {"form": form, "title": title})


@requires(Perm.COMMUNICATIONS_DRAFT)
@never_cache
def mandate_view(request: HttpRequest, mandate_id: int = 0) -> HttpResponse:
    entry = selectors.mandate_for_staff(pk=mandate_id) if mandate_id else None
    return _entry_page(request, MandateForm, entry, _("Special Procedures mandate"))


@requires(Perm.COMMUNICATIONS_DRAFT)
@never_cache
def paragraph_view(request: HttpRequest, paragraph_id: int = 0) -> HttpResponse:
    entry = selectors.paragraph_for_staff(pk=paragraph_id) if paragraph_id else None
    return _entry_page(request, ParagraphForm, entry, _("Standard paragraph"))
