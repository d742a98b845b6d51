"""The annual report's numbers on communications: letters sent by State, type (urgent
appeal, allegation letter, other letter; joint with other mandates or not), mandate
and year; and per State the reply rate, the median days to a first reply, the letters
overdue now and the replies that came after the 60-day window.

Reads only: counts in SQL over ``communications.selectors.counted_communications``
(need-to-know applies: an officer counts only letters it may open), reply figures
from ``communications.selectors.reply_figures``, the one source the desk's reply
statistics page uses too. Letters to States are the mandate's public record: no
figure here is suppressed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Count, Exists, OuterRef
from django.db.models.functions import ExtractYear

from rapporteur.communications.models import SENT_STATES, Communication, Kind
from rapporteur.communications.selectors import counted_communications, reply_figures
from rapporteur.communications.stats import ReplyStats

if TYPE_CHECKING:
    from rapporteur.accounts.models import User


@dataclass(frozen=True, slots=True)
class KindCount:
    year: int
    kind: str  # Kind value
    joint: bool
    count: int


def sent_by_kind(*, user: User, first_year: int, last_year: int) -> list[KindCount]:
    """Letters sent in each year, by type and joint or not. One grouped query."""
    others = Communication.mandates.through.objects.filter(
        communication_id=OuterRef("pk"), specialproceduremandate__is_own=False
    )
    rows = (
        counted_communications(user)
        .filter(state__in=SENT_STATES, sent_on__year__gte=first_year, sent_on__year__lte=last_year)
        .annotate(year=ExtractYear("sent_on"), with_others=Exists(others))
        .order_by()
        .values("year", "kind", "with_others")
        .annotate(count=Count("id"))
    )
    return sorted(
        (KindCount(r["year"], r["kind"], bool(r["with_others"]), r["count"]) for r in rows),
        key=lambda k: (k.year, list(Kind.values).index(k.kind), k.joint),
    )


def sent_by_mandate(*, user: User, first_year: int, last_year: int) -> list[tuple[str, int]]:
    """(mandate short name, letters it sent or joined), most first."""
    rows = (
        counted_communications(user)
        .filter(state__in=SENT_STATES, sent_on__year__gte=first_year, sent_on__year__lte=last_year)
        .order_by()
        .values("mandates__short_name")
        .annotate(count=Count("id"))
    )
    found = [(r["mandates__short_name"], r["count"]) for r in rows if r["mandates__short_name"]]
    return sorted(found, key=lambda pair: (-pair[1], pair[0]))


def by_state(
    *, user: User, year: int, as_of: date
) -> tuple[list[tuple[str, ReplyStats]], ReplyStats]:
    """(addressee code, figures) for each State written to in ``year``, most letters
    first, and the figures of all of them together."""
    figures = reply_figures(user=user, year=year, as_of=as_of, by_addressee=True)
    lines = sorted(figures.by_addressee.items(), key=lambda item: (-item[1].sent, item[0]))
    return lines, figures.total
