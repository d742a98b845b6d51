"""Sealed records: how every app seals a record to the desk key and opens it again.

One function per intent, each saying who can decrypt; the apps' own ``sealing``
modules keep only what is theirs (intake: receipts and replies a source can read;
cases: blind-index terms; visits: document digests). Files are not sealed here.

Sealing needs only the desk *public* key, so the server can seal what it receives.
Opening needs the desk *private* keys of a signed-in, unlocked session
(``{generation: private key}``, from ``vault.session``); an envelope does not name
its recipients, so the record's ``desk_key`` says which generation opens it.

A record this session cannot open (a generation it was not granted, or a damaged
envelope) is either ``unreadable()`` (``open_record``: pages list it as such) or
``CannotOpen`` (``open_required``, ``open_bytes``: an action on it must stop).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, TypeVar

from rapporteur.vault import crypto
from rapporteur.vault.errors import CannotOpen
from rapporteur.vault.models import DeskKey, Sealed
from rapporteur.vault.selectors import current_desk_key

UNREADABLE = "unreadable"

_S = TypeVar("_S", bound=Sealed)


def unreadable() -> dict[str, Any]:
    """What ``open_record`` gives for a record this session cannot open:
    ``{"unreadable": True}``, the one convention every page checks."""
    return {UNREADABLE: True}


def seal_record(
    *, data: Mapping[str, Any], desk_key: DeskKey, also_to: bytes | None = None
) -> bytes:
    """A record's sealed fields, as JSON. WHO CAN DECRYPT: holders of this desk key
    generation (content staff, or the recovery trustees together) and, when
    ``also_to`` names a public key, the holder of its private half (a source's reply
    key). The server, holding only public keys, cannot."""
    recipients = [bytes(desk_key.public_key)]
    if also_to is not None:
        recipients.append(bytes(also_to))
    return crypto.seal_text(
        plaintext=json.dumps(data, ensure_ascii=False), recipient_public_keys=recipients
    )


def seal_into(row: Any, data: Mapping[str, Any]) -> None:
    """Seal ``data`` as ``row``'s content (its ``envelope``) to the current desk key
    generation, which ``row.desk_key`` then names. WHO CAN DECRYPT: as
    ``seal_record``. The caller saves the row."""
    desk_key = current_desk_key()
    row.desk_key = desk_key
    row.envelope = seal_record(data=data, desk_key=desk_key)


def create_sealed(model: type[_S], data: Mapping[str, Any], **fields: Any) -> _S:
    """A new row of ``model``: ``fields`` in clear, ``data`` sealed to the current
    desk key generation (as ``seal_into``)."""
    desk_key = current_desk_key()
    return model._default_manager.create(
        desk_key=desk_key, envelope=seal_record(data=data, desk_key=desk_key), **fields
    )


def seal_bytes(*, data: bytes, desk_key: DeskKey) -> bytes:
    """Small bytes kept in a row (not a file of the store). WHO CAN DECRYPT: holders
    of this desk key generation; not the server."""
    return crypto.seal_text(plaintext=data, recipient_public_keys=[bytes(desk_key.public_key)])


class RecordBatch:
    """Seal many records of ONE bulk write (an import) under one batch key
    (``crypto.BatchSealer``): one X25519 operation per batch instead of per record.
    WHO CAN DECRYPT: holders of this desk key generation, as ``seal_record``; a
    leaked batch key would expose that batch only. Use one per import, then drop it."""

    def __init__(self, desk_key: DeskKey) -> None:
        self._sealer = crypto.BatchSealer(recipient_public_keys=[bytes(desk_key.public_key)])

    def __repr__(self) -> str:
        return "RecordBatch(<key hidden>)"

    def seal(self, data: Mapping[str, Any]) -> bytes:
        return self._sealer.seal(json.dumps(data, ensure_ascii=False))


def open_bytes(
    *, envelope: bytes | memoryview, version: int, desk_keys: Mapping[int, bytes]
) -> bytes:
    """The plaintext of an envelope sealed to desk key generation ``version``
    (single or batch envelope). Raises ``CannotOpen`` when this session does not
    hold that generation or the envelope does not open."""
    key = desk_keys.get(version)
    if key is None:
        raise CannotOpen(f"this session does not hold desk key generation {version}")
    try:
        return crypto.open_text_or_batch(envelope=bytes(envelope), private_key=key)
    except crypto.CryptoError as error:
        raise CannotOpen(str(error)) from None


def open_required(
    record: Any, desk_keys: Mapping[int, bytes], *, field: str = "envelope"
) -> dict[str, Any]:
    """The sealed fields of a model row (its ``field``, sealed to its ``desk_key``),
    for an action that cannot go on without them: raises ``CannotOpen`` as
    ``open_bytes``. Reads ``record.desk_key`` (select it with the row)."""
    plain = open_bytes(
        envelope=getattr(record, field), version=record.desk_key.version, desk_keys=desk_keys
    )
    return dict(json.loads(plain))


def open_record(
    record: Any, desk_keys: Mapping[int, bytes], *, field: str = "envelope"
) -> dict[str, Any]:
    """The sealed fields of a model row (its ``field``, sealed to its ``desk_key``),
    or ``unreadable()`` when this session cannot open them; never raises for that.
    Reads ``record.desk_key`` (select it with the row)."""
    try:
        return open_required(record, desk_keys, field=field)
    except CannotOpen:
        return unreadable()
