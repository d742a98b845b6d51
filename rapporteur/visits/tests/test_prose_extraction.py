# ruff: noqa: E501  (the test documents keep one paragraph a line, as written)
"""Recommendations written as prose: UPR compilations, treaty body concluding
observations, special procedures country reports (no Django).

The two small documents below are written for these tests in the structure of their
family (masthead symbol, numbered paragraphs, lettered sub-items, footnote markers glued
to words); each comes with its gold list.
"""

import sys
from pathlib import Path

import pytest

from rapporteur.visits.extraction import themes
from rapporteur.visits.extraction.prose import Footnotes, detect_family, sentences
from rapporteur.visits.extraction.recommendations import extract
from rapporteur.visits.extraction.text import read_document_data

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "bench"))
import recommendations as bench  # noqa: E402

DATA = themes.shared_data_dir()
needs_data = pytest.mark.skipif(not DATA.is_dir(), reason=f"shared data folder absent: {DATA}")

CONCLUDING_OBSERVATIONS = """United Nations CAT/C/SVN/CO/4
Convention against Torture and Other Cruel, Inhuman or Degrading Treatment or Punishment
Distr.: General 12 May 2023

Committee against Torture

Concluding observations on the fourth periodic report of Slovenia

A. Introduction

1. The Committee considered the fourth periodic report of Slovenia at its meetings held on 20 and 21 April 2023.

B. Positive aspects

2. The Committee welcomes the accession of the State party to the Optional Protocol in 2022.1

C. Principal subjects of concern and recommendations

Definition of torture

3. The Committee notes that the Criminal Code does not define torture fully in line with article 1 of the Convention.2

4. The Committee recommends that the State party:
(a) Bring the definition of torture in its Criminal Code into line with article 1 of the Convention;
(b) Make sure that the crime of torture is not subject to any statute of limitations.3

Fundamental legal safeguards

5. The Committee is concerned that persons deprived of their liberty are not always told of their rights.

6. The State party should guarantee that every detained person enjoys all fundamental legal safeguards from the very outset of the deprivation of liberty. The Committee urges the State party to record every interrogation on video and keep the recordings for at least five years.

Conditions of detention

7. While noting the efforts made to reduce overcrowding, the Committee regrets that material conditions in several prisons remain poor.

8. The Committee encourages the State party to pursue its efforts to bring conditions of detention into line with the Nelson Mandela Rules, and recommends that it:
(a) Reduce overcrowding, in particular by making wider use of non-custodial measures;
(b) Provide adequate health care to all prisoners, including mental health care;
(c) Set up an independent complaints mechanism in every place of detention.

Follow-up procedure

9. The Committee requests the State party to provide, by 12 May 2024, information on follow-up to the Committee's recommendations on the definition of torture, on fundamental legal safeguards and on conditions of detention (see paras. 4 (a), 6 and 8 (c) above).

Other issues

10. The Committee requests the State party to disseminate widely the report submitted to the Committee and the present concluding observations, in the official languages.
"""

CO_GOLD = [  # paragraph, sub-item, strength, priority, start of the text
    ("4", "a", "recommends", True, "Bring the definition of torture"),
    ("4", "b", "recommends", False, "Make sure that the crime of torture"),
    ("6", "", "should", True, "The State party should guarantee"),
    ("6", "", "urges", True, "The Committee urges the State party to record"),
    ("8", "a", "recommends", False, "Reduce overcrowding"),
    ("8", "b", "recommends", False, "Provide adequate health care"),
    ("8", "c", "recommends", True, "Set up an independent complaints mechanism"),
    ("10", "", "requests", False, "The Committee requests the State party to disseminate"),
]

