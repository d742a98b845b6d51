"""The visits desk's encryption intents, on top of ``rapporteur.vault.crypto``.

Nothing here calls a primitive directly; each function says who can decrypt.
Sealing needs only the desk *public* key (any member of staff, or the server, can
seal); opening needs the desk *private* keys of a signed-in, unlocked session.
"""

from __future__ import annotations

import json
from typing import Any

from rapporteur.vault import crypto
from rapporteur.vault.models import DeskKey


def seal_meeting(*, data: dict[str, Any], desk_key: DeskKey) -> bytes:
    """Seal a meeting's content (who was met, participants, notes).
    WHO CAN DECRYPT: holders of this desk key generation (content staff, or the
    recovery trustees together). The server, holding only the public key, cannot."""
    return crypto.seal_text(
        plaintext=json.dumps(data, ensure_ascii=False),
        recipient_public_keys=[bytes(desk_key.public_key)],
    )


def open_sealed(*, envelope: bytes, version: int, desk_keys: dict[int, bytes]) -> dict[str, Any]:
    """The sealed fields, or ``{"unreadable": True}`` when this session does not hold
    the generation it was sealed to (never raises for that)."""
    key = desk_keys.get(version)
    if key is None:
        return {"unreadable": True}
    try:
        return dict(json.loads(crypto.open_text(envelope=bytes(envelope), private_key=key)))
    except crypto.DecryptionError:
        return {"unreadable": True}
