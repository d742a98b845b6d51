"""The recommendation pages: grouped by source document, paginated, States and
treaties by their full names, and no English country or theme name on a Russian
or Tajik page."""

from __future__ import annotations

import itertools
import re

import lxml.html
import pytest
from django.conf import settings
from django.urls import reverse

from rapporteur.testing.visits import make_recommendation, make_visit
from rapporteur.visits.extraction.entities import find_instruments
from rapporteur.visits.models import Document, Recommendation, RecommendationTheme, Review, Theme
from rapporteur.visits.theme_labels import UPR_INFO_LABELS

REPORTS = settings.VISITS_SHARED_DIR / "data" / "reports"
needs_reports = pytest.mark.skipif(not REPORTS.is_dir(), reason=f"shared data absent: {REPORTS}")


def _document(visit, name: str) -> Document:
    return Document.objects.create(
        visit=visit, name=name, kind=Document.Kind.UPR, file_format="pdf", size=1
    )


def _two_documents(review: str = Review.SUGGESTED):
    """70 recommendations of one document and 40 of another, created interleaved
    (as two ingests of one visit leave them, positions restarting at 1)."""
    visit = make_visit()
    first, second = _document(visit, "first.pdf"), _document(visit, "second.pdf")
    for i in range(1, 71):
        make_recommendation(visit, review=review, document=first, position=i, paragraph=f"1.{i}")
        if i <= 40:
            make_recommendation(
                visit, review=review, document=second, position=i, paragraph=f"2.{i}"
            )
    return visit, first, second


def _rows(html: str) -> list[tuple[str, str]]:
    """(document heading, paragraph) of every row, in page order."""
    tree, heading, out = lxml.html.fromstring(html), "", []
    for el in tree.xpath("//h3 | //tbody/tr"):
        if el.tag == "h3":
            heading = el.get("id")
        else:
            out.append((heading, el.xpath("./td[1]")[0].text_content().split("p.")[0].strip()))
    return out


@pytest.mark.django_db
def test_staff_page_groups_by_document_and_paginates(client_for, officer):
    visit, first, second = _two_documents()
    client = client_for(officer)
    url = reverse("visits:visit", args=[visit.pk])
    pages = [client.get(url, {"page": n}).content.decode() for n in (1, 2, 3)]
    rows = [_rows(p) for p in pages]
    assert [len(r) for r in rows] == [50, 50, 10]
    flat = [row for page in rows for row in page]
    # every row of the first document, in order, then every row of the second
    assert flat == [(f"document-{first.pk}", f"1.{i}") for i in range(1, 71)] + [
        (f"document-{second.pk}", f"2.{i}") for i in range(1, 41)
    ]
    assert "(continued)" in pages[1] and "(continued)" not in pages[0]
    assert 'href="?page=2"' in pages[0] and 'href="?page=1"' in pages[1]
    assert "Page 2 of 3" in pages[1]
    only = client.get(url, {"document": second.pk}).content.decode()
    assert {h for h, _ in _rows(only)} == {f"document-{second.pk}"} and len(_rows(only)) == 40
    for junk in ("x", "-1", "9" * 30):  # bad filters and pages are ignored, never a 500
        assert client.get(url, {"document": junk, "page": junk}).status_code == 200


@pytest.mark.django_db
def test_public_visit_page_is_paginated_and_grouped(client):
    visit, _first, second = _two_documents(review=Review.ACCEPTED)
    url = reverse("tracker:visit", args=[visit.pk])
    one = lxml.html.fromstring(client.get(url).content.decode())
    assert len(one.xpath("//article[contains(@class, 'recommendation')]")) == 50
    assert set(one.xpath("//a[@rel='next']/@href")) == {"?page=2"}
    three = lxml.html.fromstring(client.get(url, {"page": 3}).content.decode())
    assert len(three.xpath("//article[contains(@class, 'recommendation')]")) == 10
    assert three.xpath("//h3/@id") == [f"document-{second.pk}"]
    # the chart still counts the whole visit
    assert "110" in three.xpath("string(//figure[@class='progress'])")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "United Kingdom, Iran, Côte d'Ivoire"), ("ru", "Соединённое Королевство, Иран")],
)
def test_recommending_states_by_name_in_the_reader_language(client, language, expected):
    visit = make_visit()
    rec = make_recommendation(visit)
    rec.recommending_states = [
        "United Kingdom of Great Britain and Northern Ireland",
        "Iran (Islamic Republic of)",
        "Côte d’Ivoire",
    ]
    rec.save()
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    html = client.get(reverse("tracker:visit", args=[visit.pk])).content.decode()
    assert expected in " ".join(lxml.html.fromstring(html).text_content().split())


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "Ratify the Optional Protocol to the Covenant on Economic, Social and Cultural Rights",
            "Optional Protocol to the International Covenant on Economic, Social and Cultural "
            "Rights",
        ),
        (
            "Consider ratifying ICRMW",
            "International Convention on the Protection of the Rights of All Migrant Workers "
            "and Members of Their Families",
        ),
        (
            "Ratify OP-CAT",
            "Optional Protocol to the Convention against Torture and Other Cruel, Inhuman or "
            "Degrading Treatment or Punishment",
        ),
        (
            "Ratify the Optional Protocol to the Rights of the Child on a communications procedure",
            "Optional Protocol to the Convention on the Rights of the Child on a communications "
            "procedure",
        ),
        (
            "ratify the Rome Statute of the International Criminal Court",
            "Rome Statute of the International Criminal Court",
        ),
    ],
)
def test_treaties_are_named_in_full(text, name):
    names = [m.name for m in find_instruments(text)]
    assert names[0].startswith(name), names


