"""Tables for publication as files: every figure of every file is suppressed (never a
count from 1 to k - 1, whoever downloads it), the files say what they cover, a
request outside the lattice of publishable tables gets a message and no file, and
two files of the same year cannot be played against each other."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from django.conf import settings
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from rapporteur.audit.models import AuditEntry
from rapporteur.cases.models import Term
from rapporteur.insights import publication
from rapporteur.insights.suppression import TOTAL
from rapporteur.insights.tests import attacker
from rapporteur.insights.tests.test_suppression import K, attack
from rapporteur.testing.communications import letter_row
from rapporteur.testing.insights import CodedAct, coded_acts
from rapporteur.testing.visits import make_recommendation, make_visit

pytestmark = pytest.mark.django_db

YEAR = date.today().year - 2
SLUGS = list(publication.TABLES)


@pytest.fixture
def acts(desk, officer):
    """Seven journalists arrested in Sughd in May, two persons in Khatlon sometime in
    the year, one person alone in Dushanbe, one act with no date."""
    return coded_acts(
        [CodedAct(f"May {YEAR}", region="TJ-SU", profession="journalist", sex="m")] * 7
        + [CodedAct(f"{YEAR}", region="TJ-KT", sex="f")] * 2
        + [CodedAct(f"3 June {YEAR}", region="TJ-DU", act_type="travel_ban")]
        + [CodedAct("")],
        owner_id=officer.pk,
    )


@pytest.fixture
def everything(acts, officer):
    """Acts, two letters and three recommendations in the year."""
    for number, kind in enumerate(["UA", "AL"], start=1):
        row = letter_row(created_by=officer, sent_on=date(YEAR, 3, number), number=number)
        row.kind = kind
        row.save()
    visit = make_visit()
    for n in range(3):
        make_recommendation(visit, paragraph=str(n))
    return acts


def _get(client, slug: str, file_format: str, query: str = f"?year={YEAR}"):
    return client.get(reverse(f"insights:export_{file_format}", args=[slug]) + query)


def csv_cells(content: bytes) -> list[list[str]]:
    text = content.decode("utf-8")
    assert text.startswith("\ufeff"), "a spreadsheet needs the byte-order mark for Cyrillic"
    lines = [line for line in text[1:].splitlines() if not line.startswith("# ")]
    return list(csv.reader(io.StringIO("\n".join(lines))))


def json_numbers(content: bytes) -> list[int | None]:
    body = json.loads(content)
    found: list[int | None] = []
    for row in body["rows"]:
        found += row["cells"] + ([row["total"]] if "total" in row else [])
    found += body.get("column_totals") or []
    if "grand_total" in body:
        found.append(body["grand_total"])
    return found


def assert_no_small_count(response) -> None:
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    if response["Content-Type"].startswith("text/csv"):
        rows = csv_cells(response.content)
        for row in rows[1:]:
            for cell in row[1:]:
                assert cell == "suppressed" or int(cell) >= K, (row, cell)
    else:
        for number in json_numbers(response.content):
            assert number is None or number >= K


@pytest.mark.parametrize("role", ["rapporteur_user", "analyst"])
@pytest.mark.parametrize("file_format", ["csv", "json"])
def test_no_file_holds_a_count_from_1_to_k_minus_1(
    request, client_for, everything, role, file_format
):
    client = client_for(request.getfixturevalue(role))
    for slug in SLUGS:
        assert_no_small_count(_get(client, slug, file_format))


def test_a_groups_certainly_and_possibly_are_hidden_together(client_for, analyst, acts):
    client = client_for(analyst)
    for slug in [s for s in SLUGS if s.startswith("acts-")]:
        body = json.loads(_get(client, slug, "json").content)
        for row in body["rows"]:
            assert (row["cells"][0] is None) == (row["cells"][1] is None), (slug, row)


def test_the_rapporteur_sees_exact_counts_on_the_page_and_never_in_a_file(
    client_for, rapporteur_user, acts
):
    client = client_for(rapporteur_user)
    page = client.get(
        reverse("insights:dashboard") + f"?start={YEAR}-01-01&end={YEAR}-12-31"
    ).content.decode()
    assert "Khatlon Region</th><td>2</td><td>2</td>" in page
    assert "Dushanbe</th><td>1</td><td>1</td>" in page
    rows = csv_cells(_get(client, "acts-region", "csv").content)
    assert rows == [
        ["Region", "Certainly in the year", "Possibly in the year"],
        ["Sughd Region", "7", "7"],
        ["Khatlon Region", "suppressed", "suppressed"],
        ["Dushanbe", "suppressed", "suppressed"],
        # No act in these: listed all the same, so that no row's absence says 0.
        ["Districts of Republican Subordination", "suppressed", "suppressed"],
        ["Gorno-Badakhshan Autonomous Region (GBAO)", "suppressed", "suppressed"],
        ["Not recorded", "suppressed", "suppressed"],
        ["Total", "10", "10"],
    ]


def test_a_file_says_what_it_covers(client_for, analyst, acts):
    client = client_for(analyst)
    response = _get(client, "acts-region", "json")
    meta = json.loads(response.content)["metadata"]
    assert meta["period"] == str(YEAR) and meta["k"] == K
    assert meta["filters"] == "Every country, act type and victim"
    assert meta["generated"].startswith(str(date.today().year))
    assert f'filename="acts-region-{YEAR}.json"' in response["Content-Disposition"]
    text = _get(client, "acts-region", "csv").content.decode("utf-8")
    assert f"# period: {YEAR}" in text and f"# k: {K}" in text


def test_a_file_speaks_the_readers_language(client_for, analyst, acts):
    client = client_for(analyst)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    rows = csv_cells(_get(client, "acts-region", "csv").content)
    assert rows[0] == ["Регион", "Точно в этом году", "Возможно в этом году"]
    assert "скрыто" in {cell for row in rows for cell in row}
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "tg"
    body = json.loads(_get(client, "acts-region", "json").content)
    assert body["columns"][0] == "Минтақа"


def test_an_export_is_audited(client_for, analyst, acts):
    _get(client_for(analyst), "acts-sex", "csv")
    entry = AuditEntry.objects.filter(tag="insights:table:export").get()
    assert entry.extras == {"table": "acts-sex", "year": YEAR, "format": "csv"}


def test_an_empty_year_publishes_nothing_small(client_for, analyst, desk):
    client = client_for(analyst)
    for slug in SLUGS:
        for file_format in ("csv", "json"):
            assert_no_small_count(_get(client, slug, file_format))
    body = json.loads(_get(client, "acts-region", "json").content)
    assert body["rows"] == [{"label": "Not recorded", "cells": [None, None]}]
    assert body["column_totals"] == [None, None]


def test_a_published_table_lists_every_group_a_reader_expects(client_for, analyst, acts):
    """A group with no act is listed (suppressed), so that no row's absence says 0:
    every region of the country, every age group, every top act type."""
    client = client_for(analyst)

    def labels(slug: str) -> list[str]:
        return [row["label"] for row in json.loads(_get(client, slug, "json").content)["rows"]]

    regions = labels("acts-region")
    assert "Gorno-Badakhshan Autonomous Region (GBAO)" in regions
    assert len(regions) == 6 and regions[-1] == "Not recorded"  # five regions
    assert sorted(labels("acts-age_group")) == sorted(
        ["Under 18", "18 to 59", "60 or over", "Not recorded"]
    )
    # A case always has a status, an act a type: no "not recorded" row for them.
    assert sorted(labels("acts-case_status")) == ["Closed", "Monitoring", "Open"]
    roots = Term.objects.filter(list_name="types_of_acts", parent_code="").count()
    assert len(labels("acts-act_type")) == roots
    assert len(labels("acts-profession")) == (
        Term.objects.filter(list_name="occupation").count() + 1
    )
    assert "Business" in labels("recommendations-addressee")


def test_rows_of_zeros_in_a_published_file_pin_nothing(desk, officer, acts):
    """The attacker holds the region file, whose regions with no act are listed
    beside the others: no hidden figure, a zero least of all, has one value."""
    table = publication.published_tables(["acts-region"], YEAR)[0]
    draft = publication.TABLES["acts-region"].build(YEAR)
    cells = [counts for _key, _label, counts in draft.rows]
    assert [0, 0] in cells, "GBAO has no act this year"
    hidden = {p for p, v in _published_figures(table).items() if v is None}
    found = attack([("acts-region", cells, False, True, hidden)])
    zeros = {(i, j) for i, row in enumerate(cells) for j in range(2) if row == [0, 0]}
    assert zeros <= {place for _name, place in found}
    for _value, (low, high), values in found.values():
        assert low < high
        assert values is None or len(values) > 1


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ("?year=20x2", "is not a year"),
        ("?year=1999", "Only a whole year that has ended"),
        (f"?year={date.today().year}", "Only a whole year that has ended"),
        (f"?start={YEAR}-01-01&end={YEAR + 1}-01-31", "cannot be applied to it: end, start"),
        ("?start=2022-13-45&end=yesterday", "cannot be applied"),
        ("?months=13", "cannot be applied to it: months"),
        ("?country=ZZ", "cannot be applied to it: country"),
        ("?region=XX-NOWHERE", "cannot be applied to it: region"),
        # One person alone is still one person: a profession filter is refused.
        ("?professions=1", "cannot be applied to it: professions"),
    ],
)
def test_a_request_outside_the_lattice_gets_a_message_and_no_file(
    client_for, analyst, acts, query, says
):
    response = _get(client_for(analyst), "acts-region", "csv", query)
    assert response.status_code == 400
    assert "Content-Disposition" not in response
    page = response.content.decode()
    assert says in page and "This table cannot be published" in page
    assert not AuditEntry.objects.filter(tag="insights:table:export").exists()


def test_an_unknown_table_is_404(client_for, analyst):
    assert _get(client_for(analyst), "acts-nothing", "csv").status_code == 404


def test_the_pages_link_to_their_files(client_for, rapporteur_user, acts):
    client = client_for(rapporteur_user)
    page = client.get(reverse("insights:dashboard")).content.decode()
    assert reverse("insights:export_csv", args=["acts-region"]) + "?year=" in page
    assert reverse("insights:export_json", args=["acts-quarter"]) + "?year=" in page
    letters = client.get(reverse("insights:letters")).content.decode()
    assert reverse("insights:export_csv", args=["letters-type"]) in letters
    follow = client.get(reverse("insights:follow_up")).content.decode()
    assert reverse("insights:export_csv", args=["recommendations-addressee"]) in follow


# ---------------------------------------------------------------- differencing


def _published_figures(table: publication.Published) -> tuple[list[list[int | None]], dict]:
    """A published table as the attacker's known figures, by place."""
    known = {}
    for i, (_label, cells, total) in enumerate(table.rows):
        for j, value in enumerate(cells):
            known[i, j] = value
        if table.has_row_totals:
            known[i, TOTAL] = total
    for j, value in enumerate(table.column_totals or []):
        known[TOTAL, j] = value
    if table.has_row_totals and table.column_totals is not None:
        known[TOTAL, TOTAL] = table.grand_total
    return known


