"""Sample URL arguments for the core role-matrix and page tests."""

from __future__ import annotations

from datetime import date

from rapporteur.communications.models import (
    CalendarToken,
    Communication,
    PersonConcerned,
    PressRelease,
    Reply,
    ReplyDocument,
    SpecialProcedureMandate,
    StandardParagraph,
)
from rapporteur.communications.services.calendar import token_hash
from rapporteur.vault.models import DeskKey
from rapporteur.vault.sealing import seal_record
from rapporteur.vault.storage import reply_files


def communication_samples(personas) -> dict:  # type: ignore[no-untyped-def]
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
