"""Find recommendations in a document's paragraphs.

Three strategies, tried in order, because a document that has an explicit list
states its recommendations there and its prose only repeats or prepares them:
1. UPR numbered paragraphs: ``115.1 Ratify ... (Croatia);`` (sub-numbered
   paragraphs ending with the recommending States in parentheses);
2. list items (bulleted or numbered) under a heading that names recommendations;
   without list items there, the section's paragraphs with recommending language;
3. otherwise, sentences anywhere with recommending language ("I recommend",
   "urges the Government to", "should be released").
Before 2 and 3, a document without UPR paragraphs that is a UPR compilation or summary,
treaty body concluding observations or a special procedures country report (recognised
from its masthead symbol or title) is read by the prose rules of ``prose``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from .entities import find_instruments, find_places
from .prose import FAMILY_LABELS, Found, detect_family, extract_prose, strength_of
from .text import Paragraph


@dataclass
class Recommendation:
    text: str
    paragraph: str
    page: int
    addressee: str
    recommending_states: list[str] = field(default_factory=list)
    themes: list[dict] = field(default_factory=list)
    instruments: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    body: str = ""  # who recommends: a treaty body, a special procedure, an agency
    subitem: str = ""  # the letter of a sub-item ("a"), empty for a whole sentence
    strength: str = "recommends"  # recommends, urges, encourages, calls upon, requests, should
    priority: bool = False  # named for follow-up within one year (treaty bodies)
    context: str = ""  # the lead-in of a sub-item ("The Committee recommends that ...:")

    def as_dict(self) -> dict:
        return asdict(self)


UPR_NUMBER = re.compile(r"^\d{1,3}\.\d{1,3}$")
REC_HEADING = re.compile(r"\brecommendations?\b", re.I)
RECOMMENDING = re.compile(
    r"\b(I|we)\s+(?:\w+ly\s+)?(recommend|urge|call (?:on|upon)|encourage|invite|request)"
    r"|\b(recommends?|urges?|calls? (?:on|upon)|requests?)\s+(?:that\s+)?(?:the\s+)?[A-Z]\w*"
    r"|\b(should|must|ought to|needs? to|is urged to|are urged to)\b"
    r"|^\s*(?:Ensure|Adopt|Establish|Repeal|Amend|Guarantee|Release|Ratify|Take|Consider|Continue|Strengthen)\b",
    re.I,
)

ADDRESSEES = [  # (category, subject pattern); the first whose subject leads an active clause wins
    (
        "Embassies and international organisations",
        r"embass(?:y|ies)|diplomatic (?:missions|community)|EU Delegation|European Union"
        r"|international (?:organi[sz]ations|community|agencies)|donors?|UN agencies|OSCE"
        r"|United Nations(?! country team| High Commissioner)",
    ),
    ("Parliament", r"Parliament|legislat(?:ure|ors)|Majlisi|National Assembly|lawmakers"),
    ("Judiciary", r"judiciary|courts?|judges|prosecutors?|Supreme Court"),
    (
        "National human rights institution",
        r"Ombudsman|Ombudsperson|national human rights institution|NHRI",
    ),
    (
        "Civil society",
        r"civil society|NGOs|non-governmental organi[sz]ations|human rights defenders",
    ),
    ("Business", r"business(?:es| enterprises)|companies|private sector|corporations"),
    ("Government", r"Government|authorities|State|Ministry|President|police"),
]
_ACTIVE = (
    r"\s*(?:,[^.;]{0,200}?,\s*)?"
    r"(?:should|must|(?:are|is) (?:urged|encouraged|called upon) to)"
    r"\s+(?:\w+ly\s+)*(?!be\b|have\b|not be\b)\w+"
)
_CALL_ON = (
    r"(?:urges?|calls? (?:on|upon)|recommends? (?:that )?|invites?|encourages?)\s+(?:the\s+)?"
)


_CALLED_ON = [(name, re.compile(rf"{_CALL_ON}(?:{pat})", re.I)) for name, pat in ADDRESSEES]
_SUBJECT = [
    (
        name,
        re.compile(
            rf"^\s*(?:The\s+|All\s+)?(?:[\w-]+\s+){{0,2}}?(?:{pat})\b[^.;]{{0,120}}?{_ACTIVE}",
            re.I,
        ),
    )
    for name, pat in ADDRESSEES
]


def called_on(text: str) -> str:
    """The addressee a sentence names as the object of 'urge/call on/encourage X'."""
    return next((name for name, pattern in _CALLED_ON if pattern.search(text)), "")


def addressee_of(text: str) -> str:
    """Who must act: the subject of an active 'X should <verb>' clause, or the object
    of 'urge/call on X', else the Government (what a mission report is addressed to).
    'X should be able to' is about X's rights, not a call on X, so it does not count."""
    return called_on(text) or subject_of(text)


