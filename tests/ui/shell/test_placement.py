"""The window opens within the screen's available area (issue 19): at its usual size where
that fits with a frame, else maximized. Each screen size runs in a process of its own, since
the offscreen screen is fixed when Qt starts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, QSize

from exitdoors_desktop.ui.shell.placement import PREFERRED, opening_size

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = Path(__file__).with_name("screens") / "open_window.py"


def test_usual_size_where_it_fits_else_maximized() -> None:
    assert opening_size(QRect(0, 0, 1920, 1040)) == (PREFERRED, False)
    size, maximized = opening_size(QRect(0, 0, 1366, 728))
    assert maximized and size.width() <= 1366 and size.height() <= 728
    size, maximized = opening_size(QRect(0, 0, 1024, 600))
    assert maximized and size.boundedTo(QSize(1024, 600)) == size


def _open(tmp_path: Path, width: int, height: int) -> dict[str, list[int]]:
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"windowFrameMargins": True, "screens": [
        {"name": "laptop", "x": 0, "y": 0, "width": width, "height": height,
         "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))  # fmt: skip
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
           "PYTHONPATH": str(ROOT)}  # fmt: skip
    done = subprocess.run(
        [sys.executable, str(SCRIPT), str(tmp_path / "vault"), str(tmp_path / "shot.png")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    lines = [x for x in done.stdout.splitlines() if x.startswith("RESULT ")]
    assert done.returncode == 0 and lines, done.stderr[-2000:]
    return json.loads(lines[0].removeprefix("RESULT "))  # type: ignore[no-any-return]


def _inside(inner: list[int], outer: list[int]) -> bool:
    return (inner[0] >= outer[0] and inner[1] >= outer[1]
            and inner[2] <= outer[2] and inner[3] <= outer[3])  # fmt: skip


@pytest.mark.parametrize("width,height", [(1024, 600), (1366, 768)])
def test_the_window_opens_within_the_screen(tmp_path: Path, width: int, height: int) -> None:
    """At 1366x768 the status bar is on screen; at 1024x600 so are Quick exit, New client and
    Only mine, without her maximizing the window (it opened at 1220x780 whatever the screen)."""
    got = _open(tmp_path, width, height)
    screen = got["available"]
    assert _inside(got["frame"], screen), got
    for name in ("statusBar", "quickExitButton", "newClientButton", "caseloadOnlyMine"):
        assert _inside(got[name], screen), (name, got)
    assert all(got["visible"])
