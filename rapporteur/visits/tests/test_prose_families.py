# ruff: noqa: E501  (the test documents keep one paragraph a line, as written)
"""Prose rules on forms the first test documents did not have: State names of several
words, long mandate names, the current title of country reports, the CESCR symbol,
treaty bodies' other ways of naming priorities (no Django).

Every document here is written for these tests, in the structure of its family.
"""

import pytest

from rapporteur.visits.extraction.prose import body_in, detect_family, state_under_review
from rapporteur.visits.extraction.recommendations import extract
from rapporteur.visits.extraction.text import read_document_data


def _read(text: str):
    return read_document_data(text.encode(), name="document.txt")


def _got(text: str, *fields: str) -> list[tuple]:
    return [tuple(getattr(r, f) for f in fields) for r in extract(_read(text)).recommendations]


COMPILATION = """United Nations A/HRC/WG.6/40/MDA/2
General Assembly

Republic of Moldova

Compilation of information prepared by the Office of the United Nations High Commissioner for Human Rights

1. The Committee against Torture welcomed the new preventive mechanism set up in 20191 but regretted that its budget was too small.2 The same Committee urged the Republic of Moldova to give the mechanism a budget of its own.3

2. The Special Rapporteur on the right of everyone to the enjoyment of the highest attainable standard of physical and mental health recommended that the Republic of Moldova close large psychiatric institutions.4 She also urged the Government to fund community care.5

3. The Republic of Moldova invited the Special Rapporteur on minority issues to visit in 2024.6 In its reply, the Republic of Moldova requested technical assistance from OHCHR.7 Moldova reported to CEDAW that shelters had been opened.8

4. The Committee on the Rights of the Child recommended that the Republic of Moldova raise the age of marriage to 18 years.9
"""


def test_compilation_names_bodies_before_their_verbs_and_knows_a_state_of_several_words():
    assert _got(COMPILATION, "paragraph", "body", "strength") == [
        ("1", "Committee against Torture", "urges"),  # "The same Committee"
        (
            "2",
            "Special Rapporteur on the right of everyone to the enjoyment of the highest attainable standard of physical and mental health",
            "recommends",
        ),
        (
            "2",
            "Special Rapporteur on the right of everyone to the enjoyment of the highest attainable standard of physical and mental health",
            "urges",
        ),  # "She"
        ("4", "Committee on the Rights of the Child", "recommends"),
    ]  # paragraph 3: the State under review invites, requests and reports


@pytest.mark.parametrize(
    ("sentences", "state"),
    [
        (
            ["recommended that the Republic of Moldova ensure", "urged the Republic of Moldova to"],
            "Republic of Moldova",
        ),
        (
            [
                "recommended that Bosnia and Herzegovina amend",
                "called on Bosnia and Herzegovina to",
            ],
            "Bosnia and Herzegovina",
        ),
        (
            [
                "recommended that the United Kingdom of Great Britain and Northern Ireland raise",
                "urged the United Kingdom to",
            ],
            "United Kingdom of Great Britain and Northern Ireland",
        ),
        (
            [
                "urged the Democratic Republic of the Congo to",
                "recommended that the Democratic Republic of the Congo adopt",
            ],
            "Democratic Republic of the Congo",
        ),
        (["urged Côte d'Ivoire to", "recommended that Côte d'Ivoire adopt"], "Côte d'Ivoire"),
        (["urged Timor-Leste to", "recommended that Timor-Leste adopt"], "Timor-Leste"),
        (["recommended that the Government adopt", "urged the State party to"], ""),
    ],
)
def test_state_under_review_of_every_name_form(sentences, state):
    assert state_under_review(sentences) == state


def test_a_body_name_stops_before_what_the_body_did():
    sentence = "The Committee on Enforced Disappearances noted the law adopted in 2020 but regretted its scope."
    assert body_in(sentence) == "Committee on Enforced Disappearances"


COUNTRY_REPORT = """United Nations A/HRC/58/52/Add.2
General Assembly

Human Rights Council

Visit to Examplia

Report of the Special Rapporteur on torture and other cruel, inhuman or degrading treatment or punishment, Jo Example*

I. Introduction

1. The Special Rapporteur visited Examplia in May 2024.

VI. Conclusions and recommendations

40. The Special Rapporteur makes the following recommendations.

A. To the Government

41. Decriminalize attempted suicide and repeal article 120 of the Criminal Code.

42. Immediately close the unofficial places of detention.

43. The Special Rapporteur encourages businesses to stop selling restraint devices of a degrading kind.
"""


def test_country_report_of_the_current_layout_names_its_mandate():
    family, body = detect_family(_read(COUNTRY_REPORT))
    mandate = "Special Rapporteur on torture and other cruel, inhuman or degrading treatment or punishment"
    assert (family, body) == ("special_procedures", mandate)
    without_symbol = COUNTRY_REPORT.replace("A/HRC/58/52/Add.2", "")
    assert detect_family(_read(without_symbol)) == ("special_procedures", mandate)
    assert _got(COUNTRY_REPORT, "paragraph", "strength", "addressee") == [
        ("41", "recommends", "Government"),  # an order opening with any recommending verb
        ("42", "recommends", "Government"),
        ("43", "encourages", "Business"),
    ]


