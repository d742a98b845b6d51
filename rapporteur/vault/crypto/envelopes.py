"""Hybrid envelopes: small records sealed to one or more X25519 public keys.

A fresh random data key per envelope (or per ``BatchSealer`` batch) is sealed to
each recipient with a libsodium sealed box, and bound by a key commitment; the
content is XChaCha20-Poly1305-IETF under that data key. The preamble built here
(``version | kind | n | commitment | n sealed keys``) is shared with the file
streams of ``streams``.
"""

from __future__ import annotations

import nacl.encoding
import nacl.exceptions
import nacl.hash
import nacl.utils
from nacl.public import PrivateKey, PublicKey, SealedBox
from nacl.secret import Aead

from rapporteur.vault.crypto.common import (
    FORMAT_VERSION,
    KEY_BYTES,
    KIND_BATCH_TEXT,
    KIND_TEXT,
    BytesLike,
    _as_bytes,
    _check_key,
    _check_prefix,
    constant_time_equal,
)
from rapporteur.vault.crypto.errors import (
    CryptoError,
    NotARecipient,
    TamperedData,
    UnsupportedFormat,
)

SEALED_KEY_BYTES = KEY_BYTES + 48  # ephemeral X25519 public key + Poly1305 tag
COMMIT_BYTES = 32
MAX_RECIPIENTS = 16  # bounds trial decryption work on attacker-supplied input
# BLAKE2b personalisation: domain separation from the other keyed-hash uses.
_PERSON_COMMIT = b"rapp.keycommit"


def _commitment(data_key: bytes) -> bytes:
    # Key commitment: AEADs such as XChaCha20-Poly1305 are not key-committing,
    # so a malicious sender could seal two different data keys for two
    # recipients that both "decrypt" one ciphertext to different plaintexts.
    # Binding the header to a hash of the one data key closes that hole.
    return nacl.hash.blake2b(
        b"",
        digest_size=COMMIT_BYTES,
        key=data_key,
        person=_PERSON_COMMIT,
        encoder=nacl.encoding.RawEncoder,
    )


def _build_preamble(kind: bytes, recipient_public_keys: list[bytes], data_key: bytes) -> bytes:
    if not recipient_public_keys or len(recipient_public_keys) > MAX_RECIPIENTS:
        raise ValueError(f"need 1..{MAX_RECIPIENTS} recipient public keys")
    slots = [
        SealedBox(PublicKey(_check_key(pk, "recipient public key"))).encrypt(data_key)
        for pk in recipient_public_keys
    ]
    return (
        bytes([FORMAT_VERSION])
        + kind
        + bytes([len(slots)])
        + _commitment(data_key)
        + b"".join(slots)
    )


def _open_slots(count: int, commit: bytes, slots: bytes, private_key: bytes) -> bytes:
    # Trial-decrypt each slot: slots carry no recipient identifiers, so an
    # envelope does not reveal whose keys it was addressed to.
    box = SealedBox(PrivateKey(_check_key(private_key, "private_key")))
    for i in range(count):
        try:
            data_key = box.decrypt(slots[i * SEALED_KEY_BYTES : (i + 1) * SEALED_KEY_BYTES])
        except nacl.exceptions.CryptoError:
            continue
        if len(data_key) == KEY_BYTES and constant_time_equal(_commitment(data_key), commit):
            return data_key
        raise TamperedData("data key does not match the envelope's key commitment")
    raise NotARecipient("this private key is not among the envelope's recipients")


def _preamble_len(count: int) -> int:
    return 3 + COMMIT_BYTES + count * SEALED_KEY_BYTES


def _plain_bytes(plaintext: BytesLike | str) -> bytes:
    if isinstance(plaintext, str):
        return plaintext.encode("utf-8")
    return _as_bytes(plaintext, "plaintext")


def _open_envelope(envelope: bytes, kind: bytes, private_key: bytes) -> bytes:
    _check_prefix(envelope, kind, 3)
    count = envelope[2]
    start = _preamble_len(count)
    if not 1 <= count <= MAX_RECIPIENTS or len(envelope) < start + Aead.NONCE_SIZE + Aead.MACBYTES:
        raise UnsupportedFormat("malformed envelope")
    data_key = _open_slots(
        count, envelope[3 : 3 + COMMIT_BYTES], envelope[3 + COMMIT_BYTES : start], private_key
    )
    try:
        return Aead(data_key).decrypt(envelope[start:], aad=envelope[:start])
    except nacl.exceptions.CryptoError:
        raise TamperedData("envelope failed authentication (modified)") from None


