"""The services against a real database: numbering, consent, approval, replies,
publication with redaction and the leak check."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection

from rapporteur.audit.models import AuditEntry
from rapporteur.communications.models import Communication, ReferenceCounter, State
from rapporteur.communications.services import (
    ConsentMissing,
    LeakFound,
    WorkflowError,
    drafting,
    publication,
    workflow,
)
from rapporteur.testing.cases import desk_keys_of
from rapporteur.testing.communications import approved, sent

pytestmark = pytest.mark.django_db


@pytest.fixture
def keys(desk):
    return {desk.version: desk.private_key}


def _approve(communication, user):
    """The rapporteur's step, tried by ``user`` with their own desk keys."""
    return workflow.move(
        communication=communication,
        acting_user=user,
        to=State.APPROVED,
        desk_keys=desk_keys_of(user),
    )


def test_numbers_run_per_addressee_and_year(make_communication, officer, rapporteur_user, keys):
    refs = []
    for code, day in [
        ("TJK", date(2022, 5, 1)),
        ("TJK", date(2022, 6, 1)),
        ("UZB", date(2022, 6, 2)),
        ("TJK", date(2023, 1, 3)),
        ("OTH", date(2023, 1, 4)),
    ]:
        comm = make_communication(code=code, consent=True)
        refs.append(
            sent(comm, officer=officer, rapporteur=rapporteur_user, keys=keys, on=day).reference
        )
    assert refs == [
        "UA TJK 1/2022",
        "UA TJK 2/2022",
        "UA UZB 1/2022",
        "UA TJK 1/2023",
        "UA OTH 1/2023",
    ]
    assert Communication.objects.get(reference="UA TJK 1/2022").reply_due_on == date(2022, 6, 30)


def test_a_number_is_never_reused(make_communication, officer, rapporteur_user, keys):
    first = sent(
        make_communication(consent=True), officer=officer, rapporteur=rapporteur_user, keys=keys
    )
    # Even if the first letter's row disappeared, the counter would not go back.
    Communication.objects.filter(pk=first.pk).update(ref_number=None, reference="")
    second = sent(
        make_communication(consent=True), officer=officer, rapporteur=rapporteur_user, keys=keys
    )
    assert (first.ref_number, second.ref_number) == (1, 2)


@pytest.mark.django_db(transaction=True)
def test_two_sendings_at_once_never_share_a_number(
    make_communication, officer, rapporteur_user, keys
):
    """PostgreSQL: four threads, four connections, one barrier, all send at once;
    the counter row lock queues them. SQLite's in-memory test database is one
    shared-cache connection that threads cannot share (writers are serialised by
    IMMEDIATE transactions in production), so there the senders run one after the
    other and the race itself is covered by the stale-counter test below."""
    if connection.vendor == "sqlite":
        for comm in [make_communication(consent=True) for _ in range(4)]:
            sent(comm, officer=officer, rapporteur=rapporteur_user, keys=keys)
        assert sorted(Communication.objects.values_list("ref_number", flat=True)) == [1, 2, 3, 4]
        return
    comms = [make_communication(consent=True) for _ in range(4)]
    for comm in comms:
        approved(comm, officer=officer, rapporteur=rapporteur_user)
    barrier = threading.Barrier(len(comms))
    errors: list[BaseException] = []

    def send(comm):
        try:
            barrier.wait()
            workflow.send(
                communication=comm, acting_user=officer, desk_keys=keys, sent_on=date(2022, 5, 12)
            )
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(c,)) for c in comms]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    numbers = sorted(Communication.objects.values_list("ref_number", flat=True))
    assert numbers == [1, 2, 3, 4]
    assert ReferenceCounter.objects.get(addressee_code="TJK", year=2022).last_number == 4


