"""Publishing a visit on the public tracker is an explicit choice, never a default."""

from __future__ import annotations

import lxml.html
import pytest
from django.urls import reverse

from rapporteur.testing.visits import TAJIKISTAN_2022, make_visit
from rapporteur.visits.models import Visit
from rapporteur.visits.services import visits

pytestmark = pytest.mark.django_db

FIELDS = {
    "country_code": "tj",
    "country_name": "Tajikistan",
    "start_date": "2022-11-28",
    "end_date": "2022-12-09",
}


def _choices(html: str) -> dict[str, bool]:
    inputs = lxml.html.fromstring(html).xpath("//input[@name='published']")
    return {i.get("value"): i.get("checked") is not None for i in inputs}


def test_the_new_visit_form_ticks_nothing(client_for, officer):
    page = client_for(officer).get(reverse("visits:visit_create")).content.decode()
    assert _choices(page) == {"yes": False, "no": False}


def test_without_a_choice_nothing_is_recorded(client_for, officer):
    page = client_for(officer).post(reverse("visits:visit_create"), FIELDS)
    assert page.status_code == 200
    assert "Choose whether the visit is shown on the public tracker." in page.content.decode()
    assert not Visit.objects.exists()


@pytest.mark.parametrize(("answer", "published"), [("yes", True), ("no", False)])
def test_the_choice_made_is_recorded(client_for, officer, answer, published):
    client = client_for(officer)
    client.post(reverse("visits:visit_create"), {**FIELDS, "published": answer})
    visit = Visit.objects.get()
    assert visit.published is published
    edit = client.get(reverse("visits:visit_edit", args=[visit.pk])).content.decode()
    assert _choices(edit) == {"yes": published, "no": not published}


def test_a_visit_recorded_without_saying_is_not_public(officer, client):
    visit = visits.create_visit(acting_user=officer, **TAJIKISTAN_2022)
    assert visit.published is False
    assert client.get(reverse("tracker:visit", args=[visit.pk])).status_code == 404
    assert make_visit().published  # the test factory says so explicitly
