"""The change history as people read it: field labels in the reader's language,
vocabulary codes as labels, person ids as names, dates in words, Yes/No.

History rows keep codes and ids (they are sealed, and stay true when a label or
a name changes later); this module turns them into words when a page shows them.
A value it cannot interpret is shown as written, never dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import TextChoices
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from rapporteur.accounts.models import User
from rapporteur.cases.dates import UncertainDate, UncertainDateError, in_words, parse_uncertain_date
from rapporteur.cases.models import (
    AgeGroup,
    CaseStatus,
    Change,
    Consent,
    Person,
    PersonKind,
    RiskLevel,
    Term,
)
from rapporteur.vault import sealing as vault_sealing

RECORD_TYPES = {
    "case": _("Case"),
    "event": _("Event"),
    "act": _("Act"),
    "person": _("Person or organisation"),
    "organisation": _("Person or organisation"),
    "involvement": _("Perpetrator"),
    "information": _("Information"),
    "intervention": _("Intervention"),
    "task": _("Task"),
    "document": _("Document"),
}
ACTIONS = {
    "add": pgettext_lazy("history action", "Added"),
    "change": pgettext_lazy("history action", "Changed"),
    "deleted": pgettext_lazy("history action", "Deleted"),
    "unlink": pgettext_lazy("history action", "Taken off the case"),
    "link": pgettext_lazy("history action", "Linked to the case"),
    "consent": pgettext_lazy("history action", "Consent recorded"),
    "merge": pgettext_lazy("history action", "Duplicate merged into it"),
    "unmerge": pgettext_lazy("history action", "Merge undone"),
}
# field name -> (label, how its value is shown: text, term list, person, ...)
FIELDS: dict[str, tuple[Any, str]] = {
    "title": (_("Title"), "text"),
    "summary": (_("Summary"), "text"),
    "status": (_("Status"), "choice:status"),
    "risk": (_("Risk level"), "choice:risk"),
    "country": (_("Country"), "text"),
    "description": (_("Description"), "text"),
    "follows": (_("Follows the event"), "event"),
    "event": (_("Event"), "event"),
    "act": (_("Act"), "act"),
    "act_type": (_("Act"), "term:types_of_acts"),
    "victim": (_("Victim"), "person"),
    "start": (_("Start date"), "uncertain"),
    "end": (_("End date"), "uncertain"),
    "start_written": (_("Start date as written"), "text"),
    "end_written": (_("End date as written"), "text"),
    "place": (_("Place"), "text"),
    "region": (_("Region"), "term:regions"),
    "stated_reason": (_("Reason stated by the authorities"), "text"),
    "status_at_end": (_("Status of the victim at the end"), "term:status_as_victim"),
    "legal_provisions": (_("Legal provisions invoked"), "term:legal_provisions"),
    "tags": (_("Tags"), "term:case_tags"),
    "instruments": (_("International instruments concerned"), "term:international_instruments"),
    "perpetrator": (_("Perpetrator"), "person"),
    "perpetrator_type": (_("Perpetrator type"), "term:types_of_perpetrators"),
    "degree": (_("Degree of involvement"), "term:degrees_of_involvement"),
    "kind": (_("Kind"), "choice:kind"),
    "name": (_("Name"), "text"),
    "other_names": (_("Other names and spellings"), "text"),
    "contacts": (_("Contacts"), "text"),
    "narrative": (_("Narrative"), "text"),
    "protection_needs": (_("Protection needs"), "text"),
    "profession": (_("Profession or role"), "term:occupation"),
    "sex": (_("Gender"), "term:sex"),
    "age_group": (_("Age group"), "choice:age_group"),
    "consent_to_name": (_("Consents to be named to the State"), "choice:consent"),
    "consents_to_publication": (_("Consents to publication in reports"), "bool"),
    "source": (_("Source"), "person"),
    "reliability": (_("Reliability"), "term:reliability"),
    "material": (_("Source material"), "term:types_of_source_material"),
    "received_on": (_("Received on"), "date"),
    "confidential": (_("Confidential"), "bool"),
    "intervention_type": (_("Type of intervention"), "term:types_of_intervention"),
    "party": (_("Intervening party"), "person"),
    "on_date": (_("Date"), "date"),
    "text": (_("Task"), "text"),
    "due_on": (_("Due date"), "date"),
    "done": (_("Done"), "bool"),
    "assignee": (_("Assigned to"), "user"),
    "merged": (_("Merged duplicate"), "person"),
    "merge": (_("Merge"), "number"),
    "filename": (_("File name"), "text"),
    "content_type": (_("File type"), "text"),
    "size": (_("Size in bytes"), "number"),
}
CHOICES: dict[str, type[TextChoices]] = {
    "status": CaseStatus,
    "risk": RiskLevel,
    "kind": PersonKind,
    "age_group": AgeGroup,
    "consent": Consent,
}


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str | None  # None: not a change of value (an added or deleted record)
    new: str


@dataclass(frozen=True)
class HistoryRow:
    change: Change
    record_type: str
    action: str
    fields: list[FieldChange]


def yes_no(value: bool) -> str:
    return str(_("Yes") if value else _("No"))


class _Reader:
    """Turns stored values into words; caches terms, names and users per page."""

    def __init__(self, desk_keys: dict[int, bytes], language: str) -> None:
        self.desk_keys = desk_keys
        self.language = language
        self.terms: dict[tuple[str, str], str] = {}
        self.people: dict[int, str] = {}
        self.users: dict[int, str] = {}

    def term(self, list_name: str, code: str) -> str:
        if (list_name, code) not in self.terms:
            term = Term.objects.filter(list_name=list_name, code=code).first()
            self.terms[(list_name, code)] = term.label(self.language) if term else code
        return self.terms[(list_name, code)]

    def person(self, pk: int) -> str:
        if pk not in self.people:
            person = Person.objects.select_related("desk_key").filter(pk=pk).first()
            name = ""
            if person is not None:
                name = str(vault_sealing.open_record(person, self.desk_keys).get("name", ""))
            self.people[pk] = name or f"#{pk}"
        return self.people[pk]

    def user(self, pk: int) -> str:
        if pk not in self.users:
            self.users[pk] = (
                User.objects.filter(pk=pk).values_list("username", flat=True).first() or f"#{pk}"
            )
        return self.users[pk]

    def value(self, how: str, value: Any) -> str:
        if value in (None, "", []):
            return "-"
        if isinstance(value, list):
            return "; ".join(self.value(how, item) for item in value)
        kind, _sep, detail = how.partition(":")
        try:
            if kind == "term":
                return self.term(detail, str(value))
            if kind == "choice":
                return str(CHOICES[detail](value).label)
            if kind == "person" and str(value).isdigit():
                return self.person(int(value))
            if kind == "user" and str(value).isdigit():
                return self.user(int(value))
            if kind in {"event", "act"} and str(value).isdigit():
                label = _("event") if kind == "event" else _("act")
                return f"{label} #{value}"
            if kind == "bool" or isinstance(value, bool):
                return yes_no(bool(value))
            if kind == "date":
                return in_words(UncertainDate.exact(date.fromisoformat(str(value))), self.language)
            if kind == "uncertain":
                when = parse_uncertain_date(str(value))
                return in_words(when, self.language) if when.is_known else str(_("date unknown"))
        except (ValueError, UncertainDateError):
            pass
        return str(value)

    def field(self, name: str, value: Any, *, paired: bool) -> FieldChange:
        label, how = FIELDS.get(name, (name, "text"))
        if paired and isinstance(value, list) and len(value) == 2:
            return FieldChange(str(label), self.value(how, value[0]), self.value(how, value[1]))
        return FieldChange(str(label), None, self.value(how, value))


def _confidential(details: dict[str, Any]) -> bool:
    """Whether a row of information says the record is (or was) confidential."""
    value = details.get("confidential")
    return any(value) if isinstance(value, list) else bool(value)


def readable_history(
    changes: list[Change],
    *,
    desk_keys: dict[int, bytes],
    language: str | None = None,
    hidden_information: set[int] | None = None,
) -> list[HistoryRow]:
    """History rows with their sealed details opened and put into words.

    ``hidden_information``: for anyone but the case owner, the ids of confidential
    information records; their rows, and any row that says a record of
    information was confidential, are left out (a source's identity stays the
    owner's). None: the owner, who sees every row."""
    reader = _Reader(desk_keys, (language or get_language() or "en")[:2])
    rows = []
    for change in changes:
        details = vault_sealing.open_record(change, desk_keys).get("changes", {})
        if (
            hidden_information is not None
            and change.record_type == "information"
            and (change.record_id in hidden_information or _confidential(details))
        ):
            continue
        # A "change" row holds [old, new] pairs; "add" and "deleted" rows plain values.
        paired = change.action in {"change", "consent"}
        rows.append(
            HistoryRow(
                change=change,
                record_type=str(RECORD_TYPES.get(change.record_type, change.record_type)),
                action=str(ACTIONS.get(change.action, change.action)),
                fields=[
                    reader.field(name, value, paired=paired)
                    for name, value in details.items()
                    if not (paired and isinstance(value, list) and value[0] == value[1])
                ],
            )
        )
    return rows
