"""The session store: database sessions that keep no exact time of a source's visit.

Django's database sessions write two clocks into every row: the expiry (now plus
the idle timeout, to the microsecond) and the signing timestamp inside the
session data. For a source's session (no staff user signed in) the expiry would
tell whoever reads the database when the source last came, to the millisecond.

This store (``SESSION_ENGINE``) rounds the expiry of sessions without a staff user
up to the next full hour, and signs session data without a timestamp (Django
never checks a session's signing age: the expiry column decides). Staff
sessions keep their exact idle expiry: their times are in the audit log anyway.
``rapporteur intake purge`` and the worker's daily purge run ``clearsessions``
so that expired rows do not pile up.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.core import signing


def next_full_hour(moment: datetime) -> datetime:
    """``moment`` rounded up to the hour (a full hour stays as it is)."""
    floor = moment.replace(minute=0, second=0, microsecond=0)
    return floor if floor == moment else floor + timedelta(hours=1)


class SessionStore(DatabaseSessionStore):
    def get_expiry_date(self, **kwargs: Any) -> datetime:
        expiry = super().get_expiry_date(**kwargs)
        if self.get(SESSION_KEY) is not None:
            return expiry
        return next_full_hour(expiry)

    def encode(self, session_dict: dict[str, Any]) -> str:
        return signing.Signer(salt=self._untimed_salt).sign_object(
            session_dict, serializer=self.serializer, compress=True
        )

    def decode(self, session_data: str | bytes) -> dict[str, Any]:
        try:
            signed = session_data if isinstance(session_data, str) else session_data.decode()
            return signing.Signer(salt=self._untimed_salt).unsign_object(
                signed, serializer=self.serializer
            )
        except Exception:  # like Django: a damaged or foreign session is an empty one
            return {}

    @property
    def _untimed_salt(self) -> str:
        return f"{self.key_salt}.untimed"
