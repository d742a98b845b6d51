"""Staff pages of one recommendation: review the suggestion, correct it, follow it up."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from rapporteur.accounts.permissions import Perm, requires
from rapporteur.vault.errors import UnlockRequired
from rapporteur.vault.session import desk_private_keys_for
from rapporteur.visits import forms, selectors, services
from rapporteur.visits.views import staff


@requires(Perm.VISITS_READ)
def recommendation_view(request: HttpRequest, recommendation_id: int) -> HttpResponse:
    rec = selectors.get_recommendation_for_staff(recommendation_id)
    links = list(rec.theme_links.select_related("theme"))
    try:
        desk_keys: dict[int, bytes] | None = desk_private_keys_for(request)
    except UnlockRequired:
        desk_keys = None  # assessments then say "locked"; the rest of the page works
    edit = forms.RecommendationForm(
        initial={
            "text": rec.text,
            "addressee": rec.addressee,
            "themes": [link.theme for link in links],
            "institutions": "\n".join(i.name for i in rec.institutions.all()),
            "situation_at_visit": rec.situation_at_visit,
        }
    )
    return render(
        request,
        "visits/recommendation.html",
        {
            "rec": rec,
            "links": links,
            "edit_form": edit,
            "status_form": forms.StatusForm(),
            "evidence_form": forms.EvidenceForm(),
            "live_count": selectors.live_count(rec),
            "live_count_form": forms.LiveCountForm(
                initial={"live_count": rec.live_count, "public": rec.live_count_public}
            ),
            "vocabulary": selectors.vocabulary_links(rec),
            "assessments": selectors.assessments_for_staff(rec, desk_keys=desk_keys),
            "attach_form": forms.AttachAssessmentForm(),
            "changes": rec.status_changes.all(),
            "evidence": rec.evidence.all(),
            "revisions": rec.revisions.all()[:10],
        },
    )


@requires(Perm.VISITS_WRITE)
@require_http_methods(["POST"])
def recommendation_edit_view(request: HttpRequest, recommendation_id: int) -> HttpResponse:
    rec = selectors.get_recommendation_for_staff(recommendation_id)
    form = forms.RecommendationForm(request.POST)
    if form.is_valid():
        try:
            services.edit_recommendation(
                acting_user=staff(request),
                recommendation=rec,
                text=form.cleaned_data["text"],
                addressee=form.cleaned_data["addressee"],
                themes=list(form.cleaned_data["themes"]),
                institutions=form.institution_names(),
                situation_at_visit=form.cleaned_data["situation_at_visit"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Recommendation saved."))
    else:
        messages.error(request, _("Nothing was saved: the text and addressee are required."))
    return redirect("visits:recommendation", recommendation_id=rec.pk)


@requires(Perm.VISITS_WRITE)
@require_POST
def recommendation_accept_view(request: HttpRequest, recommendation_id: int) -> HttpResponse:
    rec = selectors.get_recommendation_for_staff(recommendation_id)
    services.accept_recommendation(acting_user=staff(request), recommendation=rec)
    messages.success(request, _("Recommendation accepted."))
    if request.POST.get("back") == "visit" and rec.visit_id:
        return redirect("visits:visit", visit_id=rec.visit_id)
    return redirect("visits:recommendation", recommendation_id=rec.pk)


@requires(Perm.VISITS_WRITE)
@require_POST
def recommendation_reject_view(request: HttpRequest, recommendation_id: int) -> HttpResponse:
    rec = selectors.get_recommendation_for_staff(recommendation_id)
    services.reject_recommendation(acting_user=staff(request), recommendation=rec)
    messages.success(request, _("Marked as not a recommendation."))
    if rec.visit_id:
        return redirect("visits:visit", visit_id=rec.visit_id)
    return redirect("visits:visits")


def _save_posted(
    request: HttpRequest,
    rec: Any,
    form: Any,
    save: Callable[[dict[str, Any]], object],
    *,
    done: str,
    invalid: str,
) -> HttpResponse:
    """Run ``save`` with a valid form's data; say what happened; back to the page.

    A service's ValidationError (a rule the form cannot see) is shown as it is.
    """
    if not form.is_valid():
        messages.error(request, invalid)
    else:
        try:
            save(form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, done)
    return redirect("visits:recommendation", recommendation_id=rec.pk)


@requires(Perm.VISITS_WRITE)
@require_POST
def status_view(request: HttpRequest, recommendation_id: int) -> HttpResponse:
    rec = selectors.get_recommendation_for_staff(recommendation_id)
    return _save_posted(
        request,
        rec,
        forms.StatusForm(request.POST),
        lambda data: services.set_status(
            acting_user=staff(request),
            recommendation=rec,
            status=data["status"],
            day=data["date"],
            public_note=data["public_note"],
        ),
        done=_("Status recorded."),
        invalid=_("Nothing was saved: choose a status and a date."),
    )


@requires(Perm.VISITS_WRITE)
@require_POST
def evidence_view(request: HttpRequest, recommendation_id: int) -> HttpResponse:
    rec = selectors.get_recommendation_for_staff(recommendation_id)
    return _save_posted(
        request,
        rec,
        forms.EvidenceForm(request.POST),
        lambda data: services.add_evidence(
            acting_user=staff(request),
            recommendation=rec,
            day=data["date"],
            source_kind=data["source_kind"],
            text=data["text"],
            public=data["public"],
        ),
        done=_("Evidence added."),
        invalid=_("Nothing was saved: a date, a source and a text are required."),
    )


@requires(Perm.VISITS_WRITE)
@require_POST
def live_count_view(request: HttpRequest, recommendation_id: int) -> HttpResponse:
    rec = selectors.get_recommendation_for_staff(recommendation_id)
    form = forms.LiveCountForm(request.POST)
    if form.is_valid():
        services.set_live_count(
            acting_user=staff(request),
            recommendation=rec,
            live_count=form.cleaned_data["live_count"],
            public=form.cleaned_data["public"],
        )
        messages.success(request, _("Live count saved."))
    else:
        messages.error(request, _("Nothing was saved: choose a live count."))
    return redirect("visits:recommendation", recommendation_id=rec.pk)


@requires(Perm.VISITS_WRITE)
@require_POST
def assessment_attach_view(
    request: HttpRequest, recommendation_id: int, assessment_id: int
) -> HttpResponse:
    rec = selectors.get_recommendation_for_staff(recommendation_id)
    assessment = selectors.get_assessment_for_staff(rec, assessment_id)
    form = forms.AttachAssessmentForm(request.POST)
    if assessment.evidence_id:
        messages.error(request, _("This assessment is already attached as evidence."))
    elif form.is_valid():
        try:
            services.attach_assessment(
                acting_user=staff(request),
                assessment=assessment,
                day=form.cleaned_data["date"],
                text=form.cleaned_data["text"],
                public=form.cleaned_data["public"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Evidence added."))
    else:
        messages.error(request, _("Nothing was saved: a date and a text are required."))
    return redirect("visits:recommendation", recommendation_id=rec.pk)
