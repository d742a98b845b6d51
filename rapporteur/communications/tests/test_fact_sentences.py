# Russian and Tajik text is the test data here, not look-alikes of Latin letters.
"""Facts drafted from a case read as sentences in the letter's language: every act
type, every kind of uncertain date, either sex or none, places in the letter's
script, and never the old "Arrest; date: 2022." fragments."""

from __future__ import annotations

import re

import pytest

from rapporteur.cases.dates import UncertainDate, parse_uncertain_date
from rapporteur.communications.letters.facts import (
    FEMALE,
    MALE,
    PERPETRATORS,
    VERBS,
    ActFacts,
    cyrillic_place,
    fact_sentence,
    latin_place,
)

CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# The old fragments: "Arrest: [[person:1]]; date: spring 2022; place: ...".
FRAGMENTS = re.compile(
    r"; ?(date|place|legal provisions invoked|дата|место|правовые положения)\s*:|"
    r"^\w[\w ]*: \[\[person|\bdate: |\bplace: ",
    re.IGNORECASE,
)
DATES = ["2022-03-03", "2022-03", "2022", "spring 2022", "winter 2022", "~2022-03-03", ""]


def act(**fields) -> ActFacts:
    base = {
        "act_key": "arrest",
        "act_label": "Arrest",
        "when": parse_uncertain_date("2022-03-03"),
        "victim": "[[person:1]]",
        "perpetrators": (("state_security_committee", "State Security Committee"),),
        "place": "Худжанд",
        "region": "",
    }
    return ActFacts(**(base | fields))


def test_the_english_sentence_of_the_issue():
    assert (
        fact_sentence(act=act(region="Sughd Region"), language="en")
        == "On 3 March 2022, [[person:1]] was arrested by officers of the State Security "
        "Committee in Khujand (Sughd Region)."
    )


def test_the_russian_sentence_of_the_issue():
    assert (
        fact_sentence(act=act(region="Согдийская область", victim_sex=FEMALE), language="ru")
        == "3 марта 2022 года в Худжанде (Согдийская область) [[person:1]] была задержана "
        "сотрудниками Государственного комитета национальной безопасности."
    )


@pytest.mark.parametrize(
    ("when", "english", "russian"),
    [
        ("2022-03-03", "On 3 March 2022, ", "3 марта 2022 года "),
        ("2022-03", "In March 2022, ", "В марте 2022 года "),
        ("2022", "In 2022, ", "В 2022 году "),
        ("spring 2022", "In spring 2022, ", "Весной 2022 года "),
        ("winter 2022", "In winter 2022/23, ", "Зимой 2022/23 года "),
        ("~2022-03-03", "On or about 3 March 2022, ", "Около 3 марта 2022 года "),
        ("", "On a date that is not known, ", "В неустановленную дату "),
    ],
)
def test_uncertain_dates_read_as_words(when, english, russian):
    draft = act(when=parse_uncertain_date(when))
    assert fact_sentence(act=draft, language="en").startswith(english)
    assert fact_sentence(act=draft, language="ru").startswith(russian)


@pytest.mark.parametrize("key", [*VERBS, "a_term_without_a_phrase"])
@pytest.mark.parametrize("when", DATES)
@pytest.mark.parametrize("sex", [MALE, FEMALE, ""])
def test_every_act_is_a_sentence_never_a_fragment(key, when, sex):
    for perpetrators in ((), tuple((k, k) for k in PERPETRATORS), (("other", "Хукумат"),)):
        draft = act(
            act_key=key,
            act_label="Some act",
            when=parse_uncertain_date(when),
            victim_sex=sex,
            perpetrators=perpetrators,
            place="Хуҷанд, ул. Ленина 1",
            provisions=("Article 307",),
        )
        for language in ("en", "ru"):
            sentence = fact_sentence(act=draft, language=language)
            assert not FRAGMENTS.search(sentence), sentence
            assert (sentence[0].isupper() or sentence[0].isdigit()) and sentence.endswith(".")
            assert "[[person:1]]" in sentence
            assert "  " not in sentence and " ." not in sentence and ",," not in sentence
        english = fact_sentence(act=draft, language="en")
        # Only a label the desk itself typed in Cyrillic may remain (quoted perpetrator).
        assert not CYRILLIC.search(english.replace("Хукумат", "")), english


