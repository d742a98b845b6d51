"""The visits desk's encryption intents, on top of ``rapporteur.vault.crypto``.

Nothing here calls a primitive directly; each function says who can decrypt.
Sealing needs only the desk *public* key (any member of staff, or the server, can
seal); opening needs the desk *private* keys of a signed-in, unlocked session.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from rapporteur.vault import crypto
from rapporteur.vault.models import DeskKey

# Label of the key, derived from each desk private key, that makes documents'
# content digests. Its own label: a digest says nothing about a case's index.
_DOCUMENT_DIGEST_LABEL = "rapporteur/visits/document-digest/v1"


def seal_meeting(*, data: dict[str, Any], desk_key: DeskKey) -> bytes:
    """Seal a meeting's content (who was met, participants, notes).
    WHO CAN DECRYPT: holders of this desk key generation (content staff, or the
    recovery trustees together). The server, holding only the public key, cannot."""
    return crypto.seal_text(
        plaintext=json.dumps(data, ensure_ascii=False),
        recipient_public_keys=[bytes(desk_key.public_key)],
    )


def open_sealed(
    *, envelope: bytes | memoryview, version: int, desk_keys: dict[int, bytes]
) -> dict[str, Any]:
    """The sealed fields, or ``{"unreadable": True}`` when this session does not hold
    the generation it was sealed to (never raises for that)."""
    key = desk_keys.get(version)
    if key is None:
        return {"unreadable": True}
    try:
        return dict(json.loads(crypto.open_text(envelope=bytes(envelope), private_key=key)))
    except crypto.DecryptionError:
        return {"unreadable": True}


def document_digests(*, content_sha256: str, desk_keys: Mapping[int, bytes]) -> dict[int, str]:
    """{desk key version: keyed digest of a document's content}, to recognise a file
    ingested before without keeping its plain SHA-256: with a plain hash, whoever
    holds the database could confirm a guessed document. The key is a keyed
    BLAKE2b of a fixed label under the generation's desk *private* key, so only an
    unlocked session can compute or test a digest (as the cases' blind index).
    Equal files give equal digests under the same generation."""
    digests = {}
    for version, private_key in desk_keys.items():
        key = crypto.blind_index_tokens(terms=[_DOCUMENT_DIGEST_LABEL], index_key=private_key)
        digests[version] = crypto.blind_index_tokens(
            terms=[content_sha256], index_key=key[0].encode()
        )[0]
    return digests
