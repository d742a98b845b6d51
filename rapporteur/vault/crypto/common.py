"""What every part of the vault's cryptography shares: the format version and
kind bytes, key sizes, the checks every blob passes before any primitive runs,
Argon2id with its bounded cost, and the constant-time comparison.

Every blob starts with ``FORMAT_VERSION`` and one kind byte, so formats can
evolve and one kind of blob is never accepted by another kind's opener.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Protocol

from argon2.low_level import Type, hash_secret_raw

from rapporteur.vault.crypto.errors import UnsupportedFormat

FORMAT_VERSION = 1
KIND_TEXT, KIND_STREAM, KIND_PASSPHRASE_WRAP = b"T", b"S", b"P"
KIND_STAFF_WRAP, KIND_SESSION = b"W", b"C"
KIND_BATCH_TEXT = b"B"
KIND_FACTOR_WRAP, KIND_FACTOR_SECRET, KIND_RECOVERY_HASH = b"F", b"O", b"R"
KEY_BYTES = 32
_SALT_BYTES = 16

BytesLike = bytes | bytearray | memoryview


class Readable(Protocol):
    """Any binary file-like source: open(..., "rb"), BytesIO, Django File."""

    def read(self, size: int, /) -> bytes: ...


class Writable(Protocol):
    """Any binary file-like sink."""

    def write(self, data: bytes, /) -> object: ...


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
