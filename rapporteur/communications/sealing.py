"""The communications app's encryption intents, on top of ``rapporteur.vault.crypto``.

Each function says who can decrypt. Nothing else in the app touches a primitive.
"""

from __future__ import annotations

import json
from typing import Any

from rapporteur.vault import crypto
from rapporteur.vault import errors as vault_errors
from rapporteur.vault.models import DeskKey


class CannotOpen(vault_errors.CannotOpen):
    """This session's desk keys do not open the item (not granted that generation)."""


def seal(*, data: dict[str, Any], desk_key: DeskKey) -> bytes:
    """WHO CAN DECRYPT: holders of this desk key generation (content staff, recovery
    trustees together). The server holds only the public key and cannot."""
    return crypto.seal_text(
        plaintext=json.dumps(data, ensure_ascii=False),
        recipient_public_keys=[bytes(desk_key.public_key)],
    )


def open_bytes(*, envelope: bytes, version: int, desk_keys: dict[int, bytes]) -> bytes:
    """An envelope's plaintext (a record's JSON, or a reply document registered
    before files were streamed), with the session's key of its generation."""
    key = desk_keys.get(version)
    if key is None:
        raise CannotOpen(f"this session does not hold desk key generation {version}")
    try:
        return crypto.open_text(envelope=bytes(envelope), private_key=key)
    except crypto.DecryptionError as error:
        raise CannotOpen(str(error)) from None


def open_item(*, item: Any, desk_keys: dict[int, bytes]) -> dict[str, Any]:
    """Decrypt a model row's ``envelope`` with the generation it was sealed to."""
    plain = open_bytes(envelope=item.envelope, version=item.desk_key.version, desk_keys=desk_keys)
    return json.loads(plain)
