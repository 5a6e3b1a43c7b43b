"""Text at 150 % (the "Text size" setting) on a 1366×768 screen, in English and in French: the caseload, every record
tab (forms and scales included), the reports and settings fit — no page's minimum size is
larger than the screen and no shown widget lies outside the window."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication, QWidget

from exitdoors_desktop.core.definitions import load_definitions
from exitdoors_desktop.storage.vault import Vault
from exitdoors_desktop.ui.kit.i18n import use_language
from exitdoors_desktop.ui.kit.style import BASE_POINT_SIZE
from exitdoors_desktop.ui.shell.main_window import MainWindow
from exitdoors_desktop.ui.shell.settings_dialog import ShellSettings, load_settings, save_settings
from tests.conftest import CHEAP, PASSPHRASE
from tests.ui.shell.conftest import TODAY
from tests.ui.shell.test_layout import TABS, _dialogs, fits

WIDTH, HEIGHT = 1366, 768


@pytest.fixture(params=["en", "fr"])
def big_text_window(qtbot, long_vault, request) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    defs = load_definitions()
    s = Vault(long_vault[0]).unlock("alex", PASSPHRASE)
    before = load_settings(s, defs.program)
    save_settings(s, defs.program, ShellSettings(15, "Notes", request.param, text_percent=150))
    s.lock()
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
        save_settings(s, defs.program, before)
        s.lock()


def widest(top: QWidget) -> list[tuple[int, str]]:
    """The widest minimum sizes under ``top``: where a page too wide gets its width."""
    sizes = [
        (c.minimumSizeHint().expandedTo(c.minimumSize()).width(),
         f"{type(c).__name__}#{c.objectName()}")
        for c in top.findChildren(QWidget) if c.isVisibleTo(top)
    ]  # fmt: skip
    return sorted(sizes, reverse=True)[:6]


def test_text_at_150_percent_fits_1366x768(qtbot, big_text_window: MainWindow, long_vault) -> None:  # type: ignore[no-untyped-def]
    w = big_text_window
    assert QApplication.font().pointSizeF() == pytest.approx(BASE_POINT_SIZE * 1.5)
    ws = w.workspace
    assert ws is not None
    checked = 0
    for row in range(ws.nav.count()):  # caseload, outreach, partners, reports, groups
        ws.nav.setCurrentRow(row)
        print("PAGE", ws.nav.item(row).text(), widest(ws.stack.currentWidget()))
        fits(qtbot, w, WIDTH, HEIGHT)
        checked += 1
    ws.open_client(long_vault[1])
    record = ws.record
    assert record is not None
    for index in range(len(TABS)):
        record.tabs.setCurrentIndex(index)
        print("TAB", record.tabs.tabText(index), widest(record))
        fits(qtbot, w, WIDTH, HEIGHT)
        checked += 1
    for dialog in _dialogs(w, long_vault[1]):  # new client, phase change, reading, settings
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        least = dialog.minimumSizeHint().expandedTo(dialog.minimumSize())
        size = dialog.sizeHint().boundedTo(dialog.maximumSize()).expandedTo(least)
        fits(qtbot, dialog, min(size.width(), WIDTH), min(size.height(), HEIGHT))
        dialog.close()
        checked += 1
    print(f"LARGE TEXT: {checked} screens fit at 150 % on {WIDTH}×{HEIGHT}")


def test_the_setting_back_at_100_restores_the_size(qtbot, big_text_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    big_text_window.lock()
    assert QApplication.font().pointSizeF() == pytest.approx(BASE_POINT_SIZE)
