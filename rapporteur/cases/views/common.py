"""Helpers the case views share: decrypting what a page shows, person choices."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import get_language

from rapporteur.accounts.models import User
from rapporteur.accounts.permissions import staff
from rapporteur.cases import sealing
from rapporteur.cases.dates import UncertainDate
from rapporteur.cases.models import Act, Case
from rapporteur.vault.session import desk_private_keys_for


def keys(request: HttpRequest) -> dict[int, bytes]:
    """The session's unlocked desk keys (UnlockRequired becomes the unlock page)."""
    return desk_private_keys_for(request)


def user(request: HttpRequest) -> User:
    return staff(request)


def person_choices(case: Case, desk_keys: dict[int, bytes]) -> list[tuple[str, str]]:
    return [
        (str(p.pk), str(sealing.open_record(p, desk_keys).get("name", "")) or f"#{p.pk}")
        for p in case.persons.filter(merged_into=None).select_related("desk_key")
    ]


def event_choices(case: Case, desk_keys: dict[int, bytes]) -> list[tuple[str, str]]:
    return [
        (str(e.pk), str(sealing.open_record(e, desk_keys).get("title", "")) or f"#{e.pk}")
        for e in case.events.select_related("desk_key")
    ]


def act_dates(act: Act) -> dict[str, str]:
    """The act's dates as entered, in the reader's language ("spring 2022")."""
    language = (get_language() or "en")[:2]
    shown = {}
    for prefix in ("start", "end"):
        when = UncertainDate(
            getattr(act, f"{prefix}_value"),
            getattr(act, f"{prefix}_precision"),
            getattr(act, f"{prefix}_margin"),
        )
        shown[prefix] = when.display(language) if when.is_known else ""
    return shown


def opened(record: Any, desk_keys: dict[int, bytes]) -> dict[str, Any]:
    return sealing.open_record(record, desk_keys)
