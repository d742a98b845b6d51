"""Drafting a letter: a plain :class:`LetterDraft` in, editable text out.

The editable body is plain text that staff edit in a textarea, in a light markup
that :func:`blocks` turns into the one block list the page (``html.py``), DOCX and
PDF writers share:

* paragraphs are separated by a blank line (lines of one paragraph are joined);
* a line starting with ``# `` is a heading;
* lines starting with ``1.`` (any number, then ``.`` or ``)``) are the items of one
  numbered list; the writers number them, so the number in the text is only a
  marker and a list is never numbered twice;
* a line ``---`` starts the annex, on a page of its own; the heading after it is
  the annex's title. (A heading starting with "Annex" or "Приложение" also starts
  it, as in bodies saved before this marker existed.)

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
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from pathlib import Path

from django.template import Context, Engine
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from rapporteur.cases.name_matching import ConfidentialPerson, NameMatch, find_names
from rapporteur.communications.deadlines import REPLY_WINDOW_DAYS
from rapporteur.communications.letters.paragraphs import LIBRARY, LegalParagraph, UnknownParagraph
from rapporteur.communications.redaction import ConfidentialName, redact
from rapporteur.communications.references import Kind
from rapporteur.errors import Refused

LETTER_LANGUAGES = ("en", "ru")
HEADING = "# "
ANNEX = "---"
# A list item: up to three digits, then "." or ")" and a space. Four digits are a year
# ("2022. The court..."), never a list number.
_ITEM = re.compile(r"^(\d{1,3})[.)]\s+")
_ANNEX_WORDS = ("annex", "приложение")
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


class DraftError(Refused, ValueError):
    """The draft cannot be rendered as it stands (unknown token, language...).

    ``reason`` says what is wrong; ``str()`` is the sentence the desk shows, in the
    language active when it is shown."""

    def __init__(self, reason: str | Promise) -> None:
        super().__init__(reason)
        self.reason = reason

    def __str__(self) -> str:
        return str(_("The letter cannot be drawn up yet: %(error)s") % {"error": self.reason})


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


class BlockKind(StrEnum):
    PARAGRAPH = "paragraph"
    HEADING = "heading"
    # A numbered list: ``items`` in order, numbered from ``start`` by the writer.
    LIST = "list"
    # The start of the annex (its own page); ``text`` is its title, maybe empty.
    ANNEX = "annex"


@dataclass(frozen=True, slots=True)
class Block:
    """One part of the body, as the page, DOCX and PDF writers lay it out."""

    text: str = ""
    kind: BlockKind = BlockKind.PARAGRAPH
    items: tuple[str, ...] = ()
    start: int = 1

    @property
    def heading(self) -> bool:
        return self.kind in (BlockKind.HEADING, BlockKind.ANNEX)


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
        # Staff often type their own "1." in the questions field: it is dropped, so
        # the marker below is the only number and the writers number once.
        "questions": [
            f"{number}. {_persons_in(draft=draft, text=unnumbered(question), public=public)}"
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
    """The body's markup (see the module docstring) as blocks, in order."""
    builder = _BlockBuilder()
    for chunk in re.split(r"\n\s*\n", body.strip()):
        for line in (line.strip() for line in chunk.splitlines()):
            if line:
                builder.line(line)
        builder.end_chunk()
    return builder.finish()


def letter_blocks(*, draft: LetterDraft, body: str | None = None) -> list[Block]:
    """The blocks of the letter's body, as the DOCX and PDF writers lay them out:
    the edited ``body`` when staff changed it, else the rendered one."""
    return blocks(body or render_body(draft=draft))


def unnumbered(text: str) -> str:
    """``text`` without the list numbers it starts with ("1. 1. Why?" -> "Why?")."""
    text = text.strip()
    while match := _ITEM.match(text):
        text = text[match.end() :]
    return text


@dataclass
class _BlockBuilder:
    """Line by line: a paragraph ends at a blank line, a list at the first line
    that is neither an item nor the continuation of one."""

    done: list[Block] = field(default_factory=list)
    paragraph: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    start: int = 1
    in_item: bool = False  # the last line was (part of) an item in this chunk
    annex_pending: bool = False  # "---" seen, title not yet
    annex_seen: bool = False

    def line(self, line: str) -> None:
        if line == ANNEX:
            self._flush(lists=True)
            self.annex_pending = True
        elif line.startswith(HEADING) or line == HEADING.strip():
            self._flush(lists=True)
            self._heading(line.removeprefix(HEADING.strip()).strip())
        elif match := _ITEM.match(line):
            self._flush(lists=False)
            self._open_annex_untitled()
            if not self.items:
                self.start = int(match.group(1))
            self.items.append(unnumbered(line))
            self.in_item = True
        elif self.in_item:
            self.items[-1] = f"{self.items[-1]} {line}"
        else:
            self._flush_list()
            self._open_annex_untitled()
            self.paragraph.append(line)

    def end_chunk(self) -> None:
        # A list goes on across blank lines (one question per paragraph); a paragraph
        # does not.
        self._flush(lists=False)
        self.in_item = False

    def finish(self) -> list[Block]:
        self._flush(lists=True)
        self._open_annex_untitled()
        return self.done

    def _heading(self, text: str) -> None:
        starts_annex = self.annex_pending or (
            not self.annex_seen and text.casefold().startswith(_ANNEX_WORDS)
        )
        if starts_annex and not self.annex_seen:
            self.done.append(Block(text=text, kind=BlockKind.ANNEX))
            self.annex_seen = True
        elif text:
            self.done.append(Block(text=text, kind=BlockKind.HEADING))
        self.annex_pending = False

    def _open_annex_untitled(self) -> None:
        if self.annex_pending:
            self._heading("")

    def _flush(self, *, lists: bool) -> None:
        if self.paragraph:
            self.done.append(Block(text=" ".join(self.paragraph)))
            self.paragraph = []
        if lists:
            self._flush_list()

    def _flush_list(self) -> None:
        if self.items:
            self.done.append(Block(kind=BlockKind.LIST, items=tuple(self.items), start=self.start))
            self.items = []
            self.in_item = False


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
