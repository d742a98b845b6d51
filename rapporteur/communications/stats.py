"""Reply statistics per State and period, over plain records.

Definitions (also in docs/communications-core.md):

- *sent*: communications sent (awaiting a reply, replied or published: a published
  letter was sent) whose sent date falls in the period, both ends included.
- *pending*: sent, no reply yet, and the reply window still open on ``as_of``.
  They are left out of every share: counting them as unanswered would make a State
  look worse for letters it still has time to answer.
- *settled* = sent - pending: the denominator of every share.
- *replied*: at least one reply received on or before ``as_of``.
- *in time*: the first reply came within the window (on the due date counts); a
  letter whose first reply came later counts as replied, not in time.
- *substantive*: at least one reply assessed as substantive.
- *median days to first reply*: over replied communications; ``None`` when none.

A share is ``None`` when nothing is settled, never 0: "no data" is not "no reply".

The desk shows these figures from one selector, ``selectors.reply_figures`` (the
dashboard's line and the statistics page alike); this module is the reference it
must equal.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from rapporteur.communications.deadlines import (
    REPLY_WINDOW_DAYS,
    Timeliness,
    reply_due_date,
    reply_timeliness,
)


class Assessment(StrEnum):
    ACKNOWLEDGEMENT = "acknowledgement"
    PARTIAL = "partial"
    SUBSTANTIVE = "substantive"


@dataclass(frozen=True, slots=True)
class ReplyRecord:
    received_on: date
    assessment: Assessment


@dataclass(frozen=True, slots=True)
class CommunicationRecord:
    addressee_code: str
    sent_on: date
    replies: Sequence[ReplyRecord] = ()
    window_days: int = REPLY_WINDOW_DAYS


@dataclass(frozen=True, slots=True)
class ReplyStats:
    sent: int
    pending: int
    replied: int
    in_time: int
    substantive: int
    median_days_to_first_reply: float | None

    @property
    def settled(self) -> int:
        return self.sent - self.pending

    @property
    def share_replied(self) -> float | None:
        return self._share(self.replied)

    @property
    def share_in_time(self) -> float | None:
        return self._share(self.in_time)

    @property
    def share_substantive(self) -> float | None:
        return self._share(self.substantive)

    @property
    def overdue(self) -> int:
        """Settled and never replied to: the window closed with no reply."""
        return self.settled - self.replied

    @property
    def late(self) -> int:
        """Replied to, but the first reply came after the window closed."""
        return self.replied - self.in_time

    @property
    def percent_replied(self) -> int | None:
        return _percent(self.share_replied)

    @property
    def percent_in_time(self) -> int | None:
        """The share as the whole percent every page shows (one rounding rule)."""
        return _percent(self.share_in_time)

    @property
    def percent_substantive(self) -> int | None:
        return _percent(self.share_substantive)

    @property
    def median_days_shown(self) -> str | None:
        """The median as every page writes it: 50, 50.5 (never 50.0)."""
        median = self.median_days_to_first_reply
        return None if median is None else f"{median:g}"

    def _share(self, count: int) -> float | None:
        return count / self.settled if self.settled else None


def _percent(share: float | None) -> int | None:
    return None if share is None else round(share * 100)


def reply_statistics(
    *, records: Iterable[CommunicationRecord], start: date, end: date, as_of: date
) -> ReplyStats:
    """Statistics over every record sent between ``start`` and ``end``."""
    if end < start:
        raise ValueError(f"The period ends ({end}) before it starts ({start}).")
    in_period = [r for r in records if start <= r.sent_on <= end]
    first_replies = [_first_reply(record=r, as_of=as_of) for r in in_period]
    replied = [(r, first) for r, first in zip(in_period, first_replies, strict=True) if first]
    delays = [(first.received_on - r.sent_on).days for r, first in replied]
    return ReplyStats(
        sent=len(in_period),
        pending=sum(
            1
            for r, first in zip(in_period, first_replies, strict=True)
            if first is None and not _window_closed(record=r, as_of=as_of)
        ),
        replied=len(replied),
        in_time=sum(1 for r, first in replied if _timely(record=r, reply=first)),
        substantive=sum(1 for r, _ in replied if _has_substantive(record=r, as_of=as_of)),
        median_days_to_first_reply=statistics.median(delays) if delays else None,
    )


def reply_statistics_by_state(
    *, records: Iterable[CommunicationRecord], start: date, end: date, as_of: date
) -> dict[str, ReplyStats]:
    """One :class:`ReplyStats` per addressee code that was sent something in the period."""
    grouped: dict[str, list[CommunicationRecord]] = defaultdict(list)
    for record in records:
        if start <= record.sent_on <= end:
            grouped[record.addressee_code].append(record)
    return {
        code: reply_statistics(records=group, start=start, end=end, as_of=as_of)
        for code, group in sorted(grouped.items())
    }


def _first_reply(*, record: CommunicationRecord, as_of: date) -> ReplyRecord | None:
    # Replies registered with a future date (a typing error, or data loaded ahead of
    # ``as_of`` in a report for a past date) do not count yet.
    known = [reply for reply in record.replies if reply.received_on <= as_of]
    return min(known, key=lambda reply: reply.received_on, default=None)


def _window_closed(*, record: CommunicationRecord, as_of: date) -> bool:
    return as_of > reply_due_date(sent_on=record.sent_on, window_days=record.window_days)


def _timely(*, record: CommunicationRecord, reply: ReplyRecord) -> bool:
    timeliness = reply_timeliness(
        sent_on=record.sent_on, replied_on=reply.received_on, window_days=record.window_days
    )
    return timeliness is Timeliness.IN_TIME


def _has_substantive(*, record: CommunicationRecord, as_of: date) -> bool:
    return any(
        reply.assessment is Assessment.SUBSTANTIVE and reply.received_on <= as_of
        for reply in record.replies
    )
