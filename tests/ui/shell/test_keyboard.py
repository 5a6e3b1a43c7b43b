"""Keyboard only: Tab and Shift+Tab reach every input and button of every page and dialog (no
traps), focus lands in the first useful field, and the page shortcuts work."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog

from exitdoors_desktop.core.lifecycle import State
from exitdoors_desktop.ui.caseload.view import NewClientDialog
from exitdoors_desktop.ui.record.tabs.scales import AddReadingDialog
from exitdoors_desktop.ui.record.transition import TransitionDialog
from exitdoors_desktop.ui.shell.main_window import MainWindow
from exitdoors_desktop.ui.shell.settings_dialog import SettingsDialog
from tests.conftest import CHEAP
from tests.ui.keywalk import walk
from tests.ui.shell.conftest import TODAY

PAGES = ["Caseload", "Outreach", "Partners", "Reports", "Groups"]
TABS = ["Timeline", "Forms", "Phase plan", "Scales", "Referrals", "Consent"]
FIGURES: dict[str, tuple[int, int, int]] = {}


def _check(name: str, top, start=None) -> None:  # type: ignore[no-untyped-def]
    result = walk(top, start)
    FIGURES[name] = (len(result.expected), len(result.forward), len(result.backward))
    print(f"WALK {name}: {len(result.expected)} stops, Tab reached {len(result.forward)}, "
          f"Shift+Tab reached {len(result.backward)}")  # fmt: skip
    assert result.missed == [], f"{name}: Tab never reaches {result.missed}"
    assert result.missed_back == [], f"{name}: Shift+Tab never reaches {result.missed_back}"


@pytest.mark.parametrize("page", PAGES)
def test_tab_walks_every_page(qtbot, window: MainWindow, page: str) -> None:  # type: ignore[no-untyped-def]
    ws = window.workspace
    assert ws is not None
    window.resize(1366, 768)
    ws.nav.setCurrentRow(PAGES.index(page))
    qtbot.wait(20)
    _check(page, window, ws.nav)


def test_tab_walks_every_record_tab(qtbot, window: MainWindow, long_vault) -> None:  # type: ignore[no-untyped-def]
    ws = window.workspace
    assert ws is not None
    window.resize(1366, 768)
    ws.open_client(long_vault[1])
    record = ws.record
    assert record is not None
    for title in TABS:
        record.tabs.setCurrentIndex(
            [record.tabs.tabText(i) for i in range(record.tabs.count())].index(title)
        )
        qtbot.wait(20)
        _check(f"Record/{title}", window, ws.nav)


def _dialogs(window: MainWindow, cid: str) -> list[tuple[str, QDialog]]:
    ws = window.workspace
    assert ws is not None
    ws.open_client(cid)
    record = ws.record
    assert record is not None
    ctx = ws.ctx
    move = TransitionDialog(ctx, record.store, record.snapshot.history, window)
    move.choose(State.CLOSED)
    return [
        ("New client", NewClientDialog(window, TODAY)),
        ("Change phase", move),
        ("Add reading", AddReadingDialog(ctx.definitions.default_scale, TODAY, "en", None, window)),
        ("Settings", SettingsDialog(window.context(), window.runner, CHEAP, window)),
    ]


def test_tab_walks_every_dialog(qtbot, window: MainWindow, long_vault) -> None:  # type: ignore[no-untyped-def]
    for name, dialog in _dialogs(window, long_vault[1]):
        qtbot.addWidget(dialog)
        if name == "New client":
            dialog.name.setText("Test Walk")  # Save becomes a stop once a name is there
        dialog.show()
        qtbot.waitExposed(dialog)
        _check(name, dialog)
        dialog.close()


def test_shortcuts_open_pages_search_and_new_client(qtbot, window: MainWindow, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    ws = window.workspace
    assert ws is not None
    window.activateWindow()
    ws.nav.setFocus()
    for n, name in ((2, "outreach_page"), (3, "partners_page"), (1, "caseloadPage")):
        QTest.keyClick(
            QApplication.focusWidget(),
            Qt.Key(Qt.Key.Key_0 + n),
            Qt.KeyboardModifier.ControlModifier,
        )
        qtbot.waitUntil(
            lambda name=name: ws.stack.currentWidget().objectName() == name, timeout=1000
        )
        focused = QApplication.focusWidget()
        assert focused is not None and ws.stack.currentWidget().isAncestorOf(focused), name
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is ws.caseload.search, timeout=1000)
    opened: list[str] = []
    monkeypatch.setattr(NewClientDialog, "exec", lambda self: opened.append("new") or 0)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert opened == ["new"]


def test_focus_lands_in_the_page_when_the_record_closes(
    qtbot, window: MainWindow, long_vault
) -> None:  # type: ignore[no-untyped-def]
    ws = window.workspace
    assert ws is not None
    window.activateWindow()
    ws.open_client(long_vault[1])
    assert ws.record is not None
    ws.record.header.close_button.setFocus()
    ws.record.header.close_button.click()
    qtbot.waitUntil(lambda: ws.record is None, timeout=1000)
    focused = QApplication.focusWidget()
    assert focused is not None and ws.caseload.isAncestorOf(focused)


def test_main_buttons_and_dialog_labels_have_access_keys(
    qtbot, window: MainWindow, long_vault
) -> None:  # type: ignore[no-untyped-def]
    ws = window.workspace
    assert ws is not None
    ws.open_client(long_vault[1])
    record = ws.record
    assert record is not None
    buttons = [window.settings_button, window.lock_button, ws.caseload.new_button,
               record.header.change_phase, record.header.close_button]  # fmt: skip
    assert [b.text() for b in buttons if "&" not in b.text()] == []
    dialog = NewClientDialog(window, TODAY)
    qtbot.addWidget(dialog)
    from PySide6.QtWidgets import QLabel

    buddied = [lab for lab in dialog.findChildren(QLabel) if lab.buddy() is not None]
    assert len(buddied) == 5 and all("&" in lab.text() for lab in buddied)
    assert buddied[2].buddy() is dialog.dob.line  # Alt+B goes straight into the date text


def test_focus_follows_into_a_new_clients_record_and_back_after_dialogs(
    qtbot, window: MainWindow, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    ws = window.workspace
    assert ws is not None
    window.activateWindow()

    def fake_exec(dialog: NewClientDialog) -> int:
        dialog.name.setText("Test Focus")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(NewClientDialog, "exec", fake_exec)
    ws.caseload.new_button.setFocus()
    ws.caseload.new_button.click()
    qtbot.waitUntil(lambda: ws.record is not None, timeout=2000)
    record = ws.record
    assert record is not None
    qtbot.waitUntil(lambda: QApplication.focusWidget() is record.tabs.tabBar(), timeout=1000)
    # A dialog closed gives focus back where she was.
    record.header.change_phase.setFocus()
    dialog = TransitionDialog(ws.ctx, record.store, record.snapshot.history, record)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    # The first field of the dialog.
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.move_combo, timeout=1000)
    dialog.reject()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is record.header.change_phase, timeout=1000)
