"""Pricing what anyone may do on the public side, desk-wide, without knowing who
does it, never sleeping: single-use signed *tickets* of two purposes.

- ``Purpose.RECEIPT``: every receipt attempt at ``/return/`` spends one attempt
  ticket, handed out with the return form; priced by the desk-wide rate of wrong
  receipts (a minute, averaged over ``RECENT_MINUTES``).
- ``Purpose.SUBMISSION``: every new submission (a report, a meeting request, an
  assessment) spends one; the ticket *is* the form's one-time token, handed out
  when the form page is shown, so its price is paid while the source writes,
  before anything is uploaded. Priced by the desk-wide rate of submissions
  accepted in the last hour, counted from the hour each submission already
  records (``submissions_last_hour``): no new time is stored.

A ticket names its purpose, so a receipt ticket cannot be spent on a submission,
nor the other way round. A ticket is usable from its *maturity*:

- on a calm desk a ticket matures at once: the form just works, with or without
  JavaScript, and costs nothing;
- tickets are rationed desk-wide through a shared schedule: at most so many mature
  in any period (a minute for receipts, ``INTAKE_RECEIPT_TICKETS_PER_MINUTE``; an
  hour for submissions, ``INTAKE_SUBMISSION_TICKETS_PER_HOUR``), each new one
  taking the next free place, so fetching many forms in parallel does not
  multiply what can be done without work;
- once the rate passes its threshold (``INTAKE_RECEIPT_WORK_AFTER_PER_MINUTE``,
  ``INTAKE_SUBMISSION_WORK_AFTER_PER_HOUR``) the desk is *priced*: a new ticket
  waits (``INTAKE_RECEIPT_WAIT_SECONDS``; ``INTAKE_SUBMISSION_WAIT_SECONDS``,
  doubling each time the rate doubles) and carries a hashcash puzzle, SHA-256 of
  ``challenge:nonce`` with that many leading zero bits, one bit more each time
  the rate doubles. A browser with JavaScript solves it while the source types
  (``static/intake/work.js``) and the ticket is usable at once; without
  JavaScript the source waits for the maturity time instead, counted from when
  the form was shown, so a source who takes longer to write waits nothing more;
- a solved puzzle from calmer times no longer counts once the price has risen by
  more than ``STALE_BITS``; a submission ticket not used within ``use_within``
  of its maturity is priced again when it is used (``renew_expired``), so forms
  hoarded in a calm hour cannot all be spent in a later burst.

Nothing here sleeps: a refusal is an immediate answer saying how long to wait.
The only state is per-period counts (``TicketPeriod``) and, for receipts, spent
ticket digests (``UsedReceiptTicket``); a submission ticket is spent by the
submission itself (``Submission.form_token_digest``, unique, in the transaction
that stores it). No address, browser detail or name is read or kept.
"""

from __future__ import annotations

import hashlib
import math
import os
import secrets
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import Enum, StrEnum

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Sum
from django.utils import timezone

from rapporteur.intake.models import Submission, TicketPeriod, UsedReceiptTicket

SALT = "rapporteur.intake.ticket"
MIN_WORK_BITS = 16  # about 65 000 hashes: a second or two in a browser
MAX_WORK_BITS = 24  # about 17 million: minutes in a browser; beyond, sources just wait
STALE_BITS = 2  # a puzzle this much easier than today's price still counts
MAX_WAIT = timedelta(hours=1)  # a single ticket's wait stops growing here
RECENT_MINUTES = 2  # the rate of wrong receipts is averaged over this many minutes
MAX_PROOF_LENGTH = 32
HOUR = timedelta(hours=1)
# Where a period's allowance is large (a desk that expects heavy traffic raised it),
# a process claims several places in one write and hands them out itself: a block is
# at most a thousandth of the allowance, so the places a process leaves unused when
# the period ends or the process stops cost the schedule next to nothing, and a busy
# desk stops queueing every form page behind a database write.
BLOCK_SHARE_OF_PERIOD = 1000
MOST_PLACES_PER_BLOCK = 16


class Purpose(StrEnum):
    RECEIPT = "receipt"
    SUBMISSION = "submission"


@dataclass(frozen=True)
class Policy:
    period: timedelta  # one place in the schedule
    per_period_setting: str  # tickets that may mature in one period, desk-wide
    wait_setting: str  # seconds a ticket waits without a puzzle, once the desk is priced
    use_within: timedelta  # after maturity
    wait_follows_price: bool  # the wait doubles with the rate (or only per session)
    renew_expired: bool  # an expired ticket is priced again instead of refused