COUNTRY_REPORT = """United Nations A/HRC/55/50/Add.1
General Assembly Distr.: General 4 January 2024

Human Rights Council
Fifty-fifth session

Visit to Slovenia

Report of the Special Rapporteur on the situation of human rights defenders, Ana Example, on her visit to Slovenia

Summary
The Special Rapporteur visited Slovenia from 1 to 10 October 2023. She recommends that the Government strengthen the protection of defenders.

I. Introduction

1. At the invitation of the Government, the Special Rapporteur visited the country and met defenders in four cities.1

II. Findings

2. Defenders working on the rights of migrants told the Special Rapporteur that they faced smear campaigns. The authorities should condemn such campaigns, several of them said.

V. Conclusions and recommendations

A. Conclusions

40. The Special Rapporteur is encouraged by the openness of the authorities during the visit.

B. Recommendations

To the Government

41. The Special Rapporteur recommends that the Government:
(a) Adopt a national action plan on human rights defenders, in consultation with civil society;
(b) Publicly recognize the legitimate work of defenders, including those who work on the rights of migrants.2

To parliament

42. Amend the Law on Public Assembly to remove the requirement of prior authorization for peaceful assemblies.

43. Refrain from adopting legislation that restricts the foreign funding of non-governmental organizations.

To the judiciary

44. Judges should hear cases brought against defenders promptly and publish their reasoned decisions.

To civil society

45. She encourages civil society organizations to document attacks against defenders and to share the information with the Ombudsman.

To the international community

46. The Special Rapporteur recommends that the international community continue to fund the protection programmes of independent organizations.

To business enterprises

47. Conduct human rights due diligence and consult the defenders affected by your projects before work starts.

Annex

List of meetings

Meetings were requested with the President and the Minister of the Interior.
"""

SP_GOLD = [  # paragraph, sub-item, addressee, strength, start of the text
    ("41", "a", "Government", "recommends", "Adopt a national action plan"),
    ("41", "b", "Government", "recommends", "Publicly recognize the legitimate work"),
    ("42", "", "Parliament", "recommends", "Amend the Law on Public Assembly"),
    ("43", "", "Parliament", "recommends", "Refrain from adopting legislation"),
    ("44", "", "Judiciary", "should", "Judges should hear cases"),
    ("45", "", "Civil society", "encourages", "She encourages civil society"),
    ("46", "", "Embassies and international organisations", "recommends", "The Special"),
    ("47", "", "Business", "recommends", "Conduct human rights due diligence"),
]


def _read(text: str, name: str = "document.txt"):
    return read_document_data(text.encode(), name=name)


def _assert_gold(recommendations, gold, fields: tuple[str, ...]) -> None:
    """Each recommendation has its gold row's ``fields`` and starts with the row's
    last column, in the gold's order."""
    got = [tuple(getattr(r, field) for field in fields) for r in recommendations]
    assert got == [g[:-1] for g in gold]
    for r, g in zip(recommendations, gold, strict=True):
        assert r.text.startswith(g[-1]), (r.text, g[-1])


def test_concluding_observations_give_each_sub_item_with_its_lead_in():
    result = extract(_read(CONCLUDING_OBSERVATIONS))
    assert result.family == "treaty_body"
    _assert_gold(result.recommendations, CO_GOLD, ("paragraph", "subitem", "strength", "priority"))
    assert {(r.body, r.addressee) for r in result.recommendations} == {("CAT", "Government")}
    first = result.recommendations[0]
    assert first.context == "The Committee recommends that the State party:"
    assert result.recommendations[4].context.endswith("and recommends that it:")
    # footnote markers glued to words never reach a recommendation
    assert result.recommendations[1].text.endswith("statute of limitations.")


def test_country_report_reads_the_recommendations_section_by_addressee():
    result = extract(_read(COUNTRY_REPORT))
    assert result.family == "special_procedures"
    _assert_gold(result.recommendations, SP_GOLD, ("paragraph", "subitem", "addressee", "strength"))
    assert {(r.body, r.priority) for r in result.recommendations} == {
        ("Special Rapporteur on the situation of human rights defenders", False)
    }
    assert result.recommendations[1].text.endswith("rights of migrants.")  # marker "2" gone


