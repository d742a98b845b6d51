"""Case documents: streamed into the encrypted case store, never whole in memory,
never in clear on disk. Attachments of intake submissions are re-encrypted chunk
by chunk (decrypt a chunk from the intake store, encrypt it into the case store),
so the case keeps its own copy when the submission is deleted."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db import transaction

from rapporteur.accounts.models import User
from rapporteur.audit.services import record
from rapporteur.audit.tags import AuditTag
from rapporteur.cases.models import Case, Document
from rapporteur.cases.services.records import log_change
from rapporteur.vault import sealing as vault_sealing
from rapporteur.vault.selectors import current_desk_key
from rapporteur.vault.storage import case_files


def add_document(
    *,
    case: Case,
    acting_user: User,
    chunks: Iterable[bytes],
    filename: str,
    content_type: str = "application/octet-stream",
    description: str = "",
    confidential: bool = False,
    from_attachment: int | None = None,
) -> Document:
    desk_key = current_desk_key()
    stored = case_files.store(chunks=chunks, desk_key=desk_key)
    name, size = stored.name, stored.size
    meta = {
        "filename": filename,
        "content_type": content_type,
        "size": size,
        "description": description,
    }
    try:
        with transaction.atomic():
            document = Document.objects.create(
                case=case,
                stored_name=name,
                confidential=confidential,
                from_attachment=from_attachment,
                desk_key=desk_key,
                envelope=vault_sealing.seal_record(data=meta, desk_key=desk_key),
            )
            log_change(case=case, obj=document, action="add", actor=acting_user, changes=meta)
    except BaseException:
        case_files.delete(name)  # no record names it: remove the ciphertext too
        raise
    return document


@dataclass(frozen=True)
class OpenedDocument:
    filename: str
    chunks: Iterator[bytes]  # plaintext; the stored file is closed when they end


def open_document(
    *, case: Case, document: Document, acting_user: User, desk_keys: dict[int, bytes]
) -> OpenedDocument:
    """A document's plaintext, streamed for download; the download is audited.
    Raises ``OSError`` when the stored file is gone, and ``DecryptionError`` or
    ``CannotOpen`` when this session's keys do not open it."""
    meta = vault_sealing.open_record(document, desk_keys)
    chunks = case_files.decrypted_chunks(
        document.stored_name, version=document.desk_key.version, desk_keys=desk_keys
    )
    record(
        tag=AuditTag.CASE_DOCUMENT_DOWNLOADED,
        actor=acting_user,
        target=case,
        extras={"document": document.pk},
    )
    return OpenedDocument(filename=str(meta.get("filename") or "document"), chunks=chunks)
