"""Field safety on real vault files: quick exit (F12, Shift+Esc, the button, inside a modal
dialog, while background work runs) under 500 ms, idle lock with an injected clock, the
clipboard guard, and no client data in titles or logs."""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
import uuid
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog

from exitdoors_desktop.core.definitions import load_definitions
from exitdoors_desktop.core.people import Client
from exitdoors_desktop.storage.clients_repo import ClientRepository
from exitdoors_desktop.storage.vault import Vault
from exitdoors_desktop.ui.kit.tasks import show_error
from exitdoors_desktop.ui.shell.main_window import MainWindow
from exitdoors_desktop.ui.shell.safety import ClipboardGuard, IdleLock
from tests.conftest import CHEAP, PASSPHRASE

TODAY = dt.date(2026, 6, 1)
SECRET_NAME = "Test Marisol Sample"


@pytest.fixture
def vault(vault_dir: Path) -> Vault:
    v = Vault(vault_dir)
    session, _ = v.create("alex", PASSPHRASE, kdf=CHEAP)
    ClientRepository(session).save(Client(id=str(uuid.uuid4()), preferred_name=SECRET_NAME))
    session.lock()
    return v


def _window(qtbot, vault: Vault, clock=None) -> MainWindow:  # type: ignore[no-untyped-def]
    w = MainWindow(vault, load_definitions(), kdf=CHEAP, today=lambda: TODAY, idle_clock=clock)
    qtbot.addWidget(w)
    w.show()
    w.unlock_page.user.setCurrentText("alex")
    w.unlock_page.passphrase.setText(PASSPHRASE)
    with qtbot.waitSignal(w.unlocked, timeout=10_000):
        w.unlock_page.button.click()
    qtbot.waitUntil(lambda: w.workspace.caseload.model.rowCount() == 1, timeout=10_000)
    return w


@pytest.fixture
def window(qtbot, vault: Vault):  # type: ignore[no-untyped-def]
    w = _window(qtbot, vault)
    yield w
    w.lock()
    w.runner.shutdown()
    w.sync_runner.shutdown()
    w.verify_runner.shutdown()


def _assert_hidden_locked_and_clean(w: MainWindow, session) -> None:  # type: ignore[no-untyped-def]
    assert not w.isVisible()
    assert all(not t.isVisible() for t in QApplication.topLevelWidgets())
    assert w.session is None and not session.is_open
    assert QGuiApplication.clipboard().text() == ""
    assert w.stack.currentWidget() is w.unlock_page  # what she sees when she comes back


@pytest.mark.parametrize(
    ("key", "modifier"),
    [
        (Qt.Key.Key_F12, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_Escape, Qt.KeyboardModifier.ShiftModifier),
    ],  # fmt: skip
)
def test_quick_exit_key_hides_locks_and_clears_clipboard_fast(
    qtbot, window: MainWindow, key, modifier
) -> None:  # type: ignore[no-untyped-def]
    session = window.session
    QGuiApplication.clipboard().setText("copied from a record")
    start = time.perf_counter()
    qtbot.keyClick(window.workspace.caseload.search, key, modifier)
    elapsed = time.perf_counter() - start
    assert elapsed < 0.5, elapsed
    _assert_hidden_locked_and_clean(window, session)