def test_sending_is_blocked_while_a_named_person_lacks_consent(
    make_communication, officer, rapporteur_user, keys
):
    comm = approved(make_communication(consent=False), officer=officer, rapporteur=rapporteur_user)
    # Without consent the template uses the description, so the letter is sendable...
    workflow.send(
        communication=comm, acting_user=officer, desk_keys=keys, sent_on=date(2022, 5, 12)
    )
    # ...but a name typed by hand into the text blocks approval...
    other = make_communication(consent=False, subject="the arrest of Zarina Nazarova")
    with pytest.raises(ConsentMissing):
        approved(other, officer=officer, rapporteur=rapporteur_user)
    assert Communication.objects.get(pk=other.pk).state == State.REVIEW
    # ...and sending, when consent is withdrawn after approval.
    other.persons.update(consent_to_share_name=True)
    _approve(other, rapporteur_user)
    other.persons.update(consent_to_share_name=False)
    with pytest.raises(ConsentMissing):
        workflow.send(
            communication=other, acting_user=officer, desk_keys=keys, sent_on=date(2022, 5, 12)
        )
    other.refresh_from_db()
    assert other.state == State.APPROVED and other.reference == ""
    assert AuditEntry.objects.filter(tag="communication:send:blocked").count() == 2


def test_only_the_rapporteur_approves(make_communication, officer, rapporteur_user):
    comm = make_communication()
    workflow.move(communication=comm, acting_user=officer, to=State.REVIEW)
    with pytest.raises(PermissionDenied):
        _approve(comm, officer)
    _approve(comm, rapporteur_user)
    assert comm.state == State.APPROVED and comm.approved_by == rapporteur_user


def test_transitions_are_audited_and_reversible_only_where_sensible(
    make_communication, officer, rapporteur_user, keys
):
    comm = make_communication(consent=True)
    workflow.move(communication=comm, acting_user=officer, to=State.REVIEW)
    workflow.move(communication=comm, acting_user=officer, to=State.DRAFT)
    with pytest.raises(WorkflowError):
        _approve(comm, rapporteur_user)
    sent(comm, officer=officer, rapporteur=rapporteur_user, keys=keys)
    with pytest.raises(WorkflowError):
        workflow.move(communication=comm, acting_user=officer, to=State.DRAFT)
    tags = list(AuditEntry.objects.filter(target_id=str(comm.pk)).values_list("tag", flat=True))
    assert tags.count("communication:state:change") == 3
    assert "communication:approve" in tags and "communication:sent" in tags


def test_text_editable_until_approval(make_communication, officer, rapporteur_user, keys):
    from rapporteur.communications.content import DraftContent

    comm = approved(make_communication(), officer=officer, rapporteur=rapporteur_user)
    with pytest.raises(WorkflowError):
        drafting.set_body(
            communication=comm, acting_user=officer, content=DraftContent(subject="x")
        )


def test_reply_timeliness_and_state(make_communication, officer, rapporteur_user, keys):
    comm = sent(
        make_communication(consent=True), officer=officer, rapporteur=rapporteur_user, keys=keys
    )
    late = workflow.register_reply(
        communication=comm, acting_user=officer, received_on=date(2022, 7, 20),
        assessment="partial", text="The Government replied.",
        documents=[("reply.pdf", [b"%PDF-1.4"])],
    )  # fmt: skip
    assert late.in_time is False and comm.state == State.REPLY_RECEIVED and comm.has_reply
    opened = workflow.open_document(document=late.documents.get(), desk_keys=keys)
    assert (opened.filename, b"".join(opened.chunks)) == ("reply.pdf", b"%PDF-1.4")
    on_time = workflow.register_reply(
        communication=comm, acting_user=officer, received_on=date(2022, 7, 11),
        assessment="substantive", text="More.",
    )  # fmt: skip
    assert on_time.in_time is True


def test_publication_waits_for_the_window_unless_decided_early(
    make_communication, officer, rapporteur_user, keys
):
    comm = sent(
        make_communication(consent=True), officer=officer, rapporteur=rapporteur_user, keys=keys
    )
    with pytest.raises(WorkflowError):
        publication.publish(
            communication=comm, acting_user=rapporteur_user, desk_keys=keys, today=date(2022, 6, 1)
        )
    with pytest.raises(PermissionDenied):
        publication.publish(
            communication=comm, acting_user=officer, desk_keys=keys, today=date(2022, 8, 1)
        )
    publication.publish(
        communication=comm,
        acting_user=rapporteur_user,
        desk_keys=keys,
        today=date(2022, 6, 1),
        early=True,
    )
    assert comm.state == State.PUBLISHED and comm.published_on == date(2022, 6, 1)


