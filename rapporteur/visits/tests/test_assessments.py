"""Civil-society assessments: a public form per recommendation, received the
intake way (sealed, receipt, hour-rounded, nothing about the sender), read by
staff with unlocked keys and attached as evidence in staff's own words."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from rapporteur.intake.models import Attachment, Kind, Submission
from rapporteur.intake.uploads import PREFIX
from rapporteur.testing.cases import sign_in_with_keys
from rapporteur.testing.intake import arrivals, ticket_fields
from rapporteur.testing.visits import (
    in_clear_on_disk,
    make_assessment,
    make_recommendation,
    make_visit,
)
from rapporteur.visits.models import Evidence, EvidenceSource, Review

pytestmark = pytest.mark.django_db
CANARY = "Kv3assessCanary"


def _send(client, rec, text=f"{CANARY} two defenders still held", lang="en", files=None):
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
            **({"attachments": files} if files else {}),
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


def test_during_a_flood_the_form_asks_its_price_and_keeps_nothing_unpaid(desk, client, settings):
    """The assessment form's token is an intake submission ticket like the
    questionnaire's: priced by the desk-wide rate of submissions."""
    settings.INTAKE_SUBMISSION_WORK_AFTER_PER_HOUR = 5
    arrivals(5)
    rec = make_recommendation(make_visit())
    url = reverse("tracker:assess", args=[rec.pk])
    page = client.get(url).content.decode()
    assert 'id="work-note"' in page
    data = {"assessment": "Still held.", "status_seen": ""}
    unpaid = client.post(url, {**data, **ticket_fields(page, work=False)})
    assert unpaid.status_code == 429 and "Still held." in unpaid.content.decode()
    assert Submission.objects.count() == 5
    paid = client.post(url, {**data, **ticket_fields(page)})
    assert b"receipt" in paid.content.lower() and Submission.objects.count() == 6


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
    assert not selectors.inbox(user=officer, kind=Kind.REPORT).exists()


@pytest.mark.django_db(transaction=True)
def test_canary_assessment_never_on_disk_in_clear(desk, client, settings):
    rec = make_recommendation(make_visit())
    assert _send(client, rec).status_code == 200
    assert in_clear_on_disk(settings, "assessment")  # positive control: the kind is in clear
    assert in_clear_on_disk(settings, CANARY, "203.0.113.77") == []


# --- files with an assessment: intake's own upload path ------------------------------


def _ram_leftovers(settings) -> list:
    return list(settings.INTAKE_RAM_DIR.glob(PREFIX + "*"))


def _store_files(settings) -> list:
    store = settings.INTAKE_FILE_STORE
    return [p for p in store.rglob("*") if p.is_file()] if store.exists() else []


def test_the_form_takes_files_without_javascript(desk, client):
    rec = make_recommendation(make_visit())
    html = client.get(reverse("tracker:assess", args=[rec.pk])).content.decode()
    assert 'enctype="multipart/form-data"' in html and 'type="file"' in html
    assert 'name="attachments"' in html and "multiple" in html and "<script" not in html


def test_a_photo_is_sealed_cleaned_and_downloaded_by_the_desk(desk, client, officer, settings):
    from rapporteur.testing.files import jpeg_has_gps, jpeg_with_gps

    photo = jpeg_with_gps()
    assert jpeg_has_gps(photo)  # positive control
    upload = SimpleUploadedFile("prison.jpg", photo, content_type="image/jpeg")
    response = _send(client, make_recommendation(make_visit()), files=[upload])
    html = response.content.decode()
    assert response.status_code == 200 and 'id="receipt"' in html
    assert "prison.jpg" in html and "GPS" in html  # the sender is told what was removed
    submission = Submission.objects.get(kind=Kind.ASSESSMENT)
    attachment = Attachment.objects.get(submission=submission)
    # Ciphertext only in the store, nothing left in RAM, no plaintext name in the database.
    stored = _store_files(settings)
    assert [p.name for p in stored] == [attachment.stored_name]
    ciphertext = stored[0].read_bytes()
    assert photo[:64] not in ciphertext and not ciphertext.startswith(b"\xff\xd8\xff")
    assert b"prison.jpg" not in bytes(attachment.meta_envelope)
    assert _ram_leftovers(settings) == []
    # The desk opens the assessment the way it opens any submission, and downloads it.
    staff = sign_in_with_keys(officer)
    page = staff.get(reverse("intake_desk:submission", args=[submission.pk])).content.decode()
    assert "prison.jpg" in page and "GPS position" in page
    got = staff.get(reverse("intake_desk:download", args=[submission.pk, attachment.pk]))
    assert got.status_code == 200 and "prison.jpg" in got["Content-Disposition"]
    body = b"".join(got.streaming_content)
    assert body[:3] == b"\xff\xd8\xff" and not jpeg_has_gps(body)
    assert body[-256:] not in ciphertext  # the cleaned photo is not on disk in clear either
    # The recommendation page leads to it.
    rec_page = staff.get(
        reverse("visits:recommendation", args=[submission.assessment.recommendation_id])
    )
    assert reverse("intake_desk:submission", args=[submission.pk]) in rec_page.content.decode()


def test_oversized_files_give_the_form_error_and_store_nothing(desk, client, settings):
    settings.INTAKE_MAX_UPLOAD_BYTES = 100_000
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4 " + b"x" * 200_000)
    response = _send(client, make_recommendation(make_visit()), files=[big])
    html = response.content.decode()
    assert response.status_code == 200 and 'id="receipt"' not in html
    assert "The files are too large" in html
    assert f"{CANARY} two defenders still held" in html  # the text comes back to be resent
    assert Submission.objects.count() == 0 and Attachment.objects.count() == 0
    assert _store_files(settings) == [] and _ram_leftovers(settings) == []


def test_too_many_files_give_the_error_in_the_senders_language(desk, client, settings):
    settings.INTAKE_MAX_FILES = 2
    files = [SimpleUploadedFile(f"f{i}.txt", b"x") for i in range(3)]
    client.cookies["django_language"] = "ru"
    response = _send(client, make_recommendation(make_visit()), files=files, lang="ru")
    html = response.content.decode()
    assert 'id="receipt"' not in html and "Too many files" not in html  # translated
    assert "Слишком много файлов: отправляйте не более 2 за раз." in html
    assert Submission.objects.count() == 0 and _store_files(settings) == []
    assert _ram_leftovers(settings) == []


def test_an_empty_file_is_refused_and_nothing_stored(desk, client, settings):
    empty = SimpleUploadedFile("empty.jpg", b"", content_type="image/jpeg")
    response = _send(client, make_recommendation(make_visit()), files=[empty])
    html = response.content.decode()
    assert 'id="receipt"' not in html and "empty" in html
    assert Submission.objects.count() == 0 and _store_files(settings) == []
    assert _ram_leftovers(settings) == []
