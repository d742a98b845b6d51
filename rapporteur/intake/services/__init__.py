"""Every change to submissions. Sources' actions in ``source``, staff actions (each
audited in its transaction) in ``desk``, deletion after the retention period in
``retention``."""

from rapporteur.intake.services.inbox import (
    add_note,
    answer_meeting,
    mark_read,
    note_attachment_downloaded,
    note_meetings_exported,
    reply,
    set_status,
)
from rapporteur.intake.services.retention import purge_expired, warn_before_deletion
from rapporteur.intake.services.source import (
    FileIn,
    FormReplayed,
    Receipt,
    ReceiptRefused,
    receive,
    receive_follow_up,
    sign_in_with_receipt,
)

__all__ = [
    "FileIn",
    "FormReplayed",
    "Receipt",
    "ReceiptRefused",
    "add_note",
    "answer_meeting",
    "mark_read",
    "note_attachment_downloaded",
    "note_meetings_exported",
    "purge_expired",
    "receive",
    "receive_follow_up",
    "reply",
    "set_status",
    "sign_in_with_receipt",
    "warn_before_deletion",
]
