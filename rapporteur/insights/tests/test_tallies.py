"""Tallies answer exactly what counting the acts answers: while fresh, or on a page
for a while after a write, saying so.

The tallies are a second way to the same numbers; each test here holds them to the
first (``selectors``, itself held to the date rule act by act in test_date_bounds)
over random data of every shape the desk stores: every written date form, open
sides, undated acts, victims with many acts in several countries, acts with several
perpetrators and legal provisions."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from rapporteur.audit.models import AuditEntry
from rapporteur.cases.dates.core import add_months, month_end
from rapporteur.cases.models import Act, Involvement, Term
from rapporteur.cases.services import records
from rapporteur.insights import selectors, tallies
from rapporteur.insights.dimensions import Dimension
from rapporteur.insights.models import TallyState, VictimPart
from rapporteur.insights.periods import Interval, Period
from rapporteur.insights.tasks import rebuild_tallies
from rapporteur.insights.tests.test_date_bounds import _random_written
from rapporteur.testing.cases import (
    add_act,
    case_writer,
    desk_keys_of,
    make_case,
    sign_in_with_keys,
)
from rapporteur.testing.insights import CodedAct, coded_acts

REGIONS = ["TJ-SU", "TJ-KT", "TJ-GB", "TJ-DU", "TJ-RA", ""]
PROFESSIONS = ["journalist", "lawyer", ""]
ACT_TYPES = ["arrest", "summons_interrogation", "pre_trial_detention", "threats"]


def _months_period(rng: random.Random) -> Period:
    start = date(rng.randint(2020, 2023), rng.randint(1, 12), 1)
    end = add_months(start, rng.randint(0, 30))
    return Period(start, month_end(end.year, end.month))


def _random_desk(rng: random.Random, owner_id: int) -> None:
    """Two hundred acts over three countries; some victims have many acts, some
    acts two perpetrator types or legal provisions."""
    rows = [
        CodedAct(
            _random_written(rng),
            act_type=rng.choice(
                ["arrest", "summons_interrogation", "pre_trial_detention", "threats"]
            ),
            region=rng.choice(REGIONS),
            profession=rng.choice(PROFESSIONS),
            victim=rng.randint(1, 40) if rng.random() < 0.7 else None,
            country=rng.choice(["TJ", "TJ", "KG", "UZ"]),
        )
        for _ in range(200)
    ]
    coded_acts(rows, owner_id=owner_id)
    perpetrators = list(Term.objects.filter(list_name="types_of_perpetrators")[:3])
    laws = list(Term.objects.filter(list_name="legal_provisions")[:3])
    for act in Act.objects.all():
        for perpetrator in rng.sample(perpetrators, rng.randint(0, 2)):
            Involvement.objects.create(act=act, perpetrator_type=perpetrator)
        act.legal_provisions.add(*rng.sample(laws, rng.randint(0, 2)))


def _check_against_acts(scope: selectors.Scope, period: Period, interval: Interval) -> None:
    counts = tallies.Counts.of(scope)
    assert counts.tallied(period)
    acts = scope.acts()
    assert counts.summary(period) == selectors.summary(acts, period), (scope, period)
    assert counts.series(period, interval) == selectors.series(acts, period, interval)
    for dimension in Dimension:
        assert counts.breakdown(period, dimension) == selectors.breakdown(
            acts, period, dimension
        ), (scope, period, dimension)


def test_tallies_answer_what_the_acts_answer(desk, officer):
    rng = random.Random(20221206)
    _random_desk(rng, officer.pk)
    tallies.rebuild()
    for _ in range(25):
        scope = selectors.Scope(country=rng.choice(["", "TJ", "KG", "tj"]))
        _check_against_acts(scope, _months_period(rng), rng.choice(list(Interval)))


def test_a_person_in_two_countries_is_one_victim_of_the_desk(desk, officer):
    coded_acts(
        [
            CodedAct("May 2022", victim=1, country="TJ"),
            CodedAct("June 2022", victim=1, country="KG"),
        ],
        owner_id=officer.pk,
    )
    tallies.rebuild()
    both = Period(date(2022, 5, 1), date(2022, 6, 30))
    assert tallies.Counts.of(selectors.Scope()).summary(both).victims == selectors.Bounds(1, 1)
    assert tallies.Counts.of(selectors.Scope(country="KG")).summary(
        both
    ).victims == selectors.Bounds(1, 1)
    _check_against_acts(selectors.Scope(), both, Interval.MONTH)


def _victims_by_rule(windows, first, last):
    """The definition, window by window: (some window inside, some window meets)."""
    low, high = -(10**9), 10**9
    spans = [(low if f is None else f, high if t is None else t) for f, t in windows]
    inside = any(first <= f and t <= last for f, t in spans)
    meets = any(f <= last and t >= first for f, t in spans)
    return int(inside), int(meets)


def _victims_by_tally(signed, first, last):
    low, high = -(10**9), 10**9
    certain = possible = 0
    for part, f, t, weight in signed:
        f, t = (low if f is None else f), (high if t is None else t)
        is_inside = first <= f and t <= last
        if part is VictimPart.CERTAIN and is_inside:
            certain += weight
        elif (part is VictimPart.GAP and is_inside) or (
            part is VictimPart.RUN and f <= last and t >= first
        ):
            possible += weight
    return certain, possible


def _random_window(rng: random.Random) -> tuple[int | None, int | None]:
    first = rng.randint(0, 20)
    last = first + rng.choice([0, 0, 0, 1, 2, 5, 11])
    shape = rng.random()
    if shape < 0.1:
        return None, last  # "before ..."
    if shape < 0.2:
        return first, None  # "after ..."
    return first, last


def test_signed_windows_count_each_person_once_in_every_period():
    """For thousands of random sets of windows (overlapping, nested, repeated, open),
    every period of months 0-24 counts the person exactly as the rule does."""
    rng = random.Random(7)
    for _ in range(3000):
        windows = [_random_window(rng) for _ in range(rng.randint(1, 7))]
        signed = tallies.victim_windows(windows)
        for first in range(-1, 25):
            for last in range(first, 26):
                assert _victims_by_tally(signed, first, last) == _victims_by_rule(
                    windows, first, last
                ), (windows, first, last)


@pytest.mark.parametrize(
    ("scope", "period"),
    [
        (selectors.Scope(), Period(date(2022, 3, 15), date(2022, 6, 30))),  # not whole months
        (selectors.Scope(act_types=("placeholder",)), Period(date(2022, 1, 1), date(2022, 12, 31))),
    ],
)
def test_tallies_do_not_answer_what_they_cannot_place(desk, scope, period):
    tallies.rebuild()
    assert not tallies.Counts.of(scope).tallied(period)


def test_a_period_of_days_is_counted_from_the_acts(desk, officer):
    rng = random.Random(3)
    _random_desk(rng, officer.pk)
    tallies.rebuild()
    period = Period(date(2022, 3, 15), date(2022, 9, 10))
    assert tallies.Counts.of(selectors.Scope()).summary(period) == selectors.summary(
        Act.objects.all(), period
    )


def test_a_case_write_makes_the_tallies_stale_and_a_read_does_not(desk, officer):
    def read_then_check():
        tallies.rebuild()
        assert tallies.is_fresh()
        response = sign_in_with_keys(officer).get(reverse("cases:detail", args=[case.pk]))
        assert response.status_code == 200  # an audited read
        assert tallies.is_fresh()

    case = make_case(owner=officer, desk_keys=desk_keys_of(officer), title="Summons")
    writer = case_writer(case, officer)
    event = records.add_event(**writer, title="Arrest")
    read_then_check()
    add_act(writer, event=event, kind="arrest", start="May 2022")
    assert not tallies.is_fresh()
    may = Period(date(2022, 5, 1), date(2022, 5, 31))
    latest = tallies.Counts.of(selectors.Scope(), latest=True)
    assert not latest.tallied(may) and latest.as_of is None
    assert latest.summary(may).acts == selectors.Bounds(1, 1)  # from acts
    rebuild_tallies.call()
    assert tallies.is_fresh()
    fresh = tallies.Counts.of(selectors.Scope())
    assert fresh.as_of is None and fresh.summary(may).acts == selectors.Bounds(1, 1)


def test_stale_tallies_answer_a_page_saying_when_until_they_are_too_old(desk, officer):
    case = make_case(owner=officer, desk_keys=desk_keys_of(officer), title="Summons")
    writer = case_writer(case, officer)
    event = records.add_event(**writer, title="Arrest")
    add_act(writer, event=event, kind="arrest", start="May 2022")
    tallies.rebuild()
    built = TallyState.objects.get()
    counted_up_to = AuditEntry.objects.get(seq=built.audit_seq).created_at
    add_act(writer, event=event, kind="threats", start="May 2022")
    may = Period(date(2022, 5, 1), date(2022, 5, 31))

    behind = tallies.Counts.of(selectors.Scope())
    assert not behind.fresh and behind.tallied(may)
    assert behind.as_of == counted_up_to
    assert behind.summary(may).acts == selectors.Bounds(1, 1)  # the write after: not yet
    assert tallies.Counts.of(selectors.Scope(), latest=True).summary(may).acts == selectors.Bounds(
        2, 2
    )

    TallyState.objects.update(built_at=built.built_at - tallies.STALE_SERVED_FOR - timedelta(1))
    too_old = tallies.Counts.of(selectors.Scope())
    assert too_old.as_of is None and not too_old.tallied(may)
    assert too_old.summary(may).acts == selectors.Bounds(2, 2)


def test_the_dashboard_says_its_figures_are_behind_and_counts_now_when_asked(
    desk, officer, client_for, rapporteur_user
):
    case = make_case(owner=officer, desk_keys=desk_keys_of(officer), title="Summons")
    writer = case_writer(case, officer)
    event = records.add_event(**writer, title="Arrest")
    add_act(writer, event=event, kind="arrest", start="May 2022")
    tallies.rebuild()
    add_act(writer, event=event, kind="threats", start="May 2022")
    client = client_for(rapporteur_user)
    query = {"start": "2022-05-01", "end": "2022-05-31"}
    behind = client.get(reverse("insights:dashboard"), query).content.decode()
    assert "the changes since are being counted" in behind
    assert "latest=1" in behind
    latest = client.get(reverse("insights:dashboard"), {**query, "latest": "1"})
    page = latest.content.decode()
    assert "the changes since are being counted" not in page
    assert (
        latest.context["total"] != client.get(reverse("insights:dashboard"), query).context["total"]
    )


def test_a_stale_dashboard_queues_one_rebuild(desk, officer, client_for, analyst):
    case = make_case(owner=officer, desk_keys=desk_keys_of(officer), title="Summons")
    writer = case_writer(case, officer)
    add_act(
        writer, event=records.add_event(**writer, title="Arrest"), kind="arrest", start="May 2022"
    )
    client = client_for(analyst)
    for _ in range(3):
        assert client.get(reverse("insights:dashboard")).status_code == 200
    queued = DBTaskResult.objects.filter(task_path=rebuild_tallies.module_path)
    assert queued.count() == 1
    rebuild_tallies.call()
    queued.delete()
    assert client.get(reverse("insights:dashboard")).status_code == 200
    assert not queued.exists()  # fresh: nothing to queue
