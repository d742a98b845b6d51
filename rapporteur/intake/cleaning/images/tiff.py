"""TIFF, re-saved page by page through Pillow with lossless compression and no
metadata tags (a TIFF's tags and pixels are interleaved, so no byte walk can keep one
and drop the other). Decoding is bounded across all pages, not only per page as Pillow
does: ``MAX_TIFF_PAGES`` and ``MAX_TIFF_PIXELS``."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageSequence

from .._common import Unreadable
from .exif import EXIF_IFD, GPS_IFD, IFD0_NAMES, ORIENTATION, describe_exif_object

_TIFF_TAGS = {
    700: "XMP metadata",
    33723: "IPTC metadata",
    34377: "Photoshop metadata",
    34675: "colour profile (ICC)",
    269: "document name",
    285: "page name",
}


MAX_TIFF_PAGES = 500
MAX_TIFF_PIXELS = 200_000_000  # all pages together (about 600 MB decoded as RGB)


def clean_tiff(src: Path, dst: Path, workdir: Path) -> list[str]:
    """Re-save every page through Pillow, losslessly, with no metadata tags."""
    removed: list[str] = []
    with Image.open(src) as im:
        tags = dict(getattr(im, "tag_v2", {}) or {})
        exif = im.getexif()
        if any(t in exif for t in (*IFD0_NAMES, GPS_IFD, EXIF_IFD)):
            removed.extend(describe_exif_object(exif))
        removed.extend(name for tag, name in _TIFF_TAGS.items() if tag in tags)
        orientation = int(exif.get(ORIENTATION, 1) or 1)
        pages = []
        pixels = 0
        for number, frame in enumerate(ImageSequence.Iterator(im), 1):
            # Pillow bounds pixels per frame only: a small file of many large pages
            # would otherwise be decoded whole into memory.
            pixels += frame.size[0] * frame.size[1]
            if number > MAX_TIFF_PAGES or pixels > MAX_TIFF_PIXELS:
                raise Unreadable("TIFF image has too many pages or pixels to clean safely")
            frame.load()
            page = frame.copy()  # a plain Image: no tag_v2 for the TIFF writer to copy
            page.info = {}
            pages.append(page)
    if not pages:
        raise Unreadable("damaged TIFF image (no pages)")
    tiffinfo = {ORIENTATION: orientation} if 2 <= orientation <= 8 else {}
    try:
        _save_tiff(pages, dst, "tiff_adobe_deflate", tiffinfo)
    except (OSError, ValueError):
        _save_tiff(pages, dst, None, tiffinfo)
    return removed


def _save_tiff(pages, dst: Path, compression, tiffinfo) -> None:
    kwargs = {"compression": compression} if compression else {}
    pages[0].save(
        dst,
        format="TIFF",
        save_all=True,
        append_images=pages[1:],
        tiffinfo=tiffinfo,
        **kwargs,
    )