def test_two_files_of_one_year_cannot_be_played_against_each_other(desk, officer):
    """Acts by region and by sex count the same acts: their column totals agree,
    and the attacker holds both files."""
    coded_acts(
        [CodedAct(f"May {YEAR}", region="TJ-SU", sex="m")] * 6
        + [CodedAct(f"May {YEAR}", region="TJ-KT", sex="m")] * 3
        + [CodedAct(f"May {YEAR}", region="TJ-KT", sex="f")] * 6
        + [CodedAct(f"May {YEAR}", region="TJ-DU", sex="f")] * 2,
        owner_id=officer.pk,
    )
    by_region, by_sex = publication.published_tables(["acts-region", "acts-sex"], YEAR)
    drafts = {slug: publication.TABLES[slug].build(YEAR) for slug in ("acts-region", "acts-sex")}
    tables = []
    for name, table in (("acts-region", by_region), ("acts-sex", by_sex)):
        cells = [counts for _key, _label, counts in drafts[name].rows]
        hidden = {p for p, v in _published_figures(table).items() if v is None}
        tables.append((name, cells, False, True, hidden))
    links = [
        attacker.Equation(((1, ("acts-region", (TOTAL, j))), (-1, ("acts-sex", (TOTAL, j)))))
        for j in range(2)
    ]
    found = attack(tables, also=links)
    assert found, "the files hide something"
    for _value, (low, high), values in found.values():
        assert low < high
        assert values is None or len(values) > 1


