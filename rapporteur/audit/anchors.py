"""Anchors: the chain's head, signed, kept outside the server.

The hash chain shows an edit, a deletion or a reordering, but someone who controls
the database can rewrite the chain consistently: delete an entry, recompute every
later hash and move the head. An anchor (sequence number and hash of the head at a
moment, signed by the desk) stored where that person cannot reach it (a file on
another machine, a mailbox) defeats this: ``check`` proves that today's chain still
holds, at each anchor's sequence number, the very hash the anchor recorded.

An anchor is one line of JSON, so anchors can be appended to one file and mailed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone

from rapporteur.audit import chain
from rapporteur.audit.models import AuditEntry, AuditHead
from rapporteur.vault import signing

FORMAT = "rapporteur-audit-anchor-1"


def _key_path() -> Path:
    return Path(settings.DATA_DIR) / "audit-anchor-signing.key"


def _signed_part(*, seq: int, entry_hash: str, at: str) -> bytes:
    body = {"format": FORMAT, "seq": seq, "hash": entry_hash, "at": at}
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode("ascii")


def make_anchor() -> str:
    """A signed line naming the chain's head now."""
    head = AuditHead.objects.filter(pk=1).first()
    seq, entry_hash = (head.seq, head.entry_hash) if head else (0, chain.GENESIS_HASH)
    at = timezone.now().isoformat(timespec="seconds")
    key = signing.signing_key(_key_path())
    signed = _signed_part(seq=seq, entry_hash=entry_hash, at=at)
    line = {
        "format": FORMAT,
        "seq": seq,
        "hash": entry_hash,
        "at": at,
        "key": signing.public_key_text(key),
        "signature": signing.sign(key, signed),
    }
    return json.dumps(line, sort_keys=True)


def deliver(line: str, *, to: Path | None, mail: list[str]) -> None:
    """Keep an anchor line outside: append it to the file ``to`` (an OSError if it
    cannot be written, before anything is mailed) and mail it to ``mail``."""
    if to is not None:
        with open(to, "a", encoding="utf-8") as target:
            target.write(line + "\n")
    if mail:
        send_mail(
            subject="Audit anchor",
            message=line + "\n",
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=mail,
        )


@dataclass(frozen=True)
class AnchorProblem:
    line: int
    reason: str


def check(lines: Iterable[str], *, public_key: str = "") -> tuple[int, list[AnchorProblem]]:
    """Check each anchor line against the stored chain: (anchors checked, problems).

    ``public_key`` (base64) is the desk's anchor key as recorded outside; by default
    the key file of this desk. An anchor signed by another key is a problem: a forged
    anchor must not vouch for a rewritten chain.
    """
    expected_key = public_key or signing.public_key_text(signing.signing_key(_key_path()))
    problems: list[AnchorProblem] = []
    checked = 0
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        checked += 1
        reason = _problem_of(text, expected_key)
        if reason:
            problems.append(AnchorProblem(number, reason))
    return checked, problems


def _problem_of(text: str, expected_key: str) -> str:
    try:
        anchor = json.loads(text)
        seq, entry_hash, at = int(anchor["seq"]), str(anchor["hash"]), str(anchor["at"])
        key, signature = str(anchor["key"]), str(anchor["signature"])
    except (ValueError, KeyError, TypeError):
        return "not an anchor line"
    if anchor.get("format") != FORMAT:
        return "not an anchor of this format"
    if key != expected_key:
        return "signed by another key than this desk's"
    try:
        signing.verify(key, _signed_part(seq=seq, entry_hash=entry_hash, at=at), signature)
    except signing.BadSignature:
        return "the signature does not match (the anchor was changed or forged)"
    if seq == 0:
        return ""
    stored = AuditEntry.objects.filter(seq=seq).values_list("entry_hash", flat=True).first()
    if stored is None:
        return f"the log no longer holds entry #{seq} (it was cut)"
    if stored != entry_hash:
        return f"entry #{seq} is not the one anchored on {at} (the chain was rewritten)"
    return ""
