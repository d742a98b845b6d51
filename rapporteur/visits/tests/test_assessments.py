"""Civil-society assessments: a public form per recommendation, received the
intake way (sealed, receipt, hour-rounded, nothing about the sender), read by
staff with unlocked keys and attached as evidence in staff's own words."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from rapporteur.intake.models import Kind, Submission
from rapporteur.testing.cases import sign_in_with_keys
from rapporteur.testing.intake import database_bytes
from rapporteur.testing.vault import initialise, use_fast_argon2
from rapporteur.visits.models import Evidence, EvidenceSource, Review
from rapporteur.visits.tests.factories import make_assessment, make_recommendation, make_visit

pytestmark = pytest.mark.django_db
CANARY = "Kv3assessCanary"


@pytest.fixture
def desk(settings, tmp_path, rapporteur_user, officer):
    use_fast_argon2(settings)
    settings.CASES_FILE_STORE = tmp_path / "case-store"
    settings.INTAKE_FILE_STORE = tmp_path / "intake-store"
    settings.INTAKE_RAM_DIR = tmp_path
    return initialise(rapporteur_user, officer)


def _send(client, rec, text=f"{CANARY} two defenders still held", lang="en"):
    url = reverse("tracker:assess", args=[rec.pk])
    with translation.override(lang):
        url = reverse("tracker:assess", args=[rec.pk])
    form = client.get(url)
    assert form.status_code == 200 and b"<script" not in form.content
    token = form.context["form"].initial["form_token"]
    return client.post(
        url,
        {
            "form_token": token,
            "assessment": text,
            "status_seen": "in-progress",
            "organisation": f"{CANARY} NGO",
            "safe_contact": "",
        },
        HTTP_USER_AGENT=f"{CANARY}-browser",
        REMOTE_ADDR="203.0.113.77",
    )


def test_public_form_gives_a_receipt_and_seals(desk, client):
    rec = make_recommendation(make_visit())
    response = _send(client, rec)
    assert response.status_code == 200 and b"receipt" in response.content.lower()
    submission = Submission.objects.get()
    assert submission.kind == Kind.ASSESSMENT
    assert submission.received_at.minute == 0 and submission.received_at.second == 0
    assert submission.assessment.recommendation == rec
    assert CANARY.encode() not in bytes(submission.envelope)


def test_form_is_translated(desk, client):
    rec = make_recommendation(make_visit())
    for lang, word in (("ru", "оценк"), ("tg", "арзёбӣ")):
        with translation.override(lang):
            url = reverse("tracker:assess", args=[rec.pk])
        assert word in client.get(url, HTTP_ACCEPT_LANGUAGE=lang).content.decode().lower()


def test_replayed_form_is_refused(desk, client):
    rec = make_recommendation(make_visit())
    url = reverse("tracker:assess", args=[rec.pk])
    token = client.get(url).context["form"].initial["form_token"]
    data = {"form_token": token, "assessment": "text", "status_seen": ""}
    assert b"receipt" in client.post(url, data).content.lower()
    client.post(url, data)
    assert Submission.objects.count() == 1


def test_only_public_recommendations_take_assessments(desk, client):
    rec = make_recommendation(make_visit(), review=Review.SUGGESTED)
    assert client.get(reverse("tracker:assess", args=[rec.pk])).status_code == 404


def test_without_desk_key_the_form_says_unavailable(client):
    rec = make_recommendation(make_visit())
    url = reverse("tracker:assess", args=[rec.pk])
    token = client.get(url).context["form"].initial["form_token"]
    response = client.post(url, {"form_token": token, "assessment": "x"})
    assert response.status_code == 503 and Submission.objects.count() == 0


def test_public_tracker_links_to_the_form(client):
    rec = make_recommendation(make_visit())
    page = client.get(reverse("tracker:recommendation", args=[rec.pk])).content.decode()
    assert reverse("tracker:assess", args=[rec.pk]) in page


def test_staff_read_it_with_keys_and_attach_it_in_their_words(desk, officer, client_for):
    rec = make_recommendation(make_visit())
    assessment = make_assessment(rec, text=f"{CANARY} nothing changed")
    locked = client_for(officer).get(reverse("visits:recommendation", args=[rec.pk]))
    assert CANARY not in locked.content.decode() and "sign in again" in locked.content.decode()
    staff = sign_in_with_keys(officer)
    page = staff.get(reverse("visits:recommendation", args=[rec.pk])).content.decode()
    assert f"{CANARY} nothing changed" in page
    response = staff.post(
        reverse("visits:assessment_attach", args=[rec.pk, assessment.pk]),
        {"date": "2024-03-01", "text": "Civil society reports no release.", "public": "on"},
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.source_kind == EvidenceSource.CIVIL_SOCIETY
    assert evidence.text == "Civil society reports no release." and evidence.public
    assessment.refresh_from_db()
    assert assessment.evidence == evidence
    public = staff.get(reverse("tracker:recommendation", args=[rec.pk])).content.decode()
    assert "Civil society reports no release." in public and "NGO X" not in public


def test_an_assessment_of_another_recommendation_is_404(desk, officer):
    rec, other = make_recommendation(make_visit()), make_recommendation(make_visit())
    assessment = make_assessment(other)
    response = sign_in_with_keys(officer).post(
        reverse("visits:assessment_attach", args=[rec.pk, assessment.pk]),
        {"date": "2024-03-01", "text": "x"},
    )
    assert response.status_code == 404


def test_intake_desk_shows_it_with_the_form_labels(desk, officer):
    rec = make_recommendation(make_visit())
    assessment = make_assessment(rec, text="Nothing changed")
    page = sign_in_with_keys(officer).get(
        reverse("intake_desk:submission", args=[assessment.submission_id])
    )
    assert "Your assessment" in page.content.decode()


def test_triage_does_not_offer_assessments(desk, officer):
    from rapporteur.intake import selectors

    make_assessment(make_recommendation(make_visit()))
    assert not selectors.inbox(kind=Kind.REPORT).exists()


@pytest.mark.django_db(transaction=True)
def test_canary_assessment_never_on_disk_in_clear(desk, client, settings):
    rec = make_recommendation(make_visit())
    assert _send(client, rec).status_code == 200
    database = database_bytes()
    assert b"assessment" in database  # positive control: the kind is in clear
    needles = [
        CANARY.encode(),
        CANARY.lower().encode(),
        b"203.0.113.77",
        CANARY.encode("utf-16-le"),
    ]
    stores = [settings.CASES_FILE_STORE, settings.INTAKE_FILE_STORE]
    files = [p for store in stores if store.exists() for p in store.rglob("*") if p.is_file()]
    for needle in needles:
        assert needle not in database
        for path in files:
            assert needle not in path.read_bytes(), path
