"""Communications made through the real services: a draft with its person
concerned, carried along the workflow (review, approval, sending, a reply,
publication), a published press release; the demo's letters are made here too.
And sample URL arguments for the role-matrix and page tests."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from rapporteur.accounts.models import User
from rapporteur.communications.content import DraftContent
from rapporteur.communications.models import (
    CalendarToken,
    Communication,
    PersonConcerned,
    PressRelease,
    Reply,
    ReplyDocument,
    SpecialProcedureMandate,
    StandardParagraph,
    State,
)
from rapporteur.communications.services import drafting, press, publication, workflow
from rapporteur.communications.services.calendar import token_hash
from rapporteur.testing.vault import desk_keys_of
from rapporteur.vault.models import DeskKey
from rapporteur.vault.sealing import seal_record
from rapporteur.vault.storage import reply_files

PERSON = ("Zarina Nazarova", "a woman human rights defender, a lawyer from Dushanbe")
SUBJECT = "the arrest of [[person:1]]"
FACTS = ("On 3 May 2022, [[person:1]] was arrested without a warrant.",)
QUESTIONS = ("Please provide the legal basis for the arrest of [[person:1]].",)
# How far along the workflow ``advance`` carries a letter, in order.
STEPS = ("draft", "review", "approved", "sent", "published")


def draft_letter(
    *,
    drafter: User,
    kind: str = "UA",
    language: str = "en",
    addressee_code: str = "TJK",
    legal_paragraphs: Sequence[str] = ("declaration-hrd", "iccpr-9"),
    subject: str = SUBJECT,
    facts: Sequence[str] = FACTS,
    questions: Sequence[str] = QUESTIONS,
    person: tuple[str, str] | None = PERSON,
    consent: bool = False,
    **fields: Any,
) -> Communication:
    """A draft by ``drafter`` naming ``person`` (name, description; None: nobody) as
    [[person:1]], with or without consent. ``fields`` go to ``create_draft``
    (``addressee_other``, ``case``...)."""
    communication = drafting.create_draft(
        acting_user=drafter,
        kind=kind,
        language=language,
        addressee_code=addressee_code,
        legal_paragraphs=list(legal_paragraphs),
        content=DraftContent(subject=subject, facts=list(facts), questions=list(questions)),
        **fields,
    )
    if person is not None:
        drafting.set_person(
            communication=communication,
            acting_user=drafter,
            name=person[0],
            description=person[1],
            consent=consent,
        )
    return communication


def advance(
    communication: Communication,
    *,
    to: str,
    drafter: User,
    approver: User,
    desk_keys: dict[int, bytes],
    sent_on: date = date(2022, 5, 12),
    reply: tuple[date, str, str] | None = None,
    published_on: date | None = None,
) -> Communication:
    """Carry a draft along the workflow up to ``to`` (one of ``STEPS``): submitted by
    the drafter, approved by the approver (the consent check opens the persons with
    ``desk_keys``), sent by the drafter on ``sent_on``, its ``reply`` (received on,
    assessment, text) registered, published by the approver on ``published_on``
    (default today; the reply window must have closed by then)."""
    goal = STEPS.index(to)
    if goal >= STEPS.index("review"):
        workflow.move(communication=communication, acting_user=drafter, to=State.REVIEW)
    if goal >= STEPS.index("approved"):
        workflow.move(
            communication=communication,
            acting_user=approver,
            to=State.APPROVED,
            desk_keys=desk_keys,
        )
    if goal >= STEPS.index("sent"):
        communication = workflow.send(
            communication=communication, acting_user=drafter, desk_keys=desk_keys, sent_on=sent_on
        )
        if reply is not None:
            received_on, assessment, text = reply
            workflow.register_reply(
                communication=communication,
                acting_user=drafter,
                received_on=received_on,
                assessment=assessment,
                text=text,
            )
    if goal >= STEPS.index("published"):
        publication.publish(
            communication=communication,
            acting_user=approver,
            desk_keys=desk_keys,
            today=published_on or timezone.localdate(),
        )
        communication.refresh_from_db()
    return communication


def approved(communication: Communication, *, officer: User, rapporteur: User) -> Communication:
    """Submitted and approved; approval runs the consent check with the
    rapporteur's unlocked desk keys."""
    return advance(
        communication,
        to="approved",
        drafter=officer,
        approver=rapporteur,
        desk_keys=desk_keys_of(rapporteur),
    )


def sent(
    communication: Communication,
    *,
    officer: User,
    rapporteur: User,
    keys: dict[int, bytes],
    on: date = date(2022, 5, 12),
) -> Communication:
    """Approved (as ``approved``), then sent by the officer on ``on`` with ``keys``."""
    approved(communication, officer=officer, rapporteur=rapporteur)
    return workflow.send(
        communication=communication, acting_user=officer, desk_keys=keys, sent_on=on
    )


def post_reply(client: Any, communication: Communication, document: Any) -> Any:
    """POST a partial reply received on 1 June 2022 with ``document`` (an upload) to
    the reply page, as an officer's browser does; returns the response."""
    from django.urls import reverse

    return client.post(
        reverse("communications_desk:reply", args=[communication.pk]),
        {
            "received_on": date(2022, 6, 1),
            "assessment": "partial",
            "text": "The Government replied.",
            "document": document,
        },
    )


