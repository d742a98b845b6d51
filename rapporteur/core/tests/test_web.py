"""The POST ladder every view shares, and the download header."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from rapporteur.errors import Refused
from rapporteur.vault.errors import CannotOpen, NotInitialised, UnlockRequired
from rapporteur.web import attachment_disposition, carry_out


def _request():
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    return request


def _said(request) -> list[tuple[str, str]]:
    return [(m.level_tag, str(m)) for m in get_messages(request)]


def _raise(error: Exception):
    def action() -> None:
        raise error

    return action


def test_success_returns_the_result_and_says_done() -> None:
    request = _request()
    assert carry_out(request, lambda: 7, done=lambda n: f"made {n}") == 7
    assert _said(request) == [("success", "made 7")]


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (Refused("Not ready to send."), "Not ready to send."),
        (ValidationError(["First.", "Second."]), "First. Second."),
    ],
)
def test_a_refusal_becomes_its_message(error: Exception, message: str) -> None:
    request = _request()
    assert carry_out(request, _raise(error), done="never") is None
    assert _said(request) == [("error", message)]


@pytest.mark.parametrize("error", [UnlockRequired(), NotInitialised(), CannotOpen()])
def test_a_locked_desk_key_asks_to_sign_in_again(error: Exception) -> None:
    request = _request()
    assert carry_out(request, _raise(error)) is None
    [(level, text)] = _said(request)
    assert level == "error" and "Sign in again" in text
    request = _request()
    carry_out(request, _raise(error), locked="Unlock to read the reply.")
    assert _said(request) == [("error", "Unlock to read the reply.")]


def test_a_bug_is_not_swallowed() -> None:
    with pytest.raises(KeyError):
        carry_out(_request(), _raise(KeyError("bug")))


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("report.pdf", 'attachment; filename="report.pdf"'),
        ('a"b.pdf', 'attachment; filename="a\\"b.pdf"'),
        ("../../etc/passwd", 'attachment; filename=".._.._etc_passwd"'),
        ("Отчёт.docx", "attachment; filename*=utf-8''%D0%9E%D1%82%D1%87%D1%91%D1%82.docx"),
        ("line\r\nX-Evil: 1", 'attachment; filename="line__X-Evil: 1"'),
        ("", 'attachment; filename="file"'),
    ],
)
def test_downloads_always_attach_with_a_safe_name(name: str, expected: str) -> None:
    header = attachment_disposition(name)
    assert header == expected
    header.encode("latin-1")  # a header Django can send as it is