COMPILATION = """United Nations A/HRC/WG.6/99/XYZ/2
General Assembly

Compilation prepared by the Office of the United Nations High Commissioner for Human Rights

1. The Committee on the Rights of the Child (CRC) noted with appreciation the new Children Act.1 It urged the country to allocate sufficient resources for its implementation.2

2. The same Committee was concerned about child poverty. The country was encouraged to adopt a strategy against child poverty by 2025.3

3. The Special Rapporteur on the right to food stated that the Government should raise the minimum wage.4 She regretted the lack of data. UNHCR made a similar recommendation.5

4. In its reply, the Government stated that a new law should be adopted in 2026.6 The country reported to CAT that the reform had been completed in 201987 and that prisons had been renovated.8

5. CERD welcomed the adoption of the Roma strategy.9 The Human Rights Committee requested the State to guarantee the right to vote of persons with disabilities.10 UNICEF recommended, inter alia, the establishment of an independent child rights monitor.11

Notes
1 CRC/C/XYZ/CO/5, para. 3. The Committee recommended that the State party review this.
"""


def test_compilation_prose_resolves_bodies_and_skips_noting():
    result = extract(_read(COMPILATION))
    assert result.family == "compilation"
    got = [(r.paragraph, r.body, r.strength) for r in result.recommendations]
    assert got == [
        ("1", "CRC", "urges"),
        ("2", "CRC", "encourages"),
        ("3", "Special Rapporteur on the right to food", "should"),
        ("5", "Human Rights Committee", "requests"),
        ("5", "UNICEF", "recommends"),
    ]
    texts = [r.text for r in result.recommendations]
    assert (
        texts[0] == "It urged the country to allocate sufficient resources for its implementation."
    )
    assert (
        texts[1] == "The country was encouraged to adopt a strategy against child poverty by 2025."
    )
    assert not any(ch.isdigit() for ch in texts[2])  # "wage.4": the marker is gone


def test_footnote_markers_follow_the_numbering():
    notes = Footnotes()
    assert notes.remove("ratify ICRMW.1 and Convention No. 189 (2011) for workers2 and") == (
        "ratify ICRMW. and Convention No. 189 (2011) for workers and"
    )
    assert notes.remove("completed in 20193 and in 2020.") == "completed in 2019 and in 2020."
    assert notes.remove("see article 17 of the Act") == "see article 17 of the Act"
    assert notes.remove("target 16.4 of the Goals, adopted in 2015.4") == (
        "target 16.4 of the Goals, adopted in 2015."
    )


def test_a_glued_heading_does_not_join_the_sentence():
    assert sentences("It urged Slovenia to act. B. Right to life") == ["It urged Slovenia to act."]


def test_unknown_documents_fall_back_to_the_generic_rules():
    text = "Notes from a meeting\n\nThe participants said that the law should be amended.\n"
    result = extract(_read(text))
    assert result.family == "generic"
    assert result.generic
    assert len(result.recommendations) == 1
    assert detect_family(_read(CONCLUDING_OBSERVATIONS)) == ("treaty_body", "CAT")


@needs_data
def test_shared_compilation_precision_recall():
    r = bench.evaluate_compilation(DATA / "reports")
    assert r["family"] == "compilation"
    assert r["precision"] >= 0.95
    assert r["recall"] >= 0.95
    assert r["paragraph_accuracy"] >= 0.95
    assert r["with_body"] == 1.0


LATER_COMPILATION = """United Nations A/HRC/WG.6/34/SVN/2

Compilation on Slovenia

Report of the Office of the United Nations High Commissioner for Human Rights

1. The Committee on the Elimination of Racial Discrimination recommended that Slovenia adopt a comprehensive anti-discrimination strategy.4 The Committee against Torture also recommended that Slovenia establish an effective complaints mechanism.5

2. The Special Rapporteur on the human rights of migrants stated that the Government should ensure access to asylum at the border.6 The Human Rights Committee was concerned about hate speech. It urged Slovenia to investigate such cases.7 The same Committee called upon the country to strengthen its Ombudsman.8

3. Slovenia was encouraged to ratify the Convention on domestic workers.9 The Committee on Economic, Social and Cultural Rights reiterated its previous recommendation that Slovenia raise the minimum pension.10 The Working Group on Business and Human Rights encouraged the Government to adopt a national action plan.11 The United Nations country team (UNCT) recommended the adoption of a national plan on Roma.12 UNHCR made a similar recommendation.13

4. The Committee noted the efforts made and welcomed the adoption of the Act.14 The Committee on the Rights of Persons with Disabilities regretted the delays.

5. Slovenia invited the Special Rapporteur on the right to food to visit in 2025.15 In its reply, Slovenia requested technical assistance from OHCHR.16
"""

