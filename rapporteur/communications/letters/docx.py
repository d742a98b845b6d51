"""The letter as a Word document (python-docx), for staff who finish letters in Word
and for the copy sent to the Permanent Mission."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from docx import Document
from docx.shared import Pt

from rapporteur.communications.letters.render import (
    LetterDraft,
    blocks,
    letterhead,
    render_body,
)


def render_docx(*, draft: LetterDraft, body: str | None = None) -> bytes:
    """Letterhead then body; ``body`` is the edited text when staff changed it."""
    document = Document()
    _clear_metadata(document=document, created=draft.date)
    _letterhead(document=document, lines=letterhead(draft=draft))
    for block in blocks(body or render_body(draft=draft)):
        if block.heading:
            document.add_heading(block.text, level=2)
        else:
            document.add_paragraph(block.text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _letterhead(*, document, lines: list[str]) -> None:
    mandate, address, reference, day = lines
    title = document.add_paragraph()
    title.add_run(mandate).bold = True
    document.add_paragraph(address).runs[0].font.size = Pt(9)
    document.add_paragraph(reference)
    document.add_paragraph(day)


def _clear_metadata(*, document, created) -> None:
    # python-docx's template names "python-docx" as author and carries its own dates;
    # a letter must not reveal which staff account or machine produced it.
    properties = document.core_properties
    properties.author = ""
    properties.last_modified_by = ""
    properties.comments = ""
    properties.title = ""
    moment = datetime(created.year, created.month, created.day, tzinfo=UTC)
    properties.created = moment
    properties.modified = moment
    properties.revision = 1
