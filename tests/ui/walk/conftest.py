"""The walk's fixtures: the shell's vault with one long-named client, and one unlocked window
per language and text size (module-scoped: both screen sizes and every screen share it)."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from PySide6.QtTest import QTest

from exitdoors_desktop.core.definitions import load_definitions
from exitdoors_desktop.storage.vault import Vault
from exitdoors_desktop.ui.kit.i18n import use_language
from exitdoors_desktop.ui.shell.main_window import MainWindow
from exitdoors_desktop.ui.shell.settings_dialog import ShellSettings, load_settings, save_settings
from tests.conftest import CHEAP, PASSPHRASE
from tests.ui.i18n.conftest import compiled_qm
from tests.ui.shell.conftest import TODAY, long_vault, window  # noqa: F401  (fixtures)

SETTINGS = [("en", 100), ("en", 150), ("fr", 100), ("fr", 150)]


@pytest.fixture(scope="module", params=SETTINGS, ids=[f"{lang}-{pct}" for lang, pct in SETTINGS])
def walk_window(qapp, long_vault, request) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]  # noqa: F811
    language, percent = request.param
    compiled_qm()
    defs = load_definitions()
    s = Vault(long_vault[0]).unlock("alex", PASSPHRASE)
    before = load_settings(s, defs.program)
    save_settings(s, defs.program, ShellSettings(15, "Notes", language, text_percent=percent))
    s.lock()
    w = MainWindow(Vault(long_vault[0]), defs, kdf=CHEAP, today=lambda: TODAY)
    w.show()
    w.unlock_page.user.setCurrentText("alex")
    w.unlock_page.passphrase.setText(PASSPHRASE)
    w.unlock_page.button.click()
    deadline = time.monotonic() + 15
    while w.workspace is None and time.monotonic() < deadline:
        QTest.qWait(20)
    assert w.workspace is not None, "the window did not unlock"
    w.walk_setting = (language, percent)  # type: ignore[attr-defined]
    try:
        yield w
    finally:
        w.lock()
        w.runner.shutdown()
        w.sync_runner.shutdown()
        w.verify_runner.shutdown()
        w.close()
        w.deleteLater()
        use_language("en")
        s = Vault(long_vault[0]).unlock("alex", PASSPHRASE)
        save_settings(s, defs.program, before)
        s.lock()
