"""The reply window: due dates, overdue and due-this-week lists, timeliness of a
reply, and when a communication may be published.

Everything is plain ``date`` arithmetic in days: a window of 60 days is 60 calendar
days, so month ends and 29 February need no special case. "Today" is always passed
in, never read from the clock, so the dashboard, the tests and the benchmark agree.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

REPLY_WINDOW_DAYS = 60


class Timeliness(StrEnum):
    IN_TIME = "in_time"
    LATE = "late"


def reply_due_date(*, sent_on: date, window_days: int = REPLY_WINDOW_DAYS) -> date:
    """The last day on which a reply is still in time: sent date + window.

    A letter sent on 31 December 2023 is due on 29 February 2024 (60 days).
    """
    if window_days < 1:
        raise ValueError(f"A reply window must be at least one day, not {window_days}.")
    return sent_on + timedelta(days=window_days)


def is_overdue(*, due_on: date, today: date, replied: bool) -> bool:
    """Unanswered and past its due date. A reply, even late or an acknowledgement,
    ends the overdue state: its quality is judged by the assessment, not here."""
    return not replied and today > due_on


def days_overdue(*, due_on: date, today: date) -> int:
    """Whole days since the due date; 0 while the window is open."""
    return max((today - due_on).days, 0)


def week_bounds(*, today: date) -> tuple[date, date]:
    """Monday and Sunday of the ISO week that holds ``today``."""
    monday = today - timedelta(days=today.weekday())
    return monday, monday + timedelta(days=6)


def due_this_week(*, due_on: date, today: date, replied: bool) -> bool:
    """Unanswered and due between today and this Sunday, both included.

    Days of this week already past are excluded on purpose: those communications are
    overdue and appear on that list instead, so no item shows twice on the dashboard.
    """
    _, sunday = week_bounds(today=today)
    return not replied and today <= due_on <= sunday


def reply_timeliness(
    *, sent_on: date, replied_on: date, window_days: int = REPLY_WINDOW_DAYS
) -> Timeliness:
    """A reply received on the due date itself is in time."""
    if replied_on < sent_on:
        raise ValueError(f"A reply ({replied_on}) cannot predate the letter ({sent_on}).")
    due_on = reply_due_date(sent_on=sent_on, window_days=window_days)
    return Timeliness.IN_TIME if replied_on <= due_on else Timeliness.LATE


def publication_date(
    *,
    sent_on: date,
    rapporteur_decided_on: date | None = None,
    window_days: int = REPLY_WINDOW_DAYS,
) -> date:
    """The first day the public version may be published.

    Normally the day after the window closes (the State keeps the whole due date to
    reply in confidence). The rapporteur may decide to publish earlier, e.g. with a
    press release on an urgent appeal; a decision dated after the window closed
    changes nothing, because the window had already opened publication.
    """
    window_closed = reply_due_date(sent_on=sent_on, window_days=window_days) + timedelta(days=1)
    if rapporteur_decided_on is None:
        return window_closed
    if rapporteur_decided_on < sent_on:
        raise ValueError("A decision to publish cannot predate the sending of the letter.")
    return min(window_closed, rapporteur_decided_on)


def may_publish(
    *,
    sent_on: date,
    today: date,
    rapporteur_decided_on: date | None = None,
    window_days: int = REPLY_WINDOW_DAYS,
) -> bool:
    first_day = publication_date(
        sent_on=sent_on, rapporteur_decided_on=rapporteur_decided_on, window_days=window_days
    )
    return today >= first_day
