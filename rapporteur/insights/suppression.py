"""Small-cell suppression: no figure from 1 to k - 1 reaches a reader who may not
know every case, and no hidden figure can be worked back out of a total.

Primary suppression hides every cell below k, zero included (so that "none" and "one"
look alike). A table's cells add up to a total the reader also sees (the period's
count), so one hidden cell alone would be that total minus the others: complementary
suppression then hides the smallest shown cell too, and does the same when every
hidden cell is zero (their sum, 0, would give each of them away). Hidden cells all
look the same ("suppressed"), so a reader cannot tell a small one from its cover.

What a reader can then work out of one column: each hidden cell is at least 0, and
together they make the total minus the shown cells, a sum of at least 1 over at least
two cells, so no hidden cell has a single possible value (``tests/test_suppression``
runs the attacker). Tables published as files (exports, the public statistics page)
are two-way, with row and column totals: ``suppress`` below, which proves each hidden
figure can take a second value.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapporteur.cases.selectors import SMALL_COUNT


def hidden_cells(values: Sequence[int], *, k: int = SMALL_COUNT) -> list[bool]:
    """For each cell of one column (whose total is shown), whether to hide it."""
    hidden = [value < k for value in values]
    shown = sorted((value, index) for index, value in enumerate(values) if not hidden[index])
    hidden_sum = sum(value for value, is_hidden in zip(values, hidden, strict=True) if is_hidden)
    if shown and (hidden.count(True) == 1 or (any(hidden) and hidden_sum == 0)):
        hidden[shown[0][1]] = True
    return hidden


# ------------------------------------------------------------------ two-way tables


@dataclass(frozen=True)
class Table:
    """A table of counts as an export publishes it: ``cells`` rows by columns, with
    the row totals (the sum of each row), the column totals (the sum of each column)
    and, when both are published, the grand total. A margin that is not published
    (``row_totals=False``: the rows' sum means nothing, as "certainly" beside
    "possibly") leaves its lines free of any equation."""

    cells: tuple[tuple[int, ...], ...]
    row_totals: bool = True
    column_totals: bool = True

    @classmethod
    def of(cls, cells: Sequence[Sequence[int]], **margins: bool) -> Table:
        return cls(tuple(tuple(row) for row in cells), **margins)

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.cells), len(self.cells[0]) if self.cells else 0

    @property
    def grand_total(self) -> bool:
        return self.row_totals and self.column_totals

    def extended(self) -> dict[Cell, int]:
        """Every published figure by its place: (i, j) for a cell, (i, TOTAL) for a
        row total, (TOTAL, j) for a column total, (TOTAL, TOTAL) for the grand total."""
        rows, columns = self.shape
        found: dict[Cell, int] = {}
        for i in range(rows):
            for j in range(columns):
                found[i, j] = self.cells[i][j]
        if self.row_totals:
            for i in range(rows):
                found[i, TOTAL] = sum(self.cells[i])
        if self.column_totals:
            for j in range(columns):
                found[TOTAL, j] = sum(row[j] for row in self.cells)
        if self.grand_total:
            found[TOTAL, TOTAL] = sum(map(sum, self.cells))
        return found


TOTAL = -1  # the index of a margin in a Cell
Cell = tuple[int, int]
Node = tuple[str, int]  # a line of the table (a row, a column) or the free node
Arcs = dict[Node, list[tuple[Node, Cell]]]  # the steps hidden figures allow, by node


def suppress(
    table: Table,
    *,
    k: int = SMALL_COUNT,
    also: Iterable[Cell] = (),
    together: Sequence[tuple[Cell, Cell]] = (),
) -> set[Cell]:
    """The places of ``table.extended()`` to publish as "suppressed".

    Primary suppression hides every figure below k, zero included, totals too (and
    whatever ``also`` names: a margin hidden in another table of the same
    publication). Complementary suppression then hides more until no hidden figure
    can be worked out: while some hidden figure has no *escape* (below), the
    smallest shown cell in its row or column is hidden too (a cell of at least 1
    first, an inner cell before a total), else the smallest shown figure anywhere.
    It ends: with every figure hidden, adding one act to a cell and to its totals is
    always an escape. Covers found one at a time can be more than needed: a last
    pass shows again each one that no hidden figure needs (``_pruned``).

    ``together`` names pairs of figures hidden together, one hidden taking the
    other with it: a group's "certainly" and "possibly" figures, since a reader
    knows the first is at most the second (a shown "possibly" would bound a hidden
    "certainly", and a shown "certainly" would lift a hidden "possibly": enough to
    pin a figure the equations leave free).

    An escape is a second table that agrees with everything published and differs
    in that figure. Write each line (a row with its total, a column with its total,
    the totals with the grand total) as a sum that must stay zero, a margin counted
    negatively: a change that keeps every line at zero is a cycle through hidden
    figures, +1 and -1 in turn along the cycle, and it must take no figure below 0
    (a figure of 0 may only grow). Between two tables of whole numbers that agree on
    the published figures, the difference splits into such cycles (the lines are
    the edges of a bipartite graph), so a hidden figure can be worked out exactly
    when no such cycle passes through it. A line whose sum is not published ties
    nothing: all such lines are one free node, where a cycle may turn freely.
    """
    figures = table.extended()
    primary = {place for place, value in figures.items() if value < k}
    primary |= set(also) & figures.keys()
    hidden = set(primary)
    while True:
        for first, second in together:
            if (first in hidden) != (second in hidden):
                hidden |= {first, second}
        stuck = _first_stuck(table, figures, hidden)
        if stuck is None:
            if all((a in hidden) == (b in hidden) for a, b in together):
                return _pruned(table, figures, hidden, primary, together)
            continue
        hidden.add(_cover(table, figures, hidden, stuck))


# Above this many figures a table keeps its covers as found (pruning tries each).
PRUNE_LIMIT = 150


def _pruned(
    table: Table,
    figures: dict[Cell, int],
    hidden: set[Cell],
    primary: set[Cell],
    together: Sequence[tuple[Cell, Cell]],
) -> set[Cell]:
    """The covers found one at a time can be more than needed: show again each cover
    (the largest first) whose showing leaves every hidden figure an escape."""
    if len(figures) > PRUNE_LIMIT:
        return hidden
    partner = {a: b for a, b in together} | {b: a for a, b in together}
    covers = sorted(hidden - primary, key=lambda p: (-figures[p], p))
    for cover in covers:
        if cover not in hidden:
            continue
        shown = {cover} | ({partner[cover]} if cover in partner else set())
        if shown & primary:
            continue
        rest = hidden - shown
        if _first_stuck(table, figures, rest) is None:
            hidden = rest
    return hidden


def _cover(table: Table, figures: dict[Cell, int], hidden: set[Cell], stuck: Cell) -> Cell:
    """The figure to hide for ``stuck``: one that frees it at once if there is one,
    else one of its row or column (the smallest, as above), else any."""

    def rank(place: Cell) -> tuple[bool, bool, int, Cell]:
        return (figures[place] == 0, TOTAL in place, figures[place], place)

    shown = sorted((p for p in figures if p not in hidden), key=rank)
    near = [p for p in shown if p[0] == stuck[0] or p[1] == stuck[1]]
    for place in near:
        if _escapes(table, figures, hidden | {place}, stuck):
            return place
    return (near or shown)[0]


_FREE = ("free", 0)


def _ends(table: Table, place: Cell) -> tuple[Node, Node]:
    """The two nodes a figure joins: its row's line and its column's line, or the
    free node where that line's sum is not published."""
    i, j = place
    # Row i (an inner row) is a line when row totals are published; the totals' row
    # (i == TOTAL) is one when the grand total is. Likewise for columns.
    row_line = table.grand_total if i == TOTAL else table.row_totals
    column_line = table.grand_total if j == TOTAL else table.column_totals
    return (("row", i) if row_line else _FREE, ("column", j) if column_line else _FREE)


