"""Audit entries for tests of the chain and its anchors."""

from __future__ import annotations

from rapporteur.accounts.models import User
from rapporteur.audit.services import record
from rapporteur.audit.tags import AuditTag


def audit_entries(user: User, count: int) -> None:
    """``count`` sign-in entries of ``user``, each numbered in its extras."""
    for number in range(count):
        record(tag=AuditTag.LOGIN, actor=user, target=user, extras={"n": number})