def subject_of(text: str) -> str:
    """The subject of an active 'X should <verb>' clause, else the Government."""
    for sentence in re.split(r"(?<=[.;])\s+", text):
        for name, pattern in _SUBJECT:
            if pattern.match(sentence):
                return name
    return "Government"


# ------------------------------------------------------------ UPR paragraphs
def split_states(text: str) -> tuple[str, list[str]]:
    """Split '… (Senegal, Venezuela (Bolivarian Republic of));' into the body and the States."""
    core = text.rstrip().rstrip(";.,").rstrip()
    if not core.endswith(")"):
        return text.strip(), []
    depth, i = 0, len(core) - 1
    while i >= 0:
        depth += {")": 1, "(": -1}.get(core[i], 0)
        if depth == 0:
            break
        i -= 1
    inside = core[i + 1 : -1]
    parts, depth, cur = [], 0, ""
    for ch in inside:  # split on top-level commas only
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if ch == "," and depth == 0:
            parts.append(cur.strip())
            cur = ""
        else:
            cur += ch
    parts.append(cur.strip())
    if i < 0 or not all(_looks_like_state(p) for p in parts):
        return text.strip(), []
    # a lower-case initial is a typo in the report ("(netherlands)"), except "the former …"
    parts = [q if q.startswith("the ") else q[:1].upper() + q[1:] for q in parts]
    return core[:i].rstrip(), parts


def _looks_like_state(name: str) -> bool:
    # State names are capitalised words ("the former Yugoslav Republic of Macedonia" too);
    # acronyms such as "ICRMW" or "OP-CAT" are instruments, not States
    return bool(re.fullmatch(r"[A-Za-z][\w'\u2019 .()-]{2,80}", name)) and not re.fullmatch(
        r"[A-Z0-9-]{2,}", name
    )


def segments(text: str) -> list[tuple[str, list[str]]]:
    """A UPR paragraph may join several recommendations, each ending with its States:
    'Abolish X (Spain); establish Y (Belgium);' gives two segments."""
    out = []
    for piece in re.split(r"(?<=\));\s+", text.strip()):
        body, states = split_states(piece)
        out.append((body, states))
    return out


def _upr(paragraphs: list[Paragraph]) -> list[Recommendation]:
    recs = []
    for p in paragraphs:
        if UPR_NUMBER.match(p.marker.rstrip(".")) and split_states(p.text)[1]:
            text = _trim_after_states(p.text)
            states = [s for _, ss in segments(text) for s in ss]
            body = split_states(text)[0]  # earlier segments keep their own "(State);"
            recs.append(
                Recommendation(body, p.ident, p.page, "Government", list(dict.fromkeys(states)))
            )
    return recs if len(recs) >= 2 else []


def _trim_after_states(text: str) -> str:
    # anything after the last '(States);' is page furniture that slipped through
    m = list(re.finditer(r"\)\s*[;.]", text))
    return text[: m[-1].end()] if m else text


# --------------------------------------------------------- sections / prose
def _sections(paragraphs: list[Paragraph]) -> list[list[Paragraph]]:
    out: list[list[Paragraph]] = []
    current: list[Paragraph] | None = None
    for p in paragraphs:
        if p.kind == "heading":
            current = [] if REC_HEADING.search(p.text) else None
            if current is not None:
                out.append(current)
        elif current is not None:
            current.append(p)
    return out


def _from_sections(paragraphs: list[Paragraph]) -> list[Paragraph]:
    found = []
    for section in _sections(paragraphs):
        items = [p for p in section if p.kind == "item"]
        if items:
            # the list ends at the first ordinary paragraph after it (closing remarks)
            first = section.index(items[0])
            run = []
            for p in section[first:]:
                if p.kind != "item":
                    break
                run.append(p)
            found.extend(run)
        else:
            found.extend(p for p in section if RECOMMENDING.search(p.text))
    return found


