"""The desk's inbox. Reading decrypts with the session's desk keys; every read,
download and action is audited."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.forms import Form
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from rapporteur.accounts.models import User
from rapporteur.accounts.permissions import Perm, View, requires, staff
from rapporteur.cases.selectors import need_to_know
from rapporteur.intake import ical, selectors, services
from rapporteur.intake.forms import (
    MeetingAnswerForm,
    NoteForm,
    ReplyForm,
    StatusForm,
    form_for_kind,
)
from rapporteur.intake.models import Kind, MeetingState, Status, Submission
from rapporteur.vault import sealing as vault_sealing
from rapporteur.vault.decorators import shows_unlock_page
from rapporteur.vault.errors import CannotOpen, UnlockRequired
from rapporteur.vault.session import desk_private_keys_for
from rapporteur.vault.storage import intake_files
from rapporteur.web import stream_download

INBOX_PAGE_SIZE = 50


@requires(Perm.INTAKE_READ)
@never_cache
def inbox_view(request: HttpRequest) -> HttpResponse:
    """One page of the inbox. With the session's desk keys unlocked, each row also
    says what the submission is about (``selectors.list_summaries``: decrypted for
    this page only, never stored); without them the list still works, by number.

    An hour with a flood of arrivals (``selectors.floods``) is one alert at the top
    and one row in the list, linking to its own list (``?hour=``), so hundreds of
    rows do not push the other submissions away."""
    user = staff(request)
    status = request.GET.get("status", "")
    kind = request.GET.get("kind", "")
    hour = selectors.flood_hour(request.GET.get("hour", ""))
    floods = selectors.floods(user=user)
    listing = selectors.inbox(
        user=user, status=status, kind=kind, hour=hour, grouped=[f.start for f in floods]
    )
    page = Paginator(listing, INBOX_PAGE_SIZE).get_page(request.GET.get("page"))
    submissions = list(page.object_list)
    try:
        keys = desk_private_keys_for(request)
    except UnlockRequired:
        summaries, locked = {}, True
    else:
        summaries, locked = (
            selectors.list_summaries(
                submissions=submissions, desk_keys=keys, form_for_kind=form_for_kind
            ),
            False,
        )
    rows = [{"submission": s, "about": summaries.get(s.pk)} for s in submissions]
    hour_key = request.GET.get("hour", "") if hour else ""
    # The filters, kept by the pager's links.
    query = {"status": status, "kind": kind} | ({"hour": hour_key} if hour_key else {})
    return render(
        request,
        "intake/desk/inbox.html",
        {
            "rows": _with_floods(rows, [] if hour else floods, page),
            "page": page,
            "locked": locked,
            "status": status,
            "kind": kind,
            "hour": hour,
            "hour_end": hour + timedelta(hours=1) if hour else None,
            "hour_key": hour_key,
            "query": urlencode(query),
            "floods": floods,
            "shown_floods": floods[:FLOODS_ALERTED],
            "statuses": Status.choices,
            "kinds": Kind.choices,
            "due_soon": selectors.due_soon_count(user=user),
        },
    )


FLOODS_ALERTED = 5  # lines in the alert; older floods stay grouped in the list


def _with_floods(rows: list[dict], floods: list[selectors.Flood], page: Page) -> list[dict]:
    """The page's rows with each flood's one row where its hour falls in the list:
    before the first older row, on the page that holds that row (or at the end of
    the last page when no older row exists)."""
    newer_bound = None
    if page.number > 1:
        newer_bound = page.paginator.object_list[page.start_index() - 2].received_at
    placed: list[dict] = []
    waiting = [f for f in floods if newer_bound is None or f.start < newer_bound]
    for row in rows:
        while waiting and waiting[0].start > row["submission"].received_at:
            placed.append({"flood": waiting.pop(0)})
        placed.append(row)
    if not page.has_next():
        placed.extend({"flood": flood} for flood in waiting)
    return placed


@requires(Perm.INTAKE_READ)
@never_cache
@shows_unlock_page
@need_to_know("pk")
def submission_view(request: HttpRequest, pk: int) -> HttpResponse:
    submission = selectors.submission_for_staff(user=staff(request), pk=pk)
    keys = desk_private_keys_for(request)
    opened = selectors.open_for_staff(submission=submission, desk_keys=keys)
    services.mark_read(submission=submission, acting_user=staff(request))
    return render(
        request,
        "intake/desk/submission.html",
        {
            "opened": opened,
            "submission": submission,
            "answers": _labelled(opened.content),
            "reply_form": ReplyForm(),
            "note_form": NoteForm(),
            "status_form": StatusForm(initial={"status": submission.status}),
            "meeting_form": MeetingAnswerForm() if submission.kind == Kind.MEETING else None,
        },
    )


def _labelled(content: dict) -> list[tuple[str, object]]:
    """(question, answer) pairs in the form's order, with choices in words."""
    form = form_for_kind(str(content.get("kind", "")))
    answers = content.get("answers", {})
    rows = []
    for name, field in form.base_fields.items():
        if name not in answers:
            continue
        value = answers[name]
        choices = dict(getattr(field, "choices", []) or [])
        rows.append((str(field.label), choices.get(value, value) if choices else value))
    return rows


