"""The intake's encryption intents, all on top of ``rapporteur.vault.crypto``.

Nothing here calls a primitive directly. Each function says who can decrypt.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings

from rapporteur.vault import crypto
from rapporteur.vault import errors as vault_errors
from rapporteur.vault.models import DeskKey

# Cost of deriving a source's reply key from the codename. The codename holds 80
# random bits, so guessing it is out of reach at any cost; a memory-hard cost would
# only slow every submission (see docs/threat-model.md). 1 MiB, one pass.
SOURCE_KEY_PARAMS = crypto.Argon2Params(time_cost=1, memory_cost_kib=1024, parallelism=1)


class CannotOpen(vault_errors.CannotOpen):
    """This session's desk keys do not open the item (not granted that generation)."""


def receipt_hash(codename: str) -> str:
    """Keyed hash to find a submission from its receipt; not reversible, and without
    the pepper (kept off the database) not even testable."""
    return crypto.codename_lookup_hash(codename=codename, pepper=settings.INTAKE_RECEIPT_PEPPER)


def new_receipt(*, language: str) -> tuple[str, str, bytes, bytes]:
    """A fresh receipt in the words of the source's page language: (codename, its
    hash, reply key salt, reply public key).

    The codename is shown once to the source and never stored. Its hash does not
    depend on the language: the return form takes a receipt in any of them.
    """
    codename = crypto.generate_codename(language=language)
    salt = crypto.new_salt()
    pair = crypto.derive_source_keypair(codename=codename, salt=salt, params=SOURCE_KEY_PARAMS)
    return codename, receipt_hash(codename), salt, pair.public_key


def source_private_key(*, codename: str, salt: bytes) -> bytes:
    """Re-derive the reply key when the source returns with the receipt."""
    return crypto.derive_source_keypair(
        codename=codename, salt=salt, params=SOURCE_KEY_PARAMS
    ).private_key


def seal_for_desk(*, data: dict[str, Any], desk_key: DeskKey) -> bytes:
    """WHO CAN DECRYPT: holders of this desk key generation (staff, recovery
    trustees together). The server, holding only the public key, cannot."""
    return crypto.seal_text(
        plaintext=json.dumps(data, ensure_ascii=False),
        recipient_public_keys=[bytes(desk_key.public_key)],
    )


def seal_for_desk_and_source(
    *, data: dict[str, Any], desk_key: DeskKey, source_public_key: bytes
) -> bytes:
    """WHO CAN DECRYPT: staff (desk key) and the holder of the source's codename."""
    return crypto.seal_text(
        plaintext=json.dumps(data, ensure_ascii=False),
        recipient_public_keys=[bytes(desk_key.public_key), bytes(source_public_key)],
    )


def open_for_staff(
    *, envelope: bytes | memoryview, version: int, desk_keys: dict[int, bytes]
) -> dict[str, Any]:
    """Decrypt with the session's desk key of the generation the item was sealed to."""
    key = desk_keys.get(version)
    if key is None:
        raise CannotOpen(f"this session does not hold desk key generation {version}")
    try:
        return json.loads(crypto.open_text(envelope=bytes(envelope), private_key=key))
    except crypto.DecryptionError as error:
        raise CannotOpen(str(error)) from None


def open_for_source(*, envelope: bytes | memoryview, private_key: bytes) -> dict[str, Any] | None:
    """Decrypt a reply with the source's key; None for items not sealed to it."""
    try:
        return json.loads(crypto.open_text(envelope=bytes(envelope), private_key=private_key))
    except crypto.DecryptionError:
        return None


def encrypt_file(*, source: Path, target, desk_key: DeskKey) -> int:  # type: ignore[no-untyped-def]
    """Stream a plaintext file into ``target`` in 64 KiB chunks; constant memory.
    WHO CAN DECRYPT: holders of this desk key generation."""

    def chunks():  # type: ignore[no-untyped-def]
        with open(source, "rb") as plain:
            while block := plain.read(crypto.CHUNK_SIZE):
                yield block

    return crypto.encrypt_chunks_to_file(
        chunks=chunks(), fileobj_out=target, recipient_public_keys=[bytes(desk_key.public_key)]
    )


def decrypted_chunks(*, fileobj, version: int, desk_keys: dict[int, bytes]):  # type: ignore[no-untyped-def]
    """Plaintext chunks of a stored file, for a streamed download. Raises
    TruncatedStream at the end if the file was cut: the response is then aborted."""
    key = desk_keys.get(version)
    if key is None:
        raise CannotOpen(f"this session does not hold desk key generation {version}")
    return crypto.iter_decrypted_chunks(fileobj_in=fileobj, private_key=key)