def seal_text(*, plaintext: BytesLike | str, recipient_public_keys: list[bytes]) -> bytes:
    """Encrypt a small text/blob to one or more X25519 public keys.

    Format v1: version, b"T", n, commitment(32), n sealed data keys (80 each),
    then XChaCha20-Poly1305 (nonce 24 | ciphertext | tag 16) with the whole
    preamble as associated data. WHO CAN DECRYPT: holders of any of the
    listed private keys (e.g. the desk AND a source's reply key); the server,
    holding public keys only, cannot.
    """
    data_key = nacl.utils.random(KEY_BYTES)
    preamble = _build_preamble(KIND_TEXT, recipient_public_keys, data_key)
    return preamble + bytes(Aead(data_key).encrypt(_plain_bytes(plaintext), aad=preamble))


def open_text(*, envelope: bytes, private_key: bytes) -> bytes:
    """Decrypt a seal_text envelope. WHO CAN DECRYPT: only a holder of a
    private key whose public key was a recipient; raises NotARecipient
    otherwise and TamperedData if any byte was changed."""
    return _open_envelope(envelope, KIND_TEXT, private_key)


class BatchSealer:
    """Batch envelopes: many small records sealed under ONE data key per batch.

    Intent: bulk writes (a CSV import) where one X25519 sealed box per record
    dominates the cost. The batch data key is random, generated once, and sealed
    ONCE to the recipients (normally the desk public key); every record is then
    XChaCha20-Poly1305 under that key with a fresh random 24-byte nonce.

    Format v1 of each blob: version, b"B", n, commitment(32), n sealed batch keys
    (80 each) -- the same bytes in every blob of the batch, computed once -- then
    nonce(24) | ciphertext | tag(16), with that shared preamble as associated
    data. Each blob is self-contained (opens without any other row), and its
    kind byte says it shares its key, so ``open_text`` refuses it.

    Security argument. WHO CAN DECRYPT is unchanged: holders of a recipient
    private key (the desk key); the server, with public keys only, cannot.
    Confidentiality against anyone holding no desk key is the same as with one
    envelope per record: the batch key exists only in this object's memory and
    sealed to the desk key. What changes is the blast radius of a leaked data
    key: one batch instead of one record (records of other batches, and every
    single envelope, keep their own keys). Random XChaCha20 nonces (192 bits)
    make nonce reuse negligible even for millions of records under one key;
    MAX_BATCH_RECORDS caps a batch anyway. The key commitment binds the
    preamble to the one batch key, and a blob moved onto another batch's
    preamble fails authentication. Drop the object when the batch is done.
    """

    MAX_BATCH_RECORDS = 1 << 20

    def __init__(self, *, recipient_public_keys: list[bytes]) -> None:
        self._data_key = nacl.utils.random(KEY_BYTES)
        self._preamble = _build_preamble(KIND_BATCH_TEXT, recipient_public_keys, self._data_key)
        self._aead = Aead(self._data_key)
        self._count = 0

    def __repr__(self) -> str:
        return "BatchSealer(<key hidden>)"

    def seal(self, plaintext: BytesLike | str) -> bytes:
        """One record of the batch. WHO CAN DECRYPT: as the class says."""
        if self._count >= self.MAX_BATCH_RECORDS:
            raise CryptoError("batch is full: start a new BatchSealer")
        self._count += 1
        return self._preamble + bytes(
            self._aead.encrypt(_plain_bytes(plaintext), aad=self._preamble)
        )


def open_batch_text(*, envelope: bytes, private_key: bytes) -> bytes:
    """Decrypt one BatchSealer blob. WHO CAN DECRYPT: a holder of a recipient
    private key; NotARecipient otherwise, TamperedData if any byte changed or
    the blob was spliced onto another batch's preamble."""
    return _open_envelope(envelope, KIND_BATCH_TEXT, private_key)


def open_text_or_batch(*, envelope: bytes, private_key: bytes) -> bytes:
    """Open a record envelope of either kind: a single ``seal_text`` envelope
    (every record written before batch envelopes existed, and every record
    written one at a time) or a ``BatchSealer`` blob. WHO CAN DECRYPT: as
    those two; other kinds of blob are refused (UnsupportedFormat)."""
    if envelope[1:2] == KIND_BATCH_TEXT:
        return open_batch_text(envelope=envelope, private_key=private_key)
    return open_text(envelope=envelope, private_key=private_key)
