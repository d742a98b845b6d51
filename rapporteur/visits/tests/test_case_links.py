"""Links to the cases app: the live count of detained defenders' cases (an
aggregate, suppressed under five) and extracted instruments and places matched to
the case vocabularies."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from rapporteur.cases import selectors as cases_selectors
from rapporteur.cases.models import CaseStatus
from rapporteur.testing.cases import (
    documented_case,
    ensure_vocabularies,
    sign_in_with_keys,
    term,
)
from rapporteur.testing.visits import make_recommendation, make_visit
from rapporteur.visits.models import LiveCount
from rapporteur.visits.services import recommendations

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _vocabularies():
    """Seeded again if an earlier transactional test flushed them."""
    ensure_vocabularies()


def _cases(owner, count, *, country="TJ"):
    made = []
    for n in range(count):
        case, _doc = documented_case(owner, name=f"Defender {n}", document=None)
        if country != "TJ":
            case.country = country
            case.save(update_fields=["country"])
        made.append(case)
    return made


def test_count_covers_all_cases_whoever_may_see_them(desk, officer, other_officer):
    _cases(officer, 3)
    _cases(other_officer, 3)  # the officer cannot see these: the count still does
    _cases(officer, 2, country="KG")
    assert cases_selectors.detained_defender_case_count(country="TJ") == 6
    closed = _cases(officer, 1)[0]
    type(closed).objects.filter(pk=closed.pk).update(status=CaseStatus.CLOSED)
    assert cases_selectors.detained_defender_case_count(country="tj") == 6


def test_monitoring_case_counts_only_while_detention_is_ongoing(desk, officer):
    held, released = _cases(officer, 2)
    type(held).objects.filter(pk__in=[held.pk, released.pk]).update(status=CaseStatus.MONITORING)
    assert cases_selectors.detained_defender_case_count(country="TJ") == 2  # ends unknown
    released.acts.update(end_earliest=date(2022, 7, 1), end_latest=date(2022, 7, 1))
    assert cases_selectors.detained_defender_case_count(country="TJ") == 1
    type(held).objects.filter(pk=released.pk).update(status=CaseStatus.OPEN)
    assert cases_selectors.detained_defender_case_count(country="TJ") == 2  # open case


def test_cases_without_detention_do_not_count(desk, officer):
    case = _cases(officer, 1)[0]
    case.acts.update(act_type=term("types_of_acts", "smear_campaign"))
    assert cases_selectors.detained_defender_case_count(country="TJ") == 0


def test_pre_trial_detention_is_a_detention(desk, officer):
    case = _cases(officer, 1)[0]
    case.acts.update(act_type=term("types_of_acts", "pre_trial_detention"))
    assert cases_selectors.detained_defender_case_count(country="TJ") == 1


def test_small_counts_are_suppressed():
    assert [cases_selectors.shown_count(n) for n in (0, 1, 4, 5, 12)] == [
        "< 5",
        "< 5",
        "< 5",
        "5",
        "12",
    ]


def test_staff_page_shows_the_suppressed_count_and_public_only_when_ticked(desk, officer, client):
    _cases(officer, 2)
    rec = make_recommendation(make_visit())
    staff = sign_in_with_keys(officer)
    response = staff.post(
        reverse("visits:live_count", args=[rec.pk]),
        {"live_count": LiveCount.DETAINED_DEFENDERS},
    )
    assert response.status_code == 302
    page = staff.get(reverse("visits:recommendation", args=[rec.pk])).content.decode()
    assert "&lt; 5" in page and "Open cases of detained defenders" in page
    public_url = reverse("tracker:recommendation", args=[rec.pk])
    assert "detained defenders" not in client.get(public_url).content.decode()
    staff.post(
        reverse("visits:live_count", args=[rec.pk]),
        {"live_count": LiveCount.DETAINED_DEFENDERS, "public": "on"},
    )
    body = client.get(public_url).content.decode()
    assert "detained defenders" in body and "&lt; 5" in body
    _cases(officer, 4)
    body = client.get(public_url).content.decode()
    assert '<dd class="live-count">6</dd>' in body


def test_public_flag_needs_a_count(officer):
    rec = make_recommendation(make_visit())
    recommendations.set_live_count(
        acting_user=officer, recommendation=rec, live_count="", public=True
    )
    rec.refresh_from_db()
    assert rec.live_count_public is False


def test_instruments_and_places_match_the_vocabularies():
    laws = cases_selectors.matching_terms(
        list_name="legal_provisions",
        texts=[
            "article 307 of the Criminal Code",
            "Article 307.1",
            "Law on Public Associations",
            "Закон «Об общественных объединениях»",
            "Law on the protection of human rights defenders",
        ],
    )
    assert laws["article 307 of the Criminal Code"].key == "tj_cc_307"
    assert laws["Article 307.1"].key == "tj_cc_307_1"
    assert laws["Law on Public Associations"].key == "tj_law_public_associations"
    assert laws["Закон «Об общественных объединениях»"].key == "tj_law_public_associations"
    assert "Law on the protection of human rights defenders" not in laws
    places = cases_selectors.matching_terms(
        list_name="regions", texts=["Khujand (Sughd region)", "GBAO", "Душанбе", "Paris"]
    )
    assert places["Khujand (Sughd region)"].key == "tj_sughd"
    assert places["GBAO"].key == "tj_gbao"
    assert places["Душанбе"].key == "tj_dushanbe"
    assert "Paris" not in places


def test_terms_are_shown_on_staff_and_public_pages(desk, officer, client):
    rec = make_recommendation(
        make_visit(), instruments=["article 307 of the Criminal Code"], places=["GBAO"]
    )
    staff = sign_in_with_keys(officer).get(reverse("visits:recommendation", args=[rec.pk]))
    assert "LLAW-TJ-CC-307" in staff.content.decode()
    public = client.get(reverse("tracker:recommendation", args=[rec.pk])).content.decode()
    assert "Article 307 (public calls" in public and "(GBAO)" in public
    assert "LLAW" not in public
