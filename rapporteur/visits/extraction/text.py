"""Read TXT, PDF, DOCX and HTML documents into numbered paragraphs with pages.

Every failure a user can cause with a bad file is raised as a subclass of
``DocumentError`` with a plain message, so callers never show a traceback.
"""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any


class DocumentError(Exception):
    """A document that cannot be read; the message is meant for the user."""


class UnsupportedDocumentError(DocumentError):
    pass


class CorruptDocumentError(DocumentError):
    pass


class EncryptedDocumentError(DocumentError):
    pass


class NoTextError(DocumentError):
    """The file is readable but holds no text (e.g. a scanned PDF)."""


class NoTextLayerError(NoTextError):
    """A PDF whose pages hold images only: a scan without a text layer."""


@dataclass
class Paragraph:
    text: str
    page: int  # 1-based; 1 when the format has no pages
    number: int  # 1-based position among the document's paragraphs
    marker: str = ""  # list marker or paragraph number as written ("115.1", "•", "2.")
    kind: str = "para"  # "para", "item" (bulleted/numbered) or "heading"

    @property
    def ident(self) -> str:
        """Paragraph id: the document's own number when it has one (UPR '115.1')."""
        if re.fullmatch(r"\d+(\.\d+)+", self.marker.rstrip(".")):
            return self.marker.rstrip(".")
        return str(self.number)


BULLET = r"[•▪◦●○■□\-\u2013—*·]"
_MARKER = re.compile(
    rf"^\s*(?:(?P<num>\d{{1,3}}(?:\.\d{{1,3}})*\.|\d{{1,3}}(?:\.\d{{1,3}})+|\(?[a-z]\)|\(?[ivx]+\)|[a-z]\.)|(?P<bul>{BULLET}))\s+(?=\S)"
)
_PARA_NO = re.compile(r"^\s*(\d{1,3}(?:\.\d{1,3})+\.?|\d{1,3}\.)\s+(?=\S)")


