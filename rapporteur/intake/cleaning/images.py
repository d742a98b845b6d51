"""Image cleaners.

JPEG, PNG, WebP and GIF are cleaned losslessly: metadata segments/chunks/blocks are
dropped and the compressed pixel data is copied byte for byte, so evidence pixels are
never re-encoded. TIFF is re-saved through Pillow with lossless compression.
"""

from __future__ import annotations

import mmap
import struct
import zlib
from pathlib import Path

from PIL import Image, ImageSequence

from ._common import Unreadable, copy_range

# --------------------------------------------------------------------------- EXIF report

_GPS_IFD = 0x8825
_EXIF_IFD = 0x8769
_ORIENTATION = 0x0112
_IFD0_NAMES = {
    0x010F: "camera make and model",
    0x0110: "camera make and model",
    0x0132: "date taken",
    0x0131: "software",
    0x013B: "author",
    0x8298: "copyright",
    0x010E: "image description",
    0x013C: "host computer",
    0x010D: "document name",
    0xC62F: "camera serial number",
}
_EXIF_IFD_NAMES = {
    0x9003: "date taken",
    0x9004: "date taken",
    0xA431: "camera serial number",
    0xA430: "camera owner name",
    0xA433: "lens make and model",
    0xA434: "lens make and model",
    0xA435: "lens serial number",
    0xA420: "unique image ID",
    0x927C: "maker notes",
    0x9286: "comment",
}


def describe_exif(data: bytes) -> list[str]:
    """Plain-English names of what an EXIF block holds (never the values)."""
    try:
        exif = Image.Exif()
        exif.load(data)
    except Exception:
        return ["EXIF metadata"]
    return describe_exif_object(exif)


def describe_exif_object(exif: Image.Exif) -> list[str]:
    found = ["EXIF metadata"]
    try:
        for tag, name in _IFD0_NAMES.items():
            if tag in exif:
                found.append(name)
        if exif.get_ifd(_GPS_IFD) or _GPS_IFD in exif:
            found.append("GPS position")
        sub = exif.get_ifd(_EXIF_IFD)
        for tag, name in _EXIF_IFD_NAMES.items():
            if tag in sub:
                found.append(name)
        if exif.get_ifd(1):  # IFD1 describes the embedded thumbnail
            found.append("thumbnail image")
    except Exception:  # noqa: S110 - a malformed block is still reported and removed
        pass
    return found


def _orientation(data: bytes) -> int:
    try:
        exif = Image.Exif()
        exif.load(data)
        value = int(exif.get(_ORIENTATION, 1))
    except Exception:
        return 1
    return value if 2 <= value <= 8 else 1


def _orientation_only_exif(value: int) -> bytes:
    exif = Image.Exif()
    exif[_ORIENTATION] = value
    return exif.tobytes()  # b"Exif\0\0" + a TIFF header holding just that one tag


# --------------------------------------------------------------------------- JPEG

_STANDALONE = {0x01, *range(0xD0, 0xD8)}


def _open_map(path: Path) -> tuple[object, mmap.mmap]:
    f = open(path, "rb")  # noqa: SIM115 - closed by the caller with the map
    try:
        mm = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    except (ValueError, OSError):
        f.close()
        raise Unreadable("empty or unreadable file") from None
    return f, mm


def clean_jpeg(src: Path, dst: Path, workdir: Path) -> list[str]:
    f, mm = _open_map(src)
    try:
        with open(dst, "wb") as out:
            return _strip_jpeg(mm, out)
    finally:
        mm.close()
        f.close()


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
                orientation = _orientation(payload)
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
        exif = _orientation_only_exif(orientation)
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


# --------------------------------------------------------------------------- PNG

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
    f, mm = _open_map(src)
    try:
        with open(dst, "wb") as out:
            return _strip_png(mm, out)
    finally:
        mm.close()
        f.close()


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


# --------------------------------------------------------------------------- WebP

_WEBP_KEEP = {b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ANIM", b"ANMF"}
_VP8X_ICC, _VP8X_EXIF, _VP8X_XMP = 0x20, 0x08, 0x04


def clean_webp(src: Path, dst: Path, workdir: Path) -> list[str]:
    f, mm = _open_map(src)
    try:
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
        with open(dst, "wb") as out:
            out.write(b"RIFF" + struct.pack("<I", 4 + body) + b"WEBP")
            for s, e in kept:
                if mm[s : s + 4] == b"VP8X":
                    flags = mm[s + 8] & ~(_VP8X_ICC | _VP8X_EXIF | _VP8X_XMP)
                    out.write(mm[s : s + 8] + bytes((flags,)))
                    copy_range(mm, s + 9, e, out)
                else:
                    copy_range(mm, s, e, out)
        return removed
    finally:
        mm.close()
        f.close()


# --------------------------------------------------------------------------- GIF

_GIF_KEEP_APPS = {b"NETSCAPE2.0", b"ANIMEXTS1.0"}  # animation loop count


def clean_gif(src: Path, dst: Path, workdir: Path) -> list[str]:
    f, mm = _open_map(src)
    try:
        with open(dst, "wb") as out:
            return _strip_gif(mm, out)
    finally:
        mm.close()
        f.close()


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


# --------------------------------------------------------------------------- TIFF

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
        if any(t in exif for t in (*_IFD0_NAMES, _GPS_IFD, _EXIF_IFD)):
            removed.extend(describe_exif_object(exif))
        removed.extend(name for tag, name in _TIFF_TAGS.items() if tag in tags)
        orientation = int(exif.get(_ORIENTATION, 1) or 1)
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
    tiffinfo = {_ORIENTATION: orientation} if 2 <= orientation <= 8 else {}
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
