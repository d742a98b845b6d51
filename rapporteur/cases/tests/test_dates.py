"""Uncertain dates: parsing, intervals, display in three languages, window counting."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from rapporteur.cases.dates import (
    Precision,
    UncertainDate,
    UncertainDateError,
    WindowMatch,
    classify_in_window,
    count_in_window,
    in_words,
    parse_uncertain_date,
    past_months_window,
)
from rapporteur.cases.dates.display import month_label


@pytest.mark.parametrize(
    ("text", "precision", "earliest", "latest"),
    [
        ("2022-03-14", Precision.EXACT, date(2022, 3, 14), date(2022, 3, 14)),
        ("14.03.2022", Precision.EXACT, date(2022, 3, 14), date(2022, 3, 14)),
        ("14 марта 2022 г.", Precision.EXACT, date(2022, 3, 14), date(2022, 3, 14)),
        ("2022-03", Precision.MONTH, date(2022, 3, 1), date(2022, 3, 31)),
        ("2024-02", Precision.MONTH, date(2024, 2, 1), date(2024, 2, 29)),
        ("март 2022", Precision.MONTH, date(2022, 3, 1), date(2022, 3, 31)),
        ("марти 2022", Precision.MONTH, date(2022, 3, 1), date(2022, 3, 31)),
        ("2022", Precision.YEAR, date(2022, 1, 1), date(2022, 12, 31)),
        ("2022 г.", Precision.YEAR, date(2022, 1, 1), date(2022, 12, 31)),
        ("spring 2022", Precision.SEASON, date(2022, 3, 1), date(2022, 5, 31)),
        ("весна 2022", Precision.SEASON, date(2022, 3, 1), date(2022, 5, 31)),
        ("баҳори 2022", Precision.SEASON, date(2022, 3, 1), date(2022, 5, 31)),
        ("осенью 2021", Precision.SEASON, date(2021, 9, 1), date(2021, 11, 30)),
        ("winter 2022/23", Precision.SEASON, date(2022, 12, 1), date(2023, 2, 28)),
        ("~2022-03-14", Precision.APPROXIMATE, date(2022, 2, 27), date(2022, 3, 29)),
        ("~2022-03-14 ±3 days", Precision.APPROXIMATE, date(2022, 3, 11), date(2022, 3, 17)),
        ("about March 2022", Precision.APPROXIMATE, date(2022, 2, 14), date(2022, 4, 15)),
        ("около 2022-03-14", Precision.APPROXIMATE, date(2022, 2, 27), date(2022, 3, 29)),
    ],
)
def test_parse_gives_the_interval_the_source_allows(text, precision, earliest, latest):
    parsed = parse_uncertain_date(text)
    assert parsed.precision is precision
    assert (parsed.earliest, parsed.latest) == (earliest, latest)


@pytest.mark.parametrize("text", ["", "  ", "unknown", "Unknown", "неизвестно", "номаълум", None])
def test_unknown_has_no_interval(text):
    parsed = parse_uncertain_date(text)
    assert parsed.precision is Precision.UNKNOWN
    assert parsed.earliest is None and parsed.latest is None
    assert not parsed.overlaps(date(1900, 1, 1), date(2100, 1, 1))


@pytest.mark.parametrize(
    "text",
    [
        "2022-13-01",
        "2022-02-30",
        "31.02.2022",
        "yesterday",
        "spring",
        "monsoon 2022",
        "summer 2022/23",
        "about",
        "12 spring 2022",
        "2022-3-14-1",
    ],
)
def test_bad_input_is_a_clear_value_error(text):
    with pytest.raises(UncertainDateError) as raised:
        parse_uncertain_date(text)
    assert isinstance(raised.value, ValueError)
    assert repr(text) in str(raised.value) or "date" in str(raised.value)


def test_values_are_normalised_so_equal_facts_compare_equal():
    assert UncertainDate(date(2022, 3, 14), Precision.MONTH) == parse_uncertain_date("2022-03")
    assert UncertainDate(date(2022, 4, 20), Precision.SEASON) == parse_uncertain_date("spring 2022")
    # January belongs to the winter that began the previous December.
    assert UncertainDate(date(2023, 1, 10), Precision.SEASON).value == date(2022, 12, 1)


def test_unknown_cannot_carry_a_value_and_known_needs_one():
    with pytest.raises(UncertainDateError):
        UncertainDate(date(2022, 1, 1), Precision.UNKNOWN)
    with pytest.raises(UncertainDateError):
        UncertainDate(None, Precision.YEAR)


@pytest.mark.parametrize(
    "text",
    ["2022-03-14", "2022-03", "2022", "spring 2022", "winter 2021", "~2022-03-14±7", "unknown"],
)
def test_to_text_round_trips(text):
    parsed = parse_uncertain_date(text)
    assert parse_uncertain_date(parsed.to_text()) == parsed


@pytest.mark.parametrize(
    ("text", "en", "ru", "tg"),
    [
        ("spring 2022", "spring 2022", "весна 2022 г.", "баҳори 2022"),
        ("2022-03", "March 2022", "март 2022 г.", "марти 2022"),
        ("2022-03-14", "14 March 2022", "14 марта 2022 г.", "14 марти 2022"),
        ("2022", "2022", "2022 г.", "соли 2022"),
        ("winter 2022", "winter 2022/23", "зима 2022/23 г.", "зимистони 2022/23"),
        ("unknown", "date unknown", "дата неизвестна", "сана номаълум"),
        ("Q3 2022", "Q3 2022", "III квартал 2022 г.", "семоҳаи III 2022"),
        ("H2 2022", "second half of 2022", "II полугодие 2022 г.", "нимсолаи II 2022"),
        ("2021-2022", "2021–2022", "2021–2022 гг.", "солҳои 2021–2022"),
        ("late 2021", "late 2021", "конец 2021 г.", "охири соли 2021"),
        ("mid-May 2022", "mid-May 2022", "середина мая 2022 г.", "миёнаи майи 2022"),
        ("March-May 2021", "spring 2021", "весна 2021 г.", "баҳори 2021"),
        ("March-April 2022", "March–April 2022", "март–апрель 2022 г.", "март–апрели 2022"),
        ("after 2021", "after 2021", "после 2021 г.", "пас аз соли 2021"),
    ],
)
def test_display_in_three_languages(text, en, ru, tg):
    parsed = parse_uncertain_date(text)
    assert [in_words(parsed, lang) for lang in ("en", "ru", "tg")] == [en, ru, tg]


def test_display_of_approximate_states_the_margin():
    parsed = parse_uncertain_date("~2022-03-14")
    assert in_words(parsed, "en") == "about 14 March 2022 (± 15 days)"
    assert in_words(parsed, "tg").startswith("тақрибан 14 марти 2022")


@pytest.mark.parametrize("margin", [1, 2, 5, 21])
def test_display_of_a_margin_agrees_with_its_number(margin):
    parsed = UncertainDate(date(2022, 3, 14), Precision.APPROXIMATE, margin)
    unit = "day" if margin == 1 else "days"
    assert in_words(parsed, "en") == f"about 14 March 2022 (± {margin} {unit})"
    assert in_words(parsed, "ru") == f"около 14 марта 2022 г. (± {margin} дн.)"
    assert parse_uncertain_date(in_words(parsed, "en")) == parsed


@pytest.mark.parametrize("active", ["en", "ru", "tg"])
def test_display_is_in_the_language_asked_whatever_is_active(active):
    """The words come from the catalogues, looked up in the language asked for; the
    active language is left as it was."""
    parsed = parse_uncertain_date("before March 2022")
    with translation.override(active):
        shown = [in_words(parsed, language) for language in ("en", "ru", "tg")]
        months = [month_label(3, language, genitive=True) for language in ("en", "ru", "tg")]
        assert translation.get_language() == active
    assert shown == ["before March 2022", "до марта 2022 г.", "пеш аз марти 2022"]
    assert months == ["March", "марта", "марти"]


def test_display_refuses_an_unknown_language():
    with pytest.raises(UncertainDateError):
        in_words(parse_uncertain_date("2022"), "fr")


def test_past_six_months_window_as_of_the_statement():
    assert past_months_window(months=6, today=date(2022, 12, 9)) == (
        date(2022, 6, 10),
        date(2022, 12, 9),
    )
    # Month ends clamp rather than overflow.
    assert past_months_window(months=1, today=date(2022, 3, 31))[0] == date(2022, 3, 1)


def test_counting_in_the_past_six_months():
    start, end = past_months_window(months=6, today=date(2022, 12, 9))
    acts = [
        parse_uncertain_date("2022-11-02"),  # certain
        parse_uncertain_date("autumn 2022"),  # certain: Sep-Nov inside Jun 10 - Dec 9
        parse_uncertain_date("2022-06"),  # possible: 1-9 June lie before the window
        parse_uncertain_date("2022"),  # possible
        parse_uncertain_date("spring 2022"),  # outside
        parse_uncertain_date("unknown"),  # undated
    ]
    count = count_in_window(acts, start=start, end=end)
    assert (count.certain, count.possible, count.undated, count.at_most) == (2, 2, 1, 4)


def test_classify_edges_are_inclusive():
    day = parse_uncertain_date("2022-06-10")
    assert classify_in_window(day, start=date(2022, 6, 10), end=date(2022, 6, 10)) is (
        WindowMatch.CERTAIN
    )
    with pytest.raises(UncertainDateError):
        classify_in_window(day, start=date(2022, 6, 11), end=date(2022, 6, 10))
