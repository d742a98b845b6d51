"""Documents that come with replies live in the encrypted reply store: streamed in
and out in chunks, ciphertext only on disk, removed when the reply is not
registered; those the database held before are moved there by a migration."""

from __future__ import annotations

import importlib
from datetime import date

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rapporteur.audit.models import AuditEntry
from rapporteur.audit.tags import AuditTag
from rapporteur.communications.models import ReplyDocument
from rapporteur.communications.services import WorkflowError, workflow
from rapporteur.testing.communications import post_reply, sent
from rapporteur.vault import crypto
from rapporteur.vault.storage import reply_files

pytestmark = pytest.mark.django_db
CANARY = b"Canaryname Secretova"
# Larger than three chunks, the canary at both ends.
LARGE = CANARY + b"\x00reply" * (3 * crypto.CHUNK_SIZE // 6) + CANARY


@pytest.fixture
def keys(desk):
    return {desk.version: desk.private_key}


@pytest.fixture
def letter(make_communication, officer, rapporteur_user, keys):
    return sent(
        make_communication(consent=True), officer=officer, rapporteur=rapporteur_user, keys=keys
    )


def _stored_files() -> list:
    return [p for p in reply_files.root().rglob("*") if p.is_file()]


def test_a_reply_file_larger_than_a_chunk_streams_in_and_out(
    settings, tmp_path, letter, officer, unlocked
):
    settings.INTAKE_RAM_DIR = tmp_path
    client = unlocked(officer)
    response = post_reply(client, letter, SimpleUploadedFile("Ответ.pdf", LARGE))
    assert response.status_code == 302
    document = ReplyDocument.objects.get(reply__communication=letter)
    assert document.sealed_whole is False and CANARY not in bytes(document.envelope)
    (path,) = _stored_files()
    assert path == reply_files.path_for(document.stored_name)
    assert CANARY not in path.read_bytes()

    download = client.get(reverse("communications_desk:document", args=[letter.pk, document.pk]))
    assert download.status_code == 200 and download.streaming
    chunks = list(download.streaming_content)
    assert b"".join(chunks) == LARGE and len(chunks) > 1
    assert "attachment" in download["Content-Disposition"]
    assert AuditEntry.objects.filter(tag=AuditTag.COMMUNICATION_REPLY_DOWNLOADED).count() == 1


def test_a_missing_reply_file_is_answered_with_404(letter, officer, unlocked):
    reply = workflow.register_reply(
        communication=letter, acting_user=officer, received_on=date(2022, 6, 1),
        assessment="partial", text="Replied.", documents=[("r.pdf", [b"%PDF-1.4"])],
    )  # fmt: skip
    document = reply.documents.get()
    reply_files.delete(document.stored_name)
    url = reverse("communications_desk:document", args=[letter.pk, document.pk])
    assert unlocked(officer).get(url).status_code == 404


def test_a_refused_reply_keeps_no_file(make_communication, officer):
    draft = make_communication()  # never sent: a reply is refused before any file is read
    with pytest.raises(WorkflowError):
        workflow.register_reply(
            communication=draft, acting_user=officer, received_on=date(2022, 6, 1),
            assessment="partial", text="x", documents=[("r.pdf", [LARGE])],
        )  # fmt: skip
    assert _stored_files() == []


def test_a_reply_that_fails_to_commit_removes_its_files(letter, officer, monkeypatch):
    def broken(**kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("the database went away")

    monkeypatch.setattr(workflow, "_register_reply", broken)
    with pytest.raises(RuntimeError):
        workflow.register_reply(
            communication=letter, acting_user=officer, received_on=date(2022, 6, 1),
            assessment="partial", text="x", documents=[("a.pdf", [LARGE]), ("b.pdf", [b"b"])],
        )  # fmt: skip
    assert _stored_files() == []


def test_the_migration_moves_an_old_reply_file_into_the_store(letter, officer, keys, desk):
    reply = workflow.register_reply(
        communication=letter, acting_user=officer, received_on=date(2022, 6, 1),
        assessment="partial", text="Replied.",
    )  # fmt: skip
    # As registered before files were streamed: name and bytes sealed in the row.
    name = b"old reply.pdf"
    envelope = crypto.seal_text(
        plaintext=len(name).to_bytes(2, "big") + name + LARGE,
        recipient_public_keys=[bytes(reply.desk_key.public_key)],
    )
    old = ReplyDocument.objects.create(
        reply=reply, desk_key=reply.desk_key, stored_name="", envelope=envelope
    )
    migration = importlib.import_module(
        "rapporteur.communications.migrations.0006_reply_documents_in_the_file_store"
    )
    migration.move_into_the_store(apps, None)

    old.refresh_from_db()
    assert old.sealed_whole and bytes(old.envelope) == b"" and old.stored_name
    assert reply_files.path_for(old.stored_name).read_bytes() == envelope
    opened = workflow.open_document(document=old, desk_keys=keys)
    assert (opened.filename, b"".join(opened.chunks)) == ("old reply.pdf", LARGE)

    migration.move_into_the_store(apps, None)  # a second run moves nothing again
    assert len(_stored_files()) == 1
