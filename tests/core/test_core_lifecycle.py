"""The CTI state machine: legal and illegal moves, and random sequences keep invariants."""

import datetime as dt
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exitdoors_desktop.core.errors import IllegalTransition, InvalidInput
from exitdoors_desktop.core.lifecycle import (
    ACTIVE,
    ALLOWED_REASONS,
    ENDED,
    PhaseTransition,
    Reason,
    State,
    TransitionKind,
    apply,
    check,
    current_state,
    early_discharge,
    episode,
    kind_of,
    paused_from,
    replay,
)

S = State
R = Reason
_ids = itertools.count()


def t(frm, to, reason, day=1, client="c1", at=""):
    return PhaseTransition(
        str(next(_ids)), client, dt.date(2024, 1, 1) + dt.timedelta(day), frm, to, reason, at
    )


def run(*steps):
    h = ()
    for i, (frm, to, reason) in enumerate(steps):
        h = apply(h, t(frm, to, reason, day=i))
    return h


HAPPY = [
    (None, S.PRE, R.ENROLLED),
    (S.PRE, S.PHASE_1, R.GOALS_MET),
    (S.PHASE_1, S.PHASE_2, R.TIME_ELAPSED),
    (S.PHASE_2, S.PHASE_3, R.GOALS_MET),
    (S.PHASE_3, S.GRADUATED, R.GOALS_MET),
]


def test_happy_path():
    h = run(*HAPPY)
    assert current_state(h) is S.GRADUATED
    assert not early_discharge(h)
    assert current_state(()) is None


def test_move_back_pause_resume_and_re_enrol_are_ordinary():
    h = run(
        (None, S.PHASE_1, R.ENROLLED),
        (S.PHASE_1, S.PHASE_2, R.GOALS_MET),
        (S.PHASE_2, S.PHASE_1, R.RETURNED_TO_TRADE),
        (S.PHASE_1, S.PAUSED, R.CUSTODY),
        (S.PAUSED, S.PHASE_1, R.RECONNECTED),
        (S.PHASE_1, S.CLOSED, R.LOST_CONTACT),
        (S.CLOSED, S.PRE, R.RE_ENROLLED),
    )
    assert current_state(h) is S.PRE
    assert len(episode(h)) == 1


def test_resume_only_to_the_paused_from_phase():
    h = run(
        (None, S.PHASE_1, R.ENROLLED),
        (S.PHASE_1, S.PHASE_2, R.GOALS_MET),
        (S.PHASE_2, S.PAUSED, R.HEALTH),
    )
    assert paused_from(h) is S.PHASE_2
    with pytest.raises(IllegalTransition) as info:
        apply(h, t(S.PAUSED, S.PHASE_3, R.RECONNECTED, day=9))
    assert info.value.reason == "not_allowed"
    assert current_state(apply(h, t(S.PAUSED, S.PHASE_2, R.RECONNECTED, day=9))) is S.PHASE_2


@pytest.mark.parametrize(
    ("steps", "closing_from", "early"),
    [
        ([(None, S.PRE, R.ENROLLED)], S.PRE, False),
        ([(None, S.PHASE_1, R.ENROLLED)], S.PHASE_1, True),
        (HAPPY[:4], S.PHASE_3, True),
    ],
)
def test_early_discharge_flag(steps, closing_from, early):
    h = run(*steps, (closing_from, S.CLOSED, R.WITHDREW))
    assert early_discharge(h) is early


def test_early_discharge_through_a_pause():
    h = run(
        (None, S.PHASE_1, R.ENROLLED),
        (S.PHASE_1, S.PAUSED, R.CRISIS),
        (S.PAUSED, S.CLOSED, R.MOVED),
    )
    assert early_discharge(h)


@pytest.mark.parametrize(
    ("transition", "reason"),
    [
        (t(None, S.PHASE_1, R.ENROLLED, day=5), "state_mismatch"),
        (t(S.PRE, S.PHASE_1, R.GOALS_MET, day=5), "state_mismatch"),
        (t(S.PHASE_1, S.PHASE_3, R.GOALS_MET, day=5), "not_allowed"),
        (t(S.PHASE_1, S.GRADUATED, R.GOALS_MET, day=5), "not_allowed"),
        (t(S.PHASE_1, S.PHASE_1, R.OTHER, day=5), "not_allowed"),
        (t(S.PHASE_1, S.PRE, R.OTHER, day=5), "not_allowed"),
        (t(S.PHASE_1, S.CLOSED, R.GOALS_MET, day=5), "bad_reason"),
        (t(S.PHASE_1, S.PHASE_2, R.WITHDREW, day=5), "bad_reason"),
        (t(S.PHASE_1, S.PHASE_2, R.GOALS_MET, day=0), "date_before_previous"),
        (t(S.PHASE_1, S.PHASE_2, R.GOALS_MET, day=5, client="c2"), "other_client"),
    ],
)
def test_illegal_transitions_raise_coded_errors(transition, reason):
    h = (t(None, S.PHASE_1, R.ENROLLED, day=1),)
    with pytest.raises(IllegalTransition) as info:
        apply(h, transition)
    assert info.value.reason == reason
    assert info.value.code == "illegal_transition"
    assert isinstance(info.value, InvalidInput)


