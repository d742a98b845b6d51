"""Vault cryptography for Rapporteur: thin, typed wrappers over libsodium.

No primitive here is home-made: X25519 sealed boxes, XChaCha20-Poly1305
(AEAD and secretstream), SecretBox, keyed BLAKE2b (all PyNaCl/libsodium) and
Argon2id (argon2-cffi).  This module only fixes formats and parameters.
Every blob starts with a version byte and a kind byte so formats can evolve
and one kind of blob can never be fed to the wrong function.  Raw keys are
32-byte ``bytes``; nothing here logs or reprs secret material.
"""

from __future__ import annotations

import hmac
import math
import secrets
import struct
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

import nacl.bindings as nb
import nacl.encoding
import nacl.exceptions
import nacl.hash
import nacl.utils
from argon2.low_level import Type, hash_secret_raw
from nacl.public import PrivateKey, PublicKey, SealedBox
from nacl.secret import Aead, SecretBox

from rapporteur.vault import codenames

FORMAT_VERSION = 1
KIND_TEXT, KIND_STREAM, KIND_PASSPHRASE_WRAP = b"T", b"S", b"P"
KIND_STAFF_WRAP, KIND_SESSION = b"W", b"C"
KIND_BATCH_TEXT = b"B"
KIND_FACTOR_WRAP, KIND_FACTOR_SECRET, KIND_RECOVERY_HASH = b"F", b"O", b"R"
KEY_BYTES = 32
SEALED_KEY_BYTES = KEY_BYTES + 48  # ephemeral X25519 public key + Poly1305 tag
COMMIT_BYTES = 32
MAX_RECIPIENTS = 16  # bounds trial decryption work on attacker-supplied input
CHUNK_SIZE = 64 * 1024
_SS_ABYTES = nb.crypto_secretstream_xchacha20poly1305_ABYTES
_SS_HEADERBYTES = nb.crypto_secretstream_xchacha20poly1305_HEADERBYTES
_TAG_MESSAGE = nb.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE
_TAG_FINAL = nb.crypto_secretstream_xchacha20poly1305_TAG_FINAL
ENCRYPTED_CHUNK_SIZE = CHUNK_SIZE + _SS_ABYTES
# The English receipt list (SLIP-39: 1024 words); Russian and Tajik in codenames.
CODENAME_WORDLIST: tuple[str, ...] = codenames.word_list("en").words
CODENAME_WORDS = 8
CODENAME_BITS_PER_WORD = math.log2(len(CODENAME_WORDLIST))  # 10.0
CODENAME_ENTROPY_BITS = CODENAME_WORDS * CODENAME_BITS_PER_WORD  # 80.0
MIN_CODENAME_ENTROPY_BITS = codenames.MIN_ENTROPY_BITS
BLIND_INDEX_BYTES = 16
# BLAKE2b personalisation strings: domain separation between keyed-hash uses.
_PERSON_COMMIT, _PERSON_CODENAME = b"rapp.keycommit", b"rapp.codename"
_PERSON_BLIND = b"rapp.blindidx"


BytesLike = bytes | bytearray | memoryview


class Readable(Protocol):
    """Any binary file-like source: open(..., "rb"), BytesIO, Django File."""

    def read(self, size: int, /) -> bytes: ...


class Writable(Protocol):
    """Any binary file-like sink."""

    def write(self, data: bytes, /) -> object: ...


class CryptoError(Exception):
    """Base class: every failure this module signals on purpose."""


class UnsupportedFormat(CryptoError):
    """Blob too short, unknown version, or a different kind of blob."""


class DecryptionError(CryptoError):
    """Authentication failed: wrong key, or the data was altered."""


class NotARecipient(DecryptionError):
    """The private key given is not one the item was encrypted to."""


class TamperedData(DecryptionError):
    """Ciphertext, header or chunk order was modified, or keys inconsistent."""


class TruncatedStream(DecryptionError):
    """The encrypted file ended before its final chunk: it was cut short."""


class WrongPassphrase(DecryptionError):
    """The passphrase does not unlock this wrapped key."""


