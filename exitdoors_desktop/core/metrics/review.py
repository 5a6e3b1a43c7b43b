"""The weekly caseload review for supervision: per worker, her clients, what is overdue and
which CTI fidelity items are slipping. Identifying by nature (names): staff only, never
exported."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from exitdoors_desktop.core.caseload import CaseloadRow, Flag
from exitdoors_desktop.core.lifecycle import CTI_PHASES, ENDED, State
from exitdoors_desktop.core.metrics.fidelity import EpisodeFidelity, FidelityFlag


@dataclass(frozen=True)
class ReviewLine:
    client_id: str
    name: str
    state: State | None
    days_in_phase: int | None
    target_days: int | None
    flags: frozenset[Flag]
    fidelity: frozenset[FidelityFlag]
    in_cti: bool = False  # in phases 1–3, or paused from one of them

    @property
    def needs_attention(self) -> bool:
        return bool(self.flags or self.fidelity)


@dataclass(frozen=True)
class WorkerReview:
    worker_id: str | None  # None: clients with no assigned worker
    caseload: int  # clients in phases 1–3 or paused
    over_limit: bool
    overdue_items: int  # attention flags across her clients
    fidelity_items: int
    lines: tuple[ReviewLine, ...]


def review(
    rows: Sequence[CaseloadRow],
    fidelity: Mapping[str, EpisodeFidelity],
    caseload_limit: int,
    today: dt.date,
) -> tuple[WorkerReview, ...]:
    """Clients still in the program (or with a follow-up due), grouped by worker; within a
    worker, those needing attention first, then by name."""
    by_worker: dict[str | None, list[ReviewLine]] = defaultdict(list)
    for row in rows:
        ended = row.state in ENDED
        if row.state is None or (ended and Flag.FOLLOW_UP_DUE not in row.flags):
            continue
        fid: frozenset[FidelityFlag] = frozenset()
        f = fidelity.get(row.client_id)
        if f is not None and not ended and f.episode.end is None:
            t = row.timing
            fid = f.flags(t.phase is State.PHASE_1 and t.overdue)
        by_worker[row.assigned_worker].append(
            ReviewLine(
                row.client_id,
                row.preferred_name,
                row.state,
                row.timing.days_in_phase,
                row.timing.target_days,
                row.flags,
                fid,
                not ended and row.timing.phase in CTI_PHASES,
            )
        )
    out = []
    for worker, lines in by_worker.items():
        lines.sort(key=lambda ln: (not ln.needs_attention, ln.name.casefold(), ln.client_id))
        active = sum(1 for ln in lines if ln.in_cti)
        out.append(
            WorkerReview(
                worker,
                active,
                active > caseload_limit,
                sum(len(ln.flags) for ln in lines),
                sum(len(ln.fidelity) for ln in lines),
                tuple(lines),
            )
        )
    out.sort(key=lambda w: (w.worker_id is None, w.worker_id or ""))
    return tuple(out)
