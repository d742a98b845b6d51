"""Desk key recovery: k-of-n SLIP-39 shares (shamir_mnemonic).

The desk private key is the root of all content confidentiality. If every
staff member loses their passphrase, k trustees can rebuild it from word
shares kept offline. Fewer than k shares reveal nothing about the key
(Shamir secret sharing over GF(256)). Each share carries an RS1024 checksum
(catches mistyped words) and all shares of one split share a random
identifier (catches mixing splits); a 4-byte digest checks the final result.

Error messages name share positions and never echo share words: operators
may paste them into tickets or logs.
"""

from __future__ import annotations

from shamir_mnemonic import MnemonicError, Share, combine_mnemonics, generate_mnemonics
from shamir_mnemonic.constants import MAX_SHARE_COUNT
from shamir_mnemonic.wordlist import WORD_INDEX_MAP

from .crypto import KEY_BYTES, CryptoError, public_key_from_private

MIN_THRESHOLD = 2  # 1-of-n would make every share a full copy of the desk key


class RecoveryError(CryptoError):
    """The shares given cannot rebuild the desk key; message says why."""


def _normalise(mnemonic: str) -> str:
    return " ".join(mnemonic.lower().split())


def split_desk_key(*, desk_private_key: bytes, threshold: int, shares: int) -> list[str]:
    """Split the desk private key into `shares` SLIP-39 mnemonics, any
    `threshold` of which rebuild it.

    WHO CAN DECRYPT: any `threshold` share holders acting together can
    rebuild the desk key and so read everything sealed to it; fewer learn
    nothing. No SLIP-39 passphrase is used: the shares themselves are the
    secret, so store each with a different trustee, offline.
    """
    if not isinstance(desk_private_key, (bytes, bytearray)) or len(desk_private_key) != KEY_BYTES:
        raise ValueError(f"desk_private_key must be {KEY_BYTES} raw bytes")
    if not MIN_THRESHOLD <= threshold <= shares <= MAX_SHARE_COUNT:
        raise ValueError(f"need {MIN_THRESHOLD} <= threshold <= shares <= {MAX_SHARE_COUNT}")
    groups = generate_mnemonics(
        group_threshold=1,
        groups=[(threshold, shares)],
        master_secret=bytes(desk_private_key),
        passphrase=b"",
    )
    return groups[0]


def _parse(position: int, mnemonic: str) -> Share:
    words = mnemonic.split()
    for j, word in enumerate(words, start=1):
        if word not in WORD_INDEX_MAP:
            raise RecoveryError(
                f"Share {position}: word {j} is not in the SLIP-39 word list; check its spelling."
            )
    try:
        return Share.from_mnemonic(mnemonic)
    except MnemonicError:
        # Length, checksum or padding failure: almost always a typo, a
        # swapped word or a missing/extra word.
        raise RecoveryError(
            f"Share {position} is damaged: a word is mistyped, missing, "
            "extra or out of order (its checksum does not match)."
        ) from None


def recover_desk_key(*, mnemonics: list[str]) -> bytes:
    """Rebuild the desk private key from SLIP-39 shares made by split_desk_key.

    WHO CAN DECRYPT: whoever assembles `threshold` valid shares of one split.
    Raises RecoveryError, in plain words, for: no shares, a word not in the
    list, a damaged share, shares from different splits, too few distinct
    shares, or shares that are individually valid but inconsistent.
    Extra shares beyond the threshold are accepted; the first ones are used.
    """
    cleaned = [_normalise(m) for m in mnemonics if m and m.strip()]
    if not cleaned:
        raise RecoveryError("No shares were given.")
    parsed = [_parse(i, m) for i, m in enumerate(cleaned, start=1)]
    first = parsed[0]
    for i, share in enumerate(parsed[1:], start=2):
        if share.group_parameters() != first.group_parameters():
            raise RecoveryError(
                f"Share {i} does not belong to the same split as share 1 "
                "(different identifier or settings). Use shares from "
                "one split only."
            )
    distinct: dict[int, str] = {}
    for share, mnemonic in zip(parsed, cleaned, strict=True):
        distinct.setdefault(share.index, mnemonic)
    need = first.member_threshold
    if len(distinct) < need:
        raise RecoveryError(
            f"Not enough shares: {need} different shares are needed, {len(distinct)} were given."
        )
    try:
        secret = combine_mnemonics(list(distinct.values())[:need], passphrase=b"")
    except (MnemonicError, ValueError):
        raise RecoveryError(
            "The shares are individually valid but do not fit together: "
            "at least one is from another split or was altered."
        ) from None
    if len(secret) != KEY_BYTES:
        raise RecoveryError("Recovered secret is not a desk key (wrong length).")
    public_key_from_private(private_key=secret)  # sanity: a usable X25519 key
    return secret