class InvalidSessionKey(DecryptionError):
    """The session key does not open this server-side ciphertext."""


@dataclass(frozen=True, repr=False)
class KeyPair:
    """An X25519 key pair as raw bytes; repr never shows the private half."""

    public_key: bytes
    private_key: bytes

    def __repr__(self) -> str:
        return f"KeyPair(public_key={self.public_key.hex()[:16]}..., private_key=<hidden>)"


@dataclass(frozen=True)
class Argon2Params:
    """Argon2id cost; recorded in each blob so it can rise without breakage."""

    time_cost: int
    memory_cost_kib: int
    parallelism: int


ARGON2_TIME_COST, ARGON2_MEMORY_COST_KIB, ARGON2_PARALLELISM = 3, 65536, 1
DEFAULT_ARGON2 = Argon2Params(ARGON2_TIME_COST, ARGON2_MEMORY_COST_KIB, ARGON2_PARALLELISM)
# Only for test suites: cheap enough to run hundreds of times. Never in production.
FAST_PARAMS_FOR_TESTS = Argon2Params(1, 8, 1)
# Upper bounds for costs read from stored blobs, so a forged blob cannot make
# the server burn gigabytes of memory (denial of service).
_ARGON2_MAX = Argon2Params(16, 1024 * 1024, 8)
_SALT_BYTES = 16
_PW_HEADER = struct.Struct(">BcIIB16s")  # version, kind, t, m, p, salt


def _argon2id(secret: bytes, salt: bytes, params: Argon2Params) -> bytes:
    if not (
        1 <= params.time_cost <= _ARGON2_MAX.time_cost
        and 8 * params.parallelism <= params.memory_cost_kib <= _ARGON2_MAX.memory_cost_kib
        and 1 <= params.parallelism <= _ARGON2_MAX.parallelism
    ):
        raise UnsupportedFormat("Argon2id parameters out of the accepted range")
    return hash_secret_raw(
        secret=secret,
        salt=salt,
        time_cost=params.time_cost,
        memory_cost=params.memory_cost_kib,
        parallelism=params.parallelism,
        hash_len=KEY_BYTES,
        type=Type.ID,
    )


def _check_key(key: bytes, what: str) -> bytes:
    if not isinstance(key, (bytes, bytearray)) or len(key) != KEY_BYTES:
        raise ValueError(f"{what} must be {KEY_BYTES} raw bytes")
    return bytes(key)


def _as_bytes(value: object, what: str) -> bytes:
    # bytes(5) would silently give five zero bytes: accept bytes-likes only.
    if not isinstance(value, (bytes, bytearray, memoryview)):
        raise TypeError(f"{what} must be bytes")
    return bytes(value)


def _check_prefix(blob: bytes, kind: bytes, min_len: int) -> None:
    if len(blob) < max(min_len, 2) or blob[0] != FORMAT_VERSION or blob[1:2] != kind:
        raise UnsupportedFormat(f"not a version-{FORMAT_VERSION} {kind.decode()!r} blob")


def constant_time_equal(a: bytes, b: bytes) -> bool:
    """Compare secrets/MACs without leaking where they differ through timing."""
    return hmac.compare_digest(a, b)


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


# ---------------------------------------------------------------- key pairs
def generate_desk_keypair() -> KeyPair:
    """New desk X25519 key pair. WHO CAN DECRYPT: the server only ever needs
    the public half; items sealed to it open only with the private half,
    which staff hold wrapped (wrap_desk_key_for_staff) or via SLIP-39 shares."""
    sk = PrivateKey.generate()
    return KeyPair(bytes(sk.public_key), bytes(sk))


def generate_staff_keypair() -> KeyPair:
    """New staff X25519 key pair. WHO CAN DECRYPT: desk keys wrapped to this
    public key open only with the private half, stored passphrase-wrapped."""
    return generate_desk_keypair()


def public_key_from_private(*, private_key: bytes) -> bytes:
    """Public half of a raw X25519 private key (no decryption involved)."""
    return bytes(PrivateKey(_check_key(private_key, "private_key")).public_key)


# ------------------------------------------------------- hybrid envelopes
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


