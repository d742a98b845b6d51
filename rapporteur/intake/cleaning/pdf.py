"""PDF cleaner, built on pikepdf (qpdf).

qpdf reads the input lazily from the file and writes the output object by object, with
stream data passed through still compressed, so a large PDF never sits whole in Python
memory. Rewriting the file also drops earlier incremental-update revisions and objects
no longer referenced (e.g. an old, "deleted" author string).
"""

from __future__ import annotations

from pathlib import Path

import pikepdf

from ._common import CannotClean, Unreadable

_INFO_NAMES = {
    "/Author": "PDF author",
    "/Creator": "PDF creator application",
    "/Producer": "PDF producer",
    "/Title": "PDF title",
    "/Subject": "PDF subject",
    "/Keywords": "PDF keywords",
    "/CreationDate": "PDF creation date",
    "/ModDate": "PDF modification date",
    "/Trapped": "PDF trapping flag",
}


_OBJECT_KEYS = (("/Metadata", "XMP metadata"), ("/PieceInfo", "application private data"))


def clean_pdf(src: Path, dst: Path, workdir: Path) -> list[str]:
    try:
        pdf = pikepdf.open(src, attempt_recovery=False, suppress_warnings=True)
    except pikepdf.PasswordError:
        raise CannotClean("password-protected PDF; it cannot be cleaned") from None
    except pikepdf.PdfError:
        raise Unreadable("damaged PDF") from None
    with pdf:
        if pdf.is_encrypted:
            raise CannotClean("encrypted PDF; it cannot be cleaned without removing its protection")
        if pdf.get_warnings():
            raise Unreadable("damaged PDF (it would need repairs to be rewritten)")
        removed = _strip(pdf) + _strip_active_content(pdf)
        pdf.save(
            dst,
            stream_decode_level=pikepdf.StreamDecodeLevel.none,  # pass streams through as is
            compress_streams=False,
            fix_metadata_version=False,
            deterministic_id=True,  # the new /ID derives from the content, not the original
        )
        if pdf.get_warnings():
            raise Unreadable("damaged PDF (it would need repairs to be rewritten)")
    return removed


def _strip(pdf: pikepdf.Pdf) -> list[str]:
    removed: list[str] = []
    trailer = pdf.trailer
    if "/Info" in trailer:
        info = trailer.Info
        if isinstance(info, pikepdf.Dictionary):
            for key in info.keys():  # noqa: SIM118 - pikepdf dictionaries
                removed.append(_INFO_NAMES.get(key, "custom document information"))
        del trailer["/Info"]
    if "/ID" in trailer:
        removed.append("document ID")
        del trailer["/ID"]
    root = pdf.Root
    for key, name in (
        ("/Metadata", "XMP metadata"),
        ("/PieceInfo", "application private data"),
        ("/SpiderInfo", "web capture information"),
    ):
        if key in root:
            removed.append(name)
            del root[key]
    # XMP and private application data attached to pages, images, fonts and forms.
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
            for key, name in _OBJECT_KEYS:
                if key in obj:
                    removed.append(name)
                    del obj[key]
    return removed


_RISKY_ACTIONS = {"/JavaScript": "JavaScript", "/Launch": "launch actions"}


def _strip_active_content(pdf: pikepdf.Pdf) -> list[str]:
    """Remove what runs or opens by itself: document and page actions, JavaScript,
    launch actions in links and form fields, and embedded files."""
    removed: list[str] = []
    root = pdf.Root
    for key in ("/OpenAction", "/AA"):
        if key in root:
            removed.append("automatic actions")
            del root[key]
    names = root.get("/Names")
    if isinstance(names, pikepdf.Dictionary):
        for key, name in (("/JavaScript", "JavaScript"), ("/EmbeddedFiles", "embedded files")):
            if key in names:
                removed.append(name)
                del names[key]
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Dictionary):
            continue
        if "/AA" in obj:  # pages, annotations and form fields
            removed.append("automatic actions")
            del obj["/AA"]
        action = obj.get("/A")
        if isinstance(action, pikepdf.Dictionary):
            kind = str(action.get("/S", ""))
            if kind in _RISKY_ACTIONS:
                removed.append(_RISKY_ACTIONS[kind])
                del obj["/A"]
        if obj.get("/Type") == "/Filespec" and "/EF" in obj:
            removed.append("embedded files")
            del obj["/EF"]
        if obj.get("/Subtype") == "/FileAttachment" and "/FS" in obj:
            removed.append("embedded files")
            del obj["/FS"]
    return removed
