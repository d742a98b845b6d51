"""Ed25519 signatures (libsodium through PyNaCl), for statements the desk makes about
itself that are kept elsewhere, such as the audit chain's anchors.

The signing key lives in one file of the data directory (mode 0600), created on first
use. It proves which desk made a statement; it cannot stop someone who holds the
server from signing new ones. What protects a statement is that a copy of it is kept
outside the server, where that person cannot reach it.
"""

from __future__ import annotations

import base64
import os
from pathlib import Path

from nacl.exceptions import BadSignatureError
from nacl.signing import SigningKey, VerifyKey


class BadSignature(ValueError):
    """The statement was not signed by this key, or was changed after signing."""


def signing_key(path: Path) -> SigningKey:
    """The key in ``path``, created there (0600, never overwritten) if absent."""
    try:
        return SigningKey(path.read_bytes())
    except FileNotFoundError:
        pass
    key = SigningKey.generate()
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it meanwhile: use theirs
        return SigningKey(path.read_bytes())
    with os.fdopen(descriptor, "wb") as target:
        target.write(bytes(key))
    return key


def public_key_text(key: SigningKey) -> str:
    return base64.b64encode(bytes(key.verify_key)).decode("ascii")


def sign(key: SigningKey, message: bytes) -> str:
    """The detached signature of ``message``, base64."""
    return base64.b64encode(key.sign(message).signature).decode("ascii")


def verify(public_key: str, message: bytes, signature: str) -> None:
    """Raise ``BadSignature`` unless ``signature`` is ``public_key``'s over ``message``."""
    try:
        VerifyKey(base64.b64decode(public_key, validate=True)).verify(
            message, base64.b64decode(signature, validate=True)
        )
    except (BadSignatureError, ValueError, TypeError) as error:
        raise BadSignature("the signature does not match") from error
