"""Staff pages of the letters: the list, drafting and editing, the workflow from
review to publication, the letter as a file and reply documents.

Metadata shows without the vault; content is decrypted with the session's desk
keys, and a session without them is told to sign in again instead of failing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from rapporteur.accounts.permissions import Perm, View, requires, staff
from rapporteur.cases.selectors import need_to_know
from rapporteur.communications import consent, content, selectors
from rapporteur.communications.forms import (
    BodyForm,
    CommunicationForm,
    PersonForm,
    PublishForm,
    ReplyForm,
    SendForm,
)
from rapporteur.communications.letters.html import render_html
from rapporteur.communications.letters.render import (
    DraftError,
    LetterDraft,
    letterhead,
    render_body,
)
from rapporteur.communications.models import EDITABLE_STATES, Communication, State
from rapporteur.communications.services import (
    ConsentMissing,
    drafting,
    publication,
    reading,
    workflow,
)
from rapporteur.staff_views import acting
from rapporteur.vault.errors import VaultError
from rapporteur.vault.session import desk_private_keys_for
from rapporteur.web import carry_out, download, stream_download

DESK_PAGE_SIZE = 50


def _today() -> date:
    return timezone.localdate()


def back_to(communication: Communication) -> HttpResponse:
    return redirect("communications_desk:detail", communication_id=communication.pk)


LetterView = Callable[..., HttpResponseBase]  # (request, communication, *more URL arguments)


def letter_page(
    perm: Perm, *, post_only: bool = False, held: tuple[str, ...] = ()
) -> Callable[[LetterView], View]:
    """One letter's staff page or action, at a URL with ``communication_id``.

    Declares ``perm`` and need-to-know on ``communication_id`` (and the URL arguments
    in ``held``, what the letter holds), is never cached, or takes only POST when
    ``post_only``, and hands the view the communication itself: a user who may not
    know it exists gets 404 before the view runs.
    """

    def decorator(view: LetterView) -> View:
        @wraps(view)
        def page(
            request: HttpRequest, communication_id: int, *args: Any, **kwargs: Any
        ) -> HttpResponseBase:
            communication = selectors.communication_for_staff(
                user=staff(request), pk=communication_id
            )
            return view(request, communication, *args, **kwargs)

        method_guard = require_POST if post_only else never_cache
        declared = need_to_know("communication_id", *held)(method_guard(page))
        return requires(perm)(declared)

    return decorator


@requires(Perm.COMMUNICATIONS_DRAFT)
@never_cache
def list_view(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state", "")
    listed = selectors.desk_list(user=staff(request), state=state)
    page = Paginator(listed, DESK_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "communications/desk/list.html",
        {
            "communications": page.object_list,
            "page": page,
            "state": state,
            "query": urlencode({"state": state}),  # what the pager keeps
            "states": State.choices,
            "deadlines": selectors.deadlines(user=staff(request), today=_today()),
        },
    )


def _content_from(form: CommunicationForm, body: str = "") -> content.DraftContent:
    data = form.cleaned_data
    return content.DraftContent(
        subject=data["subject"],
        facts=data["facts_list"],
        questions=data["questions_list"],
        body=body,
    )


def _draft_fields(form: CommunicationForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "kind": data["kind"],
        "language": data["language"],
        "addressee_code": data["addressee_code"],
        "addressee_other": data["addressee_other"],
        "copies_to": data["copies_to"],
        "mandates": list(data["mandates"]),
        "legal_paragraphs": data["legal_paragraphs"],
    }


@requires(Perm.COMMUNICATIONS_DRAFT)
@never_cache
def new_view(request: HttpRequest) -> HttpResponse:
    form = CommunicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        communication = carry_out(
            request,
            lambda: drafting.create_draft(
                acting_user=staff(request), content=_content_from(form), **_draft_fields(form)
            ),
            locked=_("The desk key has not been created yet."),
        )
        if communication is not None:
            return back_to(communication)
    return render(
        request, "communications/desk/form.html", {"form": form, "title": _("New communication")}
    )


@letter_page(Perm.COMMUNICATIONS_DRAFT)
def detail_view(request: HttpRequest, communication: Communication) -> HttpResponse:
    context: dict[str, Any] = {
        "communication": communication,
        "editable": communication.state in EDITABLE_STATES,
        "send_form": SendForm(initial={"sent_on": _today()}),
        "reply_form": ReplyForm(initial={"received_on": _today()}),
        "publish_form": PublishForm(),
        "replies": communication.replies.prefetch_related("documents"),
        # Only the linked cases this viewer may know exist (need-to-know).
        "linked_cases": selectors.linked_cases(user=staff(request), communication=communication),
        "locked": False,
    }
    try:
        opened = content.open_communication(
            communication=communication, desk_keys=desk_private_keys_for(request)
        )
    except VaultError:
        context["locked"] = True
    else:
        draft = content.letter_draft(
            opened=opened, day=content.letter_day(communication=communication, today=_today())
        )
        context["opened"] = opened
        try:
            body = opened.content.body or render_body(draft=draft, library=content.library())
            context |= {
                "body": body,
                "letter": render_html(
                    body=body, language=draft.language, letterhead=letterhead(draft=draft)
                ),
            } | _consent_context(request, opened=opened, draft=draft, body=body)
        except DraftError as error:  # e.g. [[person:1]] typed before the person is added
            context["draft_error"] = str(error)
        reading.note_read(communication=communication, acting_user=staff(request))
    return render(request, "communications/desk/detail.html", context)


def _consent_context(
    request: HttpRequest, *, opened: content.Opened, draft: LetterDraft, body: str
) -> dict[str, Any]:
    """The consent check for a staff page: the matched words, which stored name
    each matches and why (a person of a case this viewer may not see stays
    nameless), and the linked records that could not be opened."""
    found = consent.check(
        opened=opened, draft=draft, desk_keys=desk_private_keys_for(request), body=body
    )
    visible = {
        case.pk
        for case in selectors.linked_cases(user=staff(request), communication=opened.communication)
    }
    return {
        "consent_check": found,
        "consent_rows": consent.visible_names(matches=found.matches, visible_case_ids=visible),
    }


def opened_or_none(request: HttpRequest, communication: Communication) -> content.Opened | None:
    """The communication's content, or None with "sign in again" said."""
    return carry_out(
        request,
        lambda: content.open_communication(
            communication=communication, desk_keys=desk_private_keys_for(request)
        ),
    )


