# ruff: noqa: RUF001, RUF002, RUF003 -- Cyrillic letters here are meant, not look-alikes.
"""Finding a confidential person's name in a text, however the text spells it.

The one matcher behind every consent and publication check: the consent check
before a letter goes to a State, the public redaction of a letter and its replies,
and the press-release check. It folds letters exactly as search does
(``names.skeleton``: Cyrillic and Latin, Ёров/Yorov/Iorov, Dzhamshed/Jamshed,
Rakhimova/Rahimova) and adds what a text does to a name that search need not:

- **qualifiers** are not part of a name: "(вымышленный)", "[pseudonym]" and a
  leading label such as "Demo:" are dropped before matching, so "лицо" in
  "(вымышленное лицо)" never matches the word "лицо" in a letter;
- **parts**: each part of three letters or more is matched on its own (surname
  alone, given name alone), and consecutive parts, in either order, as the name;
  initials ("Р. Назаров") are taken into the surname's match;
- **inflection**: a part is a stem plus an ending from a closed set chosen by the
  part's shape (``_forms``): Russian declension of possessive surnames (Назаров →
  Назарова/Назарову/Назаровым/Назарове/Назаровой), of feminine names in -а
  (Рахимова → Рахимовой/Рахимову), of consonant names (Рустам → Рустама/Рустаму/
  Рустамом), of names in -ий/-ия; Tajik suffixes (-ро, -и izofa, -ҳо, -ӣ, -аш, and
  the attached preposition ба-); the English possessive 's;
- **similar spelling**: the soft f/p and o/a variants search uses
  (``names._SOFT``: Шарифов/Шарипов, Абдулло/Абдулла), and, inside a two-word match
  only, one word with a typo (Jaro-Winkler at search's duplicate threshold).

What does NOT match, deliberately: a different surname built on a given name
("Rustamov" is not "Rustam": -ов is no case ending), a longer surname sharing a
stem ("Nazarbayev" is not "Nazarov"), and words shorter than three letters.
Over-matching is the safe direction for a check that blocks; the measured false
alarms are in docs/communications-core.md (``bench/consent_matching.py``).

Pure Python; nothing is logged or stored. Matches carry the words as they appear
so that a staff page can show them; never put them in an audit entry.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum

from django.utils.translation import gettext_lazy as _

from rapporteur.cases import names

MIN_PART_LETTERS = 3
# Particles of names that are ordinary words on their own (José de los Santos,
# Ahmad ibn Said, Alisher ogli): never matched alone.
PARTICLES = frozenset(
    [
        "de",
        "del",
        "la",
        "las",
        "los",
        "da",
        "das",
        "do",
        "dos",
        "di",
        "du",
        "der",
        "den",
        "van",
        "von",
        "ibn",
        "bin",
        "ben",
        "abu",
        "al",
        "el",
        "ogli",
        "ugli",
        "kizi",
        "kyzy",
        "qizi",
        "zade",
    ]
)

_QUALIFIER = re.compile(r"\([^)]*\)|\[[^\]]*\]")
# A leading label ("Demo:", "Демо:", "Намуна:", "Pseudonym:") of one to three words.
_LABEL = re.compile(r"^\s*(?:[^\W\d_]+\s+){0,2}[^\W\d_]+\s*:\s*")
# A word of the text: letters and digits, with apostrophes inside (Ma'ruf, O'Neil).
_WORD = re.compile(r"\w+(?:['’ʼ]\w+)*")
_POSSESSIVE = re.compile(r"['’ʼ]s$", re.IGNORECASE)
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_TAJIK_LETTERS = re.compile(r"[ғӣқӯҳҷҒӢҚӮҲҶ]")
_LATIN = re.compile(r"[A-Za-z]")
_DOUBLED = re.compile(r"(.)\1+")
_DIAERESIS = re.compile(r"[yY]?[ëË]")
_PATRONYMIC = re.compile(r"(ovich|evich|ovna|evna|ichna|ich)$")
_SURNAME = re.compile(r"(ov|ova|ev|eva|iev|ieva|zoda|zade|zod|ski|ska|skaia|enko|ian|iants)$")

# Endings in skeleton letters (ы and й fold to i, ё to e): the closed sets a stem
# may take. Russian nouns and possessive surnames, then Tajik suffixes. They apply to
# words written in Cyrillic; a Latin word may only be the other gender of a
# possessive surname (Rahimov/Rahimova) or an English possessive: applied to English
# or Spanish words, Russian endings turn "more" into a case of "Mora".
_RU_POSSESSIVE = ("a", "u", "im", "e", "i", "ih", "imi", "oi", "oiu")  # Назаров-
_RU_FEMININE = ("a", "i", "e", "u", "oi", "oiu", "ei", "eiu", "ia", "iu", "ie")  # Зарин-, Рахимов-
_RU_CONSONANT = ("a", "u", "om", "e", "ia", "iu", "em", "ie")  # Рустам-, Игор(ь)-
_RU_SOFT_I = ("ia", "iu", "em", "iem", "ie", "e", "i", "ei")  # Юри(й)-
_TJ_SUFFIXES = ("ro", "i", "ho", "hoi", "horo", "hoiash", "ash", "amon", "ashon", "iro")
_SOFT_MIN_LETTERS = 5
_TJ_PREPOSITION = "ба"  # written attached: баНазаров, ба Рустам


class Coverage(IntEnum):
    """How much of the name the matched words cover."""

    FULL = 0
    SURNAME = 1
    GIVEN = 2
    PATRONYMIC = 3


class Spelling(IntEnum):
    """How the matched words are spelled against the stored name, mildest first."""

    SAME = 0
    OTHER_TRANSLITERATION = 1
    OTHER_SCRIPT = 2
    INFLECTED = 3
    SIMILAR = 4


COVERAGE_LABELS = {
    Coverage.FULL: _("the full name"),
    Coverage.SURNAME: _("surname only"),
    Coverage.GIVEN: _("given name only"),
    Coverage.PATRONYMIC: _("patronymic only"),
}
SPELLING_LABELS = {
    Spelling.SAME: _("same spelling"),
    Spelling.OTHER_TRANSLITERATION: _("other transliteration"),
    Spelling.OTHER_SCRIPT: _("other script"),
    Spelling.INFLECTED: _("inflected form"),
    Spelling.SIMILAR: _("similar spelling"),
}


class Language(StrEnum):
    ENGLISH = "en"
    RUSSIAN = "ru"
    TAJIK = "tg"


@dataclass(frozen=True)
class ConfidentialPerson:
    """A person whose name must not appear in a text.

    ``description`` replaces the full name in public text; ``why`` says to staff why
    the name is confidential (no consent on the case, in the submission...).
    ``whole_name_only``: organisations' names are made of ordinary words ("Youth
    Centre"), so only the whole name is matched. ``key`` identifies the person to
    the caller (e.g. ``("case", 12, 40)``); the matcher does not read it.
    """

    name: str
    description: str = ""
    why: str = ""
    other_names: tuple[str, ...] = ()
    whole_name_only: bool = False
    key: tuple[object, ...] = ()


@dataclass(frozen=True)
class NameMatch:
    person: ConfidentialPerson
    start: int
    end: int
    words: str  # as they appear in the text
    coverage: Coverage
    spelling: Spelling
    language: str
    line: int
    # Written in the other script as well as inflected or similar ("Шахло Рахимовой"
    # for "Shahlo Rahimova").
    other_script: bool = False

    @property
    def reason(self) -> str:
        """E.g. "surname only, inflected form, other script" (translated)."""
        labels = [] if self.coverage == Coverage.FULL else [COVERAGE_LABELS[self.coverage]]
        labels.append(SPELLING_LABELS[self.spelling])
        if self.other_script and self.spelling != Spelling.OTHER_SCRIPT:
            labels.append(SPELLING_LABELS[Spelling.OTHER_SCRIPT])
        return ", ".join(str(label) for label in labels)


@dataclass(frozen=True)
class _Part:
    written: str
    plain: str  # normalised as written (same spelling)
    key: str  # skeleton
    cyrillic: bool
    role: Coverage
    forms: frozenset[str]  # inflected skeletons, for Cyrillic words
    latin_forms: frozenset[str]  # the few a Latin word may take
    soft_forms: frozenset[str]  # soft variants of key and forms, for Cyrillic words
    soft_key: str


@dataclass(eq=False)
class _Name:
    person: ConfidentialPerson
    parts: list[_Part] = field(default_factory=list)


@dataclass(frozen=True)
class _Word:
    start: int
    end: int
    plain: str
    key: str
    cyrillic: bool
    possessive: bool
    initial: str  # the folded first letter of a one-letter word ("Р."), else ""


def bare_name(name: str) -> str:
    """The name without bracketed qualifiers or a leading label ("Demo: Shahlo
    Rahimova (fictional)" → "Shahlo Rahimova")."""
    without = _QUALIFIER.sub(" ", name)
    labelled = _LABEL.sub("", without, count=1)
    # A name that is only a label ("Demo:") keeps its words.
    return " ".join((labelled if labelled.strip() else without).split())


def text_language(text: str) -> str:
    """Tajik if any letter only Tajik has (ғ ӣ қ ӯ ҳ ҷ), else Russian when Cyrillic
    letters outnumber Latin ones, else English."""
    if _TAJIK_LETTERS.search(text):
        return Language.TAJIK
    if len(_CYRILLIC.findall(text)) > len(_LATIN.findall(text)):
        return Language.RUSSIAN
    return Language.ENGLISH


def find_names(
    *,
    text: str,
    persons: Sequence[ConfidentialPerson],
    language: str = "",
    allowed: Sequence[str] = (),
) -> list[NameMatch]:
    """Every place ``text`` names one of ``persons``, in text order.

    ``allowed``: names that may appear (persons who consented). A surname or given
    name alone inside the full name of an allowed person is not a match: "Rustam
    Misoli" (consented) does not name "Рустам Назаров" by "Rustam".
    ``language``: the text's language when the caller knows it, else guessed.
    """
    words = _words(text)
    if not words or not persons:
        return []
    shown_language = language or text_language(text)
    parsed = [_parse(person, name) for person in persons for name in _all_names(person)]
    parsed = [p for p in parsed if p.parts]
    covered = _allowed_spans(words=words, allowed=allowed)
    found: list[NameMatch] = []
    for name, starts in _candidates(words=words, names=parsed).items():
        for first, last, coverage, spelling in _runs(words=words, name=name, starts=starts):
            if coverage != Coverage.FULL and any(a <= first and last <= b for a, b in covered):
                continue
            first = _with_initials(words=words, first=first, name=name)
            start, end = words[first].start, words[last].end
            found.append(
                NameMatch(
                    person=name.person,
                    start=start,
                    end=end,
                    words=text[start:end],
                    coverage=coverage,
                    spelling=spelling,
                    language=shown_language,
                    line=text.count("\n", 0, start) + 1,
                    other_script=_script_differs(text[start:end], name),
                )
            )
    return _without_overlaps(found)


def redact(
    *, text: str, persons: Sequence[ConfidentialPerson], withheld: str, language: str = ""
) -> str:
    """``text`` with each full name replaced by the person's description (or
    ``withheld``) and each part of a name by ``withheld``."""
    for match in reversed(find_names(text=text, persons=persons, language=language)):
        full = match.coverage == Coverage.FULL and match.person.description
        replacement = match.person.description if full else withheld
        text = text[: match.start] + replacement + text[match.end :]
    return text


# --- names -------------------------------------------------------------------------


def _all_names(person: ConfidentialPerson) -> list[str]:
    return [person.name, *_aliases(person.name), *(n for n in person.other_names if n.strip())]


def _aliases(name: str) -> list[str]:
    """Bracketed names are other names, not qualifiers, when every word is
    capitalised: "Deiner Méndez (Danna Méndez)" is also Danna Méndez, while
    "(fictional)", "(вымышленное лицо)" and "(fictional NGO)" qualify the name."""
    found = []
    for bracket in _QUALIFIER.findall(name):
        words = _WORD.findall(bracket)
        if words and all(w[:1].isupper() for w in words):
            found.append(" ".join(words))
    return found


def _parse(person: ConfidentialPerson, name: str) -> _Name:
    return _Name(person=person, parts=list(_parts(name)))


@functools.lru_cache(maxsize=4096)
def _parts(name: str) -> tuple[_Part, ...]:
    """The parts of a name with their forms: computed once per name, since the same
    persons are matched against every text of a letter."""
    written = [
        w
        for w in _WORD.findall(bare_name(name))
        if len(names.normalise(w)) >= MIN_PART_LETTERS
        and not w.isdigit()
        and names.normalise(w) not in PARTICLES
    ]
    roles = _roles([_key(w) for w in written])
    parts = []
    for word, role in zip(written, roles, strict=True):
        key = _key(word)
        if not key:
            continue
        forms = _forms(key)
        latin = _latin_forms(key)
        parts.append(
            _Part(
                written=word,
                plain=names.normalise(word),
                key=key,
                cyrillic=bool(_CYRILLIC.search(word)),
                role=role,
                forms=forms,
                latin_forms=latin,
                soft_forms=frozenset(_soft(f) for f in forms | {key}),
                soft_key=_soft(key),
            )
        )
    return tuple(parts)


def _roles(keys: list[str]) -> list[Coverage]:
    """Which part is the surname: the one part with a surname suffix (Назаров,
    Rahimova, Mirzozoda) wherever it stands; without one, the first part is the
    given name and the others surnames (Bernardo Cuero Bravo). Patronymics by suffix."""
    if len(keys) == 1:
        return [Coverage.FULL]
    roles = [Coverage.PATRONYMIC if _PATRONYMIC.search(k) else Coverage.GIVEN for k in keys]
    candidates = [
        i for i, k in enumerate(keys) if roles[i] == Coverage.GIVEN and _SURNAME.search(k)
    ]
    if len(candidates) == 1:
        roles[candidates[0]] = Coverage.SURNAME
        return roles
    first_given = next((i for i, r in enumerate(roles) if r == Coverage.GIVEN), None)
    return [
        Coverage.SURNAME if r == Coverage.GIVEN and i != first_given else r
        for i, r in enumerate(roles)
    ]


def _forms(key: str) -> frozenset[str]:
    """The skeletons of the inflected forms of one name part: a stem and the ending
    set its shape allows (see the module docstring), then Tajik suffixes."""
    stems: list[tuple[str, Sequence[str]]] = []
    if re.search(r"(ov|ev|in)$", key):
        stems.append((key, _RU_POSSESSIVE))
    elif key.endswith("a"):
        stems.append((key[:-1], _RU_FEMININE))
        if re.search(r"(ov|ev|in)a$", key):  # Рахимова: her family's Рахимов and its forms
            stems.append((key[:-1], ("", *_RU_POSSESSIVE)))
    elif key.endswith("i"):
        stems.append((key[:-1], _RU_SOFT_I))
    elif key[-1] not in "eou":
        stems.append((key, _RU_CONSONANT))
    stems.append((key, _TJ_SUFFIXES))
    forms = {
        _DOUBLED.sub(r"\1", stem + ending)
        for stem, endings in stems
        if len(stem) >= 2
        for ending in endings
    }
    return frozenset(f for f in forms - {key} if len(f) >= MIN_PART_LETTERS)


def _script_differs(words: str, name: _Name) -> bool:
    written = any(part.cyrillic for part in name.parts)
    return bool(_CYRILLIC.search(words)) != written


def _latin_forms(key: str) -> frozenset[str]:
    """Russian case forms of a surname written in Latin letters ("Nazarovym",
    "Rakhimovoy"), for surnames with a Slavic suffix only (-ov, -ev, -in and their
    feminine -a): such a stem with these endings is no English or Spanish word, whereas
    a bare name plus "-a" or "-u" often is."""
    if re.search(r"(ov|ev|in)$", key):
        return frozenset(key + ending for ending in _RU_POSSESSIVE)
    if re.search(r"(ov|ev|in)a$", key):
        stem = key[:-1]
        return frozenset(stem + ending for ending in ("", *_RU_POSSESSIVE, *_RU_FEMININE))
    return frozenset()


def _key(word: str) -> str:
    """Search's skeleton, after spelling BGN's ë (Худоёров: Khudoyërov) as yo: the
    diaeresis would otherwise be dropped and ë read as e."""
    return names.skeleton(_DIAERESIS.sub(_yo, word))


def _yo(match: re.Match[str]) -> str:
    return "YO" if match.group().isupper() else "yo"


def _initials(written: str) -> set[str]:
    """The letters a name's initial may be written with: "Д." and "J." for Джамшед."""
    return {i for i in (_key(written)[:1], names.transliterate(written)[:1]) if i}


def _soft(key: str) -> str:
    return key.translate(names._SOFT)


# --- words of the text ----------------------------------------------------------------


def _words(text: str) -> list[_Word]:
    found = []
    for match in _WORD.finditer(text):
        raw = match.group()
        possessive = bool(_POSSESSIVE.search(raw)) and len(raw) > 3
        stripped = raw[:-2] if possessive else raw
        plain = names.normalise(stripped)
        key = _key(stripped)
        initial = ""
        if len(plain) == 1 and plain.isalpha():
            initial = plain
        found.append(
            _Word(
                start=match.start(),
                end=match.end(),
                plain=plain,
                key=key,
                cyrillic=bool(_CYRILLIC.search(raw)),
                possessive=possessive,
                initial=initial,
            )
        )
    return found


def _spelling(word: _Word, part: _Part) -> Spelling | None:
    """How ``word`` spells ``part``, or None when it does not."""
    if not word.key or len(word.plain) < 2:
        return None
    found = _plain_spelling(word.plain, word.key, word.cyrillic, part)
    if found is None and word.cyrillic and word.plain.startswith(_TJ_PREPOSITION):
        rest = word.plain[len(_TJ_PREPOSITION) :]
        if (
            len(rest) >= MIN_PART_LETTERS
            and _plain_spelling(rest, _key(rest), True, part) is not None
        ):
            found = Spelling.INFLECTED
    if found is not None and word.possessive:
        return max(found, Spelling.INFLECTED)
    return found


def _plain_spelling(plain: str, key: str, cyrillic: bool, part: _Part) -> Spelling | None:
    if plain == part.plain:
        return Spelling.SAME
    if key == part.key:
        return (
            Spelling.OTHER_SCRIPT if cyrillic != part.cyrillic else Spelling.OTHER_TRANSLITERATION
        )
    if key in (part.forms if cyrillic else part.latin_forms):
        return Spelling.INFLECTED
    # Soft variants only for parts long enough not to meet common words (more/Mario).
    soft = part.soft_forms if cyrillic else (part.soft_key,)
    if len(part.key) >= _SOFT_MIN_LETTERS and _soft(key) in soft:
        return Spelling.SIMILAR
    return None


def _typo(word: _Word, part: _Part) -> bool:
    """One slip of the pen, accepted only next to a word that matched outright."""
    return (
        len(part.key) >= 5 and names.jaro_winkler(word.key, part.key) >= names.DUPLICATE_THRESHOLD
    )


def _candidates(*, words: list[_Word], names: list[_Name]) -> dict[_Name, list[int]]:
    """For each name, the word positions where a match may start: a word whose
    skeleton (plain, soft, or without an attached ба-) is one the name's parts
    accept, and the word before it (a typo may come first). A dictionary look-up
    per word, so long texts and long lists of names stay fast."""
    index: dict[str, list[_Name]] = {}
    for name in names:
        for part in name.parts:
            for key in {part.key, part.soft_key, *part.forms, *part.latin_forms, *part.soft_forms}:
                index.setdefault(key, []).append(name)
    starts: dict[_Name, set[int]] = {}
    for position, word in enumerate(words):
        keys = {word.key, _soft(word.key)}
        if word.cyrillic and word.plain.startswith(_TJ_PREPOSITION):
            keys.add(_key(word.plain[len(_TJ_PREPOSITION) :]))
        for key in keys:
            for name in index.get(key, ()):
                found = starts.setdefault(name, set())
                found.update((position, position - 1) if position else (position,))
    return {name: sorted(found) for name, found in starts.items()}


def _runs(
    *, words: list[_Word], name: _Name, starts: Sequence[int]
) -> Iterable[tuple[int, int, Coverage, Spelling]]:
    """(first word, last word, coverage, spelling) of each place the name appears:
    the longest run of consecutive words each matching a different part (in any
    order), else a single part where parts may match alone."""
    single = len(name.parts) == 1
    after = 0  # words before this are taken by an earlier match
    for index in starts:
        if index < after:
            continue
        after = index + 1
        run = _longest_run(words=words, start=index, name=name)
        whole = len(run) == len(name.parts) or not name.person.whole_name_only
        if len(run) >= 2 and whole:
            yield index, index + len(run) - 1, Coverage.FULL, max(run)
            after = index + len(run)
            continue
        if run and (single or not name.person.whole_name_only):
            part = _best_part(words[index], name)
            if part is not None:
                yield index, index, part.role, run[0]


def _longest_run(*, words: list[_Word], start: int, name: _Name) -> list[Spelling]:
    """The spellings of the consecutive words from ``start`` that each match a
    different part. One typo is allowed, and only beside a word that matched outright."""
    used: set[int] = set()
    spellings: list[Spelling] = []
    typo_used = False
    for word in words[start : start + len(name.parts)]:
        best: tuple[Spelling, int] | None = None
        for number, part in enumerate(name.parts):
            spelling = None if number in used else _spelling(word, part)
            if spelling is not None and (best is None or spelling < best[0]):
                best = (spelling, number)
        if best is None and not typo_used and len(name.parts) > 1:
            typo = next(
                (n for n, p in enumerate(name.parts) if n not in used and _typo(word, p)), None
            )
            if typo is not None:
                best, typo_used = (Spelling.SIMILAR, typo), True
        if best is None:
            break
        used.add(best[1])
        spellings.append(best[0])
    if typo_used and len(spellings) < 2:
        return []
    return spellings


def _best_part(word: _Word, name: _Name) -> _Part | None:
    matched = [(s, p) for p in name.parts if (s := _spelling(word, p)) is not None]
    return min(matched, key=lambda sp: (sp[0], sp[1].role))[1] if matched else None


def _with_initials(*, words: list[_Word], first: int, name: _Name) -> int:
    """Take initials standing before the match ("Р. Назаров", "R. R. Nazarov")
    when they are the initials of the person's other parts."""
    initials = set().union(*(_initials(p.written) for p in name.parts))
    while first > 0 and words[first - 1].initial and _initials(words[first - 1].initial) & initials:
        first -= 1
    return first


def _allowed_spans(*, words: list[_Word], allowed: Sequence[str]) -> list[tuple[int, int]]:
    parsed = [_parse(ConfidentialPerson(name=n, whole_name_only=True), n) for n in allowed]
    spans = []
    for name, starts in _candidates(
        words=words, names=[p for p in parsed if len(p.parts) > 1]
    ).items():
        for first, last, coverage, _spelling_found in _runs(words=words, name=name, starts=starts):
            if coverage == Coverage.FULL:
                spans.append((first, last))
    return spans


def _without_overlaps(found: list[NameMatch]) -> list[NameMatch]:
    """One match per stretch of text: the longest (a full name before its parts),
    then the first found."""
    kept: list[NameMatch] = []
    for match in sorted(found, key=lambda m: (m.start, -(m.end - m.start), m.coverage)):
        if kept and match.start < kept[-1].end:
            continue
        kept.append(match)
    return kept


__all__ = [
    "COVERAGE_LABELS",
    "SPELLING_LABELS",
    "ConfidentialPerson",
    "Coverage",
    "Language",
    "NameMatch",
    "Spelling",
    "bare_name",
    "find_names",
    "redact",
    "text_language",
]
