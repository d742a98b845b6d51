"""From stored rows and decrypted content to the pure core's ``LetterDraft``.

Reads only; decrypting needs the session's desk keys. Kept apart from the
selectors so that services and views share one way of building a letter.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from rapporteur.communications.letters.paragraphs import LegalParagraph
from rapporteur.communications.letters.render import LetterDraft, PersonConcerned
from rapporteur.communications.models import Communication, StandardParagraph
from rapporteur.communications.references import Kind as RefKind
from rapporteur.communications.references import addressee_name
from rapporteur.vault import sealing as vault_sealing

TOKEN = re.compile(r"\[\[person:(\d+)\]\]")


@dataclass
class DraftContent:
    """What is sealed in ``Communication.envelope``. ``body`` empty means "render
    from the template"; once staff edit the text it holds their version."""

    subject: str = ""
    facts: list[str] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    body: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "subject": self.subject,
            "facts": self.facts,
            "questions": self.questions,
            "body": self.body,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> DraftContent:
        return cls(
            subject=str(data.get("subject", "")),
            facts=[str(f) for f in data.get("facts", [])],
            questions=[str(q) for q in data.get("questions", [])],
            body=str(data.get("body", "")),
        )


@dataclass
class OpenedPerson:
    pk: int
    position: int
    name: str
    description: str
    consent: bool
    case_person_id: int | None


@dataclass
class Opened:
    communication: Communication
    content: DraftContent
    persons: list[OpenedPerson]


def open_communication(*, communication: Communication, desk_keys: dict[int, bytes]) -> Opened:
    """Decrypt the draft and its persons (one query for the persons, their case
    Person joined so consent is read live from the case).
    Raises ``vault.errors.CannotOpen`` if this session lacks the generation."""
    content = DraftContent.from_dict(vault_sealing.open_required(communication, desk_keys))
    persons = []
    for row in communication.persons.select_related("desk_key", "case_person"):
        data = vault_sealing.open_required(row, desk_keys)
        persons.append(
            OpenedPerson(
                pk=row.pk,
                position=row.position,
                name=str(data.get("name", "")),
                description=str(data.get("description", "")),
                consent=row.may_be_named,
                case_person_id=row.case_person_id,
            )
        )
    return Opened(communication=communication, content=content, persons=persons)


def library() -> dict[str, LegalParagraph]:
    return {
        p.key: LegalParagraph(
            key=p.key,
            title={"en": p.title_en, "ru": p.title_ru},
            text={"en": p.text_en, "ru": p.text_ru},
        )
        for p in StandardParagraph.objects.all()
    }


def letter_draft(*, opened: Opened, day: date) -> LetterDraft:
    """The pure core's view of a communication. Mandates: this desk's own first."""
    comm = opened.communication
    mandates = sorted(comm.mandates.all(), key=lambda m: (not m.is_own, m.short_name))
    if comm.addressee_other:
        addressee = comm.addressee_other
    else:
        addressee = addressee_name(code=comm.addressee_code, language=comm.language)
    return LetterDraft(
        kind=RefKind(comm.kind),
        language=comm.language,
        addressee_name=addressee,
        reference=comm.reference or None,
        date=day,
        mandates=tuple(m.name_in(comm.language) for m in mandates),
        subject=opened.content.subject,
        facts=tuple(opened.content.facts),
        legal_paragraphs=tuple(comm.legal_paragraphs),
        questions=tuple(opened.content.questions),
        persons=tuple(
            PersonConcerned(name=p.name, description=p.description, consent_to_share_name=p.consent)
            for p in opened.persons
        ),
        addressee_is_state=not comm.addressee_other,
    )


def by_description(*, text: str, persons: list[OpenedPerson]) -> str:
    """``[[person:N]]`` tokens replaced by descriptions: the public form of a subject."""
    descriptions = {p.position: p.description or "[name withheld]" for p in persons}
    return TOKEN.sub(lambda m: descriptions.get(int(m.group(1)), "[name withheld]"), text)


def letter_day(*, communication: Communication, today: date) -> date:
    """A sent letter is dated the day it was sent; a draft today."""
    return communication.sent_on or today
