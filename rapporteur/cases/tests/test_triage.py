"""Triage: the questionnaire's answers fill a person, an event and an act; the
attachments become case documents under the case store's own encryption; each
submission is marked taken into a case; several go into one existing case."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rapporteur.audit.models import AuditEntry
from rapporteur.audit.tags import AuditTag
from rapporteur.cases import selectors
from rapporteur.cases.models import Act, Case, Document, Event, Information, Person
from rapporteur.cases.services import triage
from rapporteur.intake.models import Attachment, Status, Submission
from rapporteur.testing.cases import desk_keys_of, documented_case, sign_in_with_keys
from rapporteur.testing.intake import submitted
from rapporteur.vault import sealing as vault_sealing
from rapporteur.vault.storage import case_files, intake_files

pytestmark = pytest.mark.django_db

ANSWERS = {
    "person_name": "Давлат Назаров",
    "person_role": "blogger",
    "person_gender": "man",
    "person_place": "Кӯлоб",
    "act_kind": "detention",
    "event_dates": "March 2022",
    "event_places": "Dushanbe",
    "law_invoked": "article 307",
    "consent_to_name": "yes",
    "narrative": "Detained after a video about the road tolls.",
}


def _submission(files=None, **answers) -> Submission:
    return submitted(files=files, **{**ANSWERS, **answers})


def test_answers_fill_person_event_and_act(desk, officer):
    submission = _submission()
    keys = desk_keys_of(officer)
    case = triage.triage(submissions=[submission], acting_user=officer, desk_keys=keys)

    assert vault_sealing.open_record(case, keys)["title"] == "Давлат Назаров"
    person = case.persons.get()
    content = vault_sealing.open_record(person, keys)
    assert content["name"] == "Давлат Назаров"
    assert content["place"] == "Кӯлоб"
    assert person.profession.key == "blogger"  # type: ignore[union-attr]
    assert person.sex == "M"
    assert person.consent_to_name == "yes"

    event = Event.objects.get(case=case)
    assert vault_sealing.open_record(event, keys)["description"] == ANSWERS["narrative"]
    act = Act.objects.get(case=case)
    assert act.event == event and act.victim == person
    assert act.act_type.key == "pre_trial_detention"
    assert act.start_precision == "month"
    assert str(act.start_earliest) == "2022-03-01" and str(act.start_latest) == "2022-03-31"
    act_content = vault_sealing.open_record(act, keys)
    assert act_content["place"] == "Dushanbe"
    assert act_content["stated_reason"] == "article 307"
    information = Information.objects.get(case=case)
    assert vault_sealing.open_record(information, keys)["summary"] == ANSWERS["narrative"]


def test_dates_the_parser_cannot_read_are_kept_as_written(desk, officer):
    submission = _submission(event_dates="после выборов", law_invoked="")
    keys = desk_keys_of(officer)
    case = triage.triage(submissions=[submission], acting_user=officer, desk_keys=keys)
    act = Act.objects.get(case=case)
    assert act.start_precision == "unknown"
    content = vault_sealing.open_record(act, keys)
    assert content["start_written"] == "после выборов"
    assert content["stated_reason"] == ""


def test_submission_is_marked_taken_into_the_case_and_audited(desk, officer):
    submission = _submission()
    case = triage.triage(
        submissions=[submission], acting_user=officer, desk_keys=desk_keys_of(officer)
    )
    submission.refresh_from_db()
    assert submission.status == Status.IN_CASE
    assert list(case.submissions.all()) == [submission]
    entry = AuditEntry.objects.get(tag=AuditTag.CASE_TRIAGED)
    assert entry.actor == officer and entry.extras == {"submission": submission.pk}


def test_attachments_become_documents_encrypted_again(desk, officer):
    submission = _submission(files=[SimpleUploadedFile("order.txt", b"detention order text")])
    attachment = Attachment.objects.get(submission=submission)
    keys = desk_keys_of(officer)
    case = triage.triage(submissions=[submission], acting_user=officer, desk_keys=keys)

    document = Document.objects.get(case=case)
    assert document.from_attachment == attachment.pk
    assert vault_sealing.open_record(document, keys)["filename"] == "order.txt"
    # A new ciphertext in the case store, not a copy of the intake file.
    stored = case_files.path_for(document.stored_name).read_bytes()
    original = intake_files.path_for(attachment.stored_name).read_bytes()
    assert stored != original
    assert b"detention order text" not in stored
    plain = b"".join(
        case_files.decrypted_chunks(
            document.stored_name, version=document.desk_key.version, desk_keys=keys
        )
    )
    assert plain == b"detention order text"


def test_several_submissions_go_into_one_existing_case(desk, officer):
    case, _ = documented_case(officer)
    first = _submission(person_name="Рухшона Ҳакимова", act_kind="summons")
    second = _submission(person_name="Rukhshona Hakimova", act_kind="inspection")
    keys = desk_keys_of(officer)
    same = triage.triage(
        submissions=[first, second], acting_user=officer, desk_keys=keys, case=case
    )

    assert same == case and Case.objects.count() == 1
    assert set(case.submissions.all()) == {first, second}
    assert case.persons.count() == 3  # the documented victim and one per submission
    kinds = set(Act.objects.filter(case=case).values_list("act_type__key", flat=True))
    assert kinds == {"arrest", "summons_interrogation", "inspection"}
    assert Submission.objects.filter(status=Status.IN_CASE).count() == 2
    # The new names are searchable at once, in both scripts.
    assert list(selectors.search_cases(officer, query="Hakimova", desk_keys=keys)) == [case]
    assert list(selectors.search_cases(officer, query="Ҳакимова", desk_keys=keys)) == [case]


def test_triage_view_takes_a_submission_into_a_new_case(desk, officer):
    submission = _submission()
    client = sign_in_with_keys(officer)
    page = client.get(reverse("cases:triage"))
    choice = f'name="submissions" value="{submission.pk}"'
    assert page.status_code == 200 and choice in page.content.decode()
    response = client.post(
        reverse("cases:triage"), {"submissions": [submission.pk], "case": "", "country": "TJ"}
    )
    case = Case.objects.get()
    assert response.status_code == 302 and response.url == reverse("cases:detail", args=[case.pk])
    assert case.owner == officer
    assert Person.objects.filter(cases=case).count() == 1
    # Taken submissions leave the triage list.
    assert choice not in client.get(reverse("cases:triage")).content.decode()


def test_triage_view_refuses_a_case_the_officer_may_not_see(desk, officer, other_officer):
    theirs, _ = documented_case(other_officer)
    submission = _submission()
    response = sign_in_with_keys(officer).post(
        reverse("cases:triage"),
        {"submissions": [submission.pk], "case": str(theirs.pk), "country": "TJ"},
    )
    # The hidden case is not among the choices: the form refuses it, nothing changes.
    assert response.status_code == 200
    submission.refresh_from_db()
    assert submission.status != Status.IN_CASE
    assert not theirs.submissions.exists()
