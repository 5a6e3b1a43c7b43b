"""The window shell on real vault files: first run, unlock and throttling, damaged vaults,
recovery, the workspace, lock and settings."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QWizard

from exitdoors_desktop.core.definitions import load_definitions
from exitdoors_desktop.core.lifecycle import Reason, State
from exitdoors_desktop.core.people import Client
from exitdoors_desktop.storage.clients_repo import ClientRepository
from exitdoors_desktop.storage.program_repo import SettingsRepository, TransitionRepository
from exitdoors_desktop.storage.vault import Vault
from exitdoors_desktop.ui.kit.passphrase_hint import passphrase_verdict
from exitdoors_desktop.ui.kit.tasks import TaskRunner
from exitdoors_desktop.ui.shell.first_run import FirstRunWizard, confirms_key
from exitdoors_desktop.ui.shell.main import application, build_window, first_run
from exitdoors_desktop.ui.shell.main_window import MainWindow
from exitdoors_desktop.ui.shell.settings_dialog import (
    SettingsDialog,
    ShellSettings,
    load_settings,
    save_settings,
)
from exitdoors_desktop.ui.shell.unlock import RecoveryDialog
from tests.conftest import CHEAP, PASSPHRASE

TODAY = dt.date(2026, 6, 1)
NEUTRAL = load_definitions().program.window_title


def make_vault(folder: Path, names: list[str]) -> tuple[Vault, str]:
    vault = Vault(folder)
    session, recovery = vault.create("alex", PASSPHRASE, kdf=CHEAP)
    for name in names:
        cid = str(uuid.uuid4())
        ClientRepository(session).save(Client(id=cid, preferred_name=name))
        TransitionRepository(session).record(
            cid, State.PRE, Reason.ENROLLED, TODAY - dt.timedelta(days=3)
        )
    session.lock()
    return vault, recovery


@pytest.fixture
def window(qtbot, vault_dir: Path):  # type: ignore[no-untyped-def]
    vault, _ = make_vault(vault_dir, ["Test Aurora", "Test Zed", "Test Bea"])
    w = MainWindow(vault, load_definitions(), kdf=CHEAP, today=lambda: TODAY)
    qtbot.addWidget(w)
    w.show()
    yield w
    w.lock()
    w.runner.shutdown()
    w.sync_runner.shutdown()
    w.verify_runner.shutdown()


def unlock(qtbot, w: MainWindow, passphrase: str = PASSPHRASE) -> None:  # type: ignore[no-untyped-def]
    w.unlock_page.user.setCurrentText("alex")
    qtbot.keyClicks(w.unlock_page.passphrase, passphrase)
    qtbot.mouseClick(w.unlock_page.button, Qt.MouseButton.LeftButton)


def unlocked(qtbot, w: MainWindow) -> MainWindow:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(w.unlocked, timeout=10_000):
        unlock(qtbot, w)
    return w


# -- first run ---------------------------------------------------------------------------------


def test_first_run_wizard_creates_vault_and_shows_recovery_key(qtbot, vault_dir: Path) -> None:  # type: ignore[no-untyped-def]
    runner = TaskRunner()
    wizard = FirstRunWizard(Vault(vault_dir), runner, CHEAP)
    qtbot.addWidget(wizard)
    wizard.show()
    assert wizard.welcome.join.isEnabled()  # joining a team is offered from the start
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
    assert wizard.currentPage() is wizard.recovery
    key = wizard.recovery.recovery
    assert len(key.replace("-", "")) == 40
    shown = wizard.recovery.key.text()
    assert all(group in shown for group in key.split("-"))
    assert wizard.recovery.key.textInteractionFlags() == Qt.TextInteractionFlag.NoTextInteraction
    assert page.passphrase.text() == "" and page.again.text() == ""
    # No way out before the key is confirmed: no Cancel, Escape ignored.
    assert not wizard.button(QWizard.WizardButton.CancelButton).isVisible()
    wizard.reject()
    assert wizard.isVisible()
    assert not wizard.recovery.isComplete()
    wizard.recovery.confirm.setText(key.rsplit("-", 1)[1].lower())
    assert wizard.recovery.isComplete()
    wizard.next()
    assert wizard.currentPage() is wizard.done_page
    assert wizard.recovery.recovery == ""  # forgotten once confirmed
    assert Vault(vault_dir).exists()
    assert [n for n, _ in Vault(vault_dir).users()] == ["alex"]
    wizard.session.lock()
    runner.shutdown()


def test_wizard_decisions_in_plain_python() -> None:
    assert passphrase_verdict("", "") == ("empty", "")
    assert passphrase_verdict("short", "")[0] == "too_short"
    assert passphrase_verdict(PASSPHRASE, "different")[0] == "differ"
    assert passphrase_verdict(PASSPHRASE, PASSPHRASE)[0].startswith("strength_")
    assert confirms_key("AAAAA-BBBBB-CCCCC", "ccccc")
    assert confirms_key("AAAAA-BBBBB-CCCCC", " CC-CCC ")
    assert not confirms_key("AAAAA-BBBBB-CCCCC", "BBBBB")


def test_first_run_then_main_window_opens_the_new_session(
    qtbot, vault_dir: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    w = build_window(vault_dir, kdf=CHEAP, today=lambda: TODAY)
    qtbot.addWidget(w)

    def fake_exec(wizard: FirstRunWizard) -> int:
        wizard.session, _ = wizard._vault.create("sam", PASSPHRASE, kdf=CHEAP)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(FirstRunWizard, "exec", fake_exec)
    assert first_run(w, CHEAP)
    assert w.session is not None and w.workspace is not None
    assert w.unlock_page.user.currentText() == "sam"
    w.lock()
    w.runner.shutdown()


def test_after_the_wizard_a_lock_and_a_wrong_passphrase_keep_settings_and_lock(
    qtbot, vault_dir: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """Issue 19: the session the wizard opens (before the window is first shown), Ctrl+L, a
    wrong passphrase, then the right one: Settings and Lock are back (the toolbar's actions
    were held as Python wrappers that died with the first session's workspace)."""
    application()
    w = build_window(vault_dir, kdf=CHEAP, today=lambda: TODAY)
    qtbot.addWidget(w)

    def fake_exec(wizard: FirstRunWizard) -> int:
        wizard.session, _ = wizard._vault.create("sam", PASSPHRASE, kdf=CHEAP)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(FirstRunWizard, "exec", fake_exec)
    assert first_run(w, CHEAP)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w, timeout=2_000)
    assert w.settings_button.isVisible() and w.lock_button.isVisible()
    assert w.workspace is not None
    with qtbot.waitSignal(w.locked, timeout=5_000):
        qtbot.keyClick(
            QApplication.focusWidget() or w, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier
        )
    qtbot.waitUntil(lambda: not w.settings_button.isVisible(), timeout=2_000)
    assert not w.lock_button.isVisible()
    page = w.unlock_page
    qtbot.keyClicks(page.passphrase, "not the passphrase at all")
    qtbot.keyClick(page.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "not right" in page.message.text(), timeout=10_000)
    with qtbot.waitSignal(w.unlocked, timeout=10_000):
        qtbot.keyClicks(page.passphrase, PASSPHRASE)
        qtbot.keyClick(page.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: w.settings_button.isVisible() and w.lock_button.isVisible(), timeout=2_000
    )
    opened: list[str] = []
    monkeypatch.setattr(SettingsDialog, "exec", lambda d: opened.append(d.objectName()) or 0)
    w.settings_button.click()
    assert opened, "Settings opens again"
    w.lock()
    w.runner.shutdown()
    w.sync_runner.shutdown()
    w.verify_runner.shutdown()