def read_document(path: str | Path) -> list[Paragraph]:
    """Paragraphs of the document at ``path``; raises DocumentError subclasses."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError(f"Cannot open {path.name}: {exc.strerror or exc}") from None
    return read_document_data(data, name=path.name)


def read_document_data(data: bytes, *, name: str) -> list[Paragraph]:
    """Paragraphs of a document held in memory (an upload: its plaintext never
    touches a disk); ``name`` (its extension breaks ties of format, and messages name
    it) is a label, never opened. Raises DocumentError subclasses."""
    path = Path(Path(name).name or "document")
    if not data.strip():
        raise NoTextError(f"{path.name} is empty.")
    kind = sniff(path, data)
    reader = {"pdf": _read_pdf, "docx": _read_docx, "html": _read_html, "txt": _read_txt}[kind]
    paragraphs = reader(path, data)
    if not any(p.text.strip() for p in paragraphs):
        if kind == "pdf":
            raise NoTextLayerError(f"{path.name}: no text layer: run OCR first.")
        raise NoTextError(f"No text found in {path.name} (a scanned document needs OCR first).")
    return paragraphs


def sniff(path: Path, data: bytes) -> str:
    """Decide the format from the content first, the extension second."""
    ext = path.suffix.lower()
    if data[:5] == b"%PDF-":
        return "pdf"
    if data[:2] == b"PK":
        return "docx"
    if ext in (".pdf", ".docx"):
        raise CorruptDocumentError(f"{path.name} is not a valid {ext[1:].upper()} file.")
    head = data[:2048].lower()
    if ext in (".html", ".htm") or b"<html" in head or b"<!doctype html" in head:
        return "html"
    return "txt"


def _decode(path: Path, data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    bad = sum(1 for ch in text[:20000] if (ord(ch) < 32 and ch not in "\t\n\r\f") or ch == "\ufffd")
    if bad > max(5, len(text[:20000]) // 50):
        raise UnsupportedDocumentError(
            f"{path.name} looks like binary data, not a text, PDF, DOCX or HTML document."
        )
    return text


# ---------------------------------------------------------------- plain text
def _read_txt(path: Path, data: bytes) -> list[Paragraph]:
    text = _decode(path, data)
    # form feeds are page breaks in plain-text exports of paginated documents
    blocks: list[tuple[str, int]] = []
    for page_no, page in enumerate(text.split("\f"), start=1):
        for block in re.split(r"\n\s*\n", page.replace("\r\n", "\n").replace("\r", "\n")):
            blocks.extend((line, page_no) for line in _split_items(block))
    return _number(blocks)


def _split_items(block: str) -> list[str]:
    """A block may hold several list items, one per line; keep them apart."""
    lines = [ln.strip() for ln in block.split("\n") if ln.strip()]
    out: list[str] = []
    for ln in lines:
        if out and not _MARKER.match(ln):
            out[-1] += " " + ln
        else:
            out.append(ln)
    return out


def _number(blocks: list[tuple[str, int]]) -> list[Paragraph]:
    out: list[Paragraph] = []
    for text, page in blocks:
        text = re.sub(r"[ \t\u00a0]+", " ", text).strip()
        if text:
            out.append(_classify(text, page, len(out) + 1))
    return out


def _classify(text: str, page: int, number: int) -> Paragraph:
    m = _MARKER.match(text)
    if m:
        marker = (m.group("num") or m.group("bul")).strip()
        body = text[m.end() :].strip()
        kind = "para" if _PARA_NO.match(text) and "." in marker.rstrip(".") else "item"
        return Paragraph(body, page, number, marker, kind)
    if is_heading(text):
        return Paragraph(text.rstrip(":").strip(), page, number, "", "heading")
    return Paragraph(text, page, number)


def is_heading(text: str) -> bool:
    """Short line without a final full stop: a heading in any of the formats."""
    words = text.split()
    return (
        0 < len(words) <= 12 and not text.rstrip().endswith((".", ";", ",")) and text[:1].isupper()
    )


# ----------------------------------------------------------------------- PDF
def _read_pdf(path: Path, data: bytes) -> list[Paragraph]:
    import io
    import logging

    import pypdf
    from pypdf.errors import DependencyError, PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # malformed files warn loudly
    try:
        try:
            reader = pypdf.PdfReader(io.BytesIO(data))
            encrypted = reader.is_encrypted
        except DependencyError:  # AES: pypdf would need another library to decrypt
            encrypted = True
        if encrypted:
            reader = pypdf.PdfReader(io.BytesIO(_without_encryption(path, data)))
        pages = []
        for page in reader.pages:
            # layout mode keeps words whole where plain mode splits kerned words ("Afri can")
            pages.append(page.extract_text(extraction_mode="layout").splitlines())
    except DocumentError:
        raise
    except (
        PdfReadError,
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        IndexError,
        OSError,
    ) as exc:
        raise CorruptDocumentError(
            f"{path.name} is not a readable PDF ({exc.__class__.__name__})."
        ) from None
    return _pdf_paragraphs(_strip_furniture(pages))


def _without_encryption(path: Path, data: bytes) -> bytes:
    """The PDF decrypted, when it opens without a password (only an owner password
    restricts it, as often on published reports); qpdf (pikepdf) reads every standard
    encryption, AES included. A password the desk does not have is the user's to remove."""
    import io

    import pikepdf

    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            plain = io.BytesIO()
            pdf.save(plain)
    except pikepdf.PasswordError:
        raise EncryptedDocumentError(
            f"{path.name} is a password-protected PDF; remove the password first."
        ) from None
    except pikepdf.PdfError as exc:
        raise CorruptDocumentError(
            f"{path.name} is not a readable PDF ({exc.__class__.__name__})."
        ) from None
    return plain.getvalue()


