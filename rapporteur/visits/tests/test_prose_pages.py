"""Prose documents through the pages: the ingestion summary names the document's
family, and the review and recommendation pages show who recommends, how strongly,
the sub-item with its lead-in and the priority follow-up, in en, ru and tg."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rapporteur.testing.cases import sign_in_with_keys
from rapporteur.testing.visits import make_visit
from rapporteur.visits.models import Recommendation
from rapporteur.visits.tests.test_prose_extraction import CONCLUDING_OBSERVATIONS

pytestmark = pytest.mark.django_db


def _upload(client, visit, name: str, text: str):
    return client.post(
        reverse("visits:ingest", args=[visit.pk]),
        {"file": SimpleUploadedFile(name, text.encode()), "kind": "treaty-body"},
        follow=True,
    )


def test_summary_names_the_family_and_pages_show_body_strength_priority(officer, desk_keys):
    visit = make_visit()
    client = sign_in_with_keys(officer)
    html = _upload(client, visit, "co.txt", CONCLUDING_OBSERVATIONS).content.decode()
    assert "8 recommendations found in co.txt" in html
    assert "Read as: treaty body concluding observations." in html
    assert "Priority follow-up" in html and "CAT" in html and "urges" in html
    assert "4 (a)" in html
    first = Recommendation.objects.get(paragraph="4", subitem="a")
    page = client.get(reverse("visits:recommendation", args=[first.pk])).content.decode()
    assert "¶4 (a)" in page
    assert "Lead-in: The Committee recommends that the State party:" in page
    assert "Recommended by" in page and "named for follow-up within one year" in page
    for lang, words in {
        "ru": ["Сила формулировки", "рекомендует", "Приоритетные последующие действия"],
        "tg": ["Қуввати ибора", "тавсия медиҳад", "Амалҳои минбаъдаи афзалиятнок"],
    }.items():
        client.cookies["django_language"] = lang
        page = client.get(reverse("visits:recommendation", args=[first.pk])).content.decode()
        for word in words:
            assert word in page, (lang, word)
        assert "Strength" not in page and "Priority follow-up" not in page


def test_a_document_of_unknown_kind_says_so_in_the_summary(officer, desk_keys):
    client = sign_in_with_keys(officer)
    text = "Minutes of a meeting\n\nThe participants agreed that the law should be amended.\n"
    html = _upload(client, make_visit(), "minutes.txt", text).content.decode()
    assert "found in minutes.txt" in html
    assert "the generic rules were used" in html


def test_a_scan_without_text_asks_for_ocr_and_stores_nothing(officer, desk_keys, tmp_path):
    from pypdf import PdfWriter

    blank = PdfWriter()
    blank.add_blank_page(612, 792)
    blank.write(tmp_path / "scan.pdf")
    client = sign_in_with_keys(officer)
    page = client.post(
        reverse("visits:ingest", args=[make_visit().pk]),
        {
            "file": SimpleUploadedFile("scan.pdf", (tmp_path / "scan.pdf").read_bytes()),
            "kind": "report",
        },
        follow=True,
    )
    assert "scan.pdf has no text layer: run OCR first." in page.content.decode()
    assert not Recommendation.objects.exists()