def test_plain_escape_is_not_quick_exit(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(window.workspace.caseload.search, Qt.Key.Key_Escape)
    assert window.isVisible() and window.session is not None


def test_quick_exit_button(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    session = window.session
    with qtbot.waitSignal(window.quick_exit.triggered, timeout=1_000) as blocker:
        qtbot.mouseClick(window.quick_exit_button, Qt.MouseButton.LeftButton)
    assert blocker.args[0] < 0.5
    _assert_hidden_locked_and_clean(window, session)


def test_quick_exit_works_inside_a_modal_dialog(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """An ApplicationShortcut would be blocked here; the event filter is not."""
    session = window.session
    dialog = QDialog(window)
    dialog.setObjectName("someModalDialog")
    results: list[int] = []

    def press() -> None:
        qtbot.keyClick(dialog, Qt.Key.Key_F12)

    QTimer.singleShot(50, press)
    results.append(dialog.exec())  # the quick exit ends this nested loop by hiding the dialog
    assert results == [QDialog.DialogCode.Rejected]
    _assert_hidden_locked_and_clean(window, session)


def test_quick_exit_does_not_wait_for_background_work(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    release = threading.Event()
    window.runner.run(lambda: release.wait(5), lambda _r: None)  # a slow job holds the worker
    session = window.session
    worker = window.scope.worker
    start = time.perf_counter()
    window.quick_exit.trigger()
    assert time.perf_counter() - start < 0.5
    assert not session.is_open
    release.set()
    window.runner.shutdown()
    qtbot.waitUntil(lambda: not worker.is_open, timeout=5_000)  # closed on the worker thread


def test_window_shows_unlock_again_after_quick_exit(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.quick_exit.trigger()
    window.show()
    assert window.unlock_page.isVisible()
    assert window.workspace is None


def test_idle_lock_fires_with_injected_clock(qtbot) -> None:  # type: ignore[no-untyped-def]
    now = [1000.0]
    idle = IdleLock(5, clock=lambda: now[0], check_ms=60_000)
    idle.start()
    fired: list[bool] = []
    idle.idle_timed_out.connect(lambda: fired.append(True))
    now[0] += 4 * 60
    idle.check()
    assert not fired
    idle.touch()
    now[0] += 4 * 60
    idle.check()
    assert not fired
    now[0] += 61
    idle.check()
    assert fired == [True]
    assert not idle.active  # fires once, until started again
    idle.check()
    assert fired == [True]


def test_input_resets_the_idle_clock(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    now = [0.0]
    idle = IdleLock(5, clock=lambda: now[0], check_ms=60_000)
    idle.start()
    now[0] += 200
    qtbot.keyClick(window.workspace.caseload.search, Qt.Key.Key_A)
    assert idle.idle_seconds() == 0
    idle.stop()


def test_window_locks_after_idle(qtbot, vault: Vault) -> None:  # type: ignore[no-untyped-def]
    now = [0.0]
    w = _window(qtbot, vault, clock=lambda: now[0])
    assert w.idle.minutes == load_definitions().program.idle_lock_minutes
    now[0] += 4 * 60
    w.idle.check()
    assert w.session is not None
    now[0] += 61
    with qtbot.waitSignal(w.locked, timeout=5_000):
        w.idle.check()
    assert w.session is None
    w.runner.shutdown()


def test_clipboard_guard_clears_only_its_own_text(qtbot) -> None:  # type: ignore[no-untyped-def]
    guard = ClipboardGuard(seconds=0.05)
    guard.copy("safe contact: text only")
    assert QGuiApplication.clipboard().text() == "safe contact: text only"
    qtbot.waitUntil(lambda: QGuiApplication.clipboard().text() == "", timeout=2_000)
    guard.copy("something")
    QGuiApplication.clipboard().setText("the worker's own text")
    guard.clear_if_ours()
    assert QGuiApplication.clipboard().text() == "the worker's own text"


def test_pages_get_the_window_clipboard_guard(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    assert window.context().clipboard is window.clipboard


def test_no_client_name_in_titles_or_error_logs(
    qtbot, window: MainWindow, caplog, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    ws = window.workspace
    ws.open_client(ws.caseload.model.row_at(0).client_id)
    titles = [t.windowTitle() for t in QApplication.topLevelWidgets()]
    assert all(SECRET_NAME not in t for t in titles)
    shown: list[str] = []
    monkeypatch.setattr(
        "exitdoors_desktop.ui.kit.tasks.QMessageBox.warning",
        lambda _p, _t, text: shown.append(text),
    )
    with caplog.at_level(logging.DEBUG):
        try:
            raise ValueError(f"bad value near {SECRET_NAME}")
        except ValueError as exc:
            show_error(window, exc)
    assert shown and SECRET_NAME not in shown[0]
    assert "ValueError" in caplog.text and SECRET_NAME not in caplog.text


def test_the_app_quits_after_quick_exit(qtbot, vault: Vault, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """ui.main.run: quick exit hides, locks and then ends the process's event loop."""
    from exitdoors_desktop.ui.shell import main

    made: list[MainWindow] = []
    real_build = main.build_window

    def build(*args, **kwargs):  # type: ignore[no-untyped-def]
        w = real_build(*args, **kwargs)
        made.append(w)
        w.unlocked.connect(lambda: QTimer.singleShot(0, w.quick_exit.trigger))
        QTimer.singleShot(0, lambda: _type_and_unlock(w))
        return w

    def _type_and_unlock(w: MainWindow) -> None:
        w.unlock_page.user.setCurrentText("alex")
        w.unlock_page.passphrase.setText(PASSPHRASE)
        w.unlock_page.button.click()

    monkeypatch.setattr(main, "build_window", build)
    assert main.run(vault.data_dir, kdf=CHEAP) == 0
    (w,) = made
    qtbot.addWidget(w)
    assert not w.isVisible() and w.session is None
