"""Timing: hand-made cases and agreement with a day-by-day reference computation."""

import datetime as dt
import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from exitdoors_desktop.core.definitions import load_definitions
from exitdoors_desktop.core.lifecycle import (
    ALLOWED_REASONS,
    PhaseTransition,
    Reason,
    State,
    apply,
    kind_of,
    paused_from,
)
from exitdoors_desktop.core.timing import timing

S, R = State, Reason
P = load_definitions().program
D0 = dt.date(2024, 1, 1)
_ids = itertools.count()


def day(n):
    return D0 + dt.timedelta(n)


def hist(*steps):
    h = ()
    for d, frm, to, reason in steps:
        h = apply(h, PhaseTransition(str(next(_ids)), "c", day(d), frm, to, reason))
    return h


def test_never_enrolled():
    tm = timing((), P, day(0))
    assert tm.state is None and tm.days_in_phase is None and not tm.overdue


def test_phase_one_days_target_and_overdue():
    h = hist((0, None, S.PHASE_1, R.ENROLLED))
    tm = timing(h, P, day(91))
    assert tm.days_in_phase == 91 and tm.target_end == day(91) and not tm.overdue
    tm = timing(h, P, day(95))
    assert tm.overdue and tm.days_over == 4
    assert tm.cti_start == day(0) and tm.cti_days == 95


def test_pre_phase_is_open_ended_without_cadence():
    h = hist((0, None, S.PRE, R.ENROLLED))
    tm = timing(h, P, day(400))
    assert tm.target_end is None and not tm.overdue and tm.next_contact_due is None
    assert tm.no_contact_too_long  # but a long silence is still flagged


def test_pause_stops_the_clock_and_moves_the_target():
    h = hist((0, None, S.PHASE_1, R.ENROLLED), (10, S.PHASE_1, S.PAUSED, R.HEALTH))
    tm = timing(h, P, day(40))  # paused for 30 days so far
    assert tm.phase is S.PHASE_1 and tm.days_in_phase == 10 and tm.paused_days == 30
    assert tm.target_end == day(91 + 30)
    assert tm.next_contact_due is None and not tm.no_contact_too_long
    h = apply(h, PhaseTransition("r", "c", day(40), S.PAUSED, S.PHASE_1, R.RECONNECTED))
    tm = timing(h, P, day(50))
    assert tm.days_in_phase == 20 and tm.paused_days == 30 and tm.phase_start == day(0)
    assert tm.target_end == day(121)


def test_move_back_restarts_the_phase_clock():
    h = hist(
        (0, None, S.PHASE_1, R.ENROLLED),
        (50, S.PHASE_1, S.PHASE_2, R.GOALS_MET),
        (60, S.PHASE_2, S.PHASE_1, R.RETURNED_TO_TRADE),
    )
    tm = timing(h, P, day(70))
    assert tm.phase is S.PHASE_1 and tm.phase_start == day(60) and tm.days_in_phase == 10
    assert tm.cti_start == day(0)


def test_contact_cadence_per_phase():
    h = hist((0, None, S.PHASE_1, R.ENROLLED))
    assert timing(h, P, day(3)).next_contact_due == day(7)  # none yet: from phase start
    tm = timing(h, P, day(20), last_contact=day(10))
    assert tm.next_contact_due == day(17) and tm.contact_overdue and tm.days_since_contact == 10
    h = hist((0, None, S.PHASE_1, R.ENROLLED), (5, S.PHASE_1, S.PHASE_2, R.GOALS_MET))
    assert timing(h, P, day(6), last_contact=day(5)).next_contact_due == day(19)
    h = apply(h, PhaseTransition("x", "c", day(7), S.PHASE_2, S.PHASE_3, R.GOALS_MET))
    tm = timing(h, P, day(8), last_contact=day(7))
    assert tm.next_contact_due == day(37) and not tm.contact_overdue


