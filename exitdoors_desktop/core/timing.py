"""CTI timing for one client: days in phase, target end, overdue, contact cadence, follow-up.

Pure: ``today`` is always passed in. The clock rules, in full:

* A phase's clock starts on the date of the transition that entered it (enrolment, advance,
  move back or re-enrolment). Resuming from a pause does not restart it.
* Days in phase count the calendar days d with phase_start <= d < today that are not paused.
  A pause covers the days from its pause date up to (not including) its resume date, or up to
  today while it lasts. So paused days stop the clock, and the target end moves later by the
  number of paused days: target_end = phase_start + target_days + paused_days.
* Overdue means days_in_phase > target_days (it stays set during a pause once reached).
* The next contact is expected ``contact_every_days`` after the last contact (or after the
  phase start if there was none); only phases 1–3 have a cadence, and none while paused.
* "No contact for too long" applies to pre-phase and phases 1–3 (not while paused or ended).
* Follow-up is due ``follow_up_after_graduation_days`` after graduation and counts as done once
  a follow-up is dated on or after the graduation date.
* The CTI span (fidelity: about 9 months) is calendar days from the first phase 1 entry of the
  current episode to graduation / closing, or to today; pauses are not subtracted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from exitdoors_desktop.core.lifecycle import (
    ACTIVE,
    CTI_PHASES,
    ENDED,
    History,
    State,
    early_discharge,
    episode,
)
from exitdoors_desktop.core.program import ProgramSettings


@dataclass(frozen=True)
class Timing:
    state: State | None
    phase: State | None  # the phase whose clock runs (the paused-from phase while paused)
    phase_start: dt.date | None
    days_in_phase: int | None
    paused_days: int  # paused days since phase_start, up to today
    target_days: int | None
    target_end: dt.date | None
    overdue: bool
    days_over: int
    next_contact_due: dt.date | None
    contact_overdue: bool
    days_since_contact: int | None
    no_contact_too_long: bool
    cti_start: dt.date | None
    cti_days: int | None
    early_discharge: bool
    graduated_on: dt.date | None
    follow_up_due: dt.date | None
    follow_up_done: bool
    follow_up_pending: bool  # due date reached and no follow-up yet


def _overlap(a0: dt.date, a1: dt.date, b0: dt.date, b1: dt.date) -> int:
    return max(0, (min(a1, b1) - max(a0, b0)).days)


def timing(
    history: History,
    settings: ProgramSettings,
    today: dt.date,
    last_contact: dt.date | None = None,
    follow_ups: Iterable[dt.date] = (),
) -> Timing:
    """Timing of a client with ``history`` on ``today``; see the module docstring for rules."""
    state = history[-1].to_state if history else None
    phase: State | None = None
    phase_start: dt.date | None = None
    pauses: list[tuple[dt.date, dt.date | None]] = []
    for t in history:
        if t.to_state is State.PAUSED:
            pauses.append((t.date, None))
        elif t.from_state is State.PAUSED and t.to_state is not State.CLOSED:
            pauses[-1] = (pauses[-1][0], t.date)
        elif t.to_state in ACTIVE:
            phase, phase_start, pauses = t.to_state, t.date, []
    if state in ENDED or state is None:
        phase, phase_start, pauses = None, None, []

    days_in_phase: int | None = None
    paused_days = 0
    target_days: int | None = None
    target_end: dt.date | None = None
    if phase is not None and phase_start is not None:
        paused_days = sum(_overlap(p, r or today, phase_start, today) for p, r in pauses)
        days_in_phase = max(0, (today - phase_start).days) - paused_days
        target_days = settings.phase(phase.value).target_days
        if target_days is not None:
            target_end = phase_start + dt.timedelta(days=target_days + paused_days)
    days_over = (
        max(0, days_in_phase - target_days)
        if days_in_phase is not None and target_days is not None
        else 0
    )

    next_due: dt.date | None = None
    if state in CTI_PHASES and phase_start is not None:
        cadence = settings.phase(state.value).contact_every_days
        if cadence is not None:
            next_due = (last_contact or phase_start) + dt.timedelta(days=cadence)
    since_base = last_contact or phase_start
    days_since = (today - since_base).days if since_base is not None else None
    too_long = (
        state in ACTIVE and days_since is not None and days_since > settings.no_contact_alert_days
    )

    cti_start, cti_days = _cti_span(history, today)
    graduated_on = history[-1].date if state is State.GRADUATED else None
    follow_up_due: dt.date | None = None
    done = False
    if graduated_on is not None:
        follow_up_due = graduated_on + dt.timedelta(days=settings.follow_up_after_graduation_days)
        done = any(f >= graduated_on for f in follow_ups)
    return Timing(
        state=state,
        phase=phase,
        phase_start=phase_start,
        days_in_phase=days_in_phase,
        paused_days=paused_days,
        target_days=target_days,
        target_end=target_end,
        overdue=days_over > 0,
        days_over=days_over,
        next_contact_due=next_due,
        contact_overdue=next_due is not None and today > next_due,
        days_since_contact=days_since,
        no_contact_too_long=too_long,
        cti_start=cti_start,
        cti_days=cti_days,
        early_discharge=early_discharge(history),
        graduated_on=graduated_on,
        follow_up_due=follow_up_due,
        follow_up_done=done,
        follow_up_pending=follow_up_due is not None and not done and today >= follow_up_due,
    )


def _cti_span(history: History, today: dt.date) -> tuple[dt.date | None, int | None]:
    current = episode(history)
    start = next((t.date for t in current if t.to_state is State.PHASE_1), None)
    if start is None:
        return None, None
    end = current[-1].date if current[-1].to_state in ENDED else today
    return start, max(0, (end - start).days)
