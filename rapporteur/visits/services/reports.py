"""The follow-up report of a visit, as DOCX and PDF: for each recommendation, the
situation at the time of the visit, the steps taken since (public evidence and status
notes) and the current status — the table rapporteurs publish in follow-up reports.

PDF text needs a font that covers Cyrillic (Russian and Tajik names and evidence);
DejaVu Sans from Debian's fonts-dejavu-core is looked for at run time, never bundled.
Exporting it is audited (who, which visit, which format)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from rapporteur.accounts.models import User
from rapporteur.audit.services import record
from rapporteur.audit.tags import AuditTag
from rapporteur.errors import Refused
from rapporteur.visits import selectors
from rapporteur.visits.models import Recommendation, Status, Visit

FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/local/share/fonts"),
    Path("/Library/Fonts"),
)
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


class ReportError(Refused):
    """The report cannot be made on this server; the message says what to install."""


@dataclass(frozen=True)
class ReportFile:
    name: str
    content_type: str
    data: bytes


def export_report(*, acting_user: User, visit: Visit, file_format: str) -> ReportFile:
    """The follow-up report of a visit's public recommendations as ``docx`` or
    ``pdf``, and its audit entry. Raises ReportError when this server cannot make it
    (then nothing is recorded)."""
    recs = list(selectors.public_recommendations(visit=visit))
    data = build_pdf(visit, recs) if file_format == "pdf" else build_docx(visit, recs)
    record(
        tag=AuditTag.VISIT_REPORT_EXPORTED,
        actor=acting_user,
        target=visit,
        extras={"format": file_format},
    )
    return ReportFile(
        name=f"follow-up-{visit.country_code.lower()}-{visit.start_date:%Y}.{file_format}",
        content_type=CONTENT_TYPES[file_format],
        data=data,
    )


def find_font(name: str = "DejaVuSans.ttf") -> Path:
    for folder in FONT_DIRS:
        candidate = folder / name
        if candidate.is_file():
            return candidate
    raise ReportError(
        _(
            "The PDF report needs the DejaVu Sans font (%(name)s), which covers Cyrillic. "
            "Install it, e.g. apt-get install fonts-dejavu-core."
        )
        % {"name": name}
    )


def _steps(rec: Recommendation) -> str:
    lines = [f"{e.date:%Y-%m-%d}: {e.text}" for e in rec.evidence.all() if e.public] + [
        f"{c.date:%Y-%m-%d}: {c.public_note}" for c in rec.status_changes.all() if c.public_note
    ]
    return "\n".join(lines) or "—"


def _rows(recs: list[Recommendation]) -> list[tuple[str, str, str, str]]:
    labels = dict(Status.choices)
    return [
        (
            f"{r.paragraph}. {r.text}" if r.paragraph else r.text,
            r.situation_at_visit or "—",
            _steps(r),
            str(labels[r.status]),
        )
        for r in recs
    ]


def _title(visit: Visit) -> str:
    return _("Follow-up to the visit to %(country)s, %(start)s to %(end)s") % {
        "country": visit.country_name,
        "start": visit.start_date.isoformat(),
        "end": visit.end_date.isoformat(),
    }


def _headers() -> list[str]:
    return [
        _("Recommendation"),
        _("Situation at the time of the visit"),
        _("Steps taken since"),
        _("Current status"),
    ]


def build_docx(visit: Visit, recs: list[Recommendation]) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading(_title(visit), level=1)
    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, _headers(), strict=True):
        cell.text = text
    for row in _rows(recs):
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def build_pdf(visit: Visit, recs: list[Recommendation]) -> bytes:
    from fpdf import FPDF

    regular = find_font("DejaVuSans.ttf")
    bold = find_font("DejaVuSans-Bold.ttf")
    pdf = FPDF(orientation="L", format="A4")
    pdf.set_title(_title(visit))
    pdf.add_font("DejaVu", "", str(regular))
    pdf.add_font("DejaVu", "B", str(bold))
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 14)
    pdf.multi_cell(0, 8, _title(visit))
    pdf.ln(2)
    pdf.set_font("DejaVu", "", 9)
    with pdf.table(col_widths=(40, 22, 28, 12), repeat_headings=1) as table:
        table.row(_headers())
        for row in _rows(recs):
            table.row(row)
    return bytes(pdf.output())
