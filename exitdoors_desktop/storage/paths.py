"""Where the vault lives by default: the platform's per-user data folder, under a neutral name.

The folder is called "field-notes", not after the program: a seized or borrowed laptop's file
listing should not say what kind of work its notes are about (the files inside are named
vault.db and vault.key and are encrypted). Vaults made by earlier versions, in a folder named
"exitdoors", are still found there and used as they are: nothing is moved behind the user's back.
"""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP_NAME = "field-notes"
LEGACY_NAME = "exitdoors"  # the default folder of the first builds


def _data_dir(name: str) -> Path:
    return Path(platformdirs.user_data_dir(name, appauthor=False, roaming=False))


def default_data_dir() -> Path:
    current, legacy = _data_dir(APP_NAME), _data_dir(LEGACY_NAME)
    if not current.exists() and (legacy / "vault.key").exists():
        return legacy
    return current
