"""Tables for publication: the dashboard's tables as CSV and JSON files, always with
small-cell and complementary suppression, whoever downloads them.

What may be published is a fixed lattice, so that two files never differ by a sliver
that subtraction would give away (docs/insights.md, "Open data"):

- a table covers **one whole calendar year that has ended**, never a period of the
  reader's choosing: "2022" and "2022 and January 2023" cannot both exist, and two
  years share no act's count (the "certainly" figures of two years count different
  acts; "possibly" figures are never added up);
- a table counts **every country, every act type, every victim**: the page's other
  filters are refused, not applied, so "country A" is never published beside "all
  countries". Country itself is not a published dimension: a country's count is its
  regions plus its acts with no region, and the two tables would be tied together;
- the tables of one year that share totals (the acts of the year under two
  dimensions; the recommendations of the year by addressee and by source document)
  are suppressed **together** (``suppress_together``): a total hidden in one is
  hidden in the others.

Each table is built in ``build`` from the selectors the pages use, then suppressed
(``suppression.suppress``), and only then turned into text: the numbers of a hidden
figure never reach a file.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import pycountry
from django.db.models import Count, Exists, OuterRef
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rapporteur.cases.models import Act, AgeGroup, CaseStatus, Term
from rapporteur.communications.models import SENT_STATES, Communication, Kind
from rapporteur.insights import follow_up, selectors
from rapporteur.insights.dimensions import DIMENSIONS, Dimension
from rapporteur.insights.periods import Interval, Period, bucket_label
from rapporteur.insights.suppression import TOTAL, Cell, Table, suppress
from rapporteur.visits.models import Addressee, Document, Status, Theme

K = selectors.SMALL_COUNT
LANGUAGES = ("en", "ru", "tg")


class NotPublishable(ValueError):
    """A request for a table outside the lattice; the message says why, for the reader."""


@dataclass(frozen=True)
class Draft:
    """A table before suppression: exact counts, labels in the active language."""

    slug: str
    title: str
    row_header: str
    columns: list[str]
    rows: list[tuple[str, str, list[int]]]  # (key, label, counts), in the order shown
    row_totals: bool
    column_totals: bool
    shares_totals: str = ""  # tables of one year with the same key share their totals
    note: str = ""
    bounds: bool = False  # the two columns are "certainly" <= "possibly": hidden together

    def together(self) -> list[tuple[Cell, Cell]]:
        return [((i, 0), (i, 1)) for i in range(len(self.rows))] if self.bounds else []

    def order(self) -> list[int]:
        """The rows by key: the order suppression reads them in, the same in every
        language (labels sort differently in each, and a tie between two cells must
        fall the same way in every file)."""
        return sorted(range(len(self.rows)), key=lambda i: self.rows[i][0])

    def table(self) -> Table:
        width = len(self.columns)
        return Table.of(
            [self.rows[i][2] for i in self.order()] or [[0] * width],
            row_totals=self.row_totals,
            column_totals=self.column_totals,
        )

    def shown_places(self, hidden: set[Cell]) -> set[Cell]:
        """``hidden`` (places in key order) as places in the order shown."""
        where = {canonical: shown for canonical, shown in enumerate(self.order())}
        return {(where.get(i, i) if i != TOTAL else TOTAL, j) for i, j in hidden}


@dataclass(frozen=True)
class Published:
    """A table as it may leave the desk: a hidden figure is None, never a number."""

    slug: str
    year: int
    title: str
    row_header: str
    columns: list[str]
    rows: list[tuple[str, list[int | None], int | None]]  # (label, cells, row total)
    column_totals: list[int | None] | None
    grand_total: int | None
    has_row_totals: bool
    note: str = ""

    def figures(self) -> Iterable[int]:
        """Every number the table publishes (a test scans them all)."""
        for _label, cells, total in self.rows:
            yield from (c for c in cells if c is not None)
            if total is not None:
                yield total
        yield from (c for c in self.column_totals or () if c is not None)
        if self.grand_total is not None:
            yield self.grand_total


# ------------------------------------------------------------------ the tables


def _year(year: int) -> Period:
    return Period(date(year, 1, 1), date(year, 12, 31))


def _bounds_columns() -> list[str]:
    return [_("Certainly in the year"), _("Possibly in the year")]


# Every group a reader would expect in a published table, counted or not: a row that
# appeared only when it held acts would give its zero away, though zero is suppressed
# like any count below k. Terms are listed whatever their state (a retired term that
# showed only when used would say it was used).
TERM_LISTS = {
    Dimension.ACT_TYPE: "types_of_acts",  # rolled up: the top terms (``rows_of``)
    Dimension.PROFESSION: "occupation",
    Dimension.PERPETRATOR_TYPE: "types_of_perpetrators",
    Dimension.LEGAL_PROVISION: "legal_provisions",
}

NEVER_MISSING = {Dimension.ACT_TYPE, Dimension.CASE_STATUS}


def expected_keys(dimension: Dimension) -> list[Any]:
    """The keys of every group of ``dimension`` a published table lists: a closed
    vocabulary's terms at the level shown; for regions, every first-level
    subdivision of each country the desk documents cases in; and None ("not
    recorded") where a value may be missing."""
    # A case always has a status and an act a type: "not recorded" only for the rest.
    keys: list[Any] = [] if dimension in NEVER_MISSING else [None]
    if dimension in TERM_LISTS:
        terms = Term.objects.filter(list_name=TERM_LISTS[dimension])
        keys += list(terms.values_list("pk", flat=True))
    elif dimension is Dimension.SEX:
        keys += list(Term.objects.filter(list_name="sex").values_list("code", flat=True))
    elif dimension is Dimension.AGE_GROUP:
        keys += [value for value in AgeGroup.values if value]
    elif dimension is Dimension.CASE_STATUS:
        keys += list(CaseStatus.values)
    elif dimension is Dimension.REGION:
        for country, _name in selectors.countries_with_acts():
            keys += first_level_regions(country)
    return keys


def first_level_regions(country: str) -> list[str]:
    """The ISO 3166-2 codes of ``country``'s regions: its first-level subdivisions."""
    found = pycountry.subdivisions.get(country_code=country.upper()) or []
    return sorted(sub.code for sub in found if not sub.parent_code)


def every_group(dimension: Dimension, rows: list[selectors.Row]) -> list[selectors.Row]:
    """``rows`` with a zero row for each expected group they lack, in the order the
    pages use (largest first, "not recorded" last)."""
    present = {row.key for row in rows}
    groups = [(row.key, row.bounds.lower, row.bounds.upper) for row in rows]
    groups += [(key, 0, 0) for key in expected_keys(dimension) if key not in present]
    return selectors.rows_of(groups, dimension)


def _acts_by(dimension: Dimension) -> Callable[[int], Draft]:
    spec = DIMENSIONS[dimension]

    def build(year: int) -> Draft:
        found = every_group(
            dimension, selectors.breakdown(Act.objects.all(), _year(year), dimension)
        )
        return Draft(
            f"acts-{dimension.value}",
            str(spec.title),
            str(spec.label),
            _bounds_columns(),
            [
                (
                    "" if row.key is None else str(row.key),
                    row.label or _("Not recorded"),
                    [row.bounds.lower, row.bounds.upper],
                )
                for row in found
            ],
            row_totals=False,
            column_totals=True,
            # Groups of one value per act add up to the year's acts, the same in
            # every such table; groups of several values add up to more.
            shares_totals="" if spec.several_per_act else "acts",
            note=_("An act with several values counts once under each: the rows add up to more.")
            if spec.several_per_act
            else "",
            bounds=True,
        )

    return build


def _acts_by_quarter(year: int) -> Draft:
    language = (translation.get_language() or "en")[:2]
    points = selectors.series(Act.objects.all(), _year(year), Interval.QUARTER)
    return Draft(
        "acts-quarter",
        _("Acts over time"),
        _("Quarter"),
        [_("Certainly in the quarter"), _("Possibly in the quarter")],
        [
            (
                point.bucket.start.isoformat(),
                bucket_label(point.bucket, Interval.QUARTER, language),
                [point.bounds.lower, point.bounds.upper],
            )
            for point in points
        ],
        row_totals=False,
        column_totals=True,
        bounds=True,
    )


def _letters_by_type(year: int) -> Draft:
    """Letters sent in the year by type, joint with other mandates or not. Every
    letter counts, whoever asks: a published table is the same for every reader."""
    others = Communication.mandates.through.objects.filter(
        communication_id=OuterRef("pk"), specialproceduremandate__is_own=False
    )
    counts = {(kind, joint): 0 for kind in Kind.values for joint in (False, True)}
    grouped = (
        Communication.objects.filter(state__in=SENT_STATES, sent_on__year=year)
        .annotate(with_others=Exists(others))
        .order_by()
        .values("kind", "with_others")
        .annotate(n=Count("id"))
    )
    for row in grouped:
        counts[row["kind"], bool(row["with_others"])] += row["n"]
    return Draft(
        "letters-type",
        _("Communications sent, by type"),
        _("Type"),
        [_("Sent by this mandate alone"), _("Joint with other mandates")],
        [
            (value, str(label), [counts[value, False], counts[value, True]])
            for value, label in Kind.choices
        ],
        row_totals=True,
        column_totals=True,
    )


def _recommendations_by(group: str, title: Any, header: Any) -> Callable[[int], Draft]:
    def build(year: int) -> Draft:
        end = date(year, 12, 31)
        column = follow_up.GROUPS[group]
        recommendations = follow_up.accepted().filter(created_at__date__lte=end)
        if group == "theme":
            recommendations = recommendations.filter(theme_links__accepted=True)
        rows = (
            follow_up.with_status_on(recommendations, end)
            .order_by()
            .values(column, "status_then")
            .annotate(n=Count("id", distinct=True))
        )
        by_key: dict[str, dict[str, int]] = {key: {} for key in _recommendation_keys(group, end)}
        for row in rows:
            by_key.setdefault(row[column] or "", {})[row["status_then"]] = row["n"]
        labels = _recommendation_labels(group)
        found = sorted(
            (
                (key, labels(key) or _("Not recorded"), [counts.get(s, 0) for s in Status.values])
                for key, counts in by_key.items()
            ),
            key=lambda row: (-sum(row[2]), row[1]),
        )
        return Draft(
            f"recommendations-{group}",
            str(title),
            str(header),
            [str(label) for label in Status.labels],
            found,
            row_totals=True,
            column_totals=True,
            # One theme per link: themes add up to more than the recommendations.
            shares_totals="" if group == "theme" else "recommendations",
            note=_("Statuses on 31 December %(year)s of the recommendations accepted by then.")
            % {"year": year},
        )

    return build


def _recommendation_keys(group: str, end: date) -> list[str]:
    """Every group a table of recommendations lists, counted or not (as for acts:
    a missing row would give its zero away): every theme, every addressee, and each
    document on the desk by ``end`` that holds an accepted recommendation, with ""
    for recommendations of no document."""
    if group == "theme":
        return list(Theme.objects.values_list("label", flat=True))
    if group == "addressee":
        return list(Addressee.values)
    documents = Document.objects.filter(
        uploaded_at__date__lte=end, recommendations__in=follow_up.accepted()
    )
    return ["", *documents.values_list("name", flat=True).distinct()]


def _recommendation_labels(group: str) -> Callable[[str], str]:
    if group == "theme":
        return lambda key: translation.gettext(key) if key else ""
    if group == "addressee":
        names = dict(Addressee.choices)
        return lambda key: str(names.get(key, key))
    return lambda key: key


@dataclass(frozen=True)
class Publishable:
    """One publishable table: its address, its name in a list, how to build it."""

    slug: str
    name: Any
    build: Callable[[int], Draft]
    page: str  # the desk page whose table it is: "dashboard", "letters", "follow_up"


TABLES: dict[str, Publishable] = {
    table.slug: table
    for table in [
        Publishable("acts-quarter", gettext_lazy("Acts over time"), _acts_by_quarter, "dashboard"),
        *(
            Publishable(f"acts-{d.value}", spec.title, _acts_by(d), "dashboard")
            for d, spec in DIMENSIONS.items()
            if d is not Dimension.COUNTRY
        ),
        Publishable(
            "letters-type",
            gettext_lazy("Communications sent, by type"),
            _letters_by_type,
            "letters",
        ),
        Publishable(
            "recommendations-theme",
            gettext_lazy("Recommendations by theme and status"),
            _recommendations_by(
                "theme", gettext_lazy("Recommendations by theme and status"), gettext_lazy("Theme")
            ),
            "follow_up",
        ),
        Publishable(
            "recommendations-addressee",
            gettext_lazy("Recommendations by addressee and status"),
            _recommendations_by(
                "addressee",
                gettext_lazy("Recommendations by addressee and status"),
                gettext_lazy("Addressee"),
            ),
            "follow_up",
        ),
        Publishable(
            "recommendations-document",
            gettext_lazy("Recommendations by source document and status"),
            _recommendations_by(
                "document",
                gettext_lazy("Recommendations by source document and status"),
                gettext_lazy("Source document"),
            ),
            "follow_up",
        ),
    ]
}


# --------------------------------------------------------------- the lattice


def publishable_years(today: date) -> list[int]:
    """Whole years that have ended, most recent first (the desk's first ten)."""
    return list(range(today.year - 1, today.year - 11, -1))


def export_year(year: int, *, today: date) -> int:
    """The year a page's file link offers: the page's own year when it has ended and
    is publishable, else the last whole year."""
    years = publishable_years(today)
    return year if year in years else years[0]


def export_link(slug: str, year: int, *, today: date) -> dict[str, Any] | None:
    """What a page needs to link to a table's files, None for a table not published."""
    if slug not in TABLES:
        return None
    return {"slug": slug, "year": export_year(year, today=today)}


# Query-string keys a publishable table takes: the rest are filters it refuses.
ACCEPTED_KEYS = {"year"}


def read_year(query: Any, *, today: date) -> int:
    """The year a request asks for, checked against the lattice; the last whole
    year when none is given. Raises NotPublishable with the reason."""
    refused = sorted(set(query.keys()) - ACCEPTED_KEYS)
    if refused:
        raise NotPublishable(
            _(
                "A published table always covers one whole year and every country, act "
                "type and victim, so that two files never differ by a few people. "
                "These choices cannot be applied to it: %(names)s."
            )
            % {"names": ", ".join(refused)}
        )
    raw = (query.get("year") or "").strip()
    if not raw:
        return today.year - 1
    if not raw.isdigit() or len(raw) != 4:
        raise NotPublishable(
            _("“%(year)s” is not a year: give four digits, such as 2023.") % {"year": raw[:20]}
        )
    year = int(raw)
    if year not in publishable_years(today):
        raise NotPublishable(
            _(
                "Only a whole year that has ended can be published, from %(first)s to "
                "%(last)s: a year under way would change from one file to the next."
            )
            % {"first": today.year - 10, "last": today.year - 1}
        )
    return year


# ------------------------------------------------------------ suppression


def suppress_together(drafts: Sequence[Draft]) -> list[set[Cell]]:
    """Each draft's hidden places, tables that share totals suppressed together: a
    column total or the grand total hidden in one is hidden in all of them, until
    none changes."""
    tables = [draft.table() for draft in drafts]
    hidden = [suppress(t, k=K, together=d.together()) for d, t in zip(drafts, tables, strict=True)]
    while True:
        shared: dict[str, set[Cell]] = {}
        for draft, places in zip(drafts, hidden, strict=True):
            if draft.shares_totals:
                margins = {p for p in places if p[0] == TOTAL}
                shared.setdefault(draft.shares_totals, set()).update(margins)
        again = [
            suppress(
                table,
                k=K,
                also=shared.get(draft.shares_totals, set()),
                together=draft.together(),
            )
            if draft.shares_totals
            else places
            for draft, table, places in zip(drafts, tables, hidden, strict=True)
        ]
        if again == hidden:
            return hidden
        hidden = again


def publish(draft: Draft, hidden: set[Cell], year: int) -> Published:
    def shown(place: Cell, value: int) -> int | None:
        return None if place in hidden else value

    hidden = draft.shown_places(hidden)
    rows = [
        (
            label,
            [shown((i, j), value) for j, value in enumerate(counts)],
            shown((i, TOTAL), sum(counts)) if draft.row_totals else None,
        )
        for i, (_key, label, counts) in enumerate(draft.rows)
    ]
    figures = draft.table().extended()
    column_totals = (
        [shown((TOTAL, j), figures[TOTAL, j]) for j in range(len(draft.columns))]
        if draft.column_totals
        else None
    )
    grand = (
        shown((TOTAL, TOTAL), figures[TOTAL, TOTAL])
        if draft.row_totals and draft.column_totals
        else None
    )
    return Published(
        draft.slug,
        year,
        draft.title,
        draft.row_header,
        draft.columns,
        rows,
        column_totals,
        grand,
        draft.row_totals,
        draft.note,
    )


def published_tables(slugs: Sequence[str], year: int) -> list[Published]:
    """The tables named, for ``year``, suppressed together with every table of the
    year that shares their totals (so that each file agrees with all the others)."""
    wanted = [TABLES[slug] for slug in slugs]
    drafts = {slug: TABLES[slug].build(year) for slug in slugs}
    keys = {d.shares_totals for d in drafts.values() if d.shares_totals}
    for slug, table in TABLES.items():
        if slug not in drafts and any(
            slug.startswith(prefix) for prefix in ("acts-", "recommendations-")
        ):
            draft = table.build(year)
            if draft.shares_totals in keys:
                drafts[slug] = draft
    ordered = list(drafts.values())
    hidden = dict(zip(drafts, suppress_together(ordered), strict=True))
    return [publish(drafts[t.slug], hidden[t.slug], year) for t in wanted]


# ----------------------------------------------------------------- the files


def metadata(table: Published, *, generated: datetime, language: str) -> dict[str, Any]:
    return {
        "title": table.title,
        "period": str(table.year),
        "period_start": f"{table.year}-01-01",
        "period_end": f"{table.year}-12-31",
        "filters": _("Every country, act type and victim"),
        "suppression": _(
            "Counts under %(k)s are suppressed, zero included, and further counts with "
            "them so that no suppressed count can be worked out from the totals."
        )
        % {"k": K},
        "k": K,
        "generated": generated.isoformat(timespec="seconds"),
        "language": language,
        "note": table.note,
    }


def to_json(table: Published, *, generated: datetime, language: str) -> bytes:
    """The table as JSON: a suppressed figure is null."""
    body: dict[str, Any] = {
        "metadata": metadata(table, generated=generated, language=language),
        "columns": [table.row_header, *table.columns]
        + ([_("Total")] if table.has_row_totals else []),
        "rows": [
            {
                "label": label,
                "cells": cells,
                **({"total": total} if table.has_row_totals else {}),
            }
            for label, cells, total in table.rows
        ],
    }
    if table.column_totals is not None:
        body["column_totals"] = table.column_totals
    if table.has_row_totals and table.column_totals is not None:
        body["grand_total"] = table.grand_total
    return json.dumps(body, ensure_ascii=False, indent=2).encode("utf-8")


def to_csv(table: Published, *, generated: datetime, language: str) -> bytes:
    """The table as CSV in UTF-8 with a byte-order mark (so that a spreadsheet reads
    Cyrillic), a few lines of "# key: value" first, then the header and the rows;
    a suppressed figure is the word for it."""
    word = _("suppressed")
    out = io.StringIO()
    for key, value in metadata(table, generated=generated, language=language).items():
        if value != "":
            out.write(f"# {key}: {' '.join(str(value).split())}\r\n")
    writer = csv.writer(out, lineterminator="\r\n")
    header = [table.row_header, *table.columns]
    if table.has_row_totals:
        header.append(_("Total"))
    writer.writerow(header)

    def text(value: int | None) -> str:
        return word if value is None else str(value)

    for label, cells, total in table.rows:
        line = [_spreadsheet_safe(label), *(text(c) for c in cells)]
        if table.has_row_totals:
            line.append(text(total))
        writer.writerow(line)
    if table.column_totals is not None:
        line = [_("Total"), *(text(c) for c in table.column_totals)]
        if table.has_row_totals:
            line.append(text(table.grand_total))
        writer.writerow(line)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _spreadsheet_safe(label: str) -> str:
    """A label a spreadsheet will not read as a formula (a document's name could
    start with "=")."""
    return "'" + label if label[:1] in ("=", "+", "-", "@", "\t", "\r") else label


def filename(table: Published, file_format: str) -> str:
    return f"{table.slug}-{table.year}.{file_format}"


def snapshot(slug: str, year: int) -> dict[str, Any]:
    """What the public page keeps of a table: the suppressed table in each language,
    frozen at publication (later documentation does not move a published figure).
    The suppression runs on key order, so every language hides the same figures."""
    found: dict[str, Any] = {}
    for language in LANGUAGES:
        with translation.override(language):
            table = published_tables([slug], year)[0]
        found[language] = {
            "title": table.title,
            "row_header": table.row_header,
            "columns": table.columns,
            "rows": [[label, cells, total] for label, cells, total in table.rows],
            "column_totals": table.column_totals,
            "grand_total": table.grand_total,
            "has_row_totals": table.has_row_totals,
            "note": table.note,
        }
    return found


def from_snapshot(slug: str, year: int, frozen: dict[str, Any], language: str) -> Published:
    data = frozen.get(language) or frozen["en"]
    return Published(
        slug,
        year,
        data["title"],
        data["row_header"],
        data["columns"],
        [(label, cells, total) for label, cells, total in data["rows"]],
        data["column_totals"],
        data["grand_total"],
        data["has_row_totals"],
        data.get("note", ""),
    )


def now() -> datetime:
    return timezone.now()
