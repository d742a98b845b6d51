"""The intake's own encryption intents: receipts and the reply key derived from
them, replies sealed for both the desk and the source, and attachments' files.
What only the desk reads is sealed and opened with ``rapporteur.vault.sealing``.

Nothing here calls a primitive directly. Each function says who can decrypt.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings

from rapporteur.vault import crypto
from rapporteur.vault import sealing as vault_sealing
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


def open_for_source(*, envelope: bytes | memoryview, private_key: bytes) -> dict[str, Any] | None:
    """Decrypt a reply with the source's key; None for items not sealed to it."""
    try:
        return json.loads(crypto.open_text(envelope=bytes(envelope), private_key=private_key))
    except crypto.DecryptionError:
        return None
