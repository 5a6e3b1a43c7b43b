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
    assert [r.cells for r in shown.rows] == [("50–53", "93–98%"), ("<5", "")]
    assert shown.total.cells == ("54", "100%")


def test_a_hidden_headline_is_shown_as_the_range_a_reader_already_knows():
    # 52 and "<5" of 54: the 52 is somewhere in 54-4 .. 54-1 anyway; print that, not "x".
    prot = protect([52, 2], 54, 5)
    assert prot.cells == (X, SMALL) and prot.ranges == ((50, 53), None)
    shown = count_table(CountTable("t", (("involved", 52), ("at_risk", 2))), 5)
    assert [r.cells for r in shown.rows] == [("50–53", "93–98%"), ("<5", "")]
    assert (shown.rows[0].chart_value, shown.rows[0].chart_high) == (93, 98)
    # A hidden cell that is not the largest stays "x".
    assert protect([52, 2, 0], 54, 5).ranges == (None, None, None)
    assert count_table(CountTable("t", (("a", 52), ("b", 2), ("c", 0))), 5).rows[2].cells[0] == "x"
    # Rates: 28 of 30 progressed, 2 did not: the 28 reads 26–29 (87–97%).
    row = rate_table(RateTable("r", (Rate("a", 28, 30),)), 5).rows[0]
    assert row.cells == ("26–29", "30", "87–97%") and (row.chart_value, row.chart_high) == (87, 97)


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
    assert [r.cells for r in shown.rows] == [
        ("26–29", "30", "87–97%"),
        ("<5", "30", ""),
        ("<5", "<5", ""),
    ]


def test_staff_counts_are_not_suppressed():
    shown = count_table(CountTable("w", (("within", 2), ("over", 1)), Unit.WORKERS), 5)
    assert [r.cells[0] for r in shown.rows] == ["2", "1"]


def feasible(counts, statuses, total, threshold, shown_ranges=()):
    """Every cell vector the reader cannot rule out, given the shown counts, the marks, the
    total and any range printed in place of an "x"."""
    ranges = []
    for i, (c, s) in enumerate(zip(counts, statuses, strict=True)):
        printed = shown_ranges[i] if shown_ranges else None
        if s is S:
            ranges.append([c])
        elif printed is not None:
            ranges.append(range(printed[0], printed[1] + 1))
        elif s is SMALL:
            lo = 0 if total < threshold else 1
            ranges.append(range(lo, threshold))
        else:
            ranges.append(range(0, total + 1))
    return {combo for combo in itertools.product(*ranges) if sum(combo) == total}


def brute_force_pinned(counts, statuses, total, threshold, shown_ranges=()):
    """A hidden cell is safe iff it takes >= 2 values across the feasible vectors."""
    seen = [set() for _ in counts]
    for combo in feasible(counts, statuses, total, threshold, shown_ranges):
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
        # The headline's printed range (if any) is exactly what the reader could work out
        # already: the feasible vectors are the same with and without it, so every small cell
        # keeps all its possible values, and the range itself is a range, not a value.
        assert feasible(counts, prot.cells, total, threshold, prot.ranges) == feasible(
            counts, prot.cells, total, threshold
        )
        assert brute_force_pinned(counts, prot.cells, total, threshold, prot.ranges) == []
        top = max(counts)
        for i, s in enumerate(prot.cells):
            if s is X and counts[i] == top:  # the headline is never a bare "x"
                lo, hi = prot.range(i)
                assert lo <= counts[i] <= hi and lo < hi
    # The interval check agrees with brute force on every table, protected or not.
    for statuses in itertools.product([S, SMALL, X], repeat=len(counts)):
        if any(s is SMALL and not 0 < c < threshold for c, s in zip(counts, statuses)):
            continue
        if total < threshold:
            continue
        assert sorted(pinned_cells(counts, list(statuses), total, threshold)) == sorted(
            brute_force_pinned(counts, list(statuses), total, threshold)
        )
