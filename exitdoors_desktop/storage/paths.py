"""Where the vault lives by default: the platform's per-user data folder."""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP_NAME = "exitdoors"


def default_data_dir() -> Path:
    # A neutral folder name: nothing on disk says what kind of program this is for.
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False, roaming=False))
