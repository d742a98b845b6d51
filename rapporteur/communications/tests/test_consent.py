"""The consent check with the real services: every person of every linked case and
the person of each linked intake submission, in any spelling, blocks approval,
sending and the letter files; perpetrators do not; publication and press releases
run the same matcher and say whose name, in which language."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from rapporteur.audit.models import AuditEntry
from rapporteur.cases.models import Involvement
from rapporteur.cases.name_matching import ConfidentialPerson, find_names
from rapporteur.cases.services import records
from rapporteur.communications.content import DraftContent
from rapporteur.communications.models import Communication, State
from rapporteur.communications.services import (
    ConsentMissing,
    LeakFound,
    drafting,
    linking,
    press,
    workflow,
)
from rapporteur.intake.models import Submission
from rapporteur.testing.cases import case_writer, desk_keys_of, documented_case, sign_in_with_keys
from rapporteur.testing.communications import approved, published
from rapporteur.testing.intake import submitted

pytestmark = pytest.mark.django_db

VICTIM = "Рустам Назаров (вымышленный)"
# One spelling of each class the issue lists; the full class is in
# cases/tests/test_name_matching.py.
VARIANTS = [
    "Rustam Nazarov",  # other script, no qualifier
    "Назарову",  # Russian dative
    "Nazarov",  # surname alone
    "Рустаму",  # given name alone, inflected
    "R. Nazarov",  # initial
    "Назаровро",  # Tajik object suffix
    "NAZAROV Rustam",  # upper case, reversed
    "Rustam Nazarov's",  # English possessive
]


@pytest.fixture
def case(case_desk, officer):
    found, _ = documented_case(officer, name=VICTIM, document=None)
    return found


def _letter(case, officer, *, body: str) -> Communication:
    """A draft about the case that names no person concerned: names can only come
    from the text staff typed, the way the issue's letter named him."""
    comm = drafting.create_draft(
        acting_user=officer,
        kind="UA",
        language="en",
        addressee_code="TJK",
        legal_paragraphs=["declaration-hrd"],
        content=DraftContent(subject="the arrest of a journalist", body=body),
    )
    linking.link_case(communication=comm, case=case, acting_user=officer)
    return comm


@pytest.mark.parametrize("variant", VARIANTS)
def test_a_case_person_without_consent_blocks_approval_and_sending_in_any_spelling(
    case, officer, rapporteur_user, variant
):
    comm = _letter(case, officer, body=f"We write about {variant}, arrested in May.\n")
    with pytest.raises(ConsentMissing):
        approved(comm, officer=officer, rapporteur=rapporteur_user)
    assert Communication.objects.get(pk=comm.pk).state == State.REVIEW
    # With consent recorded on the case it is approved; withdrawn, sending is blocked.
    victim = case.persons.get()
    records.set_consent(case=case, acting_user=officer, person=victim, consent_to_name="yes")
    workflow.move(
        communication=comm,
        acting_user=rapporteur_user,
        to=State.APPROVED,
        desk_keys=desk_keys_of(rapporteur_user),
    )
    records.set_consent(case=case, acting_user=officer, person=victim, consent_to_name="no")
    with pytest.raises(ConsentMissing):
        workflow.send(
            communication=comm,
            acting_user=officer,
            desk_keys=desk_keys_of(officer),
            sent_on=date(2022, 5, 12),
        )
    assert Communication.objects.get(pk=comm.pk).reference == ""
    blocked = AuditEntry.objects.filter(tag="communication:send:blocked")
    assert [e.extras["at"] for e in blocked.order_by("seq")] == ["approval", "sending"]
    assert all(VICTIM not in str(e.extras) and variant not in str(e.extras) for e in blocked)


def test_a_perpetrator_needs_no_consent(case, officer, rapporteur_user):
    keys = desk_keys_of(officer)
    perpetrator = records.add_person(
        **case_writer(case, officer, keys), data={"name": "Фаррух Саидов"}
    )
    Involvement.objects.create(act=case.acts.get(), perpetrator=perpetrator)
    comm = _letter(case, officer, body="Officer Farrukh Saidov signed the arrest order.\n")
    approved(comm, officer=officer, rapporteur=rapporteur_user)
    sent = workflow.send(
        communication=comm, acting_user=officer, desk_keys=keys, sent_on=date(2022, 5, 12)
    )
    assert sent.reference.startswith("UA TJK ")


def test_a_person_who_is_also_a_victim_is_no_mere_perpetrator(case, officer, rapporteur_user):
    victim = case.persons.get()
    Involvement.objects.create(act=case.acts.get(), perpetrator=victim)
    comm = _letter(case, officer, body="Rustam Nazarov was arrested.\n")
    with pytest.raises(ConsentMissing):
        approved(comm, officer=officer, rapporteur=rapporteur_user)


@pytest.mark.parametrize(("consent", "blocks"), [("no", True), ("yes", False)])
def test_the_person_of_a_linked_submission_needs_consent_too(
    case, officer, rapporteur_user, consent, blocks
):
    records.set_consent(
        case=case, acting_user=officer, person=case.persons.get(), consent_to_name="yes"
    )
    case.submissions.add(
        submitted(person_name="Demo: Shahlo Rahimova (fictional)", consent_to_name=consent)
    )
    comm = _letter(case, officer, body="Шахло Рахимовой запретили выезд.\n")
    if blocks:
        with pytest.raises(ConsentMissing):
            approved(comm, officer=officer, rapporteur=rapporteur_user)
    else:
        approved(comm, officer=officer, rapporteur=rapporteur_user)


