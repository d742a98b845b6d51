"""What the views of every app share: the POST ladder and downloads.

A view that changes something reads its form, then hands one service call to
``carry_out``, which shows the outcome as a message and never lets a refusal become
an error page. The acting user is always ``accounts.permissions.staff(request)``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from rapporteur.errors import Refused
from rapporteur.vault.errors import VaultError

T = TypeVar("T")


def locked_message() -> str:
    return _("Sign in again to unlock the desk key: this needs the content.")


def carry_out(
    request: HttpRequest,
    action: Callable[[], T],
    *,
    done: str | Callable[[T], str] | None = None,
    locked: str | None = None,
) -> T | None:
    """Run one service call for a POST; the result, or None when it was refused.

    A refusal (``Refused``, a form-level ``ValidationError``) and a desk key this
    session cannot use (any other ``VaultError``) become an error message; anything else is a
    bug and propagates. ``done`` is the success message, or a function of the result
    that makes it; ``locked`` replaces the usual "sign in again" text where a page
    needs to say more.
    """
    try:
        result = action()
    except Refused as refusal:
        # First: a refusal by the vault (``CustodyRefused``) says why in its message.
        messages.error(request, str(refusal))
    except VaultError:
        messages.error(request, locked or locked_message())
    except ValidationError as invalid:
        messages.error(request, " ".join(invalid.messages))
    else:
        if done is not None:
            messages.success(request, done(result) if callable(done) else done)
        return result
    return None


@contextmanager
def errors_into(
    form: forms.Form, field: str | None = None, *, refused: type[Refused] = Refused
) -> Iterator[None]:
    """A form's POST step whose refusal is shown on the form: a ``refused`` raised
    in the block becomes the error of ``field`` (of the whole form when None) and
    the block stops there; the view then renders the form again. A ``return`` in
    the block is the step's success."""
    try:
        yield
    except refused as refusal:
        form.add_error(field, str(refusal))


def attachment_disposition(filename: str, *, fallback: str = "file") -> str:
    """A Content-Disposition that always downloads, never renders inline.

    Path separators and control characters in a sender's file name are replaced;
    Django writes the ASCII ``filename`` or the UTF-8 ``filename*`` form (RFC 6266).
    """
    safe = "".join("_" if c in "/\\" or ord(c) < 32 else c for c in filename).strip()
    return content_disposition_header(True, safe[:150] or fallback) or "attachment"


def download(content: bytes | str, *, content_type: str, filename: str) -> HttpResponse:
    """A response that downloads ``content`` as ``filename``, never shown inline."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = attachment_disposition(filename)
    return response


def stream_download(
    chunks: Iterable[bytes], *, filename: str, fallback: str = "file"
) -> StreamingHttpResponse:
    """A stored file downloaded chunk by chunk. A cut or altered file raises at its end:
    the response is then aborted, so a truncated download never looks complete."""
    response = StreamingHttpResponse(chunks, content_type="application/octet-stream")
    response["Content-Disposition"] = attachment_disposition(filename, fallback=fallback)
    return response
