"""Reads of cases that leave an audit entry: a case's page or history, an export,
a search. The entry names the case and counts; never the query, never content.
(A document download is audited where it is opened: ``documents.open_document``.)
"""

from __future__ import annotations

from rapporteur.accounts.models import User
from rapporteur.audit.services import record
from rapporteur.audit.tags import AuditTag
from rapporteur.cases.models import Case


def note_read(*, case: Case, acting_user: User, what: str = "page") -> None:
    """Every read of a case is audited: the page, its history."""
    record(tag=AuditTag.CASE_READ, actor=acting_user, target=case, extras={"what": what})


def note_export(*, case: Case, acting_user: User, fmt: str) -> None:
    record(tag=AuditTag.CASE_EXPORTED, actor=acting_user, target=case, extras={"format": fmt})


def note_search(*, acting_user: User, shown: int) -> None:
    """A search ran and showed ``shown`` cases; what was searched is not kept."""
    record(tag=AuditTag.CASE_SEARCHED, actor=acting_user, extras={"shown": shown})
