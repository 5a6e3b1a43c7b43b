"""Small-cell suppression for de-identified tables, with complementary suppression.

A table here is a partition: category counts that add up to a known total (a denominator the
report shows). The rules, exactly:

* Primary: a count with ``0 < count < threshold`` is shown as ``<threshold`` (e.g. "<5").
  Zeros are shown (a zero names nobody). If the total itself is below the threshold, every
  cell and the total are shown as ``<threshold`` and no percentage is given.
* Complementary: a reader knows the shown counts, the total, that each "<5" cell holds 1 to
  threshold-1 and that each complementary cell ("x") holds 0 to total. From the one equation
  "suppressed cells add up to total minus shown cells" she can bound each hidden cell. While
  any hidden cell is pinned to a single value, one more shown cell is hidden ("x"): the
  smallest that leaves nothing pinned, else the smallest non-zero one; if nothing is left to
  hide, the total is hidden. For one equation with bounds per cell
  these intervals are exact, so the check is a proof, not a heuristic.
* A percentage is shown only next to a shown count over a shown total.
* The headline: when the table's largest cell had to be hidden, it is shown as the range a
  reader could already work out for it ("50–53" of 54 beside a "<5"). That range is the exact
  projection of what the shown figures allow, so printing it removes no possibility: every small
  cell keeps all the values it had (tests/core/test_deidentify.py proves it by brute force).

Each table is protected on its own. Two tables that split the same people in different ways
(by reason, and early or not) cannot be subtracted from one another cell by cell, but a
report that printed the same partition twice with different hidden cells could be; the
report shows every partition once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum


class CellStatus(StrEnum):
    SHOWN = "shown"
    SMALL = "small"  # primary: below the threshold, shown as "<5"
    HIDDEN = "hidden"  # complementary: hidden so a small cell cannot be worked out, "x"


COMPLEMENT_MARK = "x"


def small_mark(threshold: int) -> str:
    return f"<{threshold}"


@dataclass(frozen=True)
class Protected:
    """The statuses of a partition's cells and of its total."""

    cells: tuple[CellStatus, ...]
    total: CellStatus
    # Per cell: the range shown instead of "x" (only for the hidden largest cell), else None.
    ranges: tuple[tuple[int, int] | None, ...] = ()

    def range(self, i: int) -> tuple[int, int] | None:
        return self.ranges[i] if self.ranges else None

    def shown(self, i: int) -> bool:
        return self.cells[i] is CellStatus.SHOWN

    @property
    def total_shown(self) -> bool:
        return self.total is CellStatus.SHOWN


def _bounds(
    status: CellStatus, count: int, total: int, threshold: int, total_small: bool
) -> tuple[int, int]:
    if status is CellStatus.SMALL:
        # With a small total every cell is marked, zeros included; otherwise a mark means 1..t-1.
        return (0 if total_small else 1), threshold - 1
    return 0, total


def implied_ranges(
    counts: Sequence[int], statuses: Sequence[CellStatus], total: int, threshold: int
) -> dict[int, tuple[int, int]]:
    """For each hidden cell, the values a reader can narrow it to from the shown figures, the
    total and the bounds each mark implies. For one equation with a range per cell this is
    exact: every value in the range is possible, none outside it is."""
    hidden = [i for i, s in enumerate(statuses) if s is not CellStatus.SHOWN]
    if not hidden:
        return {}
    total_small = 0 < total < threshold
    rest = total - sum(c for c, s in zip(counts, statuses, strict=True) if s is CellStatus.SHOWN)
    bounds = {i: _bounds(statuses[i], counts[i], total, threshold, total_small) for i in hidden}
    lo_sum = sum(b[0] for b in bounds.values())
    hi_sum = sum(b[1] for b in bounds.values())
    out = {}
    for i in hidden:
        lo_i, hi_i = bounds[i]
        out[i] = (max(lo_i, rest - (hi_sum - hi_i)), min(hi_i, rest - (lo_sum - lo_i)))
    return out


def pinned_cells(
    counts: Sequence[int], statuses: Sequence[CellStatus], total: int, threshold: int
) -> list[int]:
    """Indexes of hidden cells whose value a reader can work out from the shown figures and
    the total (by subtraction and the bounds each mark implies)."""
    ranges = implied_ranges(counts, statuses, total, threshold)
    return [i for i, (lo, hi) in ranges.items() if lo >= hi]


def protect(counts: Sequence[int], total: int, threshold: int) -> Protected:
    """Which cells of a partition of ``total`` to show (see the module docstring)."""
    if any(c < 0 for c in counts) or sum(counts) != total:
        raise ValueError("the counts must be non-negative and add up to the total")
    n = len(counts)
    if 0 < total < threshold:
        return Protected((CellStatus.SMALL,) * n, CellStatus.SMALL)
    statuses = [CellStatus.SMALL if 0 < c < threshold else CellStatus.SHOWN for c in counts]
    while pinned_cells(counts, statuses, total, threshold):
        shown = [i for i in range(n) if statuses[i] is CellStatus.SHOWN]
        if not shown:
            return Protected(tuple(statuses), CellStatus.HIDDEN)
        # The smallest shown count that settles it costs the reader least (ties go to the later
        # row, keeping the headline rows visible). If no single cell settles it, hide the
        # smallest non-zero one and look again: hidden zeros alone never shield a lone 1.
        order = sorted(shown, key=lambda i: (counts[i], -i))
        pick = next(
            (i for i in order if not pinned_cells(counts, _with(statuses, i), total, threshold)),
            next((i for i in order if counts[i] > 0), order[0]),
        )
        statuses[pick] = CellStatus.HIDDEN
    return Protected(
        tuple(statuses), CellStatus.SHOWN, _headline_ranges(counts, statuses, total, threshold)
    )


def _headline_ranges(
    counts: Sequence[int], statuses: Sequence[CellStatus], total: int, threshold: int
) -> tuple[tuple[int, int] | None, ...]:
    """The hidden largest cell(s) as the range a reader can already work out: never a bare
    "x" for a table's headline, and nothing learnt that was not known."""
    implied = implied_ranges(counts, statuses, total, threshold)
    top = max(counts, default=0)
    return tuple(
        implied[i] if s is CellStatus.HIDDEN and counts[i] == top and top > 0 else None
        for i, s in enumerate(statuses)
    )


def _with(statuses: Sequence[CellStatus], i: int) -> list[CellStatus]:
    out = list(statuses)
    out[i] = CellStatus.HIDDEN
    return out


def range_text(bounds: tuple[int, int]) -> str:
    return f"{bounds[0]}–{bounds[1]}"


def cell_text(
    status: CellStatus, value: int, threshold: int, bounds: tuple[int, int] | None = None
) -> str:
    if bounds is not None:
        return range_text(bounds)
    if status is CellStatus.SMALL:
        return small_mark(threshold)
    if status is CellStatus.HIDDEN:
        return COMPLEMENT_MARK
    return str(value)
