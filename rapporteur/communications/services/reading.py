"""Reads of a communication's content that leave an audit entry: its page, the
letter as a file for the State, and a reply document.

The entry holds ids and codes only, never a name or a word of the letter. A letter
file is not made while it names someone without consent: the refusal is audited
too, and raised as ``ConsentMissing``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rapporteur.accounts.models import User
from rapporteur.audit.services import record
from rapporteur.audit.tags import AuditTag
from rapporteur.communications import consent, content
from rapporteur.communications.letters.docx import render_docx
from rapporteur.communications.letters.render import render_body
from rapporteur.communications.models import Communication, ReplyDocument
from rapporteur.communications.services import ConsentMissing
from rapporteur.communications.services.workflow import OpenedDocument, open_document

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def note_read(*, communication: Communication, acting_user: User) -> None:
    """A member of staff opened the communication's content on its page."""
    record(tag=AuditTag.COMMUNICATION_READ, actor=acting_user, target=communication)


@dataclass(frozen=True)
class LetterFile:
    filename: str
    data: bytes
    content_type: str


def letter_file(
    *,
    communication: Communication,
    acting_user: User,
    desk_keys: dict[int, bytes],
    fmt: str,
    today: date,
) -> LetterFile:
    """The letter as it stands, with the letterhead: PDF for ``fmt == "pdf"``, DOCX
    otherwise. Raises ``ConsentMissing`` (audited) while it names a person without
    consent, ``DraftError`` while it cannot be drawn up, a vault error without keys."""
    opened = content.open_communication(communication=communication, desk_keys=desk_keys)
    draft = content.letter_draft(
        opened=opened, day=content.letter_day(communication=communication, today=today)
    )
    body = opened.content.body or render_body(draft=draft, library=content.library())
    found = consent.check(opened=opened, draft=draft, desk_keys=desk_keys, body=body)
    if found.blocked:
        # The file is what goes to the State: it is not made while it names someone
        # without consent.
        record(
            tag=AuditTag.COMMUNICATION_SEND_BLOCKED,
            actor=acting_user,
            target=communication,
            extras={"at": "letter", "unconsented": len(found.matches)},
        )
        raise ConsentMissing(found.persons, unreadable=len(found.unreadable))
    if fmt == "pdf":
        # fpdf2 reads its font tables as it is imported: a fifth of a second that every
        # web worker and command would pay at start, for the few that write a PDF.
        from rapporteur.communications.letters.pdf import render_pdf

        data, content_type = render_pdf(draft=draft, body=body), "application/pdf"
    else:
        fmt, data, content_type = "docx", render_docx(draft=draft, body=body), DOCX
    record(
        tag=AuditTag.COMMUNICATION_LETTER_DOWNLOADED,
        actor=acting_user,
        target=communication,
        extras={"format": fmt},
    )
    name = communication.reference or f"draft-{communication.pk}"
    return LetterFile(
        filename=f"{name.replace(' ', '-').replace('/', '-')}.{fmt}",
        data=data,
        content_type=content_type,
    )


def open_reply_document(
    *,
    communication: Communication,
    document: ReplyDocument,
    acting_user: User,
    desk_keys: dict[int, bytes],
) -> OpenedDocument:
    """A document that came with a reply to ``communication``, streamed (see
    ``workflow.open_document``); the download is audited once it can start."""
    opened = open_document(document=document, desk_keys=desk_keys)
    record(
        tag=AuditTag.COMMUNICATION_REPLY_DOWNLOADED,
        actor=acting_user,
        target=communication,
        extras={"document": document.pk},
    )
    return opened
