"""File type detection: magic bytes first, the file name's extension only as a hint."""

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
    return "unknown"


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
