"""Receipt attempts: single-use signed tickets, a desk-wide price for guessing kept
in the database, and never a refusal of the right receipt because of others."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from rapporteur.intake import throttle
from rapporteur.intake.models import TicketPeriod, UsedReceiptTicket
from rapporteur.testing.intake import receipt_in, return_ticket, return_with, solve, submit

pytestmark = pytest.mark.django_db
RECEIPT = throttle.Purpose.RECEIPT
RETURN = reverse("intake:return")
WRONG = "wrong words " * 4
NOT_CHECKED = "Your receipt has not been checked yet"


def _ticket(*, bits: int = 0, matures_in: float = 0.0, challenge: str = "ab" * 16) -> str:
    """A ticket signed with the site's key, as the server would issue it."""
    matures = int((timezone.now() + timedelta(seconds=matures_in)).timestamp())
    return signing.dumps(
        {"p": "receipt", "c": challenge, "b": bits, "m": matures}, salt=throttle.SALT
    )


def _failures() -> int:
    return sum(TicketPeriod.objects.values_list("failures", flat=True))


def _flood(count: int) -> None:
    """Wrong receipts from elsewhere, counted desk-wide as the service counts them."""
    for _ in range(count):
        throttle.note_failure()


def _post(client: Client, receipt: str, ticket: str, proof: str = ""):
    return client.post(RETURN, {"receipt": receipt, "ticket": ticket, "proof": proof})


# --- tickets -----------------------------------------------------------------------


def test_quiet_desk_needs_no_work_and_no_wait(desk):
    receipt = receipt_in(submit(Client()))
    html = Client().get(RETURN).content.decode()
    _ticket_token, _challenge, bits = return_ticket(html)
    assert bits == 0 and "<script" not in html
    assert return_with(Client(), receipt, work=False).status_code == 302


@pytest.mark.parametrize(
    "token",
    [
        "",
        "garbage",
        signing.dumps({"c": "ab" * 16, "b": 0, "m": 0}, salt="another purpose"),
        signing.dumps({"p": "receipt", "c": "ab" * 16}, salt=throttle.SALT),  # fields missing
        signing.dumps({"p": "receipt", "c": "ab" * 16, "b": "x", "m": 0}, salt=throttle.SALT),
        # A ticket of the submission form: another purpose.
        signing.dumps({"p": "submission", "c": "ab" * 16, "b": 0, "m": 0}, salt=throttle.SALT),
        signing.dumps({"c": "ab" * 16, "b": 0, "m": 0}, salt=throttle.SALT),  # no purpose
    ],
)
def test_forged_tickets_are_refused_and_the_receipt_is_not_checked(desk, token):
    receipt = receipt_in(submit(Client()))
    for guess in (receipt, WRONG):
        response = _post(Client(), guess, token)
        assert response.status_code == 200 and NOT_CHECKED in response.content.decode()
    assert _failures() == 0


def test_tampered_ticket_is_refused(desk):
    receipt = receipt_in(submit(Client()))
    token = _ticket(matures_in=3600)
    value, rest = token.split(":", 1)
    # Claim an earlier maturity under the original signature.
    forged = signing.dumps(
        {"p": "receipt", "c": "ab" * 16, "b": 0, "m": 0}, salt=throttle.SALT
    ).split(":", 1)[0]
    response = _post(Client(), receipt, f"{forged}:{rest}")
    assert NOT_CHECKED in response.content.decode()
    assert value != forged


def test_a_ticket_checks_one_attempt_only(desk):
    receipt = receipt_in(submit(Client()))
    token = _ticket()
    assert "This receipt is not known" in _post(Client(), WRONG, token).content.decode()
    response = _post(Client(), receipt, token)
    assert response.status_code == 200 and NOT_CHECKED in response.content.decode()
    assert UsedReceiptTicket.objects.count() == 1 and _failures() == 1


def test_expired_ticket_is_refused(desk):
    receipt = receipt_in(submit(Client()))
    stale = -(throttle.POLICIES[RECEIPT].use_within.total_seconds() + 5)
    response = _post(Client(), receipt, _ticket(matures_in=stale))
    assert NOT_CHECKED in response.content.decode()
    assert "expired" in response.content.decode()


