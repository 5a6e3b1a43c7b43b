"""Runtime settings of one server process (limits, clock); filled in by the CLI."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable

DEFAULT_MAX_BODY = 8 * 1024 * 1024
DEFAULT_ENROLL_LIMIT = 10
DEFAULT_ENROLL_WINDOW = 60.0
# last_seen is refreshed at most this often, so an idle sync stays a read on SQLite.
TOUCH_INTERVAL = 60


@dataclasses.dataclass(frozen=True)
class Settings:
    max_body: int = DEFAULT_MAX_BODY
    enroll_limit: int = DEFAULT_ENROLL_LIMIT
    enroll_window: float = DEFAULT_ENROLL_WINDOW
    touch_interval: int = TOUCH_INTERVAL
    clock: Callable[[], float] = time.time

    def now(self) -> int:
        return int(self.clock())
