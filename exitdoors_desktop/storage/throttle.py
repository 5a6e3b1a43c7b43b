"""Failed-unlock counting on disk, with a growing delay between attempts.

The count lives in its own small file (the database cannot be written without the key). The
failures are copied into the audit log at the next successful unlock.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from exitdoors_desktop.storage import atomic

FREE_ATTEMPTS = 3
MAX_DELAY_SECONDS = 300.0


@dataclass(frozen=True)
class ThrottleState:
    failures: int = 0
    last_failure: float = 0.0
    failure_times: tuple[float, ...] = ()

    def delay(self) -> float:
        """Seconds that must pass after the last failure before another try is allowed."""
        if self.failures < FREE_ATTEMPTS:
            return 0.0
        return float(min(MAX_DELAY_SECONDS, 2 ** (self.failures - FREE_ATTEMPTS + 1)))

    def retry_after(self, now: float) -> float:
        return max(0.0, self.last_failure + self.delay() - now)


class Throttle:
    def __init__(self, path: Path, clock: Callable[[], float] = time.time) -> None:
        self.path = path
        self.clock = clock

    def state(self) -> ThrottleState:
        try:
            data = json.loads(self.path.read_text("utf-8"))
            return ThrottleState(
                int(data["failures"]),
                float(data["last_failure"]),
                tuple(float(t) for t in data.get("failure_times", [])),
            )
        except FileNotFoundError:
            return ThrottleState()
        except (ValueError, KeyError, TypeError):
            # A damaged counter must not unlock the throttle: assume the worst we can.
            return ThrottleState(FREE_ATTEMPTS + 2, self.clock(), ())

    def retry_after(self) -> float:
        return self.state().retry_after(self.clock())

    def record_failure(self) -> ThrottleState:
        old = self.state()
        now = self.clock()
        new = ThrottleState(old.failures + 1, now, (*old.failure_times, now)[-100:])
        self._save(new)
        return new

    def reset(self) -> ThrottleState:
        """Forget the count after a success; returns what was recorded so it can be audited."""
        old = self.state()
        if old.failures:
            self._save(ThrottleState())
        return old

    def _save(self, state: ThrottleState) -> None:
        data = {
            "failures": state.failures,
            "last_failure": state.last_failure,
            "failure_times": list(state.failure_times),
        }
        atomic.write_private(self.path, json.dumps(data).encode("utf-8"))