def test_immature_ticket_says_how_long_to_wait_and_keeps_the_receipt(desk):
    receipt = receipt_in(submit(Client()))
    token = _ticket(bits=16, matures_in=40)
    response = _post(Client(), receipt, token)
    page = response.content.decode()
    assert NOT_CHECKED in page and "Send it again in 40 seconds" in page
    assert f'value="{receipt}"' in page  # send again: nothing to retype
    # The same ticket comes back, so the wait counts down rather than starting over.
    assert return_ticket(page)[0] == token
    assert UsedReceiptTicket.objects.count() == 0  # the ticket was not spent


def test_wrong_proof_is_refused_and_the_right_proof_lets_in_at_once(desk):
    receipt = receipt_in(submit(Client()))
    challenge = "cd" * 16
    token = _ticket(bits=12, matures_in=600, challenge=challenge)
    proof = solve(challenge, 12)
    for bad in ("", "0x12", str(int(proof) + 1) if proof != "0" else "1", "١٢٣", "9" * 40):
        if throttle.proof_holds(challenge=challenge, proof=bad, bits=12):
            continue
        assert NOT_CHECKED in _post(Client(), receipt, token, bad).content.decode()
    assert _post(Client(), receipt, token, proof).status_code == 302


def test_proof_from_calmer_times_no_longer_counts(desk, settings):
    settings.INTAKE_RECEIPT_WORK_AFTER_PER_MINUTE = 1
    receipt = receipt_in(submit(Client()))
    challenge = "ef" * 16
    token = _ticket(bits=throttle.MIN_WORK_BITS - 4, matures_in=600, challenge=challenge)
    proof = solve(challenge, throttle.MIN_WORK_BITS - 4)
    _flood(20)
    assert throttle.work_bits(RECEIPT) >= throttle.MIN_WORK_BITS
    assert NOT_CHECKED in _post(Client(), receipt, token, proof).content.decode()


# --- the promise: the right receipt is never refused because of others -------------


def test_right_receipt_opens_at_once_after_a_flood_of_wrong_guesses(desk, settings):
    """Fails on the old per-process throttle, which refused every receipt for 60 s."""
    settings.INTAKE_RECEIPT_WORK_AFTER_PER_MINUTE = 3
    receipt = receipt_in(submit(Client()))
    attacker = Client()
    for _ in range(4):
        response = return_with(attacker, WRONG)
        assert "This receipt is not known" in response.content.decode()
    _flood(20)  # and many more from other clients
    assert throttle.work_bits(RECEIPT) >= throttle.MIN_WORK_BITS
    source = Client()
    started = time.monotonic()
    response = return_with(source, receipt)  # with JavaScript: the puzzle is solved
    assert response.status_code == 302 and response.url == reverse("intake:conversation")
    assert time.monotonic() - started < 30


def test_without_javascript_the_source_is_told_to_wait_then_let_in(desk, settings):
    settings.INTAKE_RECEIPT_WORK_AFTER_PER_MINUTE = 3
    receipt = receipt_in(submit(Client()))
    _flood(20)
    source = Client()
    page = source.get(RETURN).content.decode()
    token, _challenge, bits = return_ticket(page)
    assert bits >= throttle.MIN_WORK_BITS
    assert "send the form again after" in page and "intake/work.js" in page
    response = _post(source, receipt, token)
    assert (
        NOT_CHECKED in response.content.decode() and "Send it again in" in response.content.decode()
    )
    # The same ticket, once mature (as if the source waited), opens the receipt.
    payload = signing.loads(token, salt=throttle.SALT)
    matured = signing.dumps({**payload, "m": int(time.time())}, salt=throttle.SALT)
    assert _post(source, receipt, matured).status_code == 302