CESCR = """United Nations E/C.12/XYZ/CO/3
Economic and Social Council

Committee on Economic, Social and Cultural Rights

Concluding observations on the third periodic report of Examplia

Minimum wage

10. The Committee calls on the State party to:
(a) Raise the minimum wage to a level that allows a decent living;
(b) Index it to the cost of living.

11. The Committee recommends that the State party strengthen labour inspection.

Follow-up

12. The Committee requests the State party to provide, within 24 months, information on the steps taken to implement the recommendations in paragraphs 10 (a) and 11 above.
"""


def test_cescr_symbol_and_a_follow_up_asking_for_steps_to_implement():
    assert detect_family(_read(CESCR)) == ("treaty_body", "CESCR")
    assert _got(CESCR, "paragraph", "subitem", "body", "priority") == [
        ("10", "a", "CESCR", True),
        ("10", "b", "CESCR", False),
        ("11", "", "CESCR", True),
    ]  # paragraph 12 asks for information: not a recommendation


def test_a_committee_named_in_full_when_the_symbol_is_lost():
    text = CESCR.replace("United Nations E/C.12/XYZ/CO/3", "United Nations")
    assert detect_family(_read(text)) == ("treaty_body", "CESCR")


CRC = """United Nations CRC/C/XYZ/CO/5-6
Convention on the Rights of the Child

Committee on the Rights of the Child

Concluding observations on the combined fifth and sixth periodic reports of Examplia

III. Main areas of concern and recommendations

2. The Committee reminds the State party of the indivisibility of all the rights under the Convention and draws its attention to the recommendations concerning the following areas, in respect of which urgent measures must be taken: birth registration (para. 3) and corporal punishment (paras. 5 and 6).

Birth registration

3. The Committee recommends that the State party make birth registration free for every child.

4. The Committee recommends that the State party train registry staff.

Corporal punishment

5. The Committee urges the State party to prohibit corporal punishment in all settings.

6. The Committee recommends that the State party run campaigns on positive discipline.
"""


def test_crc_urgent_measures_paragraph_marks_priorities_and_is_not_one_itself():
    assert _got(CRC, "paragraph", "body", "priority") == [
        ("3", "CRC", True),
        ("4", "CRC", False),
        ("5", "CRC", True),
        ("6", "CRC", True),
    ]


SUMMARY = """United Nations A/HRC/WG.6/99/XYZ/3
General Assembly

Summary of stakeholders' submissions on Examplia

1. The present report is a summary of 12 stakeholders' submissions.

2. JS3 recommended that Examplia ratify the Second Optional Protocol to the Covenant.1 Amnesty International (AI) urged Examplia to abolish the death penalty.2

3. HRW noted that protesters had been detained in 2022.3 It called on Examplia to release them.4 JS12 made a similar recommendation.5

4. Examplia was urged by AI to stop detaining journalists.6
"""


def test_stakeholder_summary_keeps_joint_submission_codes_and_passive_agents():
    assert _got(SUMMARY, "paragraph", "body", "strength") == [
        ("2", "JS3", "recommends"),  # "JS3" is a code, not "JS" with footnote 3
        ("2", "AI", "urges"),
        ("3", "HRW", "calls upon"),  # the footnote numbering went on after "JS3": "2022.3"
        ("4", "AI", "urges"),  # "was urged by AI to"
    ]
    texts = [r.text for r in extract(_read(SUMMARY)).recommendations]
    assert (
        texts[0].endswith("to the Covenant.")
        and texts[2] == "It called on Examplia to release them."
    )


LATER_FORMS = """United Nations A/HRC/WG.6/99/XYZ/2
General Assembly

Compilation of information prepared by the Office of the United Nations High Commissioner for Human Rights

1. In 2023, the Special Rapporteur on the independence of judges and lawyers visited Examplia.1 She recommended that Examplia protect the tenure of judges.2

2. The International Labour Organization (ILO) requested that Examplia bring its trade union law into line with Convention No. 87.3 The Committee of Experts on the Application of Conventions and Recommendations urged Examplia to end compulsory union membership.4

3. The Working Group on Arbitrary Detention, after its visit in 2022, urged Examplia to release all persons held without charge.5 It also recommended that Examplia review the Criminal Code by target 16.3 of the Goals.6
"""


def test_later_compilation_forms_keep_the_body_and_the_sentence_apart():
    got = extract(_read(LATER_FORMS)).recommendations
    assert [(r.paragraph, r.body) for r in got] == [
        ("1", "Special Rapporteur on the independence of judges and lawyers"),  # "visited"
        ("2", "ILO"),
        ("2", "Committee of Experts on the Application of Conventions and Recommendations"),
        ("3", "Working Group on Arbitrary Detention"),  # a clause between name and verb
        ("3", "Working Group on Arbitrary Detention"),
    ]
    # "No. 87.3": a sentence's last number, then footnote 3, which is the next one
    assert got[1].text.endswith("into line with Convention No. 87.")
    assert "target 16.3 of the Goals." in got[4].text  # a number the sentence goes on after


