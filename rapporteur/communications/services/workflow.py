"""The communication's life: review, approval, sending (with its reference number)
and replies. Every transition writes its audit entry in the same transaction.

Reversible only where it makes sense: review and approval can go back to draft
(approval is withdrawn, and must be given again); sending cannot be undone, and a
sent letter's number is never reused.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from rapporteur.accounts.models import User
from rapporteur.accounts.permissions import Perm
from rapporteur.audit.services import record, save_and_record
from rapporteur.audit.tags import AuditTag
from rapporteur.communications import consent
from rapporteur.communications.content import letter_draft, open_communication
from rapporteur.communications.deadlines import Timeliness, reply_due_date, reply_timeliness
from rapporteur.communications.models import (
    SENT_STATES,
    Communication,
    ReferenceCounter,
    Reply,
    ReplyDocument,
    State,
)
from rapporteur.communications.references import format_reference, next_number
from rapporteur.communications.services import ConsentMissing, WorkflowError
from rapporteur.vault import sealing as vault_sealing
from rapporteur.vault.models import DeskKey
from rapporteur.vault.selectors import current_desk_key
from rapporteur.vault.storage import Stored, reply_files

SEND_ATTEMPTS = 3

# (from, to) pairs a plain transition may take, and the permission it needs.
_MOVES = {
    (State.DRAFT, State.REVIEW): Perm.COMMUNICATIONS_DRAFT,
    (State.REVIEW, State.DRAFT): Perm.COMMUNICATIONS_DRAFT,
    (State.APPROVED, State.DRAFT): Perm.COMMUNICATIONS_DRAFT,
    (State.REVIEW, State.APPROVED): Perm.COMMUNICATIONS_APPROVE,
}


def move(
    *,
    communication: Communication,
    acting_user: User,
    to: State,
    desk_keys: dict[int, bytes] | None = None,
) -> None:
    """Submit for review, return to draft, withdraw an approval, or approve.

    Approval is checked here as well as at the view: only the rapporteur's role
    holds COMMUNICATIONS_APPROVE, whatever view calls this. Approval runs the
    consent check (``desk_keys`` needed): a letter naming a person without consent
    is not approved (ConsentMissing, audited).
    """
    if to == State.APPROVED:
        if desk_keys is None:
            raise WorkflowError(_("Sign in again to unlock the desk key: this needs the content."))
        if not acting_user.has_desk_permission(Perm.COMMUNICATIONS_APPROVE):
            raise PermissionDenied
        _require_consent(
            communication=communication, acting_user=acting_user, desk_keys=desk_keys,
            day=communication.sent_on or date.today(), at="approval",
        )  # fmt: skip
    with transaction.atomic():
        locked = Communication.objects.select_for_update().get(pk=communication.pk)
        needed = _MOVES.get((State(locked.state), to))
        if needed is None:
            raise WorkflowError(
                _("A communication in state “%(state)s” cannot go there.")
                % {"state": locked.get_state_display()}
            )
        if not acting_user.has_desk_permission(needed):
            raise PermissionDenied
        locked.state = to
        locked.approved_by = acting_user if to == State.APPROVED else None
        save_and_record(
            locked,
            update_fields=["state", "approved_by"],
            tag=AuditTag.COMMUNICATION_APPROVED
            if to == State.APPROVED
            else AuditTag.COMMUNICATION_STATE_CHANGED,
            actor=acting_user,
            extras={"from": communication.state, "to": str(to)},
        )
    communication.refresh_from_db()


def _require_consent(
    *,
    communication: Communication,
    acting_user: User,
    desk_keys: dict[int, bytes],
    day: date,
    at: str,
) -> None:
    """Raise ConsentMissing (after its audit entry: counts only, never a name) when
    the letter names a person without consent or a linked record cannot be opened."""
    opened = open_communication(communication=communication, desk_keys=desk_keys)
    draft = letter_draft(opened=opened, day=day)
    found = consent.check(opened=opened, draft=draft, desk_keys=desk_keys)
    if found.blocked:
        record(
            tag=AuditTag.COMMUNICATION_SEND_BLOCKED,
            actor=acting_user,
            target=communication,
            extras={
                "at": at,
                "unconsented": len(found.matches),
                "unreadable": len(found.unreadable),
            },
        )
        raise ConsentMissing(found.persons, unreadable=len(found.unreadable))


def _locked_counter(*, addressee_code: str, year: int) -> ReferenceCounter:
    # The first sending to an addressee in a year creates the row; a concurrent
    # creator makes ours fail on the unique constraint, inside a savepoint, and we
    # then lock the row it made. select_for_update queues the second sender until
    # the first commits (PostgreSQL); SQLite's IMMEDIATE transactions already queue.
    try:
        with transaction.atomic():
            ReferenceCounter.objects.get_or_create(addressee_code=addressee_code, year=year)
    except IntegrityError:
        pass
    return ReferenceCounter.objects.select_for_update().get(
        addressee_code=addressee_code, year=year
    )


def send(
    *, communication: Communication, acting_user: User, desk_keys: dict[int, bytes], sent_on: date
) -> Communication:
    """Record an approved letter as sent: reference number, sent date, due date.

    Blocked (ConsentMissing, audited) while any person without recorded consent is
    named in the final text. The number comes from the locked counter; the unique
    constraint on the reference turns any race the lock missed into an
    IntegrityError, on which the whole transaction is retried.
    """
    _require_consent(
        communication=communication,
        acting_user=acting_user,
        desk_keys=desk_keys,
        day=sent_on,
        at="sending",
    )
    for attempt in range(1, SEND_ATTEMPTS + 1):
        try:
            with transaction.atomic():
                locked = Communication.objects.select_for_update().get(pk=communication.pk)
                if locked.state != State.APPROVED:
                    raise WorkflowError(_("Only an approved communication can be sent."))
                counter = _locked_counter(addressee_code=locked.addressee_code, year=sent_on.year)
                counter.last_number = next_number(used_numbers=[counter.last_number])
                counter.save(update_fields=["last_number"])
                locked.ref_year = sent_on.year
                locked.ref_number = counter.last_number
                locked.reference = format_reference(
                    kind=locked.kind,
                    addressee_code=locked.addressee_code,
                    number=counter.last_number,
                    year=sent_on.year,
                )
                locked.sent_on = sent_on
                locked.reply_due_on = reply_due_date(sent_on=sent_on)
                locked.state = State.AWAITING_REPLY
                save_and_record(
                    locked,
                    tag=AuditTag.COMMUNICATION_SENT,
                    actor=acting_user,
                    extras={"reference": locked.reference},
                )
            return locked
        except IntegrityError:
            if attempt == SEND_ATTEMPTS:
                raise
    raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises


def register_reply(
    *,
    communication: Communication,
    acting_user: User,
    received_on: date,
    assessment: str,
    text: str,
    notes: str = "",
    documents: list[tuple[str, Iterable[bytes]]] | None = None,
) -> Reply:
    """A reply from the addressee. Timeliness is computed from the sent date; the
    text and notes are sealed to the desk key. ``documents`` are (file name, chunks):
    each is streamed into the reply store, encrypted to the desk key as it arrives,
    before the transaction; if the reply is not committed, the files are removed."""
    if communication.state not in SENT_STATES or communication.sent_on is None:
        raise WorkflowError(_("Only a sent communication can receive a reply."))
    if received_on < communication.sent_on:
        raise WorkflowError(_("A reply cannot arrive before the letter was sent."))
    timeliness = reply_timeliness(sent_on=communication.sent_on, replied_on=received_on)
    desk_key = current_desk_key()
    stored: list[tuple[str, Stored]] = []
    try:
        for filename, chunks in documents or []:
            stored.append((filename, reply_files.store(chunks=chunks, desk_key=desk_key)))
        return _register_reply(
            communication=communication,
            acting_user=acting_user,
            received_on=received_on,
            assessment=assessment,
            timeliness=timeliness,
            envelope=vault_sealing.seal_record(
                data={"text": text, "notes": notes}, desk_key=desk_key
            ),
            stored=stored,
            desk_key=desk_key,
        )
    except BaseException:
        for _filename, file in stored:
            reply_files.delete(file.name)  # no record names it: remove the ciphertext too
        raise


def _register_reply(
    *,
    communication: Communication,
    acting_user: User,
    received_on: date,
    assessment: str,
    timeliness: Timeliness,
    envelope: bytes,
    stored: list[tuple[str, Stored]],
    desk_key: DeskKey,
) -> Reply:
    with transaction.atomic():
        reply = Reply.objects.create(
            communication=communication,
            received_on=received_on,
            assessment=assessment,
            in_time=timeliness == Timeliness.IN_TIME,
            registered_by=acting_user,
            desk_key=desk_key,
            envelope=envelope,
        )
        for filename, file in stored:
            ReplyDocument.objects.create(
                reply=reply,
                desk_key=desk_key,
                stored_name=file.name,
                envelope=vault_sealing.seal_record(
                    data={"filename": filename, "size": file.size}, desk_key=desk_key
                ),
            )
        fields = ["has_reply"]
        communication.has_reply = True
        if communication.state == State.AWAITING_REPLY:
            communication.state = State.REPLY_RECEIVED
            fields.append("state")
        save_and_record(
            communication,
            update_fields=fields,
            tag=AuditTag.COMMUNICATION_REPLY_REGISTERED,
            actor=acting_user,
            extras={
                "assessment": assessment,
                "timeliness": str(timeliness),
                "documents": len(stored),
            },
        )
    return reply


@dataclass(frozen=True)
class OpenedDocument:
    filename: str
    chunks: Iterator[bytes]  # plaintext; the stored file is closed when they end


def open_document(*, document: ReplyDocument, desk_keys: dict[int, bytes]) -> OpenedDocument:
    """A reply document's name, and its bytes streamed from the reply store. Raises
    ``vault.errors.CannotOpen`` when this session lacks the generation,
    ``OSError`` when the stored file is gone; a cut or altered file raises
    ``crypto.DecryptionError`` while streaming."""
    version = document.desk_key.version
    if document.sealed_whole:
        # Registered before files were streamed: one envelope of the name's length
        # (2 bytes), the name and the bytes, as the database held it.
        with reply_files.open_encrypted(document.stored_name) as stored:
            envelope = stored.read()
        plain = vault_sealing.open_bytes(envelope=envelope, version=version, desk_keys=desk_keys)
        size = int.from_bytes(plain[:2], "big")
        return OpenedDocument(
            filename=plain[2 : 2 + size].decode(), chunks=iter([plain[2 + size :]])
        )
    meta = vault_sealing.open_required(document, desk_keys)
    chunks = reply_files.decrypted_chunks(
        document.stored_name, version=version, desk_keys=desk_keys
    )
    return OpenedDocument(filename=str(meta.get("filename") or ""), chunks=chunks)
