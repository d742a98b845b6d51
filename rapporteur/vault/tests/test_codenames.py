"""Receipts in the source's language: entropy of every list, the quality rules of
the lists, spelling variants, and old English receipts still valid."""

from __future__ import annotations

import math
import random
import secrets
import unicodedata

import pytest

from rapporteur.vault import codenames
from rapporteur.vault import crypto as c

PEPPER = bytes(range(32))
FAST = c.Argon2Params(time_cost=1, memory_cost_kib=1024, parallelism=1)
# Computed with the code before receipts had languages (normalisation: NFKC, lower
# case, whitespace collapsed), from this receipt, pepper and salt. They must never
# change: a source holding such a receipt must still find their submission and
# open our replies.
OLD_RECEIPT = "flavor gray theater academic cluster rumor senior voter"
OLD_HASH = "db60db7597ca04e7b98fbce4078d76f6ae2b1f96ec0eed308309241c127e6e43"
OLD_REPLY_PUBLIC_KEY = "6393d33a53f75551dcd06ecffee7bd846865961ce472bd022c29b72bc9bdd533"


def _folded(word: str) -> str:
    return codenames.canonical_word(word.lower())


def _one_edit_apart(a: str, b: str) -> bool:
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    if abs(len(a) - len(b)) != 1:
        return False
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


@pytest.mark.parametrize("language", codenames.LANGUAGES)
def test_every_language_keeps_at_least_80_bits(language):
    wordlist = codenames.word_list(language)
    size = len(wordlist.words)
    assert size == len(set(wordlist.words)) and size & (size - 1) == 0  # a power of two
    assert wordlist.words_per_receipt * math.log2(size) >= 80
    for _ in range(50):
        words = c.generate_codename(language=language).split()
        assert len(words) == wordlist.words_per_receipt
        assert set(words) <= set(wordlist.words)
    with pytest.raises(ValueError):
        c.generate_codename(language=language, words=wordlist.words_per_receipt - 1)


def test_list_sizes_and_receipt_lengths():
    # Tajik: 512 good words, so 9 words (81 bits) instead of 8.
    sizes = {lang: len(codenames.word_list(lang).words) for lang in codenames.LANGUAGES}
    assert sizes == {"en": 1024, "ru": 1024, "tg": 512}
    assert [codenames.word_list(lang).words_per_receipt for lang in ("en", "ru", "tg")] == [
        8,
        8,
        9,
    ]
    assert codenames.word_list("tg-tj").language == "tg"
    assert codenames.word_list("fr").language == "en"


@pytest.mark.parametrize("language", ["ru", "tg"])
def test_own_lists_are_easy_to_type_and_to_tell_apart(language):
    words = codenames.word_list(language).words
    folded = [_folded(w) for w in words]
    assert all(w == unicodedata.normalize("NFC", w) == w.lower() for w in words)
    assert all(4 <= len(w) <= 8 and w.isalpha() for w in words)
    assert len(set(folded)) == len(folded), "two words are the same once folded"
    by_length: dict[int, list[str]] = {}
    for w in folded:
        by_length.setdefault(len(w), []).append(w)
    near = [
        (a, b)
        for length, group in by_length.items()
        for other in (group, by_length.get(length + 1, []))
        for a in group
        for b in other
        if a < b or other is not group
        if a != b and _one_edit_apart(a, b)
    ]
    assert near == []


def test_lists_share_no_word_once_normalised():
    seen: dict[str, str] = {}
    for language in codenames.LANGUAGES:
        for word in codenames.word_list(language).words:
            assert seen.setdefault(_folded(word), language) == language, word


def test_english_variants_map_to_the_list_and_are_not_on_it():
    english = set(codenames.word_list("en").words)
    variants = codenames.spelling_variants()
    assert {"flavour": "flavor", "grey": "gray"}.items() <= variants.items()
    for variant, canonical in variants.items():
        assert canonical in english and variant not in english


def _hash(text: str) -> str:
    return c.codename_lookup_hash(codename=text, pepper=PEPPER)


def test_old_english_receipt_keeps_its_hash_and_reply_key():
    assert _hash(OLD_RECEIPT) == OLD_HASH
    assert _hash("Flavour GREY theatre academic cluster rumour senior voter") == OLD_HASH
    pair = c.derive_source_keypair(codename=OLD_RECEIPT.upper(), salt=bytes(range(16)), params=FAST)
    assert pair.public_key.hex() == OLD_REPLY_PUBLIC_KEY


def _old_normalise(codename: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", codename).lower().split())


def test_any_old_english_receipt_normalises_as_before():
    rng = random.Random(7)
    for _ in range(2000):
        words = [secrets.choice(c.CODENAME_WORDLIST) for _ in range(8)]
        typed = "".join(
            rng.choice(["", " ", "\t", "  "]) + (w.upper() if rng.random() < 0.3 else w) + " "
            for w in words
        )
        assert c.normalise_codename(typed) == _old_normalise(typed) == " ".join(words)


@pytest.mark.parametrize(
    ("shown", "typed"),
    [
        ("ёжик зелёный берёза", "ежик зеленый береза"),
        ("ёжик зелёный берёза", "ЁЖИК, Зелёный - берёза."),
        ("ёжик", "е\u0308жик"),  # e + combining diaeresis
        ("ҳаво қалам ғунча ҷома тоқӣ кӯза", "хаво калам гунча чома токи куза"),
        ("ҳаво тоқӣ", "ҲАВО ТОҚӢ"),
        ("тоқӣ", "токи\u0304"),  # и + combining macron
        ("кошӣ", "koшӣ"),  # Latin k and o from a keyboard left on Latin
        ("flavor gray", "flavour, grey"),
    ],
)
def test_declared_variants_give_the_same_hash(shown, typed):
    assert _hash(typed) == _hash(shown)


@pytest.mark.parametrize("language", codenames.LANGUAGES)
def test_a_wrong_word_is_refused(language):
    words = c.generate_codename(language=language).split()
    h = _hash(" ".join(words))
    pool = codenames.word_list(language).words
    for position in (0, len(words) // 2, len(words) - 1):
        wrong = list(words)
        wrong[position] = next(w for w in pool if _folded(w) != _folded(words[position]))
        assert not c.verify_codename_lookup_hash(
            codename=" ".join(wrong), pepper=PEPPER, expected=h
        )
    assert not c.verify_codename_lookup_hash(
        codename=" ".join(words[:-1]), pepper=PEPPER, expected=h
    )
    # one letter off is not silently accepted either
    typo = list(words)
    # (a letter with no look-alike in the other script: Latin "a" typed in a Russian
    # word is read as the Cyrillic letter on purpose, so it would be no typo)
    letters = "жщ" if typo[0][-1] > "\u0400" else "qz"
    typo[0] = typo[0][:-1] + (letters[0] if typo[0][-1] != letters[0] else letters[1])
    assert not c.verify_codename_lookup_hash(codename=" ".join(typo), pepper=PEPPER, expected=h)
