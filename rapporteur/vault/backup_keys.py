"""The backup key: an X25519 key pair whose public half the desk encrypts every part
of a backup archive to, and whose private half is kept offline (on paper, a token
or an air-gapped machine), never on the server. Every call to a primitive stays in
``vault.crypto``: a backup part is a ``streams`` file (64 KiB secretstream chunks
behind the recipient preamble), exactly as a stored file is.

WHO CAN DECRYPT a backup part: the holder of the backup private key, no one else:
not the server (it holds only the public half), not staff (their desk keys open
the stored files and records inside, not the archive's layer).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from rapporteur.vault import crypto

# Ciphertext the stores hold starts with the format version and one of these kinds:
# a streamed file, or an envelope moved out of the database (``store_sealed``).
_STORED_KINDS = (crypto.KIND_STREAM, crypto.KIND_TEXT, crypto.KIND_BATCH_TEXT)


class BadBackupKey(ValueError):
    """A key (text or file) that is not a backup key."""


def new_key_pair() -> crypto.KeyPair:
    """A fresh backup key pair. WHO CAN DECRYPT: parts encrypted to its public half
    open only with its private half."""
    return crypto.generate_desk_keypair()


def key_text(key: bytes) -> str:
    """A raw 32-byte key as the text an operator copies (base64)."""
    return base64.b64encode(key).decode("ascii")


def key_from_text(text: str, *, what: str = "backup key") -> bytes:
    """The raw key of ``key_text``'s output; ``BadBackupKey`` for anything else."""
    try:
        key = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise BadBackupKey(f"the {what} is not base64 text") from None
    if len(key) != crypto.KEY_BYTES:
        raise BadBackupKey(f"the {what} is not {crypto.KEY_BYTES} bytes long")
    return key


def fingerprint(public_key: bytes) -> str:
    """A short name of a public key, to tell which private key an archive needs
    (SHA-256, first 16 hex characters, in groups of four)."""
    digest = hashlib.sha256(b"rapporteur-backup-key\0" + public_key).hexdigest()[:16]
    return " ".join(digest[i : i + 4] for i in range(0, 16, 4))


def write_private_key(path: Path, private_key: bytes) -> None:
    """Write the private key to a new file (0600); an existing file is never
    overwritten (``FileExistsError``)."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as target:
        target.write(key_text(private_key) + "\n")


def read_private_key(path: Path) -> bytes:
    """The private key in ``path`` (as ``write_private_key`` wrote it)."""
    try:
        text = path.read_text(encoding="ascii")
    except UnicodeDecodeError:
        raise BadBackupKey("the key file does not hold a backup key") from None
    return key_from_text(text, what="key file's content")


def public_half(private_key: bytes) -> bytes:
    return crypto.public_key_from_private(private_key=private_key)


def encrypted_part(chunks: Iterable[bytes], *, public_key: bytes) -> Iterator[bytes]:
    """A part of an archive: ``chunks`` encrypted to the backup public key as they
    come. WHO CAN DECRYPT: the backup private key's holder only."""
    return crypto.iter_encrypted_chunks(chunks=chunks, recipient_public_keys=[public_key])


def decrypted_part(fileobj: crypto.Readable, *, private_key: bytes) -> Iterator[bytes]:
    """Plaintext chunks of a part. Raises ``crypto.NotARecipient`` at once for
    another key, ``crypto.DecryptionError`` while streaming for a cut or altered part."""
    return crypto.iter_decrypted_chunks(fileobj_in=fileobj, private_key=private_key)


def looks_like_stored_ciphertext(head: bytes) -> bool:
    """Whether the first bytes of a stored file are those of the vault's ciphertext
    (a check after a restore that opens no file: it needs no key)."""
    return len(head) >= 2 and head[0] == crypto.FORMAT_VERSION and head[1:2] in _STORED_KINDS
