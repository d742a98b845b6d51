# ruff: noqa: RUF002 -- Russian and Tajik names are the test data here.
"""The name matcher against the class of spellings a text can give a stored name.

Variants are generated here, independently of the matcher: other scripts through
transliteration tables that are NOT ours (BGN/PCGN-like and passport-like), a
Russian declension written from the grammar (each case), Tajik suffixes, the surname
or given name alone, upper case, reversed order, initials. Each must be caught, in
a sentence of the other language too; ordinary words and other names must not be.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from rapporteur.cases.name_matching import (
    ConfidentialPerson,
    Coverage,
    Spelling,
    bare_name,
    find_names,
    redact,
    text_language,
)

# (stored name, given name, surname): Cyrillic and Latin, with and without qualifiers.
STORED = [
    ("Рустам Назаров (вымышленный)", "Рустам", "Назаров"),
    ("Demo: Shahlo Rahimova (fictional)", "Shahlo", "Rahimova"),
    ("Демо: Зарина Назарова (вымышленное лицо)", "Зарина", "Назарова"),
    ("Ҷамшед Ғуломов", "Ҷамшед", "Ғуломов"),
    ("Бахтиёр Ёров [pseudonym]", "Бахтиёр", "Ёров"),
    ("Dzhamshed Karimov", "Dzhamshed", "Karimov"),
    ("Намуна: Фируза Мирзоева (шахси бофта)", "Фируза", "Мирзоева"),
    ("Далер Худоёров", "Далер", "Худоёров"),
]

# Cyrillic → Latin as the US Board on Geographic Names writes Russian (BGN/PCGN-like),
# and as passports do (ICAO 9303-like, with Tajik passports' dj/gh/q/h letters).
BGN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "ye", "ё": "yë", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ы": "y", "э": "e", "ю": "yu", "я": "ya",
    "ғ": "gh", "ӣ": "i", "қ": "q", "ӯ": "u", "ҳ": "h", "ҷ": "dzh",
}  # fmt: skip
PASSPORT = {
    **BGN, "е": "e", "ё": "e", "й": "i", "ю": "iu", "я": "ia", "ҷ": "dj", "х": "kh",
    "ҳ": "h", "ғ": "g", "қ": "k",
}  # fmt: skip
# Latin → Cyrillic, greedy, as a Russian clerk would write a Latin name.
TO_CYRILLIC = [
    ("dzh", "дж"), ("sh", "ш"), ("kh", "х"), ("zh", "ж"), ("ch", "ч"), ("ya", "я"),
    ("yu", "ю"), ("yo", "ё"), ("j", "дж"), ("a", "а"), ("b", "б"), ("d", "д"), ("e", "е"),
    ("f", "ф"), ("g", "г"), ("h", "х"), ("i", "и"), ("k", "к"), ("l", "л"), ("m", "м"),
    ("n", "н"), ("o", "о"), ("p", "п"), ("q", "к"), ("r", "р"), ("s", "с"), ("t", "т"),
    ("u", "у"), ("v", "в"), ("y", "й"), ("z", "з"),
]  # fmt: skip


def to_latin(word: str, table: dict[str, str]) -> str:
    out = []
    for i, char in enumerate(word):
        low = char.lower()
        latin = table.get(low, low)
        if low == "е" and table is BGN and i > 0 and word[i - 1].lower() not in "аеёиоуыэюя":
            latin = "e"  # BGN writes ye only at the start and after a vowel
        out.append(latin.capitalize() if char.isupper() else latin)
    return "".join(out)


def to_cyrillic(word: str) -> str:
    low, out = word.lower(), ""
    while low:
        for latin, cyr in TO_CYRILLIC:
            if low.startswith(latin):
                out, low = out + cyr, low[len(latin) :]
                break
        else:
            out, low = out + low[0], low[1:]
    return out.capitalize()


def cyrillic(word: str) -> str:
    return word if re.search("[а-яёҷғқҳӣӯ]", word.lower()) else to_cyrillic(word)


def declensions(word: str, *, surname: bool) -> list[str]:
    """The Russian case forms of a name, from the grammar: possessive surnames in
    -ов/-ев/-ин and their feminine -ова; names in -а; names ending in a consonant."""
    w = cyrillic(word)
    if surname and re.search("(ов|ев|ёв|ин)$", w):
        return [w + e for e in ("а", "у", "ым", "е")]
    if surname and re.search("(ова|ева|ёва|ина)$", w):
        return [w[:-1] + "ой", w[:-1] + "у"]
    if w.endswith("а"):
        return [w[:-1] + e for e in ("ы", "е", "у", "ой")]
    if w[-1] in "оеиуӣ":
        return []  # Шахло, Далери: not declined in Russian
    return [w + e for e in ("а", "у", "ом", "е")]


def tajik_forms(word: str) -> list[str]:
    w = cyrillic(word)
    return [w + "ро", w + "и", w + "ҳо", "ба" + w, w + "ӣ"]


def variants(stored: str, given: str, surname: str) -> list[tuple[str, str]]:
    """(label, text) pairs: every spelling class the matcher must catch."""
    found = [
        ("full, bare", f"{given} {surname}"),
        ("upper case", f"{given} {surname}".upper()),
        ("reversed", f"{surname} {given}"),
        ("surname alone", surname),
        ("given name alone", given),
        ("initial", f"{cyrillic(given)[0]}. {cyrillic(surname)}"),
        ("cyrillic", f"{cyrillic(given)} {cyrillic(surname)}"),
    ]
    for name, table in (("bgn", BGN), ("passport", PASSPORT)):
        found.append(
            (name, f"{to_latin(cyrillic(given), table)} {to_latin(cyrillic(surname), table)}")
        )
        found.append((f"{name} surname", to_latin(cyrillic(surname), table)))
    found += [(f"case of surname {f}", f) for f in declensions(surname, surname=True)]
    # The same case forms written in Latin letters, as an English text quoting a
    # Russian one does ("Nazarovym", "Rakhimovoy").
    found += [
        (f"latin case of surname {to_latin(f, table)}", to_latin(f, table))
        for f in declensions(surname, surname=True)
        for table in (BGN, PASSPORT)
    ]
    found += [(f"case of given name {f}", f) for f in declensions(given, surname=False)]
    found += [(f"tajik {f}", f) for f in tajik_forms(surname)]
    found.append(("english possessive", f"{to_latin(cyrillic(surname), BGN)}'s"))
    return found


CASES = [
    pytest.param(stored, label, text, id=f"{bare_name(stored)}: {label}")
    for stored, given, surname in STORED
    for label, text in variants(stored, given, surname)
]
SENTENCES = ("Сообщается, что {} был задержан 3 мая.", "On 3 May, {} was summoned again.")


@pytest.mark.parametrize(("stored", "label", "text"), CASES)
def test_every_spelling_of_a_stored_name_is_caught(stored, label, text):
    person = ConfidentialPerson(name=stored, description="a defender")
    for sentence in SENTENCES:
        found = find_names(text=sentence.format(text), persons=[person])
        assert [m.words for m in found] == [text], (label, sentence.format(text))
        assert found[0].person is person


@pytest.mark.parametrize(("stored", "label", "text"), CASES)
def test_redaction_leaves_nothing_findable(stored, label, text):
    person = ConfidentialPerson(name=stored, description="a defender")
    public = redact(text=f"Later, {text} spoke.", persons=[person], withheld="[withheld]")
    assert find_names(text=public, persons=[person]) == []
    assert text not in public


@pytest.mark.parametrize(
    "text",
    [
        "Это вымышлено; лицо не установлено.",  # the qualifiers' own words
        "The fictional account of a pseudonym was demo material.",
        "Nazarbayev and Назарбаев met Rustamov.",  # longer names sharing a stem
        "Karimzoda, Rahmonov, Sattorov and Kamolov were released.",
        "Назира, Зарема и Шахноза пришли.",
        "The Government of Tajikistan replied on 3 May; Ms. Anna Petrova thanked them.",
        "Решение суда по статье 307 было обжаловано в Верховном суде.",
        "Ҳукумат ба нома ҷавоб дод ва мурофиаи судӣ идома дорад.",
    ],
)
def test_ordinary_words_and_other_names_are_not_taken_for_a_stored_name(text):
    persons = [ConfidentialPerson(name=stored) for stored, _, _ in STORED]
    assert find_names(text=text, persons=persons) == []


def test_reasons_say_how_the_words_match():
    person = ConfidentialPerson(name="Рустам Назаров (вымышленный)")

    def reason(text: str) -> tuple[Coverage, Spelling]:
        (match,) = find_names(text=text, persons=[person])
        return match.coverage, match.spelling

    assert reason("Рустам Назаров") == (Coverage.FULL, Spelling.SAME)
    assert reason("Rustam Nazarov") == (Coverage.FULL, Spelling.OTHER_SCRIPT)
    assert reason("Назарову") == (Coverage.SURNAME, Spelling.INFLECTED)
    assert reason("Рустаму") == (Coverage.GIVEN, Spelling.INFLECTED)
    assert reason("Rustam Nazarv") == (Coverage.FULL, Spelling.SIMILAR)  # one typo, beside a word
    assert find_names(text="Nazarv", persons=[person]) == []  # a typo alone is no match
    shahlo = ConfidentialPerson(name="Demo: Shahlo Rahimova (fictional)")
    (match,) = find_names(text="Shakhlo Rakhimova", persons=[shahlo])
    assert match.spelling == Spelling.OTHER_TRANSLITERATION
    assert match.reason == "other transliteration"
    (match,) = find_names(text="Шахло Рахимовой", persons=[shahlo])
    assert match.reason == "inflected form, other script"
    (match,) = find_names(text="line one\nШарипова", persons=[ConfidentialPerson("Фируз Шарифов")])
    assert (match.spelling, match.line, match.language) == (Spelling.SIMILAR, 2, "ru")


def test_a_consenting_person_sharing_a_given_name_is_not_a_match():
    person = ConfidentialPerson(name="Рустам Назаров")
    text = "Rustam Misoli was released."
    assert len(find_names(text=text, persons=[person])) == 1
    assert find_names(text=text, persons=[person], allowed=["Рустам Мисоли"]) == []
    # ...but the confidential person's own full name still is one.
    both = "Rustam Misoli and Rustam Nazarov"
    assert [
        m.words for m in find_names(text=both, persons=[person], allowed=["Rustam Misoli"])
    ] == ["Rustam Nazarov"]


def test_an_organisation_matches_only_as_a_whole():
    ngo = ConfidentialPerson(
        name="Demo: Bright Future Youth Centre (fictional NGO)", whole_name_only=True
    )
    assert find_names(text="a youth centre with a bright future", persons=[ngo]) == []
    assert [m.words for m in find_names(text="the Bright Future Youth Centre", persons=[ngo])] == [
        "Bright Future Youth Centre"
    ]


def test_other_names_recorded_for_a_person_are_matched_too():
    person = ConfidentialPerson(name="Рустам Назаров", other_names=("Рустами Назар",))
    (match,) = find_names(text="Ба гуфтаи Рустами Назар", persons=[person])
    assert match.words == "Рустами Назар"


@pytest.mark.parametrize(
    ("stored", "bare"),
    [
        ("Demo: Shahlo Rahimova (fictional)", "Shahlo Rahimova"),
        ("Демо: Далер Худоёров (вымышленное лицо)", "Далер Худоёров"),
        ("Намуна: Фируза Мирзоева (шахси бофта)", "Фируза Мирзоева"),
        ("Бахтиёр Ёров [pseudonym]", "Бахтиёр Ёров"),
        ("Рустам Назаров", "Рустам Назаров"),
    ],
)
def test_qualifiers_and_labels_are_not_part_of_the_name(stored, bare):
    assert bare_name(stored) == bare


def test_text_language():
    assert text_language("On 3 May he was arrested.") == "en"
    assert text_language("Его задержали 3 мая.") == "ru"
    assert text_language("Ӯро 3 май боздошт карданд.") == "tg"


SHARED = Path("../shared")


def _standard_texts() -> list[str]:
    from rapporteur.communications.letters.paragraphs import LIBRARY

    texts = [p.in_language(language) for p in LIBRARY.values() for language in ("en", "ru")]
    seed = SHARED / "seed"
    if seed.is_dir():
        texts += [path.read_text(encoding="utf-8") for path in sorted(seed.glob("*.txt"))]
    return texts


def test_demo_persons_without_consent_raise_no_alarm_on_standard_texts():
    """Stated bound (bench/consent_matching.py prints the full figures): the demo's
    persons without consent match nothing in the standard paragraphs or the seed
    end-of-mission statement."""
    from rapporteur.cases import demo as cases_demo
    from rapporteur.communications import demo as comms_demo

    persons = [
        ConfidentialPerson(name=name, whole_name_only=not profession)
        for spec in cases_demo.CASES
        for name, _other, profession, _sex, consent, _narrative in spec["persons"]
        if consent != "yes"
    ]
    persons += [
        ConfidentialPerson(name=spec[6][0])
        for spec in comms_demo.COMMUNICATIONS
        if spec[6] and not spec[7]
    ]
    assert persons
    assert [
        m.words for text in _standard_texts() for m in find_names(text=text, persons=persons)
    ] == []


def test_colombian_names_raise_no_alarm_on_texts_not_naming_them_and_are_all_found():
    table = SHARED / "data" / "cases" / "colombia-social-leaders-killed-2016-2017.csv"
    if not table.is_file():
        pytest.skip("shared data not present")
    with table.open(encoding="utf-8") as handle:
        names = [row["Nombre"] for row in csv.DictReader(handle) if row["Nombre"].strip()]
    persons = [ConfidentialPerson(name=name) for name in names]
    assert [
        m.words for text in _standard_texts() for m in find_names(text=text, persons=persons)
    ] == []
    for name, person in zip(names, persons, strict=True):
        bare = bare_name(name)
        for variant in (bare.upper(), bare.split()[-1], " ".join(reversed(bare.split()))):
            found = find_names(text=f"Según la fuente, {variant} fue amenazado.", persons=[person])
            assert found, (name, variant)
