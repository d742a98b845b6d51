"""Recommendations written as prose: UPR compilations and summaries, treaty body
concluding observations, special procedures country reports.

Each family is recognised from the document itself (its symbol on the first page, or
its title), never from the file name:
- ``compilation``: A/HRC/WG.6/<session>/<ISO>/2 or /3, "Compilation prepared by the
  Office ..." / "Summary of stakeholders' submissions"; one recommendation per sentence
  in which a body recommends, urges, encourages, invites, requests or calls on the State,
  or states that it "should" act; lettered sub-items stay inside their sentence;
- ``treaty_body``: CAT/C/SVN/CO/4, CCPR/C/..., E/C.12/...; sentences with the same verbs
  in the present tense ("The Committee recommends that the State party ..."), each lettered
  sub-item after a lead-in ("... the State party:") a recommendation of its own, the lead-in
  kept as context; the follow-up paragraph ("within one year ... paras. 12 (a) and 30")
  marks the recommendations it names as priority items;
- ``special_procedures``: A/HRC/<session>/<n>/Add.<k>, "Report of the Special Rapporteur
  on ... on his/her visit to ..."; the "Recommendations" section, addressed in turn to the
  Government, parliament, the judiciary, civil society, the international community,
  businesses: numbered paragraphs and their sub-items.

Footnote markers glued to words ("ICRMW.9", "workers12", "2019" + "86") are removed by
following the document's own footnote numbering (1, 2, 3 ... in reading order), so a
number that is part of the text ("Convention No. 189") stays; GE numbers, bar codes and
the endnotes after a "Notes" heading never reach a recommendation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .text import Paragraph

# ------------------------------------------------------------------ families
COMPILATION_SYMBOL = re.compile(r"\bA/HRC/WG\.6/\d+/[A-Z]{3}/[23]\b")
COMPILATION_TITLE = re.compile(
    r"\b(?:Compilation|Summary) (?:prepared by the Office|of (?:the )?(?:stakeholders|"
    r"information|other stakeholders))",
    re.I,
)
# the fourth cycle's title, a paragraph of its own: "Compilation on Kazakhstan", above
# "Report of the Office of the United Nations High Commissioner for Human Rights"
COMPILATION_HEADING = re.compile(
    r"^(?:Compilation|Summary of stakeholders\W{1,2}submissions) on (?:the )?[A-Z]"
)
# the Committee on Economic, Social and Cultural Rights is a Council body: E/C.12/KAZ/CO/3,
# without the "/C" of the treaty bodies (CAT/C/SVN/CO/4)
TREATY_SYMBOL = re.compile(
    r"(?<![\w/])(?:(?P<body>CAT|CCPR|CERD|CEDAW|CRC|CRPD|CED|CMW)/C|(?P<cescr>E/C\.12))"
    r"/(?:[A-Z]{3}/)?CO/[\w-]+"
)
TREATY_TITLE = re.compile(r"\bConcluding observations (?:on|concerning) the\b", re.I)
SP_SYMBOL = re.compile(r"\bA/HRC/\d+/\d+/Add\.\d+\b")
SP_TITLE = re.compile(
    r"\bReport of the (?P<body>(?:Special Rapporteur|Independent Expert|Working Group"
    r"|Special Representative)\b[^.]{0,300}?)\s+on (?:(?:his|her|its|their) )?(?:visit|mission)s?"
    r" to\b",
    re.I,
)
# the current layout: "Visit to Kazakhstan" above "Report of the Special Rapporteur on ...,
# Jane Example" (the mandate holder's name after the last comma, a footnote star after it)
SP_REPORT_OF = re.compile(
    r"^Report of the (?P<body>(?:Special Rapporteur|Independent Expert|Working Group"
    r"|Special Representative)\b.{0,400}?)(?:,(?:\s+[A-Z][\w.\u2019'-]*)+)?\s*\**$"
)
SP_VISIT = re.compile(r"^(?:Visit|Mission|Country visit) to\b")
TREATY_NAMES = {"E/C.12": "CESCR", "CCPR": "Human Rights Committee"}


# a committee's name on the first page, when its symbol is missing from the text layer
COMMITTEE_NAMES = {
    "Committee against Torture": "CAT",
    "Committee on the Elimination of Racial Discrimination": "CERD",
    "Committee on the Elimination of Discrimination against Women": "CEDAW",
    "Committee on the Rights of the Child": "CRC",
    "Committee on the Rights of Persons with Disabilities": "CRPD",
    "Committee on Enforced Disappearances": "CED",
    "Committee on Migrant Workers": "CMW",
    "Committee on the Protection of the Rights of All Migrant Workers": "CMW",
    "Committee on Economic, Social and Cultural Rights": "CESCR",
    "Human Rights Committee": "Human Rights Committee",
}
_COMMITTEE_NAME = re.compile("|".join(re.escape(n) for n in COMMITTEE_NAMES))


def _treaty_body(m: re.Match[str]) -> str:
    symbol_body = m.group("body") or m.group("cescr")
    return TREATY_NAMES.get(symbol_body, symbol_body)


FAMILY_LABELS = {
    "upr_report": "UPR Working Group report",
    "compilation": "UPR compilation or summary",
    "treaty_body": "treaty body concluding observations",
    "special_procedures": "special procedures country report",
    "statement": "end-of-mission statement",
    "generic": "unrecognised document (generic rules)",
}


def front_text(paragraphs: list[Paragraph]) -> str:
    """The first page (or the first paragraphs of a document without pages)."""
    first = [p.text for p in paragraphs if p.page == 1][:40] or [p.text for p in paragraphs[:15]]
    return " ".join(first)[:6000]


def special_procedure_of(paragraphs: list[Paragraph]) -> tuple[str, bool]:
    """(mandate, visit): the special procedure a report is by ("Special Rapporteur on
    the right to food"), and whether its first page says it reports on a country visit."""
    first = [p.text for p in paragraphs if p.page == 1][:40] or [p.text for p in paragraphs[:15]]
    title = SP_TITLE.search(" ".join(first)[:6000])
    if title:
        return _mandate(title.group("body")), True
    visit = any(SP_VISIT.match(t) for t in first)
    for text in first:
        m = SP_REPORT_OF.match(re.sub(r"\s+", " ", text).strip())
        if m:
            return _mandate(m.group("body")), visit
    return "", False


def _mandate(name: str) -> str:
    name = re.sub(r"\s+", " ", name).strip(" ,*")
    # "..., Jane Example": the mandate holder's name, capitalised words after the last comma
    # (a mandate's own commas are followed by lower case: "cruel, inhuman or degrading")
    name = re.sub(r",(?:\s+[A-Z][\w.\u2019'-]*)+$", "", name)
    return name[:1].upper() + name[1:]


def detect_family(paragraphs: list[Paragraph]) -> tuple[str, str]:
    """(family, body): the prose family of a document and the body that speaks in it
    (a treaty body's acronym, a special procedure's title). The masthead's symbol decides
    first (a report cites other bodies' symbols further down), then the title."""
    head = " ".join(p.text for p in paragraphs[:3])[:1500]
    front = front_text(paragraphs)
    sp_body, visit = special_procedure_of(paragraphs)
    treaty = TREATY_SYMBOL.search(head)
    if COMPILATION_SYMBOL.search(head):
        return "compilation", ""
    if treaty:
        return "treaty_body", _treaty_body(treaty)
    if SP_SYMBOL.search(head):
        return "special_procedures", sp_body or "Special procedure"
    if COMPILATION_TITLE.search(front) or any(
        COMPILATION_HEADING.match(p.text) for p in paragraphs[:40] if p.page == 1
    ):
        return "compilation", ""
    if TREATY_TITLE.search(front):
        treaty = TREATY_SYMBOL.search(front)
        named = _COMMITTEE_NAME.search(front)
        body = _treaty_body(treaty) if treaty else COMMITTEE_NAMES[named.group(0)] if named else ""
        return "treaty_body", body or "Committee"
    if re.search(
        r"\bend[- ]of[- ](?:mission|visit)\b|\bpreliminary (?:findings|observations)\b"
        r"|\bat the (?:end|conclusion|close) of (?:his|her|its|their|the|a) (?:\w+ ){0,2}"
        r"(?:visit|mission)\b",
        front,
        re.I,
    ):
        return "statement", ""  # a statement may announce "the report on his visit to ..."
    if visit:
        return "special_procedures", sp_body
    return "generic", ""


# ------------------------------------------------------------ clean-up
FURNITURE = re.compile(
    r"\bGE\.\d{2}-\d{4,6}\s*(?:\([A-Z]\))?(?:\s*\*\d{6,}\*)?"  # GE.14-14064 (E) *1414064*
    r"|\*\d{6,}\*"
    r"|\bPlease recycle\b"
)
NOTES_HEADING = re.compile(r"^(?:End)?[Nn]otes$")
_GLUED = re.compile(r"(?<=[A-Za-z.,;:)\]\u201d\"\u2019'])(\d{1,3})(?=[\s,;.:)\u201d\"\u2019]|$)")
_YEAR_GLUED = re.compile(r"(?<![\d/.-])((?:19|20)\d\d)(\d{1,3})(?=[\s,;.:)]|$)")


class Footnotes:
    """Strips footnote markers by following the document's numbering: a number glued
    to a word (or to a year) is a marker when it is the next footnote (or one of the
    next three: a marker may be lost in the text layer)."""

    def __init__(self) -> None:
        self.expected = 1

    def _take(self, n: int) -> bool:
        if self.expected <= n <= self.expected + 3:
            self.expected = n + 1
            return True
        return False

    def remove(self, text: str) -> str:
        out, pos = [], 0
        hits = sorted(
            [(m.start(1), m.end(1), int(m.group(1))) for m in _GLUED.finditer(text)]
            + [(m.start(2), m.end(2), int(m.group(2))) for m in _YEAR_GLUED.finditer(text)]
        )
        for start, end, n in hits:
            if start < pos or re.search(r"\bJS$", text[:start]):
                continue  # "JS3": a joint submission's code in a stakeholder summary
            # "target 16.9" is a number; "in 2012.15" is a year and its marker, and so is
            # "Convention No. 87.8" ending a sentence when 8 is the very next footnote
            decimal = start >= 2 and text[start - 1] == "." and text[start - 2].isdigit()
            year = re.search(r"(?:^|\D)(?:19|20)\d\d\.$", text[:start])
            ends = n == self.expected and re.match(r"\s+[A-Z(]|\s*$", text[end:])
            if decimal and not year and not ends:
                continue
            if self._take(n):
                out.append(text[pos:start])
                pos = end
        out.append(text[pos:])
        return "".join(out)


def clean(text: str) -> str:
    text = FURNITURE.sub(" ", text)
    return re.sub(r"\s+", " ", text).strip()


# ------------------------------------------------------------- blocks
@dataclass
class Block:
    number: str  # the document's paragraph number ("25"), else its position
    page: int
    lead: str
    section: str  # the nearest heading above
    headings: list[str] = field(default_factory=list)  # headings since the previous block
    subitems: list[list] = field(default_factory=list)  # [letter, text, page]


_NUM = re.compile(r"^\d{1,3}\.?$")
_LETTER = re.compile(r"^\(?([a-z]{1,4})[.)]$")
_ROMAN = re.compile(r"^(?:i|ii|iii|iv|v|vi|vii|viii|ix|x|xi|xii)$")


SYMBOL = re.compile(r"\b[A-Z]{1,6}(?:\.\d+)?(?:/[A-Za-z0-9.-]+){2,}")


def own_symbol(paragraphs: list[Paragraph]) -> str:
    """The document's own symbol, from its masthead (A/HRC/WG.6/20/SVN/2, CAT/C/SVN/CO/4)."""
    m = SYMBOL.search(" ".join(p.text for p in paragraphs[:3])[:1500])
    return m.group(0) if m else ""


def blocks(paragraphs: list[Paragraph], footnotes: Footnotes) -> list[Block]:
    """Numbered paragraphs with their lettered sub-items; the endnotes are left out."""
    out: list[Block] = []
    section = ""
    pending: list[str] = []
    own = own_symbol(paragraphs)
    for i, p in enumerate(paragraphs):
        text = footnotes.remove(p.text)
        if own and i >= 3 and own in text:
            # the running head of a short document (too few pages to be seen repeating)
            text = re.sub(rf"\s*\b{re.escape(own)}(?![\w/])\s*", " ", text).strip()
        if p.kind == "heading":
            heading = clean(text)
            if not heading:
                continue  # a running head, gone with the document's symbol
            if NOTES_HEADING.match(heading):
                break
            section = heading
            pending.append(heading)
            continue
        text, stop = _cut_notes(text)
        letter = _LETTER.match(p.marker)
        if not p.marker and not pending and out and _continues(out[-1], text, p.page):
            _append(out[-1], text)  # a sentence cut by a page break (plain-text exports)
        elif letter and out and _is_subitem(letter.group(1), out[-1]):
            tag = letter.group(1)
            if _ROMAN.match(tag) and out[-1].subitems and not _next_letter(out[-1], tag):
                out[-1].subitems[-1][1] += f" ({tag}) {text}"  # (i), (ii) inside a sub-item
            else:
                out[-1].subitems.append([tag, text, p.page])
        elif p.marker and not _NUM.match(p.marker) and out and out[-1].subitems:
            out[-1].subitems.append(["", text, p.page])  # a bullet under a lead-in
        else:
            number = p.marker.rstrip(".") if _NUM.match(p.marker) else str(p.number)
            lead = f"({p.marker.strip('()')}) {text}" if letter else text
            out.append(Block(number, p.page, lead, section, pending))
            pending = []
        if stop:
            break
    for b in out:
        b.lead = clean(b.lead)
        for s in b.subitems:
            s[1] = re.sub(r"\s*[;,]\s*(?:and|or)?$", "", clean(s[1]))
    return out


def _continues(block: Block, text: str, page: int) -> bool:
    """A paragraph starting in lower case on a later page, with no heading between (a
    running head aside), goes on with the paragraph the page break cut."""
    last_page = block.subitems[-1][2] if block.subitems else block.page
    return text[:1].islower() and page > last_page


def _append(block: Block, text: str) -> None:
    if block.subitems:
        block.subitems[-1][1] += " " + text
    else:
        block.lead += " " + text


def _cut_notes(text: str) -> tuple[str, bool]:
    """Endnotes glued to the last paragraph ("... programmes. Notes Convention No. 111")."""
    m = re.search(r"(?:^|(?<=[.;:!?\u201d\"\u2019)])\s)\s*(?:End)?[Nn]otes\s+(?=[A-Z0-9])", text)
    return (text[: m.start()], True) if m else (text, False)


def _is_subitem(tag: str, block: Block) -> bool:
    if not block.subitems:
        return tag in ("a", "i") or bool(re.search(r"[:;]\s*$|\b(?:and|or)\s*$", block.lead))
    return True


def _next_letter(block: Block, tag: str) -> bool:
    last = block.subitems[-1][0]
    return len(last) == 1 and len(tag) == 1 and ord(tag) == ord(last) + 1


# -------------------------------------------------------------- sentences
_ABBREV = "".join(
    rf"(?<!\b{a})"
    for a in (
        *("No", "Nos", "para", "paras", "art", "arts", r"e\.g", r"i\.e", "Mr", "Ms", "Mrs"),
        *("Dr", "St", "vol", "p", "pp", "cf"),
    )
)
SENTENCE_END = re.compile(rf"{_ABBREV}(?<=[.!?])[\"\u201d\u2019)]?\s+(?=[A-Z(\u201c\"])")
TRAILING_HEADING = re.compile(r"(?<=[.;:!?\u201d\"\u2019)])\s+(?:[IVX]{1,5}|[A-Z])\.\s+[A-Z][^.]*$")


def sentences(text: str) -> list[str]:
    text = TRAILING_HEADING.sub("", text).strip()
    parts = [s.strip() for s in SENTENCE_END.split(text) if s.strip()]
    # a heading glued before the next sentence ("B. Constitutional framework CRC noted")
    return [p for p in parts if not re.fullmatch(r"(?:[IVX]{1,5}|[A-Z])\.", p)]


# -------------------------------------------------------------- cues
VERB = (
    r"(?P<verb>recommend(?:s|ed)?|urg(?:es|ed|e)|encourag(?:es|ed|e)|invit(?:es|ed|e)"
    r"|request(?:s|ed)?|call(?:s|ed)? (?:(?:up)?on|for)|suggest(?:s|ed)?(?= that\b)"
    r"|reiterat(?:es|ed) (?:its|their|his|her) (?:previous |earlier )?"
    r"(?:recommendation|call|request)s?)"
)
_ADV = (
    r"(?:(?:also|further|again|strongly|therefore|however|furthermore|moreover|thus"
    r"|once again|in particular|inter alia|finally|additionally)\s*,?\s*)*"
)
ACTIVE = re.compile(rf"\b{VERB}\b", re.I)
# what may not follow a recommending verb: a table cell ("Visits requested - -"), a
# number, "requests by treaty bodies", "encouraged by the adoption", "invited in 2012"
NOT_AFTER = re.compile(
    rf"^,?\s*{_ADV}(?:[\u2013\u2014-]|\d|(?:by|with|in|at|for|from|under|of|during)\b|[.;:]?\s*$)",
    re.I,
)
PASSIVE = re.compile(
    r"\b(?:is|was|are|were|has been|have been|had been)\s+(?:also\s+|further\s+|strongly\s+)*"
    r"(?P<verb>recommended|urged|encouraged|invited|requested|called (?:up)?on)"
    r"(?:\s+by\s+(?P<agent>[^,;.]{1,100}?))?\s+to\b",  # "was urged by AI to"
    re.I,
)
STATED_SHOULD = re.compile(
    r"\b(?:stated|said|considered|considers|emphasi[sz]ed|emphasi[sz]es|stressed|stresses"
    r"|underlined|underlines|indicated|observed|added|reiterated|reiterates|held|believes"
    r"|believed|was of the view|is of the view|noted|notes)\s+that\b[^.]{0,300}?"
    r"\b(?P<verb>should|must|ought to)\b",
    re.I,
)
SHOULD = re.compile(r"\b(?P<verb>should|must)\s+(?!not\s+be\b)(?:\w+ly\s+)?(?!be able\b)\w+", re.I)
ONLY_NOTES = re.compile(
    r"^(?:While\b[^,]*,\s*)?(?:[\w\s()-]{0,80}?)\b(?:is|was|are|were|remains?|remained)\s+"
    r"(?:\w+ly\s+)?(?:concerned|encouraged by|pleased)|\b(?:notes|noted|welcomes|welcomed|"
    r"regrets|regretted|appreciates|takes note|took note)\b",
    re.I,
)
SIMILAR = re.compile(
    r"\bmade (?:a )?similar recommendations?\b|\bsimilar recommendations? (?:was|were) made\b", re.I
)

STRENGTHS = [
    ("urges", r"^urg"),
    ("calls upon", r"^call"),
    ("requests", r"^request|^invit"),
    ("encourages", r"^encourag"),
    ("recommends", r"^recommend|^reiterat"),
    ("should", r"^(?:should|must|ought)"),
]


def strength_of(verb: str) -> str:
    v = verb.lower()
    return next((name for name, pat in STRENGTHS if re.match(pat, v)), "recommends")


@dataclass
class Cue:
    verb: str
    start: int  # where the verb starts in the sentence
    agent: str = ""  # who asks, in a passive sentence that names it ("urged by AI to")


def cue(sentence: str, family: str, state: str = "") -> Cue | None:
    """The recommending verb of a sentence, None when it only notes or welcomes;
    ``state``: the name of the State under review, when known."""
    if SIMILAR.search(sentence) and not re.search(r"\bthat\b|\bto\b", SIMILAR.split(sentence)[-1]):
        return None
    active = next((m for m in ACTIVE.finditer(sentence) if _has_object(sentence[m.end() :])), None)
    passive = PASSIVE.search(sentence)
    found = [m for m in (active, passive) if m]
    if found:
        first = min(found, key=lambda x: x.start())
        # "Slovenia was encouraged to": the State is asked; "Slovenia invited": it speaks
        if first is passive or not _state_speaks(sentence[: first.start()], state):
            agent = (first.group("agent") or "") if first is passive else ""
            return Cue(first.group("verb"), first.start(), agent)
    stated = STATED_SHOULD.search(sentence)
    if stated and not _state_speaks(sentence[: stated.start()], state):
        return Cue(stated.group("verb"), stated.start("verb"))
    if family in ("treaty_body", "special_procedures"):
        should = SHOULD.search(sentence)
        if should and not ONLY_NOTES.search(sentence[: should.start()]):
            return Cue(should.group("verb"), should.start())
    return None


def _has_object(after: str) -> bool:
    """A verb that recommends takes an object: 'that ...', 'the ratification', '(a)',
    'Slovenia to ...'; a table cell ('requested - -', 'requested HR Committee') has none."""
    if NOT_AFTER.match(after):
        return False
    rest = re.sub(rf"^,?\s*{_ADV}(?:,\s*inter alia,\s*)?", "", after.lstrip(" ,"))
    if not rest[:1].isupper():
        return True
    return bool(re.match(r"^(?:[A-Z][\w\u2019'-]*\s+){1,4}?(?:\w+\s+){0,2}(?:to|that)\b", rest))


def _state_speaks(prefix: str, state: str = "") -> bool:
    """'Slovenia reported to CAT that ...', 'the Government requested': a State does not
    recommend to itself (a summary's stakeholders and the UN bodies do)."""
    subject = re.sub(r"^(?:In \d{4},|In [^,]{0,80},|Concerned [^,]{0,160},)\s*", "", prefix.strip())
    names = r"Government|State party|State|delegation|country" + "".join(
        f"|{re.escape(form)}" for form in state_forms(state)
    )
    return bool(re.match(rf"^(?:the\s+)?(?:{names})\b", subject, re.I))


def state_forms(state: str) -> list[str]:
    """A State's name and its short forms: "United Kingdom of Great Britain and Northern
    Ireland" is also "United Kingdom", "Republic of Moldova" also "Moldova"."""
    if not state:
        return []
    forms = [state]
    if " of " in state:
        head, _, tail = state.partition(" of ")
        forms += [head, tail.removeprefix("the ")] if head not in ("Republic", "State") else [tail]
    return forms


# a State's name as written after "recommended that": capitalised words joined by "of",
# "and", "the", "d'" ("Republic of Moldova", "Bosnia and Herzegovina", "Côte d'Ivoire",
# "Democratic Republic of the Congo", "Timor-Leste")
_NAME_WORD = r"[A-Z][\w\u2019'-]*"
_STATE_NAME = (
    rf"{_NAME_WORD}(?:\s+(?:(?:of|and)\s+(?:the\s+)?)?(?:d[\u2019']\s?)?{_NAME_WORD}){{0,6}}"
)
_ADDRESSED = re.compile(
    r"\b(?:recommended|urged|encouraged|invited|requested|called (?:up)?on) (?:that )?(?:the )?"
    rf"(?P<name>{_STATE_NAME})\b(?! Committee| Special| Rapporteur)"
)
# words that name the State without naming it: the rules know them already
_NOT_A_NAME = {"The", "Government", "State", "State party", "Committee", "Special Rapporteur"}


def state_under_review(texts: list[str]) -> str:
    """The State a compilation speaks to: the name its bodies most often recommend to
    ("recommended that Slovenia", "urged the Republic of Moldova"), seen at least twice;
    a short form ("the United Kingdom") counts for the full name it begins."""
    from collections import Counter

    counts = Counter(m.group("name") for t in texts for m in _ADDRESSED.finditer(t))
    for word in _NOT_A_NAME:
        counts.pop(word, None)
    for name in list(counts):
        longer = [n for n in counts if n != name and n.startswith(name + " ")]
        if longer:
            counts[max(longer, key=counts.__getitem__)] += counts.pop(name)
    name, n = counts.most_common(1)[0] if counts else ("", 0)
    return name if n >= 2 else ""


# -------------------------------------------------------------- bodies
KNOWN_BODIES = (
    r"CAT|CRC|CERD|CEDAW|CESCR|CCPR|CRPD|CED|CMW|SPT|CEACR|ILO|UNESCO|UNHCR|UNICEF|UNFPA"
    r"|UNDP|UNAIDS|UNODC|WHO|FAO|IOM|OHCHR|UNCT|UN-Women|UN Women"
    r"|HR Committee|Human Rights Committee|United Nations country team|(?:the )?High Commissioner"
    r"|(?:the )?Secretary-General|(?:the )?Subcommittee on Prevention of Torture"
)
# Verbs a body is the subject of in compilations: a body's name stops before them ("The
# Committee against Torture welcomed ... but regretted" names the Committee against Torture)
BODY_VERBS = (
    r"also|further|strongly|recommend\w*|urg\w*|encourag\w*|invit\w*|request\w*|call\w*|suggest\w*"
    r"|reiterat\w*|stated|noted|said|was|were|is|expressed|remained|welcomed|regretted|took"
    r"|considered|observed|acknowledged|appreciated|commended|highlighted|emphasi[sz]ed"
    r"|stressed|underlined|indicated|added|recalled|reported|found|concluded|pointed|deplored"
    r"|welcomes|regrets|notes|considers|observes|expresses|remains|takes"
    r"|visited|conducted|undertook|received|sent|issued|published|raised|asked|explained"
    r"|identified|documented|described|drew|referred|addressed"
)
BODY = re.compile(
    rf"\((?P<acr>{KNOWN_BODIES})\)"
    rf"|\b(?P<known>{KNOWN_BODIES})\b"
    r"|\((?P<acr2>[A-Z][A-Za-z-]{1,8}\d*)\)(?=\s+(?:also\s+)?(?:recommend|urge|encourage|invite"
    r"|request|call|suggest|stated|noted|said))"
    r"|\b(?P<named>(?:[Tt]he\s+)?(?:Special Rapporteur|Special Representative|[Ii]ndependent "
    r"[Ee]xpert|Working Group|Committee(?: of Experts)?|Subcommittee|Expert Mechanism)"
    r"\s+(?:on|against|for)\s+"
    # a mandate's name may be long: "on the right of everyone to the enjoyment of the
    # highest attainable standard of physical and mental health"
    rf"[\w\u2019'-]+(?:,?\s+(?!(?:{BODY_VERBS})\b)[\w\u2019'-]+){{0,30}})"
    # "The Special Rapporteur on X, in her report, recommended": a clause may come between
    rf"(?=(?:,[^,.;]{{1,80}},)?\s+(?:(?:also|further|strongly)\s+)*(?:{BODY_VERBS})\b)"
    r"|\b(?P<stake>JS\d+|[A-Z][A-Za-z]?[A-Z]{1,5}\d*)\b"
    r"(?=\s+(?:also\s+)?(?:recommend|urge|encourage|invite|request|call|suggest|stated|noted|said))"
)
PRONOUN = re.compile(
    r"^(?:[^,]{0,160},\s*)?(?:It|He|She|They"
    r"|The same (?:Committee|body|expert|mandate holder|Special Rapporteur)|The Committee"
    r"|The Special Rapporteur|The [Ii]ndependent [Ee]xpert|The Working Group)\b"
)


def body_in(prefix: str) -> str:
    """The last body named in ``prefix``; bodies that speak together ("CAT, CRC and CEDAW
    recommended") are named together."""
    group: list[str] = []
    end = -1
    for m in BODY.finditer(prefix):
        name = next(m.group(g) for g in ("acr", "known", "acr2", "named", "stake") if m.group(g))
        name = re.sub(r"^[Tt]he\s+", "", name.strip(" ,"))
        between = prefix[end : m.start()] if end >= 0 else "."
        joined = re.fullmatch(r"\s*(?:,\s*(?:and\s+)?|and\s+)(?:the\s+)?", between)
        group = [*group, name] if joined else [name]
        end = m.end()
    return " and ".join([", ".join(group[:-1]), group[-1]]) if len(group) > 1 else "".join(group)


# -------------------------------------------------------------- extraction
@dataclass
class Found:
    text: str
    paragraph: str
    page: int
    body: str
    subitem: str = ""
    strength: str = "recommends"
    context: str = ""
    priority: bool = False
    section: str = ""


def extract_prose(paragraphs: list[Paragraph], family: str, doc_body: str) -> list[Found]:
    bl = blocks(paragraphs, Footnotes())
    if family == "compilation":
        found = _compilation(bl)
    else:
        found = _structured(bl, family, doc_body)
        _mark_priority(bl, found)
    return found


def _compilation(bl: list[Block]) -> list[Found]:
    out: list[Found] = []
    last_body = ""
    state = state_under_review([b.lead for b in bl])
    for b in bl:
        text = " ".join([b.lead] + [f"({t}) {s}" if t else s for t, s, _ in b.subitems])
        for s in sentences(text):
            c = cue(s, "compilation", state)
            named = body_in(s[: c.start + len(c.verb)] if c else s)
            if c and c.agent:  # "was urged by AI to": the agent is the body
                named = body_in(f"{c.agent} recommended") or re.sub(r"^the\s+", "", c.agent)
            if c:
                prefix = s[: c.start]
                body = named or last_body
                if not named and not PRONOUN.search(prefix) and prefix.strip():
                    # "Slovenia was encouraged to": the body is the one the text cites last
                    body = last_body
                out.append(Found(s, b.number, b.page, body, strength=strength_of(c.verb)))
            if named:
                last_body = named
    return out


def _structured(bl: list[Block], family: str, doc_body: str) -> list[Found]:
    out: list[Found] = []
    rec_section = _recommendation_sections(bl) if family == "special_procedures" else None
    addressed = family == "special_procedures"  # its sub-headings name addressees
    for i, b in enumerate(bl):
        in_recs = rec_section is None or i in rec_section
        if not in_recs:
            continue
        lead_sentences = sentences(b.lead)
        if family == "treaty_body" and _follow_up(b.lead):
            continue
        subitems = b.subitems or _inline_subitems(lead_sentences)
        for k, s in enumerate(lead_sentences):
            is_lead_in = subitems and k == len(lead_sentences) - 1
            c = cue(s, family)
            if not c and is_lead_in:
                # "The State party should:", "should, in line with general comment No. 36:"
                bare = re.search(r"\b(should|must)\b.{0,200}:\s*$", s)
                if bare and ONLY_NOTES.search(s[: bare.start()]):
                    bare = None  # "The Committee is concerned ... which should ...:"
                c = Cue(bare.group(1), bare.start()) if bare else None
            if is_lead_in and c:
                c = _last_cue(s) or c  # "encourages ... and recommends that it:"
            if is_lead_in:
                head = s.split("(a)")[0].strip() if not b.subitems else s
                if c or (rec_section is not None and head.endswith(":")):
                    strength = strength_of(c.verb) if c else "should"
                    for letter, text, page in subitems:
                        out.append(
                            Found(
                                text,
                                b.number,
                                page,
                                doc_body,
                                letter,
                                strength,
                                head,
                                section=b.section if addressed else "",
                            )
                        )
                continue
            if c or (rec_section is not None and _imperative(s)):
                strength = strength_of(c.verb) if c else "recommends"
                out.append(
                    Found(
                        s,
                        b.number,
                        b.page,
                        doc_body,
                        "",
                        strength,
                        section=b.section if addressed else "",
                    )
                )
    return out


def _last_cue(sentence: str) -> Cue | None:
    last = None
    for m in ACTIVE.finditer(sentence):
        if _has_object(sentence[m.end() :]):
            last = Cue(m.group("verb"), m.start())
    return last


# verbs that open a recommendation written as an order ("Decriminalize ...", "Publicly
# condemn ..."), in a recommendations section only
_ORDER_VERBS = (
    r"Ensure|Adopt|Establish|Repeal|Amend|Guarantee|Release|Ratify|Take|Consider|Continue"
    r"|Strengthen|Develop|Provide|Allocate|Investigate|Prosecute|End|Stop|Refrain|Review"
    r"|Revise|Improve|Increase|Implement|Abolish|Introduce|Promote|Protect|Recogni[sz]e"
    r"|Support|Undertake|Conduct|Create|Set up|Train|Publish|Enact|Align|Combat|Accede"
    r"|Withdraw|Lift|Remove|Reduce|Prevent|Prohibit|Ban|Criminali[sz]e|Decriminali[sz]e"
    r"|Harmoni[sz]e|Raise|Extend|Expand|Facilitate|Invest|Monitor|Collect|Make|Grant|Bring"
    r"|Allow|Enable|Cooperate|Engage|Consult|Cease|Halt|Redouble|Intensify|Step up|Accelerate"
    r"|Pursue|Maintain|Respect|Uphold|Fulfil|Comply|Address|Eliminate|Eradicate|Issue"
    r"|Incorporate|Integrate|Include|Involve|Design|Elaborate|Formulate|Finali[sz]e|Launch"
    r"|Fund|Assess|Evaluate|Register|Regulate|Clarify|Define|Disseminate|Compensate"
    r"|Rehabilitate|Restore|Reform|Designate|Appoint|Submit|Respond|Accept|Sign|Condemn"
    r"|Refer|Put an end|Put in place|Give|Apply|Mainstream|Reinforce|Reconsider|Rescind"
    r"|Revoke|Abstain|Avoid|Seek|Request|Invite|Close|Open|Dismantle|Disband|Return"
)
IMPERATIVE = re.compile(
    r"^(?:(?:Immediately|Urgently|Promptly|Publicly|Effectively|Swiftly|Fully|Systematically"
    rf"|Further|Also)\s+(?i:{_ORDER_VERBS})|(?:{_ORDER_VERBS}))\b"
)


def _imperative(s: str) -> bool:
    return bool(IMPERATIVE.match(s))


_INLINE = re.compile(r"\(([a-z])\)\s+")


def _inline_subitems(lead_sentences: list[str]) -> list[list]:
    """'... the State party: (a) ensure ...; (b) adopt ...' written on one line."""
    if not lead_sentences:
        return []
    last = lead_sentences[-1]
    parts = _INLINE.split(last)
    if len(parts) < 5 or parts[1] != "a":
        return []
    items = []
    for j in range(1, len(parts) - 1, 2):
        text = re.sub(r"[;,]?\s*(?:and|or)?\s*$", "", parts[j + 1].strip()).strip()
        items.append([parts[j], text, 0])
    return items


_REC_HEAD = re.compile(r"\brecommendations?\b", re.I)
_TOP_HEAD = re.compile(r"^(?:[IVX]{1,5}\.\s|Annex|Appendix|Notes|Endnotes)", re.I)


def _recommendation_sections(bl: list[Block]) -> set[int] | None:
    """Blocks under a heading naming recommendations, down to the next top-level heading
    (addressee sub-headings such as 'B. To parliament' stay inside)."""
    inside: set[int] = set()
    current = False
    for i, b in enumerate(bl):
        for heading in b.headings:
            if _REC_HEAD.search(heading):
                current = True
            elif _TOP_HEAD.match(heading):
                current = False
        if current:
            inside.add(i)
    return inside or None


FOLLOW_UP = re.compile(
    r"\b(?:within (?:one|1|two|2) years?|within (?:12|24) months|by \d{1,2} \w+ \d{4})\b"
    r"[^.]*?\b(?:paras?\.|paragraphs?)\s*(?P<refs>[\d\s(),a-z\u2013-]+(?:and\s+[\d\s(),a-z]+)*)",
    re.I,
)


# the Committee on the Rights of the Child names its priorities at the start instead:
# "... the following areas, in respect of which urgent measures must be taken: birth
# registration (para. 19), violence against children (paras. 24 and 26) ..."
URGENT = re.compile(r"\burgent measures (?:must|should|need to) be taken\b", re.I)


def _follow_up(text: str) -> list[tuple[str, str]] | None:
    """The recommendations a priority paragraph names: (paragraph, sub-item) pairs."""
    if URGENT.search(text):
        refs = [
            (num, "")
            for group in re.findall(r"\(paras?\.\s*([^)]*)\)", text)
            for num in re.findall(r"\d{1,3}", group)
        ]
        return refs or None
    m = FOLLOW_UP.search(text)
    if not m or not re.search(r"follow[- ]up|implement", text, re.I):
        return None
    refs = []
    para = ""
    for num, letter in re.findall(r"(\d{1,3})|\(([a-z])\)", m.group("refs")):
        if num:
            para = num
            refs.append((para, ""))
        elif para:
            if refs and refs[-1] == (para, ""):
                refs.pop()
            refs.append((para, letter))
    return refs or None


def _mark_priority(bl: list[Block], found: list[Found]) -> None:
    for b in bl:
        refs = _follow_up(b.lead)
        if not refs:
            continue
        for f in found:
            if any(f.paragraph == p and (not s or f.subitem == s) for p, s in refs):
                f.priority = True
