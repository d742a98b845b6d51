"""Who must not be named to the State in a letter, and where the letter names them.

One check for every place a letter can leave the desk: the draft and review page
(a warning with the matched words), approval and sending (a block, audited), and
the DOCX/PDF download. It covers:

- the letter's persons concerned without consent (consent read live from the case
  for persons drawn from one);
- every person of every linked case whose consent is not "yes", except persons
  linked only as perpetrators;
- the person named in each linked case's intake submissions whose consent answer is
  not "yes".

A record this session cannot open blocks too: "could not check" is never "clear".
Names are found with the one matcher, ``rapporteur.cases.name_matching``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from rapporteur.cases import selectors as cases_selectors
from rapporteur.cases.models import Consent
from rapporteur.cases.name_matching import ConfidentialPerson, NameMatch
from rapporteur.communications import content
from rapporteur.communications.content import Opened
from rapporteur.communications.letters.render import (
    LetterDraft,
    consent_matches,
    render_body,
)


@dataclass(frozen=True)
class Unreadable:
    """A record of a linked case this session could not open."""

    case_id: int
    source: str  # "person" or "submission"
    record_id: int


@dataclass
class ConsentCheck:
    matches: list[NameMatch] = field(default_factory=list)
    unreadable: list[Unreadable] = field(default_factory=list)

    @property
    def blocked(self) -> bool:
        return bool(self.matches or self.unreadable)

    @property
    def persons(self) -> int:
        """How many persons are named (each counted once), plus unopened records."""
        return len({m.person.key or (m.person.name,) for m in self.matches}) + len(self.unreadable)


def case_persons(
    *, opened: Opened, desk_keys: dict[int, bytes]
) -> tuple[list[ConfidentialPerson], list[str], list[Unreadable]]:
    """(persons of the linked cases who must not be named, names that may be,
    records that could not be opened). Persons already among the letter's persons
    concerned (drawn from the case) are left to the letter's own list."""
    in_letter = {p.case_person_id for p in opened.persons if p.case_person_id}
    confidential: list[ConfidentialPerson] = []
    allowed: list[str] = []
    unreadable: list[Unreadable] = []
    for case in opened.communication.cases.all().order_by("id"):
        for found in cases_selectors.names_for_consent(case=case, desk_keys=desk_keys):
            if found.unreadable:
                unreadable.append(Unreadable(found.case_id, found.source, found.record_id))
            elif found.may_be_named:
                allowed.append(found.name)
            elif not (found.source == "person" and found.record_id in in_letter):
                confidential.append(_person(found))
    return confidential, allowed, unreadable


def _person(found: cases_selectors.NameForConsent) -> ConfidentialPerson:
    if found.source == "submission":
        why = _("case %(case)s, intake submission %(submission)s: consent to name: %(consent)s")
        why %= {
            "case": found.case_id,
            "submission": found.record_id,
            "consent": _consent_label(found.consent_to_name),
        }
    else:
        why = _("case %(case)s, person %(person)s: consent to name: %(consent)s") % {
            "case": found.case_id,
            "person": found.record_id,
            "consent": _consent_label(found.consent_to_name),
        }
    return ConfidentialPerson(
        name=found.name,
        why=why,
        other_names=found.other_names,
        whole_name_only=found.organisation,
        key=(found.source, found.case_id, found.record_id),
    )


def _consent_label(value: str) -> str:
    return str(dict(Consent.choices).get(value, Consent.UNKNOWN.label))


def check(
    *, opened: Opened, draft: LetterDraft, desk_keys: dict[int, bytes], body: str | None = None
) -> ConsentCheck:
    """Where the letter (its edited ``body``, else the stored one, else the template's
    rendering) names a person who has not consented."""
    text = body or opened.content.body or render_body(draft=draft, library=content.library())
    others, allowed, unreadable = case_persons(opened=opened, desk_keys=desk_keys)
    matches = consent_matches(draft=draft, body=text, others=others, allowed=allowed)
    return ConsentCheck(matches=matches, unreadable=unreadable)


def visible_names(
    *, matches: Sequence[NameMatch], visible_case_ids: set[int]
) -> list[dict[str, str]]:
    """The matches as a staff page lists them. A person of a case the viewer may not
    see is shown without name (need-to-know): only the words the letter itself holds."""
    rows = []
    for match in matches:
        key = match.person.key
        hidden = len(key) == 3 and key[1] not in visible_case_ids
        rows.append(
            {
                "words": match.words,
                "where": _("line %(line)s") % {"line": match.line}
                if match.line
                else _("letterhead"),
                "name": "" if hidden else match.person.name,
                "why": "" if hidden else match.person.why,
                "reason": match.reason,
            }
        )
    return rows
