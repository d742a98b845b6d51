"""The per-user secret iCalendar URL: created, replaced, revoked.

The token is shown once and only its SHA-256 is stored, so a copy of the database
does not give anyone the URL. Revoking deletes the row: the old URL answers 404.
"""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction

from rapporteur.accounts.models import User
from rapporteur.audit.services import record
from rapporteur.audit.tags import AuditTag
from rapporteur.communications.models import CalendarToken


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token(*, acting_user: User) -> str:
    """A fresh secret URL token for this user, replacing any earlier one."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        CalendarToken.objects.update_or_create(
            user=acting_user, defaults={"token_hash": token_hash(token)}
        )
        record(tag=AuditTag.CALENDAR_FEED_CREATED, actor=acting_user, target=acting_user)
    return token


def revoke(*, acting_user: User) -> bool:
    with transaction.atomic():
        deleted, _ = CalendarToken.objects.filter(user=acting_user).delete()
        if deleted:
            record(tag=AuditTag.CALENDAR_FEED_REVOKED, actor=acting_user, target=acting_user)
    return bool(deleted)
