"""The de-identified face of an outcome report: sections of tables of display cells.

Only counts, percentages, medians and the program's own cost figures leave here; every count
of participants, referrals or agencies goes through ``core.deidentify`` first. Per-worker
fidelity is not published (it is for staff, on screen).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from exitdoors_desktop.core.deidentify import CellStatus, cell_text, protect, small_mark
from exitdoors_desktop.core.metrics.report import OutcomeReport
from exitdoors_desktop.core.metrics.rounding import percent
from exitdoors_desktop.core.metrics.tables import (
    CountTable,
    CycleCost,
    RateTable,
    StatTable,
    Unit,
)

UNDEFINED = "—"  # no denominator: nothing to divide by
WITHHELD = ""  # a percentage next to a hidden count is left blank

COUNT_COLUMNS = ("count", "percent")
LIST_COLUMNS = ("count",)
RATE_COLUMNS = ("met", "eligible", "percent")
STAT_COLUMNS = ("value", "n")
COST_COLUMNS = ("participants", "operating_cost", "per_participant")


@dataclass(frozen=True)
class ShownRow:
    code: str
    cells: tuple[str, ...]
    chart_value: int | None = None  # the percentage (or figure) a chart may draw
    label: str | None = None  # program-entered text (a cycle's name), never client data


@dataclass(frozen=True)
class ShownTable:
    id: str
    columns: tuple[str, ...]
    rows: tuple[ShownRow, ...]
    unit: Unit
    total: ShownRow | None = None


@dataclass(frozen=True)
class Section:
    id: str
    tables: tuple[ShownTable, ...]


def _pct(n: int, d: int) -> str:
    p = percent(n, d)
    return UNDEFINED if p is None else f"{p}%"


def count_table(t: CountTable, threshold: int) -> ShownTable:
    counts = [n for _, n in t.rows]
    if t.unit in (Unit.WORKERS, Unit.SESSIONS):
        threshold = 1  # staff counts, sessions held: nothing to protect
    if not t.partition:
        rows = tuple(
            ShownRow(code, (cell_text(_primary(n, threshold), n, threshold),), n)
            for code, n in t.rows
        )
        return ShownTable(t.id, LIST_COLUMNS, rows, t.unit)
    prot = protect(counts, t.total, threshold)
    rows_out = []
    for i, (code, n) in enumerate(t.rows):
        shown = prot.shown(i) and prot.total_shown
        pct = _pct(n, t.total) if shown else WITHHELD
        rows_out.append(
            ShownRow(
                code,
                (cell_text(prot.cells[i], n, threshold), pct),
                percent(n, t.total) if shown else None,
            )
        )
    total = ShownRow(
        "total",
        (cell_text(prot.total, t.total, threshold), "100%" if prot.total_shown and t.total else ""),
    )
    return ShownTable(t.id, COUNT_COLUMNS, tuple(rows_out), t.unit, total)


def _primary(n: int, threshold: int) -> CellStatus:
    return CellStatus.SMALL if 0 < n < threshold else CellStatus.SHOWN


def rate_table(t: RateTable, threshold: int) -> ShownTable:
    """Each row is the partition (met, not met) of its own denominator."""
    rows = []
    for r in t.rows:
        prot = protect([r.met, r.eligible - r.met], r.eligible, threshold)
        shown = prot.shown(0) and prot.total_shown
        rows.append(
            ShownRow(
                r.code,
                (
                    cell_text(prot.cells[0], r.met, threshold),
                    cell_text(prot.total, r.eligible, threshold),
                    _pct(r.met, r.eligible) if shown else WITHHELD,
                ),
                percent(r.met, r.eligible) if shown else None,
            )
        )
    return ShownTable(t.id, RATE_COLUMNS, tuple(rows), t.unit)


def stat_table(t: StatTable, threshold: int) -> ShownTable:
    """A median over fewer than ``threshold`` people could be one woman's own figure."""
    if t.unit is Unit.WORKERS:
        threshold = 1
    rows = []
    for s in t.rows:
        hide = 0 < s.n < threshold
        value = WITHHELD if hide else (UNDEFINED if s.value is None else str(s.value))
        n_text = small_mark(threshold) if hide else str(s.n)
        rows.append(ShownRow(s.code, (value, n_text), None if hide else s.value))
    return ShownTable(t.id, STAT_COLUMNS, tuple(rows), t.unit)


def cost_table(costs: Sequence[CycleCost], threshold: int) -> ShownTable:
    """Cost divided by a small headcount would give the headcount away: both are withheld."""
    rows = []
    for c in costs:
        hide = 0 < c.participants < threshold
        per = c.per_participant
        rows.append(
            ShownRow(
                c.cycle.id,
                (
                    small_mark(threshold) if hide else str(c.participants),
                    str(c.cycle.operating_cost),
                    WITHHELD if hide else (UNDEFINED if per is None else str(per)),
                ),
                None,
                label=c.cycle.label,
            )
        )
    return ShownTable("costs", COST_COLUMNS, tuple(rows), Unit.PARTICIPANTS)


def publish(report: OutcomeReport) -> tuple[Section, ...]:
    t = report.threshold
    f = report.flow
    return (
        Section(
            "outcomes",
            (
                count_table(report.reach, t),
                count_table(report.follow_up_coverage, t),
                count_table(report.outcome, t),
                rate_table(report.progress, t),
                count_table(report.readiness_movement, t),
            ),
        ),
        Section(
            "flow",
            (
                count_table(f.events, t),
                count_table(f.at_end, t),
                count_table(f.closed, t),
                rate_table(f.early, t),
                stat_table(f.days, t),
            ),
        ),
        Section(
            "fidelity",
            (
                rate_table(report.fidelity.program.indicators, t),
                stat_table(
                    StatTable("time_to_graduation", (report.fidelity.program.time_to_graduation,)),
                    t,
                ),
                stat_table(report.fidelity.caseloads, t),
            ),
        ),
        Section(
            "services",
            (
                count_table(report.referrals_by_type, t),
                count_table(report.referrals_by_status, t),
                count_table(report.partner_relationship, t),
                count_table(report.partner_benefit, t),
            ),
        ),
        Section("costs", (cost_table(report.costs, t),)),
    )


def table(sections: Sequence[Section], table_id: str) -> ShownTable:
    for s in sections:
        for tb in s.tables:
            if tb.id == table_id:
                return tb
    raise KeyError(table_id)
