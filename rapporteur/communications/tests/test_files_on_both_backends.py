"""Every area's files on both backends of the file store, end to end: a source's
report with an attachment, taken into a case (its document encrypted again), a
document added to the case, and a reply document, each uploaded through its page
and downloaded whole. With the database backend no folder receives a byte."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rapporteur.cases.models import Document
from rapporteur.cases.services import triage
from rapporteur.communications.models import ReplyDocument
from rapporteur.intake.models import Attachment
from rapporteur.testing.cases import ensure_vocabularies
from rapporteur.testing.communications import post_reply, sent
from rapporteur.testing.intake import submitted
from rapporteur.testing.vault import desk_keys_of, use_stores
from rapporteur.vault import crypto
from rapporteur.vault.models import StoredChunk, StoredFile

pytestmark = pytest.mark.django_db
CANARY = b"Canaryname Secretova"


def _content(label: bytes) -> bytes:
    """Larger than three chunks, the canary at both ends."""
    return CANARY + label * (3 * crypto.CHUNK_SIZE // len(label)) + CANARY


def _download(client, url: str) -> bytes:  # type: ignore[no-untyped-def]
    response = client.get(url)
    assert response.status_code == 200 and response.streaming, url
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("backend", ["folder", "database"])
def test_report_case_and_reply_files_go_round_the_store(
    backend, settings, tmp_path, make_communication, officer, rapporteur_user, unlocked
):
    use_stores(settings, tmp_path)
    settings.FILE_STORAGE = backend
    ensure_vocabularies()
    keys = desk_keys_of(officer)
    client = unlocked(officer)
    report, scan, answer = _content(b"report "), _content(b"scan "), _content(b"reply ")

    submission = submitted(files=[SimpleUploadedFile("order.txt", report)])
    attachment = Attachment.objects.get(submission=submission)
    url = reverse("intake_desk:download", args=[submission.pk, attachment.pk])
    assert _download(client, url) == report

    case = triage.triage(submissions=[submission], acting_user=officer, desk_keys=keys)
    from_report = Document.objects.get(case=case, from_attachment=attachment.pk)
    added = client.post(
        reverse("cases:document_add", args=[case.pk]),
        {"file": SimpleUploadedFile("scan.pdf", scan), "description": "Charge sheet"},
    )
    assert added.status_code == 302
    scanned = Document.objects.exclude(pk=from_report.pk).get(case=case)
    for document, content in ((from_report, report), (scanned, scan)):
        assert _download(client, reverse("cases:document", args=[case.pk, document.pk])) == content

    letter = sent(
        make_communication(consent=True), officer=officer, rapporteur=rapporteur_user, keys=keys
    )
    replied = post_reply(client, letter, SimpleUploadedFile("Ответ.pdf", answer))
    assert replied.status_code == 302
    reply_document = ReplyDocument.objects.get(reply__communication=letter)
    url = reverse("communications_desk:document", args=[letter.pk, reply_document.pk])
    assert _download(client, url) == answer

    in_folders = [p for p in tmp_path.glob("*-store/**/*") if p.is_file()]
    in_database = dict(StoredFile.objects.values_list("name", "area"))
    expected = {
        attachment.stored_name: "intake",
        from_report.stored_name: "cases",
        scanned.stored_name: "cases",
        reply_document.stored_name: "replies",
    }
    if backend == "folder":
        assert sorted(p.name for p in in_folders) == sorted(expected) and in_database == {}
    else:
        assert in_folders == [] and in_database == expected
        assert StoredFile.objects.filter(complete=False).count() == 0
        for data in StoredChunk.objects.values_list("data", flat=True).iterator():
            assert CANARY not in bytes(data)
