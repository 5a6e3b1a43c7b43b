"""The bundle smoke tests run against the built dist/exitdoors/ and only when asked for.

`make bundle-test` builds the bundle and runs ``pytest -m bundle tests/bundle``. A plain
``pytest`` (``make test``) deselects them: they test a build, not the source, and the build
takes a while. When they are asked for and there is no build, they fail (they never skip), so
CI cannot pass them vacuously.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = ROOT / "dist" / "exitdoors"
EXE = BUNDLE / ("exitdoors.exe" if sys.platform == "win32" else "exitdoors")
HERE = Path(__file__).resolve().parent


def _asked_for(config: pytest.Config) -> bool:
    expr = str(config.getoption("markexpr") or "")
    return "bundle" in expr and "not bundle" not in expr


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if _asked_for(config):
        return
    ours = [item for item in items if HERE in Path(str(item.path)).parents]
    if ours:
        config.hook.pytest_deselected(items=ours)
        items[:] = [item for item in items if item not in ours]


@pytest.fixture(scope="session")
def bundle() -> Path:
    if not EXE.is_file():
        pytest.fail(f"no built bundle at {EXE}: run `make bundle` first", pytrace=False)
    return BUNDLE


@pytest.fixture(scope="session")
def exe(bundle: Path) -> Path:
    return EXE
