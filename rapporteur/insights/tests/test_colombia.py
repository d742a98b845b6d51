"""Statistics over a real list, imported through the desk's own CSV import: 121
social leaders killed in Colombia in 2016-2017, with exact dates. Expected counts are
computed here from the file with the csv module alone; a copy with dates rewritten
to partial forms checks the two bounds against windows written out by hand."""

from __future__ import annotations

import csv
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from rapporteur.cases.importing.csv_files import COLOMBIA_SOCIAL_LEADERS, plan_import
from rapporteur.cases.models import Act
from rapporteur.cases.services import importing, records
from rapporteur.cases.vocabularies.huridocs import default_shared_data_dir
from rapporteur.insights import selectors
from rapporteur.insights.dimensions import Dimension
from rapporteur.insights.periods import Interval, Period
from rapporteur.testing.vault import desk_keys_of

COLOMBIA = default_shared_data_dir() / "cases" / "colombia-social-leaders-killed-2016-2017.csv"
needs_colombia = pytest.mark.skipif(
    not COLOMBIA.exists(), reason=f"shared data folder absent ({COLOMBIA})"
)
YEARS = Period(date(2016, 1, 1), date(2017, 12, 31))


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _import(path: Path, officer) -> None:
    keys = desk_keys_of(officer)
    case = records.open_case(acting_user=officer, title="Colombia", country="CO", desk_keys=keys)
    plan = plan_import(path, COLOMBIA_SOCIAL_LEADERS)
    importing.run_import(case=case, plan=plan, acting_user=officer, desk_keys=keys)


@needs_colombia
def test_by_department_and_by_month_equal_the_file(desk, officer):
    _import(COLOMBIA, officer)
    rows = _rows(COLOMBIA)
    acts = Act.objects.all()

    by_region = {r.label: r.bounds for r in selectors.breakdown(acts, YEARS, Dimension.REGION)}
    expected = Counter(r["Departamento"] for r in rows)
    # ISO 3166-2 names the capital district in full; every other name is the file's.
    expected["Distrito Capital de Bogotá"] = expected.pop("Bogotá")
    assert {label: b.upper for label, b in by_region.items()} == dict(expected)
    assert all(b.exact for b in by_region.values())  # exact dates: the bounds meet

    by_month = Counter(r["Fecha"][:7] for r in rows)
    points = selectors.series(acts, YEARS, Interval.MONTH)
    assert len(points) == 24
    for point in points:
        month = point.bucket.start.isoformat()[:7]
        assert (point.bounds.lower, point.bounds.upper) == (by_month[month], by_month[month])


def _partial(written: str, index: int) -> str:
    """Every fifth row keeps its day; the others lose precision in turn."""
    year, month = written[:4], written[5:7]
    return [written, f"{year}-{month}", year, f"5-20 {_MONTHS[int(month)]} {year}",
            f"early {year}"][index % 5]  # fmt: skip


_MONTHS = ["", "January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]  # fmt: skip


def _window(written: str, index: int) -> tuple[date, date]:
    """The window each rewritten form stands for, written out by hand."""
    year, month, day = (int(p) for p in written.split("-"))
    month_last = (date(year + month // 12, month % 12 + 1, 1) - date.resolution).day
    return [
        (date(year, month, day), date(year, month, day)),
        (date(year, month, 1), date(year, month, month_last)),
        (date(year, 1, 1), date(year, 12, 31)),
        (date(year, month, 5), date(year, month, 20)),
        (date(year, 1, 1), date(year, 4, 30)),  # "early" a year: January to April
    ][index % 5]


@needs_colombia
def test_partial_dates_give_the_bounds_worked_out_by_hand(desk, officer, tmp_path):
    rows = _rows(COLOMBIA)
    copy = tmp_path / "partial.csv"
    with copy.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        for index, row in enumerate(rows):
            writer.writerow({**row, "Fecha": _partial(row["Fecha"], index)})
    _import(copy, officer)
    windows = [_window(r["Fecha"], i) for i, r in enumerate(rows)]
    acts = Act.objects.all()
    for period in (
        Period(date(2017, 3, 1), date(2017, 3, 31)),
        Period(date(2017, 1, 1), date(2017, 6, 30)),
        Period(date(2016, 12, 10), date(2017, 2, 15)),
        YEARS,
    ):
        lower = sum(period.start <= first and last <= period.end for first, last in windows)
        upper = sum(first <= period.end and last >= period.start for first, last in windows)
        assert selectors.summary(acts, period).acts == selectors.Bounds(lower, upper), period
        assert lower < upper or period == YEARS  # the partial dates do widen the band
    assert selectors.summary(acts, YEARS).undated == 0
