"""Recommendations in the columns of the Universal Human Rights Index: the public
file per State, and the affected persons read from the text."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.urls import reverse

from rapporteur.testing.visits import make_recommendation, make_visit
from rapporteur.visits.models import Review
from rapporteur.visits.uhri import GENERAL, UHRI_COLUMNS, affected_persons

MINORITIES = "minorities/ racial, ethnic, linguistic, religious or descent-based groups"
LAWYERS = "judges, lawyers and prosecutors"
ASYLUM = "refugees & asylum seekers"


@pytest.mark.parametrize(
    ("text", "groups"),
    [
        ("Release the journalists and bloggers held for their work.", {"media"}),
        ("Protect human rights defenders and their lawyers.", {"human rights defenders", LAWYERS}),
        ("End the detention of asylum seekers' children.", {"children", ASYLUM}),
        ("Combat trafficking in human beings.", {"women", "children"}),
        ("Ratify the Convention against Torture.", {GENERAL}),
        ("Guarantee the rights of Roma and other minorities.", {MINORITIES}),
    ],
)
def test_affected_persons_are_the_groups_the_text_names(text, groups):
    assert set(affected_persons(text)) == groups


@pytest.mark.django_db
def test_a_states_public_recommendations_in_uhri_columns(client):
    visit = make_visit()
    make_recommendation(
        visit, text="Release the journalists held for their work.", paragraph="88.2"
    )
    make_recommendation(
        visit, text="Ratify OP-CAT.", paragraph="12", subitem="b", body="Committee against Torture"
    )
    make_recommendation(visit, text="Not yet reviewed.", review=Review.SUGGESTED)
    make_recommendation(make_visit(published=False), text="Visit not published.")
    response = client.get(reverse("tracker:uhri", args=["tj", "csv"]))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert tuple(rows[0]) == UHRI_COLUMNS
    assert [r["text"] for r in rows] == [
        "Release the journalists held for their work.",
        "Ratify OP-CAT.",
    ]
    assert (rows[1]["body"], rows[1]["paragraph"]) == ("Committee against Torture", "12 (b)")
    assert rows[0]["body"] == "Special procedure (this mandate)"
    assert rows[0]["affected_persons"] == "media" and rows[0]["paragraph"] == "88.2"
    assert rows[0]["year"] == str(visit.start_date.year) and rows[0]["sdgs"] == ""
    data = json.loads(client.get(reverse("tracker:uhri", args=["TJ", "json"])).content)
    assert data["recommendations"][0]["themes"] == ["Human rights defenders"]
    page = client.get(reverse("tracker:country", args=["TJ"])).content.decode()
    assert reverse("tracker:uhri", args=["TJ", "csv"]) in page


@pytest.mark.django_db
def test_a_state_with_nothing_public_gives_an_empty_file_and_bad_formats_404(client):
    response = client.get(reverse("tracker:uhri", args=["KG", "json"]))
    assert json.loads(response.content) == {"recommendations": []}
    assert client.get("/tracker/country/TJ/uhri.xlsx").status_code == 404
