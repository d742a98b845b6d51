"""WebP, cleaned losslessly: the RIFF chunks of the picture (VP8, VP8L, alpha,
animation) are copied; EXIF, XMP and colour-profile chunks are dropped and their flags
cleared in the VP8X header."""

from __future__ import annotations

import struct
from pathlib import Path

from .._common import Unreadable, copy_range
from ._mapped import strip_mapped
from .exif import describe_exif

_WEBP_KEEP = {b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ANIM", b"ANMF"}
_VP8X_ICC, _VP8X_EXIF, _VP8X_XMP = 0x20, 0x08, 0x04


def clean_webp(src: Path, dst: Path, workdir: Path) -> list[str]:
    return strip_mapped(src, dst, _strip_webp)


def _strip_webp(mm, out) -> list[str]:
    n = len(mm)
    if n < 12 or mm[:4] != b"RIFF" or mm[8:12] != b"WEBP":
        raise Unreadable("damaged WebP image")
    riff_end = min(n, 8 + struct.unpack("<I", mm[4:8])[0])
    kept: list[tuple[int, int]] = []
    removed: list[str] = []
    pos = 12
    while pos + 8 <= riff_end:
        fourcc, size = struct.unpack("<4sI", mm[pos : pos + 8])
        end = pos + 8 + size + (size & 1)
        if pos + 8 + size > riff_end:
            raise Unreadable("damaged or truncated WebP image")
        if fourcc in _WEBP_KEEP:
            kept.append((pos, min(end, riff_end)))
        elif fourcc == b"EXIF":
            data = bytes(mm[pos + 8 : pos + 8 + size])
            removed.extend(describe_exif(data))
        else:
            removed.append(
                {b"XMP ": "XMP metadata", b"ICCP": "colour profile (ICC)"}.get(
                    fourcc, "other embedded metadata"
                )
            )
        pos = end
    if not kept:
        raise Unreadable("damaged WebP image (no image data)")
    if n > riff_end:
        removed.append("data after the end of the image")
    body = sum(e - s for s, e in kept)
    out.write(b"RIFF" + struct.pack("<I", 4 + body) + b"WEBP")
    for s, e in kept:
        if mm[s : s + 4] == b"VP8X":
            flags = mm[s + 8] & ~(_VP8X_ICC | _VP8X_EXIF | _VP8X_XMP)
            out.write(mm[s : s + 8] + bytes((flags,)))
            copy_range(mm, s + 9, e, out)
        else:
            copy_range(mm, s, e, out)
    return removed
