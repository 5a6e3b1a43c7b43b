"""The composition root: builds the vault, services and main window, then runs Qt."""

from __future__ import annotations

from pathlib import Path


def run_gui(data_dir: Path) -> int:
    from exitdoors_desktop.ui.shell.main import run

    return run(data_dir)
