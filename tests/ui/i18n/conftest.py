"""A vault whose user chose French, and the window unlocked on it (then English again)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from exitdoors_desktop.core.definitions import load_definitions
from exitdoors_desktop.storage.vault import Vault
from exitdoors_desktop.ui.kit.i18n import translations_dir, use_language
from exitdoors_desktop.ui.shell.main_window import MainWindow
from exitdoors_desktop.ui.shell.settings_dialog import ShellSettings, save_settings
from tests.conftest import CHEAP, PASSPHRASE
from tests.ui.shell.conftest import TODAY, long_vault  # noqa: F401  (a fixture)

ROOT = Path(__file__).resolve().parents[3]
BIN = Path(sys.executable).parent


def compiled_qm() -> Path:
    """The French .qm, compiled from the .ts when missing or older (as `make qm` does)."""
    folder = translations_dir()
    assert folder is not None
    ts, qm = folder / "exitdoors_fr.ts", folder / "exitdoors_fr.qm"
    if not qm.exists() or qm.stat().st_mtime < ts.stat().st_mtime:
        subprocess.run(
            [str(BIN / "pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True
        )
    return qm


@pytest.fixture
def french_window(qtbot, long_vault) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]  # noqa: F811
    compiled_qm()
    defs = load_definitions()
    session = Vault(long_vault[0]).unlock("alex", PASSPHRASE)
    save_settings(session, defs.program, ShellSettings(15, "Notes", "fr"))
    session.lock()
    w = MainWindow(Vault(long_vault[0]), defs, kdf=CHEAP, today=lambda: TODAY)
    qtbot.addWidget(w)
    w.show()
    w.unlock_page.user.setCurrentText("alex")
    w.unlock_page.passphrase.setText(PASSPHRASE)
    with qtbot.waitSignal(w.unlocked, timeout=10_000):
        w.unlock_page.button.click()
    try:
        yield w
    finally:
        w.lock()
        w.runner.shutdown()
        w.sync_runner.shutdown()
        w.verify_runner.shutdown()
        use_language("en")
        s = Vault(long_vault[0]).unlock("alex", PASSPHRASE)
        save_settings(s, defs.program, ShellSettings(15, "Notes", "en"))
        s.lock()
