"""Backup, restore, retention, users, erase and role-gated pages in the real window (offscreen,
real vault files)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from exitdoors_desktop.core.definitions import load_definitions
from exitdoors_desktop.core.lifecycle import Reason, State
from exitdoors_desktop.core.people import Client, Role
from exitdoors_desktop.core.permissions import ClientForbidden
from exitdoors_desktop.storage.backup import create_backup
from exitdoors_desktop.storage.clients_repo import ClientRepository
from exitdoors_desktop.storage.program_repo import TransitionRepository
from exitdoors_desktop.storage.vault import Vault
from exitdoors_desktop.ui.kit.context import AppContext
from exitdoors_desktop.ui.kit.tasks import TaskRunner
from exitdoors_desktop.ui.record.widget import ClientRecordWidget
from exitdoors_desktop.ui.shell.durability import DurabilityBox, RestoreDialog, reminders
from exitdoors_desktop.ui.shell.first_run import FirstRunWizard
from exitdoors_desktop.ui.shell.main_window import MainWindow
from tests.conftest import CHEAP, PASSPHRASE

TODAY = dt.date(2026, 6, 1)
VOL = "volunteer passphrase long"


def _vault(folder: Path) -> Vault:
    vault = Vault(folder)
    session, _ = vault.create("alex", PASSPHRASE, kdf=CHEAP)
    repo, moves = ClientRepository(session), TransitionRepository(session)
    for cid, closed in (("c-old", dt.date(2015, 1, 1)), ("c-new", None)):
        repo.save(Client(id=cid, preferred_name=f"Test {cid}"))
        moves.record(cid, State.PHASE_1, Reason.ENROLLED, dt.date(2014, 1, 1))
        if closed:
            moves.record(cid, State.CLOSED, Reason.MOVED, closed)
    session.add_user("vol", VOL, Role.OUTREACH, kdf=CHEAP)
    session.lock()
    return vault


@pytest.fixture
def runner():  # type: ignore[no-untyped-def]
    r = TaskRunner()
    yield r
    r.shutdown()


def _wait_idle(qtbot, runner: TaskRunner) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not runner.busy(), timeout=10_000)
    qtbot.wait(50)


def test_settings_backup_now_and_retention(qtbot, vault_dir: Path, tmp_path: Path, runner) -> None:  # type: ignore[no-untyped-def]
    vault = _vault(vault_dir)
    session = vault.unlock("alex", PASSPHRASE)
    worker = session.sibling()
    ctx = AppContext(session, load_definitions(), lambda: TODAY, runner=runner, worker=worker)
    asked: list[int] = []
    box = DurabilityBox(ctx, runner, confirm=lambda n: asked.append(n) or True)
    qtbot.addWidget(box)
    assert box.last.text() == "never" and box.backup_now.isEnabled()
    assert "1 clients" in box.due_label.text() and box.erase_due.isEnabled()
    assert box.users.count() == 2 and not box.users_box.isHidden()
    assert any("No backup" in line for line in reminders(session, 2557, TODAY))
    box.back_up_to(tmp_path / "b.edb")
    _wait_idle(qtbot, runner)
    assert (tmp_path / "b.edb").exists() and box.last.text() != "never"
    made = dt.date.fromisoformat(box.last.text())
    assert not any("backup" in line for line in reminders(session, 2557, made, backup_days=7))
    later = made + dt.timedelta(days=7)
    assert any("7 days ago" in line for line in reminders(session, 2557, later, backup_days=7))
    box.erase_due.click()
    _wait_idle(qtbot, runner)
    assert asked == [1]
    assert set(ClientRepository(session).ids()) == {"c-new"}
    actions = {r[0] for r in session.conn.execute("SELECT action FROM audit")}
    assert {"backup_created", "erasure", "retention_run"} <= actions
    worker.lock()
    session.lock()


def test_outreach_sees_no_backup_retention_users_or_reports(qtbot, vault_dir: Path, runner) -> None:  # type: ignore[no-untyped-def]
    vault = _vault(vault_dir)
    session = vault.unlock("vol", VOL)
    ctx = AppContext(session, load_definitions(), lambda: TODAY)
    box = DurabilityBox(ctx, runner)
    qtbot.addWidget(box)
    assert not box.backup_now.isEnabled()
    assert box.retention.isHidden() and box.users_box.isHidden()
    assert reminders(session, 2557, TODAY) == []
    with pytest.raises(ClientForbidden):  # not her client: refused, not audited as a view
        ClientRecordWidget(ctx, "c-old")
    session.lock()

    w = MainWindow(vault, load_definitions(), kdf=CHEAP, today=lambda: TODAY)
    qtbot.addWidget(w)
    w.show()
    try:
        with qtbot.waitSignal(w.unlocked, timeout=10_000):
            w.unlock_page.user.setCurrentText("vol")
            qtbot.keyClicks(w.unlock_page.passphrase, VOL)
            w.unlock_page.button.click()
        assert w.workspace is not None
        labels = [w.workspace.nav.item(i).text() for i in range(w.workspace.nav.count())]
        assert "Reports" not in labels and "Outreach" in labels
    finally:
        w.lock()
        for r in (w.runner, w.sync_runner, w.verify_runner):
            r.shutdown()


def test_record_erase_asks_then_erases(qtbot, vault_dir: Path) -> None:  # type: ignore[no-untyped-def]
    vault = _vault(vault_dir)
    session = vault.unlock("alex", PASSPHRASE)
    ctx = AppContext(session, load_definitions(), lambda: TODAY)
    record = ClientRecordWidget(ctx, "c-new")
    qtbot.addWidget(record)
    assert not record.header.erase_button.isHidden()
    typed: list[str] = []

    def run(dialog):  # type: ignore[no-untyped-def]
        dialog.typed.setText(typed.pop(0))
        dialog._on_ok()  # noqa: SLF001 - what the OK button does
        return dialog.erased

    record.run_erase_dialog = run
    typed.append("erase")  # not the word: nothing happens
    assert record.erase() is False
    assert "c-new" in ClientRepository(session).ids()
    typed.append("ERASE")
    with qtbot.waitSignal(record.closed, timeout=2_000):
        assert record.erase() is True
    assert "c-new" not in ClientRepository(session).ids()
    session.lock()


def test_first_run_restore_from_a_backup(qtbot, vault_dir: Path, tmp_path: Path, runner) -> None:  # type: ignore[no-untyped-def]
    vault = _vault(vault_dir)
    session = vault.unlock("alex", PASSPHRASE)
    create_backup(session, tmp_path / "b.edb")
    session.lock()
    new = Vault(tmp_path / "new")
    wizard = FirstRunWizard(new, runner, CHEAP)
    qtbot.addWidget(wizard)
    restored = []

    def run(dialog: RestoreDialog):  # type: ignore[no-untyped-def]
        dialog.path.setText(str(tmp_path / "b.edb"))
        dialog.user.setText("alex")
        dialog.secret.setText(PASSPHRASE)
        with qtbot.waitSignal(dialog.accepted, timeout=10_000):
            dialog._on_ok()  # noqa: SLF001 - what the OK button does
        restored.append(dialog.session)
        return dialog.session

    wizard.run_restore_dialog = run
    wizard.show()
    wizard.welcome.restore.click()
    assert wizard.session is not None and wizard.result() == 1
    assert set(ClientRepository(wizard.session).ids()) == {"c-old", "c-new"}
    wizard.session.lock()
    assert new.exists()


def test_restore_dialog_says_a_wrong_passphrase(
    qtbot, vault_dir: Path, tmp_path: Path, runner
) -> None:  # type: ignore[no-untyped-def]
    vault = _vault(vault_dir)
    session = vault.unlock("alex", PASSPHRASE)
    create_backup(session, tmp_path / "b.edb")
    session.lock()
    dialog = RestoreDialog(Vault(tmp_path / "new"), runner)
    qtbot.addWidget(dialog)
    dialog.path.setText(str(tmp_path / "b.edb"))
    dialog.user.setText("alex")
    dialog.secret.setText("not the right passphrase")
    dialog._on_ok()  # noqa: SLF001
    _wait_idle(qtbot, runner)
    assert dialog.session is None and dialog.message.text()
    assert dialog.secret.text() == ""  # the secret does not stay in the field
    assert not (tmp_path / "new" / "vault.key").exists()


def test_window_removes_a_user_by_locking_then_rekeying(
    qtbot, vault_dir: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    vault = _vault(vault_dir)
    monkeypatch.setattr("exitdoors_desktop.ui.shell.main_window.QMessageBox.information",
                        lambda *a, **k: None)  # fmt: skip
    monkeypatch.setattr("exitdoors_desktop.ui.shell.main_window.QMessageBox.warning",
                        lambda *a, **k: pytest.fail(str(a[-1])))  # fmt: skip
    w = MainWindow(vault, load_definitions(), kdf=CHEAP, today=lambda: TODAY)
    qtbot.addWidget(w)
    w.show()
    try:
        with qtbot.waitSignal(w.unlocked, timeout=10_000):
            w.unlock_page.user.setCurrentText("alex")
            qtbot.keyClicks(w.unlock_page.passphrase, PASSPHRASE)
            w.unlock_page.button.click()
        qtbot.waitUntil(lambda: not w.runner.busy(), timeout=10_000)
        w.verify_runner.shutdown()  # let the background page check finish and close
        qtbot.wait(100)
        w.remove_user("vol", PASSPHRASE)
        assert w.session is None  # locked first
        qtbot.waitUntil(lambda: not w.runner.busy(), timeout=20_000)
        qtbot.wait(100)
        assert [u for u, _ in vault.users()] == ["alex"]
        vault.unlock("alex", PASSPHRASE).lock()
    finally:
        w.lock()
        for r in (w.runner, w.sync_runner, w.verify_runner):
            r.shutdown()
    QApplication.processEvents()
