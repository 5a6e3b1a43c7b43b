"""A fixed-window rate limiter keyed by client address (in memory, one server process)."""

from __future__ import annotations

import threading
from collections.abc import Callable


class FixedWindowLimiter:
    """Allow at most ``limit`` hits per key in each ``window`` seconds."""

    def __init__(self, limit: int, window: float, clock: Callable[[], float]) -> None:
        if limit < 1 or window <= 0:
            raise ValueError("limit must be >= 1 and window > 0")
        self._limit = limit
        self._window = window
        self._clock = clock
        self._lock = threading.Lock()
        self._hits: dict[str, tuple[float, int]] = {}

    def hit(self, key: str) -> float | None:
        """Count one attempt; return None if allowed, else seconds until the window resets."""
        now = self._clock()
        with self._lock:
            if len(self._hits) > 10_000:
                self._prune(now)
            start, count = self._hits.get(key, (now, 0))
            if now - start >= self._window:
                start, count = now, 0
            if count >= self._limit:
                return max(0.0, start + self._window - now)
            self._hits[key] = (start, count + 1)
            return None

    def _prune(self, now: float) -> None:
        self._hits = {k: v for k, v in self._hits.items() if now - v[0] < self._window}