def seal_text(*, plaintext: BytesLike | str, recipient_public_keys: list[bytes]) -> bytes:
    """Encrypt a small text/blob to one or more X25519 public keys.

    Format v1: version, b"T", n, commitment(32), n sealed data keys (80 each),
    then XChaCha20-Poly1305 (nonce 24 | ciphertext | tag 16) with the whole
    preamble as associated data. WHO CAN DECRYPT: holders of any of the
    listed private keys (e.g. the desk AND a source's reply key); the server,
    holding public keys only, cannot.
    """
    data = (
        plaintext.encode("utf-8")
        if isinstance(plaintext, str)
        else _as_bytes(plaintext, "plaintext")
    )
    data_key = nacl.utils.random(KEY_BYTES)
    preamble = _build_preamble(KIND_TEXT, recipient_public_keys, data_key)
    return preamble + bytes(Aead(data_key).encrypt(data, aad=preamble))


def open_text(*, envelope: bytes, private_key: bytes) -> bytes:
    """Decrypt a seal_text envelope. WHO CAN DECRYPT: only a holder of a
    private key whose public key was a recipient; raises NotARecipient
    otherwise and TamperedData if any byte was changed."""
    _check_prefix(envelope, KIND_TEXT, 3)
    count = envelope[2]
    start = _preamble_len(count)
    if not 1 <= count <= MAX_RECIPIENTS or len(envelope) < start + Aead.NONCE_SIZE + Aead.MACBYTES:
        raise UnsupportedFormat("malformed text envelope")
    data_key = _open_slots(
        count, envelope[3 : 3 + COMMIT_BYTES], envelope[3 + COMMIT_BYTES : start], private_key
    )
    try:
        return Aead(data_key).decrypt(envelope[start:], aad=envelope[:start])
    except nacl.exceptions.CryptoError:
        raise TamperedData("text envelope failed authentication (modified)") from None


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
        data = (
            plaintext.encode("utf-8")
            if isinstance(plaintext, str)
            else _as_bytes(plaintext, "plaintext")
        )
        return self._preamble + bytes(self._aead.encrypt(data, aad=self._preamble))


def _open_preamble_envelope(envelope: bytes, kind: bytes, private_key: bytes) -> bytes:
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


def open_batch_text(*, envelope: bytes, private_key: bytes) -> bytes:
    """Decrypt one BatchSealer blob. WHO CAN DECRYPT: a holder of a recipient
    private key; NotARecipient otherwise, TamperedData if any byte changed or
    the blob was spliced onto another batch's preamble."""
    return _open_preamble_envelope(envelope, KIND_BATCH_TEXT, private_key)


def open_text_or_batch(*, envelope: bytes, private_key: bytes) -> bytes:
    """Open a record envelope of either kind: a single ``seal_text`` envelope
    (every record written before batch envelopes existed, and every record
    written one at a time) or a ``BatchSealer`` blob. WHO CAN DECRYPT: as
    those two; other kinds of blob are refused (UnsupportedFormat)."""
    if envelope[1:2] == KIND_BATCH_TEXT:
        return open_batch_text(envelope=envelope, private_key=private_key)
    return open_text(envelope=envelope, private_key=private_key)


