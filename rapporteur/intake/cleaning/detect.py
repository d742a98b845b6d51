"""File type detection: magic bytes first, the file name's extension only as a hint;
and whether the name claims another type than the content (``name_mismatch``)."""

from __future__ import annotations

import zipfile
from pathlib import Path

_ODF_MIMETYPES = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
    b"application/vnd.oasis.opendocument.presentation": "odp",
    b"application/vnd.oasis.opendocument.graphics": "odg",
}
_OOXML_MAIN_PARTS = {
    "word/document.xml": "docx",
    "xl/workbook.xml": "xlsx",
    "ppt/presentation.xml": "pptx",
}
_ZIP_EXTENSION_HINTS = {
    ".docx": "docx",
    ".docm": "docx",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".pptx": "pptx",
    ".pptm": "pptx",
    ".odt": "odt",
    ".ods": "ods",
    ".odp": "odp",
    ".odg": "odg",
}


def detect_kind(*, path: Path, filename: str) -> str:
    """Return the kind of file at ``path``.

    Decided by content (magic bytes, and for zip containers their member names); the
    declared ``filename`` only breaks ties (e.g. an unreadable zip named ``.docx``).
    The declared content type is never consulted. Never raises.
    """
    try:
        with open(path, "rb") as f:
            head = f.read(1024)
    except OSError:
        return "unknown"
    ext = Path(filename or "").suffix.lower()

    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    if b"%PDF-" in head:  # readers accept the header anywhere in the first KiB
        return "pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        # Legacy Office (and password-protected modern Office, wrapped in OLE): not cleanable.
        return {".doc": "doc", ".xls": "xls", ".ppt": "ppt"}.get(ext, "ole")
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(path, ext)
    return _dangerous_kind(head)


# Kinds that run code or scripts when opened, whatever the file is called.
DANGEROUS_KINDS = frozenset({"executable", "script", "html", "svg"})
_EXECUTABLE_MAGIC = (
    b"\x7fELF",  # Linux and other Unix programs
    b"\xfe\xed\xfa\xce",  # Mach-O (macOS), 32 and 64 bits, both byte orders
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",  # Mach-O universal binary (also a Java class file)
    b"dex\n",  # Android
)
_HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<script", b"<iframe")


def _dangerous_kind(head: bytes) -> str:
    if head.startswith(b"MZ") and len(head) >= 64:  # Windows (PE) and DOS programs
        return "executable"
    if head.startswith(_EXECUTABLE_MAGIC):
        return "executable"
    if head.startswith(b"#!"):
        return "script"
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip().lower()
    if text.startswith(b"<svg") or (text.startswith(b"<?xml") and b"<svg" in text):
        return "svg"
    if text.startswith(_HTML_STARTS) or (text.startswith(b"<!--") and b"<html" in text):
        return "html"
    return "unknown"


# What a file's name claims it is (its last extension).
_EXTENSION_KINDS = {
    **dict.fromkeys((".jpg", ".jpeg", ".jpe", ".jfif"), "jpeg"),
    ".png": "png",
    ".gif": "gif",
    ".webp": "webp",
    ".tif": "tiff",
    ".tiff": "tiff",
    ".pdf": "pdf",
    **_ZIP_EXTENSION_HINTS,
    ".doc": "doc",
    ".xls": "xls",
    ".ppt": "ppt",
    ".zip": "zip",
    **dict.fromkeys((".htm", ".html", ".xhtml", ".mht"), "html"),
    ".svg": "svg",
    **dict.fromkeys((".exe", ".dll", ".scr", ".com", ".msi", ".apk"), "executable"),
    **dict.fromkeys((".sh", ".bash", ".py", ".pl", ".rb", ".php", ".js", ".vbs", ".ps1"), "script"),
    **dict.fromkeys((".txt", ".csv", ".md", ".log", ".rtf"), "text"),
}
_ZIP_BASED = frozenset({"zip", "docx", "xlsx", "pptx", "odt", "ods", "odp", "odg"})


def name_mismatch(*, kind: str, filename: str) -> str | None:
    """The kind the name claims when the content (``kind``, from ``detect_kind``)
    is something else; ``""`` when the name claims nothing known but the content
    is a program, script or web page; ``None`` when name and content agree."""
    claimed = _EXTENSION_KINDS.get(Path(filename or "").suffix.lower())
    if claimed is None:
        return "" if kind in DANGEROUS_KINDS else None
    if claimed == kind or (claimed == "zip" and kind in _ZIP_BASED):
        return None
    if claimed == "text" and kind == "unknown":  # plain text has no signature
        return None
    if claimed == "executable" and kind in ("ole", "zip"):  # .msi is OLE, .apk is zip
        return None
    return claimed


def _zip_kind(path: Path, ext: str) -> str:
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            if len(infos) > 100_000:
                return _ZIP_EXTENSION_HINTS.get(ext, "zip")
            names = {i.filename for i in infos}
            if infos and infos[0].filename == "mimetype" and infos[0].file_size < 200:
                with zf.open(infos[0]) as m:
                    kind = _ODF_MIMETYPES.get(m.read(200).strip())
                if kind:
                    return kind
            if "[Content_Types].xml" in names:
                for part, kind in _OOXML_MAIN_PARTS.items():
                    if part in names:
                        return kind
    except Exception:  # a damaged zip: let the extension hint pick the cleaner, which
        return _ZIP_EXTENSION_HINTS.get(ext, "zip")  # will then refuse with a note
    return "zip"
