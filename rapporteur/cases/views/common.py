"""Helpers the case views share: decrypting what a page shows, person choices."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from rapporteur.accounts.models import User
from rapporteur.accounts.permissions import staff
from rapporteur.cases import sealing
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


def act_dates(act: Act, content: dict[str, Any]) -> dict[str, str]:
    """The act's dates in the reader's language ("spring 2022", "early March 2022");
    a date that was not understood shows its text as written (from the act's opened
    ``content``) and says so; an unknown date is empty."""
    language = (get_language() or "en")[:2]
    shown = {}
    for prefix in ("start", "end"):
        when = act.uncertain_date(prefix)
        written = str(content.get(f"{prefix}_written", ""))
        if when.is_known:
            shown[prefix] = when.display(language)
        elif written:
            shown[prefix] = _("date as written: “%(text)s” (not understood)") % {"text": written}
        else:
            shown[prefix] = ""
    return shown


def opened(record: Any, desk_keys: dict[int, bytes]) -> dict[str, Any]:
    return sealing.open_record(record, desk_keys)