POLICIES = {
    # A receipt is typed in seconds: a short use window, and a wait that only a
    # session's own wrong guesses double.
    Purpose.RECEIPT: Policy(
        period=timedelta(minutes=1),
        per_period_setting="INTAKE_RECEIPT_TICKETS_PER_MINUTE",
        wait_setting="INTAKE_RECEIPT_WAIT_SECONDS",
        use_within=timedelta(minutes=15),
        wait_follows_price=False,
        renew_expired=False,
    ),
    # An account takes a while to write, and files cannot be kept by a browser
    # without JavaScript: a ticket found too old is priced again rather than
    # refused. Hours, like a submission's own time, so the schedule dates no visit.
    Purpose.SUBMISSION: Policy(
        period=HOUR,
        per_period_setting="INTAKE_SUBMISSION_TICKETS_PER_HOUR",
        wait_setting="INTAKE_SUBMISSION_WAIT_SECONDS",
        use_within=HOUR,
        wait_follows_price=True,
        renew_expired=True,
    ),
}


class TicketProblem(Enum):
    FORGED = "forged"
    OTHER_PURPOSE = "other purpose"
    EXPIRED = "expired"
    IMMATURE = "immature"
    REUSED = "reused"


class TicketRefused(Exception):
    """Nothing was done with the attempt (the receipt was not checked, the
    submission not stored). ``ticket`` is the one the form should carry when shown
    again: the same one while it is still maturing (the wait keeps counting down),
    a new one when the old one was priced again; None when the caller must hand
    out a fresh one."""

    def __init__(self, problem: TicketProblem, ticket: Ticket | None = None) -> None:
        super().__init__(problem.value)
        self.problem = problem
        self.ticket = ticket

    @property
    def wait_seconds(self) -> int:
        return self.ticket.wait_seconds if self.ticket is not None else 0


@dataclass(frozen=True)
class Ticket:
    purpose: Purpose
    token: str  # what the form carries
    challenge: str
    work_bits: int  # 0: no puzzle
    matures_at: datetime

    @property
    def wait_seconds(self) -> int:
        return max(0, math.ceil((self.matures_at - timezone.now()).total_seconds()))


# --- the price -----------------------------------------------------------------------


def submissions_last_hour(now: datetime | None = None) -> float:
    """Submissions accepted desk-wide in the last sixty minutes, from the hours the
    submissions themselves record: all of this hour's, and the previous hour's in
    proportion to the part of it still inside the window."""
    now = now or timezone.now()
    hour = _period_start(now, HOUR)
    counts = dict(
        Submission.objects.filter(received_at__gte=hour - HOUR, received_at__lte=hour)
        .values_list("received_at")
        .annotate(n=Count("id"))
        .order_by()
    )
    elapsed = (now - hour) / HOUR
    return counts.get(hour, 0) + counts.get(hour - HOUR, 0) * (1 - elapsed)


def _wrong_receipts_per_minute(now: datetime) -> float:
    since = _period_start(now, POLICIES[Purpose.RECEIPT].period) - timedelta(
        minutes=RECENT_MINUTES - 1
    )
    recent = (
        TicketPeriod.objects.filter(
            purpose=Purpose.RECEIPT, start__gte=since, start__lte=now
        ).aggregate(total=Sum("failures"))["total"]
        or 0
    )
    return recent / RECENT_MINUTES


def price_level(purpose: Purpose, now: datetime | None = None) -> int:
    """0 on a calm desk; 1 from the threshold rate on, one more each time it doubles."""
    now = now or timezone.now()
    if purpose is Purpose.RECEIPT:
        rate = _wrong_receipts_per_minute(now)
        threshold = settings.INTAKE_RECEIPT_WORK_AFTER_PER_MINUTE
    else:
        rate = submissions_last_hour(now)
        threshold = settings.INTAKE_SUBMISSION_WORK_AFTER_PER_HOUR
    if rate < threshold:
        return 0
    return 1 + int(math.log2(rate / threshold))


def work_bits(purpose: Purpose, now: datetime | None = None) -> int:
    """The puzzle size the desk-wide rate calls for (0: none)."""
    level = price_level(purpose, now)
    return min(MAX_WORK_BITS, MIN_WORK_BITS + level - 1) if level else 0


def _price(purpose: Purpose, now: datetime, over_budget: int) -> tuple[int, timedelta]:
    """(puzzle bits, wait) of a new ticket; ``over_budget``: one session's wrong
    receipts beyond its budget, each doubling the wait and adding a bit."""
    policy = POLICIES[purpose]
    level = price_level(purpose, now)
    if not level and not over_budget:
        return 0, timedelta(0)
    doublings = over_budget + (level - 1 if policy.wait_follows_price and level else 0)
    bits = min(MAX_WORK_BITS, MIN_WORK_BITS + max(level - 1, 0) + over_budget)
    wait = timedelta(seconds=getattr(settings, policy.wait_setting)) * 2**doublings
    return bits, min(MAX_WAIT, wait)


