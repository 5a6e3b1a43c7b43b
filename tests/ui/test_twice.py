"""Twice, not once (STYLE 24, issue 19): in one session opened by the first-run wizard, each
main action is done twice in a row and the second must work like the first — new client and
her record, a saved form, a reading, Settings, export CSV and PDF (with their notice), and
lock / unlock (the first lock ends the wizard's own session).

Not here: the group session editor twice (its fix is on another branch of issue 19), and the
caseload showing each change at once (also another branch)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QPushButton

from exitdoors_desktop.ui.caseload.view import NewClientDialog
from exitdoors_desktop.ui.record.widget import ClientRecordWidget
from exitdoors_desktop.ui.reports.page import ReportsPage
from exitdoors_desktop.ui.shell.first_run import FirstRunWizard
from exitdoors_desktop.ui.shell.main import build_window, first_run
from exitdoors_desktop.ui.shell.main_window import MainWindow
from exitdoors_desktop.ui.shell.settings_dialog import SettingsDialog
from tests.conftest import CHEAP, PASSPHRASE
from tests.ui.shell.conftest import TODAY

CONTACT = {
    "date": "2026-05-20",
    "contact_type": "individual_counselling",
    "location": "community",
    "participants": ["client"],
    "duration_minutes": 45,
    "note": "Talked about the housing list.",
}


def _new_client(qtbot, window: MainWindow, monkeypatch, name: str) -> ClientRecordWidget:  # type: ignore[no-untyped-def]
    def fake_exec(dialog: NewClientDialog) -> int:
        dialog.name.setText(name)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(NewClientDialog, "exec", fake_exec)
    ws = window.workspace
    assert ws is not None
    ws.new_client()  # Ctrl+N's path
    qtbot.waitUntil(lambda: ws.record is not None, timeout=5_000)
    record = ws.record
    assert record is not None and record.snapshot.client.preferred_name == name
    assert window.notice.text() == "New client added."  # and never her name
    return record


def _save_contact(qtbot, record: ClientRecordWidget, minutes: int) -> None:  # type: ignore[no-untyped-def]
    record.start_form("contact_note")
    editor = record.forms.editor
    assert editor.renderer is not None
    editor.renderer.set_answers({**CONTACT, "duration_minutes": minutes})
    editor.save_button.click()
    saved = editor.saved_response
    assert saved is not None and saved.answers["duration_minutes"] == minutes, editor.message
    assert any(r.id == saved.id for r in record.snapshot.responses)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is record.forms.response_list, timeout=2_000)


def _add_reading(qtbot, record: ClientRecordWidget, day: int) -> None:  # type: ignore[no-untyped-def]
    record.show_tab(record.scales)
    scales = record.scales
    area = scales.scale.areas[0].id
    before = scales.model.rowCount()
    scales.open_dialog = lambda: (TODAY.replace(day=day), {area: scales.scale.min + 1})
    scales.add_button.click()
    assert scales.model.rowCount() == before + 1


def _export(qtbot, window: MainWindow, tmp_path: Path, n: int) -> None:  # type: ignore[no-untyped-def]
    ws = window.workspace
    assert ws is not None
    labels = [ws.nav.item(i).text() for i in range(ws.nav.count())]
    ws.nav.setCurrentRow(labels.index("Reports"))
    page = ws.page("Reports")
    assert isinstance(page, ReportsPage)
    qtbot.waitUntil(lambda: page.report is not None, timeout=10_000)
    for fmt in ("csv", "pdf"):
        target = tmp_path / f"export{n}.{fmt}"
        page.choose_file = lambda _fmt, target=target: target
        button = page.findChild(QPushButton, f"report_export_{fmt}")
        assert button is not None
        with qtbot.waitSignal(page.report_exported, timeout=10_000):
            button.click()
        assert target.stat().st_size > 0
        assert window.notice.isVisible() and target.name in window.notice.text()


def _lock_and_unlock(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.locked, timeout=5_000):
        qtbot.keyClick(
            QApplication.focusWidget() or window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier
        )
    qtbot.waitUntil(lambda: not window.settings_button.isVisible(), timeout=2_000)
    page = window.unlock_page
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.passphrase, timeout=2_000)
    qtbot.keyClicks(page.passphrase, "not the passphrase at all")
    qtbot.keyClick(page.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "not right" in page.message.text(), timeout=10_000)
    with qtbot.waitSignal(window.unlocked, timeout=10_000):
        qtbot.keyClicks(page.passphrase, PASSPHRASE)
        qtbot.keyClick(page.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: window.settings_button.isVisible() and window.lock_button.isVisible(),
        timeout=2_000,
    )


def test_each_main_action_works_the_second_time(qtbot, vault_dir: Path, tmp_path: Path,
                                                monkeypatch) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    window = build_window(vault_dir, kdf=CHEAP, today=lambda: TODAY)
    qtbot.addWidget(window)

    def wizard_exec(wizard: FirstRunWizard) -> int:
        wizard.session, _ = wizard._vault.create("sam", PASSPHRASE, kdf=CHEAP)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(FirstRunWizard, "exec", wizard_exec)
    assert first_run(window, CHEAP)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2_000)
    settings_opened: list[int] = []
    monkeypatch.setattr(SettingsDialog, "exec", lambda d: settings_opened.append(1) or 0)
    try:
        for n in (1, 2):
            record = _new_client(qtbot, window, monkeypatch, f"Test Twice {n}")
            _save_contact(qtbot, record, 30 + n)
            _save_contact(qtbot, record, 40 + n)  # a second form in the same record
            _add_reading(qtbot, record, 1)
            _add_reading(qtbot, record, 2)
            _export(qtbot, window, tmp_path, n)
            window.settings_button.click()
            assert settings_opened == [1] * n
            _lock_and_unlock(qtbot, window)
            ws = window.workspace
            assert ws is not None
            qtbot.waitUntil(lambda n=n, ws=ws: ws.caseload.model.rowCount() == n, timeout=10_000)
    finally:
        window.lock()
        window.runner.shutdown()
        window.sync_runner.shutdown()
        window.verify_runner.shutdown()