def published(communication: Communication, *, rapporteur: User) -> Communication:
    """Published today by the rapporteur (the reply window must have closed)."""
    publication.publish(
        communication=communication,
        acting_user=rapporteur,
        desk_keys=desk_keys_of(rapporteur),
        today=timezone.localdate(),
    )
    communication.refresh_from_db()
    return communication


def published_release(
    *,
    drafter: User,
    approver: User,
    desk_keys: dict[int, bytes] | None = None,
    published_on: date | None = None,
    **release: Any,
) -> PressRelease:
    """A press release saved by ``drafter`` (``release``: ``versions``,
    ``communications``, ``visit``), approved and published by ``approver`` on
    ``published_on`` (default today) with ``desk_keys`` (default: the approver's,
    unlocked with the test password)."""
    saved = press.save_release(acting_user=drafter, **release)
    press.approve_release(release=saved, acting_user=approver)
    press.publish_release(
        release=saved,
        acting_user=approver,
        desk_keys=desk_keys if desk_keys is not None else desk_keys_of(approver),
        today=published_on or timezone.localdate(),
    )
    return saved


def letter_row(
    *,
    created_by: User,
    sent_on: date | None,
    number: int,
    code: str = "TJK",
    state: str = State.AWAITING_REPLY,
    has_reply: bool = False,
) -> Communication:
    """An unsaved letter row sent on ``sent_on`` (None: never sent) with reference
    ``number``, written as no service would: unsealed (an empty envelope under the
    first desk key, or a stand-in one), for tests that count many letters or need
    dates in the past. Save it, or ``bulk_create`` many."""
    key = DeskKey.objects.first() or DeskKey.objects.create(version=99, public_key=b"\0" * 32)
    return Communication(
        kind="UA",
        addressee_code=code,
        created_by=created_by,
        desk_key=key,
        envelope=b"",
        state=state,
        sent_on=sent_on,
        has_reply=has_reply,
        reply_due_on=sent_on and sent_on + timedelta(days=60),
        reference=f"UA {code} {number}/{sent_on.year}" if sent_on else "",
        ref_year=sent_on.year if sent_on else None,
        ref_number=number if sent_on else None,
    )


def reply_row(
    letter: Communication, *, received_on: date, assessment: str = "partial", in_time: bool = False
) -> Reply:
    """A reply to a ``letter_row``, written directly as it is (unsealed, by the
    letter's author)."""
    return Reply.objects.create(
        communication=letter,
        received_on=received_on,
        assessment=assessment,
        in_time=in_time,
        registered_by=letter.created_by,
        desk_key=letter.desk_key,
        envelope=b"",
    )


def communication_samples(personas: dict[str, User]) -> dict[str, Any]:
    """A published communication with a person, a reply and a document, each sealed
    to the real desk key that earlier samples made, so staff pages that decrypt work."""
    key = DeskKey.objects.order_by("-version").first()
    if key is None:
        raise RuntimeError("communication_samples needs the desk key made by intake's samples")
    content = {"subject": "Sample", "facts": ["A sample fact."], "questions": [], "body": ""}
    comm = Communication.objects.create(
        kind="UA", addressee_code="TJK", created_by=personas["officer"], desk_key=key,
        envelope=seal_record(data=content, desk_key=key), state="published",
        published_on=date(2022, 7, 12),
        sent_on=date(2022, 5, 12), reply_due_on=date(2022, 7, 11),
        reference="UA TJK 1/2022", ref_year=2022, ref_number=1,
    )  # fmt: skip
    # Linked to every case the earlier samples made (the officer's documented case)
    # and its acts, so the links page and the case's Interventions list have rows.
    from rapporteur.cases.models import Act, Case
    from rapporteur.visits.models import Visit

    comm.cases.set(Case.objects.all())
    comm.acts.set(Act.objects.all())
    release = PressRelease.objects.create(
        created_by=personas["officer"], state="published", published_on=date(2022, 7, 12),
        visit=Visit.objects.filter(published=True).first(),
    )  # fmt: skip
    release.communications.add(comm)
    release.versions.create(language="en", title="Sample", body="Sample text.")
    reply = Reply.objects.create(
        communication=comm, received_on=date(2022, 7, 1), assessment="partial", in_time=True,
        registered_by=personas["officer"], desk_key=key,
        envelope=seal_record(data={"text": "A sample reply."}, desk_key=key),
    )  # fmt: skip
    person = {"name": "Sample Person", "description": "a defender"}
    PersonConcerned.objects.create(
        communication=comm, position=1, desk_key=key,
        envelope=seal_record(data=person, desk_key=key),
    )  # fmt: skip
    document = ReplyDocument.objects.create(
        reply=reply, desk_key=key,
        stored_name=reply_files.store(chunks=[b"%PDF-1.4"], desk_key=key).name,
        envelope=seal_record(data={"filename": "reply.pdf", "size": 8}, desk_key=key),
    )  # fmt: skip
    CalendarToken.objects.create(user=personas["rapporteur"], token_hash=token_hash("sample"))
    return {
        "communication_id": comm.pk,
        "position": 1,
        "reply_document_id": document.pk,
        "fmt": "docx",
        "mandate_id": SpecialProcedureMandate.objects.first().pk,  # type: ignore[union-attr]
        "paragraph_id": StandardParagraph.objects.first().pk,  # type: ignore[union-attr]
        "press_release_id": release.pk,
        "token": "sample",
    }
