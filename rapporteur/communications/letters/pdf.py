"""The letter as PDF (fpdf2), embedding DejaVu Sans so Russian and Tajik letters
(ғ ӣ қ ӯ ҳ ҷ) render and can be extracted again by a text parser."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from rapporteur.communications.letters.fonts import FAMILY, font_paths
from rapporteur.communications.letters.render import (
    Block,
    BlockKind,
    LetterDraft,
    letter_blocks,
    letterhead,
)


def render_pdf(
    *, draft: LetterDraft, body: str | None = None, font_dir: Path | None = None
) -> bytes:
    regular, bold = font_paths(font_dir=font_dir)
    pdf = FPDF(format="A4")
    pdf.add_font(FAMILY, "", str(regular))
    pdf.add_font(FAMILY, "B", str(bold))
    # Fixed dates and no author: the file says nothing about when or by whom it was made
    # beyond the letter's own date.
    pdf.set_creation_date(datetime(draft.date.year, draft.date.month, draft.date.day, tzinfo=UTC))
    pdf.set_margins(left=25, top=20, right=25)
    pdf.add_page()
    _letterhead(pdf=pdf, lines=letterhead(draft=draft))
    for block in letter_blocks(draft=draft, body=body):
        _block(pdf=pdf, block=block)
    return bytes(pdf.output())


# Width of the number column of a numbered list, in mm: "10." fits at 11 pt.
NUMBER_WIDTH = 8


def _block(*, pdf: FPDF, block: Block) -> None:
    match block.kind:
        case BlockKind.ANNEX:
            pdf.add_page()  # the annex starts a page of its own
            if block.text:
                pdf.set_font(FAMILY, "B", 13)
                _paragraph(pdf=pdf, text=block.text, after=4)
        case BlockKind.HEADING:
            pdf.ln(2)
            pdf.set_font(FAMILY, "B", 12)
            _paragraph(pdf=pdf, text=block.text)
        case BlockKind.LIST:
            pdf.set_font(FAMILY, "", 11)
            for number, item in enumerate(block.items, start=block.start):
                _numbered(pdf=pdf, number=number, text=item)
        case _:
            pdf.set_font(FAMILY, "", 11)
            _paragraph(pdf=pdf, text=block.text)


def _numbered(*, pdf: FPDF, number: int, text: str) -> None:
    # A hanging indent: the number in its own column, the item's lines aligned after it.
    pdf.cell(NUMBER_WIDTH, 5.5, f"{number}.")
    pdf.multi_cell(0, 5.5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)


def _letterhead(*, pdf: FPDF, lines: list[str]) -> None:
    mandate, address, reference, day = lines
    pdf.set_font(FAMILY, "B", 11)
    _paragraph(pdf=pdf, text=mandate, after=1)
    pdf.set_font(FAMILY, "", 9)
    _paragraph(pdf=pdf, text=address, after=4)
    pdf.set_font(FAMILY, "", 11)
    _paragraph(pdf=pdf, text=reference, after=1)
    _paragraph(pdf=pdf, text=day, after=6)


def _paragraph(*, pdf: FPDF, text: str, after: float = 3) -> None:
    # Left-aligned, not justified: justification pads words with spaces that text
    # extraction (search, accessibility tools) then reads back as double spaces.
    pdf.multi_cell(0, 5.5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(after)
