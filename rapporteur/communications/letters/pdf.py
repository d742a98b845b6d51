"""The letter as PDF (fpdf2), embedding DejaVu Sans so Russian and Tajik letters
(ғ ӣ қ ӯ ҳ ҷ) render and can be extracted again by a text parser."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from rapporteur.communications.letters.render import (
    Block,
    BlockKind,
    LetterDraft,
    letter_blocks,
    letterhead,
)

# Debian's fonts-dejavu-core, installed by scripts/system-packages.sh; the
# RAPPORTEUR_PDF_FONT_DIR environment variable points elsewhere if needed.
DEFAULT_FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
REGULAR = "DejaVuSans.ttf"
BOLD = "DejaVuSans-Bold.ttf"
FAMILY = "DejaVuSans"


class FontMissing(RuntimeError):
    """The Unicode font is not installed: a PDF without it would drop Cyrillic."""


def font_paths(*, font_dir: Path | None = None) -> tuple[Path, Path]:
    """The regular and bold DejaVu Sans files, found at run time."""
    directory = font_dir or Path(os.environ.get("RAPPORTEUR_PDF_FONT_DIR", DEFAULT_FONT_DIR))
    paths = (directory / REGULAR, directory / BOLD)
    missing = [str(path) for path in paths if not path.is_file()]
    if missing:
        raise FontMissing(
            f"PDF letters need DejaVu Sans for Cyrillic; missing {', '.join(missing)}. "
            "Install Debian's fonts-dejavu-core (apt-get install fonts-dejavu-core) or set "
            "RAPPORTEUR_PDF_FONT_DIR to a folder holding DejaVuSans.ttf and DejaVuSans-Bold.ttf."
        )
    return paths


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
