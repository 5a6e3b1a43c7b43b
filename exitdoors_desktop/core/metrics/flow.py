"""Phase flow: who started, moved, paused, graduated and closed in the period, where everyone
stood at its end, and how long stays in each phase lasted."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from exitdoors_desktop.core.lifecycle import CTI_PHASES, CloseReason, State, TransitionKind, kind_of
from exitdoors_desktop.core.metrics.episodes import Episode
from exitdoors_desktop.core.metrics.model import Period
from exitdoors_desktop.core.metrics.rounding import median_days
from exitdoors_desktop.core.metrics.tables import (
    CountTable,
    Rate,
    RateTable,
    Statistic,
    StatTable,
    Unit,
)

EARLY, NOT_EARLY = "early_discharge", "closed_from_pre_phase"
STATES_AT_END = (State.PRE, State.PHASE_1, State.PHASE_2, State.PHASE_3, State.PAUSED)


@dataclass(frozen=True)
class PhaseFlow:
    events: CountTable  # separate counts of people (not a partition)
    at_end: CountTable  # where the people still in the program stood on the last day
    closed: CountTable  # closings in the period by reason
    early: RateTable  # early discharges among closings
    days: StatTable  # median days per phase, over stays that ended in the period


def phase_flow(episodes: Mapping[str, list[Episode]], period: Period) -> PhaseFlow:
    started_pre: set[str] = set()
    started_p1: set[str] = set()
    re_enrolled: set[str] = set()
    moved_back: set[str] = set()
    paused: set[str] = set()
    graduated: set[str] = set()
    closing: dict[str, Episode] = {}
    at_end = dict.fromkeys((s.value for s in STATES_AT_END), 0)
    days: dict[State, list[int]] = {p: [] for p in CTI_PHASES}
    for cid, eps in episodes.items():
        state_at_end: State | None = None
        for ep in eps:
            first = ep.transitions[0]
            if first.date in period:
                if first.to_state is State.PRE:
                    started_pre.add(cid)
                if ep.re_enrolment:
                    re_enrolled.add(cid)
            if ep.phase1_start in period:
                started_p1.add(cid)
            prev: State | None = None
            for t in ep.transitions:
                if t.date in period and prev is not None:
                    kind = kind_of(prev, t.to_state, None)
                    if kind is TransitionKind.MOVE_BACK:
                        moved_back.add(cid)
                    elif t.to_state is State.PAUSED:
                        paused.add(cid)
                prev = t.to_state
            if ep.graduated_on in period:
                graduated.add(cid)
            if ep.closed_on in period:
                closing[cid] = ep  # the latest closing in the period, one per woman
            if ep.start <= period.end:
                state_at_end = ep.state_on(period.end)
            for stint in ep.stints:
                d = stint.days()
                if d is not None and stint.end in period and stint.phase in days:
                    days[stint.phase].append(d)
        if state_at_end is not None and state_at_end.value in at_end:
            at_end[state_at_end.value] += 1
    reasons = dict.fromkeys((r.value for r in CloseReason), 0)
    early = 0
    for ep in closing.values():
        reason = ep.close_reason
        if reason is not None and reason.value in reasons:
            reasons[reason.value] += 1
        early += int(ep.early_discharge)
    events = CountTable(
        "flow_events",
        (
            ("entered_pre_phase", len(started_pre)),
            ("started_phase_1", len(started_p1)),
            ("re_enrolled", len(re_enrolled)),
            ("moved_back", len(moved_back)),
            ("paused", len(paused)),
            ("graduated", len(graduated)),
            ("closed", len(closing)),
        ),
        partition=False,
    )
    return PhaseFlow(
        events=events,
        at_end=CountTable("flow_at_end", tuple(at_end.items())),
        closed=CountTable("flow_closed", tuple(reasons.items())),
        early=RateTable("flow_early", (Rate(EARLY, early, len(closing)),)),
        days=StatTable(
            "flow_days",
            tuple(Statistic(p.value, median_days(v), len(v)) for p, v in days.items()),
            Unit.STINTS,
        ),
    )