# --- tickets -------------------------------------------------------------------------


def issue(purpose: Purpose, *, wrong_in_session: int = 0) -> Ticket:
    """A fresh ticket for one attempt or one submission, priced for the desk's load
    (and, for receipts, this session's wrong guesses)."""
    over_budget = 0
    if purpose is Purpose.RECEIPT:
        over_budget = max(0, wrong_in_session - settings.INTAKE_RECEIPT_SESSION_BUDGET)
    return _priced(purpose, challenge=secrets.token_hex(16), over_budget=over_budget)


def _priced(purpose: Purpose, *, challenge: str, over_budget: int = 0) -> Ticket:
    now = timezone.now()
    bits, wait = _price(purpose, now, over_budget)
    matures_at = _take_place(purpose, earliest=now + wait)
    if matures_at > now and not bits:
        # The schedule is full (many forms fetched): whoever can, pays with work.
        bits = MIN_WORK_BITS
    token = signing.dumps(
        {"p": str(purpose), "c": challenge, "b": bits, "m": int(matures_at.timestamp())},
        salt=SALT,
        compress=False,
    )
    return Ticket(
        purpose=purpose, token=token, challenge=challenge, work_bits=bits, matures_at=matures_at
    )


def _period_start(moment: datetime, period: timedelta) -> datetime:
    if period >= HOUR:
        return moment.replace(minute=0, second=0, microsecond=0)
    return moment.replace(second=0, microsecond=0)


@dataclass
class _Block:
    """Places of one period that this process claimed and has not handed out yet."""

    pid: int  # a forked child starts with its parent's block, which is not its own
    start: datetime
    left: int


_blocks: dict[Purpose, _Block] = {}
_blocks_lock = threading.Lock()


def _place_from_block(purpose: Purpose, start: datetime) -> bool:
    with _blocks_lock:
        block = _blocks.get(purpose)
        if block is None or block.pid != os.getpid() or block.start != start or not block.left:
            return False
        block.left -= 1
        return True


def _keep_block(purpose: Purpose, start: datetime, left: int) -> None:
    with _blocks_lock:
        _blocks[purpose] = _Block(pid=os.getpid(), start=start, left=left)


def forget_blocks() -> None:
    """Drop the places this process holds (tests that roll the schedule back)."""
    with _blocks_lock:
        _blocks.clear()


def _claim(purpose: Purpose, start: datetime, per_period: int, places: int) -> bool:
    """``places`` places of the period at ``start`` taken by one conditional UPDATE,
    or none if fewer are free (or the period has no row yet)."""
    return bool(
        TicketPeriod.objects.filter(
            purpose=purpose, start=start, maturing__lte=per_period - places
        ).update(maturing=F("maturing") + places)
    )


