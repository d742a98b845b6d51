# Russian and Tajik text is the test data here, not look-alikes of Latin letters.
import dataclasses
import io
from datetime import date

import docx
import pytest
from pypdf import PdfReader

from rapporteur.communications.letters.docx import render_docx
from rapporteur.communications.letters.fonts import FontMissing, font_paths
from rapporteur.communications.letters.paragraphs import LIBRARY, UnknownParagraph
from rapporteur.communications.letters.pdf import render_pdf
from rapporteur.communications.letters.render import (
    DraftError,
    blocks,
    format_letter_date,
    letterhead,
    public_text,
    render_body,
    render_text,
    unconsented_named_persons,
)
from rapporteur.communications.redaction import leaks
from rapporteur.communications.references import Kind

ADDRESS = "Palais des Nations • 1211 Geneva 10, Switzerland"


def flat(text: str) -> str:
    return " ".join(text.split())


def test_consented_name_and_described_person(urgent_appeal):
    body = render_body(draft=urgent_appeal)
    assert "Zarina Nazarova was arrested by officers of the State Security Committee" in body
    assert "a journalist from Khujand was summoned for interrogation" in body
    assert "Ғуломов" not in body


def test_letter_asks_for_a_reply_within_the_window(urgent_appeal):
    assert "response within 60 days" in render_body(draft=urgent_appeal)
    shorter = dataclasses.replace(urgent_appeal, reply_window_days=30)
    assert "response within 30 days" in render_body(draft=shorter)


def test_joint_letter_speaks_as_we_single_as_i(urgent_appeal):
    assert "We have the honour" in render_body(draft=urgent_appeal)
    single = dataclasses.replace(urgent_appeal, mandates=urgent_appeal.mandates[:1])
    assert "I have the honour to address you in my capacity" in render_body(draft=single)


def test_questions_are_numbered_and_legal_annex_follows(urgent_appeal):
    body = render_body(draft=urgent_appeal)
    assert "1. Please provide the legal basis for the arrest of Zarina Nazarova." in body
    assert "# Annex: Reference to international human rights law" in body
    assert LIBRARY["basic-principles-lawyers"].text["en"] in body


def test_each_kind_has_its_own_wording(urgent_appeal):
    bodies = {
        kind: render_body(draft=dataclasses.replace(urgent_appeal, kind=kind)) for kind in Kind
    }
    assert "urgent attention" in bodies[Kind.URGENT_APPEAL]
    assert "interim measures" in bodies[Kind.URGENT_APPEAL]
    assert "may publicly express" in bodies[Kind.ALLEGATION_LETTER]
    assert "technical advice" in bodies[Kind.OTHER_LETTER]


def test_other_letter_on_draft_legislation(urgent_appeal):
    draft = dataclasses.replace(
        urgent_appeal,
        kind=Kind.OTHER_LETTER,
        persons=(),
        subject="the draft Law on Non-Commercial Organizations",
        facts=("Article 5 of the draft would require prior approval of foreign funding.",),
        legal_paragraphs=("iccpr-22",),
        questions=(),
    )
    body = render_body(draft=draft)
    assert "comments on the draft Law on Non-Commercial Organizations" in body
    assert "According to the information received" not in body
    assert "relevant to this matter" in body


def test_non_state_addressee(urgent_appeal):
    draft = dataclasses.replace(urgent_appeal, addressee_is_state=False, addressee_name="X Ltd")
    body = render_body(draft=draft)
    assert body.startswith("Dear Sir or Madam,")
    assert "Excellency" not in body.split("# Annex")[0]


def test_russian_letter(russian_letter):
    body = render_body(draft=russian_letter)
    assert body.startswith("Ваше Превосходительство,")
    assert "правозащитница, адвокат из Душанбе в районе Ҷиликӯл" in body
    assert "Просим представить ответ в течение 60 дней." in body
    assert "Зарина" not in body


def test_plain_text_is_not_html_escaped(urgent_appeal):
    draft = dataclasses.replace(
        urgent_appeal, facts=("Officers said: <stop> & O'Neil's \"case\".",)
    )
    assert "Officers said: <stop> & O'Neil's \"case\"." in render_body(draft=draft)
    assert "your Excellency's Government" in render_body(draft=draft)


def test_letterhead(urgent_appeal):
    assert letterhead(draft=urgent_appeal) == [
        "Mandates of the Special Rapporteur on the situation of human rights defenders; "
        "the Working Group on Arbitrary Detention",
        ADDRESS,
        "Reference: UA TJK 3/2022",
        "12 May 2022",
    ]
    unsent = dataclasses.replace(urgent_appeal, reference=None)
    assert letterhead(draft=unsent)[2] == "Reference: (assigned at sending)"


def test_dates_in_both_languages():
    assert format_letter_date(day=date(2024, 2, 29), language="en") == "29 February 2024"
    assert format_letter_date(day=date(2024, 2, 29), language="ru") == "29 февраля 2024 года"


def test_unknown_person_token(urgent_appeal):
    draft = dataclasses.replace(urgent_appeal, facts=("[[person:3]] was beaten.",))
    with pytest.raises(DraftError, match="refers to no person"):
        render_body(draft=draft)


def test_unknown_paragraph(urgent_appeal):
    draft = dataclasses.replace(urgent_appeal, legal_paragraphs=("iccpr-99",))
    with pytest.raises(UnknownParagraph, match="iccpr-99"):
        render_body(draft=draft)


