"""Metadata cleaning tests. No Django; every fixture is generated here."""

from __future__ import annotations

import io
import os
import tracemalloc
import zipfile
from pathlib import Path

import pikepdf
import pytest
from PIL import Image, PngImagePlugin

from rapporteur.intake.cleaning import CleanResult, clean_file, clean_in_process, detect_kind

CANARY = b"Canary"
MB = 1 << 20


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    d = tmp_path / "work"
    d.mkdir()
    return d


def _src(tmp_path: Path, name: str, data: bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


def _assert_cleaned(result: CleanResult, kind: str, *removed: str) -> None:
    """``result`` is a cleaned file of ``kind`` whose report names each of ``removed``."""
    assert result.kind == kind and result.cleaned, result.note
    for what in removed:
        assert what in result.removed, what


def _picture(size=(64, 48)) -> Image.Image:
    return Image.merge(
        "RGB",
        [
            Image.effect_noise(size, 60).convert("L"),
            Image.linear_gradient("L").resize(size),
            Image.radial_gradient("L").resize(size),
        ],
    )


def _assert_not_cleaned(result: CleanResult, src: Path, workdir: Path) -> None:
    assert result.cleaned is False
    assert result.path == src
    assert result.note
    assert result.removed == []
    assert list(workdir.iterdir()) == []  # no partial output left behind


def _clean_measuring_peak(src: Path, filename: str, workdir: Path) -> tuple[CleanResult, int]:
    """Clean ``src`` in this process; the result and the peak of Python's own memory
    while cleaning (large files must stream, never be read whole)."""
    tracemalloc.start()
    try:
        result = clean_in_process(path=src, filename=filename, workdir=workdir)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, peak


# ------------------------------------------------------------------ JPEG


def _gps_exif(orientation: int | None = None) -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "CanaryMake"
    exif[0x0110] = "CanaryModel"
    exif[0x0132] = "2024:05:01 10:00:00"
    exif[0x0131] = "CanarySoftware"
    if orientation:
        exif[0x0112] = orientation
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (52.0, 31.0, 12.5)
    gps[3] = "E"
    gps[4] = (13.0, 24.0, 1.5)
    return exif


def test_jpeg_gps_exif_removed_losslessly(tmp_path, workdir):
    buf = io.BytesIO()
    _picture().save(
        buf,
        "JPEG",
        quality=90,
        exif=_gps_exif(),
        comment=b"Canary comment",
        xmp=b"<x:xmpmeta xmlns:x='adobe:ns:meta/'>Canary XMP</x:xmpmeta>",
    )
    raw = buf.getvalue()
    assert b"Exif\x00\x00" in raw and CANARY in raw
    with Image.open(io.BytesIO(raw)) as im:
        assert im.getexif().get_ifd(0x8825)  # the fixture really carries a GPS IFD
    src = _src(tmp_path, "photo.jpg", raw)

    result = clean_file(path=src, filename="photo.jpg", workdir=workdir)

    _assert_cleaned(
        result,
        "jpeg",
        "GPS position",
        "camera make and model",
        "date taken",
        "software",
        "comment",
        "XMP metadata",
        "EXIF metadata",
    )
    assert result.path.parent == workdir and result.path != src
    out = result.path.read_bytes()
    assert b"Exif\x00\x00" not in out
    assert CANARY not in out
    assert b"\xff\xe1" not in out[: out.index(b"\xff\xda")]  # no APP1 segment at all
    with Image.open(result.path) as im:
        assert not im.getexif()
        assert im.getexif().get_ifd(0x8825) == {}
        cleaned_pixels = im.tobytes()
    with Image.open(src) as im:
        assert cleaned_pixels == im.tobytes()  # entropy-coded data copied, not re-encoded
    assert src.read_bytes() == raw  # the input is never modified


def test_jpeg_keeps_only_orientation(tmp_path, workdir):
    buf = io.BytesIO()
    _picture().save(buf, "JPEG", exif=_gps_exif(orientation=6))
    src = _src(tmp_path, "p.jpg", buf.getvalue())
    result = clean_file(path=src, filename="p.jpg", workdir=workdir)
    assert result.cleaned
    with Image.open(result.path) as im:
        assert dict(im.getexif()) == {0x0112: 6}
    assert CANARY not in result.path.read_bytes()


def test_truncated_jpeg_is_not_cleaned(tmp_path, workdir):
    buf = io.BytesIO()
    _picture((256, 256)).save(buf, "JPEG", exif=_gps_exif())
    src = _src(tmp_path, "cut.jpg", buf.getvalue()[: len(buf.getvalue()) // 2])
    result = clean_file(path=src, filename="cut.jpg", workdir=workdir)
    assert result.kind == "jpeg"
    _assert_not_cleaned(result, src, workdir)
    assert "JPEG" in result.note


def test_large_jpeg_streams(tmp_path, workdir):
    # ~50 MB of metadata segments around a small picture: the file is mapped, not read.
    buf = io.BytesIO()
    _picture().save(buf, "JPEG", exif=_gps_exif())
    raw = buf.getvalue()
    pad = b"\xff\xe4\xff\xf0" + b"C" * 0xFFEE
    src = tmp_path / "big.jpg"
    with open(src, "wb") as f:
        f.write(raw[:2])
        for _ in range(50 * MB // len(pad) + 1):
            f.write(pad)
        f.write(raw[2:])
    assert src.stat().st_size > 50 * MB
    result, peak = _clean_measuring_peak(src, "big.jpg", workdir)
    assert result.cleaned, result.note
    assert peak < 8 * MB, peak
    assert result.path.stat().st_size < len(raw)


# ------------------------------------------------------------------ other images


def test_png_text_chunks_removed(tmp_path, workdir):
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Canary Author")
    info.add_text("Comment", "Canary comment", zip=True)
    info.add_itxt("Description", "Canary description")
    buf = io.BytesIO()
    _picture().save(buf, "PNG", pnginfo=info)
    src = _src(tmp_path, "shot.png", buf.getvalue())

    result = clean_file(path=src, filename="shot.png", workdir=workdir)

    _assert_cleaned(result, "png", "author", "comment", "image description", "text metadata")
    out = result.path.read_bytes()
    assert CANARY not in out
    assert b"tEXt" not in out and b"zTXt" not in out and b"iTXt" not in out
    with Image.open(result.path) as im, Image.open(src) as orig:
        assert not im.text
        assert im.tobytes() == orig.tobytes()


def test_webp_exif_xmp_removed_losslessly(tmp_path, workdir):
    buf = io.BytesIO()
    _picture().save(buf, "WEBP", lossless=True, exif=_gps_exif(), xmp=b"<x>Canary</x>")
    raw = buf.getvalue()
    assert CANARY in raw
    src = _src(tmp_path, "a.webp", raw)
    result = clean_file(path=src, filename="a.webp", workdir=workdir)
    _assert_cleaned(result, "webp", "GPS position", "XMP metadata")
    assert CANARY not in result.path.read_bytes()
    with Image.open(result.path) as im, Image.open(src) as orig:
        assert not im.getexif()
        assert im.tobytes() == orig.convert(im.mode).tobytes()


def test_gif_comment_removed(tmp_path, workdir):
    frames = [_picture().convert("P"), _picture().convert("P")]
    buf = io.BytesIO()
    frames[0].save(
        buf, "GIF", save_all=True, append_images=frames[1:], comment=b"Canary", loop=0, duration=100
    )
    src = _src(tmp_path, "a.gif", buf.getvalue())
    result = clean_file(path=src, filename="a.gif", workdir=workdir)
    _assert_cleaned(result, "gif", "comment")
    assert CANARY not in result.path.read_bytes()
    with Image.open(result.path) as im, Image.open(src) as orig:
        assert im.n_frames == orig.n_frames == 2
        for i in range(2):
            im.seek(i)
            orig.seek(i)
            assert im.convert("RGB").tobytes() == orig.convert("RGB").tobytes()


def test_tiff_tags_removed(tmp_path, workdir):
    buf = io.BytesIO()
    exif = _gps_exif()
    exif[700] = b"<x>Canary XMP</x>"
    _picture().save(buf, "TIFF", exif=exif)
    raw = buf.getvalue()
    assert CANARY in raw
    src = _src(tmp_path, "scan.tif", raw)
    result = clean_file(path=src, filename="scan.tif", workdir=workdir)
    _assert_cleaned(result, "tiff", "camera make and model")
    assert CANARY not in result.path.read_bytes()
    with Image.open(result.path) as im, Image.open(src) as orig:
        assert 0x010F not in im.getexif() and 0x8825 not in im.getexif()
        assert im.tobytes() == orig.tobytes()


# ------------------------------------------------------------------ PDF


def _pdf_bytes(*, author="Canary Author", encryption=None, extra_stream: bytes = b"") -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.docinfo["/Author"] = author
    pdf.docinfo["/Producer"] = "Canary Producer"
    pdf.docinfo["/CreationDate"] = "D:20240501100000Z"
    if extra_stream:
        pdf.pages[0].Resources = pikepdf.Dictionary(
            XObject=pikepdf.Dictionary(Blob=pdf.make_stream(extra_stream))
        )
    pdf.Root.Metadata = pdf.make_stream(
        b"<x:xmpmeta xmlns:x='adobe:ns:meta/'>Canary XMP</x:xmpmeta>",
        Type=pikepdf.Name.Metadata,
        Subtype=pikepdf.Name.XML,
    )
    buf = io.BytesIO()
    pdf.save(buf, encryption=encryption or False)
    pdf.close()
    return buf.getvalue()


def test_pdf_author_and_xmp_removed(tmp_path, workdir):
    raw = _pdf_bytes()
    assert b"Canary Author" in raw
    src = _src(tmp_path, "report.pdf", raw)

    result = clean_file(path=src, filename="report.pdf", workdir=workdir)

    _assert_cleaned(
        result, "pdf", "PDF author", "PDF producer", "PDF creation date", "XMP metadata"
    )
    out = result.path.read_bytes()
    assert CANARY not in out
    with pikepdf.open(result.path) as pdf:
        assert "/Author" not in pdf.docinfo
        assert "/Metadata" not in pdf.Root
        assert len(pdf.pages) == 1


def test_encrypted_pdf_is_not_cleaned(tmp_path, workdir):
    raw = _pdf_bytes(encryption=pikepdf.Encryption(owner="owner-pw", user="user-pw"))
    src = _src(tmp_path, "locked.pdf", raw)
    result = clean_file(path=src, filename="locked.pdf", workdir=workdir)
    assert result.kind == "pdf"
    _assert_not_cleaned(result, src, workdir)
    assert "password" in result.note


def test_owner_password_only_pdf_is_not_cleaned(tmp_path, workdir):
    raw = _pdf_bytes(encryption=pikepdf.Encryption(owner="owner-pw", user=""))
    src = _src(tmp_path, "restricted.pdf", raw)
    result = clean_file(path=src, filename="restricted.pdf", workdir=workdir)
    _assert_not_cleaned(result, src, workdir)
    assert "encrypted" in result.note


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: b"%PDF-1.7\n" + os.urandom(4000),
        lambda raw: raw[: len(raw) // 2],
        lambda raw: raw.replace(b"xref", b"xxxx").replace(b"startxref", b"nothing!!"),
    ],
    ids=["garbage", "truncated", "broken-xref"],
)
def test_damaged_pdf_is_not_cleaned(tmp_path, workdir, damage):
    src = _src(tmp_path, "broken.pdf", damage(_pdf_bytes()))
    result = clean_file(path=src, filename="broken.pdf", workdir=workdir)
    assert result.kind == "pdf"
    _assert_not_cleaned(result, src, workdir)
    assert "PDF" in result.note


def test_large_pdf_streams_through(tmp_path, workdir):
    raw = _pdf_bytes(extra_stream=os.urandom(50 * MB))
    src = _src(tmp_path, "big.pdf", raw)
    del raw
    result, peak = _clean_measuring_peak(src, "big.pdf", workdir)
    assert result.cleaned, result.note
    assert "PDF author" in result.removed
    assert peak < 8 * MB, peak  # Python-side peak stays far below the 50 MB file
    assert result.path.stat().st_size > 50 * MB
    with open(result.path, "rb") as f:
        assert all(CANARY not in chunk for chunk in iter(lambda: f.read(MB), b""))


# ------------------------------------------------------------------ Office / ODF

CT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Default Extension="jpg" ContentType="image/jpeg"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.comments+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-'
    'package.core-properties+xml"/>'
    '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.extended-properties+xml"/>'
    '<Override PartName="/docProps/custom.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.custom-properties+xml"/>'
    "</Types>"
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
    'relationships/metadata/core-properties" Target="docProps/core.xml"/>'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/extended-properties" Target="docProps/app.xml"/>'
    '<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/custom-properties" Target="docProps/custom.xml"/>'
    "</Relationships>"
)
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
CORE = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
    'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    "<dc:creator>Canary Creator</dc:creator><cp:lastModifiedBy>Canary Editor</cp:lastModifiedBy>"
    '<dcterms:created xsi:type="dcterms:W3CDTF">2024-05-01T10:00:00Z</dcterms:created>'
    "</cp:coreProperties>"
)
APP = (
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-'
    'properties"><Company>Canary Company</Company><Template>Normal.dotm</Template>'
    "<TotalTime>42</TotalTime></Properties>"
)
CUSTOM = (
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-'
    'properties"><property name="Canary">secret</property></Properties>'
)


def _docx(extra: dict[str, bytes] | None = None) -> bytes:
    buf = io.BytesIO()
    photo = io.BytesIO()
    _picture().save(photo, "JPEG", exif=_gps_exif())
    parts = {
        "[Content_Types].xml": CT.encode(),
        "_rels/.rels": RELS.encode(),
        "word/document.xml": (
            f'<w:document {W}><w:body><w:p><w:ins w:id="1" w:author="Canary Reviewer" '
            f'w:date="2024-05-01T10:00:00Z"><w:r w:rsidR="00C4A1B2"><w:t>Evidence</w:t>'
            "</w:r></w:ins></w:p></w:body></w:document>"
        ).encode(),
        "word/comments.xml": (
            f'<w:comments {W}><w:comment w:id="0" w:author="Canary Commenter" w:initials="CC">'
            "<w:p><w:r><w:t>note</w:t></w:r></w:p></w:comment></w:comments>"
        ).encode(),
        "word/media/image1.jpg": photo.getvalue(),
        "docProps/core.xml": CORE.encode(),
        "docProps/app.xml": APP.encode(),
        "docProps/custom.xml": CUSTOM.encode(),
        **(extra or {}),
    }
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return buf.getvalue()


def test_docx_properties_and_authors_removed(tmp_path, workdir):
    src = _src(tmp_path, "statement.docx", _docx())
    assert detect_kind(path=src, filename="statement.pdf") == "docx"  # content wins

    result = clean_file(path=src, filename="statement.docx", workdir=workdir)

    _assert_cleaned(
        result,
        "docx",
        "document author",
        "last modified by",
        "creation date",
        "company",
        "template name",
        "custom document properties",
        "comment authors",
        "revision authors",
        "GPS position (embedded picture)",
    )
    with zipfile.ZipFile(result.path) as zf:
        assert zf.testzip() is None
        names = set(zf.namelist())
        assert "docProps/custom.xml" not in names
        for name in names:
            assert CANARY not in zf.read(name), name
        assert b"Exif" not in zf.read("word/media/image1.jpg")
        ct = zf.read("[Content_Types].xml").decode()
        rels = zf.read("_rels/.rels").decode()
        assert "custom.xml" not in ct and "custom.xml" not in rels
        for part in _attr_values(ct, "PartName"):
            assert part.lstrip("/") in names, part
        for target in _attr_values(rels, "Target"):
            assert target in names, target
        doc = zf.read("word/document.xml")
        assert b"Evidence" in doc and b"rsid" not in doc
        assert all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in zf.infolist())