class StreamEncryptor:
    """Chunked file encryption (secretstream XChaCha20-Poly1305), constant memory.

    Output = header() followed by every update() result and finish().
    Plaintext is cut into CHUNK_SIZE pieces; the last one is tagged
    TAG_FINAL so a decryptor detects truncation, and secretstream's internal
    counter detects reordering. The header (with sealed data keys) is the
    associated data of the first chunk, so it cannot be altered either.
    WHO CAN DECRYPT: holders of a private key matching one of the recipient
    public keys; the server (public keys only) cannot.
    """

    def __init__(self, *, recipient_public_keys: list[bytes]) -> None:
        data_key = nacl.utils.random(KEY_BYTES)
        preamble = _build_preamble(KIND_STREAM, recipient_public_keys, data_key)
        self._state = nb.crypto_secretstream_xchacha20poly1305_state()
        self._header = preamble + nb.crypto_secretstream_xchacha20poly1305_init_push(
            self._state, data_key
        )
        self._ad: bytes | None = self._header  # consumed by the first pushed chunk
        self._buf = bytearray()
        self._header_taken = self._finished = False

    def __repr__(self) -> str:
        return "StreamEncryptor(<state hidden>)"

    def header(self) -> bytes:
        """Bytes to write first; includes the sealed data keys."""
        self._header_taken = True
        return self._header

    def _push(self, chunk: bytes, tag: int) -> bytes:
        ad, self._ad = self._ad, None
        return nb.crypto_secretstream_xchacha20poly1305_push(self._state, chunk, ad, tag)

    def update(self, chunk: BytesLike) -> bytes:
        """Feed plaintext; returns zero or more whole encrypted chunks."""
        if self._finished or not self._header_taken:
            raise CryptoError("call header() first, and never update() after finish()")
        self._buf += _as_bytes(chunk, "chunk")
        # Slice by offset and trim once: deleting per chunk would be quadratic
        # when a caller passes one large piece.
        end = len(self._buf) - len(self._buf) % CHUNK_SIZE
        out = [
            self._push(bytes(self._buf[i : i + CHUNK_SIZE]), _TAG_MESSAGE)
            for i in range(0, end, CHUNK_SIZE)
        ]
        del self._buf[:end]
        return b"".join(out)

    def finish(self) -> bytes:
        """Encrypt the remainder (possibly empty) as the TAG_FINAL chunk."""
        if self._finished or not self._header_taken:
            raise CryptoError("call header() first, and finish() only once")
        self._finished = True
        last, self._buf = bytes(self._buf), bytearray()
        return self._push(last, _TAG_FINAL)


def iter_encrypted_chunks(
    *, chunks: Iterable[BytesLike], recipient_public_keys: list[bytes]
) -> Iterator[bytes]:
    """Yield header then ciphertext for an iterator of plaintext chunks (e.g.
    an upload). WHO CAN DECRYPT: as StreamEncryptor."""
    enc = StreamEncryptor(recipient_public_keys=recipient_public_keys)
    yield enc.header()
    for chunk in chunks:
        out = enc.update(chunk)
        if out:
            yield out
    yield enc.finish()


def encrypt_chunks_to_file(
    *, chunks: Iterable[BytesLike], fileobj_out: Writable, recipient_public_keys: list[bytes]
) -> int:
    """Write an encrypted file from plaintext chunks; returns bytes written.
    WHO CAN DECRYPT: as StreamEncryptor."""
    written = 0
    for piece in iter_encrypted_chunks(chunks=chunks, recipient_public_keys=recipient_public_keys):
        fileobj_out.write(piece)
        written += len(piece)
    return written


def _read_exact(f: Readable, n: int) -> bytes:
    # read() may legally return fewer bytes than asked (pipes, sockets).
    parts, need = [], n
    while need:
        part = f.read(need)
        if not part:
            break
        parts.append(part)
        need -= len(part)
    return b"".join(parts)


def iter_decrypted_chunks(*, fileobj_in: Readable, private_key: bytes) -> Iterator[bytes]:
    """Yield plaintext chunks of a StreamEncryptor file, for streamed downloads.

    WHO CAN DECRYPT: a holder of a recipient private key. Chunks are yielded
    as each authenticates; truncation is only known at the end, where
    TruncatedStream is raised, so a caller streaming to a client must abort
    the response (or use decrypt_stream into a temp file first).
    """
    head = _read_exact(fileobj_in, 3)
    _check_prefix(head, KIND_STREAM, 3)
    count = head[2]
    if not 1 <= count <= MAX_RECIPIENTS:
        raise UnsupportedFormat("malformed stream header")
    rest = _read_exact(fileobj_in, _preamble_len(count) - 3 + _SS_HEADERBYTES)
    if len(rest) != _preamble_len(count) - 3 + _SS_HEADERBYTES:
        raise TruncatedStream("encrypted file ends inside its header")
    header = head + rest
    data_key = _open_slots(
        count, rest[:COMMIT_BYTES], rest[COMMIT_BYTES:-_SS_HEADERBYTES], private_key
    )
    state = nb.crypto_secretstream_xchacha20poly1305_state()
    nb.crypto_secretstream_xchacha20poly1305_init_pull(state, header[-_SS_HEADERBYTES:], data_key)
    ad: bytes | None = header
    while True:
        chunk = _read_exact(fileobj_in, ENCRYPTED_CHUNK_SIZE)
        if not chunk:
            raise TruncatedStream("encrypted file was cut short: its final chunk is missing")
        try:
            plain, tag = nb.crypto_secretstream_xchacha20poly1305_pull(state, chunk, ad)
        except nacl.exceptions.CryptoError:
            raise TamperedData(
                "encrypted chunk failed authentication (modified, reordered or truncated mid-chunk)"
            ) from None
        ad = None
        if tag not in (_TAG_MESSAGE, _TAG_FINAL):
            raise TamperedData("unexpected chunk tag")
        if tag == _TAG_FINAL:
            if fileobj_in.read(1):
                raise TamperedData("data found after the final chunk")
            if plain:
                yield plain
            return
        if plain:
            yield plain


