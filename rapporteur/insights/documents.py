"""The country report as a document: laid out once as blocks (``report_blocks``),
written twice, as DOCX (python-docx) and PDF (fpdf2, DejaVu Sans for Cyrillic), as
the letters to States are.

Typeset in the download request and never stored: the figures come from the job row
(``report.gather``, counts only), the case summaries are opened here with the
reader's own desk keys (``published_summaries``), and the file goes to the browser.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef
from django.utils import translation
from django.utils.translation import gettext as _
from docx import Document
from docx.shared import Cm

from rapporteur.cases.models import Act
from rapporteur.cases.selectors import publishable_cases
from rapporteur.communications.letters.docx import clear_metadata
from rapporteur.communications.letters.fonts import FAMILY, font_paths
from rapporteur.insights.charts import Bar, Chart, to_png
from rapporteur.insights.models import ReportJob
from rapporteur.insights.periods import Period
from rapporteur.insights.selectors import overlapping
from rapporteur.vault import sealing as vault_sealing

if TYPE_CHECKING:
    from fpdf import FPDF

    from rapporteur.accounts.models import User

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


@dataclass(frozen=True)
class Summary:
    title: str
    text: str


@dataclass(frozen=True)
class Block:
    kind: str  # title, heading, subheading, paragraph, table, image
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)  # a table's; the first is its header
    image: bytes = b""


def published_summaries(
    *, user: User, job: ReportJob, desk_keys: Mapping[int, bytes]
) -> list[Summary]:
    """The summaries a report for ``user`` may print: cases of the job's country with
    an act that may fall in its period, that ``user`` may know of, and whose every
    person consented to publication (``cases.selectors.publishable_cases``). Opened
    with the reader's keys; a case this session cannot open is left out."""
    period = Period(job.period_start, job.period_end)
    in_period = Act.objects.filter(overlapping(period), case=OuterRef("pk"))
    cases = (
        publishable_cases(user, country=job.country)
        .filter(Exists(in_period))
        .select_related("desk_key")
        .order_by("opened_on", "id")
    )
    found = []
    for case in cases:
        content = vault_sealing.open_record(case, desk_keys)
        if content.get(vault_sealing.UNREADABLE) or not content.get("summary"):
            continue
        found.append(Summary(content.get("title", ""), content["summary"]))
    return found


def report_blocks(*, job: ReportJob, summaries: list[Summary], today: date) -> list[Block]:
    """The report, in the job's language, as blocks both writers share."""
    figures = job.figures
    with translation.override(job.language):
        blocks = [
            Block("title", figures["title"]),
            Block("paragraph", _("Prepared on %(day)s.") % {"day": today.isoformat()}),
            Block(
                "paragraph",
                _(
                    "Dates of acts are often known only in part. Each figure therefore has "
                    "two bounds: acts certainly in the period, and acts possibly in it."
                ),
            ),
        ]
        if not figures["exact"]:
            blocks.append(Block("paragraph", _("Figures from 1 to 4 are not shown.")))
        blocks += [
            Block("heading", _("Summary figures")),
            Block("table", rows=[[_("Figure"), _("Count")], *figures["totals"]]),
        ]
        if figures["empty"]:
            blocks.append(
                Block(
                    "paragraph",
                    _("No act against a human rights defender is recorded for this period."),
                )
            )
        else:
            blocks.append(Block("paragraph", figures["sentence"]))
            blocks += _charts(figures["panels"])
        blocks += _letters(figures["letters"])
        blocks += _recommendations(figures["recommendations"])
        blocks += _cases(summaries)
    return blocks


def _charts(panels: list[dict[str, Any]]) -> list[Block]:
    blocks = [Block("heading", _("Charts"))]
    for panel in panels:
        blocks.append(Block("subheading", panel["title"]))
        chart = dict(panel["chart"])
        chart["bars"] = [Bar(**bar) for bar in chart["bars"]]
        chart["legend"] = tuple(chart["legend"])
        if chart["bars"]:
            blocks.append(Block("image", image=to_png(Chart(**chart))))
        header = [_("Group"), _("Certainly in the period"), _("Possibly in the period")]
        rows = [[line[0], line[1], line[2]] for line in panel["lines"]]
        blocks.append(Block("table", rows=[header, *rows]))
        if panel["note"]:
            blocks.append(Block("paragraph", panel["note"]))
    return blocks