def _from_prose(paragraphs: list[Paragraph]) -> list[tuple[Paragraph, str]]:
    out = []
    for p in paragraphs:
        if p.kind == "heading":
            continue
        for sentence in re.split(r"(?<=[.!?])\s+(?=[A-Z])", p.text):
            if PROSE_CUES.search(sentence):
                out.append((p, sentence.strip()))
    return out


PROSE_CUES = re.compile(
    r"\b(?:I|we)\s+(?:\w+ly\s+)?(?:recommend|urge|call (?:on|upon))\b"
    r"|\b(?:recommends?|urges?|calls? (?:on|upon))\s+(?:that\s+)?the\s+\w+"
    r"|\bshould\s+(?:\w+ly\s+)?(?:be\s+)?(?:released|repealed|amended|adopted|investigated|ensure|guarantee|repeal|amend|adopt|release|establish|take)\b",
    re.I,
)


# --------------------------------------------------------------- public API
# Maps texts to their theme suggestions ({label, confidence, source} each).
Classify = Callable[[list[str]], list[list[dict]]]


@dataclass
class Extraction:
    family: str  # a key of FAMILY_LABELS
    recommendations: list[Recommendation]

    @property
    def family_label(self) -> str:
        return FAMILY_LABELS[self.family]

    @property
    def generic(self) -> bool:
        """The document's family was not recognised: the generic rules read it."""
        return self.family == "generic"


def extract_recommendations(
    paragraphs: list[Paragraph], classify: Classify | None = None
) -> list[Recommendation]:
    """Recommendations of a document. ``classify`` maps a list of texts to theme lists."""
    return extract(paragraphs, classify).recommendations


_VERB = re.compile(
    r"\b(recommend|urge|encourage|call(?:s)? (?:up)?on|invite|request|should|must)", re.I
)


def extract(paragraphs: list[Paragraph], classify: Classify | None = None) -> Extraction:
    """Recommendations of a document and the family it was read as."""
    recs = _upr(paragraphs)
    family = "upr_report"
    if not recs:
        family, doc_body = detect_family(paragraphs)
        if family in ("compilation", "treaty_body", "special_procedures"):
            recs = [
                Recommendation(
                    f.text,
                    f.paragraph,
                    f.page,
                    _addressee(f),
                    body=f.body,
                    subitem=f.subitem,
                    strength=f.strength,
                    priority=f.priority,
                    context=f.context,
                )
                for f in extract_prose(paragraphs, family, doc_body)
            ]
    if not recs and family not in ("upr_report", "statement", "generic"):
        family = "generic"  # a recognised family written in an unforeseen way
    if not recs:
        picked = _from_sections(paragraphs)
        if picked:
            recs = [Recommendation(p.text, p.ident, p.page, addressee_of(p.text)) for p in picked]
        else:
            recs = [
                Recommendation(s, p.ident, p.page, addressee_of(s))
                for p, s in _from_prose(paragraphs)
            ]
    for r in recs:
        if r.recommending_states:
            r.addressee = "Government"  # UPR recommendations go to the State under review
        elif family not in ("compilation", "treaty_body", "special_procedures"):
            verb = _VERB.search(r.text)
            r.strength = strength_of(verb.group(1)) if verb else "recommends"
        r.instruments = [m.name for m in find_instruments(r.text)]
        r.places = find_places(r.text)
    if classify and recs:
        for r, themes in zip(recs, classify([r.text for r in recs]), strict=True):
            r.themes = themes
    return Extraction(family, recs)


def _addressee(f: Found) -> str:
    """A heading addressed to someone ('To parliament', 'B. The judiciary') names the
    addressee, unless the sentence calls on someone else by name ('encourages businesses
    to ...' under 'To the Government'); else the lead-in or the sentence does."""
    called = called_on(f.context or f.text)
    if called:
        return called
    for name, pattern in _HEADING_TO:
        if f.section and pattern.search(f.section):
            return name
    return subject_of(f.context or f.text)


_HEADING_TO = [
    (
        name,
        re.compile(
            rf"^(?:[A-Z\d]{{1,3}}\.\s+)?(?:(?:Recommendations?\s+)?(?:to|for|addressed to)\s+"
            rf"(?:the\s+)?(?:{pat})|(?:the\s+)?(?:{pat})\s*$)",
            re.I,
        ),
    )
    for name, pat in ADDRESSEES
]
