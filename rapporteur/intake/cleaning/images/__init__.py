"""Image cleaners, one module per format.

JPEG, PNG, WebP and GIF are cleaned losslessly (``jpeg``, ``png``, ``webp``, ``gif``):
metadata segments, chunks or blocks are dropped and the compressed pixel data is
copied byte for byte from a memory map (``_mapped``), so evidence pixels are never
re-encoded. TIFF (``tiff``) is re-saved through Pillow with lossless compression,
within limits on pages and pixels. ``exif`` names what an EXIF block held, for the
report, and keeps the orientation alone.
"""

from .exif import describe_exif, describe_exif_object
from .gif import clean_gif
from .jpeg import clean_jpeg
from .png import clean_png
from .tiff import MAX_TIFF_PAGES, MAX_TIFF_PIXELS, clean_tiff
from .webp import clean_webp

__all__ = [
    "MAX_TIFF_PAGES",
    "MAX_TIFF_PIXELS",
    "clean_gif",
    "clean_jpeg",
    "clean_png",
    "clean_tiff",
    "clean_webp",
    "describe_exif",
    "describe_exif_object",
]
