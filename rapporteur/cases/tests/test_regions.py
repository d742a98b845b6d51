"""Regions by ISO 3166-2 code, whatever form gave them: a term of the desk's list, or a
region written in an imported file in any script or spelling; never a guess."""

from __future__ import annotations

import pytest

from rapporteur.cases import regions
from rapporteur.cases.models import Act, Term
from rapporteur.cases.services import corrections
from rapporteur.testing.cases import case_writer, documented_case, term

pytestmark = pytest.mark.django_db


# What people write for a region, by country, and the code it stands for ("" for
# none): names with or without their generic word, in any script, and names that
# only look like a region (another country's, part of a longer name).
WRITTEN = {
    "TJ": {
        "Sughd": "TJ-SU",
        "Sughd Region": "TJ-SU",
        "Согдийская область": "TJ-SU",
        "Вилояти Суғд": "TJ-SU",
        "GBAO": "TJ-GB",
        "Душанбе": "TJ-DU",
        "dushanbe": "TJ-DU",
        "Atlantis": "",
        "": "",
    },
    "CO": {
        "Nariño": "CO-NAR",
        "Narino": "CO-NAR",
        "Departamento de Nariño": "CO-NAR",
        "Valle del Cauca": "CO-VAC",
        "Cauca": "CO-CAU",  # not Valle del Cauca: the whole name wins
        "Bogotá": "CO-DC",  # the words of one subdivision only
        "Santander": "CO-SAN",  # not Norte de Santander
        "Sughd": "",  # another country's region
    },
    "": {"Sughd": ""},
}


@pytest.mark.parametrize(
    ("country", "text", "code"),
    [(country, text, code) for country, names in WRITTEN.items() for text, code in names.items()],
)
def test_a_written_region_gives_its_code_or_nothing(country, text, code):
    assert regions.code_of_text(country, text) == code


def test_a_region_term_gives_its_code_and_a_local_one_none():
    assert regions.code_of_term(term("regions", "tj_khatlon")) == "TJ-KT"
    assert regions.code_of_term(None) == ""
    made_up = Term(list_name="regions", code="LREG-XX-QQ", label_en="Nowhere")
    assert regions.code_of_term(made_up) == ""


def test_names_in_the_readers_language():
    names = regions.region_names(["TJ-SU", "CO-NAR", "ZZ-999"], "ru")
    assert names == {"TJ-SU": "Согдийская область", "CO-NAR": "Нариньо", "ZZ-999": "ZZ-999"}
    assert regions.region_names(["TJ-SU"], "tg") == {"TJ-SU": "Вилояти Суғд"}


def test_an_act_keeps_its_code_through_edits(desk, officer):
    case, _ = documented_case(officer)
    act = Act.objects.filter(case=case).first()
    writer = case_writer(case, officer)
    corrections.edit_record(record=act, fields={"region": term("regions", "tj_sughd")}, **writer)
    act.refresh_from_db()
    assert act.region_code == "TJ-SU"
    # An import's code (no term) survives an edit that leaves the region alone ...
    Act.objects.filter(pk=act.pk).update(region=None, region_code="TJ-KT")
    act.refresh_from_db()
    corrections.edit_record(
        record=act, content={"place": "Kulob"}, fields={"region": None}, **writer
    )
    act.refresh_from_db()
    assert act.region_code == "TJ-KT"
    # ... and a region chosen anew replaces it.
    corrections.edit_record(record=act, fields={"region": term("regions", "tj_dushanbe")}, **writer)
    act.refresh_from_db()
    assert act.region_code == "TJ-DU"
