"""No Russian page shows a vocabulary term in English: every term a desk holds has a
Russian label, the thesaurus's own or, where it has none, the desk's
(``vocabularies/data/russian_labels.csv``), on a new desk and on one upgraded."""

from __future__ import annotations

import csv
import importlib

import pytest
from django.apps import apps

from rapporteur.cases.models import Term
from rapporteur.cases.vocabularies.local_terms import DATA_DIR, read_russian_labels

pytestmark = pytest.mark.django_db
FILL = importlib.import_module(
    "rapporteur.cases.migrations.0008_russian_labels_the_thesaurus_lacks"
)


def test_every_term_of_a_new_desk_has_a_russian_label():
    assert Term.objects.count() > 1000
    assert list(Term.objects.filter(label_ru="").values_list("list_name", "code")) == []


def test_the_desk_s_russian_labels_name_terms_it_holds_by_their_english():
    with (DATA_DIR / "russian_labels.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows
    for row in rows:
        term = Term.objects.get(list_name=row["list_name"], code=row["huri_code"])
        assert (term.label_en, term.label_ru) == (row["english"], row["russian"]), row


def test_an_upgraded_desk_gets_the_labels_it_lacked_and_keeps_its_own():
    (lacking, *_) = read_russian_labels()
    Term.objects.filter(list_name=lacking[0], code=lacking[1]).update(label_ru="")
    written = Term.objects.filter(list_name="occupation", code="990000000000")
    written.update(label_ru="Не известно (наш вариант)")  # an administrator's own words

    FILL.fill(apps, None)

    assert Term.objects.get(list_name=lacking[0], code=lacking[1]).label_ru
    assert written.get().label_ru == "Не известно (наш вариант)"
