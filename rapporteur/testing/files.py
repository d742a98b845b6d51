"""Test files carrying the metadata a source must not leak: a JPEG with a GPS
position and a camera serial number, a PDF with an author. Made in memory."""

from __future__ import annotations

import io

AUTHOR = "Canary Author Nazarov"
SERIAL = "SN-CANARY-4242"


def jpeg_with_gps() -> bytes:
    from PIL import Image

    image = Image.new("RGB", (64, 48), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "CanaryCam"  # Make
    exif[0x0110] = "Model X"  # Model
    gps = {1: "N", 2: (38.0, 33.0, 36.0), 3: "E", 4: (68.0, 46.0, 48.0)}
    exif[0x8825] = gps  # GPSInfo IFD
    exif.get_ifd(0x8769)[0xA431] = SERIAL  # BodySerialNumber
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def jpeg_has_gps(data: bytes) -> bool:
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        exif = image.getexif()
        return bool(exif.get_ifd(0x8825)) or SERIAL.encode() in data


def pdf_with_author(text: str = "statement") -> bytes:
    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(200, 200))
    pdf.docinfo["/Author"] = AUTHOR
    pdf.docinfo["/Title"] = text
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


def pdf_author(data: bytes) -> str:
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        return str(pdf.docinfo.get("/Author", ""))
