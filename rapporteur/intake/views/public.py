"""The source's side: public, JavaScript-free pages. Nothing about the visitor
(address, browser, referrer) is read or stored here."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from rapporteur.accounts.permissions import public
from rapporteur.intake import diskspace, selectors, services, throttle
from rapporteur.intake.forms import (
    FollowUpForm,
    MeetingRequestForm,
    OneTimeForm,
    ReceiptForm,
    SubmissionForm,
)
from rapporteur.intake.models import Kind
from rapporteur.intake.views import public_files
from rapporteur.vault import session as vault_session
from rapporteur.vault.errors import UnlockRequired


def _form_page(request: HttpRequest, template: str, form: OneTimeForm) -> HttpResponse:
    """A public form shown (again): 429 when its ticket asks for a wait, 507 when
    the store had no room for what was sent."""
    return render(
        request,
        template,
        {"form": form, "max_mb": public_files.max_mb()},
        status=public_files.status_of(request, form),
    )


@public
@never_cache
@require_http_methods(["GET", "POST"])
def submit_view(request: HttpRequest) -> HttpResponse:
    """The questionnaire. Its ticket (the one-time token) is priced when the page is
    shown; under a flood it is paid with a puzzle or a wait before anything is sent."""
    template = "intake/submit.html"
    form = SubmissionForm(request.POST or None, request.FILES or None)
    if request.method != "POST":
        return _form_page(request, template, form)
    return public_files.answer_with_files(
        request,
        form,
        lambda files: services.receive(
            kind=Kind.REPORT,
            answers=form.answers(),
            language=get_language(),
            files=files,
            keep_original=form.cleaned_data["keep_original"],
            form_token_digest=form.cleaned_data["form_token"],
        ),
        form_page=lambda: _form_page(request, template, form),
    )


@public
@never_cache
@require_http_methods(["GET", "POST"])
def meeting_view(request: HttpRequest) -> HttpResponse:
    template = "intake/meeting.html"
    form = MeetingRequestForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        return _form_page(request, template, form)
    receipt = public_files.stored_or_refused(
        request,
        form,
        lambda: services.receive(
            kind=Kind.MEETING,
            answers=form.answers(),
            language=get_language(),
            form_token_digest=form.cleaned_data["form_token"],
        ),
        form_page=lambda: _form_page(request, template, form),
        files=False,
    )
    if isinstance(receipt, HttpResponse):
        return receipt
    return render(request, "intake/receipt.html", {"codename": receipt.codename, "meeting": True})


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
            if refusal.ticket is not None:
                context = {"form": form, "ticket": refusal.ticket}
                return render(request, "intake/return.html", context)
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
    ticket = throttle.issue(
        throttle.Purpose.RECEIPT, wrong_in_session=request.session.get(_WRONG_RECEIPTS, 0)
    )
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
            files = public_files.files_in(request)
            try:
                sent = services.receive_follow_up(
                    submission=submission,
                    text=form.cleaned_data["text"],
                    files=files,
                    keep_original=form.cleaned_data["keep_original"],
                )
            except diskspace.NoSpace:
                public_files.refuse_for_space(request, form, files=bool(files))
            else:
                sent_files = public_files.file_summaries(sent)
                form = FollowUpForm()
            finally:
                public_files.discard_uploads(request)
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
        status=public_files.status_of(request, form),
    )


@public
@require_POST
def source_leave_view(request: HttpRequest) -> HttpResponse:
    request.session.flush()
    return vault_session.forget(response=redirect("core:home"))
