"""The source's side: public, JavaScript-free pages. Nothing about the visitor
(address, browser, referrer) is read or stored here."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from rapporteur.accounts.permissions import public
from rapporteur.intake import public_files, selectors, services, throttle
from rapporteur.intake.forms import (
    FollowUpForm,
    MeetingRequestForm,
    ReceiptForm,
    SubmissionForm,
)
from rapporteur.intake.models import Kind
from rapporteur.vault import session as vault_session
from rapporteur.vault.errors import NotInitialised, UnlockRequired

_REPLAYED = gettext_lazy("This form was already sent, or it has expired. Nothing new was saved.")
SUBMISSION_FIELDS = [name for name in SubmissionForm.base_fields if name != "form_token"]


def _unavailable(request: HttpRequest) -> HttpResponse:
    return render(request, "intake/unavailable.html", status=503)


@public
@never_cache
@require_http_methods(["GET", "POST"])
def submit_view(request: HttpRequest) -> HttpResponse:
    form = SubmissionForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        refused = public_files.upload_problem(request, form)
        if refused or not form.is_valid():
            public_files.discard_uploads(request)
        else:
            answers = {name: form.cleaned_data.get(name) for name in SUBMISSION_FIELDS}
            answers.pop("attachments", None)
            try:
                receipt = services.receive(
                    kind=Kind.REPORT,
                    answers=answers,
                    language=get_language(),
                    files=public_files.files_in(request),
                    keep_original=form.cleaned_data["keep_original"],
                    form_token_digest=form.cleaned_data["form_token"],
                )
            except NotInitialised:
                return _unavailable(request)
            except services.FormReplayed:
                form.add_error("form_token", _REPLAYED)
                return render(
                    request, "intake/submit.html", {"form": form, "max_mb": public_files.max_mb()}
                )
            finally:
                public_files.discard_uploads(request)
            return public_files.receipt_page(request, receipt)
    return render(request, "intake/submit.html", {"form": form, "max_mb": public_files.max_mb()})


@public
@never_cache
@require_http_methods(["GET", "POST"])
def meeting_view(request: HttpRequest) -> HttpResponse:
    form = MeetingRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        answers = {k: v for k, v in form.cleaned_data.items() if k != "form_token"}
        try:
            receipt = services.receive(
                kind=Kind.MEETING,
                answers=answers,
                language=get_language(),
                form_token_digest=form.cleaned_data["form_token"],
            )
        except NotInitialised:
            return _unavailable(request)
        except services.FormReplayed:
            form.add_error("form_token", _REPLAYED)
            return render(request, "intake/meeting.html", {"form": form})
        return render(
            request, "intake/receipt.html", {"codename": receipt.codename, "meeting": True}
        )
    return render(request, "intake/meeting.html", {"form": form})


@public
@never_cache
@require_http_methods(["GET", "POST"])
def return_view(request: HttpRequest) -> HttpResponse:
    """Come back with the receipt. Each attempt spends the form's attempt ticket
    (``intake/throttle.py``); every answer comes at once, with a fresh ticket."""
    form = ReceiptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            submission, private_key = services.sign_in_with_receipt(
                codename=form.cleaned_data["receipt"],
                ticket=request.POST.get("ticket", "")[:1000],
                proof=request.POST.get("proof", "")[:100],
            )
        except throttle.TicketRefused as refusal:
            form.add_error(None, _ticket_message(refusal))
            if refusal.problem is throttle.TicketProblem.IMMATURE:
                ticket = throttle.still_waiting(request.POST["ticket"])
                return render(request, "intake/return.html", {"form": form, "ticket": ticket})
        except services.ReceiptRefused:
            request.session[_WRONG_RECEIPTS] = request.session.get(_WRONG_RECEIPTS, 0) + 1
            form.add_error(None, _("This receipt is not known. Check each word and try again."))
        else:
            # A fresh session id: nothing from before the receipt carries over.
            request.session.pop(_WRONG_RECEIPTS, None)
            request.session.cycle_key()
            vault_session.keep_source_key(
                request=request, source_id=submission.pk, private_key=private_key
            )
            return vault_session.set_cookies(
                request=request, response=redirect("intake:conversation")
            )
    ticket = throttle.issue(wrong_in_session=request.session.get(_WRONG_RECEIPTS, 0))
    return render(request, "intake/return.html", {"form": form, "ticket": ticket})


_WRONG_RECEIPTS = "intake_wrong_receipts"


def _ticket_message(refusal: throttle.TicketRefused) -> str:
    if refusal.problem is throttle.TicketProblem.IMMATURE:
        return _(
            "Your receipt has not been checked yet: to protect sources from guessing, "
            "this form asks you to wait. Send it again in %(seconds)s seconds."
        ) % {"seconds": refusal.wait_seconds}
    return _("Your receipt has not been checked yet: this form has expired. Send it again.")


@public
@never_cache
@require_http_methods(["GET", "POST"])
def conversation_view(request: HttpRequest) -> HttpResponse:
    try:
        source_id, private_key = vault_session.source_key_for(request)
    except UnlockRequired:
        return redirect("intake:return")
    submission = selectors.submission_for_source(source_submission_id=source_id)
    form = FollowUpForm(request.POST or None, request.FILES or None)
    sent_files = None
    if request.method == "POST":
        refused = public_files.upload_problem(request, form)
        if refused or not form.is_valid():
            public_files.discard_uploads(request)
        else:
            try:
                sent = services.receive_follow_up(
                    submission=submission,
                    text=form.cleaned_data["text"],
                    files=public_files.files_in(request),
                    keep_original=form.cleaned_data["keep_original"],
                )
            finally:
                public_files.discard_uploads(request)
            sent_files = public_files.file_summaries(sent)
            form = FollowUpForm()
    return render(
        request,
        "intake/conversation.html",
        {
            "submission": submission,
            "entries": selectors.conversation_for_source(
                submission=submission, private_key=private_key
            ),
            "form": form,
            "sent_files": sent_files,
            "max_mb": public_files.max_mb(),
        },
    )


@public
@require_POST
def source_leave_view(request: HttpRequest) -> HttpResponse:
    request.session.flush()
    return vault_session.forget(response=redirect("core:home"))
