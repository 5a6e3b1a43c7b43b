"""Leaving a record, twice in a row (STYLE 24): by its Close button and by Escape, with a
form half typed. The typed text is kept as a draft, the caseload comes back with focus on her
row, and nothing reaches a Qt object already deleted (the log stays clean)."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from exitdoors_desktop.storage.program_repo import ResponseRepository
from exitdoors_desktop.ui.shell.main_window import MainWindow


def _open_with_typed_note(qtbot, window: MainWindow, cid: str, note: str):  # type: ignore[no-untyped-def]
    ws = window.workspace
    assert ws is not None
    ws.open_client(cid)
    record = ws.record
    assert record is not None
    editor = record.forms.editor
    editor.ask_resume = lambda _draft: True  # her draft from the time before goes on
    record.start_form("contact_note")
    assert editor.renderer is not None
    if note:
        editor.renderer.set_answers({"note": note})
        assert editor.is_dirty()
    return record


def _drafts(window: MainWindow, cid: str) -> list[str]:
    assert window.session is not None
    repo = ResponseRepository(window.session)
    return [str(d.answers.get("note")) for d in repo.for_client(cid, "contact_note", drafts=True)]


def test_closing_a_record_twice_keeps_drafts_and_logs_no_error(
    qtbot, window: MainWindow, long_vault, caplog
) -> None:  # type: ignore[no-untyped-def]
    _folder, cid = long_vault
    caplog.set_level(logging.WARNING)
    ws = window.workspace
    assert ws is not None
    for n in (1, 2):
        record = _open_with_typed_note(qtbot, window, cid, f"Synthetic note {n}")
        record.header.close_button.click()
        assert ws.record is None
        assert ws.stack.currentWidget() is ws.caseload
        qtbot.wait(50)  # deleteLater runs: the record and its editor are gone
        # Anything still holding the deleted editor would fail here: a lock flushes drafts.
        ws.save_drafts()
        ws.stop()
        assert _drafts(window, cid) == [f"Synthetic note {n}"]
    problems = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert problems == [], [r.getMessage() for r in problems]


def test_escape_leaves_a_record_twice_keeping_the_draft(
    qtbot, window: MainWindow, long_vault, caplog
) -> None:  # type: ignore[no-untyped-def]
    _folder, cid = long_vault
    caplog.set_level(logging.WARNING)
    ws = window.workspace
    assert ws is not None
    for n in (1, 2):
        record = _open_with_typed_note(qtbot, window, cid, f"Escaped note {n}")
        focus = QApplication.focusWidget() or record
        qtbot.keyClick(focus, Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda: ws.record is None, timeout=2_000)
        assert ws.stack.currentWidget() is ws.caseload
        qtbot.waitUntil(lambda: QApplication.focusWidget() is ws.caseload.table, timeout=2_000)
        # Back on her row (once the list has been read, if it was still being read).
        qtbot.waitUntil(lambda: ws.caseload.current_client_id() == cid, timeout=5_000)
        assert f"Escaped note {n}" in _drafts(window, cid)
        qtbot.wait(50)
    problems = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert problems == [], [r.getMessage() for r in problems]


def test_leaving_a_record_with_focus_in_a_typed_field_twice_logs_no_error(
    qtbot, window: MainWindow, long_vault, caplog
) -> None:  # type: ignore[no-untyped-def]
    """Leaving by another page (Ctrl+2), not by Close: the record is deleted with focus still
    in the field she typed in. Its focus-out must not reach the editor's deleted autosaver
    ("DraftAutosaver already deleted", seen once on the second close)."""
    _folder, cid = long_vault
    caplog.set_level(logging.WARNING)
    ws = window.workspace
    assert ws is not None
    for n in (1, 2):
        record = _open_with_typed_note(qtbot, window, cid, "")
        editor = record.forms.editor
        assert editor.renderer is not None
        record.show_tab(record.forms)
        field = editor.renderer._editors["note"].focus_widgets()[0]
        field.setFocus()
        qtbot.waitUntil(lambda: QApplication.focusWidget() is field, timeout=2_000)
        qtbot.keyClicks(field, f"Typed then left {n}")
        ws.show_page(1)  # another page: the record goes
        assert ws.record is None
        qtbot.wait(50)  # deleteLater runs
        assert any(f"Typed then left {n}" in d for d in _drafts(window, cid))
        ws.show_page(0)
    problems = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert problems == [], [r.getMessage() for r in problems]
