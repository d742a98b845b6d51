"""Small-cell suppression against an attacker who knows the shown cells, the total
and that counts are whole numbers of at least zero: no hidden cell below k may be
pinned to one value, over every small table (exhaustively) and many random ones."""

from __future__ import annotations

import itertools
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rapporteur.insights.suppression import TOTAL, Table, hidden_cells, suppress
from rapporteur.insights.tests import attacker

K = 5


def attacker_ranges(values: list[int], hidden: list[bool]) -> list[tuple[int, int]]:
    """Integer bounds propagation over one column: each hidden cell lies between 0
    and what the total leaves once the shown cells are taken off it. A total below k
    is not shown (it is a small cell itself): then nothing bounds the hidden cells."""
    if sum(values) < K:
        return [(0, 10**9) for is_hidden in hidden if is_hidden]
    remainder = sum(values) - sum(v for v, h in zip(values, hidden, strict=True) if not h)
    count = hidden.count(True)
    ranges = []
    for is_hidden in hidden:
        if is_hidden:
            # the others can hold at most the whole remainder, at least nothing
            ranges.append((0 if count > 1 else remainder, remainder))
    return ranges


def _check(values: list[int]) -> None:
    hidden = hidden_cells(values, k=K)
    assert not any(0 < v < K for v, h in zip(values, hidden, strict=True) if not h)
    for (low, high), value in zip(
        attacker_ranges(values, hidden),
        [v for v, h in zip(values, hidden, strict=True) if h],
        strict=True,
    ):
        assert low <= value <= high
        assert not (low == high and value < K), (values, hidden)


@pytest.mark.parametrize("cells", [1, 2, 3, 4])
def test_every_small_table_resists_the_attacker(cells):
    for values in itertools.product([0, 1, 2, 4, 5, 6, 9], repeat=cells):
        _check(list(values))


def test_random_tables_resist_the_attacker():
    rng = random.Random(5)
    for _ in range(2000):
        size = rng.randint(1, 12)
        _check([rng.choice([0, 0, 1, 2, 3, 4, 5, 6, 7, 20, 100]) for _ in range(size)])


def test_a_table_with_nothing_small_hides_nothing():
    assert hidden_cells([5, 12, 40], k=K) == [False, False, False]


def test_one_small_cell_takes_the_smallest_other_with_it():
    assert hidden_cells([40, 3, 12, 7], k=K) == [False, True, False, True]


def test_hidden_zeros_alone_take_a_cover():
    assert hidden_cells([0, 0, 9, 30], k=K) == [True, True, True, False]


# ------------------------------------------------------------ two-way tables


def attack(
    tables: list[tuple[str, list[list[int]], bool, bool, set]],
    *,
    also: list[attacker.Equation] = (),
    slack: int = K,
    limit: int = 20_000,
) -> dict:
    """Run both attacks over these published tables (name, cells, row totals shown,
    column totals shown, hidden places) and return, for each hidden figure, its
    true value, its propagated interval and (small tables) every value it can take."""
    known, unknown, eqs, truth = {}, [], list(also), {}
    cap = 0
    for name, cells, rows, columns, hidden in tables:
        figures = attacker.published(cells, rows=rows, columns=columns)
        eqs += attacker.equations(name, (len(cells), len(cells[0])), rows=rows, columns=columns)
        for place, value in figures.items():
            truth[name, place] = value
            if place in hidden:
                unknown.append((name, place))
            else:
                known[name, place] = value
        cap = max(cap, *(max(row) for row in cells))
    bounds = attacker.propagate(known, unknown, eqs)
    # Enumeration tries values up to the largest cell plus some slack: fewer fillings
    # tried can only make a figure look pinned, never hide a pinned one.
    capped = {n: (lo, min(hi, cap + slack)) for n, (lo, hi) in bounds.items()}
    values = attacker.enumerate_fillings(known, unknown, eqs, capped, limit=limit)
    return {n: (truth[n], bounds[n], values[n] if values else None) for n in unknown}


def assert_safe(found: dict, published: dict) -> None:
    """No published figure is 1..k-1 and no hidden one is pinned (to any value)."""
    for value in published.values():
        assert not 0 <= value < K
    for name, (value, (low, high), values) in found.items():
        assert low <= value <= high, name
        assert low < high, (name, value)
        if values is not None:
            assert value in values
            assert len(values) > 1, (name, value, values)


def _publish(cells, rows=True, columns=True):
    table = Table.of(cells, row_totals=rows, column_totals=columns)
    hidden = suppress(table, k=K)
    figures = table.extended()
    shown = {p: v for p, v in figures.items() if p not in hidden}
    return hidden, shown


counts = st.sampled_from([0, 0, 0, 1, 1, 2, 3, 4, 5, 6, 7, 9, 12, 25, 80])


