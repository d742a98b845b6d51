"""The dashboard filtered by case tags: only the acts of tagged cases, each once
however many of the chosen tags its case carries; counted from the acts."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from rapporteur.cases.models import CASE_TAGS, Act
from rapporteur.cases.services import vocabulary
from rapporteur.insights import selectors
from rapporteur.insights.periods import Period
from rapporteur.insights.tallies import Counts, rebuild
from rapporteur.testing.insights import CodedAct, coded_acts

MAY = Period(date(2022, 5, 1), date(2022, 5, 31))


@pytest.fixture
def tagged(desk, officer):
    """Protests (3 acts) carrying both tags, Lawyers (2 acts) one, an untagged case (4)."""
    protests, lawyers = (
        vocabulary.add_local_term(
            acting_user=officer, list_name=CASE_TAGS, parent_code="", label_en=en, label_ru=ru,
            label_tg=tg,
        )
        for en, ru, tg in (
            ("Protests", "Протесты", "Эътирозҳо"), ("Lawyers", "Адвокаты", "Адвокатҳо")
        )
    )  # fmt: skip
    both = coded_acts([CodedAct("May 2022")] * 3, owner_id=officer.pk)
    both.tags.set([protests, lawyers])
    one = coded_acts([CodedAct("May 2022")] * 2, owner_id=officer.pk)
    one.tags.set([lawyers])
    coded_acts([CodedAct("May 2022")] * 4, owner_id=officer.pk)
    return protests, lawyers


def test_a_tag_counts_the_acts_of_its_cases_once(tagged):
    protests, lawyers = tagged
    rebuild()
    for tags, acts in (((protests,), 3), ((lawyers,), 5), ((protests, lawyers), 5), ((), 9)):
        counts = Counts.of(selectors.Scope(tags=tags))
        assert counts.summary(MAY).acts == selectors.Bounds(acts, acts), tags
        assert counts.tallied(MAY) == (not tags)  # a tag filter counts the acts
    assert Act.objects.count() == 9


def test_the_dashboard_filters_by_tag_in_the_readers_language(client_for, rapporteur_user, tagged):
    protests, _lawyers = tagged
    client = client_for(rapporteur_user)
    query = f"?start=2022-05-01&end=2022-05-31&tags={protests.pk}"
    page = client.get(reverse("insights:dashboard") + query).content.decode()
    assert "Acts in the period</dt><dd>3<" in page
    client.cookies["django_language"] = "tg"
    page = client.get(reverse("insights:dashboard") + query).content.decode()
    assert "Эътирозҳо" in page


def test_a_bad_tag_gets_a_message_and_a_desk_without_tags_offers_none(
    client_for, analyst, desk, officer
):
    coded_acts([CodedAct("May 2022")], owner_id=officer.pk)
    client = client_for(analyst)
    page = client.get(reverse("insights:dashboard")).content.decode()
    assert 'name="tags"' not in page
    vocabulary.add_local_term(
        acting_user=officer, list_name=CASE_TAGS, parent_code="", label_en="Protests"
    )
    response = client.get(reverse("insights:dashboard") + "?tags=999999&tags=abc")
    assert response.status_code == 200 and 'class="error"' in response.content.decode()
