"""The same file ingested twice: refused by a keyed content digest, nothing new
stored, with a link to the first copy; the plain SHA-256 never reaches the database."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from rapporteur.audit.models import AuditEntry
from rapporteur.testing.cases import sign_in_with_keys
from rapporteur.testing.intake import database_bytes
from rapporteur.testing.personas import sign_in
from rapporteur.testing.visits import make_visit
from rapporteur.visits.models import Document, Paragraph, Recommendation
from rapporteur.visits.services import ingestion

pytestmark = pytest.mark.django_db

STATEMENT = (
    "Recommendations\n\n"
    "1. The Government should release every human rights defender held for their work.\n\n"
    "2. Parliament should repeal the law on foreign agents.\n"
)
OTHER = STATEMENT.replace("foreign agents", "public associations")
CSV = (
    "country,mechanism,text\n"
    "TJ,upr,Ratify the Optional Protocol to the Convention against Torture\n"
)


def _counts() -> tuple[int, int, int, int]:
    return (
        Document.objects.count(),
        Paragraph.objects.count(),
        Recommendation.objects.count(),
        AuditEntry.objects.filter(tag="visits:document:ingest").count(),
    )


def _ingest(desk_keys, officer, visit, name: str, data: bytes):
    return ingestion.ingest_document(
        acting_user=officer, visit=visit, name=name, chunks=[data], desk_keys=desk_keys
    )


@pytest.mark.parametrize(
    ("second_name", "other_visit", "chunking"),
    [
        ("statement.txt", False, 1),  # the same upload again
        ("renamed copy.TXT", False, 7),  # renamed, arriving in other chunk sizes
        ("statement.txt", True, 1),  # the same file into another visit
    ],
)
def test_the_same_bytes_again_are_refused_and_store_nothing(
    officer, desk_keys, second_name, other_visit, chunking
):
    visit = make_visit()
    first = _ingest(desk_keys, officer, visit, "statement.txt", STATEMENT.encode()).document
    before = _counts()
    data = STATEMENT.encode()
    pieces = [data[i : i + chunking] for i in range(0, len(data), chunking)]
    with pytest.raises(ingestion.DuplicateDocument) as refused:
        ingestion.ingest_document(
            acting_user=officer,
            visit=make_visit(country_code="KZ") if other_visit else visit,
            name=second_name,
            chunks=pieces,
            desk_keys=desk_keys,
        )
    assert refused.value.original == first
    assert "already ingested" in str(refused.value) and "nothing new was stored" in str(
        refused.value
    )
    assert _counts() == before


def test_a_different_document_still_ingests(officer, desk_keys):
    visit = make_visit()
    _ingest(desk_keys, officer, visit, "statement.txt", STATEMENT.encode())
    second = _ingest(desk_keys, officer, visit, "statement.txt", OTHER.encode())
    assert second.found == 2 and visit.documents.count() == 2


def test_no_plain_hash_of_the_content_is_stored(officer, desk_keys):
    """With a plain SHA-256, whoever holds the database could confirm a guessed
    document; the stored digest is keyed by the desk key and is not it."""
    document = _ingest(desk_keys, officer, make_visit(), "s.txt", STATEMENT.encode()).document
    plain = hashlib.sha256(STATEMENT.encode()).hexdigest()
    assert document.content_digest and document.content_digest not in plain
    image = database_bytes()
    assert plain.encode() not in image and plain[:32].encode() not in image
    assert bytes.fromhex(plain) not in image


def test_without_unlocked_keys_nothing_is_ingested(officer, desk_keys):
    """A session without desk keys cannot recognise a copy, so it cannot ingest."""
    visit = make_visit()
    with pytest.raises(ingestion.IngestError, match="Sign in again"):
        _ingest({}, officer, visit, "s.txt", STATEMENT.encode())
    page = sign_in(Client(), officer).post(
        reverse("visits:ingest", args=[visit.pk]),
        {"file": SimpleUploadedFile("s.txt", STATEMENT.encode()), "kind": "statement"},
        follow=True,
    )
    assert "Sign in again to unlock your keys" in page.content.decode()
    assert _counts() == (0, 0, 0, 0)


def test_the_page_refuses_a_second_upload_with_a_link_to_the_first(officer, desk_keys):
    visit = make_visit()
    client = sign_in_with_keys(officer)
    url = reverse("visits:ingest", args=[visit.pk])
    for name in ("statement.txt", "copy.txt"):
        page = client.post(
            url,
            {"file": SimpleUploadedFile(name, STATEMENT.encode()), "kind": "statement"},
            follow=True,
        )
    first = Document.objects.get()
    html = page.content.decode()
    assert "copy.txt was already ingested" in html
    assert f'href="/desk/visits/{visit.pk}/?document={first.pk}#document-{first.pk}"' in html
    assert Recommendation.objects.count() == 2


def test_a_csv_list_imported_twice_is_refused(officer, desk_keys):
    ingestion.import_csv(acting_user=officer, name="a.csv", data=CSV.encode(), desk_keys=desk_keys)
    with pytest.raises(ingestion.ImportRejected) as refused:
        ingestion.import_csv(
            acting_user=officer, name="b.csv", data=CSV.encode(), desk_keys=desk_keys
        )
    assert "already ingested" in refused.value.errors[0]
    assert Document.objects.count() == 1 and Recommendation.objects.count() == 1
