"""Active content (JavaScript, automatic and launch actions, embedded files, macros)
is removed from a file called cleaned, and named in the cleaning report."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pikepdf
import pytest

from rapporteur.intake.cleaning import clean_file
from rapporteur.intake.tests.test_cleaning import _docx

PAYLOAD = b"app.alert('Canary')"


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    d = tmp_path / "work"
    d.mkdir()
    return d


def _active_pdf() -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    js = pdf.make_indirect(pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=PAYLOAD))
    pdf.Root.OpenAction = js
    pdf.Root.AA = pikepdf.Dictionary(WC=js)
    attached = pikepdf.Stream(pdf, b"Canary attachment")
    filespec = pikepdf.Dictionary(
        Type=pikepdf.Name.Filespec, F=pikepdf.String("a.exe"), EF=pikepdf.Dictionary(F=attached)
    )
    pdf.Root.Names = pikepdf.Dictionary(
        JavaScript=pikepdf.Dictionary(Names=[pikepdf.String("doc"), js]),
        EmbeddedFiles=pikepdf.Dictionary(Names=[pikepdf.String("a.exe"), filespec]),
    )
    launch = pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String("cmd.exe Canary"))
    link = pikepdf.Dictionary(
        Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[0, 0, 10, 10], A=launch
    )
    page = pdf.pages[0]
    page.Annots = pdf.make_indirect(pikepdf.Array([pdf.make_indirect(link)]))
    page.AA = pikepdf.Dictionary(O=js)
    buf = io.BytesIO()
    pdf.save(buf, compress_streams=False)
    return buf.getvalue()


def test_pdf_javascript_actions_and_attachments_removed(tmp_path, workdir):
    src = tmp_path / "active.pdf"
    src.write_bytes(_active_pdf())
    assert b"Canary" in src.read_bytes()

    result = clean_file(path=src, filename="active.pdf", workdir=workdir)

    assert result.cleaned, result.note
    for what in ("JavaScript", "automatic actions", "launch actions", "embedded files"):
        assert what in result.removed, what
    data = result.path.read_bytes()
    assert b"Canary" not in data and b"/JavaScript" not in data and b"/Launch" not in data
    with pikepdf.open(result.path) as pdf:
        assert "/OpenAction" not in pdf.Root and "/AA" not in pdf.Root
        assert len(pdf.pages) == 1 and "/AA" not in pdf.pages[0]


def _docm() -> bytes:
    """A macro-enabled Word document: the main part's macro content type, a
    vbaProject.bin with its relationship and signature, and the .bin default type."""
    plain = zipfile.ZipFile(io.BytesIO(_docx()))
    buf = io.BytesIO()
    ct = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="bin" ContentType="application/'
        'vnd.ms-office.vbaProject"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/vnd.ms-word.'
        'document.macroEnabled.main+xml"/></Types>'
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId9" Type="http://schemas.microsoft.com/office/2006/relationships/'
        'vbaProject" Target="vbaProject.bin"/></Relationships>'
    )
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in plain.infolist():
            if info.filename != "[Content_Types].xml":
                zf.writestr(info.filename, plain.read(info))
        zf.writestr("[Content_Types].xml", ct)
        zf.writestr("word/_rels/document.xml.rels", rels)
        zf.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0Canary AutoOpen macro")
        zf.writestr("word/vbaProjectSignature.bin", b"Canary signature")
    return buf.getvalue()


def test_docm_macros_removed_and_references_dropped(tmp_path, workdir):
    src = tmp_path / "letter.docm"
    src.write_bytes(_docm())

    result = clean_file(path=src, filename="letter.docm", workdir=workdir)

    assert result.cleaned, result.note
    assert "macros" in result.removed
    with zipfile.ZipFile(result.path) as zf:
        names = set(zf.namelist())
        assert not {n for n in names if "vba" in n.lower()}, names
        ct = zf.read("[Content_Types].xml").decode()
        rels = zf.read("word/_rels/document.xml.rels").decode()
        for name in names:
            assert b"Canary" not in zf.read(name), name
    assert "vba" not in ct.lower() and "macroEnabled" not in ct
    assert "wordprocessingml.document.main+xml" in ct
    assert "vbaProject" not in rels


def _odt_with_macros() -> bytes:
    """An ODT with a Basic library listed in the manifest and bound to opening the file."""
    office = 'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
    script = 'xmlns:script="urn:oasis:names:tc:opendocument:xmlns:script:1.0"'
    xlink = 'xmlns:xlink="http://www.w3.org/1999/xlink"'
    manifest = (
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/'
        'vnd.oasis.opendocument.text"/><manifest:file-entry manifest:full-path="content.xml" '
        'manifest:media-type="text/xml"/><manifest:file-entry manifest:full-path="Basic/" '
        'manifest:media-type=""/><manifest:file-entry manifest:full-path="Basic/Standard/'
        'Module1.xml" manifest:media-type="text/xml"/></manifest:manifest>'
    )
    content = (
        f"<office:document-content {office} {script} {xlink}><office:scripts>"
        '<office:event-listeners><script:event-listener script:language="ooo:script" '
        'script:event-name="dom:load" xlink:href="vnd.sun.star.script:Standard.Module1.Canary'
        '?language=Basic&amp;location=document"/></office:event-listeners></office:scripts>'
        "<office:body><office:text/></office:body></office:document-content>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        zf.writestr("META-INF/manifest.xml", manifest)
        zf.writestr("content.xml", content)
        zf.writestr("Basic/", b"")
        zf.writestr("Basic/Standard/Module1.xml", '<module>Sub Canary: Shell("x")</module>')
    return buf.getvalue()


def test_odt_macros_and_their_event_bindings_removed(tmp_path, workdir):
    src = tmp_path / "report.odt"
    src.write_bytes(_odt_with_macros())

    result = clean_file(path=src, filename="report.odt", workdir=workdir)

    assert result.kind == "odt" and result.cleaned, result.note
    assert "macros" in result.removed
    with zipfile.ZipFile(result.path) as zf:
        names = zf.namelist()
        assert not [n for n in names if n.startswith("Basic")], names
        assert b"Basic/" not in zf.read("META-INF/manifest.xml")
        for name in names:
            assert b"Canary" not in zf.read(name), name
