"""Uncertain dates: stored with precision and interval, displayed as entered,
filtered by overlap or by certain inclusion."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from rapporteur.cases.models import Act, Term
from rapporteur.cases.selectors import filtered_cases
from rapporteur.cases.services import records
from rapporteur.testing.cases import documented_case, sign_in_with_keys, term

pytestmark = pytest.mark.django_db


def test_season_is_stored_as_value_precision_and_interval(desk, officer):
    documented_case(officer, when="spring 2022")
    act = Act.objects.get()
    assert (act.start_value, act.start_precision) == (date(2022, 3, 1), "season")
    assert (act.start_earliest, act.start_latest) == (date(2022, 3, 1), date(2022, 5, 31))


@pytest.mark.parametrize(
    ("language", "shown"), [("en", "spring 2022"), ("ru", "весна 2022"), ("tg", "баҳори 2022")]
)
def test_displayed_as_entered_in_each_language(desk, officer, language, shown):
    case, _ = documented_case(officer, when="spring 2022")
    client = sign_in_with_keys(officer)
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    assert shown in client.get(reverse("cases:detail", args=[case.pk])).content.decode()


def test_filter_by_overlap_and_by_certainty(desk, officer):
    spring, _ = documented_case(officer, when="spring 2022")
    year, _ = documented_case(officer, when="2022")
    exact, _ = documented_case(officer, when="14.03.2022")
    unknown, _ = documented_case(officer, when="")
    march = {"since": date(2022, 3, 1), "until": date(2022, 3, 31)}
    overlapping = set(filtered_cases(officer, **march))
    assert overlapping == {spring, year, exact}
    assert set(filtered_cases(officer, certain_only=True, **march)) == {exact}
    spring_window = {"since": date(2022, 3, 1), "until": date(2022, 5, 31)}
    assert set(filtered_cases(officer, certain_only=True, **spring_window)) == {spring, exact}
    assert unknown not in set(filtered_cases(officer, since=date(2000, 1, 1)))


def test_filter_by_act_type_or_its_parent_within_need_to_know(
    desk, officer, other_officer, colleague, reader, rapporteur_user
):
    arrest = term("types_of_acts", "arrest")
    case, _ = documented_case(officer, when="spring 2022")
    records.set_member(case=case, acting_user=officer, user=colleague, can_write=True)
    records.set_member(case=case, acting_user=officer, user=reader, can_write=False)
    theirs, _ = documented_case(other_officer, when="spring 2022")
    other_type = Term.objects.filter(list_name="types_of_acts").exclude(
        code__in=[arrest.code, arrest.parent_code]
    )
    unrelated = other_type.exclude(parent_code=arrest.parent_code).first()
    for code in (arrest.code, arrest.parent_code):
        for user in (officer, colleague, reader):
            # Once each, though the case has two members (no join duplicates).
            assert list(filtered_cases(user, act_type=code)) == [case]
            assert filtered_cases(user, act_type=code, since=date(2022, 4, 1)).count() == 1
        assert list(filtered_cases(other_officer, act_type=code)) == [theirs]
        assert set(filtered_cases(rapporteur_user, act_type=code)) == {case, theirs}
    assert not filtered_cases(officer, act_type=unrelated.code).exists()
    assert not filtered_cases(officer, act_type="no-such-code").exists()
    assert not filtered_cases(officer, act_type=arrest.code, since=date(2023, 1, 1)).exists()
    assert list(filtered_cases(officer, status="open", country="tj")) == [case]
