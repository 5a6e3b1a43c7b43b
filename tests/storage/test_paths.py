"""The default vault folder has a neutral name; a vault in the first builds' folder is kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from exitdoors_desktop.storage.paths import default_data_dir


@pytest.fixture
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    return tmp_path


def test_the_default_folder_does_not_name_the_program(data_home: Path) -> None:
    folder = default_data_dir()
    assert folder == data_home / "field-notes"
    assert "exit" not in folder.name.lower()


def test_a_vault_in_the_old_folder_is_still_found(data_home: Path) -> None:
    old = data_home / "exitdoors"
    old.mkdir()
    assert default_data_dir() == data_home / "field-notes"  # an empty old folder is not a vault
    (old / "vault.key").write_text("{}")
    assert default_data_dir() == old
    (data_home / "field-notes").mkdir()  # once the new folder exists, it wins
    assert default_data_dir() == data_home / "field-notes"
