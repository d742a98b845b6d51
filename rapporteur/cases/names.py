# ruff: noqa: RUF001, RUF003 -- Cyrillic letters here are meant, not look-alikes.
"""Names and places across Cyrillic (Russian and Tajik) and Latin spellings.

One person is written Ёров, Yorov and Iorov; one city Хуҷанд, Худжанд, Khujand,
Khudzhand and Hujand. Search and duplicate detection must treat these as one, while
the names themselves stay encrypted: only keys derived here (``search_terms``,
``trigram_tokens``) are turned into keyed hashes (blind-index tokens) by the vault.

The rules of ``skeleton`` are listed in docs/cases-core.md; they are deliberately
lossy (a phonetic key, not a transliteration to show anyone). Pure Python, stdlib only.
"""

from __future__ import annotations

import re
import unicodedata

# Cyrillic to Latin, one letter at a time, Russian and Tajik letters together. The
# target is a phonetic spelling that the Latin folding below then reduces further.
CYRILLIC = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "ғ": "gh",
    "д": "d",
    "е": "e",
    "ё": "yo",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "ӣ": "i",
    "й": "y",
    "к": "k",
    "қ": "q",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ӯ": "u",
    "ф": "f",
    "х": "kh",
    "ҳ": "h",
    "ц": "ts",
    "ч": "ch",
    "ҷ": "j",
    "ш": "sh",
    "щ": "sh",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
    # Uzbek and Kyrgyz letters met in Tajikistan's names.
    "ў": "u",
    "ҳ̣": "h",
    "ң": "ng",
    "ө": "o",
    "ү": "u",
    "і": "i",
    "є": "ye",
    "ї": "yi",
}

# Latin folding, applied in this order (order matters: "dzh" before "zh", "kh"
# before "h"-less rules, "y" before "io"). Each line is one documented rule.
LATIN_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p), r)
    for p, r in [
        (r"tch", "ch"),  # French Tch- = ch
        (r"dzh|dj|zh", "j"),  # Джураев: Dzhuraev / Djouraev / Juraev; ж merges with ҷ
        (r"kh|x", "h"),  # Рахмон: Rakhmon / Rahmon / Raxmon; х and ҳ merge
        (r"gh", "g"),  # ғ = gh = g
        (r"ph", "f"),
        (r"q|ck", "k"),  # қ = q = k
        (r"c(?!h)", "k"),  # a lone c (Spanish, Latin-script Uzbek) is a k
        (r"w", "v"),  # German-style -ow
        (r"ou", "u"),  # French Khoudjand
        (r"y", "i"),  # й, ы and the y of ya/yu/yo all become i
        (r"^ie", "e"),  # Yevgeniy / Evgeniy
        (r"(?<=[aou])ie(?=v)", "e"),  # -ayev / -aev: Jurayev / Juraev
        (r"io", "e"),  # Ёров / Yorov / Iorov / Еров (ё written without dots)
        (r"(.)\1+", r"\1"),  # doubled letters: Hojjat / Hojat
    ]
]

APOSTROPHES = "'’ʼʻ`´"
_NON_WORD = re.compile(r"[^\w]+|_")


def _is_latin(char: str) -> bool:
    return char < "\u0250"


def normalise(text: str) -> str:
    """NFKC, casefold, Latin diacritics removed, punctuation to spaces, spaces squeezed.

    Cyrillic letters keep their marks (й, ё, ӣ, ӯ are letters of their own in Tajik
    and Russian); Latin marks go (Rahmón = Rahmon, Ūrunov = Urunov). Apostrophes
    vanish inside a word (Ma'ruf = Maruf); other punctuation separates words.
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    for mark in APOSTROPHES:
        text = text.replace(mark, "")
    kept: list[str] = []
    for char in unicodedata.normalize("NFD", text):
        if unicodedata.combining(char) and kept and _is_latin(kept[-1]):
            continue
        kept.append(char)
    text = unicodedata.normalize("NFC", "".join(kept))
    return " ".join(_NON_WORD.sub(" ", text).split())


def transliterate(text: str) -> str:
    """Normalised text with Cyrillic letters spelled in Latin (no folding yet)."""
    text = normalise(text).replace("дж", "ҷ")  # Russian дж writes Tajik ҷ: Худжанд
    return "".join(CYRILLIC.get(char, char) for char in text)


def skeleton(word: str) -> str:
    """The phonetic key of one word (or of a phrase, words joined by spaces).

    Хуҷанд, Худжанд, Khujand, Khudzhand, Khoudjand and Hujand all give ``hujand``.
    The key is for matching only: never show it, never store it unhashed.
    """
    words = []
    for token in transliterate(word).split():
        for pattern, replacement in LATIN_RULES:
            token = pattern.sub(replacement, token)
        words.append(token)
    return " ".join(words)


def search_terms(text: str, *, min_length: int = 2) -> list[str]:
    """Keys to blind-index a name or place: each word's skeleton (words shorter than
    ``min_length`` letters dropped), then the whole name as one key with its words
    sorted, so "Yorov Buzurgmehr" and "Buzurgmehr Yorov" share it. Order kept, no
    duplicates. The vault hashes each key with the desk's index key."""
    words = [w for w in skeleton(text).split() if len(w) >= min_length]
    terms = list(dict.fromkeys(words))
    if len(words) > 1:
        terms.append("_".join(sorted(words)))
    return terms


