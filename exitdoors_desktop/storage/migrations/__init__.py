"""Numbered schema steps, one module each with ``upgrade(conn)``; user_version is the truth."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

from exitdoors_desktop.storage.migrations import (
    m0001_initial,
    m0002_program,
    m0003_sync,
    m0004_caseload,
    m0005_groups,
    m0006_team_trust,
    m0007_register,
)

Step = Callable[..., None]

_MODULES: tuple[ModuleType, ...] = (
    m0001_initial,
    m0002_program,
    m0003_sync,
    m0004_caseload,
    m0005_groups,
    m0006_team_trust,
    m0007_register,
)

STEPS: tuple[tuple[int, Step], ...] = tuple(
    (int(module.__name__.rsplit(".m", 1)[1].split("_", 1)[0]), module.upgrade)
    for module in _MODULES
)

if [n for n, _ in STEPS] != list(range(1, len(STEPS) + 1)):
    raise RuntimeError("migration steps must be numbered 1, 2, 3 … without gaps")

LATEST = STEPS[-1][0]