def _strip_furniture(pages: list[list[str]]) -> list[list[str]]:
    """Drop running headers/footers: lines repeated at page edges, page numbers."""

    def key(line: str) -> str:
        return re.sub(r"\d+", "#", line.strip())

    edges: Counter[str] = Counter()
    for lines in pages:
        body = [ln for ln in lines if ln.strip()]
        edges.update({key(ln) for ln in body[:2] + body[-2:]})
    repeated = {k for k, n in edges.items() if len(pages) >= 3 and n >= max(3, len(pages) // 3)}
    out = []
    for lines in pages:
        nonblank = [i for i, ln in enumerate(lines) if ln.strip()]
        edge = set(nonblank[:2] + nonblank[-2:])  # only page edges hold running heads
        kept = [
            ln
            for i, ln in enumerate(lines)
            if not (i in edge and key(ln) in repeated)
            and not re.fullmatch(r"\s*(-\s*)?\d{1,4}(\s*-)?\s*", ln)
        ]
        out.append(_drop_footnotes(kept))
    return out


def _drop_footnotes(lines: list[str]) -> list[str]:
    """Footnotes at the page foot start with '*' or a superscript-like number after a gap."""
    end = len(lines)
    for i in range(len(lines) - 1, -1, -1):
        if (
            re.match(r"^\s*(\*+|\d{1,3}\s{2,})\s*\S", lines[i])
            and i > 0
            and not lines[i - 1].strip()
        ):
            end = i
    return lines[:end]


def _pdf_paragraphs(pages: list[list[str]]) -> list[Paragraph]:
    """Join lines into paragraphs; a paragraph without a new marker continues over a page break."""
    blocks: list[list] = []  # [text, page]
    for page_no, lines in enumerate(pages, start=1):
        gap = True
        for raw in lines:
            line = re.sub(r"\s+", " ", raw).strip()
            if not line:
                gap = True
                continue
            starts_new = (
                bool(_MARKER.match(line)) or not blocks or (gap and _ends_sentence(blocks[-1][0]))
            )
            if starts_new or (is_heading(line) and _ends_sentence(blocks[-1][0]) and gap):
                blocks.append([line, page_no])
            else:
                blocks[-1][0] = _join(blocks[-1][0], line)
            gap = False
    return _number([(t, p) for t, p in blocks])


def _ends_sentence(text: str) -> bool:
    return text.rstrip().endswith((".", ":", ";", "?", "!")) or is_heading(text)


def _join(left: str, right: str) -> str:
    # a hyphen at a line end joins compound words ("German-\nspeaking") as written
    if left.endswith("-") and not left.endswith(" -"):
        return left + right
    return left + " " + right


# ---------------------------------------------------------------------- DOCX
def _read_docx(path: Path, data: bytes) -> list[Paragraph]:
    import io

    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError

        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, PackageNotFoundError) as exc:
        raise CorruptDocumentError(
            f"{path.name} is not a readable DOCX file ({exc.__class__.__name__})."
        ) from None
    except Exception as exc:
        raise CorruptDocumentError(
            f"{path.name} is not a readable DOCX file ({exc.__class__.__name__})."
        ) from None
    blocks, page = [], 1
    for para in document.paragraphs:
        page += _page_breaks(para._p)
        text = para.text.strip()
        if not text:
            continue
        style = (para.style.name or "").lower() if para.style is not None else ""
        if "list" in style and not _MARKER.match(text):
            text = "• " + text  # Word keeps bullets in numbering, not in the text
        elif style.startswith("heading") or style == "title":
            text = text.rstrip(".")
        blocks.append((text, page))
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                blocks.extend((t.strip(), page) for t in cell.text.split("\n") if t.strip())
    return _number(blocks)


def _page_breaks(paragraph: Any) -> int:
    """Page breaks written by Word in a paragraph, rendered or explicit: they give
    approximate pages. Matched by namespace: the prefix is the writer's choice."""
    from docx.oxml.ns import qn

    breaks = paragraph.iter(qn("w:br"), qn("w:lastRenderedPageBreak"))
    return sum(1 for el in breaks if el.tag != qn("w:br") or el.get(qn("w:type")) == "page")


# ---------------------------------------------------------------------- HTML
class _HtmlText(HTMLParser):
    BLOCKS = {
        "p",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "div",
        "td",
        "th",
        "br",
        "tr",
        "dt",
        "dd",
        "blockquote",
    }
    SKIP = {"script", "style", "head", "nav", "noscript"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.buf: list[str] = []
        self.skip = 0
        self.in_li = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skip += 1
        elif tag in self.BLOCKS:
            self.flush()
            self.in_li = tag == "li"

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in self.BLOCKS:
            self.flush()

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.buf.append(data)

    def flush(self) -> None:
        text = re.sub(r"\s+", " ", "".join(self.buf)).strip()
        if text:
            self.blocks.append(("• " + text) if self.in_li and not _MARKER.match(text) else text)
        self.buf = []
        self.in_li = False


def _read_html(path: Path, data: bytes) -> list[Paragraph]:
    parser = _HtmlText()
    parser.feed(_decode(path, data))
    parser.close()
    parser.flush()
    return _number([(b, 1) for b in parser.blocks])
