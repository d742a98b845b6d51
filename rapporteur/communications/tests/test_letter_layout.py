# Russian text is the test data here, not look-alikes of Latin letters.
"""The letter typeset, not dumped: one parser of the body's light markup, and the
page, DOCX and PDF built from its blocks. Headings without their marker, questions
numbered exactly once (however staff typed them), the annex apart."""

from __future__ import annotations

import dataclasses
import io
import re
from html.parser import HTMLParser

import docx
import pytest
from django.urls import reverse
from pypdf import PdfReader

from rapporteur.communications.letters.docx import render_docx
from rapporteur.communications.letters.html import render_html, split_stored_letter
from rapporteur.communications.letters.pdf import render_pdf
from rapporteur.communications.letters.render import (
    BlockKind,
    blocks,
    render_body,
    render_text,
    unnumbered,
)
from rapporteur.communications.references import Kind

# However staff typed them in the questions field: bare, numbered, numbered twice.
QUESTIONS = (
    "Please provide the legal basis for the arrest of [[person:1]].",
    "2. Please explain how the search was authorised.",
    "3) 3. Please indicate the measures taken to protect [[person:2]].",
)
BARE = [unnumbered(q) for q in QUESTIONS]
DOUBLE = re.compile(r"\b\d{1,3}[.)]\s+\d{1,3}[.)]\s")


def kinds_and_languages():
    return [(kind, language) for kind in Kind for language in ("en", "ru")]


@pytest.fixture(params=kinds_and_languages(), ids=lambda p: f"{p[0].value}-{p[1]}")
def letter(request, urgent_appeal, russian_letter):
    kind, language = request.param
    base = urgent_appeal if language == "en" else russian_letter
    persons = urgent_appeal.persons
    return dataclasses.replace(base, kind=kind, questions=QUESTIONS, persons=persons)


