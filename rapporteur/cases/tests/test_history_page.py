"""The change history in words: field labels and vocabulary labels in the reader's
language, names for person ids, dates in words, Yes/No for booleans; never a raw
term code, field name, or True/False."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from rapporteur.cases.history import FIELDS
from rapporteur.cases.models import Involvement, Term
from rapporteur.cases.services import corrections, records
from rapporteur.testing.cases import case_writer, record_samples, sign_in_with_keys, term

pytestmark = pytest.mark.django_db

# A HURIDOCS code (12 digits) or a local code (LPERP-GKNB, L-...), as stored.
RAW_CODE = re.compile(r"\b\d{12}\b|\bL[A-Z]*-[A-Z-]+\b")


@pytest.fixture
def busy_case(case_and_document, officer):
    """A case with every kind of history row: added records of each kind, edits of
    coded fields (act type, provisions, dates, consent, booleans), a perpetrator, a
    deleted task and an unlinked person."""
    case, _ = case_and_document
    writer = case_writer(case, officer)
    samples = record_samples(case, officer)
    client = sign_in_with_keys(officer)
    act = case.acts.get()
    victim = act.victim
    client.post(
        reverse("cases:act_edit", args=[case.pk, act.pk]),
        {
            "event": act.event_id,
            "act_type": term("types_of_acts", "pre_trial_detention").pk,
            "victim": str(victim.pk),
            "start": "14.03.2022",
            "end": "2023",
            "place": "Душанбе",
            "stated_reason": "public calls",
            "legal_provisions": [term("legal_provisions", "tj_cc_307").pk],
        },
    )
    info = records.add_information(**writer, summary="Told", confidential=False)
    corrections.edit_record(**writer, record=info, fields={"confidential": True, "source": victim})
    records.set_consent(case=case, acting_user=officer, person=victim, consent_to_name="yes")
    involvement = Involvement.objects.get(pk=samples["involvement_id"])
    corrections.edit_record(
        **writer,
        record=involvement,
        fields={
            "degree": Term.objects.get(list_name="degrees_of_involvement", code="010200000000")
        },
    )
    client.post(reverse("cases:task_delete", args=[case.pk, samples["task_id"]]))
    records.set_task_done(
        task=records.add_task(case=case, acting_user=officer, text="Call", due_on=None),
        acting_user=officer,
        done=True,
    )
    return case


def _history(client, case, language: str) -> str:
    client.cookies["django_language"] = language
    page = client.get(reverse("cases:history", args=[case.pk])).content.decode()
    return page.split('id="history"')[1].split("</table>")[0]


@pytest.mark.parametrize("language", ["ru", "tg"])
def test_history_in_russian_and_tajik_has_no_code_no_english_field_no_boolean(
    language, busy_case, officer
):
    table = _history(sign_in_with_keys(officer), busy_case, language)
    assert RAW_CODE.search(table) is None, RAW_CODE.search(table)
    with translation.override("en"):
        english_labels = {str(label) for label, _how in FIELDS.values()}
    for name in FIELDS:
        assert f"<dt>{name}</dt>" not in table
    for label in english_labels:
        assert f"<dt>{label}</dt>" not in table, label
    for word in ("True", "False", "None", ">add<", ">change<", ">deleted<", "involvement #"):
        assert word not in table, word
    detention = term("types_of_acts", "pre_trial_detention").label(language)
    arrest = term("types_of_acts", "arrest").label(language)
    assert f"<del>{arrest}</del> → <ins>{detention}</ins>" in table
    assert "Buzurgmehr Yorov" in table  # the source's id shown as their name
    assert term("legal_provisions", "tj_cc_307").label(language) in table
    assert ("марта 2022" if language == "ru" else "2022") in table


def test_history_in_russian_speaks_russian(busy_case, officer):
    table = _history(sign_in_with_keys(officer), busy_case, "ru")
    for words in (
        "<dt>Действие</dt>",  # the act type's field label
        "<dt>Конфиденциально</dt>",
        "<del>Нет</del> → <ins>Да</ins>",
        "Удалено",
        "Изменено",
    ):
        assert words in table, words


def test_history_in_english_reads_as_words(busy_case, officer):
    table = _history(sign_in_with_keys(officer), busy_case, "en")
    assert "<dt>Confidential</dt><dd><del>No</del> → <ins>Yes</ins></dd>" in table
    assert "<dt>Consents to be named to the State</dt>" in table
    assert "<del>Not asked yet</del> → <ins>Yes</ins>" in table
    assert "<dt>Done</dt><dd><del>No</del> → <ins>Yes</ins></dd>" in table
    assert "<dt>Degree of involvement</dt><dd><del>-</del> → <ins>Gave orders" in table
    assert "14 March 2022" in table
    # The tombstone of the deleted task shows what it said.
    assert "<td>Deleted</td><td><dl><dt>Task</dt><dd>Call the lawyer</dd>" in table


def test_every_field_the_history_stores_has_a_label():
    """A kind of record whose history holds a field without a label would show
    its raw name: every stored field must be in FIELDS."""
    stored = {name for names in corrections.SEALED_FIELDS.values() for name in names}
    stored |= {name for names in corrections.CODED_FIELDS.values() for name in names}
    assert stored - set(FIELDS) == set()
