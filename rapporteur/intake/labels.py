"""Names of removed metadata as the cleaner reports them (English), marked for
translation so a source reads them in their language. A name missing here is
shown as the cleaner wrote it."""

from __future__ import annotations

from django.utils.translation import gettext, gettext_noop

KNOWN = {
    gettext_noop("GPS position"),
    gettext_noop("EXIF metadata"),
    gettext_noop("XMP metadata"),
    gettext_noop("IPTC metadata"),
    gettext_noop("Photoshop metadata"),
    gettext_noop("thumbnail image"),
    gettext_noop("camera make and model"),
    gettext_noop("camera serial number"),
    gettext_noop("camera owner name"),
    gettext_noop("date taken"),
    gettext_noop("comment"),
    gettext_noop("PDF author"),
    gettext_noop("PDF title"),
    gettext_noop("PDF subject"),
    gettext_noop("PDF keywords"),
    gettext_noop("PDF creator application"),
    gettext_noop("PDF producer"),
    gettext_noop("PDF creation date"),
    gettext_noop("PDF modification date"),
    gettext_noop("document ID"),
    gettext_noop("document author"),
    gettext_noop("company"),
    gettext_noop("creation date"),
    gettext_noop("custom document properties"),
    gettext_noop("comment authors"),
    gettext_noop("data after the end of the image"),
}


def removed_label(name: str) -> str:
    return gettext(name) if name in KNOWN else name
