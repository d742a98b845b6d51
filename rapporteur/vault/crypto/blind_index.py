"""Blind-index tokens: keyed BLAKE2b of already-normalised terms, so that equal
terms can be found among sealed records without opening them.

Also the derivation of a purpose-bound key from a desk private key and a fixed
label (``derived_key``), which the case index and the visits' document digests
use so that only an unlocked session can compute or test their tokens.
"""

from __future__ import annotations

import nacl.hash

BLIND_INDEX_BYTES = 16
# BLAKE2b personalisation: domain separation from the other keyed-hash uses.
_PERSON_BLIND = b"rapp.blindidx"


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


def derived_key(*, label: str, private_key: bytes) -> bytes:
    """A key for one purpose (``label``), derived from a desk *private* key: the
    blind-index token of the label under that key, as its 32 ASCII hex bytes.
    It exists only where the private key does (an unlocked session); distinct
    labels give unrelated keys, so a leak of one says nothing of another."""
    return blind_index_tokens(terms=[label], index_key=private_key)[0].encode()
