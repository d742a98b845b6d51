"""Files: libsodium secretstream (XChaCha20-Poly1305) in 64 KiB chunks, constant
memory, behind the same recipient preamble as the envelopes (kind ``S``).

The preamble and the secretstream header together are the associated data of the
first chunk; the last chunk is tagged ``TAG_FINAL``, so truncation, reordering,
tampering and trailing bytes are all detected.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import nacl.bindings as nb
import nacl.exceptions
import nacl.utils

from rapporteur.vault.crypto.common import (
    KEY_BYTES,
    KIND_STREAM,
    BytesLike,
    Readable,
    Writable,
    _as_bytes,
    _check_prefix,
)
from rapporteur.vault.crypto.envelopes import (
    COMMIT_BYTES,
    MAX_RECIPIENTS,
    _build_preamble,
    _open_slots,
    _preamble_len,
)
from rapporteur.vault.crypto.errors import (
    CryptoError,
    TamperedData,
    TruncatedStream,
    UnsupportedFormat,
)

CHUNK_SIZE = 64 * 1024
_SS_ABYTES = nb.crypto_secretstream_xchacha20poly1305_ABYTES
_SS_HEADERBYTES = nb.crypto_secretstream_xchacha20poly1305_HEADERBYTES
_TAG_MESSAGE = nb.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE
_TAG_FINAL = nb.crypto_secretstream_xchacha20poly1305_TAG_FINAL
ENCRYPTED_CHUNK_SIZE = CHUNK_SIZE + _SS_ABYTES


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
