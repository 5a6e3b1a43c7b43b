"""Runtime settings of one server process (limits, clock); filled in by the CLI."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable

from exitdoors_server.quotas import Quotas

DEFAULT_MAX_BODY = 8 * 1024 * 1024
DEFAULT_ENROLL_LIMIT = 10
DEFAULT_ENROLL_WINDOW = 60.0
# last_seen is refreshed at most this often, so an idle sync stays a read on SQLite.
TOUCH_INTERVAL = 60
# A pull answer stops before this many bytes of messages (at least one message always goes).
DEFAULT_MAX_PULL_BYTES = 4 * 1024 * 1024
# Relayed commands (signed wipes): size of one, and how many may wait undelivered.
DEFAULT_MAX_COMMAND_BYTES = 16 * 1024
DEFAULT_MAX_COMMANDS_PER_TARGET = 10
DEFAULT_MAX_COMMANDS_PER_ISSUER = 50


@dataclasses.dataclass(frozen=True)
class Settings:
    max_body: int = DEFAULT_MAX_BODY
    enroll_limit: int = DEFAULT_ENROLL_LIMIT
    enroll_window: float = DEFAULT_ENROLL_WINDOW
    touch_interval: int = TOUCH_INTERVAL
    max_pull_bytes: int = DEFAULT_MAX_PULL_BYTES
    max_command_bytes: int = DEFAULT_MAX_COMMAND_BYTES
    max_commands_per_target: int = DEFAULT_MAX_COMMANDS_PER_TARGET
    max_commands_per_issuer: int = DEFAULT_MAX_COMMANDS_PER_ISSUER
    quotas: Quotas = Quotas()  # per device over a sliding day (quotas.py)
    clock: Callable[[], float] = time.time

    def now(self) -> int:
        return int(self.clock())