class _Text(HTMLParser):
    """Visible text and the tags met, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.tags: list[str] = []
        self.items: list[str] = []
        self._in_li = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "li":
            self._in_li = True
            self.items.append("")

    def handle_endtag(self, tag):
        if tag == "li":
            self._in_li = False

    def handle_data(self, data):
        self.text.append(data)
        if self._in_li:
            self.items[-1] += data


def parsed(html: str) -> _Text:
    parser = _Text()
    parser.feed(html)
    return parser


# The parser -----------------------------------------------------------------------


def test_markup_becomes_blocks():
    body = (
        "Excellency,\n\nOne paragraph\nover two lines.\n\n# Facts\n\n"
        "1. First question\ngoing on.\n2) Second.\n\n3. Third, after a blank line.\n\n"
        "2022. A year starts this paragraph, not a list.\n\n#hashtag is text.\n\n"
        "---\n\n# Annex: Law\n\nA standard paragraph."
    )
    assert [(b.kind, b.text, b.items, b.start) for b in blocks(body)] == [
        (BlockKind.PARAGRAPH, "Excellency,", (), 1),
        (BlockKind.PARAGRAPH, "One paragraph over two lines.", (), 1),
        (BlockKind.HEADING, "Facts", (), 1),
        (
            BlockKind.LIST,
            "",
            ("First question going on.", "Second.", "Third, after a blank line."),
            1,
        ),
        (BlockKind.PARAGRAPH, "2022. A year starts this paragraph, not a list.", (), 1),
        (BlockKind.PARAGRAPH, "#hashtag is text.", (), 1),
        (BlockKind.ANNEX, "Annex: Law", (), 1),
        (BlockKind.PARAGRAPH, "A standard paragraph.", (), 1),
    ]


@pytest.mark.parametrize(
    "body",
    [
        "Intro.\n\n# Annex: Reference to international law\n\nText.",  # saved before ---
        "Вступление.\n\n# Приложение: ссылки\n\nТекст.",
        "Intro.\n\n---\n\n# Annex: Reference to international law\n\nText.",
        "Intro.\n\n---\nText without a title.",
    ],
)
def test_the_annex_is_found_in_old_and_new_bodies(body):
    kinds = [b.kind for b in blocks(body)]
    assert kinds.count(BlockKind.ANNEX) == 1
    assert kinds[-1] is BlockKind.PARAGRAPH and kinds.index(BlockKind.ANNEX) == 1


def test_a_list_keeps_its_first_number_and_items_lose_every_marker():
    (block,) = blocks("4. 4. Fourth.\n5. Fifth.")
    assert (block.start, block.items) == (4, ("Fourth.", "Fifth."))


# The rendered body and the page -----------------------------------------------------


def test_each_question_is_numbered_once_in_the_body(letter):
    body = render_body(draft=letter)
    assert not DOUBLE.search(body)
    (questions,) = [b for b in blocks(body) if b.kind is BlockKind.LIST]
    assert len(questions.items) == len(QUESTIONS)
    assert not any(re.match(r"\d", item) for item in questions.items)


def test_page_has_an_ordered_list_no_marker_and_the_annex_apart(letter):
    html = render_html(body=render_body(draft=letter), language=letter.language)
    page = parsed(html)
    text = "".join(page.text)
    assert page.tags.count("ol") == 1 and page.tags.count("li") == len(QUESTIONS)
    assert len(page.items) == len(QUESTIONS)
    for item in page.items:
        assert not re.match(r"\s*\d", item)  # the browser numbers, the text does not
    assert not DOUBLE.search(text)
    assert "#" not in text and "---" not in text
    assert "<pre" not in html
    assert html.count('<section class="annex"><h3>') == 1
    annex_title = "Annex: " if letter.language == "en" else "Приложение: "
    assert annex_title in html.split('<section class="annex">')[1]


def test_page_escapes_what_staff_typed(urgent_appeal):
    draft = dataclasses.replace(urgent_appeal, facts=("<script>alert(1)</script> & co.",))
    html = render_html(body=render_body(draft=draft), language="en")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co." in html


def test_stored_public_letter_splits_into_letterhead_and_body(urgent_appeal):
    head, body = split_stored_letter(render_text(draft=urgent_appeal))
    assert head[2] == "Reference: UA TJK 3/2022" and len(head) == 4
    assert body.startswith("Excellency,")


# DOCX ---------------------------------------------------------------------------------


def test_docx_uses_word_headings_and_a_numbered_list(letter):
    document = docx.Document(io.BytesIO(render_docx(draft=letter)))
    styles = [(p.style.name, p.text) for p in document.paragraphs]
    numbered = [text for style, text in styles if style == "List Number"]
    assert numbered == [
        q.replace("[[person:1]]", "Zarina Nazarova").replace(
            "[[person:2]]", "a journalist from Khujand"
        )
        for q in BARE
    ]
    (annex,) = [p for p in document.paragraphs if p.style.name == "Heading 1"]
    assert annex.text.startswith(("Annex: ", "Приложение: "))
    assert annex.paragraph_format.page_break_before
    assert not any("#" in text or DOUBLE.search(text) for _, text in styles)


def test_docx_restarts_numbering_for_each_list(urgent_appeal):
    body = "1. One.\n2. Two.\n\nBetween.\n\n1. Again one."
    document = docx.Document(io.BytesIO(render_docx(draft=urgent_appeal, body=body)))
    ids = [p._p.pPr.numPr.numId.val for p in document.paragraphs if p.style.name == "List Number"]
    assert ids[0] == ids[1] != ids[2]


# PDF ----------------------------------------------------------------------------------


def test_pdf_numbers_once_and_puts_the_annex_on_its_own_page(letter):
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(render_pdf(draft=letter))).pages]
    text = " ".join(" ".join(pages).split())
    assert "# " not in text and "#Annex" not in text and "---" not in text
    assert not DOUBLE.search(text)
    for number, question in enumerate(BARE, start=1):
        opening = " ".join(question.split()[:3])  # "Please provide the"
        assert len(re.findall(rf"\b{number}\. ?{re.escape(opening)}", text)) == 1
    annex_pages = [p for p in pages if p.lstrip().startswith(("Annex: ", "Приложение: "))]
    assert len(annex_pages) == 1 and pages.index(annex_pages[0]) > 0


# Through the staff and public pages -------------------------------------------------------


@pytest.mark.django_db
def test_staff_page_shows_the_typeset_letter(make_communication, officer, unlocked):
    comm = make_communication(consent=True)
    page = unlocked(officer).get(reverse("communications_desk:detail", args=[comm.pk]))
    html = page.content.decode()
    assert '<article class="letter" lang="en">' in html and '<pre class="letter"' not in html
    letter_html = html.split('<article class="letter"')[1].split("</article>")[0]
    question = "Please provide the legal basis for the arrest of Zarina Nazarova."
    assert f"<ol><li>{question}</li></ol>" in letter_html
    assert "# Annex" not in letter_html and '<section class="annex">' in letter_html