def _attr_values(xml: str, attr: str) -> list[str]:
    return [chunk.split('"', 1)[0] for chunk in xml.split(f'{attr}="')[1:]]


def test_odt_meta_emptied(tmp_path, workdir):
    buf = io.BytesIO()
    meta = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-meta xmlns:office='
        '"urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:meta="urn:oasis:names:tc:'
        'opendocument:xmlns:meta:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'office:version="1.3"><office:meta><meta:initial-creator>Canary Creator'
        "</meta:initial-creator><dc:creator>Canary Editor</dc:creator><meta:generator>Canary"
        '</meta:generator><meta:user-defined meta:name="Canary">x</meta:user-defined>'
        "</office:meta></office:document-meta>"
    )
    content = (
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/"><office:annotation><dc:creator>Canary'
        "</dc:creator></office:annotation></office:document-content>"
    )
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        zf.writestr("META-INF/manifest.xml", "<manifest/>")
        zf.writestr("meta.xml", meta)
        zf.writestr("content.xml", content)
    src = _src(tmp_path, "x.odt", buf.getvalue())
    result = clean_file(path=src, filename="x.odt", workdir=workdir)
    _assert_cleaned(
        result,
        "odt",
        "document author",
        "last modified by",
        "generator application",
        "custom document properties",
        "comment and revision authors",
    )
    with zipfile.ZipFile(result.path) as zf:
        first = zf.infolist()[0]
        assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
        assert b'office:version="1.3"' in zf.read("meta.xml")
        for name in zf.namelist():
            assert CANARY not in zf.read(name)


