"""The hybrid logical clock: monotonic per device, total order across devices, clock jumps."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exitdoors_desktop.core.hlc import HybridClock, Timestamp


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
            clocks[device].observe(seen)
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


@pytest.mark.parametrize("text", ["", "1-2-x", "000000000000001-000001-", "abc"])
def test_malformed_stamps_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        Timestamp.decode(text)