def test_tajik_letters_are_refused(urgent_appeal):
    # Tajik is an interface language; letters go to States in English or Russian.
    with pytest.raises(DraftError, match="drafted in en, ru"):
        render_body(draft=dataclasses.replace(urgent_appeal, language="tg"))


def test_a_letter_must_concern_something(urgent_appeal):
    with pytest.raises(DraftError, match="what the letter concerns"):
        render_body(draft=dataclasses.replace(urgent_appeal, subject="", persons=()))


def test_library_has_every_paragraph_in_both_languages():
    required = {"declaration-hrd", "basic-principles-lawyers"} | {
        f"iccpr-{article}" for article in (9, 14, 17, 19, 21, 22)
    }
    assert required <= set(LIBRARY)
    for paragraph in LIBRARY.values():
        assert set(paragraph.text) == {"en", "ru"}
        assert set(paragraph.title) == {"en", "ru"}


# Consent -------------------------------------------------------------------------


def test_rendered_draft_has_no_blocker(urgent_appeal):
    assert unconsented_named_persons(draft=urgent_appeal) == []


def test_name_typed_by_hand_blocks_sending(urgent_appeal, unconsenting):
    draft = dataclasses.replace(
        urgent_appeal, facts=(*urgent_appeal.facts, "Jamshed Gulomov's wife was threatened.")
    )
    assert unconsented_named_persons(draft=draft) == [unconsenting]


def test_name_added_in_the_edited_body_blocks_sending(urgent_appeal, unconsenting):
    edited = render_body(draft=urgent_appeal) + "\n\nДжамшед Гуломов remains in detention.\n"
    assert unconsented_named_persons(draft=urgent_appeal, body=edited) == [unconsenting]


def test_public_version_hides_even_consented_names(urgent_appeal):
    text = public_text(draft=urgent_appeal)
    names = [person.name for person in urgent_appeal.persons]
    assert leaks(public_text=text, confidential_names=names) == []
    assert "a woman human rights defender, a lawyer from Dushanbe was arrested" in text
    assert "Reference: UA TJK 3/2022" in text


def test_public_version_of_an_edited_body(urgent_appeal):
    edited = render_body(draft=urgent_appeal) + "\n\nMs. Nazarova and Mr. Gulomov thank you.\n"
    text = public_text(draft=urgent_appeal, body=edited)
    assert leaks(public_text=text, confidential_names=["Zarina Nazarova", "Ҷамшед Ғуломов"]) == []


# DOCX and PDF --------------------------------------------------------------------


def docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


def pdf_text(data: bytes) -> str:
    return flat(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


@pytest.mark.parametrize(
    ("render", "extract", "also"),
    [
        (render_docx, docx_text, "Annex: Reference to international human rights law"),
        (render_pdf, pdf_text, "We would appreciate receiving a response within 60 days."),
    ],
    ids=["docx", "pdf"],
)
def test_letter_files_open_with_letterhead_and_body(urgent_appeal, render, extract, also):
    text = extract(render(draft=urgent_appeal))
    assert ADDRESS in text
    assert "Reference: UA TJK 3/2022" in text
    assert "Zarina Nazarova was arrested by officers of the State Security Committee" in text
    assert also in text
    assert "# Annex" not in text


def test_docx_carries_no_author(urgent_appeal):
    properties = docx.Document(io.BytesIO(render_docx(draft=urgent_appeal))).core_properties
    assert properties.author == ""
    assert properties.last_modified_by == ""


def test_docx_uses_the_edited_body(urgent_appeal):
    text = docx_text(render_docx(draft=urgent_appeal, body="Excellency,\n\nEdited sentence."))
    assert "Edited sentence." in text
    assert "According to the information received" not in text


def test_docx_in_russian(russian_letter):
    text = docx_text(render_docx(draft=russian_letter))
    assert "Дворец Наций" in text
    assert "Ссылка: AL TJK 4/2022" in text
    assert "в районе Ҷиликӯл (ғ ӣ қ ӯ ҳ ҷ)" in text


def test_pdf_renders_russian_and_tajik_letters(russian_letter):
    text = pdf_text(render_pdf(draft=russian_letter))
    assert "Просим представить ответ в течение 60 дней." in text
    assert "в районе Ҷиликӯл (ғ ӣ қ ӯ ҳ ҷ)" in text


def test_pdf_date_is_the_letter_date(urgent_appeal):
    metadata = PdfReader(io.BytesIO(render_pdf(draft=urgent_appeal))).metadata
    assert metadata["/CreationDate"].startswith("D:20220512")
    assert "/Author" not in metadata


def test_missing_font_is_a_clear_error(tmp_path, urgent_appeal):
    with pytest.raises(FontMissing, match="fonts-dejavu-core"):
        render_pdf(draft=urgent_appeal, font_dir=tmp_path)


def test_font_dir_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("RAPPORTEUR_PDF_FONT_DIR", str(tmp_path))
    with pytest.raises(FontMissing, match=str(tmp_path)):
        font_paths()


def test_blocks_split_headings_and_paragraphs():
    assert [(b.text, b.heading) for b in blocks("One\nline.\n\n# Annex\n\n\nTwo.")] == [
        ("One line.", False),
        ("Annex", True),
        ("Two.", False),
    ]


def test_plain_text_has_letterhead_then_body(urgent_appeal):
    text = render_text(draft=urgent_appeal)
    assert text.startswith("Mandates of the Special Rapporteur")
    assert "\n\nExcellency,\n\n" in text