@st.composite
def tables(draw):
    height = draw(st.integers(1, 6))
    width = draw(st.integers(1, 6))
    cells = [[draw(counts) for _ in range(width)] for _ in range(height)]
    return cells, draw(st.booleans()), draw(st.booleans())


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables())
def test_the_attacker_pins_no_hidden_figure_of_a_random_table(drawn):
    cells, rows, columns = drawn
    hidden, shown = _publish(cells, rows, columns)
    assert_safe(attack([("t", cells, rows, columns, hidden)]), shown)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from([0, 1, 2, 3, 4]), min_size=2, max_size=3), min_size=2, max_size=2
    ).filter(lambda rows: len({len(r) for r in rows}) == 1)
)
def test_tables_of_small_counts_only_resist_exhaustive_search(cells):
    hidden, shown = _publish(cells)
    found = attack([("t", cells, True, True, hidden)], slack=2, limit=300_000)
    assert_safe(found, shown)
    assert all(values is not None for _v, _b, values in found.values())


@pytest.mark.parametrize(
    "cells",
    [
        [[40, 3], [12, 7]],  # one small cell: the whole 2 x 2 must go
        [[20, 20, 20], [20, 1, 20], [20, 20, 20]],  # a rectangle of four is enough
        [[0, 0], [10, 10]],  # a row of zeros: its total is 0, hidden too
        [[3, 10]],  # one row: the cells are the column totals
        [[1], [1], [1], [1], [1], [50]],  # small cells whose sum (4) is small too
        [[6, 0, 6], [6, 6, 0], [0, 6, 6]],  # zeros only grow: covers must be above 0
        [[5, 5], [5, 5]],  # nothing small: nothing hidden
        [[0, 0, 0], [12, 7, 30], [0, 0, 0], [9, 6, 1]],  # rows of zeros, listed anyway
    ],
)
def test_hand_built_tables_resist_the_attacker(cells):
    hidden, shown = _publish(cells)
    assert_safe(attack([("t", cells, True, True, hidden)]), shown)


def test_a_table_with_nothing_small_publishes_every_figure():
    assert _publish([[5, 6], [7, 8]])[0] == set()


def test_a_rectangle_covers_one_small_cell():
    hidden, _shown = _publish([[20, 20, 20], [20, 1, 20], [20, 20, 20]])
    assert hidden == {(0, 0), (0, 1), (1, 0), (1, 1)}


def test_a_total_below_k_is_hidden():
    hidden, shown = _publish([[2, 1], [30, 40]])
    assert (0, TOTAL) in hidden
    assert all(v >= K for v in shown.values())


def test_the_suppression_is_needed_for_the_attack_to_fail():
    """The attacker is not blind: with primary suppression alone it pins a cell."""
    cells = [[40, 3], [12, 7]]
    table = Table.of(cells)
    primary = {p for p, v in table.extended().items() if v < K}
    found = attack([("t", cells, True, True, primary)])
    assert any(low == high for _value, (low, high), _values in found.values())


@st.composite
def bounds_tables(draw):
    """A breakdown as the files publish it: per group "certainly" <= "possibly", the
    two columns with their totals and no row total."""
    rows = []
    for _ in range(draw(st.integers(1, 6))):
        lower = draw(counts)
        rows.append([lower, lower + draw(st.sampled_from([0, 0, 1, 2, 3, 6]))])
    return rows


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bounds_tables())
def test_certainly_at_most_possibly_pins_no_hidden_figure_below_k(cells):
    """The reader also knows each "certainly" is at most its "possibly": a group's
    two figures are hidden together, and no hidden figure is pinned below k."""
    assert_bounds_table_safe(cells)


@pytest.mark.parametrize(
    "cells",
    [
        # A published breakdown lists every region, act type...: rows of zeros too.
        [[7, 7], [2, 2], [1, 1], [0, 0], [0, 0], [0, 0]],
        [[9, 12], [0, 0]],  # one row of zeros beside one shown row
        [[0, 0], [0, 0], [0, 0], [30, 30]],  # only zeros to hide
        [[0, 0], [0, 3], [20, 25]],
    ],
)
def test_rows_of_zeros_pin_nothing(cells):
    assert_bounds_table_safe(cells)


def assert_bounds_table_safe(cells: list[list[int]]) -> None:
    table = Table.of(cells, row_totals=False)
    hidden = suppress(table, k=K, together=[((i, 0), (i, 1)) for i in range(len(cells))])
    shown = {p: v for p, v in table.extended().items() if p not in hidden}
    known = {("t", p): v for p, v in shown.items()}
    unknown = [("t", p) for p in hidden]
    eqs = attacker.equations("t", (len(cells), 2), rows=False, columns=True)
    at_most = [(("t", (i, 0)), ("t", (i, 1))) for i in range(len(cells))]
    bounds = attacker.propagate(known, unknown, eqs, at_most)
    truth = Table.of(cells, row_totals=False).extended()
    for name, (low, high) in bounds.items():
        assert low <= truth[name[1]] <= high
        assert not (low == high and low < K), (cells, name, low)
