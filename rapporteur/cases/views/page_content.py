"""What the case pages show from sealed records: their opened content, the persons
and events a form offers (and the person it names), an act's dates in the reader's
words."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from rapporteur.cases import selectors
from rapporteur.cases.dates import in_words
from rapporteur.cases.forms import Choices
from rapporteur.cases.models import Act, Case, Person
from rapporteur.vault import sealing as vault_sealing


def person_choices(case: Case, desk_keys: dict[int, bytes]) -> Choices:
    return [
        (str(p.pk), str(vault_sealing.open_record(p, desk_keys).get("name", "")) or f"#{p.pk}")
        for p in case.persons.filter(merged_into=None).select_related("desk_key")
    ]


def chosen_person(case: Case, value: str) -> Person | None:
    """The person of ``case`` a form's choice names (404 for one not on the case),
    or None when none was chosen."""
    return selectors.person_of_case(case, int(value)) if value else None


def event_choices(case: Case, desk_keys: dict[int, bytes]) -> Choices:
    return [
        (str(e.pk), str(vault_sealing.open_record(e, desk_keys).get("title", "")) or f"#{e.pk}")
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
            shown[prefix] = in_words(when, language)
        elif written:
            shown[prefix] = _("date as written: “%(text)s” (not understood)") % {"text": written}
        else:
            shown[prefix] = ""
    return shown


def opened(record: Any, desk_keys: dict[int, bytes]) -> dict[str, Any]:
    return vault_sealing.open_record(record, desk_keys)
