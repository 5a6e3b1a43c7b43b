"""The shown face of an outcome report: sections of tables of display cells, in one of two
views.

* The funder view (the default) is de-identified: every count of participants, referrals or
  agencies goes through ``core.deidentify`` ("<5", protected cells, the headline as a range).
* The staff view is for the program's own supervisors (and admins): exact counts, no
  small-cell rule. It is still aggregate (no names); it is labelled wherever it is shown.

Only counts, percentages, medians and the program's own cost figures leave here. Per-worker
fidelity is not published (it is for staff, on screen).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

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
from exitdoors_desktop.core.people import Role
from exitdoors_desktop.core.permissions import Permission, allowed

UNDEFINED = "—"  # no denominator: nothing to divide by
WITHHELD = ""  # a percentage next to a hidden count is left blank

COUNT_COLUMNS = ("count", "percent")
LIST_COLUMNS = ("count",)
RATE_COLUMNS = ("met", "eligible", "percent")
STAT_COLUMNS = ("value", "n")
COST_COLUMNS = ("participants", "operating_cost", "per_participant")


class View(StrEnum):
    FUNDER = "funder"  # de-identified: small-cell rules applied
    STAFF = "staff"  # exact counts, for the program's own supervision


# Who may see exact counts: the roles that may make reports at all (DOMAIN.md: supervisor,
# and the admin who holds every supervisor right) — one rule, in core.permissions.
STAFF_VIEW_ROLES = frozenset(r for r in Role if allowed(r, Permission.REPORTS))


def may_see_staff_view(role: str) -> bool:
    return role in {r.value for r in STAFF_VIEW_ROLES}


@dataclass(frozen=True)
class ShownRow:
    code: str
    cells: tuple[str, ...]
    chart_value: int | None = None  # the percentage (or figure) a chart may draw
    label: str | None = None  # program-entered text (a cycle's name), never client data
    chart_high: int | None = None  # with chart_value: a range (a protected headline), low–high


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
    view: View = View.FUNDER


def view_of(sections: Sequence[Section]) -> View:
    """The view a published report was made in (every section carries it)."""
    return sections[0].view if sections else View.FUNDER


def _pct(n: int, d: int) -> str:
    p = percent(n, d)
    return UNDEFINED if p is None else f"{p}%"


def _range_pct(bounds: tuple[int, int], d: int) -> tuple[str, int | None, int | None]:
    """A range's percentage text and its two ends, e.g. ("93–98%", 93, 98)."""
    lo, hi = percent(bounds[0], d), percent(bounds[1], d)
    if lo is None or hi is None:
        return UNDEFINED, None, None
    return (f"{lo}%" if lo == hi else f"{lo}–{hi}%"), lo, hi


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
        bounds = prot.range(i)
        text = cell_text(prot.cells[i], n, threshold, bounds)
        if bounds is not None:
            pct, lo, hi = _range_pct(bounds, t.total)
            rows_out.append(ShownRow(code, (text, pct), lo, chart_high=hi))
            continue
        pct = _pct(n, t.total) if shown else WITHHELD
        rows_out.append(ShownRow(code, (text, pct), percent(n, t.total) if shown else None))
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
        bounds = prot.range(0)
        if bounds is not None:
            pct, lo, hi = _range_pct(bounds, r.eligible)
            of = cell_text(prot.total, r.eligible, threshold)
            rows.append(
                ShownRow(
                    r.code,
                    (cell_text(prot.cells[0], r.met, threshold, bounds), of, pct),
                    lo,
                    chart_high=hi,
                )  # fmt: skip
            )
            continue
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


def publish(report: OutcomeReport, view: View = View.FUNDER) -> tuple[Section, ...]:
    """The report's tables as shown: de-identified (funder) or exact (staff)."""
    t = report.threshold if view is View.FUNDER else 1  # a threshold of 1 marks nothing
    f = report.flow
    sections = (
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
    return tuple(Section(s.id, s.tables, view) for s in sections)


def table(sections: Sequence[Section], table_id: str) -> ShownTable:
    for s in sections:
        for tb in s.tables:
            if tb.id == table_id:
                return tb
    raise KeyError(table_id)