def test_no_contact_too_long():
    h = hist((0, None, S.PHASE_1, R.ENROLLED))
    assert not timing(h, P, day(30), last_contact=day(0)).no_contact_too_long
    assert timing(h, P, day(31), last_contact=day(0)).no_contact_too_long


def test_graduation_follow_up():
    h = hist(
        (0, None, S.PHASE_1, R.ENROLLED),
        (90, S.PHASE_1, S.PHASE_2, R.TIME_ELAPSED),
        (180, S.PHASE_2, S.PHASE_3, R.TIME_ELAPSED),
        (270, S.PHASE_3, S.GRADUATED, R.GOALS_MET),
    )
    tm = timing(h, P, day(280))
    assert tm.graduated_on == day(270) and tm.follow_up_due == day(300)
    assert not tm.follow_up_pending and tm.phase is None and tm.days_in_phase is None
    assert tm.cti_days == 270 and not tm.early_discharge
    assert timing(h, P, day(300)).follow_up_pending
    done = timing(h, P, day(310), follow_ups=[day(100), day(305)])
    assert done.follow_up_done and not done.follow_up_pending
    old_only = timing(h, P, day(310), follow_ups=[day(100)])
    assert old_only.follow_up_pending  # a follow-up from before graduation does not count


def test_early_discharge_in_timing():
    h = hist((0, None, S.PHASE_1, R.ENROLLED), (20, S.PHASE_1, S.CLOSED, R.WITHDREW))
    tm = timing(h, P, day(30))
    assert tm.early_discharge and tm.state is S.CLOSED and tm.cti_days == 20


# --- reference computation --------------------------------------------------------------------


def reference_days_in_phase(h, today):
    """Walk every day from the first transition to today and count unpaused days in the
    phase entered last (ignoring resumes)."""
    if not h or h[-1].to_state in (S.GRADUATED, S.CLOSED):
        return None
    by_day = {}
    for x in h:
        by_day.setdefault(x.date, []).append(x)
    d = h[0].date
    count = 0
    state = None
    while d < max(today, h[-1].date + dt.timedelta(1)):
        for x in by_day.get(d, []):
            resumed = x.from_state is S.PAUSED
            if x.to_state in (S.PRE, S.PHASE_1, S.PHASE_2, S.PHASE_3) and not resumed:
                count = 0
            state = x.to_state
        if d < today and state in (S.PRE, S.PHASE_1, S.PHASE_2, S.PHASE_3):
            count += 1
        d += dt.timedelta(1)
    return count


@st.composite
def histories(draw):
    h = ()
    d = 0
    for _ in range(draw(st.integers(1, 12))):
        d += draw(st.integers(0, 60))
        state = h[-1].to_state if h else None
        to = draw(st.sampled_from(list(State)))
        kind = kind_of(state, to, paused_from(h))
        if kind is None:
            continue
        reason = sorted(ALLOWED_REASONS[kind])[0]
        h = apply(h, PhaseTransition(str(next(_ids)), "c", day(d), state, to, reason))
    return h


@settings(max_examples=400)
@given(histories(), st.integers(0, 900), st.one_of(st.none(), st.integers(0, 900)))
def test_timing_agrees_with_reference(h, today_n, contact_n):
    today = day(today_n)
    last = None if contact_n is None else day(contact_n)
    tm = timing(h, P, today, last_contact=last)
    if h and today < h[-1].date:
        return  # dates in the future of "today" are not meaningful for the reference
    assert tm.days_in_phase == reference_days_in_phase(h, today)
    if tm.days_in_phase is not None and tm.target_days is not None:
        assert tm.target_end == tm.phase_start + dt.timedelta(tm.target_days + tm.paused_days)
        assert tm.overdue == (today > tm.target_end)
        assert tm.days_in_phase + tm.paused_days == (today - tm.phase_start).days
    if tm.next_contact_due is not None:
        assert tm.state in (S.PHASE_1, S.PHASE_2, S.PHASE_3)
        cadence = P.phase(tm.state.value).contact_every_days
        assert tm.next_contact_due == (last or tm.phase_start) + dt.timedelta(cadence)
