"""Office documents are cleaned by namespace, whatever prefix a part binds it to.

Word writes ``w:``, but the prefix is the writer's choice: other tools write ``ns0:``
or anything else for the same namespace, and Word's "Strict Open XML" edition uses
other namespace names altogether. Every combination must lose its authors and dates.
No Django; every document is generated here.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from rapporteur.intake.cleaning import clean_file

TRANSITIONAL = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
W16DU = "http://schemas.microsoft.com/office/word/2023/wordml/word16du"
SHEET_TRANSITIONAL = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHEET_STRICT = "http://purl.oclc.org/ooxml/spreadsheetml/main"
NAMES = (b"Reviewer Canary", b"Commenter Canary", b"Person Canary", b"Glossary Canary")
STAMP = b"2024-05-01T10:00:00Z"
WORD_REPORT = (
    "revision authors",
    "comment authors",
    "comment author accounts",
    "comment and revision dates",
    "editing session identifiers",
)
CONTENT_TYPES = (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/></Types>'
)


def _word_parts(namespace: str, p: str) -> dict[str, str]:
    """document.xml, comments.xml, people.xml and the glossary, with WordprocessingML
    bound to prefix ``p`` and Word's extensions to prefixes of their own."""
    w = f'xmlns:{p}="{namespace}"'
    return {
        "[Content_Types].xml": CONTENT_TYPES,
        "word/document.xml": (
            f'<{p}:document {w} xmlns:du="{W16DU}"><{p}:body><{p}:p {p}:rsidR="00C4A1B2">'
            f'<{p}:ins {p}:id="1" {p}:author="Reviewer Canary" {p}:date="{STAMP.decode()}" '
            f'du:dateUtc="{STAMP.decode()}"><{p}:r><{p}:t>Evidence</{p}:t></{p}:r></{p}:ins>'
            f'<{p}:del {p}:id="2" {p}:author="Reviewer Canary"><{p}:r><{p}:delText>old'
            f"</{p}:delText></{p}:r></{p}:del></{p}:p></{p}:body></{p}:document>"
        ),
        "word/comments.xml": (
            f'<{p}:comments {w}><{p}:comment {p}:id="0" {p}:author="Commenter Canary" '
            f'{p}:initials="CC" {p}:date="{STAMP.decode()}"><{p}:p><{p}:r><{p}:t>note</{p}:t>'
            f"</{p}:r></{p}:p></{p}:comment></{p}:comments>"
        ),
        "word/people.xml": (
            f'<x15:people xmlns:x15="{W15}"><x15:person x15:author="Person Canary">'
            '<x15:presenceInfo x15:providerId="AD" x15:userId="Person Canary"/>'
            "</x15:person></x15:people>"
        ),
        "word/settings.xml": (
            f'<{p}:settings {w}><{p}:rsids><{p}:rsidRoot {p}:val="00C4A1B2"/></{p}:rsids>'
            f"</{p}:settings>"
        ),
        "word/glossary/document.xml": (
            f'<{p}:glossaryDocument {w}><{p}:docParts><{p}:ins {p}:id="3" '
            f'{p}:author="Glossary Canary"/></{p}:docParts></{p}:glossaryDocument>'
        ),
    }


def _zip(parts: dict[str, str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in parts.items():
            zf.writestr(name, text)
    return buf.getvalue()


def _clean(tmp_path: Path, name: str, data: bytes):
    work = tmp_path / "work"
    work.mkdir()
    src = tmp_path / name
    src.write_bytes(data)
    return clean_file(path=src, filename=name, workdir=work)


@pytest.mark.parametrize("namespace", [TRANSITIONAL, STRICT], ids=["transitional", "strict"])
@pytest.mark.parametrize("prefix", ["w", "ns0", "wordml"])
def test_word_authors_and_dates_removed_whatever_the_prefix(tmp_path, namespace, prefix):
    result = _clean(tmp_path, "statement.docx", _zip(_word_parts(namespace, prefix)))

    assert result.kind == "docx" and result.cleaned, result.note
    assert set(WORD_REPORT) <= set(result.removed), result.removed
    with zipfile.ZipFile(result.path) as zf:
        members = {name: zf.read(name) for name in zf.namelist()}
    for name, data in members.items():
        for canary in (*NAMES, STAMP, b"00C4A1B2"):
            assert canary not in data, (name, canary)
    document = etree.fromstring(members["word/document.xml"])
    assert document.findtext(f".//{{{namespace}}}t") == "Evidence"
    # The attribute a revision needs stays, in its namespace, with a neutral value.
    revisions = document.findall(f".//{{{namespace}}}ins") + document.findall(
        f".//{{{namespace}}}del"
    )
    assert [el.get(f"{{{namespace}}}author") for el in revisions] == ["Author", "Author"]


@pytest.mark.parametrize(
    "namespace", [SHEET_TRANSITIONAL, SHEET_STRICT], ids=["transitional", "strict"]
)
@pytest.mark.parametrize("prefix", ["", "x", "ns0"])
def test_sheet_comment_authors_removed_whatever_the_prefix(tmp_path, namespace, prefix):
    bind, tag = (f"xmlns:{prefix}", f"{prefix}:") if prefix else ("xmlns", "")
    comments = (
        f'<{tag}comments {bind}="{namespace}"><{tag}authors><{tag}author>Commenter Canary'
        f'</{tag}author></{tag}authors><{tag}commentList><{tag}comment ref="A1" authorId="0">'
        f"<{tag}text><{tag}t>note</{tag}t></{tag}text></{tag}comment></{tag}commentList>"
        f"</{tag}comments>"
    )
    workbook = f'<{tag}workbook {bind}="{namespace}"/>'
    parts = {
        "[Content_Types].xml": CONTENT_TYPES,
        "xl/workbook.xml": workbook,
        "xl/comments1.xml": comments,
    }
    result = _clean(tmp_path, "figures.xlsx", _zip(parts))

    assert result.kind == "xlsx" and result.cleaned, result.note
    assert "comment authors" in result.removed
    with zipfile.ZipFile(result.path) as zf:
        cleaned = zf.read("xl/comments1.xml")
    assert b"Canary" not in cleaned
    assert etree.fromstring(cleaned).findtext(f".//{{{namespace}}}author") == "Author"