@requires(Perm.INTAKE_READ)
@never_cache
@shows_unlock_page
@need_to_know("pk", "file_id")
def download_view(request: HttpRequest, pk: int, file_id: int) -> HttpResponseBase:
    submission = selectors.submission_for_staff(user=staff(request), pk=pk)
    attachment = selectors.attachment_for_staff(submission=submission, pk=file_id)
    keys = desk_private_keys_for(request)
    try:
        meta = vault_sealing.open_required(attachment, keys, field="meta_envelope")
        chunks = intake_files.decrypted_chunks(
            attachment.stored_name, version=attachment.desk_key.version, desk_keys=keys
        )
    except (CannotOpen, OSError):
        return render(request, "intake/desk/file_missing.html", status=404)
    services.note_attachment_downloaded(
        submission=submission, attachment_pk=attachment.pk, acting_user=staff(request)
    )
    return stream_download(chunks, filename=str(meta.get("filename") or f"file-{attachment.pk}"))


def _posted_on_submission(view: View) -> View:
    """A form's target on a submission's page: ``intake.act``, POST only and
    need-to-know on ``pk``; the view is called with the submission."""

    @requires(Perm.INTAKE_ACT)
    @require_POST
    @need_to_know("pk")
    @wraps(view)
    def posted(request: HttpRequest, pk: int) -> HttpResponseBase:
        return view(request, selectors.submission_for_staff(user=staff(request), pk=pk))

    return posted


def _submission_action(
    form_class: type[Form],
    act: Callable[..., object],
    *,
    done: Promise,
    invalid: Promise | None = None,
) -> View:
    """A POST view for one form of the submission's page (need-to-know checked
    first): a valid form's data handed to the service ``act`` with the submission
    and the acting member of staff, then ``done`` said; an invalid form says
    ``invalid``. Back to the submission's page."""

    @_posted_on_submission
    def view(request: HttpRequest, submission: Submission) -> HttpResponse:
        form = form_class(request.POST)
        if form.is_valid():
            act(submission=submission, acting_user=staff(request), **form.cleaned_data)
            messages.success(request, str(done))
        elif invalid is not None:
            messages.error(request, str(invalid))
        return redirect("intake_desk:submission", pk=submission.pk)

    return view


def _set_status(*, submission: Submission, acting_user: User, status: str) -> None:
    """The status form's choice, as the service takes it."""
    services.set_status(submission=submission, acting_user=acting_user, status=Status(status))


reply_view = _submission_action(
    ReplyForm,
    services.reply,
    done=gettext_lazy("Reply sent. The source reads it with their receipt."),
    invalid=gettext_lazy("The reply is empty or too long."),
)
note_view = _submission_action(
    NoteForm,
    services.add_note,
    done=gettext_lazy("Note saved."),
    invalid=gettext_lazy("The note is empty or too long."),
)
status_view = _submission_action(StatusForm, _set_status, done=gettext_lazy("Status changed."))


@_posted_on_submission
def meeting_answer_view(request: HttpRequest, submission: Submission) -> HttpResponse:
    form = MeetingAnswerForm(request.POST)
    if submission.kind != Kind.MEETING:
        messages.error(request, _("This is not a meeting request."))
    elif form.is_valid():
        services.answer_meeting(
            submission=submission,
            acting_user=staff(request),
            decision=MeetingState(form.cleaned_data["decision"]),
            start=form.cleaned_data["start"],
            duration_minutes=form.cleaned_data["duration_minutes"],
            place=form.cleaned_data["place"],
            text=form.cleaned_data["text"],
        )
        messages.success(request, _("Answer sent."))
    else:
        messages.error(request, _("Give a date and time to accept or propose a meeting."))
    return redirect("intake_desk:submission", pk=submission.pk)


@requires(Perm.INTAKE_READ)
@never_cache
@shows_unlock_page
def meetings_ics_view(request: HttpRequest) -> HttpResponse:
    meetings = selectors.accepted_meetings(
        user=staff(request), desk_keys=desk_private_keys_for(request)
    )
    services.note_meetings_exported(acting_user=staff(request), count=len(meetings))
    response = HttpResponse(
        ical.calendar(meetings=meetings, host=request.get_host().split(":")[0]),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="desk-meetings.ics"'
    return response