def _first_stuck(table: Table, figures: dict[Cell, int], hidden: set[Cell]) -> Cell | None:
    """The first hidden figure (in order) without an escape, or None. The walks the
    hidden figures allow are worked out once for all of them."""
    arcs = _arcs(table, figures, hidden)
    return next((p for p in sorted(hidden) if not _escapes_along(table, figures, arcs, p)), None)


def _escapes(table: Table, figures: dict[Cell, int], hidden: set[Cell], place: Cell) -> bool:
    """Whether some cycle of hidden figures through ``place`` changes it (above)."""
    return _escapes_along(table, figures, _arcs(table, figures, hidden), place)


def _arcs(table: Table, figures: dict[Cell, int], hidden: set[Cell]) -> Arcs:
    """Every step a hidden figure allows. An arc row-node -> column-node adds 1 to
    the signed figure, the other way takes 1 off; a margin's signed figure is minus
    its value."""
    arcs: Arcs = {}
    for other in hidden:
        start, end = _ends(table, other)
        for source, target in _allowed(figures, other, start, end):
            arcs.setdefault(source, []).append((target, other))
    return arcs


def _escapes_along(table: Table, figures: dict[Cell, int], arcs: Arcs, place: Cell) -> bool:
    """Whether a cycle through ``place`` closes along ``arcs`` (its own arcs aside)."""
    for source, target in _allowed(figures, place, *_ends(table, place)):
        if source == target or _reaches(arcs, target, source, avoid=place):
            return True
    return False


def _allowed(
    figures: dict[Cell, int], place: Cell, row_node: Node, column_node: Node
) -> list[tuple[Node, Node]]:
    """The directions a figure may be walked in without going below zero."""
    margin = (place[0] == TOTAL) != (place[1] == TOTAL)
    grows_forward = not margin  # forward adds 1 to the signed figure
    found = []
    if grows_forward or figures[place] >= 1:
        found.append((row_node, column_node))
    if not grows_forward or figures[place] >= 1:
        found.append((column_node, row_node))
    return found


def _reaches(
    arcs: Arcs,
    start: Node,
    goal: Node,
    *,
    avoid: Cell,
) -> bool:
    seen = {start}
    frontier = [start]
    while frontier:
        node = frontier.pop()
        for target, place in arcs.get(node, ()):
            if place == avoid or target in seen:
                continue
            if target == goal:
                return True
            seen.add(target)
            frontier.append(target)
    return False
