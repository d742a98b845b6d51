"""Office Open XML (docx/xlsx/pptx) and OpenDocument (odt/ods/odp/odg) cleaners.

The zip is rewritten member by member, streaming: only the few small metadata parts,
and the XML parts whose author attributes are rewritten, are held in memory; everything
else is copied through in 1 MiB pieces. Embedded JPEG/PNG pictures are cleaned with the
lossless image cleaners. Member timestamps, extra fields and the archive comment are not
carried over. Hostile archives (path traversal, zip bombs, encrypted members, DTDs)
are refused.
"""

from __future__ import annotations

import contextlib
import re
import secrets
import zipfile
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree as ET

from . import images
from ._common import CHUNK, CannotClean, Unreadable

MAX_MEMBERS = 20_000
MAX_TOTAL_UNCOMPRESSED = 4 << 30  # 4 GiB across all members
MAX_RATIO = 200  # uncompressed/compressed, for members over RATIO_FLOOR
RATIO_FLOOR = 16 << 20
MAX_REWRITTEN_PART = 256 << 20  # an XML part rewritten in memory
_FIXED_DATE = (1980, 1, 1, 0, 0, 0)

EMPTY_CORE = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
    b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
    b'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms='
    b'"http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
    b'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>'
)
EMPTY_APP = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-'
    b'properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'docPropsVTypes"/>'
)
EMPTY_ODF_META = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    b'office:version="%s"><office:meta/></office:document-meta>'
)

_CORE_NAMES = {
    "creator": "document author",
    "lastModifiedBy": "last modified by",
    "created": "creation date",
    "modified": "modification date",
    "lastPrinted": "last printed date",
    "title": "document title",
    "subject": "document subject",
    "description": "document description",
    "keywords": "document keywords",
    "category": "document category",
    "contentStatus": "document status",
    "revision": "revision number",
    "identifier": "document identifier",
    "language": "document language",
    "version": "document version",
}
_APP_NAMES = {
    "Company": "company",
    "Manager": "manager",
    "Template": "template name",
    "Application": "application name",
    "AppVersion": "application version",
    "TotalTime": "total editing time",
    "HyperlinkBase": "hyperlink base",
}
_ODF_META_NAMES = {
    "initial-creator": "document author",
    "creator": "last modified by",
    "creation-date": "creation date",
    "date": "modification date",
    "print-date": "last printed date",
    "printed-by": "printed by",
    "generator": "generator application",
    "user-defined": "custom document properties",
    "title": "document title",
    "subject": "document subject",
    "description": "document description",
    "keyword": "document keywords",
    "editing-cycles": "revision number",
    "editing-duration": "total editing time",
    "template": "template name",
    "language": "document language",
}

Handler = Callable[[str, bytes], "tuple[bytes | None, list[str]]"]

# ------------------------------------------------------------------ archive safety


def _unsafe_name(name: str) -> bool:
    if not name or "\0" in name or "\\" in name or name.startswith("/"):
        return True
    parts = name.split("/")
    return ".." in parts or ":" in parts[0]


