"""The attacker of a published table: someone who holds every published figure (and
perhaps those of a second export) and knows that counts are whole numbers of at least
zero that add up along rows and columns. Written apart from ``insights.suppression``
so that a test does not check the suppression with its own reasoning.

Two attacks. ``propagate``: integer bounds propagation, every equation tightening the
interval of each unknown from the intervals of the others, to a fixpoint. ``enumerate``:
every whole-number filling of the hidden inner cells within those bounds, for tables
small enough to try them all; what survives every published figure is exactly what
the attacker can know.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

TOTAL = -1
Place = tuple[int, int]
Name = tuple[str, Place]  # (table, place): one unknown or figure of one table
FAR = 10**9


@dataclass(frozen=True)
class Equation:
    """sum(sign * figure) == 0 over the named figures."""

    terms: tuple[tuple[int, Name], ...]


def published(cells: Sequence[Sequence[int]], *, rows: bool, columns: bool) -> dict[Place, int]:
    """The figures a table with these margins publishes, by place."""
    found: dict[Place, int] = {}
    for i, row in enumerate(cells):
        for j, value in enumerate(row):
            found[i, j] = value
        if rows:
            found[i, TOTAL] = sum(row)
    if columns and cells:
        for j in range(len(cells[0])):
            found[TOTAL, j] = sum(row[j] for row in cells)
    if rows and columns:
        found[TOTAL, TOTAL] = sum(map(sum, cells))
    return found


def equations(name: str, shape: tuple[int, int], *, rows: bool, columns: bool) -> list[Equation]:
    """A table's additions: each row to its total, each column to its total, and the
    totals to the grand total."""
    height, width = shape
    found = []
    if rows:
        for i in range(height):
            found.append(
                Equation(((-1, (name, (i, TOTAL))), *((1, (name, (i, j))) for j in range(width))))
            )
    if columns:
        for j in range(width):
            found.append(
                Equation(((-1, (name, (TOTAL, j))), *((1, (name, (i, j))) for i in range(height))))
            )
    if rows and columns:
        grand = (name, (TOTAL, TOTAL))
        found.append(Equation(((-1, grand), *((1, (name, (i, TOTAL))) for i in range(height)))))
        found.append(Equation(((-1, grand), *((1, (name, (TOTAL, j))) for j in range(width)))))
    return found


def propagate(
    known: Mapping[Name, int],
    unknown: Iterable[Name],
    eqs: Sequence[Equation],
    at_most: Sequence[tuple[Name, Name]] = (),
) -> dict[Name, tuple[int, int]]:
    """Each unknown's interval once no equation (and no ``a <= b`` of ``at_most``,
    such as "certainly" <= "possibly") can narrow any of them further."""
    bounds = {name: (0, FAR) for name in unknown}

    def interval(name: Name) -> tuple[int, int]:
        return (known[name], known[name]) if name in known else bounds[name]

    changed = True
    rounds = 0
    while changed and rounds < 10_000:
        changed = False
        rounds += 1
        for eq in eqs:
            for sign, name in eq.terms:
                if name in known:
                    continue
                # sign * x = -sum(other terms)
                low = high = 0
                for other_sign, other in eq.terms:
                    if other == name:
                        continue
                    a, b = interval(other)
                    low -= other_sign * (b if other_sign > 0 else a)
                    high -= other_sign * (a if other_sign > 0 else b)
                if sign < 0:
                    low, high = -high, -low
                old_low, old_high = bounds[name]
                new = (max(old_low, low), min(old_high, high))
                if new != (old_low, old_high):
                    assert new[0] <= new[1], "the published figures contradict themselves"
                    bounds[name] = new
                    changed = True
        for small, large in at_most:
            if small in bounds and interval(large)[1] < bounds[small][1]:
                bounds[small] = (bounds[small][0], interval(large)[1])
                changed = True
            if large in bounds and interval(small)[0] > bounds[large][0]:
                bounds[large] = (interval(small)[0], bounds[large][1])
                changed = True
    return bounds


def enumerate_fillings(
    known: Mapping[Name, int],
    unknown: Sequence[Name],
    eqs: Sequence[Equation],
    bounds: Mapping[Name, tuple[int, int]],
    *,
    limit: int = 200_000,
) -> dict[Name, set[int]] | None:
    """Every value each unknown takes in some filling that satisfies every equation,
    or None when there are too many fillings to try. Inner cells are tried; totals
    follow from them."""
    inner = [n for n in unknown if TOTAL not in n[1]]
    ranges = [range(bounds[n][0], bounds[n][1] + 1) for n in inner]
    size = 1
    for r in ranges:
        size *= len(r)
    if size > limit:
        return None
    # Each published sum has one total and inner cells: solve totals from cells.
    seen: dict[Name, set[int]] = {n: set() for n in unknown}
    for values in itertools.product(*ranges):
        filling = dict(known)
        filling.update(zip(inner, values, strict=True))
        if _complete(filling, eqs):
            for n in unknown:
                seen[n].add(filling[n])
    return seen


def _complete(filling: dict[Name, int], eqs: Sequence[Equation]) -> bool:
    """Fill what follows from the equations; False if one fails or a value is < 0."""
    pending = list(eqs)
    progress = True
    while pending and progress:
        progress = False
        for eq in list(pending):
            missing = [(s, n) for s, n in eq.terms if n not in filling]
            if len(missing) > 1:
                continue
            rest = sum(s * filling[n] for s, n in eq.terms if n in filling)
            pending.remove(eq)
            progress = True
            if not missing:
                if rest != 0:
                    return False
                continue
            sign, name = missing[0]
            value = -rest * sign
            if value < 0:
                return False
            filling[name] = value
    return not pending
