"""Case documents: streamed into the encrypted case store, never whole in memory,
never in clear on disk. Attachments of intake submissions are re-encrypted chunk
by chunk (decrypt a chunk from the intake store, encrypt it into the case store),
so the case keeps its own copy when the submission is deleted."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from rapporteur.accounts.models import User
from rapporteur.cases import sealing, store
from rapporteur.cases.models import Case, Document
from rapporteur.cases.services.records import log_change
from rapporteur.vault.selectors import current_desk_key


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
    name, size = store.store_chunks(chunks=chunks, desk_key=desk_key)
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
                envelope=sealing.seal(data=meta, desk_key=desk_key),
            )
            log_change(case=case, obj=document, action="add", actor=acting_user, changes=meta)
    except BaseException:
        store.delete(name)  # no record names it: remove the ciphertext too
        raise
    return document
