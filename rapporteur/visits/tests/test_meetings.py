"""Meetings: participants and notes sealed to the desk key; confidential meetings
seal who was met too; readable only with unlocked keys; never public."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from rapporteur.testing.cases import sign_in_with_keys
from rapporteur.testing.visits import add_meeting, in_clear_on_disk, make_visit
from rapporteur.visits.models import Meeting

pytestmark = pytest.mark.django_db
CANARY = "Zq9meetingCanary"


def _confidential(officer, visit, who=f"{CANARY} lawyers' collective"):
    return add_meeting(
        visit,
        officer,
        institution=who,
        kind="lawyers",
        confidential=True,
        participants=f"{CANARY} Юсуфова",
        notes=f"{CANARY} told us of threats",
    )


def test_confidential_meeting_keeps_nothing_in_clear(desk, officer):
    meeting = _confidential(officer, make_visit())
    meeting.refresh_from_db()
    assert meeting.confidential and meeting.institution == "" and meeting.public_summary == ""
    assert meeting.envelope and meeting.desk_key_id
    assert CANARY.encode() not in bytes(meeting.envelope)


def test_confidential_meeting_refuses_a_public_summary(desk, officer):
    with pytest.raises(ValidationError):
        add_meeting(
            make_visit(),
            officer,
            institution="NGO",
            kind="ngo",
            confidential=True,
            public_summary="we met them",
        )


def test_the_database_refuses_a_confidential_meeting_in_clear():
    visit = make_visit()
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.create(visit=visit, institution="NGO", kind="ngo", confidential=True)


def test_non_confidential_meeting_seals_only_participants_and_notes(desk, officer):
    meeting = add_meeting(
        make_visit(),
        officer,
        institution="Ministry of Justice",
        kind="government",
        public_summary="Discussed the draft law on NCOs.",
        notes=f"{CANARY} off the record",
    )
    assert meeting.institution == "Ministry of Justice" and meeting.envelope
    assert CANARY.encode() not in bytes(meeting.envelope)


def test_plain_meeting_needs_no_vault(officer):
    meeting = add_meeting(make_visit(), officer, institution="Ombudsman", kind="ombudsman")
    assert meeting.envelope is None and meeting.desk_key is None


def test_unlocked_staff_read_it_and_the_read_is_audited(desk, officer):
    from rapporteur.audit.models import AuditEntry

    visit = make_visit()
    _confidential(officer, visit)
    page = sign_in_with_keys(officer).get(reverse("visits:visit", args=[visit.pk]))
    text = page.content.decode()
    assert f"{CANARY} lawyers" in text and "told us of threats" in text
    assert AuditEntry.objects.filter(tag="visits:meeting:read").exists()


def test_without_unlocked_keys_the_page_says_locked(desk, officer, client_for):
    visit = make_visit()
    _confidential(officer, visit)
    page = client_for(officer).get(reverse("visits:visit", args=[visit.pk]))
    assert page.status_code == 200
    assert CANARY not in page.content.decode()
    assert "sign in again" in page.content.decode()


def test_meetings_never_on_public_pages(desk, officer, client):
    visit = make_visit()
    _confidential(officer, visit)
    add_meeting(visit, officer, institution="Ombudsman", kind="ombudsman")
    for url in (
        reverse("tracker:visit", args=[visit.pk]),
        reverse("tracker:country", args=["TJ"]),
        reverse("tracker:export", args=[visit.pk, "json"]),
    ):
        body = client.get(url).content.decode()
        assert CANARY not in body and "Ombudsman" not in body


def test_meeting_form_view_seals(desk, officer):
    visit = make_visit()
    response = sign_in_with_keys(officer).post(
        reverse("visits:meeting_add", args=[visit.pk]),
        {
            "institution": f"{CANARY} group",
            "kind": "ngo",
            "confidential": "on",
            "participants": "two members",
            "notes": "",
            "public_summary": "",
        },
    )
    assert response.status_code == 302
    meeting = visit.meetings.get()
    assert meeting.confidential and meeting.institution == ""


@pytest.mark.django_db(transaction=True)
def test_canary_meeting_content_never_on_disk_in_clear(desk, officer, settings):
    _confidential(officer, make_visit())
    assert in_clear_on_disk(settings, "lawyers")  # positive control: the kind is in clear
    assert in_clear_on_disk(settings, CANARY, "Юсуфова") == []