def decrypt_stream(*, fileobj_in: Readable, fileobj_out: Writable, private_key: bytes) -> int:
    """Decrypt a whole StreamEncryptor file into fileobj_out; returns bytes
    written. WHO CAN DECRYPT: a holder of a recipient private key. On error
    fileobj_out holds partial plaintext: write to a temp file and discard it
    unless this returns."""
    written = 0
    for plain in iter_decrypted_chunks(fileobj_in=fileobj_in, private_key=private_key):
        fileobj_out.write(plain)
        written += len(plain)
    return written


# ----------------------------------------------------- staff key custody
def _normalise_passphrase(passphrase: str | bytes) -> bytes:
    # NFKC so the same passphrase typed on different keyboards/OSes matches.
    if isinstance(passphrase, str):
        passphrase = unicodedata.normalize("NFKC", passphrase).encode("utf-8")
    if not passphrase:
        raise ValueError("passphrase must not be empty")
    return bytes(passphrase)


def _salt_header(kind: bytes, params: Argon2Params) -> bytes:
    # version, kind, t_cost u32, m_cost KiB u32, parallelism u8, fresh salt(16)
    salt = nacl.utils.random(_SALT_BYTES)
    return _PW_HEADER.pack(
        FORMAT_VERSION, kind, params.time_cost, params.memory_cost_kib, params.parallelism, salt
    )


def _header_key(header: bytes, kind: bytes, secret: bytes, min_len: int) -> bytes:
    """Argon2id of ``secret`` with the cost and salt recorded in ``header``."""
    _check_prefix(header, kind, min_len)
    _, _, t, m, p, salt = _PW_HEADER.unpack_from(header)
    return _argon2id(secret, salt, Argon2Params(t, m, p))


def _wrap_under_passphrase(
    kind: bytes, secret: bytes, passphrase: str | bytes, params: Argon2Params | None
) -> bytes:
    header = _salt_header(kind, params or DEFAULT_ARGON2)
    key = _header_key(header, kind, _normalise_passphrase(passphrase), _PW_HEADER.size)
    return header + bytes(SecretBox(key).encrypt(secret))


def _unwrap_under_passphrase(kind: bytes, wrapped: bytes, passphrase: str | bytes) -> bytes:
    min_len = _PW_HEADER.size + SecretBox.NONCE_SIZE + SecretBox.MACBYTES
    key = _header_key(wrapped, kind, _normalise_passphrase(passphrase), min_len)
    try:
        return SecretBox(key).decrypt(wrapped[_PW_HEADER.size :])
    except nacl.exceptions.CryptoError:
        raise WrongPassphrase(
            "wrong passphrase for this key (or the stored key is damaged)"
        ) from None