def _check_archive(zf: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise CannotClean("too many parts in the document (possible zip bomb); refused")
    seen: set[str] = set()
    total = 0
    for info in infos:
        if _unsafe_name(info.filename):
            raise CannotClean("unsafe part name in the document (path traversal); refused")
        if info.filename in seen:
            raise CannotClean("duplicate part names in the document; refused")
        seen.add(info.filename)
        if info.flag_bits & 0x1:
            raise CannotClean("encrypted parts in the document; it cannot be cleaned")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise CannotClean("unsupported compression in the document; it cannot be cleaned")
        total += info.file_size
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise CannotClean("suspicious compression ratio (possible zip bomb); refused")
    if total > MAX_TOTAL_UNCOMPRESSED:
        raise CannotClean("document expands too much (possible zip bomb); refused")
    return infos


# ------------------------------------------------------------------ rewriting


def _rewrite(src: Path, dst: Path, workdir: Path, handler: Handler) -> list[str]:
    removed: list[str] = []
    try:
        zin = zipfile.ZipFile(src)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise Unreadable("damaged document (not a readable zip archive)") from None
    with zin, zipfile.ZipFile(dst, "w", allowZip64=True) as zout:
        if zin.comment:
            removed.append("archive comment")
        infos = _check_archive(zin)
        if any(i.date_time != _FIXED_DATE for i in infos):
            removed.append("file timestamps inside the document")
        for info in infos:
            out_info = zipfile.ZipInfo(info.filename, date_time=_FIXED_DATE)
            out_info.compress_type = info.compress_type
            out_info.create_system = 0
            out_info.external_attr = 0x10 if info.is_dir() else 0
            if info.is_dir():
                zout.writestr(out_info, b"")
                continue
            if _is_picture(info) and info.file_size >= 8:
                removed.extend(_copy_picture(zin, info, zout, out_info, workdir))
                continue
            if _wants(handler, info.filename):
                if info.file_size > MAX_REWRITTEN_PART:
                    raise CannotClean("a document part is too large to clean")
                data = zin.read(info)
                if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data:
                    raise CannotClean("document part declares a DTD; refused")
                new, what = handler(info.filename, data)
                removed.extend(what)
                if new is not None:
                    zout.writestr(out_info, new)
                continue
            _copy_member(zin, info, zout, out_info)
    return removed


def _wants(handler: Handler, name: str) -> bool:
    return getattr(handler, "wants")(name)  # noqa: B009 - set on the handler function


def _copy_member(zin, info, zout, out_info) -> None:
    with zin.open(info) as r, zout.open(out_info, "w", force_zip64=info.file_size > 1 << 30) as w:
        while chunk := r.read(CHUNK):
            w.write(chunk)


_PICTURE_DIRS = ("word/media/", "xl/media/", "ppt/media/", "docProps/", "Pictures/")


def _is_picture(info: zipfile.ZipInfo) -> bool:
    name = info.filename
    return name.startswith(_PICTURE_DIRS) and name.lower().endswith(
        (".jpg", ".jpeg", ".png", ".jfif", ".jpe")
    )


def _copy_picture(zin, info, zout, out_info, workdir: Path) -> list[str]:
    """Clean an embedded JPEG/PNG losslessly via temporary files in ``workdir``."""
    with zin.open(info) as r:
        head = r.read(8)
    if head.startswith(b"\xff\xd8\xff"):
        cleaner = images.clean_jpeg
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        cleaner = images.clean_png
    else:
        _copy_member(zin, info, zout, out_info)
        return []
    raw = workdir / f"tmp-{secrets.token_hex(16)}"
    done = workdir / f"tmp-{secrets.token_hex(16)}"
    try:
        with zin.open(info) as r, open(raw, "xb") as w:
            while chunk := r.read(CHUNK):
                w.write(chunk)
        try:
            what = cleaner(raw, done, workdir)
        except CannotClean:
            raise CannotClean("an embedded picture is damaged and could not be cleaned") from None
        with open(done, "rb") as r, zout.open(out_info, "w", force_zip64=True) as w:
            while chunk := r.read(CHUNK):
                w.write(chunk)
    finally:
        for p in (raw, done):
            with contextlib.suppress(OSError):
                p.unlink()
    return [f"{w} (embedded picture)" for w in what if w != "EXIF metadata"] + (
        ["EXIF metadata (embedded picture)"] if "EXIF metadata" in what else []
    )


def _present(data: bytes, names: dict[str, str]) -> list[str]:
    """Names of the metadata fields that a small properties part actually fills."""
    root = ET.fromstring(data)  # noqa: S314 - DTDs refused by the caller; expat >= 2.4
    found = []
    for el in root.iter():
        local = el.tag.rsplit("}", 1)[-1]
        if el is not root and local in names and ((el.text or "").strip() or len(el)):
            found.append(names[local])
        if local == "user-defined" and "user-defined" in names:
            found.append(names["user-defined"])
    return found


# ------------------------------------------------------------------ OOXML

_CUSTOM_OVERRIDE = re.compile(rb"<Override\b[^>]*PartName=[\"']/docProps/custom\.xml[\"'][^>]*/>")
_CUSTOM_REL = re.compile(rb"<Relationship\b[^>]*Target=[\"']/?docProps/custom\.xml[\"'][^>]*/>")
_W_AUTHOR = re.compile(rb"(\sw:author=)(\"[^\"]*\"|'[^']*')")
_W_INITIALS = re.compile(rb"(\sw:initials=)(\"[^\"]*\"|'[^']*')")
_W_DATE = re.compile(rb"\sw:date=(\"[^\"]*\"|'[^']*')")
_W_RSID_ATTR = re.compile(rb"\sw:rsid\w*=(\"[^\"]*\"|'[^']*')")
_W_RSIDS = re.compile(rb"<w:rsids>.*?</w:rsids>|<w:rsids/>", re.S)
_PRESENCE = re.compile(rb"<w15:presenceInfo\b[^>]*/>")
_W15_AUTHOR = re.compile(rb"(\sw15:author=)(\"[^\"]*\"|'[^']*')")
_XL_AUTHOR = re.compile(rb"<author>[^<]*</author>")
_PERSON_ATTR = re.compile(
    rb"(\s(?:displayName|userId|providerId|name|initials)=)(\"[^\"]*\"|'[^']*')"
)


def _sub(pattern: re.Pattern, repl: bytes, data: bytes) -> tuple[bytes, int]:
    return pattern.subn(repl, data)


def _ooxml_handler(name: str, data: bytes) -> tuple[bytes | None, list[str]]:
    if name == "docProps/core.xml":
        return EMPTY_CORE, _present(data, _CORE_NAMES)
    if name == "docProps/app.xml":
        return EMPTY_APP, _present(data, _APP_NAMES)
    if name == "docProps/custom.xml":
        return None, ["custom document properties"]
    if name == "[Content_Types].xml":
        return _CUSTOM_OVERRIDE.sub(b"", data), []
    if name == "_rels/.rels":
        return _CUSTOM_REL.sub(b"", data), []
    removed: list[str] = []
    who = "comment authors" if "comment" in name or "people" in name else "revision authors"
    if name.startswith("word/"):
        data, n = _sub(_W_AUTHOR, rb'\1"Author"', data)
        data, m = _sub(_W15_AUTHOR, rb'\1"Author"', data)
        if n or m:
            removed.append(who)
        data, n = _sub(_W_INITIALS, rb'\1"A"', data)
        data, n2 = _sub(_PRESENCE, b"", data)
        if n2:
            removed.append("comment author accounts")
        data, n = _sub(_W_DATE, b"", data)
        if n:
            removed.append("comment and revision dates")
        data, n = _sub(_W_RSIDS, b"", data)
        data, m = _sub(_W_RSID_ATTR, b"", data)
        if n or m:
            removed.append("editing session identifiers")
        return data, removed
    if name.startswith("xl/comments"):
        data, n = _sub(_XL_AUTHOR, b"<author>Author</author>", data)
        return data, ["comment authors"] if n else []
    # xl/persons/person.xml, ppt/commentAuthors.xml, ppt/authors.xml
    data, n = _sub(_PERSON_ATTR, rb'\1""', data)
    return data, ["comment authors"] if n else []


def _ooxml_wants(name: str) -> bool:
    return (
        name in ("docProps/core.xml", "docProps/app.xml", "docProps/custom.xml")
        or name in ("[Content_Types].xml", "_rels/.rels")
        or (name.startswith("word/") and name.endswith(".xml") and name.count("/") == 1)
        or (name.startswith("xl/comments") and name.endswith(".xml"))
        or (name.startswith("xl/persons/") and name.endswith(".xml"))
        or name in ("ppt/commentAuthors.xml", "ppt/authors.xml")
    )


_ooxml_handler.wants = _ooxml_wants  # type: ignore[attr-defined]


def clean_ooxml(src: Path, dst: Path, workdir: Path) -> list[str]:
    return _rewrite(src, dst, workdir, _ooxml_handler)


# ------------------------------------------------------------------ OpenDocument

_ODF_VERSION = re.compile(rb"office:version=[\"']([0-9.]{1,8})[\"']")
_DC_CREATOR = re.compile(rb"<dc:creator>[^<]*</dc:creator>")
_ODF_PRINTER = re.compile(
    rb"<config:config-item\s+config:name=\"(?:PrinterName|PrinterSetup|PrinterPaperFromSetup)\""
    rb"[^>]*>[^<]*</config:config-item>"
)


def _odf_handler(name: str, data: bytes) -> tuple[bytes | None, list[str]]:
    if name == "meta.xml":
        m = _ODF_VERSION.search(data)
        return EMPTY_ODF_META % (m.group(1) if m else b"1.2"), _present(data, _ODF_META_NAMES)
    if name == "settings.xml":
        data, n = _ODF_PRINTER.subn(b"", data)
        return data, ["printer name"] if n else []
    data, n = _DC_CREATOR.subn(b"<dc:creator>Author</dc:creator>", data)
    return data, ["comment and revision authors"] if n else []


def _odf_wants(name: str) -> bool:
    return name in ("meta.xml", "settings.xml", "content.xml", "styles.xml")


_odf_handler.wants = _odf_wants  # type: ignore[attr-defined]


def clean_odf(src: Path, dst: Path, workdir: Path) -> list[str]:
    return _rewrite(src, dst, workdir, _odf_handler)
