"""Small-cell suppression against an attacker who knows the shown cells, the total
and that counts are whole numbers of at least zero: no hidden cell below k may be
pinned to one value, over every small table (exhaustively) and many random ones."""

from __future__ import annotations

import itertools
import random

import pytest

from rapporteur.insights.suppression import hidden_cells

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
