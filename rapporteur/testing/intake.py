"""Driving the public intake forms in tests, as a browser without JavaScript would,
and receiving a submission through the intake service directly (``received``, which
the demo's submissions use too)."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.test import Client
from django.urls import reverse

if TYPE_CHECKING:
    # The test client's response, as django-stubs names it (it exists only there).
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

    from rapporteur.intake.models import Submission

VALID_ANSWERS = {
    "person_name": "Demo person",
    "person_role": "journalist",
    "person_organisation": "",
    "person_gender": "",
    "person_place": "Dushanbe",
    "act_kind": "arrest",
    "event_dates": "March 2022",
    "event_places": "",
    "perpetrators": "",
    "law_invoked": "",
    "remedies_tried": "no",
    "remedies_detail": "",
    "consent_to_name": "no",
    "submitter_relation": "colleague",
    "safe_contact": "",
    "narrative": "What happened.",
}
MEETING_ANSWERS = {
    "requester_name": "Demo requester",
    "organisation": "",
    "topic": "The law on public associations",
    "preferred_dates": "Next week",
    "place_mode": "remote",
    "place": "",
    "safe_contact": "",
}
_TOKEN = re.compile(r'name="form_token" value="([^"]+)"')
_RECEIPT = re.compile(r'<strong id="receipt">([^<]+)</strong>')
_TICKET = re.compile(r'name="ticket" value="([^"]+)"')
_WORK = re.compile(r'data-challenge="([0-9a-f]*)" data-work-bits="(\d+)"')


def received(
    *,
    answers: dict[str, Any] | None = None,
    language: str = "en",
    kind: str = "report",
    receipt: str | None = None,
) -> Submission:
    """A report (``answers`` over ``VALID_ANSWERS``) or meeting request (over
    ``MEETING_ANSWERS``) received by the intake service, as from a source's browser.
    With ``receipt``, it opens with that codename instead of its random, unrecorded
    one: its receipt hash and the reply key derived from it are replaced."""
    from rapporteur.intake import sealing, services
    from rapporteur.intake.models import Kind
    from rapporteur.vault import crypto

    base = MEETING_ANSWERS if kind == Kind.MEETING else VALID_ANSWERS
    submission = services.receive(
        kind=Kind(kind), answers={**base, **(answers or {})}, language=language
    ).submission
    if receipt is not None:
        salt = crypto.new_salt()
        submission.receipt_hash = sealing.receipt_hash(receipt)
        submission.reply_key_salt = salt
        submission.reply_public_key = crypto.derive_source_keypair(
            codename=receipt, salt=salt, params=sealing.SOURCE_KEY_PARAMS
        ).public_key
        submission.save(update_fields=["receipt_hash", "reply_key_salt", "reply_public_key"])
    return submission


def client_in(language: str) -> Client:
    """A fresh browser whose language cookie says ``language`` (a source's choice)."""
    client = Client()
    client.cookies["django_language"] = language
    return client


def first_group(pattern: re.Pattern[str] | str, text: str) -> str:
    """The first group of ``pattern``'s first match in ``text``; AssertionError with
    the start of the text when it is not there."""
    match = re.search(pattern, text)
    if match is None:
        raise AssertionError(text[:3000])
    return match.group(1)


def form_token(client: Client, url: str) -> str:
    return first_group(_TOKEN, client.get(url).content.decode())


def puzzle(html: str) -> tuple[str, int]:
    """(challenge, bits) of the puzzle a form page carries (bits 0: none)."""
    found = _WORK.search(html)
    if found is None:
        raise AssertionError(html[:3000])
    return found.group(1), int(found.group(2))


def ticket_fields(html: str, *, work: bool = True) -> dict[str, str]:
    """The one-time token of a form that creates a submission, and the answer to its
    puzzle if it has one, found as the page's script would (``work=False``: as a
    browser without JavaScript, which sends no answer)."""
    token = _TOKEN.search(html)
    puzzle = _WORK.search(html)
    if token is None or puzzle is None:
        raise AssertionError(html[:3000])
    challenge, bits = puzzle.group(1), int(puzzle.group(2))
    return {"form_token": token.group(1), "proof": solve(challenge, bits) if bits and work else ""}


def submit(
    client: Client,
    *,
    files: list[Any] | None = None,
    url_name: str = "intake:submit",
    **answers: Any,
) -> TestResponse:
    """GET the form (for its one-time token, solving its puzzle if the desk is busy,
    as the page's script does), then POST it; returns the response."""
    url = reverse(url_name)
    base = MEETING_ANSWERS if url_name == "intake:meeting" else VALID_ANSWERS
    data = {**base, **answers, **ticket_fields(client.get(url).content.decode())}
    if files:
        data["attachments"] = files
    return client.post(url, data)


def submitted(*, files=None, **answers) -> Submission:
    """A report sent through the public form (``submit``, answers over
    ``VALID_ANSWERS``) by a fresh browser; returns the stored submission."""
    from rapporteur.intake.models import Submission

    receipt_in(submit(Client(), files=files, **answers))
    return Submission.objects.order_by("-id").first()  # type: ignore[return-value]


def receipt_in(response: TestResponse) -> str:
    match = _RECEIPT.search(response.content.decode())
    if match is None:
        raise AssertionError(response.content.decode()[:3000])
    return match.group(1)


def return_ticket(html: str) -> tuple[str, str, int]:
    """(ticket, challenge, puzzle bits) of a return form page."""
    work = _WORK.search(html)
    ticket = _TICKET.search(html)
    if work is None or ticket is None:
        raise AssertionError(html[:3000])
    return ticket.group(1), work.group(1), int(work.group(2))


def solve(challenge: str, bits: int) -> str:
    """The hashcash proof for a return form's puzzle, found as an attacker would."""
    prefix = hashlib.sha256(f"{challenge}:".encode("ascii"))
    whole, rest = divmod(bits, 8)
    zeros = bytes(whole)
    nonce = 0
    while True:
        attempt = prefix.copy()
        attempt.update(str(nonce).encode("ascii"))
        digest = attempt.digest()
        if digest[:whole] == zeros and (rest == 0 or digest[whole] >> (8 - rest) == 0):
            return str(nonce)
        nonce += 1


def return_with(client: Client, receipt: str, *, work: bool = True) -> TestResponse:
    """GET the return form (for its attempt ticket), solve its puzzle if any (as the
    page's script does; ``work=False``: as a browser without JavaScript), POST it."""
    url = reverse("intake:return")
    ticket, challenge, bits = return_ticket(client.get(url).content.decode())
    proof = solve(challenge, bits) if bits and work else ""
    return client.post(url, {"receipt": receipt, "ticket": ticket, "proof": proof})


def database_bytes() -> bytes:
    """Every byte of the test database: the SQLite image (free pages included) or a
    pg_dump. Use in ``transaction=True`` tests so PostgreSQL rows are committed."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        return bytes(connection.connection.serialize())
    settings = connection.settings_dict
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        raise RuntimeError("pg_dump is needed to scan a PostgreSQL database")
    env = {"PGPASSWORD": settings.get("PASSWORD") or ""}
    return subprocess.run(  # noqa: S603 - fixed arguments, our own database
        [
            pg_dump,
            "--no-owner",
            "-h",
            settings.get("HOST") or "127.0.0.1",
            "-p",
            str(settings.get("PORT") or 5432),
            "-U",
            settings.get("USER") or "postgres",
            settings["NAME"],
        ],
        check=True,
        capture_output=True,
        env=env,
    ).stdout


def url_samples(personas: dict) -> dict[str, int]:
    """URL arguments of the intake's staff pages ("pk", "file_id"), pointing at a real
    submission with one file, for tests that walk every URL. Makes the desk key
    (cheaply) for the rapporteur and the officer if it does not exist yet."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import override_settings

    from rapporteur.intake.models import Attachment
    from rapporteur.testing.personas import PASSWORD
    from rapporteur.vault import services
    from rapporteur.vault.crypto import FAST_PARAMS_FOR_TESTS
    from rapporteur.vault.selectors import is_initialised

    fast = {
        "VAULT_ARGON2_TIME_COST": FAST_PARAMS_FOR_TESTS.time_cost,
        "VAULT_ARGON2_MEMORY_KIB": FAST_PARAMS_FOR_TESTS.memory_cost_kib,
    }
    with override_settings(**fast):
        if not is_initialised():
            holders = [personas[name] for name in ("rapporteur", "officer")]
            services.initialise_desk(keyholders=[(user, PASSWORD) for user in holders])
    receipt_in(submit(Client(), files=[SimpleUploadedFile("sample.txt", b"sample")]))
    attachment = Attachment.objects.latest("id")
    return {"pk": attachment.submission_id, "file_id": attachment.pk}


def arrivals(count: int, *, hour: datetime | None = None, kind: str = "report") -> list[Submission]:
    """``count`` submissions recorded in ``hour`` (default: this hour), written
    directly, as a flood from elsewhere leaves them: the desk-wide rate the price
    and the inbox's alert are counted from. Each is sealed like a report sent with
    ``VALID_ANSWERS`` (one envelope for all: cheap). Needs the desk key (the
    ``desk`` fixture)."""
    import secrets

    from django.utils import timezone

    from rapporteur.intake.models import Submission
    from rapporteur.vault import sealing as vault_sealing
    from rapporteur.vault.selectors import current_desk_key

    hour = hour or timezone.now().replace(minute=0, second=0, microsecond=0)
    desk_key = current_desk_key()
    envelope = vault_sealing.seal_record(
        data={"kind": kind, "language": "en", "answers": VALID_ANSWERS}, desk_key=desk_key
    )
    return Submission.objects.bulk_create(
        Submission(
            kind=kind,
            received_at=hour,
            receipt_hash=secrets.token_hex(32),
            reply_key_salt=b"",
            reply_public_key=b"",
            desk_key=desk_key,
            envelope=envelope,
        )
        for _ in range(count)
    )
