"""Drafting a letter: a plain :class:`LetterDraft` in, editable text out.

The editable text is the body, in a tiny format the DOCX and PDF writers share:
paragraphs separated by a blank line, a paragraph starting with ``# `` is a heading.
Staff may edit that text until approval; :func:`render_docx` and :func:`render_pdf`
take the edited body, and :func:`unconsented_named_persons` checks the edited body
too, because a name typed by hand is the usual way a consent rule is broken.

Persons are referred to in facts, subject and questions as ``[[person:1]]`` (1 is
the first person of ``draft.persons``): the token becomes the name only when consent
to share it with the State is recorded, otherwise the description.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from django.template import Context, Engine
from django.utils.translation import gettext_lazy as _

from rapporteur.cases.name_matching import ConfidentialPerson, NameMatch, find_names
from rapporteur.communications.deadlines import REPLY_WINDOW_DAYS
from rapporteur.communications.letters.paragraphs import LIBRARY, LegalParagraph, UnknownParagraph
from rapporteur.communications.redaction import ConfidentialName, redact
from rapporteur.communications.references import Kind

LETTER_LANGUAGES = ("en", "ru")
HEADING = "# "
_TOKEN = re.compile(r"\[\[person:(\d+)\]\]")
_TEMPLATES = Path(__file__).resolve().parent / "templates"
# Plain text, never HTML: autoescape would turn a defender's "O'Neil" into "O&#x27;Neil".
_ENGINE = Engine(dirs=[str(_TEMPLATES)], autoescape=False, debug=False)

_LABELS = {
    "en": {
        "mandate": "Mandate of the ",
        "mandates": "Mandates of the ",
        "joiner": "; the ",
        "address": "Palais des Nations • 1211 Geneva 10, Switzerland",
        "reference": "Reference: ",
        "unassigned": "(assigned at sending)",
        "no_description": "a person whose name is withheld",
    },
    "ru": {
        "mandate": "Мандат: ",
        "mandates": "Мандаты: ",
        "joiner": "; ",
        "address": "Дворец Наций • 1211 Женева 10, Швейцария",
        "reference": "Ссылка: ",
        "unassigned": "(присваивается при отправке)",
        "no_description": "лицо, чьё имя не раскрывается",
    },
}
_MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
    "ru": ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
           "сентября", "октября", "ноября", "декабря"),
}  # fmt: skip


class DraftError(ValueError):
    """The draft cannot be rendered as it stands (unknown token, language...)."""


@dataclass(frozen=True, slots=True)
class PersonConcerned:
    name: str
    description: str
    consent_to_share_name: bool = False


@dataclass(frozen=True, slots=True)
class LetterDraft:
    kind: Kind
    language: str
    addressee_name: str
    reference: str | None
    date: date
    # The sending mandate first; more than one makes the letter joint.
    mandates: Sequence[str]
    facts: Sequence[str]
    legal_paragraphs: Sequence[str]
    questions: Sequence[str]
    persons: Sequence[PersonConcerned] = ()
    # What the letter is about, e.g. "the arrest of [[person:1]]" or "the draft Law on
    # Non-Commercial Organizations"; required for other letters, which name no person.
    subject: str = ""
    addressee_is_state: bool = True
    reply_window_days: int = REPLY_WINDOW_DAYS

    @property
    def joint(self) -> bool:
        return len(self.mandates) > 1


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph of the body, as the DOCX and PDF writers lay it out."""

    text: str
    heading: bool = False


def render_body(
    *, draft: LetterDraft, library: Mapping[str, LegalParagraph] = LIBRARY, public: bool = False
) -> str:
    """The editable body. With ``public=True`` every person appears by description,
    consent or not: consent covers sharing a name with the State, not with the world."""
    _check(draft=draft)
    template = _ENGINE.get_template(f"{Kind(draft.kind).value.lower()}.{draft.language}.txt")
    context = {
        "joint": draft.joint,
        "mandates": "; ".join(draft.mandates),
        # English letters from one mandate holder speak as "I", joint ones as "we".
        "we": "we" if draft.joint else "I",
        "We": "We" if draft.joint else "I",
        "our": "our" if draft.joint else "my",
        "state": draft.addressee_is_state,
        "addressee": draft.addressee_name,
        # Other letters comment on a text; only UA and AL report allegations.
        "allegations": bool(draft.facts) and Kind(draft.kind) is not Kind.OTHER_LETTER,
        "concerning": _persons_in(draft=draft, text=_concerning(draft=draft), public=public),
        "facts": [_persons_in(draft=draft, text=f, public=public) for f in draft.facts],
        # Numbers are formatted here, never by the template engine: it would localise them
        # through Django settings, which a standalone render must not need.
        "questions": [
            f"{number}. {_persons_in(draft=draft, text=question, public=public)}"
            for number, question in enumerate(draft.questions, start=1)
        ],
        "legal": [_legal(key=key, language=draft.language, library=library) for key in
                  draft.legal_paragraphs],
        "window_days": str(draft.reply_window_days),
        "signatories": list(draft.mandates),
    }  # fmt: skip
    # The Context, not the Engine, decides escaping when a template is rendered directly.
    return _tidy(template.render(Context(context, autoescape=False)))


