"""New submissions are priced desk-wide like receipt guesses: the form's one-time
token is a submission ticket, free on a calm desk, paid with a puzzle (JavaScript)
or a wait counted from when the form was shown (without) once submissions arrive
faster than the threshold; a ticket of one purpose is refused for the other, and
spends once. No clock is waited on: time is moved by patching ``timezone.now``."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from rapporteur.intake import throttle
from rapporteur.intake.models import Submission, TicketPeriod
from rapporteur.testing.intake import (
    MEETING_ANSWERS,
    VALID_ANSWERS,
    arrivals,
    puzzle,
    receipt_in,
    return_ticket,
    submit,
    ticket_fields,
)

pytestmark = pytest.mark.django_db
SUBMISSION, RECEIPT = throttle.Purpose.SUBMISSION, throttle.Purpose.RECEIPT
SUBMIT, MEETING, RETURN = (reverse(f"intake:{n}") for n in ("submit", "meeting", "return"))
NOT_SENT = "Nothing has been sent yet"


class Clock:
    """``timezone.now`` moved by hand."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def move(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch):
    """Twenty minutes into an hour three hours ago, so the hours after it can be
    walked through."""
    hour = timezone.now().replace(minute=0, second=0, microsecond=0) - timedelta(hours=3)
    moved = Clock(hour + timedelta(minutes=20))
    monkeypatch.setattr(timezone, "now", moved)
    return moved


@pytest.fixture
def flood(settings, desk):
    """Submissions arriving at the threshold rate: the desk is priced at its first level."""
    settings.INTAKE_SUBMISSION_WORK_AFTER_PER_HOUR = 5
    settings.INTAKE_SUBMISSION_WAIT_SECONDS = 30

    def arrive(count: int = 5) -> None:
        arrivals(count, hour=timezone.now().replace(minute=0, second=0, microsecond=0))

    return arrive


def _this_hour() -> datetime:
    return timezone.now().replace(minute=0, second=0, microsecond=0)


def _post(client: Client, url: str, fields: dict, **extra):
    answers = MEETING_ANSWERS if url == MEETING else VALID_ANSWERS
    return client.post(url, {**answers, **fields, **extra})


def _nothing_kept(settings) -> None:
    store = [p for p in settings.INTAKE_FILE_STORE.rglob("*") if p.is_file()]
    ram = list(settings.INTAKE_RAM_DIR.iterdir())
    assert store == [] and ram == [], (store, ram)


# --- the price -----------------------------------------------------------------------


def test_the_price_rises_with_the_rate_of_submissions_and_falls_back(desk, settings, clock):
    settings.INTAKE_SUBMISSION_WORK_AFTER_PER_HOUR = 10
    settings.INTAKE_SUBMISSION_WAIT_SECONDS = 30
    hour = _this_hour()
    assert throttle.price_level(SUBMISSION) == 0
    calm = throttle.issue(SUBMISSION)
    assert (calm.work_bits, calm.wait_seconds) == (0, 0)
    arrived = 0
    for total, level in ((9, 0), (10, 1), (19, 1), (20, 2), (40, 3), (80, 4), (160, 5)):
        arrivals(total - arrived, hour=hour)
        arrived = total
        assert throttle.price_level(SUBMISSION) == level, total
        ticket = throttle.issue(SUBMISSION)
        if level:
            assert ticket.work_bits == throttle.MIN_WORK_BITS + level - 1
            assert ticket.wait_seconds == 30 * 2 ** (level - 1)
        else:
            assert (ticket.work_bits, ticket.wait_seconds) == (0, 0)
    # The next hour counts this one in proportion to what is left of the last sixty
    # minutes: 160 at its start, 40 three quarters in, under 10 at its end.
    for minutes, level in ((40, 5), (105, 3), (119, 0), (140, 0)):
        clock.now = hour + timedelta(minutes=minutes)
        assert throttle.price_level(SUBMISSION) == level, minutes
    assert (throttle.issue(SUBMISSION).work_bits, throttle.issue(SUBMISSION).wait_seconds) == (0, 0)


def test_the_price_stops_growing(desk, settings):
    settings.INTAKE_SUBMISSION_WORK_AFTER_PER_HOUR = 1
    arrivals(2**12)
    ticket = throttle.issue(SUBMISSION)
    assert ticket.work_bits == throttle.MAX_WORK_BITS
    assert ticket.wait_seconds <= throttle.MAX_WAIT.total_seconds()


