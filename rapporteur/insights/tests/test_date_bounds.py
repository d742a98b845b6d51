"""The date rule of the statistics: an act whose date is a window is certainly in a
period when the whole window lies inside it (lower bound), possibly when the window
meets it (upper bound); an undated act is counted apart, never placed."""

from __future__ import annotations

import random
from datetime import date

import pytest

from rapporteur.cases.dates import parse_uncertain_date
from rapporteur.cases.models import Act
from rapporteur.insights import selectors
from rapporteur.insights.periods import Interval, Period
from rapporteur.testing.insights import CodedAct, coded_acts

MAY_2022 = Period(date(2022, 5, 1), date(2022, 5, 31))


@pytest.mark.parametrize(
    ("written", "lower", "upper"),
    [
        ("14 May 2022", 1, 1),  # a day inside
        ("May 2022", 1, 1),  # the month itself
        ("5-20 May 2022", 1, 1),  # a range inside
        ("early May 2022", 1, 1),
        ("2022", 0, 1),  # the year meets May, and may lie outside it
        ("spring 2022", 0, 1),
        ("28 April - 3 May 2022", 0, 1),  # a range across the border
        ("before June 2022", 0, 1),  # open on the left: meets May, never inside
        ("after 30 April 2022", 0, 1),  # open on the right
        ("before May 2022", 0, 0),  # over before May begins
        ("after 31 May 2022", 0, 0),
        ("June 2022", 0, 0),
        ("", 0, 0),  # undated: counted apart
    ],
)
def test_bounds_of_one_act_in_a_month(desk, officer, written, lower, upper):
    coded_acts([CodedAct(written)], owner_id=officer.pk)
    summary = selectors.summary(Act.objects.all(), MAY_2022)
    assert (summary.acts.lower, summary.acts.upper) == (lower, upper)
    assert summary.undated == (1 if written == "" else 0)


def test_a_year_only_date_is_never_put_on_its_first_month(desk, officer):
    coded_acts([CodedAct("2022")], owner_id=officer.pk)
    points = selectors.series(
        Act.objects.all(), Period(date(2022, 1, 1), date(2022, 12, 31)), Interval.MONTH
    )
    assert [(p.bounds.lower, p.bounds.upper) for p in points] == [(0, 1)] * 12
    (year,) = selectors.series(
        Act.objects.all(), Period(date(2022, 1, 1), date(2022, 12, 31)), Interval.YEAR
    )
    assert (year.bounds.lower, year.bounds.upper) == (1, 1)


def test_victims_are_counted_once_however_many_acts(desk, officer):
    coded_acts(
        [CodedAct("3 May 2022", victim=1), CodedAct("9 May 2022", victim=1), CodedAct("2022")],
        owner_id=officer.pk,
    )
    summary = selectors.summary(Act.objects.all(), MAY_2022)
    assert summary.acts == selectors.Bounds(2, 3)
    assert summary.victims == selectors.Bounds(1, 2)
    assert summary.victims_before == selectors.Bounds(0, 1)  # April: the year-only act


WRITTEN_FORMS = [
    "{d} {m} {y}",
    "{m} {y}",
    "{y}",
    "early {m} {y}",
    "spring {y}",
    "winter {y}",
    "before {m} {y}",
    "after {d} {m} {y}",
    "{d} {m} {y} - {d2} {m2} {y}",
    "about {d} {m} {y}",
    "",
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]  # fmt: skip


def _random_written(rng: random.Random) -> str:
    form = rng.choice(WRITTEN_FORMS)
    first, second = sorted(rng.sample(range(12), 2))
    return form.format(
        d=rng.randint(1, 28), m=MONTHS[first], y=rng.choice([2021, 2022, 2023]),
        d2=rng.randint(1, 28), m2=MONTHS[second],
    )  # fmt: skip


@pytest.mark.parametrize("interval", list(Interval))
def test_series_equals_the_rule_applied_act_by_act(desk, officer, interval):
    """The series' SQL (running sums over buckets) against the rule read straight
    off each act's date, for every bucket, over two hundred random dates of every
    written form."""
    rng = random.Random(20221205)
    written = [_random_written(rng) for _ in range(200)]
    coded_acts([CodedAct(w) for w in written], owner_id=officer.pk)
    period = Period(date(2021, 7, 1), date(2023, 6, 30))
    dates = [parse_uncertain_date(w) for w in written]
    points = selectors.series(Act.objects.all(), period, interval)
    for point in points:
        start, end = point.bucket.start, point.bucket.end
        expected = (
            sum(d.within(start, end) for d in dates),
            sum(d.overlaps(start, end) for d in dates),
        )
        assert (point.bounds.lower, point.bounds.upper) == expected, point.bucket
    whole = selectors.summary(Act.objects.all(), period).acts
    assert whole.lower == sum(d.within(period.start, period.end) for d in dates)
    assert whole.upper == sum(d.overlaps(period.start, period.end) for d in dates)
