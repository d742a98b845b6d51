"""Import into the database: the Colombian list row for row, malformed files
import nothing, the mapping step works through the views."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rapporteur.cases import sealing
from rapporteur.cases.importing import COLOMBIA_SOCIAL_LEADERS, plan_import
from rapporteur.cases.models import Act, Case, Event, Person
from rapporteur.cases.selectors import search_cases
from rapporteur.cases.services import importer, records
from rapporteur.testing.cases import desk_keys_of, sign_in_with_keys
from rapporteur.vault import crypto

pytestmark = pytest.mark.django_db
COLOMBIA = (
    Path(__file__).resolve().parents[3]
    / ".."
    / "shared"
    / "data"
    / "cases"
    / "colombia-social-leaders-killed-2016-2017.csv"
).resolve()
needs_colombia = pytest.mark.skipif(
    not COLOMBIA.exists(), reason=f"shared data folder absent ({COLOMBIA})"
)


@needs_colombia
def test_colombian_file_every_row_a_person_an_event_an_act(desk, officer):
    keys = desk_keys_of(officer)
    case = records.open_case(acting_user=officer, title="Colombia", country="CO", desk_keys=keys)
    plan = plan_import(COLOMBIA, COLOMBIA_SOCIAL_LEADERS)
    result = importer.run_import(case=case, plan=plan, acting_user=officer, desk_keys=keys)
    assert (result.rows_in, result.persons, result.events, result.acts) == (121, 121, 121, 121)
    assert Act.objects.filter(case=case).count() == 121
    assert Event.objects.filter(case=case).count() == 121
    assert case.persons.count() == 121
    assert Act.objects.filter(case=case, start_precision="exact").count() == 121
    assert list(search_cases(officer, query="Cauca", desk_keys=keys)) == [case]


@needs_colombia
def test_import_seals_under_one_batch_key_and_everything_stays_readable(desk, officer):
    keys = desk_keys_of(officer)
    case = records.open_case(acting_user=officer, title="Colombia", country="CO", desk_keys=keys)
    plan = plan_import(COLOMBIA, COLOMBIA_SOCIAL_LEADERS)
    importer.run_import(case=case, plan=plan, acting_user=officer, desk_keys=keys)
    imported = [
        *Person.objects.filter(cases=case).select_related("desk_key"),
        *Event.objects.filter(case=case).select_related("desk_key"),
        *Act.objects.filter(case=case).select_related("desk_key"),
    ]
    envelopes = [bytes(r.envelope) for r in imported]
    assert all(e[1:2] == crypto.KIND_BATCH_TEXT for e in envelopes)
    preamble = 3 + crypto.COMMIT_BYTES + crypto.SEALED_KEY_BYTES
    assert len({e[:preamble] for e in envelopes}) == 1  # one batch key, sealed once
    assert all("unreadable" not in sealing.open_record(r, keys) for r in imported)
    assert all(sealing.open_record(p, keys)["name"] for p in imported[:3])
    # The case itself was written one at a time: a single envelope, still readable.
    case = Case.objects.select_related("desk_key").get(pk=case.pk)
    assert bytes(case.envelope)[1:2] == crypto.KIND_TEXT
    assert sealing.open_record(case, keys)["title"] == "Colombia"
    # Another import is another batch, under another key.
    other = records.open_case(acting_user=officer, title="Again", country="CO", desk_keys=keys)
    importer.run_import(case=other, plan=plan, acting_user=officer, desk_keys=keys)
    again = bytes(Act.objects.filter(case=other).first().envelope)
    assert again[:preamble] != envelopes[0][:preamble]


@needs_colombia
def test_colombian_file_through_the_views(desk, officer):
    client = sign_in_with_keys(officer)
    with COLOMBIA.open("rb") as handle:
        response = client.post(
            reverse("cases:import"),
            {
                "file": SimpleUploadedFile("co.csv", handle.read()),
                "title": "Colombia",
                "country": "CO",
                "preset": "colombia",
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Act.objects.count() == 121


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("Nombre,Fecha\nJosé,01/02/2016\n".encode("utf-16"), "cannot be imported"),
        (b'Nombre,Fecha\n"Jose,01/02/2016\n', "cannot be imported"),
        (b"Other,Columns\na,b\n", "Select a valid choice"),
        (b"Nombre,Fecha\nJose,not a date\nAna,01/02/2016\n", "Nothing was imported"),
    ],
    ids=["wrong-encoding", "broken-quoting", "missing-columns", "bad-row"],
)
def test_malformed_files_import_nothing(desk, officer, content, message):
    client = sign_in_with_keys(officer)
    client.post(
        reverse("cases:import"),
        {
            "file": SimpleUploadedFile("x.csv", content),
            "title": "Bad",
            "country": "TJ",
            "preset": "",
        },
    )
    response = client.post(
        reverse("cases:import_mapping"),
        {"name": "Nombre", "date": "Fecha", "act_type": "030101000000"},
    )
    html = response.content.decode()
    assert message in html
    assert Case.objects.count() == 0 and Person.objects.count() == 0 and Act.objects.count() == 0


def test_mapping_step_imports_a_small_file(desk, officer):
    client = sign_in_with_keys(officer)
    content = "Имя;Дата;Место\nАлишер Каримов;весна 2022;Хуҷанд\nZarina;14.03.2022;Dushanbe\n"
    client.post(
        reverse("cases:import"),
        {
            "file": SimpleUploadedFile("x.csv", content.encode()),
            "title": "Small",
            "country": "TJ",
            "preset": "",
        },
    )
    page = client.get(reverse("cases:import_mapping")).content.decode()
    assert "Имя" in page
    response = client.post(
        reverse("cases:import_mapping"),
        {"name": "Имя", "date": "Дата", "place": "Место", "act_type": "030101000000"},
    )
    assert response.status_code == 302
    assert Act.objects.count() == 2
    assert list(search_cases(officer, query="Khujand", desk_keys=desk_keys_of(officer)))