def test_forms_fetched_in_bulk_take_places_in_an_hourly_schedule(desk, settings, clock):
    """Fetching many forms gives no more free tickets than the schedule holds: the
    rest mature in a later hour and carry a puzzle."""
    settings.INTAKE_SUBMISSION_TICKETS_PER_HOUR = 5
    tickets = [throttle.issue(SUBMISSION) for _ in range(8)]
    now = timezone.now()
    free = [t for t in tickets if t.matures_at <= now]
    assert len(free) == 5 and all(t.work_bits == 0 for t in free)
    later = [t for t in tickets if t.matures_at > now]
    assert all(t.matures_at >= _this_hour() + timedelta(hours=1) for t in later)
    assert all(t.work_bits >= throttle.MIN_WORK_BITS for t in later)
    # Hours, never minutes: the schedule dates no visit more finely than a submission.
    starts = TicketPeriod.objects.filter(purpose=SUBMISSION).values_list("start", flat=True)
    assert all(s.minute == 0 and s.second == 0 for s in starts)


@pytest.fixture
def no_blocks():
    """No places held by this process before or after (the test's rows roll back)."""
    throttle.forget_blocks()
    yield
    throttle.forget_blocks()


def _updates(queries) -> int:
    return sum(q["sql"].startswith("UPDATE") for q in queries.captured_queries)


def test_a_large_allowance_is_claimed_in_blocks_and_never_overdrawn(
    desk, settings, clock, no_blocks, monkeypatch
):
    """A desk that raised its allowance writes once per block of places, not once per
    form page; a block never takes the schedule past the allowance, and another
    process (a forked worker) or another hour never spends this process's block."""
    settings.INTAKE_SUBMISSION_TICKETS_PER_HOUR = 10_000  # blocks of 10
    throttle.issue(SUBMISSION)  # the hour's row is made, one place taken
    with CaptureQueriesContext(connection) as queries:
        tickets = [throttle.issue(SUBMISSION) for _ in range(24)]
    assert _updates(queries) == 3  # blocks of 10, 10 and 10
    assert all(t.matures_at <= timezone.now() and not t.work_bits for t in tickets)
    row = TicketPeriod.objects.get(purpose=SUBMISSION, start=_this_hour())
    assert row.maturing == 31  # 25 handed out, 6 held by this process

    monkeypatch.setattr(throttle.os, "getpid", lambda: -1)  # another process
    with CaptureQueriesContext(connection) as queries:
        throttle.issue(SUBMISSION)
    assert _updates(queries) == 1
    monkeypatch.undo()

    clock.move(hours=1)  # a new hour: its own row and its own blocks
    throttle.forget_blocks()
    TicketPeriod.objects.create(purpose=SUBMISSION, start=_this_hour(), maturing=9_995)
    tickets = [throttle.issue(SUBMISSION) for _ in range(6)]
    free = [t for t in tickets if t.matures_at <= timezone.now()]
    assert len(free) == 5  # no block of 10 fits in 5 places: one by one, then full
    assert tickets[-1].matures_at >= _this_hour() + timedelta(hours=1)
    assert TicketPeriod.objects.get(purpose=SUBMISSION, start=_this_hour()).maturing == 10_000


def test_a_small_allowance_is_never_claimed_in_blocks(desk, settings, no_blocks):
    """The default allowance (60 an hour) is taken place by place: a block's unused
    places would be a real share of it."""
    for _ in range(3):
        throttle.issue(SUBMISSION)
    assert TicketPeriod.objects.get(purpose=SUBMISSION, start=_this_hour()).maturing == 3


# --- a calm desk ---------------------------------------------------------------------


def test_a_calm_desk_asks_nothing_of_a_source_without_javascript(desk):
    client = Client()
    page = client.get(SUBMIT).content.decode()
    assert 'data-work-bits="0"' in page and "<script" not in page and 'id="work-note"' not in page
    response = _post(client, SUBMIT, ticket_fields(page, work=False))
    assert response.status_code == 200 and receipt_in(response)


# --- under a flood -------------------------------------------------------------------


@pytest.mark.parametrize("url", [SUBMIT, MEETING])
def test_under_a_flood_a_form_without_its_price_is_refused_and_nothing_is_kept(
    flood, settings, clock, url
):
    flood()
    before = Submission.objects.count()
    client = Client()
    page = client.get(url).content.decode()
    assert 'id="work-note"' in page and "send it no sooner than 30 seconds" in page
    assert "intake/work.js" in page
    fields = ticket_fields(page, work=False)
    files = {"attachments": [SimpleUploadedFile("a.txt", b"evidence")]} if url == SUBMIT else {}
    response = _post(client, url, fields, **files)
    text = response.content.decode()
    assert response.status_code == 429
    assert NOT_SENT in text and "Send it again in 30 seconds" in text
    assert Submission.objects.count() == before
    _nothing_kept(settings)
    # What was typed comes back, with the same ticket: the wait keeps counting down.
    assert "Dushanbe" in text or "Next week" in text
    assert ticket_fields(text, work=False)["form_token"] == fields["form_token"]
    # A wrong answer to the puzzle is refused too; the right one is accepted at once.
    wrong = {**fields, "proof": "12345"}
    challenge, bits = puzzle(page)
    assert not throttle.proof_holds(challenge=challenge, proof="12345", bits=bits)
    assert _post(client, url, wrong).status_code == 429
    paid = ticket_fields(page)
    assert receipt_in(_post(client, url, paid))
    assert Submission.objects.count() == before + 1


