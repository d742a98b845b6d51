"""What an EXIF block says, named in plain English (never its values), and the one
tag a cleaned picture keeps: its orientation, so it still displays upright.

Shared by the image cleaners of every format that can carry EXIF.
"""

from __future__ import annotations

from PIL import Image

GPS_IFD = 0x8825
EXIF_IFD = 0x8769
ORIENTATION = 0x0112
IFD0_NAMES = {
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
        for tag, name in IFD0_NAMES.items():
            if tag in exif:
                found.append(name)
        if exif.get_ifd(GPS_IFD) or GPS_IFD in exif:
            found.append("GPS position")
        sub = exif.get_ifd(EXIF_IFD)
        for tag, name in _EXIF_IFD_NAMES.items():
            if tag in sub:
                found.append(name)
        if exif.get_ifd(1):  # IFD1 describes the embedded thumbnail
            found.append("thumbnail image")
    except Exception:  # noqa: S110 - a malformed block is still reported and removed
        pass
    return found


def orientation_of(data: bytes) -> int:
    try:
        exif = Image.Exif()
        exif.load(data)
        value = int(exif.get(ORIENTATION, 1))
    except Exception:
        return 1
    return value if 2 <= value <= 8 else 1


def orientation_only_exif(value: int) -> bytes:
    exif = Image.Exif()
    exif[ORIENTATION] = value
    return exif.tobytes()  # b"Exif\0\0" + a TIFF header holding just that one tag
