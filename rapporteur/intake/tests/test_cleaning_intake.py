"""A file that breaks the cleaning limits fails only itself, through the real intake:
the source is told it could not be read, and "keep my files as they are" keeps it."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from rapporteur.intake.models import Attachment
from rapporteur.testing.files import jpeg_with_gps
from rapporteur.testing.intake import receipt_in, submit


def _tiff_over_pixel_budget() -> bytes:
    page = Image.new("1", (12_000, 6_000))
    buf = io.BytesIO()
    page.save(buf, format="TIFF", save_all=True, append_images=[page, page], compression="group4")
    return buf.getvalue()


@pytest.mark.django_db
def test_hostile_tiff_is_not_kept_and_the_other_file_is(desk):
    files = [
        SimpleUploadedFile("pages.tif", _tiff_over_pixel_budget()),
        SimpleUploadedFile("photo.jpg", jpeg_with_gps()),
    ]
    response = submit(Client(), files=files)
    receipt_in(response)
    told = "it could not be read (it may be damaged), so it was not kept"
    assert told in response.content.decode()
    assert Attachment.objects.count() == 1  # only the photo


@pytest.mark.django_db
def test_hostile_tiff_is_kept_as_sent_on_request(desk):
    files = [SimpleUploadedFile("pages.tif", _tiff_over_pixel_budget())]
    response = submit(Client(), files=files, keep_original="on")
    assert "kept exactly as you sent it" in response.content.decode()
    assert Attachment.objects.count() == 1