def test_throttled_answers_come_at_once_and_nothing_sleeps(desk, settings, monkeypatch):
    def no_sleep(seconds: float) -> None:
        raise AssertionError("a request slept")

    monkeypatch.setattr(time, "sleep", no_sleep)
    settings.INTAKE_RECEIPT_WORK_AFTER_PER_MINUTE = 1
    _flood(50)
    client = Client()
    for _ in range(5):
        token, _challenge, _bits = return_ticket(client.get(RETURN).content.decode())
        started = time.monotonic()
        response = _post(client, WRONG, token)
        assert time.monotonic() - started < 1
        assert "Send it again in" in response.content.decode()


# --- rationing ----------------------------------------------------------------------


def test_tickets_without_work_are_rationed_desk_wide(desk, settings):
    settings.INTAKE_RECEIPT_TICKETS_PER_MINUTE = 5
    tickets = [throttle.issue(RECEIPT) for _ in range(12)]
    now = timezone.now()
    immediate = [t for t in tickets if t.matures_at <= now]
    later = [t for t in tickets if t.matures_at > now]
    assert len(immediate) <= 5 and all(t.work_bits == 0 for t in immediate)
    # The rest wait for later minutes, at most 5 maturing in any minute, or pay with work.
    assert all(t.work_bits >= throttle.MIN_WORK_BITS for t in later)
    per_minute: dict = {}
    for t in tickets:
        minute = t.matures_at.replace(second=0, microsecond=0)
        per_minute[minute] = per_minute.get(minute, 0) + 1
    assert max(per_minute.values()) <= 5


def test_the_price_rises_with_the_desk_wide_rate_of_wrong_receipts(desk, settings):
    settings.INTAKE_RECEIPT_WORK_AFTER_PER_MINUTE = 10
    assert throttle.work_bits(RECEIPT) == 0
    _flood(20)  # 10 a minute over the last two minutes
    first = throttle.work_bits(RECEIPT)
    _flood(60)  # 40 a minute: the rate doubled twice
    assert first == throttle.MIN_WORK_BITS and throttle.work_bits(RECEIPT) == first + 2


def test_a_session_past_its_budget_pays_double_each_time(desk, settings):
    settings.INTAKE_RECEIPT_SESSION_BUDGET = 2
    client = Client()
    for _ in range(2):
        return_with(client, WRONG)
    assert return_ticket(client.get(RETURN).content.decode())[2] == 0  # within the budget
    return_with(client, WRONG)
    token, _challenge, bits = return_ticket(client.get(RETURN).content.decode())
    assert bits == throttle.MIN_WORK_BITS + 1
    wait = int(signing.loads(token, salt=throttle.SALT)["m"]) - time.time()
    assert wait > settings.INTAKE_RECEIPT_WAIT_SECONDS * 2 - 5
    # Another visitor is not affected by this session's guesses.
    assert return_ticket(Client().get(RETURN).content.decode())[2] == 0


def test_purge_forgets_spent_tickets_and_old_counts(desk):
    UsedReceiptTicket.objects.create(digest="a" * 64, expires_at=timezone.now() - timedelta(1))
    UsedReceiptTicket.objects.create(digest="b" * 64, expires_at=timezone.now() + timedelta(1))
    TicketPeriod.objects.create(
        purpose=RECEIPT, start=timezone.now() - timedelta(days=2), failures=3
    )
    throttle.purge()
    assert list(UsedReceiptTicket.objects.values_list("digest", flat=True)) == ["b" * 64]
    assert not TicketPeriod.objects.exists()


def test_a_new_minute_forgets_minutes_no_price_reads_any_more(desk, monkeypatch):
    """Each minute's first ticket takes the long way (its row is new), which deletes
    per-minute rows past the recent window: the quick way in an open minute must not
    let them outlive their use, where they would date a visit to its minute."""
    minute = timezone.now().replace(second=0, microsecond=0)
    monkeypatch.setattr(timezone, "now", lambda: minute + timedelta(seconds=10))
    old = TicketPeriod.objects.create(purpose=RECEIPT, start=minute - timedelta(hours=1))
    throttle.issue(RECEIPT)  # the minute's row is made, the old one deleted
    assert not TicketPeriod.objects.filter(pk=old.pk).exists()
    throttle.issue(RECEIPT)  # the quick way: the same row, one more place taken
    assert list(TicketPeriod.objects.values_list("start", "maturing")) == [(minute, 2)]
