"""The period comparison in the Rapporteur's words, in English, Russian (three plural
forms, and the genitive after "не более") and Tajik, with bounds and suppression."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from rapporteur.insights.periods import Period
from rapporteur.insights.selectors import Bounds
from rapporteur.insights.sentences import comparison_sentence

PAST_SIX = Period.past_months(6, today=date(2022, 12, 5))
SEVEN = Bounds(7, 7)


def _sentence(language: str, current: Bounds, previous: Bounds = SEVEN, **kwargs) -> str:
    with translation.override(language):
        return comparison_sentence(
            period=PAST_SIX,
            current=current,
            previous=previous,
            act_labels=kwargs.pop("acts", ["Arrest"]),
            past_months=6,
            **kwargs,
        )


def test_the_statements_sentence_in_english():
    assert _sentence("en", Bounds(18, 21), profession_labels=["Journalist", "Blogger"]) == (
        "In the past 6 months (June–November 2022), at least 18 and at most 21 persons"
        " were subjected to “Arrest” (victims' profession: Journalist, Blogger), against 7"
        " in the period before (December 2021 – May 2022)."
    )


def test_the_past_six_months_end_with_the_last_whole_month():
    assert (PAST_SIX.start, PAST_SIX.end) == (date(2022, 6, 1), date(2022, 11, 30))
    before = PAST_SIX.previous()
    assert (before.start, before.end) == (date(2021, 12, 1), date(2022, 5, 31))


@pytest.mark.parametrize(
    ("bounds", "words"),
    [
        (Bounds(21, 21), "21 человек подвергся"),  # one: nominative singular
        (Bounds(22, 22), "22 человека подверглись"),  # few
        (Bounds(25, 25), "25 человек подверглись"),  # many
        (Bounds(11, 11), "11 человек подверглись"),  # 11 is "many", not "one"
        (Bounds(18, 21), "не менее 18 и не более 21 человека подверглись"),  # genitive one
        (Bounds(18, 24), "не менее 18 и не более 24 человек подверглись"),
    ],
)
def test_russian_takes_the_form_its_number_asks_for(bounds, words):
    sentence = _sentence("ru", bounds)
    assert words in sentence, sentence
    assert sentence.startswith("За последние 6 месяцев (июнь–ноябрь 2022 г.)")
    assert "«Arrest»" in sentence and "за предыдущий период" in sentence


@pytest.mark.parametrize(
    ("bounds", "words"),
    [
        (Bounds(1, 1), "1 нафар ба поймолкуниҳо («Arrest») дучор шуд,"),
        (Bounds(5, 5), "5 нафар ба поймолкуниҳо («Arrest») дучор шуданд"),
        (Bounds(18, 21), "на камтар аз 18 ва на зиёда аз 21 нафар"),
    ],
)
def test_tajik_has_two_forms(bounds, words):
    sentence = _sentence("tg", bounds)
    assert words in sentence, sentence
    assert sentence.startswith("Дар 6 моҳи охир")


def test_small_figures_never_reach_a_role_without_full_access():
    hidden = _sentence("en", Bounds(1, 3), previous=Bounds(2, 2), exact=False)
    assert "fewer than 5 persons were subjected" in hidden
    assert "against fewer than 5 in the period before" in hidden
    assert not any(f" {n} " in hidden for n in (1, 2, 3))
    partly = _sentence("en", Bounds(2, 12), exact=False)
    assert "at most 12 persons" in partly and " 2 " not in partly
    assert "at least 2" in _sentence("en", Bounds(2, 12), exact=True)


def test_no_act_type_chosen_counts_every_act():
    assert "were subjected to any recorded act" in _sentence("en", Bounds(9, 9), acts=[])
    assert "(все виды)" in _sentence("ru", Bounds(9, 9), acts=[])