def wrap_private_key_with_passphrase(
    *, private_key: bytes, passphrase: str | bytes, params: Argon2Params | None = None
) -> bytes:
    """Encrypt a private key under a passphrase: Argon2id -> SecretBox.

    Format v1: version, b"P", t_cost u32, m_cost KiB u32, parallelism u8,
    salt(16), SecretBox(nonce 24 | ct | tag 16). WHO CAN DECRYPT: whoever
    knows the passphrase; the server storing the blob cannot, short of
    guessing the passphrase at Argon2id cost per guess.
    """
    return _wrap_under_passphrase(
        KIND_PASSPHRASE_WRAP, _check_key(private_key, "private_key"), passphrase, params
    )


def wrapped_key_params(*, wrapped: bytes) -> Argon2Params:
    """Argon2id parameters recorded in a wrapped blob (e.g. to rewrap on
    login when they are below DEFAULT_ARGON2). Decrypts nothing."""
    _check_prefix(
        wrapped, KIND_PASSPHRASE_WRAP, _PW_HEADER.size + SecretBox.NONCE_SIZE + SecretBox.MACBYTES
    )
    _, _, t, m, p, _ = _PW_HEADER.unpack_from(wrapped)
    return Argon2Params(t, m, p)


def unwrap_private_key_with_passphrase(*, wrapped: bytes, passphrase: str | bytes) -> bytes:
    """Recover a private key. WHO CAN DECRYPT: the passphrase holder only;
    raises WrongPassphrase otherwise (also if the blob was altered)."""
    return _unwrap_under_passphrase(KIND_PASSPHRASE_WRAP, wrapped, passphrase)


def rewrap_with_new_passphrase(
    *,
    wrapped: bytes,
    old_passphrase: str | bytes,
    new_passphrase: str | bytes,
    params: Argon2Params | None = None,
) -> bytes:
    """Change passphrase (and/or Argon2 cost): same private key, new salt.
    No content is re-encrypted. WHO CAN DECRYPT the result: the holder of
    new_passphrase; copies of the old blob still open with the old one."""
    private_key = unwrap_private_key_with_passphrase(wrapped=wrapped, passphrase=old_passphrase)
    return wrap_private_key_with_passphrase(
        private_key=private_key, passphrase=new_passphrase, params=params
    )


def wrap_desk_key_for_staff(*, desk_private_key: bytes, staff_public_key: bytes) -> bytes:
    """Seal the desk private key to one staff member (X25519 SealedBox).
    WHO CAN DECRYPT: only that staff member's private key; the server, which
    stores the blob, cannot."""
    sealed = SealedBox(PublicKey(_check_key(staff_public_key, "staff_public_key")))
    return (
        bytes([FORMAT_VERSION])
        + KIND_STAFF_WRAP
        + sealed.encrypt(_check_key(desk_private_key, "desk_private_key"))
    )


def unwrap_desk_key(*, wrapped: bytes, staff_private_key: bytes) -> bytes:
    """Open a wrap_desk_key_for_staff blob. WHO CAN DECRYPT: the staff member
    it was wrapped to; others get NotARecipient."""
    _check_prefix(wrapped, KIND_STAFF_WRAP, 2 + SEALED_KEY_BYTES)
    try:
        key = SealedBox(PrivateKey(_check_key(staff_private_key, "staff_private_key"))).decrypt(
            wrapped[2:]
        )
    except nacl.exceptions.CryptoError:
        raise NotARecipient("desk key was not wrapped to this staff key (or was altered)") from None
    return _check_key(key, "unwrapped desk key")


# ------------------------------------------------- second-factor secrets
def new_factor_key() -> bytes:
    """A member of staff's own random key to their second-factor secrets (32 bytes)."""
    return nacl.utils.random(KEY_BYTES)


def new_totp_secret() -> bytes:
    """A fresh authenticator secret: 20 random bytes (RFC 4226's recommended length)."""
    return nacl.utils.random(20)


def wrap_factor_key(
    *, factor_key: bytes, password: str | bytes, params: Argon2Params | None = None
) -> bytes:
    """Wrap a factor key under the member's sign-in password: Argon2id -> SecretBox.

    Format v1: as wrap_private_key_with_passphrase, kind b"F". WHO CAN DECRYPT:
    whoever knows the password; a copy of the database cannot, short of guessing
    the password at Argon2id cost per guess.
    """
    return _wrap_under_passphrase(
        KIND_FACTOR_WRAP, _check_key(factor_key, "factor_key"), password, params
    )