CCPR = """United Nations CCPR/C/XYZ/CO/2
Human Rights Committee

Concluding observations on the second periodic report of Examplia

Deaths in custody

12. The State party should, in line with the Committee's general comment No. 36 (2018):
(a) Investigate every death in custody promptly;
(b) Give the families of victims effective remedies.

13. The Committee is concerned that the State party must rely on old prisons, in particular the following, which should be replaced:
(a) The central prison of the capital;
(b) The women's prison in the north.
"""


def test_a_should_lead_in_may_cite_a_general_comment_before_its_colon():
    assert _got(CCPR, "paragraph", "subitem", "strength") == [
        ("12", "a", "should"),
        ("12", "b", "should"),
    ]  # paragraph 13 voices concern, its list names places


def test_a_heading_to_the_united_nations_addresses_the_international_community():
    text = COUNTRY_REPORT.replace(
        "A. To the Government",
        "A. Recommendations to the United Nations and the international community",
    )
    assert [r.addressee for r in extract(_read(text)).recommendations][:2] == [
        "Embassies and international organisations"
    ] * 2


def test_a_statement_at_the_conclusion_of_a_visit_is_read_as_a_statement():
    text = (
        "Statement by the Special Rapporteur on the right to education at the conclusion of "
        "her official visit to Examplia\n\nI thank the Government.\n\n"
        "I recommend that the Government ensure that every child attends preschool.\n"
    )
    result = extract(_read(text))
    assert (result.family, len(result.recommendations)) == ("statement", 1)


def test_called_for_and_suggested_that_recommend_and_name_their_body():
    text = (
        "United Nations A/HRC/WG.6/99/XYZ/2\n\nCompilation of information prepared by the Office\n\n"
        "1. UNESCO called for the decriminalization of defamation.1 The Committee against Torture "
        "suggested that Examplia set up a fund for victims of torture.2 The Committee noted the "
        "measures called for in its previous observations.3\n"
    )
    assert _got(text, "body", "strength") == [
        ("UNESCO", "calls upon"),
        ("Committee against Torture", "recommends"),
    ]  # "called for in its previous observations" has no object of its own


def test_a_fourth_cycle_compilation_is_known_by_its_title_when_the_symbol_is_lost():
    text = COMPILATION.replace("United Nations A/HRC/WG.6/40/MDA/2", "United Nations").replace(
        "Compilation of information prepared by the Office of the United Nations High "
        "Commissioner for Human Rights",
        "Compilation on the Republic of Moldova\n\nReport of the Office of the United Nations "
        "High Commissioner for Human Rights",
    )
    assert detect_family(_read(text)) == ("compilation", "")
    assert len(extract(_read(text)).recommendations) == 4


def test_a_plain_text_export_continues_a_sentence_over_the_page_break_and_its_running_head():
    compilation = (
        "United Nations A/HRC/WG.6/99/XYZ/2\n\nCompilation of information prepared by the Office\n\n"
        "1. The Committee on the Rights of the Child recommended that Examplia adopt a law on the\n"
        "GE.24-10001 (E) *2410001*\n\f\nA/HRC/WG.6/99/XYZ/2\n\n"
        "rights of the child.1 It also urged Examplia to end child labour.2\n"
    )
    got = extract(_read(compilation)).recommendations
    assert [(r.paragraph, r.page, r.body) for r in got] == [
        ("1", 1, "Committee on the Rights of the Child"),
        ("1", 1, "Committee on the Rights of the Child"),  # a paragraph keeps its first page
    ]
    assert got[0].text.endswith("adopt a law on the rights of the child.")
    report = COUNTRY_REPORT.replace(
        "41. Decriminalize attempted suicide and repeal",
        "41. Decriminalize attempted suicide and\n\f\nA/HRC/58/52/Add.2\n\nrepeal",
    )
    got = extract(_read(report)).recommendations
    assert got[0].text.startswith("Decriminalize attempted suicide and repeal article 120")
    assert [r.addressee for r in got] == ["Government", "Government", "Business"]


@pytest.mark.parametrize(
    ("sentence", "body"),
    [
        ("CAT and CRC recommended that Examplia act.", "CAT and CRC"),
        ("CERD, CRC and CEDAW urged Examplia to act.", "CERD, CRC and CEDAW"),
        ("UNHCR noted the law. CRC recommended that Examplia act.", "CRC"),
    ],
)
def test_bodies_speaking_together_are_named_together(sentence, body):
    assert body_in(sentence) == body


def test_a_scan_of_images_only_asks_for_ocr():
    from fpdf import FPDF
    from PIL import Image

    from rapporteur.visits.extraction.text import NoTextLayerError

    pdf = FPDF()
    for _ in range(2):  # two scanned pages: pictures of text, no text layer
        pdf.add_page()
        pdf.image(Image.new("L", (300, 400), 200), x=10, y=10, w=180)
    with pytest.raises(NoTextLayerError, match="no text layer: run OCR first"):
        read_document_data(bytes(pdf.output()), name="scan.pdf")
