"""Reading a picture through a memory map, so that a large file is never held whole
in Python memory: the byte-walking cleaners (JPEG, PNG, WebP, GIF) copy what they keep
from the map to the output in bounded pieces."""

from __future__ import annotations

import mmap
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from .._common import Unreadable

Stripper = Callable[[mmap.mmap, BinaryIO], list[str]]


def strip_mapped(src: Path, dst: Path, strip: Stripper) -> list[str]:
    """Run ``strip(map of src, dst opened for writing)``; return what it removed."""
    f = open(src, "rb")  # noqa: SIM115 - closed below, after the map
    try:
        try:
            mm = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        except (ValueError, OSError):
            raise Unreadable("empty or unreadable file") from None
        try:
            with open(dst, "wb") as out:
                return strip(mm, out)
        finally:
            mm.close()
    finally:
        f.close()
