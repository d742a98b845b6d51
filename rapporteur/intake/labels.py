"""Names of removed metadata as the cleaner reports them (English), marked for
translation so a source reads them in their language. Every name a cleaner can
report is here (``tests/test_cleaning_labels.py`` checks the cleaners against it);
a name missing would be shown as the cleaner wrote it."""

from __future__ import annotations

from django.utils.translation import gettext, gettext_noop

KNOWN = frozenset(
    {
        gettext_noop("GPS position"),
        gettext_noop("EXIF metadata"),
        gettext_noop("XMP metadata"),
        gettext_noop("IPTC metadata"),
        gettext_noop("Photoshop metadata"),
        gettext_noop("thumbnail image"),
        gettext_noop("camera make and model"),
        gettext_noop("camera serial number"),
        gettext_noop("camera owner name"),
        gettext_noop("camera or source device"),
        gettext_noop("lens make and model"),
        gettext_noop("lens serial number"),
        gettext_noop("date taken"),
        gettext_noop("software"),
        gettext_noop("author"),
        gettext_noop("copyright"),
        gettext_noop("image description"),
        gettext_noop("host computer"),
        gettext_noop("document name"),
        gettext_noop("page name"),
        gettext_noop("unique image ID"),
        gettext_noop("maker notes"),
        gettext_noop("comment"),
        gettext_noop("colour profile (ICC)"),
        gettext_noop("additional embedded images"),
        gettext_noop("other embedded metadata"),
        gettext_noop("data after the end of the image"),
        gettext_noop("text metadata"),
        gettext_noop("title"),
        gettext_noop("creation date"),
        gettext_noop("modification time"),
        gettext_noop("modification date"),
        gettext_noop("PDF author"),
        gettext_noop("PDF title"),
        gettext_noop("PDF subject"),
        gettext_noop("PDF keywords"),
        gettext_noop("PDF creator application"),
        gettext_noop("PDF producer"),
        gettext_noop("PDF creation date"),
        gettext_noop("PDF modification date"),
        gettext_noop("PDF trapping flag"),
        gettext_noop("custom document information"),
        gettext_noop("document ID"),
        gettext_noop("application private data"),
        gettext_noop("web capture information"),
        gettext_noop("document author"),
        gettext_noop("last modified by"),
        gettext_noop("last printed date"),
        gettext_noop("document title"),
        gettext_noop("document subject"),
        gettext_noop("document description"),
        gettext_noop("document keywords"),
        gettext_noop("document category"),
        gettext_noop("document status"),
        gettext_noop("revision number"),
        gettext_noop("document identifier"),
        gettext_noop("document language"),
        gettext_noop("document version"),
        gettext_noop("company"),
        gettext_noop("manager"),
        gettext_noop("template name"),
        gettext_noop("application name"),
        gettext_noop("application version"),
        gettext_noop("total editing time"),
        gettext_noop("hyperlink base"),
        gettext_noop("printed by"),
        gettext_noop("generator application"),
        gettext_noop("custom document properties"),
        gettext_noop("archive comment"),
        gettext_noop("file timestamps inside the document"),
        gettext_noop("comment authors"),
        gettext_noop("revision authors"),
        gettext_noop("comment and revision authors"),
        gettext_noop("comment author accounts"),
        gettext_noop("comment and revision dates"),
        gettext_noop("editing session identifiers"),
        gettext_noop("printer name"),
        gettext_noop("automatic actions"),
        gettext_noop("JavaScript"),
        gettext_noop("launch actions"),
        gettext_noop("embedded files"),
        gettext_noop("macros"),
    }
)
# Office files report what was removed from a picture inside them with this suffix.
_EMBEDDED = " (embedded picture)"


def removed_label(name: str) -> str:
    if name.endswith(_EMBEDDED) and name.removesuffix(_EMBEDDED) in KNOWN:
        return gettext("%(what)s (in an embedded picture)") % {
            "what": gettext(name.removesuffix(_EMBEDDED))
        }
    return gettext(name) if name in KNOWN else name


# What a file is, in words, for a file whose name and content disagree.
KIND_LABELS = {
    "jpeg": gettext_noop("a JPEG image"),
    "png": gettext_noop("a PNG image"),
    "gif": gettext_noop("a GIF image"),
    "webp": gettext_noop("a WebP image"),
    "tiff": gettext_noop("a TIFF image"),
    "pdf": gettext_noop("a PDF document"),
    "docx": gettext_noop("a Word document"),
    "xlsx": gettext_noop("an Excel spreadsheet"),
    "pptx": gettext_noop("a PowerPoint presentation"),
    "odt": gettext_noop("an OpenDocument text"),
    "ods": gettext_noop("an OpenDocument spreadsheet"),
    "odp": gettext_noop("an OpenDocument presentation"),
    "odg": gettext_noop("an OpenDocument drawing"),
    "doc": gettext_noop("an old-format Word document"),
    "xls": gettext_noop("an old-format Excel spreadsheet"),
    "ppt": gettext_noop("an old-format PowerPoint presentation"),
    "ole": gettext_noop("an old-format Office file"),
    "zip": gettext_noop("a ZIP archive"),
    "html": gettext_noop("a web page (HTML), which can run scripts"),
    "svg": gettext_noop("an SVG image, which can run scripts"),
    "executable": gettext_noop("an executable program"),
    "script": gettext_noop("a script (a program in text form)"),
    "text": gettext_noop("a text file"),
    "unknown": gettext_noop("a file of a type we do not recognise"),
}


def kind_label(kind: str) -> str:
    return gettext(KIND_LABELS.get(kind, KIND_LABELS["unknown"]))


def _mismatch_text(meta: dict, *, claimed_other: str, claimed_none: str) -> str:
    """For a file flagged at cleaning: ``claimed_other`` when its name claims a kind
    its content is not, ``claimed_none`` when its name claims none (a program or web
    page), filled in with the kinds; "" for a file that was not flagged."""
    claimed = meta.get("claimed_kind")
    if claimed is None:
        return ""
    actual = kind_label(meta.get("kind", "unknown"))
    if claimed:
        return claimed_other % {"claimed": kind_label(claimed), "actual": actual}
    return claimed_none % {"actual": actual}


def staff_file_warning(meta: dict) -> str:
    """The warning staff read before downloading a file whose content is not what
    its name says, or is a program or web page; "" for any other file."""
    return _mismatch_text(
        meta,
        claimed_other=gettext(
            "This file says it is %(claimed)s but its content is %(actual)s. "
            "Open it only in a safe environment."
        ),
        claimed_none=gettext(
            "This file's name does not say so, but its content is %(actual)s. "
            "Open it only in a safe environment."
        ),
    )


def source_file_notice(meta: dict) -> str:
    """What the source is told about a file whose content is not what its name says."""
    return _mismatch_text(
        meta,
        claimed_other=gettext(
            "Its name says it is %(claimed)s, but its content is %(actual)s; "
            "our team will be warned before opening it."
        ),
        claimed_none=gettext(
            "Its content is %(actual)s; our team will be warned before opening it."
        ),
    )