def unwrap_factor_key(*, wrapped: bytes, password: str | bytes) -> bytes:
    """Open a wrap_factor_key blob. WHO CAN DECRYPT: the password holder only;
    raises WrongPassphrase otherwise (also if the blob was altered)."""
    return _check_key(
        _unwrap_under_passphrase(KIND_FACTOR_WRAP, wrapped, password), "unwrapped factor key"
    )


def rewrap_factor_key(
    *,
    wrapped: bytes,
    old_password: str | bytes,
    new_password: str | bytes,
    params: Argon2Params | None = None,
) -> bytes:
    """The same factor key under a new password (new salt); the sealed secrets stay
    as they are. WHO CAN DECRYPT the result: the holder of new_password."""
    factor_key = unwrap_factor_key(wrapped=wrapped, password=old_password)
    return wrap_factor_key(factor_key=factor_key, password=new_password, params=params)


def seal_totp_secret(*, secret: bytes, factor_key: bytes) -> bytes:
    """Seal an authenticator's TOTP secret. Format v1: version, b"O",
    SecretBox(nonce 24 | ct | tag 16). WHO CAN DECRYPT: the holder of the
    factor key, that is someone who knows the member's password (the server only
    between the two sign-in steps, with the member's cookie half)."""
    # Up to 64 bytes: authenticators made before sealing may hold django-otp keys of
    # any length up to its 40.
    if not 1 <= len(_as_bytes(secret, "secret")) <= 64:
        raise ValueError("a TOTP secret is 1 to 64 bytes")
    box = SecretBox(_check_key(factor_key, "factor_key"))
    return bytes([FORMAT_VERSION]) + KIND_FACTOR_SECRET + bytes(box.encrypt(bytes(secret)))


def open_totp_secret(*, sealed: bytes, factor_key: bytes) -> bytes:
    """Inverse of seal_totp_secret. WHO CAN DECRYPT: as there; raises
    DecryptionError for another key or an altered blob."""
    _check_prefix(sealed, KIND_FACTOR_SECRET, 2 + SecretBox.NONCE_SIZE + SecretBox.MACBYTES)
    try:
        return SecretBox(_check_key(factor_key, "factor_key")).decrypt(sealed[2:])
    except nacl.exceptions.CryptoError:
        raise DecryptionError("this factor key does not open this secret") from None


def new_recovery_code_salt(*, params: Argon2Params | None = None) -> bytes:
    """The salt and Argon2id cost shared by one set of recovery codes (kind b"R").

    One salt per set, not per code, so that checking a typed code costs one
    Argon2id run whatever the number of codes; a thief's guess also tests every
    code of the set at once, which the codes' length allows for (see
    recovery_code_digest)."""
    return _salt_header(KIND_RECOVERY_HASH, params or DEFAULT_ARGON2)


def recovery_code_digest(*, code: str, salt: bytes) -> bytes:
    """Argon2id digest (32 bytes) of a normalised recovery code under its set's salt.

    Decrypts nothing and cannot be reversed: a copy of the database tests a
    guess at one Argon2id run per guess, against codes of about 79 bits."""
    if not code:
        raise ValueError("recovery code must not be empty")
    return _header_key(salt, KIND_RECOVERY_HASH, code.encode("utf-8"), _PW_HEADER.size)


# --------------------------------------------------- session key custody
def seal_for_session(*, secret: BytesLike) -> tuple[bytes, bytes]:
    """Encrypt a secret (e.g. an unwrapped desk key) under a fresh random
    session key. Returns (ciphertext for server-side session storage, 32-byte
    session key for the user's cookie only). WHO CAN DECRYPT: someone with
    BOTH halves; server storage alone, or the cookie alone, opens nothing."""
    session_key = nacl.utils.random(KEY_BYTES)
    return bytes([FORMAT_VERSION]) + KIND_SESSION + bytes(
        SecretBox(session_key).encrypt(_as_bytes(secret, "secret"))
    ), session_key