def test_without_javascript_the_wait_counts_from_when_the_form_was_shown(flood, clock):
    """A source who takes longer to write than the wait loses nothing."""
    flood()
    client = Client()
    page = client.get(SUBMIT).content.decode()
    fields = ticket_fields(page, work=False)
    clock.move(seconds=20)
    response = _post(client, SUBMIT, fields)
    assert (
        response.status_code == 429 and "Send it again in 10 seconds" in response.content.decode()
    )
    clock.move(seconds=10)
    assert receipt_in(_post(client, SUBMIT, fields))


def test_a_puzzle_answer_buys_one_submission(flood, settings):
    flood()
    client = Client()
    fields = ticket_fields(client.get(SUBMIT).content.decode())
    assert fields["proof"]
    assert receipt_in(_post(client, SUBMIT, fields))
    again = _post(client, SUBMIT, fields)
    assert "This form was already sent" in again.content.decode()
    assert Submission.objects.count() == 5 + 1


def test_an_answer_from_calmer_times_gets_a_new_puzzle(flood):
    """A puzzle solved at a price long since passed no longer counts, and the form
    comes back with a new puzzle at today's price (not the old one again)."""
    flood()
    client = Client()
    page = client.get(SUBMIT).content.decode()
    fields = ticket_fields(page)
    flood(5 * 2**4)  # the rate doubled four times: four bits more
    response = _post(client, SUBMIT, fields)
    assert response.status_code == 429
    new = response.content.decode()
    assert ticket_fields(new, work=False)["form_token"] != fields["form_token"]
    assert puzzle(new)[1] == throttle.MIN_WORK_BITS + 4
    assert receipt_in(_post(client, SUBMIT, ticket_fields(new)))


def test_a_ticket_kept_past_its_use_window_is_priced_again(flood, clock):
    """On a calm desk an old form is simply accepted; during a flood it is priced
    at today's rate, so forms hoarded in calm hours cannot be spent in a burst."""
    client = Client()
    old = ticket_fields(client.get(SUBMIT).content.decode(), work=False)
    older = ticket_fields(client.get(SUBMIT).content.decode(), work=False)
    clock.move(hours=2)
    assert receipt_in(_post(client, SUBMIT, old))
    flood()
    response = _post(client, SUBMIT, older)
    assert (
        response.status_code == 429 and "Send it again in 30 seconds" in response.content.decode()
    )
    renewed = ticket_fields(response.content.decode(), work=False)
    assert renewed["form_token"] != older["form_token"]
    clock.move(seconds=31)
    assert receipt_in(_post(client, SUBMIT, renewed))


# --- one purpose each ----------------------------------------------------------------


def test_a_receipt_ticket_is_refused_for_a_submission_and_the_other_way_round(desk):
    receipt = receipt_in(submit(Client()))
    receipt_ticket = return_ticket(Client().get(RETURN).content.decode())[0]
    submission_ticket = ticket_fields(Client().get(SUBMIT).content.decode())["form_token"]
    with pytest.raises(throttle.TicketRefused) as refused:
        throttle.check(SUBMISSION, token=receipt_ticket)
    assert refused.value.problem is throttle.TicketProblem.OTHER_PURPOSE
    with pytest.raises(throttle.TicketRefused) as refused:
        throttle.check(RECEIPT, token=submission_ticket)
    assert refused.value.problem is throttle.TicketProblem.OTHER_PURPOSE

    before = Submission.objects.count()
    response = _post(Client(), SUBMIT, {"form_token": receipt_ticket, "proof": ""})
    page = response.content.decode()
    assert NOT_SENT in page and "this form had expired" in page
    assert Submission.objects.count() == before
    # The form comes back with a ticket of its own purpose, which works.
    assert receipt_in(_post(Client(), SUBMIT, ticket_fields(page)))

    response = Client().post(RETURN, {"receipt": receipt, "ticket": submission_ticket})
    assert "Your receipt has not been checked yet" in response.content.decode()
    assert not TicketPeriod.objects.filter(purpose=RECEIPT, failures__gt=0).exists()


@pytest.mark.parametrize(
    "token",
    [
        "",
        "garbage",
        signing.dumps({"p": "submission", "c": "ab" * 16, "b": 0, "m": 0}, salt="another"),
        signing.dumps({"p": "submission", "c": "ab" * 16}, salt=throttle.SALT),
        signing.dumps({"p": "submission", "c": "../x", "b": 0, "m": 0}, salt=throttle.SALT),
    ],
)
def test_forged_form_tokens_store_nothing(desk, settings, token):
    response = _post(Client(), SUBMIT, {"form_token": token, "proof": ""})
    assert response.status_code == 200 and '<strong id="receipt">' not in response.content.decode()
    assert not Submission.objects.exists()
    _nothing_kept(settings)
