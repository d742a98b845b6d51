"""The intake's own encryption intents: receipts and the reply key derived from
them, replies sealed for both the desk and the source, and attachments' files.
What only the desk reads is sealed and opened with ``rapporteur.vault.sealing``.

Nothing here calls a primitive directly. Each function says who can decrypt.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings

from rapporteur.vault import crypto
from rapporteur.vault import sealing as vault_sealing
from rapporteur.vault.errors import CannotOpen
from rapporteur.vault.models import DeskKey

# Cost of deriving a source's reply key from the codename. The codename holds 80
# random bits, so guessing it is out of reach at any cost; a memory-hard cost would
# only slow every submission (see docs/threat-model.md). 1 MiB, one pass.
SOURCE_KEY_PARAMS = crypto.Argon2Params(time_cost=1, memory_cost_kib=1024, parallelism=1)


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


def seal_for_desk_and_source(
    *, data: dict[str, Any], desk_key: DeskKey, source_public_key: bytes
) -> bytes:
    """A staff reply. WHO CAN DECRYPT: staff (desk key) and the holder of the
    source's codename (the reply key derived from it); not the server."""
    return vault_sealing.seal_record(data=data, desk_key=desk_key, also_to=source_public_key)


def open_for_source(*, envelope: bytes, private_key: bytes) -> dict | None:
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
