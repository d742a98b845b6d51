"""Rationing receipt guesses desk-wide, without knowing who guesses, never sleeping.

Every receipt attempt spends one single-use *attempt ticket*, handed out with the
return form (signed with the site key; its digest is stored once spent, so single
use holds across every server process). A ticket is usable from its *maturity*:

- on a quiet desk a ticket matures at once, so the form just works, with or
  without JavaScript;
- tickets that need no work are rationed desk-wide through a shared schedule:
  at most ``INTAKE_RECEIPT_TICKETS_PER_MINUTE`` mature in any minute, each new one
  taking the next free place, so fetching many forms in parallel does not multiply
  guesses;
- once more than ``INTAKE_RECEIPT_WORK_AFTER_PER_MINUTE`` wrong receipts a minute
  are tried desk-wide (or the schedule is full, or this session has guessed wrong
  more than ``INTAKE_RECEIPT_SESSION_BUDGET`` times), a new ticket also waits at
  least ``INTAKE_RECEIPT_WAIT_SECONDS`` (doubling per wrong guess past the
  session's budget) and carries a hashcash puzzle: SHA-256 of ``id:nonce`` with
  that many leading zero bits. A browser with JavaScript solves it while the
  source types (``static/intake/receipt-work.js``) and the ticket is usable at
  once; without JavaScript the source waits for the maturity time instead;
- the puzzle's size follows the desk-wide rate of wrong receipts (one more bit
  each time the rate doubles), so a guesser with more computing power raises
  the price of its own guesses, and a solved puzzle from calmer times no longer
  counts once the price has risen by more than ``STALE_BITS``.

Nothing here ever refuses a correct receipt because of what others did: a valid
ticket lets its receipt be checked, and a correct receipt opens. Nothing here
sleeps: a refusal is an immediate answer saying how long to wait. The only state
is per-minute counts (``ReceiptMinute``) and spent ticket digests; no address,
browser detail or name is read or kept.
"""

from __future__ import annotations

import hashlib
import math
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import Enum

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

from rapporteur.intake.models import ReceiptMinute, UsedReceiptTicket

SALT = "rapporteur.intake.receipt-ticket"
MIN_WORK_BITS = 16  # about 65 000 hashes: a second or two in a browser
MAX_WORK_BITS = 24  # beyond this, sources without a fast browser just wait
STALE_BITS = 2  # a puzzle this much easier than today's price still counts
USE_WITHIN = timedelta(minutes=15)  # after maturity: time to type the receipt
MAX_WAIT = timedelta(hours=1)  # the doubling wait of one session stops growing here
RECENT_MINUTES = 2  # the desk-wide failure rate is averaged over this many minutes
MAX_PROOF_LENGTH = 32


class TicketProblem(Enum):
    FORGED = "forged"
    EXPIRED = "expired"
    IMMATURE = "immature"
    REUSED = "reused"


class TicketRefused(Exception):
    """The attempt was not checked; the receipt may well be right."""

    def __init__(self, problem: TicketProblem, wait_seconds: int = 0) -> None:
        super().__init__(problem.value)
        self.problem = problem
        self.wait_seconds = wait_seconds


@dataclass(frozen=True)
class Ticket:
    token: str  # what the form carries
    challenge: str
    work_bits: int  # 0: no puzzle
    matures_at: datetime

    @property
    def wait_seconds(self) -> int:
        return max(0, math.ceil((self.matures_at - timezone.now()).total_seconds()))


def _minute(moment: datetime) -> datetime:
    return moment.replace(second=0, microsecond=0)


def desk_work_bits(now: datetime | None = None) -> int:
    """The puzzle size that the desk-wide rate of wrong receipts calls for (0: none)."""
    now = now or timezone.now()
    since = _minute(now) - timedelta(minutes=RECENT_MINUTES - 1)
    recent = (
        ReceiptMinute.objects.filter(minute__gte=since, minute__lte=now).aggregate(
            total=Sum("failures")
        )["total"]
        or 0
    )
    per_minute = recent / RECENT_MINUTES
    threshold = settings.INTAKE_RECEIPT_WORK_AFTER_PER_MINUTE
    if per_minute < threshold:
        return 0
    return min(MAX_WORK_BITS, MIN_WORK_BITS + int(math.log2(per_minute / threshold)))


