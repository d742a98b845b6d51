"""A source's receipt (its codename): random generation, the keyed lookup hash
that finds the source's record without storing the receipt, and the reply key
pair derived from it.

The words and the spellings a receipt may be typed in are not cryptography and
live in ``rapporteur.vault.codenames`` (word lists per language, normalisation);
this module only draws from them and hashes what they normalise.
"""

from __future__ import annotations

import math
import secrets

import nacl.hash
import nacl.utils
from nacl.public import PrivateKey

from rapporteur.vault import codenames
from rapporteur.vault.crypto.common import (
    _SALT_BYTES,
    DEFAULT_ARGON2,
    Argon2Params,
    KeyPair,
    _argon2id,
    constant_time_equal,
)

# The English receipt list (SLIP-39: 1024 words); Russian and Tajik in codenames.
CODENAME_WORDLIST: tuple[str, ...] = codenames.word_list("en").words
CODENAME_WORDS = 8
CODENAME_BITS_PER_WORD = math.log2(len(CODENAME_WORDLIST))  # 10.0
CODENAME_ENTROPY_BITS = CODENAME_WORDS * CODENAME_BITS_PER_WORD  # 80.0
MIN_CODENAME_ENTROPY_BITS = codenames.MIN_ENTROPY_BITS
# BLAKE2b personalisation: domain separation from the other keyed-hash uses.
_PERSON_CODENAME = b"rapp.codename"


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