def trigram_tokens(text: str) -> list[str]:
    """Trigrams of each word's skeleton, padded with ``^`` and ``$`` ("^hu", "huj",
    ..., "nd$"), for a typo-tolerant blind index. Sorted and without duplicates.

    Leakage (see docs/cases-core.md): even hashed, trigram tokens let someone holding
    the database see which records share letter sequences, how long names are, and,
    by frequency analysis against a list of common names, guess common trigrams.
    Use them for names and places only, never for narratives.
    """
    grams: set[str] = set()
    for word in skeleton(text).split():
        padded = f"^{word}$"
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return sorted(grams)


def jaro_winkler(a: str, b: str, *, prefix_scale: float = 0.1) -> float:
    """Jaro-Winkler similarity in [0, 1] (1 = equal); stdlib only, no pin needed."""
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    window = max(max(len(a), len(b)) // 2 - 1, 0)
    a_hits = [False] * len(a)
    b_hits = [False] * len(b)
    matches = 0
    for i, char in enumerate(a):
        for j in range(max(0, i - window), min(len(b), i + window + 1)):
            if not b_hits[j] and b[j] == char:
                a_hits[i] = b_hits[j] = True
                matches += 1
                break
    if matches == 0:
        return 0.0
    a_matched = [c for c, hit in zip(a, a_hits, strict=True) if hit]
    b_matched = [c for c, hit in zip(b, b_hits, strict=True) if hit]
    transpositions = sum(x != y for x, y in zip(a_matched, b_matched, strict=True)) / 2
    jaro = (matches / len(a) + matches / len(b) + (matches - transpositions) / matches) / 3
    prefix = 0
    for x, y in zip(a[:4], b[:4], strict=False):
        if x != y:
            break
        prefix += 1
    return jaro + prefix * prefix_scale * (1 - jaro)


# Above this, ``similarity`` suggests a likely duplicate to staff (never merges by
# itself). Chosen on the pairs in tests/test_names.py: one-letter typos and
# Шарипов / Sharifov are suggested; Karimov / Kamolov and Karimov / Kasimov are not.
DUPLICATE_THRESHOLD = 0.94

# Russian spelling of Tajik names shifts two letters systematically: the Persian f
# becomes p (Шарифов -> Шарипов, Юсуфов -> Юсупов) and Tajik о is written а
# (Исмоилов -> Исмаилов, Абдулло -> Абдулла). Too lossy for the search key (it would
# merge Fattoev with Pattoev), so these only raise ``similarity``, at a small cost.
_SOFT = str.maketrans({"f": "p", "o": "a"})
SOFT_MATCH_WEIGHT = 0.97


def similarity(a: str, b: str) -> float:
    """Transliteration- and typo-tolerant likeness of two names, in [0, 1].

    Jaro-Winkler on skeletons, taken as the better of: the whole names with words
    sorted, and the mean best match of each word of the shorter name (so a missing
    patronymic costs little). A name with fewer words is lightly penalised.
    """
    left, right = skeleton(a).split(), skeleton(b).split()
    if not left or not right:
        return 0.0
    plain = _word_similarity(left, right)
    soft = _word_similarity([w.translate(_SOFT) for w in left], [w.translate(_SOFT) for w in right])
    return round(max(plain, soft * SOFT_MATCH_WEIGHT), 4)


# A word of the shorter name whose best counterpart is below this has none: two
# people who share a given name (Buzurgmehr Yorov, Buzurgmehr Nazarov) are not one.
WORD_FLOOR = 0.8


def _word_similarity(left: list[str], right: list[str]) -> float:
    whole = jaro_winkler(" ".join(sorted(left)), " ".join(sorted(right)))
    short, long = sorted((left, right), key=len)
    best = [max(jaro_winkler(w, v) for v in long) for w in short]
    per_word = sum(best) / len(short)
    if len(short) != len(long):
        per_word *= 0.95
    if min(best) < WORD_FLOOR:
        # The whole-string score would be carried by the shared word's long prefix.
        return per_word
    return max(whole, per_word)


def is_likely_duplicate(a: str, b: str, *, threshold: float = DUPLICATE_THRESHOLD) -> bool:
    return similarity(a, b) >= threshold


__all__ = [
    "DUPLICATE_THRESHOLD",
    "is_likely_duplicate",
    "jaro_winkler",
    "normalise",
    "search_terms",
    "similarity",
    "skeleton",
    "transliterate",
    "trigram_tokens",
]
