"""The daily audit anchor, when the desk says where anchors go (RAPPORTEUR_AUDIT_ANCHOR_TO,
RAPPORTEUR_AUDIT_ANCHOR_MAIL): the signed head of the chain, kept outside the server
without a cron job of its own (``schedule.py``)."""

from __future__ import annotations

from django.conf import settings

from rapporteur.audit import anchors
from rapporteur.schedule import DAY, periodic


def anchoring_is_on() -> bool:
    return bool(settings.AUDIT_ANCHOR_TO or settings.AUDIT_ANCHOR_MAIL)


@periodic(every=DAY, enabled=anchoring_is_on)
def anchor_audit_log() -> None:
    """Sign the chain's head, append the line to the anchor file and mail it. A file
    that cannot be written fails the run (the worker records it); the next day's run
    is queued all the same."""
    line = anchors.make_anchor()
    anchors.deliver(line, to=settings.AUDIT_ANCHOR_TO, mail=list(settings.AUDIT_ANCHOR_MAIL))
