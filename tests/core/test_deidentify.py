"""Small-cell suppression: "<5" for small counts, complementary suppression so nothing is
recovered by subtraction (checked against brute force), percentages only beside shown counts."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from exitdoors_desktop.core.deidentify import CellStatus, pinned_cells, protect
from exitdoors_desktop.core.metrics.publish import count_table, rate_table
from exitdoors_desktop.core.metrics.tables import CountTable, Rate, RateTable, Unit

S, SMALL, X = CellStatus.SHOWN, CellStatus.SMALL, CellStatus.HIDDEN


def test_the_subtraction_case():
    # 52 involved, 2 at risk, of 54: hiding only the 2 leaves it as 54 - 52.
    assert pinned_cells([52, 2], [S, SMALL], 54, 5) == [1]
    prot = protect([52, 2], 54, 5)
    assert prot.cells == (X, SMALL) and prot.total_shown
    assert pinned_cells([52, 2], prot.cells, 54, 5) == []
    shown = count_table(CountTable("t", (("involved", 52), ("at_risk", 2))), 5)
    assert [r.cells for r in shown.rows] == [("x", ""), ("<5", "")]
    assert shown.total.cells == ("54", "100%")


def test_two_small_cells_protect_each_other_unless_they_can_be_pinned():
    assert protect([20, 3, 2], 25, 5).cells == (S, SMALL, SMALL)
    # Two 4s of 8 are pinned by the bounds (each at most 4): the total has to go.
    prot = protect([4, 4], 8, 5)
    assert prot.cells == (SMALL, SMALL) and prot.total is X


def test_a_zero_is_a_cheap_complement_but_not_when_it_pins_a_one():
    assert protect([52, 2, 0], 54, 5).cells == (S, SMALL, X)
    # 1 + hidden zeros = 1, and a "<5" cell is at least 1: zeros cannot shield a lone 1,
    # so the large cell goes and the zeros stay shown.
    assert protect([50, 1, 0], 51, 5).cells == (X, SMALL, S)
    assert protect([60, 1, 0, 0, 0], 61, 5).cells == (X, SMALL, S, S, S)
    # Two small cells and a zero: the zero is enough.
    assert protect([52, 2, 0, 1], 55, 5).cells == (S, SMALL, S, SMALL)


def test_small_total_hides_everything_and_zeros_are_shown_otherwise():
    prot = protect([3, 0], 3, 5)
    assert prot.cells == (SMALL, SMALL) and prot.total is SMALL
    assert protect([30, 0, 0], 30, 5).cells == (S, S, S)


def test_rates_protect_the_implicit_not_met_cell():
    # 28 of 30 progressed says 2 did not: that 2 is a small cell too.
    shown = rate_table(RateTable("r", (Rate("a", 28, 30), Rate("b", 3, 30), Rate("c", 2, 3))), 5)
    assert [r.cells for r in shown.rows] == [("x", "30", ""), ("<5", "30", ""), ("<5", "<5", "")]


def test_staff_counts_are_not_suppressed():
    shown = count_table(CountTable("w", (("within", 2), ("over", 1)), Unit.WORKERS), 5)
    assert [r.cells[0] for r in shown.rows] == ["2", "1"]


def brute_force_pinned(counts, statuses, total, threshold):
    """Every cell vector the reader cannot rule out; a hidden cell is safe iff it takes >= 2
    values across them."""
    ranges = []
    for c, s in zip(counts, statuses, strict=True):
        if s is S:
            ranges.append([c])
        elif s is SMALL:
            lo = 0 if total < threshold else 1
            ranges.append(range(lo, threshold))
        else:
            ranges.append(range(0, total + 1))
    seen = [set() for _ in counts]
    for combo in itertools.product(*ranges):
        if sum(combo) == total:
            for i, v in enumerate(combo):
                seen[i].add(v)
    return [i for i, s in enumerate(statuses) if s is not S and len(seen[i]) < 2]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.integers(min_value=0, max_value=9), min_size=1, max_size=4),
    st.integers(min_value=2, max_value=6),
)
def test_protect_leaves_nothing_recoverable(counts, threshold):
    total = sum(counts)
    prot = protect(counts, total, threshold)
    for c, s in zip(counts, prot.cells, strict=True):
        if 0 < c < threshold:
            assert s is SMALL  # every small count is marked
    if prot.total_shown:
        assert brute_force_pinned(counts, prot.cells, total, threshold) == []
        assert pinned_cells(counts, prot.cells, total, threshold) == []
    # The interval check agrees with brute force on every table, protected or not.
    for statuses in itertools.product([S, SMALL, X], repeat=len(counts)):
        if any(s is SMALL and not 0 < c < threshold for c, s in zip(counts, statuses)):
            continue
        if total < threshold:
            continue
        assert sorted(pinned_cells(counts, list(statuses), total, threshold)) == sorted(
            brute_force_pinned(counts, list(statuses), total, threshold)
        )
