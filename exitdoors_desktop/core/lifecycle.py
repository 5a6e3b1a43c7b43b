"""The CTI lifecycle as a state machine over dated phase transitions.

A client's history is the ordered tuple of her transitions; her state is the last one's
``to_state``. Leaving the trade usually takes several attempts, so moving back a phase, pausing
and re-enrolling are ordinary transitions, never error states. Early discharge (closing before
phase 3 is completed by graduation) is allowed and flagged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from exitdoors_desktop.core.errors import IllegalTransition


class State(StrEnum):
    PRE = "pre"
    PHASE_1 = "phase_1"
    PHASE_2 = "phase_2"
    PHASE_3 = "phase_3"
    PAUSED = "paused"
    GRADUATED = "graduated"
    CLOSED = "closed"


ACTIVE = (State.PRE, State.PHASE_1, State.PHASE_2, State.PHASE_3)  # the phases that can pause
CTI_PHASES = (State.PHASE_1, State.PHASE_2, State.PHASE_3)
ENDED = (State.GRADUATED, State.CLOSED)
_NEXT = {State.PRE: State.PHASE_1, State.PHASE_1: State.PHASE_2, State.PHASE_2: State.PHASE_3}
_BACK = {State.PHASE_2: State.PHASE_1, State.PHASE_3: State.PHASE_2}


class TransitionKind(StrEnum):
    ENROL = "enrol"
    ADVANCE = "advance"
    MOVE_BACK = "move_back"
    PAUSE = "pause"
    RESUME = "resume"
    GRADUATE = "graduate"
    CLOSE = "close"
    RE_ENROL = "re_enrol"


class Reason(StrEnum):
    """Why a transition happened: stable codes, worded by the UI. No free text (no client data)."""

    ENROLLED = "enrolled"
    RE_ENROLLED = "re_enrolled"
    GOALS_MET = "goals_met"
    TIME_ELAPSED = "time_elapsed"
    CLIENT_REQUEST = "client_request"
    RETURNED_TO_TRADE = "returned_to_trade"
    CRISIS = "crisis"
    CUSTODY = "custody"
    HEALTH = "health"
    RECONNECTED = "reconnected"
    # Closing reasons (CloseReason mirrors these four).
    WITHDREW = "withdrew"
    LOST_CONTACT = "lost_contact"
    MOVED = "moved"
    TRANSFERRED = "transferred"
    OTHER = "other"


class CloseReason(StrEnum):
    """Why a file was closed without graduation. Graduation is its own state, not a reason."""

    WITHDREW = "withdrew"
    LOST_CONTACT = "lost_contact"
    MOVED = "moved"
    TRANSFERRED = "transferred"


_R = Reason
ALLOWED_REASONS: dict[TransitionKind, frozenset[Reason]] = {
    TransitionKind.ENROL: frozenset({_R.ENROLLED}),
    TransitionKind.RE_ENROL: frozenset({_R.RE_ENROLLED}),
    TransitionKind.ADVANCE: frozenset({_R.GOALS_MET, _R.TIME_ELAPSED, _R.CLIENT_REQUEST, _R.OTHER}),
    TransitionKind.GRADUATE: frozenset({_R.GOALS_MET, _R.TIME_ELAPSED, _R.OTHER}),
    TransitionKind.MOVE_BACK: frozenset(
        {_R.RETURNED_TO_TRADE, _R.CRISIS, _R.CLIENT_REQUEST, _R.OTHER}
    ),
    TransitionKind.PAUSE: frozenset(
        {
            _R.CLIENT_REQUEST,
            _R.RETURNED_TO_TRADE,
            _R.CRISIS,
            _R.CUSTODY,
            _R.HEALTH,
            _R.LOST_CONTACT,
            _R.OTHER,
        }
    ),
    TransitionKind.RESUME: frozenset({_R.RECONNECTED, _R.CLIENT_REQUEST, _R.OTHER}),
    TransitionKind.CLOSE: frozenset(Reason(c.value) for c in CloseReason),
}


@dataclass(frozen=True)
class PhaseTransition:
    """One dated move of one client between states. ``from_state`` is None only for the first
    enrolment. ``recorded_at`` (HLC string) orders same-day transitions recorded on devices."""

    id: str
    client_id: str
    date: dt.date
    from_state: State | None
    to_state: State
    reason: Reason
    recorded_at: str = ""

    def sort_key(self) -> tuple[dt.date, str, str]:
        return (self.date, self.recorded_at, self.id)


History = tuple[PhaseTransition, ...]


def current_state(history: Iterable[PhaseTransition]) -> State | None:
    """The state after the last transition; None when the client was never enrolled."""
    last = None
    for last in history:  # noqa: B007 - we want the final item of any iterable
        pass
    return None if last is None else last.to_state


def paused_from(history: History) -> State | None:
    """The phase a paused client will resume into (None unless she is paused)."""
    if not history or history[-1].to_state is not State.PAUSED:
        return None
    return history[-1].from_state


def kind_of(
    from_state: State | None, to_state: State, resume_to: State | None
) -> TransitionKind | None:
    """What a move from ``from_state`` to ``to_state`` is, or None if it is not allowed.

    ``resume_to`` is the phase a paused client left (see ``paused_from``).
    """
    if from_state is None:
        return TransitionKind.ENROL if to_state in (State.PRE, State.PHASE_1) else None
    if from_state in ENDED:
        return TransitionKind.RE_ENROL if to_state in (State.PRE, State.PHASE_1) else None
    if to_state is State.CLOSED:
        return TransitionKind.CLOSE  # from any active phase, or while paused
    if from_state is State.PAUSED:
        return TransitionKind.RESUME if to_state is resume_to else None
    if to_state is State.PAUSED:
        return TransitionKind.PAUSE
    if _NEXT.get(from_state) is to_state:
        return TransitionKind.ADVANCE
    if _BACK.get(from_state) is to_state:
        return TransitionKind.MOVE_BACK
    if from_state is State.PHASE_3 and to_state is State.GRADUATED:
        return TransitionKind.GRADUATE
    return None


def check(history: History, t: PhaseTransition) -> TransitionKind:
    """The kind of ``t`` after ``history``; raises IllegalTransition with a reason code:
    other_client, state_mismatch, date_before_previous, not_allowed or bad_reason."""
    if history and t.client_id != history[0].client_id:
        raise IllegalTransition("other_client")
    state = current_state(history)
    if t.from_state is not state:
        raise IllegalTransition("state_mismatch", f"{t.from_state} is not the current {state}")
    if history and t.date < history[-1].date:
        raise IllegalTransition("date_before_previous")
    kind = kind_of(state, t.to_state, paused_from(history))
    if kind is None:
        raise IllegalTransition("not_allowed", f"{state} -> {t.to_state}")
    if t.reason not in ALLOWED_REASONS[kind]:
        raise IllegalTransition("bad_reason", f"{t.reason} for {kind}")
    return kind


def apply(history: History, t: PhaseTransition) -> History:
    """``history`` with ``t`` appended, or IllegalTransition (see ``check``)."""
    check(history, t)
    return (*history, t)


def replay(transitions: Iterable[PhaseTransition]) -> tuple[History, History]:
    """Rebuild a history from stored transitions, e.g. after merging two devices' records.

    Transitions are applied in (date, recorded_at, id) order; any that no longer fit (two
    devices both advanced the same phase) are returned as rejected, for a person to review,
    never silently dropped.
    """
    history: History = ()
    rejected: list[PhaseTransition] = []
    for t in sorted(transitions, key=PhaseTransition.sort_key):
        try:
            history = apply(history, t)
        except IllegalTransition:
            rejected.append(t)
    return history, tuple(rejected)


def episode(history: History) -> History:
    """The transitions since the latest (re-)enrolment: the current attempt."""
    for i in range(len(history) - 1, -1, -1):
        if history[i].from_state is None or history[i].from_state in ENDED:
            return history[i:]
    return history


def closed_from(history: History) -> State | None:
    """For a closed client: the phase she was in when closed (looking through a pause)."""
    if not history or history[-1].to_state is not State.CLOSED:
        return None
    src = history[-1].from_state
    if src is State.PAUSED:
        src = paused_from(history[:-1])
    return src


def early_discharge(history: History) -> bool:
    """Closed from phase 1, 2 or 3 (directly or while paused) instead of graduating.

    Closing from the pre-phase is not early discharge: the CTI phases never started.
    """
    return closed_from(history) in CTI_PHASES
