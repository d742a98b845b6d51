"""JPEG, cleaned losslessly: metadata segments (APPn, COM) are dropped and the
entropy-coded scans copied byte for byte, so evidence pixels are never re-encoded.
JFIF and Adobe segments stay (needed to decode the colours); an EXIF orientation is
carried over alone."""

from __future__ import annotations

import struct
from pathlib import Path

from .._common import Unreadable, copy_range
from ._mapped import strip_mapped
from .exif import describe_exif, orientation_of, orientation_only_exif

_STANDALONE = {0x01, *range(0xD0, 0xD8)}


def clean_jpeg(src: Path, dst: Path, workdir: Path) -> list[str]:
    return strip_mapped(src, dst, _strip_jpeg)


def _jpeg_app_verdict(marker: int, seg: bytes) -> tuple[bool, list[str]]:
    """(keep?, what was removed) for one APPn/COM segment's payload."""
    if marker == 0xE0 and seg.startswith(b"JFIF\0"):
        return True, []
    if marker == 0xEE and seg.startswith(b"Adobe"):
        return True, []  # colour transform flag, needed to decode CMYK/YCCK correctly
    if marker == 0xFE:
        return False, ["comment"]
    if marker == 0xE1 and seg.startswith(b"Exif\0"):
        return False, describe_exif(bytes(seg))
    if marker == 0xE1 and seg.startswith(b"http://ns.adobe.com/"):
        return False, ["XMP metadata"]
    if marker == 0xE2 and seg.startswith(b"ICC_PROFILE\0"):
        return False, ["colour profile (ICC)"]
    if marker == 0xE2 and seg.startswith(b"MPF\0"):
        return False, ["additional embedded images"]
    if marker == 0xED:
        return False, ["IPTC metadata"]
    if marker == 0xE0:
        return False, ["thumbnail image"]  # JFXX extension: an embedded thumbnail
    return False, ["other embedded metadata"]


def _strip_jpeg(mm, out) -> list[str]:
    n = len(mm)
    if mm[:2] != b"\xff\xd8":
        raise Unreadable("damaged JPEG image")
    removed: list[str] = []
    header: list[bytes] = []  # segments before the first scan (small), to place orientation
    orientation = 1
    in_header = True
    pos = 2
    while True:
        if pos >= n or mm[pos] != 0xFF:
            raise Unreadable("damaged or truncated JPEG image")
        while pos < n and mm[pos] == 0xFF:  # fill bytes
            pos += 1
        if pos >= n:
            raise Unreadable("damaged or truncated JPEG image")
        marker = mm[pos]
        pos += 1
        if marker == 0xD9:  # EOI
            if in_header:
                raise Unreadable("damaged JPEG image (no image data)")
            out.write(b"\xff\xd9")
            if n > pos:
                removed.append("data after the end of the image")
            return removed
        if marker in _STANDALONE:
            (header.append if in_header else out.write)(bytes((0xFF, marker)))
            continue
        if pos + 2 > n:
            raise Unreadable("damaged or truncated JPEG image")
        length = int.from_bytes(mm[pos : pos + 2], "big")
        if length < 2 or pos + length > n:
            raise Unreadable("damaged or truncated JPEG image")
        seg_start, seg_end = pos + 2, pos + length
        keep = True
        if 0xE0 <= marker <= 0xEF or marker == 0xFE:
            payload = mm[seg_start:seg_end]
            keep, what = _jpeg_app_verdict(marker, payload)
            removed.extend(what)
            if marker == 0xE1 and payload.startswith(b"Exif\0") and orientation == 1:
                orientation = orientation_of(payload)
        if keep:
            chunk = bytes((0xFF, marker)) + mm[pos:seg_end]
            (header.append if in_header else out.write)(chunk)
        pos = seg_end
        if marker == 0xDA:  # start of scan: copy entropy-coded data up to the next marker
            if in_header:
                in_header = False
                _write_header(out, header, orientation)
            pos = _copy_scan(mm, pos, out)


def _write_header(out, header: list[bytes], orientation: int) -> None:
    out.write(b"\xff\xd8")
    insert_at = 1 if header and header[0].startswith(b"\xff\xe0") else 0
    if orientation != 1:
        # Keep only the orientation tag so the picture still displays upright.
        exif = orientation_only_exif(orientation)
        header.insert(insert_at, b"\xff\xe1" + struct.pack(">H", len(exif) + 2) + exif)
    for seg in header:
        out.write(seg)


def _copy_scan(mm, pos: int, out) -> int:
    n = len(mm)
    start = pos
    while True:
        i = mm.find(b"\xff", pos)
        if i < 0 or i + 1 >= n:
            raise Unreadable("damaged or truncated JPEG image")
        nxt = mm[i + 1]
        if nxt == 0x00 or 0xD0 <= nxt <= 0xD7:  # stuffed byte or restart marker
            pos = i + 2
            continue
        if nxt == 0xFF:
            pos = i + 1
            continue
        copy_range(mm, start, i, out)
        return i
