"""Hybrid logical clock: timestamps that order changes across devices despite skewed clocks."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

# Wall time in milliseconds; tests inject their own.
WallClock = Callable[[], int]

# A remote stamp more than this far ahead of our wall clock is refused (``observe`` raises and
# the caller quarantines that write). Minutes, not a day: a stamp far in the future would drag
# every honest laptop's clock along with it and win every later last-writer-wins comparison.
MAX_DRIFT_MS = 5 * 60 * 1000
# The counter is six digits on the wire; past this it saturates into the milliseconds.
MAX_COUNTER = 999_999
# The millisecond part is fifteen digits on the wire.
MAX_MILLIS = 10**15 - 1

_STAMP = re.compile(r"([0-9]{15})-([0-9]{6})-(.+)", re.DOTALL)


def system_millis() -> int:
    return time.time_ns() // 1_000_000


@dataclass(frozen=True, order=True)
class Timestamp:
    """Ordered by (millis, counter, device): a total order across every device."""

    millis: int
    counter: int
    device: str

    def encode(self) -> str:
        # Fixed width so that string order equals timestamp order (handy in SQL ORDER BY).
        return f"{self.millis:015d}-{self.counter:06d}-{self.device}"

    @classmethod
    def decode(cls, text: str) -> Timestamp:
        """The stamp ``encode`` wrote: ASCII digits of the exact widths and a device id.
        Anything else (signs, spaces, other digits, wrong widths) raises ValueError."""
        match = _STAMP.fullmatch(text) if isinstance(text, str) else None
        if match is None:
            raise ValueError("malformed HLC timestamp")
        return cls(int(match[1]), int(match[2]), match[3])


class HybridClock:
    """Issues strictly increasing timestamps for one device. Thread-safe: the window and the
    background sync share one clock (two clocks on one device could issue the same stamp).

    Every stamp it issues encodes within the wire widths: when the counter would pass
    ``MAX_COUNTER`` the clock moves one millisecond on and starts the counter again."""

    def __init__(self, device: str, wall: WallClock = system_millis, last: Timestamp | None = None):
        if not device:
            raise ValueError("device id must be non-empty")
        self.device = device
        self._wall = wall
        self._millis = last.millis if last else 0
        self._counter = last.counter if last else 0
        if self._counter > MAX_COUNTER:  # a stamp stored before counters saturated
            self._millis, self._counter = self._millis + 1, 0
        self._lock = threading.Lock()

    def now(self) -> Timestamp:
        with self._lock:
            wall = self._wall()
            if wall > self._millis:
                self._millis, self._counter = wall, 0
            else:  # the wall clock stalled or jumped backwards: keep logical time moving
                self._counter += 1
                if self._counter > MAX_COUNTER:
                    self._millis, self._counter = self._millis + 1, 0
            return Timestamp(self._millis, self._counter, self.device)

    def observe(self, remote: Timestamp) -> None:
        """Fold in a timestamp seen from another device so our next stamp is later than it.

        Raises ValueError, changing nothing, for a stamp more than ``MAX_DRIFT_MS`` ahead of
        our wall clock or outside the wire widths (the caller quarantines that write)."""
        if not (0 <= remote.millis <= MAX_MILLIS and 0 <= remote.counter <= MAX_COUNTER):
            raise ValueError("remote stamp out of range")
        wall = self._wall()
        if remote.millis > wall + MAX_DRIFT_MS:
            raise ValueError("remote clock too far ahead")
        with self._lock:
            if remote.millis > self._millis:
                self._millis, self._counter = remote.millis, remote.counter
            elif remote.millis == self._millis:
                self._counter = max(self._counter, remote.counter)
            # The state never holds a counter past MAX_COUNTER (remote.counter is at most it),
            # so the next now() saturates into the next millisecond if it must.
