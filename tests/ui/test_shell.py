"""The window shell on real vault files: first run, unlock, throttling, quick exit, idle lock,
clipboard, caseload model and search, settings."""

from __future__ import annotations

import datetime as dt
import time
import uuid
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from exitdoors_desktop.core.caseload import Flag
from exitdoors_desktop.core.definitions import load_definitions
from exitdoors_desktop.core.lifecycle import Reason, State
from exitdoors_desktop.core.people import Client
from exitdoors_desktop.storage.caseload_query import caseload
from exitdoors_desktop.storage.clients_repo import ClientRepository
from exitdoors_desktop.storage.program_repo import SettingsRepository, TransitionRepository
from exitdoors_desktop.storage.vault import Vault
from exitdoors_desktop.ui.caseload_model import CaseloadFilterProxy, CaseloadTableModel
from exitdoors_desktop.ui.first_run import FirstRunWizard
from exitdoors_desktop.ui.main_window import MainWindow
from exitdoors_desktop.ui.safety import ClipboardGuard, IdleLock
from exitdoors_desktop.ui.tasks import TaskRunner
from tests.conftest import CHEAP, PASSPHRASE

TODAY = dt.date(2026, 6, 1)


def _vault_with_clients(folder: Path, names: list[str]) -> Vault:
    vault = Vault(folder)
    session, _ = vault.create("alex", PASSPHRASE, kdf=CHEAP)
    for name in names:
        cid = str(uuid.uuid4())
        ClientRepository(session).save(
            Client(id=cid, preferred_name=name, aliases=("Zoë Alias",) if "Z" in name else ())
        )
        TransitionRepository(session).record(
            cid, State.PRE, Reason.ENROLLED, TODAY - dt.timedelta(days=3)
        )
    session.lock()
    return vault


@pytest.fixture
def window(qtbot, vault_dir: Path):  # type: ignore[no-untyped-def]
    vault = _vault_with_clients(vault_dir, ["Test Aurora", "Test Zed", "Test Bea"])
    w = MainWindow(vault, load_definitions(), kdf=CHEAP, today=lambda: TODAY)
    qtbot.addWidget(w)
    w.show()
    yield w
    w.lock()
    w.runner.shutdown()
    w.sync_runner.shutdown()


def _unlock(qtbot, w: MainWindow, passphrase: str = PASSPHRASE) -> None:  # type: ignore[no-untyped-def]
    w.unlock_page.user.setCurrentText("alex")
    qtbot.keyClicks(w.unlock_page.passphrase, passphrase)
    qtbot.mouseClick(w.unlock_page.button, Qt.MouseButton.LeftButton)


def test_first_run_wizard_creates_vault_and_shows_recovery_key(qtbot, vault_dir: Path) -> None:  # type: ignore[no-untyped-def]
    runner = TaskRunner()
    wizard = FirstRunWizard(Vault(vault_dir), runner, CHEAP)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.next()
    page = wizard.secret
    qtbot.keyClicks(page.user, "alex")
    qtbot.keyClicks(page.passphrase, "short")
    assert not page.isComplete() and "Too short" in page.hint.text()
    page.passphrase.clear()
    qtbot.keyClicks(page.passphrase, PASSPHRASE)
    qtbot.keyClicks(page.again, PASSPHRASE)
    assert page.isComplete()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.session is not None, timeout=15_000)
    key = wizard.recovery.key.text()
    assert len(key.replace("-", "")) == 40
    assert not wizard.recovery.isComplete()
    wizard.recovery.confirm.setText(key.rsplit("-", 1)[1])
    assert wizard.recovery.isComplete()
    assert Vault(vault_dir).exists()
    wizard.session.lock()
    runner.shutdown()