def letterhead(*, draft: LetterDraft) -> list[str]:
    """Mandate title(s), address, reference and date, one per line."""
    labels = _LABELS[draft.language]
    lead = labels["mandates"] if draft.joint else labels["mandate"]
    return [
        lead + labels["joiner"].join(draft.mandates),
        labels["address"],
        labels["reference"] + (draft.reference or labels["unassigned"]),
        format_letter_date(day=draft.date, language=draft.language),
    ]


def render_text(*, draft: LetterDraft, body: str | None = None) -> str:
    """Letterhead and body as one plain-text document."""
    return "\n".join(letterhead(draft=draft)) + "\n\n" + (body or render_body(draft=draft))


def public_text(*, draft: LetterDraft, body: str | None = None) -> str:
    """The version for the public communications report: persons by description and
    every name (any spelling) that staff may have typed by hand redacted."""
    text = render_text(draft=draft, body=body or render_body(draft=draft, public=True))
    names = [ConfidentialName(name=p.name, description=p.description) for p in draft.persons]
    return redact(text=text, confidential_names=names, language=draft.language)


def consent_matches(
    *,
    draft: LetterDraft,
    body: str | None = None,
    others: Sequence[ConfidentialPerson] = (),
    allowed: Sequence[str] = (),
) -> list[NameMatch]:
    """Every place the letter (the edited ``body`` when given) names a person without
    consent: its persons concerned without consent and ``others`` (e.g. the persons
    of linked cases). Names of persons who consented (``allowed`` and the letter's
    own) may stand: their given name alone is not taken for someone else's."""
    persons = [
        ConfidentialPerson(
            name=person.name,
            description=person.description,
            why=str(_("person concerned, no consent to be named")),
            key=("letter", number),
        )
        for number, person in enumerate(draft.persons, start=1)
        if not person.consent_to_share_name
    ]
    named = [p.name for p in draft.persons if p.consent_to_share_name]
    everyone, may_stand = [*persons, *others], [*named, *allowed]
    # The body's lines are numbered as staff see them; a letterhead match is line 0.
    head = find_names(
        text="\n".join(letterhead(draft=draft)),
        persons=everyone,
        language=draft.language,
        allowed=may_stand,
    )
    return [replace(m, line=0) for m in head] + find_names(
        text=body or render_body(draft=draft),
        persons=everyone,
        language=draft.language,
        allowed=may_stand,
    )


def unconsented_named_persons(
    *, draft: LetterDraft, body: str | None = None
) -> list[PersonConcerned]:
    """Persons whose name appears in the letter without recorded consent: each one
    blocks sending. Checks the edited ``body`` when given, else the rendered one."""
    named = {match.person.key for match in consent_matches(draft=draft, body=body)}
    return [
        person
        for number, person in enumerate(draft.persons, start=1)
        if ("letter", number) in named
    ]


def blocks(body: str) -> list[Block]:
    """Split the editable body into paragraphs and headings."""
    result = []
    for chunk in re.split(r"\n\s*\n", body.strip()):
        text = " ".join(line.strip() for line in chunk.splitlines())
        if text.startswith(HEADING):
            result.append(Block(text=text.removeprefix(HEADING).strip(), heading=True))
        elif text:
            result.append(Block(text=text))
    return result


def format_letter_date(*, day: date, language: str) -> str:
    month = _MONTHS[language][day.month - 1]
    if language == "ru":
        return f"{day.day} {month} {day.year} года"
    return f"{day.day} {month} {day.year}"


def _check(*, draft: LetterDraft) -> None:
    if draft.language not in LETTER_LANGUAGES:
        raise DraftError(
            _("Letters are drafted in %(languages)s, not %(language)s.")
            % {"languages": ", ".join(LETTER_LANGUAGES), "language": repr(draft.language)}
        )
    if not draft.mandates:
        raise DraftError(_("A letter needs at least the sending mandate."))
    if not draft.subject and not draft.persons:
        raise DraftError(_("Say what the letter concerns: a subject or at least one person."))


def _concerning(*, draft: LetterDraft) -> str:
    if draft.subject:
        return draft.subject
    tokens = [f"[[person:{index}]]" for index in range(1, len(draft.persons) + 1)]
    conjunction = " and " if draft.language == "en" else " и "
    return tokens[0] if len(tokens) == 1 else ", ".join(tokens[:-1]) + conjunction + tokens[-1]


def _persons_in(*, draft: LetterDraft, text: str, public: bool) -> str:
    def label(match: re.Match[str]) -> str:
        index = int(match.group(1))
        if not 1 <= index <= len(draft.persons):
            raise DraftError(
                _("%(token)s refers to no person: the draft has %(count)s.")
                % {"token": match.group(), "count": len(draft.persons)}
            )
        person = draft.persons[index - 1]
        if person.consent_to_share_name and not public:
            return person.name
        return person.description or _LABELS[draft.language]["no_description"]

    return _TOKEN.sub(label, text)


def _legal(*, key: str, language: str, library: Mapping[str, LegalParagraph]) -> str:
    if key not in library:
        raise UnknownParagraph(f"No standard paragraph {key!r}; known: {', '.join(library)}")
    return library[key].in_language(language)


def _tidy(text: str) -> str:
    # Template tags leave runs of blank lines; the body format wants exactly one.
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "\n\n".join(paragraphs) + "\n"
