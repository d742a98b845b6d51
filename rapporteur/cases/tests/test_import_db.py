"""Import into the database: the Colombian list row for row, every row's records,
tokens, history and audit entry written together across insert chunks, malformed
files and failed imports change nothing, the mapping step works through the views."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rapporteur.audit.chain import verify
from rapporteur.audit.models import AuditEntry
from rapporteur.audit.tags import AuditTag
from rapporteur.cases import sealing
from rapporteur.cases.importing.csv_files import COLOMBIA_SOCIAL_LEADERS, ColumnMapping, plan_import
from rapporteur.cases.models import Act, Case, Change, Event, Person, SearchToken
from rapporteur.cases.selectors import search_cases
from rapporteur.cases.services import importing, records
from rapporteur.testing.cases import desk_keys_of, sign_in_with_keys
from rapporteur.vault import crypto
from rapporteur.vault import sealing as vault_sealing

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
    result = importing.run_import(case=case, plan=plan, acting_user=officer, desk_keys=keys)
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
    importing.run_import(case=case, plan=plan, acting_user=officer, desk_keys=keys)
    imported = [
        *Person.objects.filter(cases=case).select_related("desk_key"),
        *Event.objects.filter(case=case).select_related("desk_key"),
        *Act.objects.filter(case=case).select_related("desk_key"),
    ]
    envelopes = [bytes(r.envelope) for r in imported]
    assert all(e[1:2] == crypto.KIND_BATCH_TEXT for e in envelopes)
    preamble = 3 + crypto.COMMIT_BYTES + crypto.SEALED_KEY_BYTES
    assert len({e[:preamble] for e in envelopes}) == 1  # one batch key, sealed once
    assert all("unreadable" not in vault_sealing.open_record(r, keys) for r in imported)
    assert all(vault_sealing.open_record(p, keys)["name"] for p in imported[:3])
    # The case itself was written one at a time: a single envelope, still readable.
    case = Case.objects.select_related("desk_key").get(pk=case.pk)
    assert bytes(case.envelope)[1:2] == crypto.KIND_TEXT
    assert vault_sealing.open_record(case, keys)["title"] == "Colombia"
    # Another import is another batch, under another key.
    other = records.open_case(acting_user=officer, title="Again", country="CO", desk_keys=keys)
    importing.run_import(case=other, plan=plan, acting_user=officer, desk_keys=keys)
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


def _letters(number: int) -> str:
    """0 -> "a", 25 -> "z", 26 -> "ab": a distinct word per row, letters only."""
    word = ""
    while True:
        number, digit = divmod(number, 26)
        word += "abcdefghijklmnopqrstuvwxyz"[digit]
        if not number:
            return word


# The columns of ``_plan_of``'s file, each named after the mapping field it fills.
COLUMNS = ("name", "date", "place", "narrative", "perpetrator")


def _plan_of(tmp_path, rows: int):
    path = tmp_path / "rows.csv"
    lines = [",".join(COLUMNS)]
    lines += [
        f"Karimov {_letters(i).title()}vich,14.03.2022,Khujand,detained near market"
        f" {_letters(i)}zor,officer {_letters(i)}"
        for i in range(rows)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    mapping = ColumnMapping(
        **{column: column for column in COLUMNS},
        constants={"country": "TJ", "act_type": "030101000000"},
    )
    plan = plan_import(path, mapping)
    assert not plan.errors and len(plan.rows) == rows
    return plan


def test_every_row_keeps_its_records_tokens_history_and_audit_across_chunks(
    desk, officer, tmp_path, monkeypatch
):
    # Small chunks, so the 130 rows go in over several insert statements per table.
    monkeypatch.setattr(importing, "BATCH", 50)
    monkeypatch.setattr(importing, "UNNEST_CHUNK", 50)
    keys = desk_keys_of(officer)
    case = records.open_case(acting_user=officer, title="Rows", country="TJ", desk_keys=keys)
    plan = _plan_of(tmp_path, 130)
    result = importing.run_import(case=case, plan=plan, acting_user=officer, desk_keys=keys)
    assert (result.rows_in, result.persons, result.events, result.acts) == (130, 130, 130, 130)

    # Each act joins the event and the victim of ITS row (ids matched to rows in order).
    acts = Act.objects.filter(case=case).select_related(
        "desk_key", "event__desk_key", "victim__desk_key"
    )
    by_record = {}
    for act in acts:
        event = vault_sealing.open_record(act.event, keys)
        by_record[event["record"]] = (
            vault_sealing.open_record(act.victim, keys)["name"],
            vault_sealing.open_record(act, keys)["perpetrator_as_written"],
            event["description"],
            act.event.created_at,
            act.victim.created_at,
        )
    assert sorted(by_record) == [row.record for row in plan.rows]
    for row in plan.rows:
        name, perpetrator, narrative, event_at, person_at = by_record[row.record]
        assert (name, perpetrator, narrative) == (
            row.person["name"],
            row.act["perpetrator"],
            row.event["narrative"],
        )
        assert event_at is not None and person_at is not None  # auto_now_add filled
    assert case.persons.count() == 130

    # Every row's name and narrative words have their blind-index tokens.
    index_key = sealing.index_keys(keys)[max(keys)]
    stored = set(SearchToken.objects.filter(case=case).values_list("token", flat=True))
    for row in plan.rows:
        terms = sealing.name_terms(str(row.person["name"]))
        terms += sealing.narrative_terms(str(row.event["narrative"]))
        assert set(sealing.tokens(terms=terms, index_key=index_key)) <= stored
    assert search_cases(officer, query="Karimov Abvich", desk_keys=keys).get() == case

    # One history row and one audit entry for the import, and the chain still holds.
    history = Change.objects.select_related("desk_key").get(case=case, action="import")
    assert vault_sealing.open_record(history, keys)["changes"]["acts"] == 130
    entry = AuditEntry.objects.get(tag=AuditTag.CASE_IMPORTED, target_id=str(case.pk))
    assert entry.extras["rows"] == 130
    assert verify().ok


def test_a_failure_at_the_end_of_an_import_leaves_nothing_behind(
    desk, officer, tmp_path, monkeypatch
):
    monkeypatch.setattr(importing, "UNNEST_CHUNK", 50)
    keys = desk_keys_of(officer)
    case = records.open_case(acting_user=officer, title="Rows", country="TJ", desk_keys=keys)
    before = {
        model: model.objects.count()
        for model in (Person, Event, Act, Change, SearchToken, AuditEntry)
    }

    def refuse(**kwargs):
        raise RuntimeError("audit log unavailable")

    monkeypatch.setattr(importing, "record", refuse)
    with pytest.raises(RuntimeError):
        importing.run_import(
            case=case, plan=_plan_of(tmp_path, 120), acting_user=officer, desk_keys=keys
        )
    assert {model: model.objects.count() for model in before} == before
    assert verify().ok


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


@pytest.mark.parametrize(
    ("content", "russian"),
    [
        (
            b'Nombre,Fecha\n"Jose,01/02/2016\n',
            "Файл нельзя импортировать: нарушены кавычки в записи, которая начинается на строке 2",
        ),
        (b"Nombre,Fecha\nJose,not a date\nAna,01/02/2016\n", "не удаётся прочитать"),
        (b"Nombre,Fecha\nJose,01/02/2016,extra\n", "3 поля, а в заголовке 2"),
    ],
    ids=["broken-quoting", "bad-date", "field-count"],
)
def test_import_errors_are_shown_in_the_desks_language(desk, officer, content, russian):
    client = sign_in_with_keys(officer)
    client.post(reverse("set_language"), {"language": "ru", "next": "/"})
    client.post(
        reverse("cases:import"),
        {"file": SimpleUploadedFile("x.csv", content), "title": "Bad", "country": "TJ"},
    )
    response = client.post(
        reverse("cases:import_mapping"),
        {"name": "Nombre", "date": "Fecha", "act_type": "030101000000"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert russian in html
    assert "quoting" not in html and "cannot read" not in html and "fields where" not in html
    assert Case.objects.count() == 0 and Person.objects.count() == 0 and Act.objects.count() == 0


def test_a_refused_import_takes_its_new_case_back_and_says_why(desk, officer, monkeypatch):
    # Only the preset can name a code the vocabulary lacks; the refusal is forced here.
    def refuse(**kwargs):
        raise importing.ImportRefused("unknown act type codes: ['999']")

    monkeypatch.setattr(importing, "run_import", refuse)
    client = sign_in_with_keys(officer)
    client.post(
        reverse("cases:import"),
        {"file": SimpleUploadedFile("x.csv", b"Nombre\nJose\n"), "title": "T", "country": "TJ"},
    )
    response = client.post(
        reverse("cases:import_mapping"), {"name": "Nombre", "act_type": "030101000000"}
    )
    assert response.status_code == 200
    assert "unknown act type codes" in response.content.decode()
    assert Case.objects.count() == 0 and Person.objects.count() == 0
