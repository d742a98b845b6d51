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

from lxml import etree

from . import images
from ._common import CHUNK, CannotClean, Unreadable
from .xmlparts import parse_part, remove_keeping_tail, serialize_part

MAX_MEMBERS = 20_000
MAX_TOTAL_UNCOMPRESSED = 4 << 30  # 4 GiB across all members
MAX_RATIO = 200  # uncompressed/compressed, for members over RATIO_FLOOR
RATIO_FLOOR = 16 << 20
MAX_REWRITTEN_PART = 64 << 20  # an XML part parsed into a tree in memory
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
        raise Unreadable("too many parts in the document (possible zip bomb); refused")
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
            raise Unreadable("suspicious compression ratio (possible zip bomb); refused")
    if total > MAX_TOTAL_UNCOMPRESSED:
        raise Unreadable("document expands too much (possible zip bomb); refused")
    return infos


# ------------------------------------------------------------------ rewriting


def _rewrite(
    src: Path, dst: Path, workdir: Path, handler: Handler, wants: Callable[[str], bool]
) -> list[str]:
    """Copy the archive, passing each part ``wants`` names through ``handler``."""
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
            if _is_macro(info.filename):
                removed.append("macros")
                continue
            if info.is_dir():
                zout.writestr(out_info, b"")
                continue
            if _is_picture(info) and info.file_size >= 8:
                removed.extend(_copy_picture(zin, info, zout, out_info, workdir))
                continue
            if wants(info.filename):
                if info.file_size > MAX_REWRITTEN_PART:
                    raise Unreadable("a document part is too large to clean")
                data = zin.read(info)
                new, what = handler(info.filename, data)
                removed.extend(what)
                if new is not None:
                    zout.writestr(out_info, new)
                continue
            _copy_member(zin, info, zout, out_info)
    return removed


def _copy_member(zin, info, zout, out_info) -> None:
    with zin.open(info) as r, zout.open(out_info, "w", force_zip64=info.file_size > 1 << 30) as w:
        while chunk := r.read(CHUNK):
            w.write(chunk)


_MACRO_PREFIXES = tuple(sorted({"vbaproject", "vbadata"}))
_ODF_MACRO_DIRS = tuple(sorted({"Basic/", "Scripts/"}))


def _is_macro(name: str) -> bool:
    """VBA projects and their signatures (word/vbaProject.bin, xl/vbaData.xml...), and
    OpenDocument's Basic and script libraries (Basic/..., Scripts/...)."""
    return name.startswith(_ODF_MACRO_DIRS) or (
        name.rsplit("/", 1)[-1].lower().startswith(_MACRO_PREFIXES)
    )


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
    root = parse_part(data).getroot()
    found = []
    for el in root.iter(etree.Element):
        local = el.tag.rsplit("}", 1)[-1]
        if el is not root and local in names and ((el.text or "").strip() or len(el)):
            found.append(names[local])
        if local == "user-defined" and "user-defined" in names:
            found.append(names["user-defined"])
    return found


# ------------------------------------------------------------------ OOXML

# Parts are matched by namespace, never by prefix: "w:" is only a habit of Word, and a
# part may bind the same namespace to any prefix ("ns0:" from other writers). Each
# format has two editions: transitional (what Word saves by default) and ISO strict.
_WORD_NAMESPACES = frozenset(
    {
        "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
        "http://purl.oclc.org/ooxml/wordprocessingml/main",
    }
)
_RSIDS = tuple(sorted(f"{{{namespace}}}rsids" for namespace in _WORD_NAMESPACES))
# Word's own extensions (w14, w15 people and presence, w16du dates in UTC, w16cex...).
_WORD_EXTENSIONS = "http://schemas.microsoft.com/office/word/"
_W15 = "{http://schemas.microsoft.com/office/word/2012/wordml}"
_DATE_ATTRIBUTES = frozenset({"date", "dateUtc"})  # dateUtc: Word 2023's w16du
_SHEET_AUTHORS = (
    "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}author",
    "{http://purl.oclc.org/ooxml/spreadsheetml/main}author",
    "author",
)
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_PR = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_PERSON_ATTRS = frozenset({"displayName", "userId", "providerId", "name", "initials"})


def _ooxml_handler(name: str, data: bytes) -> tuple[bytes | None, list[str]]:
    if name == "docProps/core.xml":
        return EMPTY_CORE, _present(data, _CORE_NAMES)
    if name == "docProps/app.xml":
        return EMPTY_APP, _present(data, _APP_NAMES)
    if name == "docProps/custom.xml":
        return None, ["custom document properties"]
    tree = parse_part(data)
    removed: list[str] = []
    if name == "[Content_Types].xml":
        _drop(tree, f"{_CT}Override", lambda el: _is_dropped_part(el.get("PartName") or ""))
        _drop(tree, f"{_CT}Default", lambda el: "vba" in (el.get("ContentType") or ""))
        for el in tree.iter(f"{_CT}Override"):  # a macro-enabled main part becomes plain
            el.set("ContentType", _unmacro(el.get("ContentType") or ""))
        return serialize_part(tree), removed
    elif name == "_rels/.rels":
        _drop(tree, f"{_PR}Relationship", lambda el: _is_custom_target(el.get("Target")))
    elif name.endswith(".rels"):
        _drop(tree, f"{_PR}Relationship", lambda el: _is_macro(el.get("Target") or ""))
    elif name.startswith("word/"):
        removed = _clean_word_part(tree, name)
    elif name.startswith("xl/comments"):
        n = 0
        for el in tree.iter(*_SHEET_AUTHORS):
            el.text, n = "Author", n + 1
        removed = ["comment authors"] if n else []
    else:  # xl/persons/person.xml, ppt/commentAuthors.xml, ppt/authors.xml
        n = 0
        for el in tree.iter():
            for attr in _PERSON_ATTRS:
                if attr in el.attrib:
                    el.set(attr, "")
                    n += 1
        removed = ["comment authors"] if n else []
    return serialize_part(tree), removed