def test_application_names_are_neutral(qtbot) -> None:  # type: ignore[no-untyped-def]
    app = application()
    assert app.applicationName() == "Notes"
    assert app.applicationDisplayName() == ""
    assert app.styleSheet()  # the style sheet loaded from resources


# -- unlock --------------------------------------------------------------------------------------


def test_wrong_then_right_passphrase(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    unlock(qtbot, window, "not the passphrase at all")
    qtbot.waitUntil(lambda: "not right" in window.unlock_page.message.text(), timeout=10_000)
    assert window.session is None
    assert window.unlock_page.passphrase.text() == ""
    unlocked(qtbot, window)
    assert window.windowTitle() == NEUTRAL
    qtbot.waitUntil(lambda: window.workspace.caseload.model.rowCount() == 3, timeout=10_000)
    assert window.settings_button.isVisible() and window.lock_button.isVisible()


def test_throttled_unlock_disables_button_with_countdown(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    for _ in range(3):
        window.vault.throttle.record_failure()
    window.unlock_page.refresh()
    page = window.unlock_page
    assert not page.button.isEnabled()
    assert "try again in" in page.message.text()
    assert page.wait_seconds() > 0
    assert page._countdown.isActive()
    window.vault.throttle.reset()
    page._on_countdown_timeout()
    assert page.button.isEnabled()
    assert not page._countdown.isActive()


def test_corrupt_vault_is_shown_distinctly_and_never_replaced(qtbot, vault_dir: Path) -> None:  # type: ignore[no-untyped-def]
    vault, _ = make_vault(vault_dir, [])
    vault.key_path.write_text("{ not a key file", encoding="utf-8")
    before = vault.db_path.read_bytes()
    w = MainWindow(vault, load_definitions(), kdf=CHEAP)
    qtbot.addWidget(w)
    page = w.unlock_page
    assert "damaged" in page.message.text()
    assert page.message.property("tone") == "serious"
    assert not page.button.isEnabled() and not page.recover.isEnabled()
    assert vault.db_path.read_bytes() == before
    w.runner.shutdown()


def test_recovery_key_sets_a_new_passphrase(qtbot, vault_dir: Path) -> None:  # type: ignore[no-untyped-def]
    vault, recovery = make_vault(vault_dir, [])
    runner = TaskRunner()
    dialog = RecoveryDialog(vault, runner, CHEAP, ["alex"])
    qtbot.addWidget(dialog)
    new = "copper meadow under slow rain"
    dialog.key.setText("WRONG-WRONG-WRONG-WRONG-WRONG-WRONG-WRONG-WRONG")
    dialog.new.setText(new)
    dialog.again.setText(new)
    dialog._on_buttons_accepted()
    qtbot.waitUntil(lambda: "does not open" in dialog.message.text(), timeout=10_000)
    dialog.key.setText(recovery.lower().replace("-", " "))
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog._on_buttons_accepted()
    runner.shutdown()
    vault.unlock("alex", new).lock()


# -- workspace, lock, settings -----------------------------------------------------------------


def test_lock_saves_drafts_first_and_closes_open_dialogs(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    unlocked(qtbot, window)
    order: list[str] = []
    window.about_to_lock.connect(lambda: order.append("about_to_lock"))
    window.workspace.caseload.save_drafts = lambda: order.append("drafts")  # type: ignore[attr-defined]
    dialog = QDialog(window)
    dialog.open()  # window-modal, like a form dialog over the record
    assert dialog.isVisible()
    session = window.session
    with qtbot.waitSignal(window.locked, timeout=2_000):
        window.lock()
    assert order == ["about_to_lock", "drafts"]
    assert not dialog.isVisible()
    assert not session.is_open and window.session is None
    assert window.stack.currentWidget() is window.unlock_page
    assert window.windowTitle() == NEUTRAL
    assert not window.settings_button.isVisible()
    unlocked(qtbot, window)  # and back in again
    assert window.workspace is not None


def test_opening_a_client_shows_the_record_and_closing_returns(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    unlocked(qtbot, window)
    ws = window.workspace
    qtbot.waitUntil(lambda: ws.caseload.model.rowCount() == 3, timeout=10_000)
    index = ws.caseload.proxy.index(0, 0)
    ws.caseload.table.activated.emit(index)
    assert ws.record is not None and ws.stack.currentWidget() is ws.record
    assert window.windowTitle() == NEUTRAL  # never her name
    ws.record.closed.emit()
    assert ws.record is None and ws.stack.currentWidget() is ws.caseload


def test_settings_are_stored_in_the_vault_and_applied(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    unlocked(qtbot, window)
    dialog = SettingsDialog(window.context(), window.runner, CHEAP, window)
    qtbot.addWidget(dialog)
    dialog.idle.setValue(9)
    dialog.title.setText("  Agenda  ")
    dialog._on_buttons_accepted()
    assert dialog.result() == QDialog.DialogCode.Accepted
    program = load_definitions().program
    assert load_settings(window.session, program) == ShellSettings(9, "Agenda", "en")
    assert SettingsRepository(window.session).get("idle_minutes") == 9
    window.lock()
    unlocked(qtbot, window)
    assert window.windowTitle() == "Agenda"
    assert window.idle.minutes == 9


def test_out_of_range_settings_fall_back(session) -> None:  # type: ignore[no-untyped-def]
    program = load_definitions().program
    save_settings(session, program, ShellSettings(0, "   ", "xx"))
    assert load_settings(session, program) == ShellSettings(
        program.idle_lock_minutes, program.window_title, "en"
    )


def test_passphrase_change_runs_in_the_background(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    unlocked(qtbot, window)
    dialog = SettingsDialog(window.context(), window.runner, CHEAP, window)
    qtbot.addWidget(dialog)
    new = "copper meadow under slow rain"
    dialog.old.setText(PASSPHRASE)
    dialog.new.setText(new)
    dialog.again.setText("something else entirely")
    dialog._on_change_clicked()
    assert "differ" in dialog.message.text()
    dialog.new.setText(new)
    dialog.again.setText(new)
    dialog._on_change_clicked()
    assert not dialog.old.isEnabled() and not dialog.new.isEnabled()  # locked while it runs
    qtbot.waitUntil(lambda: "changed" in dialog.message.text(), timeout=10_000)
    assert dialog.old.text() == dialog.new.text() == dialog.again.text() == ""  # then gone
    window.runner.shutdown()
    window.vault.unlock("alex", new).lock()


def test_wrong_current_passphrase_keeps_the_fields_and_says_passphrase(
    qtbot, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    unlocked(qtbot, window)
    dialog = SettingsDialog(window.context(), window.runner, CHEAP, window)
    qtbot.addWidget(dialog)
    new = "copper meadow under slow rain"
    dialog.old.setText("not the passphrase at all")
    dialog.new.setText(new)
    dialog.again.setText(new)
    dialog._on_change_clicked()
    qtbot.waitUntil(lambda: "not right" in dialog.message.text(), timeout=10_000)
    text = dialog.message.text()
    assert "passphrase" in text and "user name" not in text
    assert dialog.new.text() == new and dialog.again.text() == new  # not lost
    assert dialog.old.isEnabled() and dialog.old.selectedText() == "not the passphrase at all"
    window.runner.shutdown()
    window.vault.unlock("alex", PASSPHRASE).lock()  # unchanged


def test_no_other_top_level_window_is_left_after_a_lock(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    unlocked(qtbot, window)
    window.lock()
    visible = [w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not window]
    assert visible == []


def test_pages_found_damaged_after_unlock_lock_the_window(
    qtbot, window: MainWindow, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from exitdoors_desktop.core.errors import VaultCorrupt
    from exitdoors_desktop.storage.vault import Session

    def damaged(_self: Session) -> None:
        raise VaultCorrupt("a page failed its check")

    shown: list[str] = []
    monkeypatch.setattr(Session, "verify_pages", damaged)
    monkeypatch.setattr(
        "exitdoors_desktop.ui.shell.main_window.QMessageBox.critical",
        lambda _p, _t, text: shown.append(text),
    )
    with qtbot.waitSignal(window.locked, timeout=10_000):
        unlock(qtbot, window)
    assert window.session is None
    assert shown and "damaged" in shown[0]


def test_unlock_lists_everyone_at_once_then_reads_their_lines(
    qtbot, window: MainWindow, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """A big caseload is listed whole at once (names, so search finds anyone), the first
    screenful read whole; a line drawn before the full read ends is read on demand."""
    import threading

    from exitdoors_desktop.ui.caseload.model import PHASE
    from exitdoors_desktop.ui.shell import workspace

    monkeypatch.setattr(workspace, "FIRST_SCREEN", 1)  # 3 clients > 2 x 1: two stages
    gate = threading.Event()
    read_all = workspace._read_all

    def held(*args):  # type: ignore[no-untyped-def]
        gate.wait(10)
        return read_all(*args)

    monkeypatch.setattr(workspace, "_read_all", held)
    seen: list[tuple[list[tuple[str, bool]], str]] = []
    from exitdoors_desktop.ui.caseload.view import CaseloadPage

    original = CaseloadPage._on_rows_loaded

    def recorded(page: CaseloadPage, rows) -> None:  # type: ignore[no-untyped-def]
        original(page, rows)
        lines = [(r.preferred_name, r.pending) for r in page.model.rows()]
        seen.append((lines, page.summary.text()))

    monkeypatch.setattr(CaseloadPage, "_on_rows_loaded", recorded)
    try:
        unlocked(qtbot, window)
        qtbot.waitUntil(lambda: len(seen) == 1, timeout=10_000)
        (first, first_summary) = seen[0]
        # Everyone listed; the first by name read whole, the others still being read.
        assert first == [("Test Aurora", False), ("Test Bea", True), ("Test Zed", True)]
        assert "All 3 clients are listed" in first_summary
        page = window.workspace.caseload
        page.search.setText("zed")  # search reaches everyone before the full read
        assert page.proxy.rowCount() == 1
        page.search.clear()
        model = page.model
        # Lines drawn on screen are asked for and read on demand, not by the full read.
        qtbot.waitUntil(lambda: model.pending_count() == 0, timeout=5_000)
        assert model.data(model.index(2, PHASE)) != "…"
        assert len(seen) == 1
    finally:
        gate.set()
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=10_000)
    assert [r for r in seen[1][0]] == [("Test Aurora", False), ("Test Bea", False),
                                        ("Test Zed", False)]  # fmt: skip
    assert "3 clients" in window.workspace.caseload.summary.text()
    window.workspace.caseload.reload()  # later loads read everyone at once
    qtbot.waitUntil(lambda: len(seen) == 3, timeout=10_000)
    assert len(seen[2][0]) == 3


def test_locking_drops_background_answers_without_an_error_box(
    qtbot, window: MainWindow, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """Answers of a first-screen load and a report count that are on their way when the vault
    locks (here: errors, as from an interrupted connection) must land nowhere: no error box
    over the unlock screen, nothing shown."""
    import threading

    from exitdoors_desktop.core.errors import VaultLocked
    from exitdoors_desktop.ui.reports import page as report_page
    from exitdoors_desktop.ui.shell import workspace

    gate = threading.Event()
    shown: list[str] = []

    def blocked(*_args):  # type: ignore[no-untyped-def]
        gate.wait(10)
        raise VaultLocked("the vault is locked")

    monkeypatch.setattr(workspace, "FIRST_SCREEN", 1)
    monkeypatch.setattr(workspace, "_first_screen", blocked)
    monkeypatch.setattr(report_page, "build_report", blocked)
    monkeypatch.setattr(workspace, "show_error", lambda _p, e: shown.append(type(e).__name__))
    monkeypatch.setattr(
        "exitdoors_desktop.ui.reports.page.show_error", lambda _p, e: shown.append(type(e).__name__)
    )
    unlocked(qtbot, window)
    workspace = window.workspace
    workspace.nav.setCurrentRow(3)  # Reports: its count queues behind the blocked load
    reports = workspace.page(workspace._labels[3])
    assert reports._pending is not None
    gate.set()
    window.runner.shutdown()  # both answers are now queued for the GUI thread...
    window.lock()  # ...and the vault locks before they are delivered
    qtbot.wait(200)
    assert shown == []
    assert window.session is None


def test_the_page_check_runs_beside_the_caseload_and_closes_on_lock(
    qtbot, window: MainWindow, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """Checking every page of a big vault takes tens of seconds: it starts once the caseload
    is shown, later loads (and reports) do not queue behind it, and locking closes its
    connection without waiting."""
    import threading

    from exitdoors_desktop.storage.vault import Session

    started, release = threading.Event(), threading.Event()
    checked: list[Session] = []

    loaded_first: list[bool] = []

    def slow_check(self: Session) -> None:
        checked.append(self)
        loaded_first.append(window.workspace.caseload._loaded)  # a plain bool, set before
        started.set()
        release.wait(10)

    monkeypatch.setattr(Session, "verify_pages", slow_check)
    unlocked(qtbot, window)
    qtbot.waitUntil(lambda: window.workspace.caseload.model.rowCount() == 3, timeout=10_000)
    qtbot.waitUntil(started.is_set, timeout=5_000)
    assert loaded_first == [True]  # the caseload came first: the check waited for it
    assert window.verify_runner.busy()  # still checking while the caseload is shown
    cid = str(uuid.uuid4())
    ClientRepository(window.session).save(Client(id=cid, preferred_name="Test Late"))
    TransitionRepository(window.session).record(cid, State.PRE, Reason.ENROLLED, TODAY)
    window.workspace.caseload.reload()  # a reload does not wait for the check either
    qtbot.waitUntil(lambda: window.workspace.caseload.model.rowCount() == 4, timeout=10_000)
    assert window.verify_runner.busy()
    verifier = checked[0]
    assert verifier is not window.session and verifier is not window.scope.worker
    window.lock()
    release.set()
    window.verify_runner.shutdown()
    qtbot.waitUntil(lambda: not verifier.is_open, timeout=5_000)


def test_none_keeps_its_references_through_many_repaints(qtbot) -> None:  # type: ignore[no-untyped-def]
    """PySide6 6.12 + CPython 3.11 drop a reference to None per None-returning data() call
    from C++; application() pins None so a long session cannot abort."""
    import sys

    from PySide6.QtCore import QAbstractTableModel, QModelIndex

    application()

    class Blank(QAbstractTableModel):
        def rowCount(self, parent=QModelIndex()):  # type: ignore[no-untyped-def]  # noqa: N802
            return 1

        def columnCount(self, parent=QModelIndex()):  # type: ignore[no-untyped-def]  # noqa: N802
            return 1

        def data(self, index, role=Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
            return None

    model = Blank()
    index = model.index(0, 0)
    for _ in range(20_000):  # more than None's whole normal count on 3.11
        index.data()
    assert sys.getrefcount(None) > 1000


def test_other_pages_are_built_when_first_shown(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    unlocked(qtbot, window)
    ws = window.workspace
    assert list(ws.pages) == ["Caseload"]
    assert [ws.nav.item(i).text() for i in range(ws.nav.count())] == [
        "Caseload", "Outreach", "Partners", "Reports", "Groups"
    ]  # fmt: skip
    ws.nav.setCurrentRow(1)
    assert "Outreach" in ws.pages and ws.stack.currentWidget() is ws.pages["Outreach"]
    ws.nav.setCurrentRow(0)
    assert ws.stack.currentWidget() is ws.caseload


def test_the_shell_imports_its_pages_with_no_silent_placeholder() -> None:
    """A page or record that fails to import is an error at start, never a placeholder."""
    from PySide6.QtWidgets import QWidget

    from exitdoors_desktop.ui.shell import workspace as main_window

    assert [label for label, _f in main_window.PAGES] == [
        "Outreach",
        "Partners",
        "Reports",
        "Groups",
    ]
    assert all(issubclass(cls, QWidget) for cls in (main_window.OutreachPage,
               main_window.PartnersPage, main_window.ReportsPage, main_window.ClientRecordWidget))  # fmt: skip
    assert not hasattr(main_window, "_placeholder") and not hasattr(main_window, "_optional_page")


def test_enter_on_the_welcome_page_goes_next_not_to_join(
    qtbot, vault_dir: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from exitdoors_desktop.ui.shell.first_run import JoinDialog

    opened: list[str] = []
    monkeypatch.setattr(JoinDialog, "exec", lambda self: opened.append("join") or 0)
    runner = TaskRunner()
    wizard = FirstRunWizard(Vault(vault_dir), runner, CHEAP)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    assert wizard.currentPage() is wizard.welcome
    target = QApplication.focusWidget() or wizard
    qtbot.keyClick(target, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.secret, timeout=1000)
    assert opened == []
    assert JoinDialog(runner).words.echoMode().name == "Password"
    runner.shutdown()


def test_every_page_keeps_the_page_protocol(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """Lock calls save_drafts and stop through one protocol, with no probing for methods."""
    import inspect

    from exitdoors_desktop.ui.shell import main_window, workspace

    for module in (main_window, workspace):
        assert "getattr(" not in inspect.getsource(module)
    unlocked(qtbot, window)
    ws = window.workspace
    for row in range(ws.nav.count()):
        ws.nav.setCurrentRow(row)
    everyone = {"Caseload", "Outreach", "Partners", "Reports", "Groups"}
    assert set(ws._hooks) == set(ws.pages) == everyone
    calls: list[str] = []
    for label, hooks in ws._hooks.items():
        hooks.save_drafts = lambda label=label: calls.append(f"save {label}") or True  # type: ignore[method-assign]
        hooks.stop = lambda label=label: calls.append(f"stop {label}")  # type: ignore[method-assign]
    window.lock()
    assert sorted(calls) == sorted(f"{v} {label}" for v in ("save", "stop") for label in everyone)
