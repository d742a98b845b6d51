"""What a source does: send a submission or meeting request, come back with the
receipt, send more. Nothing here is audited (an exact time in the audit log
would undo the hour-rounding) and nothing identifying is stored."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from rapporteur.intake import diskspace, sealing, throttle
from rapporteur.intake.cleaning import clean_file, detect_kind, name_mismatch
from rapporteur.intake.models import Attachment, Kind, Message, Submission
from rapporteur.intake.notices import notify_new_arrival
from rapporteur.vault import sealing as vault_sealing
from rapporteur.vault.models import DeskKey
from rapporteur.vault.selectors import current_desk_key
from rapporteur.vault.storage import file_chunks, intake_files


@dataclass(frozen=True)
class FileIn:
    """A received file in RAM: its path there and the name the source gave it."""

    path: Path
    filename: str
    workdir: Path


@dataclass(frozen=True, repr=False)
class Receipt:
    codename: str  # shown once to the source, never stored
    submission: Submission
    files: list[dict[str, Any]]  # what was removed from each file, for the source


class FormReplayed(Exception):
    """The same one-time form was sent twice at once; the second is refused."""


class ReceiptRefused(Exception):
    """The receipt was checked and opens nothing."""


def this_hour() -> datetime:
    """Times a source's action leaves behind are rounded down to the hour."""
    return timezone.now().replace(minute=0, second=0, microsecond=0)


@contextlib.contextmanager
def _dropped_on_failure(stored: list[tuple[str, dict[str, Any]]]) -> Iterator[None]:
    """Delete the files in ``stored`` (those stored so far) if the block raises:
    no committed record names them then, and they must not wait for the sweep."""
    try:
        yield
    except BaseException:
        for name, _meta in stored:
            intake_files.delete(name)
        raise


def _store_files(
    *, files: list[FileIn], keep_original: bool, desk_key: DeskKey
) -> tuple[list[tuple[str, dict[str, Any]]], list[dict[str, Any]]]:
    """Clean (unless asked not to) and encrypt each file. Returns (stored name, meta)
    for each stored file, and the report of every file in the order sent, those not
    stored included: a file of a kind we clean that could not be read, when the
    source asked for cleaning (its hidden data cannot be vouched for; ticking "keep
    my files as they are" keeps it).

    Plaintext stays in the RAM work directory; the store receives ciphertext only.
    On any error the files already stored are deleted again; ``diskspace.NoSpace``
    when the store has no room left for a file (checked before each is written, and
    a full disk met while writing is answered the same). ``claimed_kind`` in the
    sealed meta says what the name claims when the content is something else.
    """
    stored: list[tuple[str, dict[str, Any]]] = []
    reports: list[dict[str, Any]] = []
    with _dropped_on_failure(stored):
        for item in files:
            unreadable = False
            if keep_original:
                kind = detect_kind(path=item.path, filename=item.filename)
                claimed = name_mismatch(kind=kind, filename=item.filename)
                path, cleaned, removed, note = item.path, False, [], "kept as sent, on request"
            else:
                result = clean_file(path=item.path, filename=item.filename, workdir=item.workdir)
                kind, path, cleaned = result.kind, result.path, result.cleaned
                removed, note, claimed = list(result.removed), result.note, result.claimed_kind
                unreadable = result.unreadable
            facts = {"filename": item.filename, "kind": kind, "claimed_kind": claimed}
            if unreadable:
                reports.append({**facts, "unreadable": True, "dropped": True})
                continue
            size = path.stat().st_size
            diskspace.ensure_room(incoming_bytes=max(size, 1))
            try:
                with open(path, "rb") as plain:
                    name = intake_files.store(chunks=file_chunks(plain), desk_key=desk_key).name
            except OSError as error:
                if error.errno in diskspace.NO_SPACE_ERRORS:
                    raise diskspace.NoSpace from None
                raise
            if path != item.path:
                with contextlib.suppress(OSError):
                    path.unlink()
            meta = {
                **facts,
                "size": size,
                "cleaned": cleaned,
                "removed": removed,
                "note": note,
                "kept_original": keep_original,
            }
            stored.append((name, meta))
            reports.append(meta)
    return stored, reports


