"""Escape in the caseload's search box clears the search (issue 19 walk). The header that
hid the first row is tested in tests/ui/kit/test_columns.py."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from exitdoors_desktop.core.definitions import load_definitions
from exitdoors_desktop.storage.vault import Vault
from exitdoors_desktop.ui.shell.main_window import MainWindow
from tests.conftest import CHEAP, PASSPHRASE
from tests.ui.caseload.test_caseload_fit import TODAY, fit_vault  # noqa: F401  (a fixture)


def _unlock(w: MainWindow) -> None:
    w.unlock_page.user.setCurrentText("alex")
    w.unlock_page.passphrase.setText(PASSPHRASE)
    w.unlock_page.button.click()
    deadline = time.monotonic() + 15
    while (w.workspace is None or not w.workspace.caseload.model.rowCount()) and (
        time.monotonic() < deadline
    ):
        QTest.qWait(20)
    assert w.workspace is not None, "the window did not unlock"
    QApplication.processEvents()
    QTest.qWait(50)


def test_escape_in_the_search_clears_it(qtbot, fit_vault: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    w = MainWindow(Vault(fit_vault), load_definitions(), kdf=CHEAP, today=lambda: TODAY)
    qtbot.addWidget(w)
    w.show()
    try:
        _unlock(w)
        ws = w.workspace
        assert ws is not None
        page = ws.caseload
        everyone = page.proxy.rowCount()
        for attempt in (1, 2):
            page.search.setFocus()
            qtbot.keyClicks(page.search, "zzz-nobody")
            assert page.proxy.rowCount() < everyone
            qtbot.keyClick(page.search, Qt.Key.Key_Escape)
            assert page.search.text() == "", attempt
            assert page.proxy.rowCount() == everyone, attempt
            assert page.search.hasFocus() or QApplication.focusWidget() is page.search
    finally:
        w.lock()
        w.runner.shutdown()
        w.sync_runner.shutdown()
        w.verify_runner.shutdown()
