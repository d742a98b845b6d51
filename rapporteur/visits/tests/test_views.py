"""The staff pages' POSTs and downloads: every refusal comes back as the message
its service wrote, and changes nothing (no row, no audit entry); files are always
downloaded, never shown inline."""

from __future__ import annotations

import lxml.html
import pytest
from django.urls import reverse

from rapporteur.audit.models import AuditEntry
from rapporteur.testing.cases import sign_in_with_keys
from rapporteur.testing.visits import make_assessment, make_recommendation, make_visit
from rapporteur.visits.models import Evidence, Meeting, Review, StatusChange, Theme
from rapporteur.visits.services import reports

pytestmark = pytest.mark.django_db


def _meeting_without_a_desk_key(request, officer):
    visit = make_visit()
    data = {"institution": "Ministry", "kind": "government", "notes": "sealed, or not at all"}
    return reverse("visits:meeting_add", args=[visit.pk]), data, Meeting


def _theme_that_exists(request, officer):
    return reverse("visits:theme_add"), {"label": " justice "}, Theme


def _status_of_a_suggestion(request, officer):
    rec = make_recommendation(make_visit(), review=Review.SUGGESTED)
    data = {"status": "implemented", "date": "2023-01-01"}
    return reverse("visits:status", args=[rec.pk]), data, StatusChange


def _evidence_for_a_suggestion(request, officer):
    rec = make_recommendation(make_visit(), review=Review.SUGGESTED)
    data = {"date": "2023-01-01", "source_kind": "government", "text": "A reply."}
    return reverse("visits:evidence", args=[rec.pk]), data, Evidence


def _assessment_attached_twice(request, officer):
    request.getfixturevalue("desk")
    rec = make_recommendation(make_visit())
    assessment = make_assessment(rec)
    url = reverse("visits:assessment_attach", args=[rec.pk, assessment.pk])
    data = {"date": "2024-03-01", "text": "Civil society reports no release."}
    assert sign_in_with_keys(officer).post(url, data).status_code == 302
    return url, data, Evidence


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (
            _meeting_without_a_desk_key,
            "The vault has no desk key yet: meeting content cannot be sealed.",
        ),
        (_theme_that_exists, "This theme already exists."),
        (_status_of_a_suggestion, "Accept the recommendation before following it up."),
        (_evidence_for_a_suggestion, "Accept the recommendation before following it up."),
        (_assessment_attached_twice, "This assessment is already attached as evidence."),
    ],
)
def test_a_refusal_is_its_message_and_changes_nothing(request, officer, client_for, setup, message):
    url, data, model = setup(request, officer)
    client = client_for(officer)
    rows, entries = model.objects.count(), AuditEntry.objects.count()
    response = client.post(url, data)
    assert response.status_code == 302
    assert (model.objects.count(), AuditEntry.objects.count()) == (rows, entries)
    assert message in client.get(response["Location"]).content.decode()


def test_the_report_downloads_and_its_export_is_audited(officer, client_for):
    visit = make_visit()
    make_recommendation(visit)
    response = client_for(officer).get(reverse("visits:report", args=[visit.pk, "docx"]))
    assert response.status_code == 200 and response.content[:2] == b"PK"
    assert response["Content-Disposition"] == 'attachment; filename="follow-up-tj-2022.docx"'
    assert AuditEntry.objects.filter(tag="visits:report:export").count() == 1


def test_a_report_this_server_cannot_make_is_a_message(officer, client_for, monkeypatch):
    monkeypatch.setattr(reports, "FONT_DIRS", ())
    visit = make_visit()
    client = client_for(officer)
    response = client.get(reverse("visits:report", args=[visit.pk, "pdf"]))
    assert response.status_code == 302
    assert "fonts-dejavu-core" in client.get(response["Location"]).content.decode()
    assert not AuditEntry.objects.filter(tag="visits:report:export").exists()


@pytest.mark.parametrize("export_format", ["csv", "json"])
def test_the_tracker_exports_download(client, export_format):
    visit = make_visit()
    make_recommendation(visit)
    response = client.get(reverse("tracker:export", args=[visit.pk, export_format]))
    assert response["Content-Disposition"] == (
        f'attachment; filename="tracker-tj-2022.{export_format}"'
    )


def test_the_visit_form_shows_and_saves_places_one_a_line(officer, client_for):
    visit = make_visit(places_visited=["Dushanbe", "Khujand | Худжанд"], refused_requests=[])
    client = client_for(officer)
    url = reverse("visits:visit_edit", args=[visit.pk])
    form = lxml.html.fromstring(client.get(url).content.decode())
    assert form.xpath("string(//textarea[@name='places_visited'])").strip() == (
        "Dushanbe\nKhujand | Худжанд"
    )
    fields = {
        "country_code": "tj",
        "country_name": "Tajikistan",
        "start_date": "2022-11-28",
        "end_date": "2022-12-09",
        "places_visited": "  Dushanbe \r\n\r\n Khujand  ",
        "refused_requests": "GBAO",
        "published": "yes",
    }
    assert client.post(url, fields).status_code == 302
    visit.refresh_from_db()
    assert (visit.places_visited, visit.refused_requests) == (["Dushanbe", "Khujand"], ["GBAO"])