_MACRO_TYPES = {
    "application/vnd.ms-word.document.macroEnabled.main+xml": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    ),
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
    ),
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
    ),
    "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
    ),
}


def _unmacro(content_type: str) -> str:
    return _MACRO_TYPES.get(content_type, content_type)


def _is_dropped_part(part_name: str) -> bool:
    return part_name == "/docProps/custom.xml" or _is_macro(part_name)


def _is_custom_target(target: str | None) -> bool:
    return target in ("docProps/custom.xml", "/docProps/custom.xml")


def _drop(tree, tag: str | tuple[str, ...], which: Callable) -> int:
    doomed = [el for el in tree.iter(*(tag,) if isinstance(tag, str) else tag) if which(el)]
    for el in doomed:
        remove_keeping_tail(el)
    return len(doomed)


def _word_attribute(attr: str) -> str:
    """The local name of an attribute of WordprocessingML or of Word's extensions
    (``author``), whatever its prefix in the part; "" for any other attribute."""
    if not attr.startswith("{"):
        return ""
    namespace, _, local = attr[1:].partition("}")
    if namespace in _WORD_NAMESPACES or namespace.startswith(_WORD_EXTENSIONS):
        return local
    return ""


def _clean_word_part(tree, name: str) -> list[str]:
    """Rename authors, drop dates and editing-session ids in one linear walk."""
    removed: list[str] = []
    authors = initials = dates = rsids = 0
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue  # comments and processing instructions carry no attributes
        for attr in list(el.attrib):
            local = _word_attribute(attr)
            if local == "author":
                el.set(attr, "Author")
                authors += 1
            elif local == "initials":
                el.set(attr, "A")
                initials += 1
            elif local in _DATE_ATTRIBUTES:
                del el.attrib[attr]
                dates += 1
            elif local.startswith("rsid"):
                del el.attrib[attr]
                rsids += 1
    presence = _drop(tree, f"{_W15}presenceInfo", lambda el: True)
    rsids += _drop(tree, _RSIDS, lambda el: True)
    if authors:
        removed.append(
            "comment authors" if "comment" in name or "people" in name else "revision authors"
        )
    if presence:
        removed.append("comment author accounts")
    if dates:
        removed.append("comment and revision dates")
    if rsids:
        removed.append("editing session identifiers")
    return removed


def _ooxml_wants(name: str) -> bool:
    return (
        name in ("docProps/core.xml", "docProps/app.xml", "docProps/custom.xml")
        or name in ("[Content_Types].xml", "_rels/.rels")
        or (name.startswith("word/") and name.endswith(".xml") and name.count("/") == 1)
        # The glossary (building blocks) is a second document with its own revisions.
        or (name.startswith("word/glossary/") and name.endswith(".xml") and name.count("/") == 2)
        or (name.endswith(".rels") and name.count("/") == 2 and name.split("/")[1] == "_rels")
        or (name.startswith("xl/comments") and name.endswith(".xml"))
        or (name.startswith("xl/persons/") and name.endswith(".xml"))
        or name in ("ppt/commentAuthors.xml", "ppt/authors.xml")
    )


def clean_ooxml(src: Path, dst: Path, workdir: Path) -> list[str]:
    return _rewrite(src, dst, workdir, _ooxml_handler, _ooxml_wants)


# ------------------------------------------------------------------ OpenDocument

_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_CONFIG = "{urn:oasis:names:tc:opendocument:xmlns:config:1.0}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_MANIFEST = "{urn:oasis:names:tc:opendocument:xmlns:manifest:1.0}"
_SCRIPT = "{urn:oasis:names:tc:opendocument:xmlns:script:1.0}"
_PRINTER_ITEMS = ("PrinterName", "PrinterSetup", "PrinterPaperFromSetup")
_ODF_VERSION = re.compile(r"[0-9.]{1,8}")


def _odf_handler(name: str, data: bytes) -> tuple[bytes | None, list[str]]:
    tree = parse_part(data)
    if name == "META-INF/manifest.xml":
        path = f"{_MANIFEST}full-path"
        _drop(tree, f"{_MANIFEST}file-entry", lambda el: _is_macro(el.get(path) or ""))
        return serialize_part(tree), []
    if name == "meta.xml":
        version = tree.getroot().get(f"{_OFFICE}version") or ""
        keep = version.encode() if _ODF_VERSION.fullmatch(version) else b"1.2"
        return EMPTY_ODF_META % keep, _present(data, _ODF_META_NAMES)
    if name == "settings.xml":
        n = _drop(
            tree, f"{_CONFIG}config-item", lambda el: el.get(f"{_CONFIG}name") in _PRINTER_ITEMS
        )
        return serialize_part(tree), ["printer name"] if n else []
    n = 0
    for el in tree.iter(f"{_DC}creator"):
        del el[:]
        el.text, n = "Author", n + 1
    removed = ["comment and revision authors"] if n else []
    # Event bindings to macros (on open, on click...): their libraries are dropped above.
    if _drop(tree, f"{_SCRIPT}event-listener", lambda el: True):
        removed.append("macros")
    return serialize_part(tree), removed


def _odf_wants(name: str) -> bool:
    return name in ("meta.xml", "settings.xml", "content.xml", "styles.xml") or (
        name == "META-INF/manifest.xml"
    )


def clean_odf(src: Path, dst: Path, workdir: Path) -> list[str]:
    return _rewrite(src, dst, workdir, _odf_handler, _odf_wants)