def test_the_committee_against_torture_is_not_a_treaty():
    assert find_instruments("CAT urged Slovenia to investigate") == []


@needs_reports
@pytest.mark.parametrize("name", ["slovenia-upr-wg-2014-A_HRC_28_15.pdf", "kenya-upr-wg-2010.pdf"])
def test_no_words_glued_where_the_pdf_breaks_a_line(name):
    """Each pair (last word of a line, first word of the next) of the PDF, as pypdf
    reads it in both modes, must never appear glued into one word."""
    import pypdf

    from rapporteur.visits.extraction.recommendations import extract_recommendations
    from rapporteur.visits.extraction.text import read_document

    path = REPORTS / name
    texts = [r.text for r in extract_recommendations(read_document(path))]
    assert len(texts) > 100
    glued = set()
    for page in pypdf.PdfReader(path).pages:
        for mode in ("layout", "plain"):
            lines = [ln.strip() for ln in page.extract_text(extraction_mode=mode).splitlines()]
            for left, right in itertools.pairwise(lines):
                a, b = re.findall(r"[A-Za-z]+$", left), re.findall(r"^[A-Za-z]+", right)
                if a and b and not left.endswith("-"):
                    glued.add(a[0] + b[0])
    words = {w for t in texts for w in re.findall(r"[A-Za-z]+", t)}
    assert not glued & words


def test_every_upr_info_issue_has_a_label_to_translate():
    from importlib import import_module

    seeded = import_module("rapporteur.visits.migrations.0002_seed_upr_info_themes")
    assert sorted(UPR_INFO_LABELS) == sorted(seeded.UPR_INFO_ISSUES)


ENGLISH_COUNTRIES = ("Tajikistan", "Slovenia", "United Kingdom", "Kenya")
ENGLISH_PLACES = ("Dushanbe", "Khujand", "Sughd")
ENGLISH_THEMES = ("Human rights defenders", "Freedom of the press", "Torture and other CID")


def _visible_text(html: str) -> str:
    tree = lxml.html.fromstring(html)
    for hidden in tree.xpath("//script | //style | //select"):  # the language menu
        hidden.drop_tree()
    return " ".join(tree.text_content().split())


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "tajikistan"), [("ru", "Таджикистан"), ("tg", "Тоҷикистон")])
def test_tracker_has_no_english_country_or_theme_name(client, language, tajikistan):
    visit = make_visit(
        # a region of the case vocabulary, and a place staff wrote in three languages
        places_visited=["Dushanbe", "Khujand (Sughd region) | Худжанд | Хуҷанд"],
        refused_requests=["Sughd Region"],
    )
    rec = make_recommendation(visit)
    rec.recommending_states = ["Slovenia", "United Kingdom", "Kenya"]
    rec.save()
    for label in ENGLISH_THEMES[1:]:
        theme = Theme.objects.get_or_create(label=label + " treatment" * ("CID" in label))[0]
        RecommendationTheme.objects.create(
            recommendation=rec, theme=theme, source="staff", accepted=True
        )
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    pages = [
        reverse("tracker:tracker"),
        reverse("tracker:visit", args=[visit.pk]),
        reverse("tracker:country", args=["tj"]),
        reverse("tracker:recommendation", args=[rec.pk]),
    ]
    for url in pages:
        text = _visible_text(client.get(url).content.decode())
        assert tajikistan in text, url
        for english in ENGLISH_COUNTRIES + ENGLISH_THEMES + ENGLISH_PLACES:
            assert english not in text, (url, english)


@pytest.mark.django_db
def test_staff_theme_names_in_russian(client_for, officer):
    visit = make_visit()
    make_recommendation(visit, review=Review.SUGGESTED)
    client = client_for(officer)
    client.post(reverse("set_language"), {"language": "ru", "next": "/"})
    text = _visible_text(client.get(reverse("visits:visit", args=[visit.pk])).content.decode())
    assert "Правозащитники" in text and "Human rights defenders" not in text
    assert Recommendation.objects.count() == 1


def test_a_place_is_shown_as_written_when_nothing_names_it_whole():
    from rapporteur.visits.countries import place_variant

    assert place_variant("Khujand | Худжанд | Хуҷанд", "tg") == "Хуҷанд"
    assert place_variant("Khujand | Худжанд", "tg") == "Худжанд"  # Tajik falls back to Russian
    assert place_variant("Khujand | Худжанд", "en") == "Khujand"
    assert place_variant("Khujand", "ru") == "Khujand"
