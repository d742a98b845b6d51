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
runs the attacker). Two-way tables and exports that differ by one filter need more
than this; they are not published yet.
"""

from __future__ import annotations

from collections.abc import Sequence

from rapporteur.cases.selectors import SMALL_COUNT


def hidden_cells(values: Sequence[int], *, k: int = SMALL_COUNT) -> list[bool]:
    """For each cell of one column (whose total is shown), whether to hide it."""
    hidden = [value < k for value in values]
    shown = sorted((value, index) for index, value in enumerate(values) if not hidden[index])
    hidden_sum = sum(value for value, is_hidden in zip(values, hidden, strict=True) if is_hidden)
    if shown and (hidden.count(True) == 1 or (any(hidden) and hidden_sum == 0)):
        hidden[shown[0][1]] = True
    return hidden
