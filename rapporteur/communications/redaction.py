"""The public version of a letter: confidential names out, and a check that none
slipped through.

Names are matched word by word on a folded "skeleton" so that one person is found
however the text spells them: Cyrillic or Latin (``Ҷамшед``, ``Jamshed``,
``Dzhamshed``), any case, and with Russian case endings (``Иванова``, ``Ивановой``).
Folding is deliberately coarse: two different names that fold alike are both
redacted, and over-redaction is the safe direction. The built-in transliteration is
simple; a fuller one may replace :func:`skeleton` later without changing callers.

A name is also redacted part by part (a surname alone, ``Mr. Petrov``), because
letters repeat surnames. Parts shorter than three letters are skipped: an initial
identifies no one and would blank half the text.
"""

# Russian and Tajik text is this module's content, not a look-alike of Latin letters.
# ruff: noqa: RUF001, RUF003

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

WITHHELD = {"en": "[name withheld]", "ru": "[имя не раскрывается]"}
MIN_PART_LETTERS = 3
# Russian case endings add at most three letters to a name ("-ого", "-ому").
MAX_INFLECTION_LETTERS = 3

_CYRILLIC_TO_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya", "є": "ye", "і": "i", "ї": "yi", "ў": "u",
    # Tajik letters
    "ғ": "gh", "ӣ": "i", "қ": "q", "ӯ": "u", "ҳ": "h", "ҷ": "j",
}  # fmt: skip
# Applied in order to both the name and the text, so every spelling of one sound
# folds to one letter: "Dzhamshed", "Djamshed", "Jamshed" -> "jamshed".
_LATIN_FOLDS = (
    ("shch", "sh"), ("sch", "sh"), ("dzh", "j"), ("dj", "j"), ("zh", "j"), ("kh", "h"),
    ("gh", "g"), ("q", "k"), ("x", "ks"), ("tch", "ch"), ("ts", "c"), ("tz", "c"),
    ("w", "v"), ("ph", "f"), ("yo", "e"), ("jo", "e"), ("ye", "e"), ("y", "i"),
)  # fmt: skip
_WORD = re.compile(r"\w+")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_DOUBLED = re.compile(r"(.)\1+")


@dataclass(frozen=True, slots=True)
class ConfidentialName:
    """A name that must not appear in public, and what replaces it there."""

    name: str
    description: str = ""


def skeleton(word: str) -> str:
    """Fold one word to a script- and spelling-independent key."""
    text = unicodedata.normalize("NFC", word).lower()
    # Transliterate before stripping accents: NFKD would turn "й" into "и" + breve.
    text = "".join(_CYRILLIC_TO_LATIN.get(char, char) for char in text)
    text = "".join(
        char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char)
    )
    for spelling, folded in _LATIN_FOLDS:
        text = text.replace(spelling, folded)
    return _DOUBLED.sub(r"\1", text)


def redact(
    *, text: str, confidential_names: Sequence[ConfidentialName], language: str = "en"
) -> str:
    """Replace each full name by its description (or "[name withheld]"), then any
    remaining part of a name by "[name withheld]". Longer names go first so
    "Anna Ivanova" is replaced whole before "Anna" alone could be."""
    withheld = WITHHELD.get(language, WITHHELD["en"])
    for person in sorted(confidential_names, key=lambda p: -len(p.name)):
        text = _replace(text=text, name=person.name, replacement=person.description or withheld)
    for person in confidential_names:
        for part in _parts(person.name):
            text = _replace(text=text, name=part, replacement=withheld)
    return text


def leaks(*, public_text: str, confidential_names: Iterable[str]) -> list[str]:
    """The confidential names (full or by a part) still findable in ``public_text``.

    Run before every publication; an empty list is the only passing result.
    """
    found = []
    for name in confidential_names:
        candidates = [name, *_parts(name)]
        if any(_spans(text=public_text, name=candidate) for candidate in candidates):
            found.append(name)
    return found


def mentions(*, text: str, name: str) -> bool:
    """Whether ``name`` appears whole, in any spelling, in ``text``."""
    return bool(_spans(text=text, name=name))


def _parts(name: str) -> list[str]:
    words = _WORD.findall(name)
    if len(words) < 2:
        return []
    return [word for word in words if len(word) >= MIN_PART_LETTERS and not word.isdigit()]


def _replace(*, text: str, name: str, replacement: str) -> str:
    # Replace from the end so earlier spans keep their offsets.
    for start, end in reversed(_spans(text=text, name=name)):
        text = text[:start] + replacement + text[end:]
    return text


def _spans(*, text: str, name: str) -> list[tuple[int, int]]:
    wanted = [skeleton(word) for word in _WORD.findall(name)]
    if not wanted or not all(wanted):
        return []
    words = list(_WORD.finditer(text))
    spans = []
    index = 0
    while index + len(wanted) <= len(words):
        window = words[index : index + len(wanted)]
        if all(_same_word(found, key) for found, key in zip(window, wanted, strict=True)):
            spans.append((window[0].start(), window[-1].end()))
            index += len(wanted)
        else:
            index += 1
    return spans


def _same_word(found: re.Match[str], key: str) -> bool:
    word = found.group()
    folded = skeleton(word)
    if folded == key:
        return True
    if not _CYRILLIC.search(word):
        return False
    # Russian declension: "Иванов" -> "Иванова", "Иванова" -> "Ивановой" (the final
    # vowel of the nominative is replaced, so compare without it).
    stem = key[:-1] if key[-1] in "aeiou" and len(key) >= MIN_PART_LETTERS else key
    return folded.startswith(stem) and len(folded) - len(stem) <= MAX_INFLECTION_LETTERS
