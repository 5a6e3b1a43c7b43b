"""What the metrics return: counts, rates, statistics and costs under stable codes.

The core names rows and tables with codes; the UI words them (and translates). Nothing here
is de-identified yet: ``publish`` applies the small-cell rules on the way out.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from exitdoors_desktop.core.metrics.model import CostCycle


class Unit(StrEnum):
    PARTICIPANTS = "participants"
    REFERRALS = "referrals"
    AGENCIES = "agencies"
    STINTS = "stints"  # stays in a phase
    WORKERS = "workers"  # staff, not clients: no small-cell rule applies
    SESSIONS = "sessions"  # group sessions held: a count of events, naming nobody
    ATTENDANCES = "attendances"  # people present at group sessions (small-cell rules apply)


@dataclass(frozen=True)
class CountTable:
    """Counts per category. ``partition``: the categories split one group (they add up to
    the total, which is shown as the denominator); otherwise they are separate counts."""

    id: str
    rows: tuple[tuple[str, int], ...]
    unit: Unit = Unit.PARTICIPANTS
    partition: bool = True

    @property
    def total(self) -> int:
        return sum(n for _, n in self.rows)

    def count(self, code: str) -> int:
        return dict(self.rows)[code]


@dataclass(frozen=True)
class Rate:
    """``met`` of ``eligible`` (each row has its own denominator)."""

    code: str
    met: int
    eligible: int


@dataclass(frozen=True)
class RateTable:
    id: str
    rows: tuple[Rate, ...]
    unit: Unit = Unit.PARTICIPANTS

    def rate(self, code: str) -> Rate:
        return next(r for r in self.rows if r.code == code)


@dataclass(frozen=True)
class Statistic:
    """A figure (days) computed over ``n`` units, e.g. a median."""

    code: str
    value: int | None
    n: int


@dataclass(frozen=True)
class StatTable:
    id: str
    rows: tuple[Statistic, ...]
    unit: Unit = Unit.PARTICIPANTS


@dataclass(frozen=True)
class CycleCost:
    cycle: CostCycle
    participants: int
    per_participant: Decimal | None


Table = CountTable | RateTable | StatTable
