"""Time-ordered ids: valid version-7 UUIDs, ordered by time, unique."""

from __future__ import annotations

import uuid

from exitdoors_desktop.core.ids import time_ordered_id


def test_ids_are_version_7_uuids_with_the_time_in_front() -> None:
    value = uuid.UUID(time_ordered_id(0x0123456789AB))
    assert value.version == 7 and value.variant == uuid.RFC_4122
    assert value.int >> 80 == 0x0123456789AB
    assert str(value).startswith("01234567-89ab-7")


def test_ids_sort_by_time_and_never_repeat() -> None:
    earlier = [time_ordered_id(1_700_000_000_000 + i) for i in range(200)]
    assert earlier == sorted(earlier)
    same_ms = {time_ordered_id(1_700_000_000_000) for _ in range(5000)}
    assert len(same_ms) == 5000  # 74 random bits inside one millisecond
    assert max(earlier) < time_ordered_id()  # today sorts after 2023
