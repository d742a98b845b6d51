"""The public version of a letter: confidential names out, and a check that none
slipped through.

Both run on the one name matcher, ``rapporteur.cases.name_matching`` (the consent
check before sending uses it too): a person is found however the text spells
them (Cyrillic or Latin, any transliteration, any case, Russian and Tajik
inflections, surname or given name alone, initials), and bracketed qualifiers in
the stored name ("(вымышленный)") are not part of it. Over-redaction is the safe
direction: two names that fold alike are both redacted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rapporteur.cases import name_matching
from rapporteur.cases.name_matching import ConfidentialPerson, NameMatch

WITHHELD = {"en": "[name withheld]", "ru": "[имя не раскрывается]"}


@dataclass(frozen=True, slots=True)
class ConfidentialName:
    """A name that must not appear in public, and what replaces it there."""

    name: str
    description: str = ""

    def as_person(self) -> ConfidentialPerson:
        return ConfidentialPerson(name=self.name, description=self.description)


def redact(
    *, text: str, confidential_names: Sequence[ConfidentialName], language: str = "en"
) -> str:
    """Replace each full name by its description (or "[name withheld]") and any
    part of a name standing alone by "[name withheld]"."""
    return name_matching.redact(
        text=text,
        persons=[n.as_person() for n in confidential_names],
        withheld=WITHHELD.get(language, WITHHELD["en"]),
        language=language,
    )


def leaks(
    *,
    public_text: str,
    confidential_names: Sequence[ConfidentialName | str],
    language: str = "",
) -> list[NameMatch]:
    """Where a confidential name (full or by a part, any spelling) is still readable
    in ``public_text``. Run before every publication; an empty list is the only
    passing result."""
    persons = [
        ConfidentialPerson(name=n) if isinstance(n, str) else n.as_person()
        for n in confidential_names
    ]
    return name_matching.find_names(text=public_text, persons=persons, language=language)
