"""Staff pages around the communications: deadlines, statistics, the calendar
feed's secret URL, the libraries, and press releases."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from rapporteur.accounts.permissions import Perm, requires, staff
from rapporteur.audit.services import record
from rapporteur.audit.tags import AuditTag
from rapporteur.communications import selectors
from rapporteur.communications.forms import MandateForm, ParagraphForm, PressReleaseForm
from rapporteur.communications.models import SpecialProcedureMandate, StandardParagraph
from rapporteur.communications.references import addressee_name
from rapporteur.communications.services import WorkflowError, calendar, press
from rapporteur.vault.errors import NotInitialised, UnlockRequired
from rapporteur.vault.session import desk_private_keys_for


@requires(Perm.COMMUNICATIONS_STATS)
@never_cache
def stats_view(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        year = today.year
    if not date.min.year < year < date.max.year:
        year = today.year
    figures = selectors.reply_figures(
        user=staff(request), year=year, as_of=today, by_addressee=True
    )
    rows = [(code, addressee_name(code=code), s) for code, s in figures.by_addressee.items()]
    return render(
        request,
        "communications/desk/stats.html",
        {"rows": rows, "year": year, "total": figures.total, "last_day": figures.last_day},
    )


@requires(Perm.COMMUNICATIONS_DRAFT)
@never_cache
def calendar_view(request: HttpRequest) -> HttpResponse:
    """GET shows whether a feed exists; POST ``create`` shows a new secret URL once,
    POST ``revoke`` ends it."""
    from rapporteur.communications.models import CalendarToken

    user = staff(request)
    url = ""
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            calendar.revoke(acting_user=user)
            messages.success(request, _("The calendar address no longer works."))
        else:
            token = calendar.new_token(acting_user=user)
            url = request.build_absolute_uri(f"/communications/calendar/{token}.ics")
    return render(
        request,
        "communications/desk/calendar.html",
        {"url": url, "active": CalendarToken.objects.filter(user=user).exists()},
    )


def _library_edit(request: HttpRequest, form_class, instance, title: str, back: str):
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        from django.db import transaction

        with transaction.atomic():
            saved = form.save()
            record(
                tag=AuditTag.COMMUNICATION_LIBRARY_EDITED,
                actor=request.user,
                target=saved,
            )
        return redirect(back)
    return render(request, "communications/desk/form.html", {"form": form, "title": title})


@requires(Perm.COMMUNICATIONS_DRAFT)
@never_cache
def library_view(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "communications/desk/library.html",
        {
            "mandates": SpecialProcedureMandate.objects.all(),
            "paragraphs": StandardParagraph.objects.all(),
        },
    )


@requires(Perm.COMMUNICATIONS_DRAFT)
@never_cache
def mandate_view(request: HttpRequest, mandate_id: int = 0) -> HttpResponse:
    instance = get_object_or_404(SpecialProcedureMandate, pk=mandate_id) if mandate_id else None
    return _library_edit(
        request,
        MandateForm,
        instance,
        _("Special Procedures mandate"),
        "communications_desk:library",
    )


@requires(Perm.COMMUNICATIONS_DRAFT)
@never_cache
def paragraph_view(request: HttpRequest, paragraph_id: int = 0) -> HttpResponse:
    instance = get_object_or_404(StandardParagraph, pk=paragraph_id) if paragraph_id else None
    return _library_edit(
        request, ParagraphForm, instance, _("Standard paragraph"), "communications_desk:library"
    )


@requires(Perm.COMMUNICATIONS_DRAFT)
@never_cache
def press_list_view(request: HttpRequest) -> HttpResponse:
    from rapporteur.communications.models import PressRelease

    releases = PressRelease.objects.prefetch_related("versions")[:200]
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
        try:
            press.save_release(
                acting_user=staff(request),
                release=release,
                versions=form.versions(),
                communications=[*form.cleaned_data["communications"], *kept],
                visit=form.cleaned_data["visit"],
            )
        except WorkflowError as error:
            messages.error(request, str(error))
        else:
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
    try:
        press.approve_release(release=release, acting_user=staff(request))
    except WorkflowError as error:
        messages.error(request, str(error))
    return redirect("communications_desk:press_list")


@requires(Perm.COMMUNICATIONS_APPROVE)
@require_POST
def press_publish_view(request: HttpRequest, press_release_id: int) -> HttpResponse:
    release = selectors.press_release_for_staff(pk=press_release_id)
    try:
        press.publish_release(
            release=release,
            acting_user=staff(request),
            desk_keys=desk_private_keys_for(request),
            today=timezone.localdate(),
        )
    except (UnlockRequired, NotInitialised):
        messages.error(request, _("Sign in again to unlock the desk key: this needs the content."))
    except WorkflowError as error:
        messages.error(request, str(error))
    return redirect("communications_desk:press_list")
