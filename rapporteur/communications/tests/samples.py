"""Sample URL arguments for the core role-matrix and page tests."""

from __future__ import annotations

from datetime import date

from rapporteur.communications.models import (
    CalendarToken,
    Communication,
    PressRelease,
    Reply,
    ReplyDocument,
    SpecialProcedureMandate,
    StandardParagraph,
)
from rapporteur.communications.services.calendar import token_hash
from rapporteur.vault.models import DeskKey


def communication_samples(personas) -> dict:  # type: ignore[no-untyped-def]
    """A sent communication (no content: the role matrix checks access, not text)."""
    key = DeskKey.objects.first() or DeskKey.objects.create(version=99, public_key=b"\0" * 32)
    comm = Communication.objects.create(
        kind="UA", addressee_code="TJK", created_by=personas["officer"], desk_key=key,
        envelope=b"", state="published", published_on=date(2022, 7, 12),
        sent_on=date(2022, 5, 12), reply_due_on=date(2022, 7, 11),
        reference="UA TJK 1/2022", ref_year=2022, ref_number=1,
    )  # fmt: skip
    release = PressRelease.objects.create(
        created_by=personas["officer"], state="published", published_on=date(2022, 7, 12)
    )
    release.versions.create(language="en", title="Sample", body="Sample text.")
    reply = Reply.objects.create(
        communication=comm, received_on=date(2022, 7, 1), assessment="partial", in_time=True,
        registered_by=personas["officer"], desk_key=key, envelope=b"",
    )  # fmt: skip
    document = ReplyDocument.objects.create(reply=reply, desk_key=key, envelope=b"")
    CalendarToken.objects.create(user=personas["rapporteur"], token_hash=token_hash("sample"))
    return {
        "communication_id": comm.pk,
        "position": 1,
        "document_id": document.pk,
        "fmt": "docx",
        "mandate_id": SpecialProcedureMandate.objects.first().pk,  # type: ignore[union-attr]
        "paragraph_id": StandardParagraph.objects.first().pk,  # type: ignore[union-attr]
        "press_release_id": release.pk,
        "token": "sample",
    }
