"""Blind-index search: across scripts, never a hidden case, counts of visible only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from rapporteur.cases.models import SearchToken
from rapporteur.cases.selectors import search_cases
from rapporteur.testing.cases import desk_keys_of, documented_case, sign_in_with_keys

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("query", ["Хуҷанд", "Худжанд", "Khujand", "Khudzhand", "khujand"])
def test_place_matches_in_every_spelling(desk, officer, query):
    case, _ = documented_case(officer, place="Хуҷанд")
    assert list(search_cases(officer, query=query, desk_keys=desk_keys_of(officer))) == [case]


@pytest.mark.parametrize("query", ["Ёров", "Yorov", "Бузургмеҳр Ёров", "Yorov Buzurgmehr"])
def test_name_matches_through_the_other_script(desk, officer, query):
    case, _ = documented_case(officer, name="Buzurgmehr Yorov")
    assert list(search_cases(officer, query=query, desk_keys=desk_keys_of(officer))) == [case]


def test_narrative_words_are_found_and_absent_words_are_not(desk, officer):
    case, _ = documented_case(officer, narrative="Задержан после защиты оппозиции")
    keys = desk_keys_of(officer)
    assert list(search_cases(officer, query="задержан", desk_keys=keys)) == [case]
    assert list(search_cases(officer, query="Karimov", desk_keys=keys)) == []


def test_search_never_returns_a_hidden_case_and_counts_only_visible(
    desk, officer, other_officer, rapporteur_user
):
    mine, _ = documented_case(officer, name="Alisher Karimov")
    theirs, _ = documented_case(other_officer, name="Алишер Каримов")
    assert list(search_cases(officer, query="Karimov", desk_keys=desk_keys_of(officer))) == [mine]
    page = sign_in_with_keys(officer).get(reverse("cases:search"), {"q": "Каримов"})
    html = page.content.decode()
    assert "1 case found." in html and f"/desk/cases/{theirs.pk}/" not in html
    everyone = search_cases(
        rapporteur_user, query="Karimov", desk_keys=desk_keys_of(rapporteur_user)
    )
    assert set(everyone) == {mine, theirs}


def test_tokens_hold_no_plaintext_and_depend_on_the_desk_key(desk, officer):
    documented_case(officer, name="Buzurgmehr Yorov")
    tokens = set(SearchToken.objects.values_list("token", flat=True))
    assert tokens and all(len(t) == 32 for t in tokens)
    assert not any("yorov" in t or "erov" in t for t in tokens)