def _opened_if_editable(
    request: HttpRequest, communication: Communication
) -> content.Opened | None:
    """The content of a letter that may still be edited; else None, the reason said."""
    opened = opened_or_none(request, communication)
    if opened is not None and communication.state not in EDITABLE_STATES:
        messages.error(request, _("Only a draft or a letter in review can be edited."))
        return None
    return opened


@letter_page(Perm.COMMUNICATIONS_DRAFT)
def edit_view(request: HttpRequest, communication: Communication) -> HttpResponse:
    opened = _opened_if_editable(request, communication)
    if opened is None:
        return back_to(communication)
    initial = {
        "kind": communication.kind,
        "language": communication.language,
        "addressee_code": communication.addressee_code,
        "addressee_other": communication.addressee_other,
        "copies_to": communication.copies_to,
        "mandates": [m for m in communication.mandates.all() if not m.is_own],
        "legal_paragraphs": communication.legal_paragraphs,
        "subject": opened.content.subject,
        "facts": "\n\n".join(opened.content.facts),
        "questions": "\n".join(opened.content.questions),
    }
    form = CommunicationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        carry_out(
            request,
            lambda: drafting.edit_draft(
                communication=communication,
                acting_user=staff(request),
                content=_content_from(form, body=opened.content.body),
                **_draft_fields(form),
            ),
        )
        _warn_if_named(request, communication)
        return back_to(communication)
    return render(
        request, "communications/desk/form.html", {"form": form, "title": _("Edit the draft")}
    )


def _warn_if_named(request: HttpRequest, communication: Communication) -> None:
    """After a save: say at once when the saved letter names someone without consent
    (the words are listed on the communication's page, not in the message)."""
    try:
        opened = content.open_communication(
            communication=communication, desk_keys=desk_private_keys_for(request)
        )
        draft = content.letter_draft(opened=opened, day=_today())
        found = consent.check(opened=opened, draft=draft, desk_keys=desk_private_keys_for(request))
    except (VaultError, DraftError):
        return
    if found.blocked:
        messages.warning(
            request, str(ConsentMissing(found.persons, unreadable=len(found.unreadable)))
        )


@letter_page(Perm.COMMUNICATIONS_DRAFT)
def person_view(
    request: HttpRequest, communication: Communication, position: int = 0
) -> HttpResponse:
    """Add a person (position 0) or change the person at ``position``."""
    opened = opened_or_none(request, communication)
    if opened is None:
        return back_to(communication)
    existing = next((p for p in opened.persons if p.position == position), None)
    initial = (
        {"name": existing.name, "description": existing.description, "consent": existing.consent}
        if existing
        else {}
    )
    form = PersonForm(request.POST or None, initial=initial)
    from_case = existing is not None and existing.case_person_id is not None
    if from_case:  # consent is read from the case, not chosen here
        del form.fields["consent"]
    if request.method == "POST" and form.is_valid():
        row = communication.persons.get(pk=existing.pk) if existing else None
        data = form.cleaned_data
        carry_out(
            request,
            lambda: drafting.set_person(
                communication=communication,
                acting_user=staff(request),
                person=row,
                name=data["name"],
                description=data["description"],
                consent=row.consent_to_share_name if (row and from_case) else data["consent"],
            ),
        )
        return back_to(communication)
    return render(
        request, "communications/desk/form.html", {"form": form, "title": _("Person concerned")}
    )