CCPR_OBSERVATIONS = """United Nations CCPR/C/XYZ/CO/3
International Covenant on Civil and Political Rights

Human Rights Committee

Concluding observations on the third periodic report of Examplia

C. Principal matters of concern and recommendations

Human rights defenders

14. The Committee is concerned about reports of:
(a) Harassment of defenders by the police;
(b) Prosecutions under vaguely worded extremism laws.

15. The State party should, as a matter of priority:
(a) Take all measures necessary to protect defenders from harassment;
(b) Revise its extremism laws so that they comply with article 19 of the Covenant.

Freedom of expression

16. The Committee notes with concern the blocking of news websites. The State party should refrain from blocking websites and should bring its legislation into line with the Covenant.

D. Dissemination and follow-up

17. In accordance with rule 75, paragraph 1, of the Committee's rules of procedure, the State party is requested to provide, by 28 March 2026, information on the implementation of the recommendations made by the Committee in paragraphs 15 (human rights defenders) and 16 (freedom of expression) above.
"""


def test_later_compilations_name_bodies_in_full():
    result = extract(_read(LATER_COMPILATION))
    assert result.family == "compilation"
    assert [(r.paragraph, r.body, r.strength) for r in result.recommendations] == [
        ("1", "Committee on the Elimination of Racial Discrimination", "recommends"),
        ("1", "Committee against Torture", "recommends"),
        ("2", "Special Rapporteur on the human rights of migrants", "should"),
        ("2", "Human Rights Committee", "urges"),
        ("2", "Human Rights Committee", "calls upon"),  # "The same Committee"
        ("3", "Human Rights Committee", "encourages"),  # passive: the body named before
        ("3", "Committee on Economic, Social and Cultural Rights", "recommends"),
        ("3", "Working Group on Business and Human Rights", "encourages"),
        ("3", "UNCT", "recommends"),
    ]  # "UNHCR made a similar recommendation", "noted", "welcomed", "regretted": none;
    # nor paragraph 5, where the State under review invites and requests


def test_state_party_should_lead_in_and_the_follow_up_by_paragraph():
    result = extract(_read(CCPR_OBSERVATIONS))
    assert result.family == "treaty_body"
    got = [
        (r.paragraph, r.subitem, r.strength, r.priority, r.addressee)
        for r in result.recommendations
    ]
    assert got == [
        ("15", "a", "should", True, "Government"),
        ("15", "b", "should", True, "Government"),
        ("16", "", "should", True, "Government"),
    ]  # paragraph 14 only voices concern; 17 asks for follow-up information
    assert {r.body for r in result.recommendations} == {"Human Rights Committee"}


@pytest.mark.parametrize(
    ("heading", "addressee"),
    [
        ("Recommendations to the Government", "Government"),
        ("B. To parliament", "Parliament"),
        (
            "Recommendations addressed to the international community",
            "Embassies and international organisations",
        ),
        ("C. Business enterprises", "Business"),
        ("Freedom of expression", "Government"),  # a theme, not an addressee
    ],
)
def test_report_sub_headings_name_the_addressee(heading, addressee):
    text = COUNTRY_REPORT.replace("To parliament", heading)
    result = extract(_read(text))
    assert [r.addressee for r in result.recommendations if r.paragraph == "42"] == [addressee]


def test_concluding_observations_in_a_pdf_lose_their_running_heads_and_markers(tmp_path):
    bench.make_pdf(tmp_path / "co.pdf", 3, prose=True)
    result = extract(read_document_data((tmp_path / "co.pdf").read_bytes(), name="co.pdf"))
    assert result.family == "treaty_body"
    recs = result.recommendations
    assert len(recs) == 3 * 5 * 7  # five lead-ins a page, seven sub-items each
    assert [r.subitem for r in recs[:7]] == list("abcdefg")
    assert not any(any(ch.isdigit() for ch in r.text) for r in recs)  # markers 1..105 gone
    assert recs[0].context.startswith("As regards Khujand")