def test_shared_totals_are_hidden_in_every_table_that_shares_them():
    """Alone, the first table hides a column total that the second shows; together,
    both hide it, and the attacker holding both pins nothing."""
    lone = publication.Draft(
        "a",
        "A",
        "",
        ["x", "y"],
        [("k", "k", [3, 10])],
        row_totals=True,
        column_totals=True,
        shares_totals="s",
    )
    other = publication.Draft(
        "b",
        "B",
        "",
        ["x", "y"],
        [("m", "m", [6, 5]), ("n", "n", [7, 5])],
        row_totals=True,
        column_totals=True,
        shares_totals="s",
    )
    apart = [publication.suppress(d.table(), k=K) for d in (lone, other)]
    assert (TOTAL, 1) in apart[0] and apart[1] == set()
    together = publication.suppress_together([lone, other])
    assert (TOTAL, 1) in together[0] and (TOTAL, 1) in together[1]
    _attack_pair(lone, other, together)


def _attack_pair(first, second, hidden) -> None:
    links = [
        attacker.Equation(((1, ("a", (TOTAL, j))), (-1, ("b", (TOTAL, j)))))
        for j in range(len(first.columns))
    ]
    if first.row_totals and second.row_totals:
        links.append(attacker.Equation(((1, ("a", (TOTAL, TOTAL))), (-1, ("b", (TOTAL, TOTAL))))))
    tables = [
        (name, [counts for _k, _l, counts in d.rows], d.row_totals, d.column_totals, places)
        for name, d, places in (("a", first, hidden[0]), ("b", second, hidden[1]))
    ]
    for _value, (low, high), values in attack(tables, also=links).values():
        assert low < high
        assert values is None or len(values) > 1


counts = st.sampled_from([0, 0, 1, 2, 3, 4, 5, 6, 9, 20])


@st.composite
def pairs(draw):
    """Two tables of the same people by two dimensions: the same column totals."""
    width = draw(st.integers(1, 4))
    first = [[draw(counts) for _ in range(width)] for _ in range(draw(st.integers(1, 5)))]
    height = draw(st.integers(1, 5))
    second = [[0] * width for _ in range(height)]
    for j in range(width):
        for _ in range(sum(row[j] for row in first)):
            second[draw(st.integers(0, height - 1))][j] += 1
    rows = draw(st.booleans())
    return first, second, rows


@hypothesis_settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))
@given(pairs())
def test_random_pairs_of_tables_sharing_totals_resist_the_attacker(pair):
    first, second, rows = pair

    def draft(name, cells):
        return publication.Draft(
            name,
            name,
            "",
            [str(j) for j in range(len(cells[0]))],
            [(str(i), str(i), row) for i, row in enumerate(cells)],
            row_totals=rows,
            column_totals=True,
            shares_totals="s",
        )

    a, b = draft("a", first), draft("b", second)
    _attack_pair(a, b, publication.suppress_together([a, b]))