def open_from_session(*, ciphertext: bytes, session_key: bytes) -> bytes:
    """Inverse of seal_for_session. WHO CAN DECRYPT: the presenter of the
    matching cookie; raises InvalidSessionKey otherwise."""
    _check_prefix(ciphertext, KIND_SESSION, 2 + SecretBox.NONCE_SIZE + SecretBox.MACBYTES)
    try:
        return SecretBox(_check_key(session_key, "session_key")).decrypt(ciphertext[2:])
    except nacl.exceptions.CryptoError:
        raise InvalidSessionKey("session key does not match (expired or forged session)") from None


# ---------------------------------------------------- source codenames
def generate_codename(*, words: int | None = None, language: str = "en") -> str:
    """Random receipt for a source in the words of `language` (English: SLIP-39,
    10 bits a word; see codenames for Russian and Tajik). By default as many
    words as reach 80 bits; fewer are refused. Uses `secrets` (OS CSPRNG)."""
    wordlist = codenames.word_list(language)
    count = wordlist.words_per_receipt if words is None else words
    if count * wordlist.bits_per_word < MIN_CODENAME_ENTROPY_BITS:
        raise ValueError(f"a codename needs at least {MIN_CODENAME_ENTROPY_BITS} bits of entropy")
    return " ".join(secrets.choice(wordlist.words) for _ in range(count))


def normalise_codename(codename: str) -> str:
    """What the source types may vary: case, spacing and punctuation between
    words, and each declared spelling of a word (codenames.normalise)."""
    return codenames.normalise(codename)


def codename_lookup_hash(*, codename: str, pepper: bytes) -> str:
    """Keyed BLAKE2b-256 (hex) of the normalised codename, to find a source's
    record without storing the codename. Not a decryption key: knowing the
    hash (even with the pepper) does not give the codename."""
    if len(pepper) < 16:
        raise ValueError("pepper must be at least 16 random bytes")
    return nacl.hash.blake2b(
        normalise_codename(codename).encode("utf-8"),
        digest_size=32,
        key=bytes(pepper),
        person=_PERSON_CODENAME,
    ).decode("ascii")


def verify_codename_lookup_hash(*, codename: str, pepper: bytes, expected: str) -> bool:
    """Constant-time check of a codename against a stored lookup hash."""
    actual = codename_lookup_hash(codename=codename, pepper=pepper)
    return constant_time_equal(actual.encode("ascii"), expected.encode("ascii"))


def derive_source_keypair(
    *, codename: str, salt: bytes, params: Argon2Params = DEFAULT_ARGON2
) -> KeyPair:
    """Deterministic X25519 reply key pair from codename (Argon2id -> seed).
    The salt (16 bytes, random per source, stored with the source record)
    and params must be kept to re-derive. WHO CAN DECRYPT replies sealed to
    its public key: the codename holder (plus, in the same envelope, staff
    via the desk key); the server only while the source is logged in."""
    if len(salt) != _SALT_BYTES or not normalise_codename(codename):
        raise ValueError(f"need a non-empty codename and a {_SALT_BYTES}-byte salt")
    seed = _argon2id(normalise_codename(codename).encode("utf-8"), bytes(salt), params)
    sk = PrivateKey.from_seed(seed)
    return KeyPair(bytes(sk.public_key), bytes(sk))


def new_salt() -> bytes:
    """Fresh random salt for derive_source_keypair."""
    return nacl.utils.random(_SALT_BYTES)


# ------------------------------------------------------------ blind index
def blind_index_tokens(*, terms: list[str], index_key: bytes) -> list[str]:
    """Keyed BLAKE2b of already-normalised terms, 16 bytes hex, one token per
    term in order. Decrypts nothing, but whoever holds index_key can test
    guessed terms against stored tokens; equal terms give equal tokens."""
    if len(index_key) < 16:
        raise ValueError("index_key must be at least 16 random bytes")
    return [
        nacl.hash.blake2b(
            t.encode("utf-8"),
            digest_size=BLIND_INDEX_BYTES,
            key=bytes(index_key),
            person=_PERSON_BLIND,
        ).decode("ascii")
        for t in terms
    ]
