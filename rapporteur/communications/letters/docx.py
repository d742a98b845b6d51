"""The letter as a Word document (python-docx), for staff who finish letters in Word
and for the copy sent to the Permanent Mission."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from docx import Document
from docx.shared import Pt, RGBColor

from rapporteur.communications.letters.render import (
    Block,
    BlockKind,
    LetterDraft,
    letter_blocks,
    letterhead,
)

# Word's own styles, so the recipient's Word shows real headings (navigation pane,
# table of contents) and a real numbered list (renumbers when edited).
ANNEX_STYLE = "Heading 1"
HEADING_STYLE = "Heading 2"
LIST_STYLE = "List Number"
BODY_FONT = "Times New Roman"


def render_docx(*, draft: LetterDraft, body: str | None = None) -> bytes:
    """Letterhead then body; ``body`` is the edited text when staff changed it."""
    document = Document()
    clear_metadata(document=document, created=draft.date)
    _letter_styles(document=document)
    _letterhead(document=document, lines=letterhead(draft=draft))
    for block in letter_blocks(draft=draft, body=body):
        _block(document=document, block=block)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _block(*, document, block: Block) -> None:
    match block.kind:
        case BlockKind.ANNEX:
            # The annex starts on a page of its own, titled or not.
            paragraph = document.add_paragraph(block.text, style=ANNEX_STYLE)
            paragraph.paragraph_format.page_break_before = True
        case BlockKind.HEADING:
            document.add_paragraph(block.text, style=HEADING_STYLE)
        case BlockKind.LIST:
            number = _numbering_from(document=document, start=block.start)
            for item in block.items:
                _numbered(document.add_paragraph(item, style=LIST_STYLE), number=number)
        case _:
            document.add_paragraph(block.text)


def _numbering_from(*, document, start: int) -> int:
    """A numbering of Word's "List Number" list that restarts at ``start``: each list
    of the letter counts from its own first number, not on from the list before."""
    numbering = document.part.numbering_part.element
    style_num = document.styles[LIST_STYLE].element.pPr.numPr.numId.val
    abstract = numbering.num_having_numId(style_num).abstractNumId.val
    num = numbering.add_num(abstract)
    num.add_lvlOverride(ilvl=0).add_startOverride(start)
    return num.numId


def _numbered(paragraph, *, number: int) -> None:
    numbering = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    numbering.get_or_add_ilvl().val = 0
    numbering.get_or_add_numId().val = number


def _letter_styles(*, document) -> None:
    # A letter, not a report: serif text, black headings (the template's are blue).
    normal = document.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = Pt(12)
    normal.paragraph_format.space_after = Pt(8)
    for name in (ANNEX_STYLE, HEADING_STYLE):
        style = document.styles[name]
        style.font.name = BODY_FONT
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.font.size = Pt(14 if name == ANNEX_STYLE else 12)


def _letterhead(*, document, lines: list[str]) -> None:
    mandate, address, reference, day = lines
    title = document.add_paragraph()
    title.add_run(mandate).bold = True
    document.add_paragraph(address).runs[0].font.size = Pt(9)
    document.add_paragraph(reference)
    document.add_paragraph(day)


def clear_metadata(*, document, created) -> None:
    # python-docx's template names "python-docx" as author and carries its own dates;
    # a letter (or a country report) must not reveal which staff account or machine
    # produced it.
    properties = document.core_properties
    properties.author = ""
    properties.last_modified_by = ""
    properties.comments = ""
    properties.title = ""
    moment = datetime(created.year, created.month, created.day, tzinfo=UTC)
    properties.created = moment
    properties.modified = moment
    properties.revision = 1
