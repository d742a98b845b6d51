"""GIF, cleaned losslessly: image descriptors, colour tables, LZW data and graphic
control blocks are copied; comment, XMP and other application extensions are dropped
(the animation loop count is kept)."""

from __future__ import annotations

from pathlib import Path

from .._common import Unreadable, copy_range
from ._mapped import strip_mapped

_GIF_KEEP_APPS = {b"NETSCAPE2.0", b"ANIMEXTS1.0"}  # animation loop count


def clean_gif(src: Path, dst: Path, workdir: Path) -> list[str]:
    return strip_mapped(src, dst, _strip_gif)


def _skip_sub_blocks(mm, pos: int) -> int:
    n = len(mm)
    while True:
        if pos >= n:
            raise Unreadable("damaged or truncated GIF image")
        size = mm[pos]
        pos += 1 + size
        if size == 0:
            return pos


def _strip_gif(mm, out) -> list[str]:
    n = len(mm)
    if n < 13:
        raise Unreadable("damaged GIF image")
    flags = mm[10]
    pos = 13 + (3 * (2 << (flags & 7)) if flags & 0x80 else 0)
    if pos > n:
        raise Unreadable("damaged GIF image")
    copy_range(mm, 0, pos, out)
    removed: list[str] = []
    while True:
        if pos >= n:
            raise Unreadable("damaged or truncated GIF image")
        intro = mm[pos]
        if intro == 0x3B:  # trailer
            out.write(b"\x3b")
            if n > pos + 1:
                removed.append("data after the end of the image")
            return removed
        if intro == 0x2C:  # image descriptor [+ local colour table] + LZW data
            if pos + 10 > n:
                raise Unreadable("damaged or truncated GIF image")
            lflags = mm[pos + 9]
            start = pos
            pos += 10 + (3 * (2 << (lflags & 7)) if lflags & 0x80 else 0)
            pos = _skip_sub_blocks(mm, pos + 1)  # +1: LZW minimum code size
            copy_range(mm, start, pos, out)
        elif intro == 0x21 and pos + 1 < n:
            label = mm[pos + 1]
            start = pos
            pos = _skip_sub_blocks(mm, pos + 2)
            if label == 0xFE:
                removed.append("comment")
            elif label == 0xFF:
                ident = bytes(mm[start + 3 : start + 14])
                if ident in _GIF_KEEP_APPS:
                    copy_range(mm, start, pos, out)
                elif ident == b"XMP DataXMP":
                    removed.append("XMP metadata")
                else:
                    removed.append("other embedded metadata")
            else:  # graphic control (0xF9), plain text (0x01): part of the picture
                copy_range(mm, start, pos, out)
        else:
            raise Unreadable("damaged GIF image")