def test_public_version_never_holds_the_name_even_with_consent(
    make_communication, officer, rapporteur_user, keys
):
    comm = sent(
        make_communication(consent=True), officer=officer, rapporteur=rapporteur_user, keys=keys
    )
    workflow.register_reply(
        communication=comm, acting_user=officer, received_on=date(2022, 6, 1),
        assessment="substantive", text="Ms. Nazarova was released on 20 May.",
    )  # fmt: skip
    publication.publish(
        communication=comm, acting_user=rapporteur_user, desk_keys=keys, today=date(2022, 7, 12)
    )
    comm.refresh_from_db()
    public = comm.public_letter + comm.public_subject + comm.replies.get().public_text
    assert "Nazarova" not in public and "Zarina" not in public
    assert "a lawyer from Dushanbe" in public and "UA TJK 1/2022" in public


def test_publication_blocked_when_a_name_survives_redaction(
    make_communication, officer, rapporteur_user, keys, monkeypatch
):
    """The leak check is independent of redaction: if redaction ever misses a name
    (simulated here by turning it off), nothing is published."""
    from rapporteur.communications.letters import render

    comm = make_communication(consent=True, subject="the arrest of Zarina Nazarova")
    from rapporteur.cases import name_matching

    monkeypatch.setattr(name_matching, "redact", lambda *, text, **kw: text)
    monkeypatch.setattr(render, "redact", lambda *, text, **kw: text)
    comm = approved(comm, officer=officer, rapporteur=rapporteur_user)
    comm.persons.update(consent_to_share_name=True)
    comm = workflow.send(
        communication=comm, acting_user=officer, desk_keys=keys, sent_on=date(2022, 5, 12)
    )
    with pytest.raises(LeakFound):
        publication.publish(
            communication=comm, acting_user=rapporteur_user, desk_keys=keys, today=date(2022, 8, 1)
        )
    comm.refresh_from_db()
    assert comm.state == State.AWAITING_REPLY and comm.public_letter == ""
    assert AuditEntry.objects.filter(tag="communication:publish:blocked").exists()


def test_follow_up_is_a_new_linked_draft(make_communication, officer, rapporteur_user, keys):
    comm = sent(
        make_communication(consent=True), officer=officer, rapporteur=rapporteur_user, keys=keys
    )
    new = drafting.follow_up(communication=comm, acting_user=officer, desk_keys=keys)
    assert new.follow_up_of == comm and new.state == State.DRAFT and new.persons.count() == 1


def test_content_is_sealed_in_the_database(make_communication):
    comm = make_communication(name="Canary Namesake")
    raw = bytes(Communication.objects.get(pk=comm.pk).envelope) + bytes(comm.persons.get().envelope)
    assert b"Canary" not in raw and b"arrest" not in raw


def test_a_lost_race_is_retried_by_the_unique_constraint(
    make_communication, officer, rapporteur_user, keys, monkeypatch
):
    """Simulate the race the lock prevents: the first attempt reads a stale counter
    (as if another sender committed in between); the unique reference constraint
    refuses the duplicate and the retry takes the next number."""
    first = sent(
        make_communication(consent=True), officer=officer, rapporteur=rapporteur_user, keys=keys
    )
    second = approved(make_communication(consent=True), officer=officer, rapporteur=rapporteur_user)
    real = workflow._locked_counter
    calls = []

    def stale(**kwargs):
        counter = real(**kwargs)
        if not calls:
            counter.last_number = 0  # what a sender that read before the first commit saw
        calls.append(1)
        return counter

    monkeypatch.setattr(workflow, "_locked_counter", stale)
    result = workflow.send(
        communication=second, acting_user=officer, desk_keys=keys, sent_on=date(2022, 5, 12)
    )
    assert len(calls) == 2 and (first.ref_number, result.ref_number) == (1, 2)
