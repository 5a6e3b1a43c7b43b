"""Hybrid logical clock: timestamps that order changes across devices despite skewed clocks."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

# Wall time in milliseconds; tests inject their own.
WallClock = Callable[[], int]

_MAX_DRIFT_MS = 24 * 3600 * 1000  # refuse remote stamps more than a day ahead of our clock


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
        try:
            millis, counter, device = text.split("-", 2)
            if len(millis) != 15 or len(counter) != 6 or not device:
                raise ValueError(text)
            return cls(int(millis), int(counter), device)
        except ValueError as exc:
            raise ValueError("malformed HLC timestamp") from exc


class HybridClock:
    """Issues strictly increasing timestamps for one device. Thread-safe: the window and the
    background sync share one clock (two clocks on one device could issue the same stamp)."""

    def __init__(self, device: str, wall: WallClock = system_millis, last: Timestamp | None = None):
        if not device:
            raise ValueError("device id must be non-empty")
        self.device = device
        self._wall = wall
        self._millis = last.millis if last else 0
        self._counter = last.counter if last else 0
        self._lock = threading.Lock()

    def now(self) -> Timestamp:
        with self._lock:
            wall = self._wall()
            if wall > self._millis:
                self._millis, self._counter = wall, 0
            else:  # the wall clock stalled or jumped backwards: keep logical time moving
                self._counter += 1
            return Timestamp(self._millis, self._counter, self.device)

    def observe(self, remote: Timestamp) -> None:
        """Fold in a timestamp seen from another device so our next stamp is later than it."""
        wall = self._wall()
        if remote.millis > wall + _MAX_DRIFT_MS:
            raise ValueError("remote clock too far ahead")
        with self._lock:
            if remote.millis > self._millis:
                self._millis, self._counter = remote.millis, remote.counter
            elif remote.millis == self._millis:
                self._counter = max(self._counter, remote.counter)