def test_zip_with_path_traversal_is_refused(tmp_path, workdir):
    src = _src(tmp_path, "evil.docx", _docx(extra={"../evil": b"x"}))
    result = clean_file(path=src, filename="evil.docx", workdir=workdir)
    assert result.kind == "docx"
    _assert_not_cleaned(result, src, workdir)
    assert "path traversal" in result.note
    assert not (tmp_path / "evil").exists()


def test_zip_bomb_is_refused(tmp_path, workdir):
    src = _src(tmp_path, "bomb.docx", _docx(extra={"word/bomb.bin": bytes(20 * MB)}))
    result = clean_file(path=src, filename="bomb.docx", workdir=workdir)
    _assert_not_cleaned(result, src, workdir)
    assert "zip bomb" in result.note


def test_damaged_docx_is_not_cleaned(tmp_path, workdir):
    raw = _docx()
    src = _src(tmp_path, "broken.docx", raw[: len(raw) - 40])
    result = clean_file(path=src, filename="broken.docx", workdir=workdir)
    assert result.kind == "docx"
    _assert_not_cleaned(result, src, workdir)


def test_large_docx_streams(tmp_path, workdir):
    src = _src(tmp_path, "big.docx", _docx(extra={"word/embeddings/blob.bin": os.urandom(50 * MB)}))
    result, peak = _clean_measuring_peak(src, "big.docx", workdir)
    assert result.cleaned, result.note
    assert peak < 12 * MB, peak


# ------------------------------------------------------------------ not cleanable


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("blob.bin", os.urandom(5000), "unknown"),
        ("notes.txt", b"plain text, Canary", "unknown"),
        ("fake.jpg", b"not really a jpeg", "unknown"),
        ("archive.zip", None, "zip"),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "doc"),
        ("empty.pdf", b"", "unknown"),
    ],
)
def test_not_cleanable_kept_as_sent(tmp_path, workdir, name, data, kind):
    if data is None:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as zf:
            zf.writestr("a.txt", "hello")
        data = buf.getvalue()
    src = _src(tmp_path, name, data)
    result = clean_file(path=src, filename=name, workdir=workdir)
    assert result.kind == kind
    _assert_not_cleaned(result, src, workdir)
    assert "cannot be cleaned" in result.note
    assert src.read_bytes() == data


def test_detect_kind_uses_magic_bytes(tmp_path):
    buf = io.BytesIO()
    _picture().save(buf, "PNG")
    src = _src(tmp_path, "x.pdf", buf.getvalue())
    assert detect_kind(path=src, filename="x.pdf") == "png"
    assert detect_kind(path=tmp_path / "missing", filename="x.jpg") == "unknown"
