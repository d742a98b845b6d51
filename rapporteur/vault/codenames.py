"""The words of a source's receipt: one word list per language of the public
pages, and the normalisation that makes every declared spelling of a receipt give
the same hash and the same reply key.

English uses the SLIP-39 list (1024 words, 10 bits each), as receipts always
have. Russian and Tajik have lists of their own (``wordlists/ru.txt``,
``wordlists/tg.txt``): common, concrete words of 4 to 8 letters, no two within
one typing error of each other once folded, and none shared between the two.
Each list is a power of two long, and a receipt has as many words as it takes to
reach ``MIN_ENTROPY_BITS``.

Checking a receipt needs no language: ``normalise`` maps every list into one
space (lower case, Russian yo as ye, Tajik letters as their Russian-keyboard
substitutes, British spellings as the list's), so the return form takes any
receipt as typed. Normalisation leaves an old English receipt exactly as it was
normalised before, so old hashes and reply keys stay valid.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from shamir_mnemonic.wordlist import WORDLIST as SLIP39_WORDLIST

MIN_ENTROPY_BITS = 80
LANGUAGES = ("en", "ru", "tg")
_DATA = Path(__file__).resolve().parent / "wordlists"

# Letters a source may type another way: yo as ye (a Russian writing habit), the
# Tajik letters as the Russian-keyboard letters people substitute for them.
_LETTER_FOLD = str.maketrans("ёӣӯҳқғҷ", "еиухкгч")
# Latin letters that look like Cyrillic ones, typed by a keyboard left on Latin
# in the middle of a Cyrillic word. Only applied to words that hold Cyrillic, so
# an English word is never touched.
_LATIN_LOOKALIKES = str.maketrans("aeopcxyk", "аеорсхук")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# Anything that is not a letter separates words ("word, word-word" is three words).
_SEPARATOR = re.compile(r"[^\w]+|_+")


@dataclass(frozen=True)
class WordList:
    language: str
    words: tuple[str, ...]  # as shown to the source

    @property
    def bits_per_word(self) -> float:
        return math.log2(len(self.words))

    @property
    def words_per_receipt(self) -> int:
        """The fewest words that keep a receipt at MIN_ENTROPY_BITS or more."""
        return math.ceil(MIN_ENTROPY_BITS / self.bits_per_word)

    @property
    def entropy_bits(self) -> float:
        return self.words_per_receipt * self.bits_per_word


def _read(name: str) -> list[str]:
    text = (_DATA / name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and line[0] != "#"]


@cache
def word_lists() -> dict[str, WordList]:
    return {
        "en": WordList("en", tuple(SLIP39_WORDLIST)),
        "ru": WordList("ru", tuple(_read("ru.txt"))),
        "tg": WordList("tg", tuple(_read("tg.txt"))),
    }


def word_list(language: str | None) -> WordList:
    """The list for a page language ("ru", "tg-tj"...); English for any other."""
    lists = word_lists()
    return lists.get((language or "en").split("-")[0].lower(), lists["en"])


@cache
def spelling_variants() -> dict[str, str]:
    """Declared variant -> the list's spelling (English only: the Cyrillic
    variants are letter folds)."""
    pairs = (line.split() for line in _read("en-variants.txt"))
    return {variant: spelling for variant, spelling in pairs}


def canonical_word(word: str) -> str:
    """One lower-case word as it is hashed."""
    if _CYRILLIC.search(word):
        word = word.translate(_LATIN_LOOKALIKES)
    word = word.translate(_LETTER_FOLD)
    return spelling_variants().get(word, word)


def normalise(codename: str) -> str:
    """What is hashed: NFKC, lower case, words split on anything not a letter,
    each word in its canonical spelling, joined by single spaces."""
    text = unicodedata.normalize("NFKC", codename).lower()
    return " ".join(canonical_word(w) for w in _SEPARATOR.split(text) if w)