@letter_page(Perm.COMMUNICATIONS_DRAFT)
def body_view(request: HttpRequest, communication: Communication) -> HttpResponse:
    opened = _opened_if_editable(request, communication)
    if opened is None:
        return back_to(communication)
    draft = content.letter_draft(opened=opened, day=_today())
    try:
        current = opened.content.body or render_body(draft=draft, library=content.library())
    except DraftError as error:
        messages.error(request, str(error))
        current = ""
    form = BodyForm(request.POST or None, initial={"body": current})
    if request.method == "POST" and form.is_valid():
        opened.content.body = form.cleaned_data["body"].replace("\r\n", "\n")
        carry_out(
            request,
            lambda: drafting.set_body(
                communication=communication, acting_user=staff(request), content=opened.content
            ),
        )
        _warn_if_named(request, communication)
        return back_to(communication)
    extra: dict[str, Any] = {}
    if current:
        extra = _consent_context(request, opened=opened, draft=draft, body=current)
    return render(
        request,
        "communications/desk/form.html",
        {"form": form, "title": _("Text of the letter")} | extra,
    )


@letter_page(Perm.COMMUNICATIONS_DRAFT, post_only=True)
def move_view(request: HttpRequest, communication: Communication) -> HttpResponse:
    """Submit for review or return to draft (also withdraws an approval)."""
    target = State.REVIEW if request.POST.get("to") == State.REVIEW else State.DRAFT
    carry_out(
        request,
        lambda: workflow.move(communication=communication, acting_user=staff(request), to=target),
    )
    return back_to(communication)


@letter_page(Perm.COMMUNICATIONS_APPROVE, post_only=True)
def approve_view(request: HttpRequest, communication: Communication) -> HttpResponse:
    carry_out(
        request,
        lambda: workflow.move(
            communication=communication,
            to=State.APPROVED,
            **acting(request),
        ),
        done=_("Approved."),
    )
    return back_to(communication)


@letter_page(Perm.COMMUNICATIONS_DRAFT, post_only=True)
def send_view(request: HttpRequest, communication: Communication) -> HttpResponse:
    form = SendForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the date the letter was sent."))
        return back_to(communication)
    carry_out(
        request,
        lambda: workflow.send(
            communication=communication,
            sent_on=form.cleaned_data["sent_on"],
            **acting(request),
        ),
        done=lambda sent: _("Sent as %(reference)s.") % {"reference": sent.reference},
    )
    return back_to(communication)


@letter_page(Perm.COMMUNICATIONS_DRAFT, post_only=True)
def reply_view(request: HttpRequest, communication: Communication) -> HttpResponse:
    form = ReplyForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("The reply was not registered: check the date and text."))
        return back_to(communication)
    data = form.cleaned_data
    upload = data["document"]
    # Streamed from the upload handler's RAM file into the store, never read whole.
    documents = [(upload.name, upload.chunks())] if upload else []
    carry_out(
        request,
        lambda: workflow.register_reply(
            communication=communication,
            acting_user=staff(request),
            received_on=data["received_on"],
            assessment=data["assessment"],
            text=data["text"],
            notes=data["notes"],
            documents=documents,
        ),
    )
    return back_to(communication)


@letter_page(Perm.COMMUNICATIONS_APPROVE, post_only=True)
def publish_view(request: HttpRequest, communication: Communication) -> HttpResponse:
    form = PublishForm(request.POST)
    early = form.is_valid() and form.cleaned_data["early"]
    carry_out(
        request,
        lambda: publication.publish(
            communication=communication,
            today=_today(),
            early=early,
            **acting(request),
        ),
        done=_("Published on the public report."),
    )
    return back_to(communication)


@letter_page(Perm.COMMUNICATIONS_DRAFT, post_only=True)
def follow_up_view(request: HttpRequest, communication: Communication) -> HttpResponse:
    new = carry_out(
        request,
        lambda: drafting.follow_up(communication=communication, **acting(request)),
    )
    return back_to(new or communication)


@letter_page(Perm.COMMUNICATIONS_DRAFT)
def letter_view(request: HttpRequest, communication: Communication, fmt: str) -> HttpResponse:
    """The letter as DOCX or PDF, with the letterhead, as it stands now."""
    letter = carry_out(
        request,
        lambda: reading.letter_file(
            communication=communication,
            fmt=fmt,
            today=_today(),
            **acting(request),
        ),
    )
    if letter is None:
        return back_to(communication)
    return download(letter.data, content_type=letter.content_type, filename=letter.filename)


@letter_page(Perm.COMMUNICATIONS_DRAFT, held=("reply_document_id",))
def document_view(
    request: HttpRequest, communication: Communication, reply_document_id: int
) -> HttpResponseBase:
    document = selectors.reply_document_for_staff(communication=communication, pk=reply_document_id)
    try:
        opened = carry_out(
            request,
            lambda: reading.open_reply_document(
                communication=communication,
                document=document,
                **acting(request),
            ),
        )
    except OSError:
        return render(request, "intake/desk/file_missing.html", status=404)
    if opened is None:
        return back_to(communication)
    return stream_download(opened.chunks, filename=opened.filename, fallback="reply")
