"""Staff pages of one recommendation: review the suggestion, correct it, follow it up
(status, evidence, live count), and attach civil society's assessments as evidence."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from rapporteur.accounts.permissions import Perm, View, requires, staff
from rapporteur.visits import forms, selectors
from rapporteur.visits.models import Recommendation
from rapporteur.visits.services import assessments, recommendations
from rapporteur.visits.services import related as related_service
from rapporteur.visits.views.common import desk_keys_if_unlocked
from rapporteur.web import carry_out


@requires(Perm.VISITS_READ)
def recommendation_view(request: HttpRequest, recommendation_id: int) -> HttpResponse:
    rec = selectors.get_recommendation_for_staff(recommendation_id)
    details = selectors.recommendation_details(rec)
    desk_keys = desk_keys_if_unlocked(request)  # without them assessments say "locked"
    return render(
        request,
        "visits/recommendation.html",
        {
            **details,
            "rec": rec,
            "edit_form": forms.RecommendationForm(
                initial=forms.RecommendationForm.initial_for(rec, details["links"])
            ),
            "status_form": forms.StatusForm(),
            "evidence_form": forms.EvidenceForm(),
            "live_count_form": forms.LiveCountForm(
                initial={"live_count": rec.live_count, "public": rec.live_count_public}
            ),
            "assessments": selectors.assessments_for_staff(rec, desk_keys=desk_keys),
            "attach_form": forms.AttachAssessmentForm(),
        },
    )


def _save_posted(
    request: HttpRequest,
    rec: Recommendation,
    form: forms.ServiceForm,
    save: Callable[..., object],
    *,
    done: str,
    invalid: str,
) -> HttpResponse:
    """Hand a valid form's arguments, and the acting user, to ``save`` through
    ``carry_out`` (a rule the form cannot see comes back as a message); then back to
    the recommendation's page."""
    if form.is_valid():
        arguments = form.service_arguments()
        carry_out(request, lambda: save(acting_user=staff(request), **arguments), done=done)
    else:
        messages.error(request, invalid)
    return redirect("visits:recommendation", recommendation_id=rec.pk)


def _review(
    request: HttpRequest,
    recommendation_id: int,
    decide: Callable[..., object],
    *,
    done: str,
) -> Recommendation:
    """Accept or reject a suggested recommendation through ``carry_out``; the caller
    says where to go next."""
    rec = selectors.get_recommendation_for_staff(recommendation_id)
    carry_out(request, lambda: decide(acting_user=staff(request), recommendation=rec), done=done)
    return rec


@requires(Perm.VISITS_WRITE)
@require_POST
def recommendation_accept_view(request: HttpRequest, recommendation_id: int) -> HttpResponse:
    rec = _review(
        request,
        recommendation_id,
        recommendations.accept_recommendation,
        done=_("Recommendation accepted."),
    )
    if request.POST.get("back") == "visit" and rec.visit_id:
        return redirect("visits:visit", visit_id=rec.visit_id)
    return redirect("visits:recommendation", recommendation_id=rec.pk)


@requires(Perm.VISITS_WRITE)
@require_POST
def recommendation_reject_view(request: HttpRequest, recommendation_id: int) -> HttpResponse:
    rec = _review(
        request,
        recommendation_id,
        recommendations.reject_recommendation,
        done=_("Marked as not a recommendation."),
    )
    if rec.visit_id:
        return redirect("visits:visit", visit_id=rec.visit_id)
    return redirect("visits:visits")


@requires(Perm.VISITS_WRITE)
@require_POST
def related_review_view(
    request: HttpRequest, recommendation_id: int, related_id: int, decision: str
) -> HttpResponse:
    """Staff confirm or reject that two recommendations are on the same issue."""
    rec = selectors.get_recommendation_for_staff(recommendation_id)
    related = selectors.get_related_for_staff(rec, related_id)
    accept = decision == "accept"
    carry_out(
        request,
        lambda: related_service.review_related(
            acting_user=staff(request), related=related, accept=accept
        ),
        done=_("Linked as the same issue.") if accept else _("The link was removed."),
    )
    return redirect("visits:recommendation", recommendation_id=rec.pk)


def _form_view(
    form_class: type[forms.ServiceForm],
    save: Callable[..., object],
    *,
    done: Promise,
    invalid: Promise,
) -> View:
    """A POST view for one form of the recommendation's page: the recommendation
    (``visits.write``) to ``save``, with the form's arguments; ``done`` and
    ``invalid`` are the messages for a saved and an invalid form."""

    @requires(Perm.VISITS_WRITE)
    @require_POST
    def view(request: HttpRequest, recommendation_id: int) -> HttpResponse:
        rec = selectors.get_recommendation_for_staff(recommendation_id)
        return _save_posted(
            request,
            rec,
            form_class(request.POST),
            partial(save, recommendation=rec),
            done=str(done),
            invalid=str(invalid),
        )

    return view


recommendation_edit_view = _form_view(
    forms.RecommendationForm,
    recommendations.edit_recommendation,
    done=gettext_lazy("Recommendation saved."),
    invalid=gettext_lazy("Nothing was saved: the text and addressee are required."),
)
status_view = _form_view(
    forms.StatusForm,
    recommendations.set_status,
    done=gettext_lazy("Status recorded."),
    invalid=gettext_lazy("Nothing was saved: choose a status and a date."),
)
evidence_view = _form_view(
    forms.EvidenceForm,
    recommendations.add_evidence,
    done=gettext_lazy("Evidence added."),
    invalid=gettext_lazy("Nothing was saved: a date, a source and a text are required."),
)
live_count_view = _form_view(
    forms.LiveCountForm,
    recommendations.set_live_count,
    done=gettext_lazy("Live count saved."),
    invalid=gettext_lazy("Nothing was saved: choose a live count."),
)


@requires(Perm.VISITS_WRITE)
@require_POST
def assessment_attach_view(
    request: HttpRequest, recommendation_id: int, assessment_id: int
) -> HttpResponse:
    rec = selectors.get_recommendation_for_staff(recommendation_id)
    return _save_posted(
        request,
        rec,
        forms.AttachAssessmentForm(request.POST),
        partial(
            assessments.attach_assessment,
            assessment=selectors.get_assessment_for_staff(rec, assessment_id),
        ),
        done=_("Evidence added."),
        invalid=_("Nothing was saved: a date and a text are required."),
    )