def test_wrong_then_right_passphrase(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _unlock(qtbot, window, "not the passphrase at all")
    qtbot.waitUntil(lambda: "not right" in window.unlock_page.message.text(), timeout=10_000)
    assert window.session is None
    _unlock(qtbot, window)
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=10_000)
    assert window.windowTitle() == load_definitions().program.window_title
    qtbot.waitUntil(lambda: window.workspace.caseload.model.rowCount() == 3, timeout=10_000)


def test_throttled_unlock_disables_button(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    for _ in range(3):
        window.vault.throttle.record_failure()
    window.unlock_page.refresh()
    assert not window.unlock_page.button.isEnabled()
    assert "try again in" in window.unlock_page.message.text()


def test_quick_exit_hides_locks_and_clears_clipboard_fast(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _unlock(qtbot, window)
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=10_000)
    session = window.session
    QGuiApplication.clipboard().setText("copied from a record")
    start = time.perf_counter()
    qtbot.keyClick(window, Qt.Key.Key_F12)
    elapsed = time.perf_counter() - start
    assert elapsed < 0.5, elapsed
    assert not window.isVisible()
    assert all(not w.isVisible() for w in QApplication.topLevelWidgets())
    assert window.session is None and session is not None and not session.is_open
    assert QGuiApplication.clipboard().text() == ""


def test_idle_lock_fires_with_injected_clock(qtbot) -> None:  # type: ignore[no-untyped-def]
    now = [1000.0]
    idle = IdleLock(5, clock=lambda: now[0], check_ms=60_000)
    idle.start()
    fired = []
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


def test_window_locks_after_idle(qtbot, vault_dir: Path) -> None:  # type: ignore[no-untyped-def]
    vault = _vault_with_clients(vault_dir, ["Test Idle"])
    now = [0.0]
    w = MainWindow(
        vault, load_definitions(), kdf=CHEAP, today=lambda: TODAY, idle_clock=lambda: now[0]
    )
    qtbot.addWidget(w)
    w.show()
    _unlock(qtbot, w)
    qtbot.waitUntil(lambda: w.workspace is not None, timeout=10_000)
    now[0] += 6 * 60
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


def test_caseload_model_passes_modeltester_and_searches(qtmodeltester, session) -> None:  # type: ignore[no-untyped-def]
    for name, aliases, dob in (("Test Zoë", ("Zed",), None), ("Test Bea", (), dt.date(2010, 1, 1)),
                               ("Test Cleo", ("Ana Sample",), None)):  # fmt: skip
        ClientRepository(session).save(
            Client(id=str(uuid.uuid4()), preferred_name=name, aliases=aliases, date_of_birth=dob)
        )
    program = load_definitions().program
    model = CaseloadTableModel(program)
    model.set_rows(caseload(session, program, TODAY))
    qtmodeltester.check(model)
    proxy = CaseloadFilterProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    proxy.set_search("zoe")  # accent-insensitive
    assert proxy.rowCount() == 1
    proxy.set_search("SAMPLE")  # aliases too
    assert proxy.rowCount() == 1
    proxy.set_search("")
    proxy.set_flag(Flag.UNDER_18)
    assert proxy.rowCount() == 1
    proxy.set_flag(None)
    proxy.sort(0, Qt.SortOrder.DescendingOrder)  # delegated to the source model
    names = [proxy.index(r, 0).data() for r in range(proxy.rowCount())]
    assert names == sorted(names, key=str.casefold, reverse=True)
    qtmodeltester.check(model)


def test_settings_are_stored_in_the_vault(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from exitdoors_desktop.ui.settings_dialog import SettingsDialog

    _unlock(qtbot, window)
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=10_000)
    dialog = SettingsDialog(window.context(), window.runner, CHEAP, window)
    qtbot.addWidget(dialog)
    dialog.idle.setValue(9)
    dialog.title.setText("Agenda")
    dialog._on_save()
    assert SettingsRepository(window.session).get("idle_minutes") == 9
    assert dialog.result() == 1
    assert SettingsRepository(window.session).get("window_title") == "Agenda"