def _attach(
    *,
    submission: Submission,
    message: Message | None,
    stored: list[tuple[str, dict[str, Any]]],
    desk_key: DeskKey,
) -> None:
    Attachment.objects.bulk_create(
        Attachment(
            submission=submission,
            message=message,
            stored_name=name,
            desk_key=desk_key,
            meta_envelope=vault_sealing.seal_record(data=meta, desk_key=desk_key),
        )
        for name, meta in stored
    )


def receive(
    *,
    kind: Kind,
    answers: dict[str, Any],
    language: str,
    files: Sequence[FileIn] = (),
    keep_original: bool = False,
    form_token_digest: str | None = None,
    link: Callable[[Submission], object] | None = None,
) -> Receipt:
    """Accept a submission or meeting request. Needs no secret: it is sealed to
    the desk's public key, so it works while no member of staff is signed in.

    ``link`` lets another app record what the submission is about (e.g. the
    recommendation a civil-society assessment concerns) in the same transaction:
    it must store nothing about the sender.

    Files are stored first, then the records in one transaction; a crash before
    the commit leaves only ciphertext that no record names, swept later. Raises
    ``diskspace.NoSpace`` (nothing kept) when the store is too full: for files
    below ``INTAKE_MIN_FREE_MB``, for text alone below the lower hard floor.
    """
    desk_key = current_desk_key()
    diskspace.ensure_room(incoming_bytes=0)
    codename, receipt_hash, salt, reply_public_key = sealing.new_receipt(language=language)
    stored, reports = _store_files(
        files=list(files), keep_original=keep_original, desk_key=desk_key
    )
    try:
        with _dropped_on_failure(stored), transaction.atomic():
            submission = Submission.objects.create(
                kind=kind,
                received_at=this_hour(),
                receipt_hash=receipt_hash,
                reply_key_salt=salt,
                reply_public_key=reply_public_key,
                desk_key=desk_key,
                envelope=vault_sealing.seal_record(
                    data={"kind": str(kind), "language": language, "answers": answers},
                    desk_key=desk_key,
                ),
                form_token_digest=form_token_digest,
            )
            _attach(submission=submission, message=None, stored=stored, desk_key=desk_key)
            if link is not None:
                link(submission)
            transaction.on_commit(lambda: notify_new_arrival.enqueue())
    except IntegrityError:
        raise FormReplayed from None
    return Receipt(codename=codename, submission=submission, files=reports)


def sign_in_with_receipt(
    *, codename: str, ticket: str, proof: str = ""
) -> tuple[Submission, bytes]:
    """The submission a receipt opens and the source's reply key.

    The attempt spends its ticket first (``throttle.TicketRefused`` if the ticket is
    not usable: the receipt is then not checked at all). A wrong receipt is counted
    desk-wide and raises ReceiptRefused at once; nothing waits in the server.
    """
    throttle.redeem(token=ticket, proof=proof)
    found = Submission.objects.filter(receipt_hash=sealing.receipt_hash(codename)).first()
    if found is None:
        throttle.note_failure()
        raise ReceiptRefused("wrong receipt")
    private_key = sealing.source_private_key(codename=codename, salt=bytes(found.reply_key_salt))
    return found, private_key


def receive_follow_up(
    *,
    submission: Submission,
    text: str,
    files: Sequence[FileIn] = (),
    keep_original: bool = False,
) -> list[dict[str, Any]]:
    """A further message (and files) from the source, sealed to the desk key only.
    ``diskspace.NoSpace`` as for ``receive``."""
    desk_key = current_desk_key()
    diskspace.ensure_room(incoming_bytes=0)
    stored, reports = _store_files(
        files=list(files), keep_original=keep_original, desk_key=desk_key
    )
    with _dropped_on_failure(stored), transaction.atomic():
        message = Message.objects.create(
            submission=submission,
            from_source=True,
            sent_at=this_hour(),
            desk_key=desk_key,
            envelope=vault_sealing.seal_record(data={"text": text}, desk_key=desk_key),
        )
        _attach(submission=submission, message=message, stored=stored, desk_key=desk_key)
        Submission.objects.filter(pk=submission.pk).update(source_waiting=True)
        transaction.on_commit(lambda: notify_new_arrival.enqueue())
    return reports
