"""A client's history cut into episodes (attempts) and phase stints, for counting.

An episode runs from an enrolment or re-enrolment to graduation or closing (or is still open).
A stint is one continuous stay in one phase: entering it (enrolment, advance, move back or
re-enrolment) until leaving it; paused days inside it are counted apart, as in core/timing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from exitdoors_desktop.core.lifecycle import (
    ACTIVE,
    ENDED,
    History,
    Reason,
    State,
    early_discharge,
)


@dataclass(frozen=True)
class Stint:
    phase: State  # pre, phase_1, phase_2 or phase_3
    start: dt.date
    end: dt.date | None  # the day she left the phase; None while she is still in it
    paused_days: int  # paused days between start and end (or the last pause so far)
    left_to: State | None  # where she went; None while still in it

    def days(self) -> int | None:
        """Days in the phase, paused days excluded; None while the stint is open."""
        if self.end is None:
            return None
        return max(0, (self.end - self.start).days - self.paused_days)

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)


@dataclass(frozen=True)
class Episode:
    client_id: str
    transitions: History
    stints: tuple[Stint, ...]

    @property
    def start(self) -> dt.date:
        return self.transitions[0].date

    @property
    def re_enrolment(self) -> bool:
        return self.transitions[0].from_state in ENDED

    @cached_property
    def phase1_start(self) -> dt.date | None:
        """The first day of CTI (first entry into phase 1): the day she was recruited."""
        return next((t.date for t in self.transitions if t.to_state is State.PHASE_1), None)

    @cached_property
    def end_state(self) -> State | None:
        last = self.transitions[-1].to_state
        return last if last in ENDED else None

    @cached_property
    def end(self) -> dt.date | None:
        return self.transitions[-1].date if self.end_state is not None else None

    @property
    def graduated_on(self) -> dt.date | None:
        return self.end if self.end_state is State.GRADUATED else None

    @property
    def closed_on(self) -> dt.date | None:
        return self.end if self.end_state is State.CLOSED else None

    @property
    def close_reason(self) -> Reason | None:
        return self.transitions[-1].reason if self.end_state is State.CLOSED else None

    @property
    def early_discharge(self) -> bool:
        return early_discharge(self.transitions)

    def in_cti_during(self, start: dt.date, end: dt.date) -> bool:
        """Was she in phases 1–3 (or paused from them) on some day of [start, end]?"""
        p1 = self.phase1_start
        return p1 is not None and p1 <= end and (self.end is None or self.end >= start)

    def state_on(self, day: dt.date) -> State | None:
        state = None
        for t in self.transitions:
            if t.date > day:
                break
            state = t.to_state
        return state


def episodes(client_id: str, history: History) -> list[Episode]:
    """Cut an (ordered, valid) history at every enrolment and re-enrolment."""
    cuts = [
        i for i, t in enumerate(history) if i == 0 or t.from_state is None or t.from_state in ENDED
    ]
    out = []
    for k, i in enumerate(cuts):
        part = history[i : cuts[k + 1] if k + 1 < len(cuts) else len(history)]
        out.append(Episode(client_id, part, _stints(part)))
    return out


def _stints(part: History) -> tuple[Stint, ...]:
    stints: list[Stint] = []
    phase: State | None = None
    start: dt.date | None = None
    paused = 0
    pause_from: dt.date | None = None
    for t in part:
        if t.to_state is State.PAUSED:
            pause_from = t.date
            continue
        if t.from_state is State.PAUSED and pause_from is not None:
            paused += (t.date - pause_from).days
            pause_from = None
            if t.to_state is not State.CLOSED:
                continue  # resumed into the same phase: the stint goes on
        if phase is not None and start is not None:
            stints.append(Stint(phase, start, t.date, paused, t.to_state))
        if t.to_state in ACTIVE:
            phase, start, paused = t.to_state, t.date, 0
        else:
            phase, start = None, None
    if phase is not None and start is not None:
        stints.append(Stint(phase, start, None, paused, None))
    return tuple(stints)