def _take_place(purpose: Purpose, *, earliest: datetime) -> datetime:
    """The first moment from ``earliest`` in a period with a free place, taken.

    A place is claimed by a conditional UPDATE, so two processes racing for the
    last place of a period cannot both get it; the loser moves on. On a calm desk a
    form page costs that one UPDATE in the period already open, or, where the
    allowance is large, one in a block of places (``BLOCK_SHARE_OF_PERIOD``); a new
    period (and with it the forgetting of passed minutes) takes the longer way.
    """
    policy = POLICIES[purpose]
    per_period = getattr(settings, policy.per_period_setting)
    start = _period_start(earliest, policy.period)
    block = min(MOST_PLACES_PER_BLOCK, per_period // BLOCK_SHARE_OF_PERIOD)
    if block > 1:
        if _place_from_block(purpose, start):
            return max(earliest, start)
        if _claim(purpose, start, per_period, block):
            _keep_block(purpose, start, block - 1)
            return max(earliest, start)
    if _claim(purpose, start, per_period, 1):
        return max(earliest, start)
    rows = TicketPeriod.objects.filter(purpose=purpose)
    while True:
        full = set(
            rows.filter(start__gte=start, maturing__gte=per_period)
            .order_by("start")
            .values_list("start", flat=True)[:100_000]
        )
        while start in full:
            start += policy.period
        _forget_passed_minutes(purpose)
        TicketPeriod.objects.get_or_create(purpose=purpose, start=start)
        if _claim(purpose, start, per_period, 1):
            return max(earliest, start)


def proof_holds(*, challenge: str, proof: str, bits: int) -> bool:
    """True if SHA-256("challenge:proof") starts with ``bits`` zero bits."""
    if not proof or len(proof) > MAX_PROOF_LENGTH or not proof.isascii() or not proof.isdigit():
        return False
    digest = hashlib.sha256(f"{challenge}:{proof}".encode("ascii")).digest()
    return int.from_bytes(digest, "big") >> (256 - bits) == 0


def opened(purpose: Purpose, token: str) -> Ticket:
    """The ticket a form carries, signature and purpose checked (nothing else)."""
    try:
        data = signing.loads(token, salt=SALT)
        kind, challenge = str(data["p"]), str(data["c"])
        bits, matures = int(data["b"]), int(data["m"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise TicketRefused(TicketProblem.FORGED) from None
    if kind != purpose:
        raise TicketRefused(TicketProblem.OTHER_PURPOSE)
    if not challenge.isascii() or not challenge.isalnum():
        raise TicketRefused(TicketProblem.FORGED)
    return Ticket(
        purpose=purpose,
        token=token,
        challenge=challenge,
        work_bits=bits,
        matures_at=datetime.fromtimestamp(matures, tz=UTC),
    )


def check(purpose: Purpose, *, token: str, proof: str = "") -> Ticket:
    """The ticket, if it may be spent now; else TicketRefused. Spends nothing.

    A ticket counts from its maturity, or at once with a solved puzzle that is not
    stale. A submission ticket past its use window is priced again (same challenge,
    so single use still holds): on a calm desk it counts at once.
    """
    ticket = opened(purpose, token)
    policy = POLICIES[purpose]
    now = timezone.now()
    if now > ticket.matures_at + policy.use_within:
        if not policy.renew_expired:
            raise TicketRefused(TicketProblem.EXPIRED)
        ticket = _priced(purpose, challenge=ticket.challenge)
    if now >= ticket.matures_at or _worked(ticket, proof, now):
        return ticket
    if proof and ticket.token == token:
        # A browser with JavaScript solved a puzzle that no longer counts: a new
        # one at today's price, rather than the same one again.
        raise TicketRefused(TicketProblem.IMMATURE, _priced(purpose, challenge=ticket.challenge))
    raise TicketRefused(TicketProblem.IMMATURE, ticket)


def _worked(ticket: Ticket, proof: str, now: datetime) -> bool:
    return (
        ticket.work_bits > 0
        and ticket.work_bits >= work_bits(ticket.purpose, now) - STALE_BITS
        and proof_holds(challenge=ticket.challenge, proof=proof, bits=ticket.work_bits)
    )


def challenge_digest(challenge: str) -> str:
    """What is kept of a spent ticket: enough to refuse it again, nothing more."""
    return hashlib.sha256(challenge.encode("ascii")).hexdigest()


def redeem(*, token: str, proof: str = "") -> None:
    """Spend a receipt ticket on one attempt, or raise TicketRefused (nothing spent
    then). It is spent for good, in every process, by storing its digest."""
    ticket = check(Purpose.RECEIPT, token=token, proof=proof)
    # Kept to the next full hour after the ticket's own expiry: late enough to
    # refuse it again while it could be used, and no date finer than the hour (a
    # ticket matures when its form is shown: its exact expiry would date a visit).
    expires_at = _next_hour(ticket.matures_at + POLICIES[Purpose.RECEIPT].use_within)
    try:
        with transaction.atomic():
            UsedReceiptTicket.objects.create(
                digest=challenge_digest(ticket.challenge), expires_at=expires_at
            )
    except IntegrityError:
        raise TicketRefused(TicketProblem.REUSED) from None


def note_failure() -> None:
    """Count one wrong receipt in this minute's desk-wide row."""
    rows = TicketPeriod.objects.filter(purpose=Purpose.RECEIPT)
    start = _period_start(timezone.now(), POLICIES[Purpose.RECEIPT].period)
    _forget_passed_minutes(Purpose.RECEIPT)
    TicketPeriod.objects.get_or_create(purpose=Purpose.RECEIPT, start=start)
    rows.filter(start=start).update(failures=F("failures") + 1)


def _next_hour(moment: datetime) -> datetime:
    hour = _period_start(moment, HOUR)
    return hour if hour == moment else hour + HOUR


def _forget_passed_minutes(purpose: Purpose) -> int:
    """Delete the per-minute rows no price reads any more (older than the recent
    window): a row that outlives its use would date a visit to its minute."""
    policy = POLICIES[purpose]
    if policy.period >= HOUR:
        return 0
    now = timezone.now()
    oldest_read = _period_start(now, policy.period) - policy.period * (RECENT_MINUTES - 1)
    deleted, _ = TicketPeriod.objects.filter(purpose=purpose, start__lt=oldest_read).delete()
    return deleted


def purge() -> int:
    """Forget spent tickets that have expired anyway, per-minute counts past their
    use, and hourly counts older than a day."""
    now = timezone.now()
    tickets, _ = UsedReceiptTicket.objects.filter(expires_at__lt=now).delete()
    minutes = sum(_forget_passed_minutes(purpose) for purpose in Purpose)
    periods, _ = TicketPeriod.objects.filter(start__lt=now - timedelta(days=1)).delete()
    return tickets + minutes + periods
