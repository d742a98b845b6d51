"""Uncertain dates: stored with precision and interval, displayed as entered,
filtered by overlap or by certain inclusion."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from rapporteur.cases.models import Act
from rapporteur.cases.selectors import filtered_cases
from rapporteur.testing.cases import documented_case, sign_in_with_keys

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
