"""The hybrid logical clock: monotonic per device, total order across devices, clock jumps."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exitdoors_desktop.core.hlc import MAX_COUNTER, MAX_DRIFT_MS, HybridClock, Timestamp


class FakeWall:
    def __init__(self, start: int) -> None:
        self.now = start

    def __call__(self) -> int:
        return self.now


@given(st.lists(st.integers(min_value=-10_000, max_value=10_000), min_size=1, max_size=200))
def test_monotonic_even_when_the_wall_clock_jumps_backwards(jumps: list[int]) -> None:
    wall = FakeWall(1_700_000_000_000)
    clock = HybridClock("dev-a", wall)
    last = clock.now()
    for jump in jumps:
        wall.now = max(0, wall.now + jump)
        stamp = clock.now()
        assert stamp > last
        assert Timestamp.decode(stamp.encode()) == stamp
        assert (stamp.encode() > last.encode()) == (stamp > last)
        last = stamp


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["a", "b", "c"]),
            st.integers(min_value=-5_000, max_value=5_000),
            st.booleans(),
        ),
        min_size=1,
        max_size=150,
    )
)
def test_total_order_and_causality_across_devices(steps: list[tuple[str, int, bool]]) -> None:
    walls = {d: FakeWall(1_700_000_000_000) for d in "abc"}
    clocks = {d: HybridClock(f"device-{d}", walls[d]) for d in "abc"}
    issued: list[Timestamp] = []
    for device, jump, receive in steps:
        walls[device].now = max(0, walls[device].now + jump)
        if receive and issued:
            seen = issued[-1]
            try:
                clocks[device].observe(seen)
            except ValueError:  # further ahead than MAX_DRIFT_MS: the write is quarantined
                assert seen.millis > walls[device].now + MAX_DRIFT_MS
                stamp = clocks[device].now()
            else:
                stamp = clocks[device].now()
                assert stamp > seen  # a stamp made after seeing another is later than it
        else:
            stamp = clocks[device].now()
        issued.append(stamp)
    # Distinct stamps, a strict total order, and string order agrees with it.
    assert len(set(issued)) == len(issued)
    assert sorted(issued) == sorted(issued, key=lambda t: t.encode())


def test_remote_stamp_far_in_the_future_is_refused() -> None:
    clock = HybridClock("dev", FakeWall(1_000_000))
    with pytest.raises(ValueError):
        clock.observe(Timestamp(1_000_000 + 2 * 24 * 3600 * 1000, 0, "evil"))


@pytest.mark.parametrize(
    "text",
    [
        "",
        "1-2-x",
        "000000000000001-000001-",
        "abc",
        "000000000000001-1000000-dev",  # a 7-digit counter
        "000000000000001--00001-dev",  # a sign where a digit belongs
        "-00000000000001-000001-dev",
        "000000000000001- 00001-dev",
        "000000000000001-0_0001-dev",
        "000000000000001-\u0660\u0660\u0660\u0660\u0660\u0661-dev",  # Arabic-Indic digits
    ],
)
def test_malformed_stamps_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        Timestamp.decode(text)


def test_a_stamp_hours_ahead_is_refused_and_changes_nothing() -> None:
    """Why 4: one write 23 h ahead with counter 999999 made honest laptops emit 7 digits."""
    wall = FakeWall(1_700_000_000_000)
    clock = HybridClock("dev", wall)
    before = clock.now()
    evil = Timestamp(wall.now + 23 * 3600 * 1000, MAX_COUNTER, "evil")
    with pytest.raises(ValueError):
        clock.observe(evil)
    after = clock.now()
    assert after.millis == wall.now and after > before


def test_the_counter_saturates_into_the_milliseconds() -> None:
    wall = FakeWall(1_700_000_000_000)
    clock = HybridClock("dev", wall)
    remote = Timestamp(wall.now + MAX_DRIFT_MS, MAX_COUNTER, "near")  # at the edge: accepted
    clock.observe(remote)
    stamp = clock.now()  # the wall has not moved: the counter would reach 1,000,000
    assert stamp == Timestamp(remote.millis + 1, 0, "dev")
    assert Timestamp.decode(stamp.encode()) == stamp
    assert stamp > remote


def test_a_stored_last_stamp_past_the_counter_width_restarts_in_the_next_millisecond() -> None:
    clock = HybridClock("dev", FakeWall(0), last=Timestamp(5, 1_000_000, "dev"))
    stamp = clock.now()
    assert stamp > Timestamp(5, 1_000_000, "dev")
    assert Timestamp.decode(stamp.encode()) == stamp


@pytest.mark.parametrize(
    "remote", [Timestamp(1, MAX_COUNTER + 1, "x"), Timestamp(1, -1, "x"), Timestamp(-1, 0, "x")]
)
def test_observe_refuses_stamps_outside_the_wire_widths(remote: Timestamp) -> None:
    clock = HybridClock("dev", FakeWall(1_000_000))
    with pytest.raises(ValueError):
        clock.observe(remote)


_DAY = 24 * 3600 * 1000
_steps = st.lists(
    st.one_of(
        st.tuples(st.just("now"), st.integers(min_value=-_DAY, max_value=_DAY), st.just(0)),
        st.tuples(
            st.just("observe"),
            st.integers(min_value=-2 * MAX_DRIFT_MS, max_value=2 * MAX_DRIFT_MS),
            st.one_of(
                st.integers(min_value=0, max_value=MAX_COUNTER),
                st.sampled_from([0, MAX_COUNTER - 1, MAX_COUNTER]),
            ),
        ),
        st.tuples(st.just("stall"), st.integers(min_value=1, max_value=3), st.just(MAX_COUNTER)),
    ),
    min_size=1,
    max_size=120,
)


@given(_steps)
def test_any_mix_of_now_and_observe_gives_increasing_decodable_stamps(
    steps: list[tuple[str, int, int]],
) -> None:
    """Whatever accepted remote stamps arrive, and however the wall clock jumps, every stamp
    issued is later than the one before and than every remote stamp observed, and it decodes
    (six-digit counter, fifteen-digit millis)."""
    wall = FakeWall(1_700_000_000_000)
    clock = HybridClock("dev", wall)
    last = clock.now()
    floor = last  # the latest stamp (ours or observed) the next one must be later than
    for kind, amount, counter in steps:
        if kind == "now":
            wall.now = max(0, wall.now + amount)
        elif kind == "observe":
            remote = Timestamp(max(0, wall.now + amount), counter, "remote")
            try:
                clock.observe(remote)
            except ValueError:
                assert remote.millis > wall.now + MAX_DRIFT_MS
                continue
            floor = max(floor, remote)
        else:  # a burst of stamps within one stalled millisecond
            for _ in range(amount):
                clock.now()
            last = clock.now()
            floor = max(floor, last)
            continue
        stamp = clock.now()
        assert stamp > last and stamp > floor
        text = stamp.encode()
        assert len(text.split("-", 2)[1]) == 6
        assert Timestamp.decode(text) == stamp
        assert text > last.encode()
        last = floor = stamp