def issue(*, wrong_in_session: int = 0) -> Ticket:
    """A fresh ticket for one attempt, priced for the desk's load and this session."""
    now = timezone.now()
    bits = desk_work_bits(now)
    over_budget = max(0, wrong_in_session - settings.INTAKE_RECEIPT_SESSION_BUDGET)
    wait = timedelta(0)
    if bits or over_budget:
        bits = min(MAX_WORK_BITS, max(bits, MIN_WORK_BITS) + over_budget)
        wait = min(
            MAX_WAIT, timedelta(seconds=settings.INTAKE_RECEIPT_WAIT_SECONDS) * 2**over_budget
        )
    matures_at = _take_slot(earliest=now + wait)
    if matures_at > now and not bits:
        # The schedule is full (many forms fetched): whoever can, pays with work.
        bits = MIN_WORK_BITS
    challenge = secrets.token_hex(16)
    token = signing.dumps(
        {"c": challenge, "b": bits, "m": int(matures_at.timestamp())}, salt=SALT, compress=False
    )
    return Ticket(token=token, challenge=challenge, work_bits=bits, matures_at=matures_at)


def _take_slot(*, earliest: datetime) -> datetime:
    """The first moment from ``earliest`` in a minute with a free place, taken.

    The place is claimed by a conditional UPDATE, so two processes racing for the
    last place of a minute cannot both get it; the loser moves on.
    """
    per_minute = settings.INTAKE_RECEIPT_TICKETS_PER_MINUTE
    minute = _minute(earliest)
    while True:
        full = set(
            ReceiptMinute.objects.filter(minute__gte=minute, maturing__gte=per_minute)
            .order_by("minute")
            .values_list("minute", flat=True)[:100_000]
        )
        while minute in full:
            minute += timedelta(minutes=1)
        ReceiptMinute.objects.get_or_create(minute=minute)
        taken = ReceiptMinute.objects.filter(minute=minute, maturing__lt=per_minute).update(
            maturing=F("maturing") + 1
        )
        if taken:
            return max(earliest, minute)


def proof_holds(*, challenge: str, proof: str, bits: int) -> bool:
    """True if SHA-256("challenge:proof") starts with ``bits`` zero bits."""
    if not proof or len(proof) > MAX_PROOF_LENGTH or not proof.isascii() or not proof.isdigit():
        return False
    digest = hashlib.sha256(f"{challenge}:{proof}".encode("ascii")).digest()
    return int.from_bytes(digest, "big") >> (256 - bits) == 0


def _opened(token: str) -> Ticket:
    try:
        data = signing.loads(token, salt=SALT)
        challenge, bits, matures = str(data["c"]), int(data["b"]), int(data["m"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise TicketRefused(TicketProblem.FORGED) from None
    matures_at = datetime.fromtimestamp(matures, tz=UTC)
    return Ticket(token=token, challenge=challenge, work_bits=bits, matures_at=matures_at)


def still_waiting(token: str) -> Ticket:
    """The same ticket again, for a form sent before its ticket matured: the source's
    wait keeps counting down instead of starting over with a new ticket."""
    return _opened(token)


def redeem(*, token: str, proof: str = "") -> None:
    """Spend a ticket on one attempt, or raise TicketRefused (nothing spent then).

    A ticket counts from its maturity, or at once with a solved puzzle that is not
    stale; it is spent for good, in every process, by storing its digest.
    """
    ticket = _opened(token)
    challenge, bits, matures_at = ticket.challenge, ticket.work_bits, ticket.matures_at
    now = timezone.now()
    expires_at = matures_at + USE_WITHIN
    if now > expires_at:
        raise TicketRefused(TicketProblem.EXPIRED)
    if now < matures_at:
        worked = (
            bits > 0
            and bits >= desk_work_bits(now) - STALE_BITS
            and proof_holds(challenge=challenge, proof=proof, bits=bits)
        )
        if not worked:
            wait = math.ceil((matures_at - now).total_seconds())
            raise TicketRefused(TicketProblem.IMMATURE, wait_seconds=wait)
    digest = hashlib.sha256(challenge.encode("ascii")).hexdigest()
    try:
        with transaction.atomic():
            UsedReceiptTicket.objects.create(digest=digest, expires_at=expires_at)
    except IntegrityError:
        raise TicketRefused(TicketProblem.REUSED) from None


def note_failure() -> None:
    """Count one wrong receipt in this minute's desk-wide row."""
    minute = _minute(timezone.now())
    ReceiptMinute.objects.get_or_create(minute=minute)
    ReceiptMinute.objects.filter(minute=minute).update(failures=F("failures") + 1)


def purge() -> int:
    """Forget spent tickets that have expired anyway, and counts older than a day."""
    now = timezone.now()
    tickets, _ = UsedReceiptTicket.objects.filter(expires_at__lt=now).delete()
    minutes, _ = ReceiptMinute.objects.filter(minute__lt=now - timedelta(days=1)).delete()
    return tickets + minutes
