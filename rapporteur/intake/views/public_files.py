"""What a public form does with the files a source sent in its ``attachments``
field, for every public form that takes files (intake's own, visits'
assessments): the handler's refusals as form errors, the received files for
``services.receive``, and their plaintext removed before the answer is sent.

The files themselves arrive through ``uploads.RamUploadHandler`` (RAM only, size
and count limits) and are cleaned and encrypted by ``services.receive``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar, cast

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from rapporteur.intake import diskspace, services, throttle, uploads
from rapporteur.intake.forms import ALREADY_SENT
from rapporteur.intake.labels import removed_label, source_file_notice
from rapporteur.vault.errors import NotInitialised

FIELD = "attachments"

T = TypeVar("T")


def upload_problem(request: HttpRequest, form: forms.BaseForm) -> bool:
    """Turn what the upload handler refused into an error on the form."""
    state = uploads.state_for(request)
    if state.error == "no_space":
        form.add_error(FIELD, no_space_message(files=True))
    elif state.error == "too_large":
        form.add_error(
            FIELD,
            _("The files are too large: together they may be at most %(mb)s MB.")
            % {"mb": max_mb()},
        )
    elif state.error == "too_many":
        form.add_error(
            FIELD,
            _("Too many files: send at most %(count)s at once.")
            % {"count": settings.INTAKE_MAX_FILES},
        )
    return bool(state.error)


def stored_or_refused(
    request: HttpRequest,
    form: forms.BaseForm,
    store: Callable[[], T],
    *,
    form_page: Callable[[], HttpResponse],
    files: bool,
) -> T | HttpResponse:
    """What ``store`` (the service that keeps what a public form sent) returns, or
    the page that answers its refusal: 503 while the desk has no key to seal with,
    the form again with an error when it was sent once already or the store is too
    full (``files``: whether the form carried files, which the message names)."""
    try:
        return store()
    except NotInitialised:
        return render(request, "intake/unavailable.html", status=503)
    except services.FormReplayed:
        form.add_error("form_token", ALREADY_SENT)
        return form_page()
    except diskspace.NoSpace:
        refuse_for_space(request, form, files=files)
        return form_page()


def answer_with_files(
    request: HttpRequest,
    form: forms.BaseForm,
    store: Callable[[list[services.FileIn]], services.Receipt],
    *,
    form_page: Callable[[], HttpResponse],
) -> HttpResponse:
    """The answer to a POST of a public form that takes files: the form again when
    the upload handler or the form refused it; otherwise the received files handed
    to ``store`` and the receipt page, or the page that answers a refusal
    (``stored_or_refused``). The uploads' plaintext is gone before any answer."""
    refused = upload_problem(request, form)
    if refused or not form.is_valid():
        discard_uploads(request)
        return form_page()
    files = files_in(request)
    try:
        receipt = stored_or_refused(
            request, form, lambda: store(files), form_page=form_page, files=bool(files)
        )
    finally:
        discard_uploads(request)
    if isinstance(receipt, HttpResponse):
        return receipt
    return receipt_page(request, receipt)


def refuse_for_space(request: HttpRequest, form: forms.BaseForm, *, files: bool) -> None:
    """The service found the store too full (``diskspace.NoSpace``): say so on the
    form, whose page is then answered 507 (``status_of``)."""
    uploads.state_for(request).error = "no_space"
    form.add_error(FIELD if files else None, no_space_message(files=files))


def no_space_message(*, files: bool) -> str:
    if files:
        return _(
            "The desk is short of storage space just now, so it cannot receive files. "
            "Nothing was saved. You can send the text without the files now and add "
            "the files later, or try again in a few hours."
        )
    return _(
        "The desk is short of storage space just now and cannot receive anything. "
        "Nothing was saved. Please try again in a few hours."
    )


def status_of(request: HttpRequest, form: forms.BaseForm) -> int:
    """The status of a public form shown again: 507 when the store had no room,
    429 when the form's ticket asks for a wait, otherwise 200."""
    if uploads.state_for(request).error == "no_space":
        return 507
    refusal = getattr(form, "refusal", None)
    if refusal is not None and refusal.problem is throttle.TicketProblem.IMMATURE:
        return 429
    return 200


def max_mb() -> int:
    return settings.INTAKE_MAX_UPLOAD_BYTES // (1024 * 1024)


def files_in(request: HttpRequest) -> list[services.FileIn]:
    received = []
    for upload in request.FILES.getlist(FIELD):
        # Every upload arrives through uploads.RamUploadHandler (FILE_UPLOAD_HANDLERS).
        path = Path(cast(uploads.RamUploadedFile, upload).temporary_file_path())
        filename = upload.name or "file"
        received.append(services.FileIn(path=path, filename=filename, workdir=path.parent))
    return received


def discard_uploads(request: HttpRequest) -> None:
    """Remove the plaintext of every uploaded file now, before answering (Django
    would otherwise do it only once the response has been sent)."""
    for _field, files in request.FILES.lists():
        for upload in files:
            upload.close()
    uploads.state_for(request).close()


def file_summaries(files: list[dict]) -> list[dict]:
    """What was removed from each file, and what its content really is when its
    name says otherwise, in words, for the receipt page."""
    return [
        {
            **f,
            "removed_labels": [removed_label(name) for name in f.get("removed", [])],
            "notice": source_file_notice(f),
        }
        for f in files
    ]


def receipt_page(request: HttpRequest, receipt: services.Receipt) -> HttpResponse:
    """The receipt page of a stored submission, saying what was removed from each file."""
    return render(
        request,
        "intake/receipt.html",
        {"codename": receipt.codename, "files": file_summaries(receipt.files)},
    )
