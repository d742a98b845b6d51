"""Document download (streamed, audited, need-to-know, confidential for the owner
only) and the JSON and CSV exports against the schema documented in docs/cases.md."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.urls import reverse

from rapporteur.audit.models import AuditEntry
from rapporteur.audit.tags import AuditTag
from rapporteur.cases.exporting import CSV_COLUMNS, SCHEMA
from rapporteur.cases.services import documents
from rapporteur.testing.cases import sign_in_with_keys

pytestmark = pytest.mark.django_db


def _url(case, document) -> str:
    return reverse("cases:document", args=[case.pk, document.pk])


def test_download_is_streamed_decrypted_and_audited(case_and_document, colleague):
    case, document = case_and_document
    response = sign_in_with_keys(colleague).get(_url(case, document))
    assert response.status_code == 200
    assert response.streaming
    assert b"".join(response.streaming_content) == b"scan of the charge sheet"
    assert "charge-sheet.txt" in response["Content-Disposition"]
    assert response["Content-Type"] == "application/octet-stream"
    entry = AuditEntry.objects.get(tag=AuditTag.CASE_DOCUMENT_DOWNLOADED)
    assert entry.actor == colleague and entry.extras == {"document": document.pk}
    assert entry.target_id == str(case.pk)


def test_download_of_a_large_file_comes_in_several_chunks(case_and_document, officer):
    case, _ = case_and_document
    big = documents.add_document(
        case=case, acting_user=officer, chunks=[b"x" * 65536] * 40, filename="big.bin"
    )
    response = sign_in_with_keys(officer).get(_url(case, big))
    parts = list(response.streaming_content)
    assert len(parts) > 1 and sum(len(p) for p in parts) == 40 * 65536


def test_officer_off_the_case_gets_404_and_no_audit_of_a_download(case_and_document, other_officer):
    case, document = case_and_document
    assert sign_in_with_keys(other_officer).get(_url(case, document)).status_code == 404
    assert not AuditEntry.objects.filter(tag=AuditTag.CASE_DOCUMENT_DOWNLOADED).exists()


def test_document_of_another_case_is_not_reachable_through_this_one(
    case_and_document, officer, desk
):
    from rapporteur.testing.cases import documented_case

    case, _ = case_and_document
    _, other_document = documented_case(officer, name="Alisher Karimov")
    assert sign_in_with_keys(officer).get(_url(case, other_document)).status_code == 404


def test_confidential_document_only_for_the_owner(case_and_document, officer, colleague):
    case, _ = case_and_document
    secret = documents.add_document(
        case=case, acting_user=officer, chunks=[b"source identity"], filename="s.txt",
        confidential=True,
    )  # fmt: skip
    assert sign_in_with_keys(colleague).get(_url(case, secret)).status_code == 404
    response = sign_in_with_keys(officer).get(_url(case, secret))
    assert b"".join(response.streaming_content) == b"source identity"


def test_json_export_follows_the_events_model(case_and_document, officer):
    case, _ = case_and_document
    response = sign_in_with_keys(officer).get(reverse("cases:export_json", args=[case.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    data = json.loads(response.content)
    assert data["schema"] == SCHEMA
    assert set(data) == {"schema", "case", "persons", "events", "acts", "information",
                         "interventions"}  # fmt: skip
    assert data["case"]["country"] == "TJ" and data["case"]["opened_on"] == "2022-06-01"
    [person] = data["persons"]
    assert person["name"] == "Buzurgmehr Yorov"
    assert "contacts" not in person and "protection_needs" not in person
    assert person["consent_to_name"] == "unknown"
    [act] = data["acts"]
    assert act["victim"] == person["id"] and act["event"] == data["events"][0]["id"]
    assert act["place"] == "Хуҷанд"
    assert act["start"]["precision"] == "season"
    assert act["start"]["earliest"] == "2022-03-01" and act["start"]["latest"] == "2022-05-31"
    assert act["end"]["precision"] == "unknown"
    assert len(act["legal_provisions"]) == 1
    assert AuditEntry.objects.filter(tag=AuditTag.CASE_EXPORTED, extras={"format": "json"}).exists()


def test_csv_export_holds_coded_data_only(case_and_document, officer):
    case, _ = case_and_document
    response = sign_in_with_keys(officer).get(reverse("cases:export_csv", args=[case.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = response.content.decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == CSV_COLUMNS
    [row] = rows
    assert row["case"] == str(case.pk) and row["country"] == "TJ"
    assert row["start_precision"] == "season" and row["start_earliest"] == "2022-03-01"
    assert row["victim_sex"] == "010000000000" and row["victim_kind"] == "individual"
    assert row["act_type_label"].lower().startswith("arrest")
    for secret in ("Yorov", "Хуҷанд", "opposition", "+992"):
        assert secret not in text
    assert AuditEntry.objects.filter(tag=AuditTag.CASE_EXPORTED, extras={"format": "csv"}).exists()


@pytest.mark.parametrize("name", ["export_json", "export_csv"])
def test_exports_are_need_to_know(case_and_document, other_officer, analyst, client_for, name):
    case, _ = case_and_document
    url = reverse(f"cases:{name}", args=[case.pk])
    assert sign_in_with_keys(other_officer).get(url).status_code == 404
    assert client_for(analyst).get(url).status_code == 403
