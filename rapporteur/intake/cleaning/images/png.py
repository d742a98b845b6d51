"""PNG (and APNG), cleaned losslessly: the chunks needed to decode and display the
pixels are copied with their checksums verified; text, time, colour-profile and EXIF
chunks are dropped."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

from .._common import Unreadable, copy_range
from ._mapped import strip_mapped
from .exif import describe_exif

_PNG_SIG = b"\x89PNG\r\n\x1a\n"
# Chunks needed to decode and display the pixels as intended (incl. APNG animation).
_PNG_KEEP = {
    b"IHDR",
    b"PLTE",
    b"IDAT",
    b"IEND",
    b"tRNS",
    b"gAMA",
    b"cHRM",
    b"sRGB",
    b"sBIT",
    b"bKGD",
    b"hIST",
    b"pHYs",
    b"sPLT",
    b"acTL",
    b"fcTL",
    b"fdAT",
    b"cICP",
    b"mDCV",
    b"cLLI",
}
_PNG_TEXT_KEYWORDS = {
    b"author": "author",
    b"comment": "comment",
    b"creation time": "creation date",
    b"software": "software",
    b"copyright": "copyright",
    b"description": "image description",
    b"title": "title",
    b"source": "camera or source device",
    b"xml:com.adobe.xmp": "XMP metadata",
    b"raw profile type exif": "EXIF metadata",
    b"raw profile type iptc": "IPTC metadata",
}


def clean_png(src: Path, dst: Path, workdir: Path) -> list[str]:
    return strip_mapped(src, dst, _strip_png)


def _strip_png(mm, out) -> list[str]:
    n = len(mm)
    if mm[:8] != _PNG_SIG:
        raise Unreadable("damaged PNG image")
    out.write(_PNG_SIG)
    removed: list[str] = []
    pos = 8
    while True:
        if pos + 12 > n:
            raise Unreadable("damaged or truncated PNG image")
        length, ctype = struct.unpack(">I4s", mm[pos : pos + 8])
        end = pos + 12 + length
        if length > 0x7FFFFFFF or end > n:
            raise Unreadable("damaged or truncated PNG image")
        if ctype in _PNG_KEEP:
            (crc,) = struct.unpack(">I", mm[end - 4 : end])
            if _crc32(mm, pos + 4, end - 4) != crc:
                raise Unreadable("damaged PNG image (checksum mismatch)")
            copy_range(mm, pos, end, out)
        else:
            removed.extend(_png_chunk_names(ctype, mm[pos + 8 : pos + 8 + min(length, 80)]))
            if ctype == b"eXIf":
                removed.extend(describe_exif(bytes(mm[pos + 8 : end - 4])))
        pos = end
        if ctype == b"IEND":
            if n > pos:
                removed.append("data after the end of the image")
            return removed


def _crc32(mm, start: int, end: int) -> int:
    crc = 0
    while start < end:
        stop = min(start + (1 << 20), end)
        crc = zlib.crc32(mm[start:stop], crc)
        start = stop
    return crc


def _png_chunk_names(ctype: bytes, head: bytes) -> list[str]:
    if ctype in (b"tEXt", b"zTXt", b"iTXt"):
        keyword = head.split(b"\0", 1)[0].strip().lower()
        return ["text metadata", _PNG_TEXT_KEYWORDS.get(keyword, "text metadata")]
    return {
        b"eXIf": [],
        b"iCCP": ["colour profile (ICC)"],
        b"tIME": ["modification time"],
    }.get(ctype, ["other embedded metadata"])