def test_russian_verbs_agree_with_the_victim():
    assert "[[person:1]] был задержан " in fact_sentence(act=act(victim_sex=MALE), language="ru")
    assert "[[person:1]] была задержана " in fact_sentence(
        act=act(victim_sex=FEMALE), language="ru"
    )
    assert "[[person:1]] был(а) задержан(а) " in fact_sentence(act=act(), language="ru")
    assert "подвергся(лась) физическому нападению" in fact_sentence(
        act=act(act_key="physical_attack"), language="ru"
    )


@pytest.mark.parametrize(
    ("written", "english", "russian"),
    [
        ("Худжанд", "Khujand", "Худжанд"),
        ("Хуҷанд", "Khujand", "Худжанд"),  # Tajik spelling
        ("Khujand", "Khujand", "Худжанд"),
        ("Кӯлоб", "Kulob", "Куляб"),
        ("район Ҷиликӯл", "rayon Jilikul", "район Джиликуль"),
        ("Душанбе, ул. Рудаки 5", "Dushanbe, ul. Rudaki 5", "Душанбе, ул. Рудаки 5"),
        ("Шаартуз", "Shaartuz", "Шаартуз"),  # not in the table: transliterated
        ("ГКНБ", "GKNB", "ГКНБ"),
        ("Ежов", "Yezhov", "Ежов"),
    ],
)
def test_places_in_the_letters_script(written, english, russian):
    assert latin_place(written) == english
    assert not CYRILLIC.search(latin_place(written))
    assert cyrillic_place(written) == russian


@pytest.mark.parametrize(
    ("place", "phrase"),
    [
        ("Худжанд", " в Худжанде "),
        ("Исфара", " в Исфаре "),
        ("Душанбе", " в Душанбе "),
        ("район Ҷиликӯл", " в районе Джиликуль "),
        ("Душанбе, ул. Рудаки 5", " в Душанбе (ул. Рудаки 5) "),
        ("Вахшский район", "(место: Вахшский район)"),  # not declined by guesswork
    ],
)
def test_russian_places_are_declined_only_where_safe(place, phrase):
    assert phrase in fact_sentence(act=act(place=place, victim_sex=MALE), language="ru")


def test_a_term_without_a_phrase_is_quoted_by_its_label():
    draft = act(act_key="", act_label="Confiscation of passport", perpetrators=())
    assert fact_sentence(act=draft, language="en") == (
        "On 3 March 2022, [[person:1]] was subjected to an act recorded as "
        "“Confiscation of passport” in Khujand."
    )


def test_an_act_without_a_victim_or_a_date():
    draft = act(victim="", when=UncertainDate.unknown(), perpetrators=(), place="")
    assert fact_sentence(act=draft, language="en") == (
        "On a date that is not known, a person was arrested."
    )


def test_a_region_already_named_by_the_place_is_not_repeated():
    draft = act(place="Душанбе, СИЗО", region="Dushanbe", perpetrators=())
    assert fact_sentence(act=draft, language="en").endswith("in Dushanbe, SIZO.")
    draft = act(place="Душанбе, СИЗО", region="Душанбе", perpetrators=(), victim_sex=MALE)
    assert "в Душанбе (СИЗО) [[person:1]] был задержан." in fact_sentence(act=draft, language="ru")


@pytest.mark.parametrize(
    ("written", "english", "russian"),
    [
        (
            "10-15.03.2022",
            "During 10–15 March 2022, ",
            "В период с 10 марта 2022 года по 15 марта 2022 года ",
        ),
        (
            "early March 2022",
            "During early March 2022, ",
            "В период с 1 марта 2022 года по 10 марта 2022 года ",
        ),
        ("Q1 2022", "During Q1 2022, ", "В период с 1 января 2022 года по 31 марта 2022 года "),
        ("before May 2022", "Before May 2022, ", "До мая 2022 года "),
        ("after 3 March 2022", "After 3 March 2022, ", "После 3 марта 2022 года "),
    ],
)
def test_windows_and_open_dates_read_as_sentences(written, english, russian):
    """Dates as people write them (windows, before, after) start a sentence."""

    act = ActFacts(
        act_key="arrest",
        act_label="Arrest",
        when=parse_uncertain_date(written),
        victim="[[person:1]]",
    )
    assert fact_sentence(act=act, language="en").startswith(english)
    assert fact_sentence(act=act, language="ru").startswith(russian)