def test_a_submission_that_cannot_be_opened_blocks_rather_than_passes(
    case, officer, rapporteur_user
):
    records.set_consent(
        case=case, acting_user=officer, person=case.persons.get(), consent_to_name="yes"
    )
    submission = submitted(person_name="Demo: Shahlo Rahimova (fictional)")
    Submission.objects.filter(pk=submission.pk).update(envelope=bytes(submission.envelope)[::-1])
    case.submissions.add(submission)
    comm = _letter(case, officer, body="No name at all.\n")
    with pytest.raises(ConsentMissing, match="could not be opened"):
        approved(comm, officer=officer, rapporteur=rapporteur_user)


def test_staff_pages_show_the_matched_words_and_the_files_are_not_made(
    case, officer, other_officer
):
    comm = _letter(case, officer, body="We write about\nRustam Nazarov and later Назарову.\n")
    client = sign_in_with_keys(officer)
    page = client.get(reverse("communications_desk:detail", args=[comm.pk])).content.decode()
    assert "“Rustam Nazarov” (line 2) matches Рустам Назаров (вымышленный): other script" in page
    assert "“Назарову” (line 2) matches Рустам Назаров (вымышленный): surname only, " in page
    assert "consent to name: Not asked yet" in page
    body_page = client.get(reverse("communications_desk:body", args=[comm.pk])).content.decode()
    assert 'id="consent-matches"' in body_page
    # Saving the text warns at once.
    saved = client.post(
        reverse("communications_desk:body", args=[comm.pk]),
        {"body": "Later, Рустама released.\n"},
        follow=True,
    ).content.decode()
    assert "Blocked: 1 person(s) named in the letter" in saved
    assert "“Рустама” (line 1) matches Рустам Назаров (вымышленный): given name only" in saved
    drafting.set_body(
        communication=comm,
        acting_user=officer,
        content=DraftContent(
            subject="the arrest of a journalist",
            body="We write about\nRustam Nazarov and later Назарову.\n",
        ),
    )
    for fmt in ("docx", "pdf"):
        response = client.get(reverse("communications_desk:letter", args=[comm.pk, fmt]))
        assert response.status_code == 302
    # Another officer, who may not see the case, may not see the letter drafted from it
    # either (need-to-know follows the case): not a word of who is named.
    other = sign_in_with_keys(other_officer)
    response = other.get(reverse("communications_desk:detail", args=[comm.pk]))
    assert response.status_code == 404
    assert "Назаров" not in response.content.decode()


def _sent_from_case(case, officer, rapporteur_user, *, body):
    records.set_consent(
        case=case, acting_user=officer, person=case.persons.get(), consent_to_name="yes"
    )
    comm = _letter(case, officer, body=body)
    approved(comm, officer=officer, rapporteur=rapporteur_user)
    return workflow.send(
        communication=comm,
        acting_user=officer,
        desk_keys=desk_keys_of(officer),
        sent_on=timezone.localdate() - timedelta(days=70),
    )


def test_publication_redacts_every_variant_and_leaks_none(case, officer, rapporteur_user):
    text = "\n".join(f"Line {n}: {variant} was seen." for n, variant in enumerate(VARIANTS))
    comm = _sent_from_case(case, officer, rapporteur_user, body=text)
    workflow.register_reply(
        communication=comm,
        acting_user=officer,
        received_on=timezone.localdate(),
        assessment="substantive",
        text="Назарова освободили; Рустаму вернули паспорт.",
    )
    comm = published(comm, rapporteur=rapporteur_user)
    public = comm.public_letter + comm.public_subject + comm.replies.get().public_text
    assert find_names(text=public, persons=[ConfidentialPerson(name=VICTIM)]) == []
    assert comm.public_letter.count("[name withheld]") == len(VARIANTS)


def test_press_release_blocked_by_a_variant_says_whose_name_in_which_language(
    make_communication, officer, rapporteur_user, desk
):
    keys = {desk.version: desk.private_key}
    comm = make_communication(name="Demo: Shahlo Rahimova (fictional)", consent=True)
    drafting.set_person(
        communication=comm,
        acting_user=officer,
        person=comm.persons.get(),
        name="Demo: Shahlo Rahimova (fictional)",
        description="a woman blogger from Dushanbe",
        consent=True,
    )
    release = press.save_release(
        acting_user=officer,
        versions={
            "en": ("Bloggers", "A fictional account: the rapporteur is concerned."),
            "ru": ("Блогеры", "Задержание Шахло Рахимовой вызывает тревогу."),
        },
        communications=[comm],
    )
    press.approve_release(release=release, acting_user=rapporteur_user)
    with pytest.raises(LeakFound) as raised:
        press.publish_release(
            release=release, acting_user=rapporteur_user, desk_keys=keys, today=date(2022, 6, 2)
        )
    message = str(raised.value)
    assert "a woman blogger from Dushanbe in the Russian version" in message
    assert message.count("a woman blogger from Dushanbe") == 1
    assert "English version" not in message  # "fictional" is a qualifier, not a name