def test_first_enrolment_only_into_pre_or_phase_1():
    for to in (S.PHASE_2, S.PHASE_3, S.PAUSED, S.CLOSED, S.GRADUATED):
        with pytest.raises(IllegalTransition) as info:
            apply((), t(None, to, R.ENROLLED))
        assert info.value.reason == "not_allowed"
    with pytest.raises(IllegalTransition) as info:
        apply((), t(None, S.PRE, R.RE_ENROLLED))
    assert info.value.reason == "bad_reason"


def test_graduated_and_closed_only_re_enrol():
    h = run(*HAPPY)
    for to in (S.PHASE_2, S.PHASE_3, S.PAUSED, S.CLOSED, S.GRADUATED):
        assert kind_of(S.GRADUATED, to, None) is None
    assert current_state(apply(h, t(S.GRADUATED, S.PHASE_1, R.RE_ENROLLED, day=20))) is S.PHASE_1


def test_replay_orders_and_rejects_conflicting_records():
    a = t(None, S.PHASE_1, R.ENROLLED, day=1)
    b1 = t(S.PHASE_1, S.PHASE_2, R.GOALS_MET, day=5, at="000000000000001-000000-devA")
    b2 = t(S.PHASE_1, S.PHASE_2, R.TIME_ELAPSED, day=5, at="000000000000002-000000-devB")
    history, rejected = replay([b2, b1, a])
    assert history == (a, b1)
    assert rejected == (b2,)


# --- property test: random sequences never reach an impossible state ------------------------

STATES = [None, *State]


@st.composite
def attempts(draw):
    n = draw(st.integers(0, 30))
    out = []
    day = 0
    for _ in range(n):
        day += draw(st.integers(-1, 40))
        frm = draw(st.sampled_from(STATES))
        to = draw(st.sampled_from(list(State)))
        reason = draw(st.sampled_from(list(Reason)))
        out.append((day, frm, to, reason, draw(st.integers(0, 20))))
    return out


def assert_invariants(h):
    assert h[0].from_state is None
    assert h[0].to_state in (S.PRE, S.PHASE_1)
    for prev, nxt in zip(h, h[1:]):
        assert nxt.from_state is prev.to_state  # a chain, no gaps
        assert nxt.date >= prev.date
        assert nxt.from_state is not nxt.to_state
    for i, x in enumerate(h):
        kind = kind_of(x.from_state, x.to_state, paused_from(h[:i]))
        assert kind is not None and x.reason in ALLOWED_REASONS[kind]
        if x.to_state is S.PAUSED:
            assert x.from_state in ACTIVE  # never pause a pause, never pause an ended file
        if x.from_state is S.PAUSED and x.to_state is not S.CLOSED:
            assert x.to_state is h[i - 1].from_state  # resume goes back where it paused
        if x.to_state is S.GRADUATED:
            assert x.from_state is S.PHASE_3
        if x.from_state in ENDED:
            assert kind is TransitionKind.RE_ENROL


@settings(max_examples=200)
@given(attempts(), st.booleans())
def test_random_sequences_keep_the_machine_consistent(steps, steer):
    h = ()
    base = dt.date(2024, 1, 1)
    for day, frm, to, reason, pick in steps:
        if steer:  # half the runs use the real state and a fitting reason, to go deeper
            frm = current_state(h)
            kind = kind_of(frm, to, paused_from(h))
            if kind is not None:
                reason = sorted(ALLOWED_REASONS[kind])[pick % len(ALLOWED_REASONS[kind])]
        tr = PhaseTransition(str(next(_ids)), "c1", base + dt.timedelta(day), frm, to, reason)
        try:
            kind = check(h, tr)
        except IllegalTransition as exc:
            assert exc.reason in {
                "state_mismatch",
                "date_before_previous",
                "not_allowed",
                "bad_reason",
            }
            with pytest.raises(IllegalTransition):
                apply(h, tr)
            continue
        h = apply(h, tr)
        assert isinstance(kind, TransitionKind)
        assert current_state(h) is to
        assert_invariants(h)
    if h:
        assert replay(reversed(h))[0] == h  # sorting restores the order (dates or ids)
        assert replay(h) == (h, ())