def _letters(letters: dict[str, Any]) -> list[Block]:
    blocks = [
        Block("heading", _("Communications to the State")),
        Block(
            "table",
            rows=[[_("Communications"), _("Count")]] + [[a, str(b)] for a, b in letters["rows"]],
        ),
        Block("subheading", _("Public communications and replies")),
    ]
    if letters["published"]:
        header = [_("Reference"), _("Sent on"), _("Kind"), _("Reply received")]
        blocks.append(Block("table", rows=[header, *letters["published"]]))
    else:
        blocks.append(
            Block("paragraph", _("No communication of this period has been made public."))
        )
    return blocks


def _recommendations(recommendations: dict[str, Any]) -> list[Block]:
    blocks = [Block("heading", _("Status of recommendations"))]
    if not recommendations["total"]:
        blocks.append(Block("paragraph", _("No accepted recommendation to this country.")))
        return blocks
    header = [_("Status"), _("At the end of the period"), _("Now")]
    rows = [[label, str(then), str(now)] for label, then, now in recommendations["rows"]]
    blocks.append(Block("table", rows=[header, *rows]))
    return blocks


def _cases(summaries: list[Summary]) -> list[Block]:
    blocks = [
        Block("heading", _("Cases")),
        Block(
            "paragraph",
            _(
                "A case is summarised here only when every person concerned agreed to its "
                "publication; every other case is counted in the figures above only."
            ),
        ),
    ]
    if not summaries:
        blocks.append(Block("paragraph", _("No case summary may be published.")))
    for summary in summaries:
        if summary.title:
            blocks.append(Block("subheading", summary.title))
        blocks.append(Block("paragraph", summary.text))
    return blocks


# ------------------------------------------------------------------------ DOCX


def to_docx(blocks: list[Block], *, created: date) -> bytes:
    document = Document()
    clear_metadata(document=document, created=created)
    for block in blocks:
        match block.kind:
            case "title":
                document.add_heading(block.text, level=0)
            case "heading":
                document.add_heading(block.text, level=1)
            case "subheading":
                document.add_heading(block.text, level=2)
            case "table":
                table = document.add_table(rows=0, cols=len(block.rows[0]))
                table.style = "Table Grid"
                for number, row in enumerate(block.rows):
                    cells = table.add_row().cells
                    for cell, text in zip(cells, row, strict=True):
                        cell.text = str(text)
                        if number == 0:
                            cell.paragraphs[0].runs[0].bold = True
                document.add_paragraph()
            case "image":
                document.add_picture(io.BytesIO(block.image), width=Cm(16))
            case _:
                document.add_paragraph(block.text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# ------------------------------------------------------------------------- PDF

LINE = 5.5  # mm, at 10.5 pt


def to_pdf(blocks: list[Block], *, created: date) -> bytes:
    # fpdf2 reads its font tables as it is imported: only a process that writes a PDF
    # pays for it, not every web worker at start (the letters do the same).
    from fpdf import FPDF

    regular, bold = font_paths()
    pdf = FPDF(format="A4")
    pdf.add_font(FAMILY, "", str(regular))
    pdf.add_font(FAMILY, "B", str(bold))
    # A fixed date and no author: the file says nothing of who made it, nor when beyond the day.
    pdf.set_creation_date(datetime(created.year, created.month, created.day, tzinfo=UTC))
    pdf.set_margins(left=20, top=20, right=20)
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.add_page()
    for block in blocks:
        match block.kind:
            case "title":
                _text(pdf, block.text, size=16, style="B", after=4)
            case "heading":
                pdf.ln(3)
                _text(pdf, block.text, size=13, style="B", after=2)
            case "subheading":
                pdf.ln(1)
                _text(pdf, block.text, size=11, style="B", after=1)
            case "table":
                pdf.set_font(FAMILY, "", 9)
                with pdf.table(text_align="LEFT", line_height=LINE - 1) as table:
                    for row in block.rows:
                        line = table.row()
                        for text in row:
                            line.cell(str(text))
                pdf.ln(3)
            case "image":
                pdf.image(io.BytesIO(block.image), w=pdf.epw)
                pdf.ln(2)
            case _:
                _text(pdf, block.text, size=10.5, after=3)
    return bytes(pdf.output())


def _text(pdf: FPDF, text: str, *, size: float, style: str = "", after: float = 3) -> None:
    from fpdf.enums import XPos, YPos  # imported already by to_pdf

    # Left-aligned, not justified: justified text extracts with doubled spaces.
    pdf.set_font(FAMILY, style, size)
    pdf.multi_cell(0, LINE, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(after)


def render(*, blocks: list[Block], file_format: str, created: date) -> bytes:
    if file_format == "pdf":
        return to_pdf(blocks, created=created)
    return to_docx(blocks, created=created)
