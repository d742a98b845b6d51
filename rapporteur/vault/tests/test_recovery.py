"""Tests for rapporteur.vault.recovery (SLIP-39 desk key shares)."""

from __future__ import annotations

import itertools

import pytest
from shamir_mnemonic.wordlist import WORDLIST

from rapporteur.vault import crypto as c
from rapporteur.vault.recovery import RecoveryError, recover_desk_key, split_desk_key


@pytest.fixture(scope="module")
def desk():
    return c.generate_desk_keypair()


@pytest.fixture(scope="module")
def shares(desk):
    return split_desk_key(desk_private_key=desk.private_key, threshold=3, shares=5)


def test_split_shape(shares):
    assert len(shares) == 5 and len(set(shares)) == 5
    assert all(len(s.split()) == 33 for s in shares)  # 32-byte secret -> 33 words


def test_any_k_of_n_recovers(desk, shares):
    for combo in itertools.combinations(shares, 3):
        assert recover_desk_key(mnemonics=list(combo)) == desk.private_key


def test_recovered_key_opens_content(desk, shares):
    env = c.seal_text(plaintext="archive", recipient_public_keys=[desk.public_key])
    key = recover_desk_key(mnemonics=shares[2:])
    assert c.open_text(envelope=env, private_key=key) == b"archive"


def test_more_than_k_and_messy_input_accepted(desk, shares):
    messy = ["  " + s.upper().replace(" ", "   ") + "\n" for s in shares]
    assert recover_desk_key(mnemonics=[*messy, ""]) == desk.private_key


def test_k_minus_one_fails_clearly(shares):
    with pytest.raises(
        RecoveryError, match="Not enough shares: 3 different shares are needed, 2 were given"
    ):
        recover_desk_key(mnemonics=shares[:2])


def test_duplicate_share_does_not_count_twice(shares):
    with pytest.raises(RecoveryError, match="Not enough shares"):
        recover_desk_key(mnemonics=[shares[0], shares[0], shares[1]])


def test_no_shares():
    with pytest.raises(RecoveryError, match="No shares"):
        recover_desk_key(mnemonics=[])


def test_word_not_in_list(shares):
    words = shares[1].split()
    words[7] = "notaword"
    with pytest.raises(RecoveryError, match="Share 2: word 8 is not in the SLIP-39 word list") as e:
        recover_desk_key(mnemonics=[shares[0], " ".join(words), shares[2]])
    assert "notaword" not in str(e.value)  # share material never echoed


def test_mistyped_valid_word_fails_checksum(shares):
    words = shares[0].split()
    words[10] = WORDLIST[(WORDLIST.index(words[10]) + 1) % len(WORDLIST)]
    with pytest.raises(RecoveryError, match="Share 1 is damaged") as e:
        recover_desk_key(mnemonics=[" ".join(words), shares[1], shares[2]])
    assert words[10] not in str(e.value).split()


def test_swapped_words_fail(shares):
    words = shares[0].split()
    # Swap the first two neighbours that differ (a random share may repeat a word).
    i = next(i for i in range(10, len(words) - 1) if words[i] != words[i + 1])
    words[i], words[i + 1] = words[i + 1], words[i]
    with pytest.raises(RecoveryError, match="damaged"):
        recover_desk_key(mnemonics=[" ".join(words), shares[1], shares[2]])


def test_missing_word_fails(shares):
    words = shares[0].split()
    with pytest.raises(RecoveryError, match="damaged"):
        recover_desk_key(mnemonics=[" ".join(words[:-1]), shares[1], shares[2]])


def test_shares_from_two_splits_fail_clearly(desk, shares):
    other = split_desk_key(desk_private_key=desk.private_key, threshold=3, shares=5)
    with pytest.raises(RecoveryError, match="does not belong to the same split"):
        recover_desk_key(mnemonics=[shares[0], shares[1], other[2]])


def test_split_of_different_key_fails(shares):
    other = split_desk_key(
        desk_private_key=c.generate_desk_keypair().private_key, threshold=2, shares=2
    )
    with pytest.raises(RecoveryError, match="does not belong to the same split"):
        recover_desk_key(mnemonics=[shares[0], other[0], other[1]])


@pytest.mark.parametrize("threshold,n", [(1, 3), (1, 1), (4, 3), (2, 17), (0, 2)])
def test_invalid_split_parameters(desk, threshold, n):
    with pytest.raises(ValueError):
        split_desk_key(desk_private_key=desk.private_key, threshold=threshold, shares=n)


def test_split_rejects_non_key():
    with pytest.raises(ValueError):
        split_desk_key(desk_private_key=b"short", threshold=2, shares=3)


def test_recovery_error_is_crypto_error():
    assert issubclass(RecoveryError, c.CryptoError)


def test_valid_but_altered_share_fails_digest(shares):
    # Re-encode share 1 with a changed value: checksum valid, identifier
    # intact, so only the SLIP-39 digest over the result catches it.
    import dataclasses

    from shamir_mnemonic import Share

    s = Share.from_mnemonic(shares[0])
    forged = dataclasses.replace(s, value=bytes([s.value[0] ^ 1]) + s.value[1:]).mnemonic()
    with pytest.raises(RecoveryError, match="do not fit together"):
        recover_desk_key(mnemonics=[forged, shares[1], shares[2]])
