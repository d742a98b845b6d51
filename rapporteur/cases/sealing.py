"""The case desk's encryption intents, on top of ``rapporteur.vault.crypto``.

Nothing here calls a primitive directly; each function says who can decrypt.
Sealing needs only the desk *public* key; opening and blind-index tokens need the
desk *private* keys of a signed-in, unlocked member of staff.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from rapporteur.cases import names
from rapporteur.vault import crypto
from rapporteur.vault.models import DeskKey

# Labels of the two index keys derived from each desk private key. Distinct keys
# for whole words and trigrams: a leak of one says nothing about the other.
_WORD_KEY_LABEL = "rapporteur/cases/blind-index/words/v1"
_MIN_WORD = 3  # narrative words shorter than this are not indexed (и, на, ва, of...)


def seal(*, data: dict[str, Any], desk_key: DeskKey) -> bytes:
    """WHO CAN DECRYPT: holders of this desk key generation (content staff, or the
    recovery trustees together). The server, holding only the public key, cannot."""
    return crypto.seal_text(
        plaintext=json.dumps(data, ensure_ascii=False),
        recipient_public_keys=[bytes(desk_key.public_key)],
    )


class BatchSeal:
    """Seal many records of ONE bulk write (an import) under one batch key
    (``crypto.BatchSealer``): one X25519 operation per batch instead of per record.
    WHO CAN DECRYPT: holders of this desk key generation, as ``seal``; a leaked
    batch key would expose that batch only. Use one per import, then drop it."""

    def __init__(self, desk_key: DeskKey) -> None:
        self._sealer = crypto.BatchSealer(recipient_public_keys=[bytes(desk_key.public_key)])

    def __repr__(self) -> str:
        return "BatchSeal(<key hidden>)"

    def seal(self, data: dict[str, Any]) -> bytes:
        return self._sealer.seal(json.dumps(data, ensure_ascii=False))


def open_record(record: Any, desk_keys: dict[int, bytes]) -> dict[str, Any]:
    """The sealed fields of a record, or ``{"unreadable": True}`` when this session
    does not hold the generation it was sealed to (never raises for that). Single
    envelopes and batch envelopes (imports) both open."""
    key = desk_keys.get(record.desk_key.version)
    if key is None:
        return {"unreadable": True}
    try:
        plain = crypto.open_text_or_batch(envelope=bytes(record.envelope), private_key=key)
        return dict(json.loads(plain))
    except crypto.DecryptionError:
        return {"unreadable": True}


def index_keys(desk_keys: dict[int, bytes]) -> dict[int, bytes]:
    """{desk key version: blind-index key}. Each index key is a keyed BLAKE2b of a
    fixed label under that generation's desk *private* key, so it exists only in
    the memory of an unlocked session: the database and the server's settings
    alone cannot compute or test a token."""
    return {
        version: crypto.blind_index_tokens(terms=[_WORD_KEY_LABEL], index_key=key)[0].encode()
        for version, key in desk_keys.items()
    }


def name_terms(text: str) -> list[str]:
    """Index terms of a name or place: per-word skeletons and the sorted whole."""
    return names.search_terms(text or "")


def narrative_terms(text: str) -> list[str]:
    """Index terms of free text: each distinct word's skeleton, 3 letters or more.
    Word order and repetitions are not kept (tokens are stored as a set)."""
    words = names.skeleton(text or "").split()
    return list(dict.fromkeys(w for w in words if len(w) >= _MIN_WORD))


def tokens(*, terms: Iterable[str], index_key: bytes) -> list[str]:
    """Keyed hashes of normalised terms; equal terms give equal tokens."""
    unique = list(dict.fromkeys(terms))
    return crypto.blind_index_tokens(terms=unique, index_key=index_key) if unique else []
