"""Focus is never lost (issue 19): the unlock screen starts in the passphrase, a form opens in
its first field with Save after the fields, Add a reading opens in its date, every dialog
opens in its first field, and after a save or Change phase focus is on a named widget of the
record (the saved row, the Change phase button), not back at the toolbar."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QScrollArea,
    QTabBar,
    QWidget,
)

from exitdoors_desktop.core.definitions import load_definitions
from exitdoors_desktop.core.lifecycle import Reason, State
from exitdoors_desktop.storage.vault import Vault
from exitdoors_desktop.ui.kit.keys import first_tab_stop
from exitdoors_desktop.ui.record.tabs.scales import AddReadingDialog
from exitdoors_desktop.ui.record.transition import TransitionDialog
from exitdoors_desktop.ui.record.widget import ClientRecordWidget
from exitdoors_desktop.ui.shell.main_window import MainWindow
from tests.conftest import CHEAP
from tests.ui.shell.conftest import TODAY

CONTACT = {
    "date": "2026-05-20",
    "contact_type": "individual_counselling",
    "location": "community",
    "participants": ["client"],
    "duration_minutes": 45,
    "note": "Talked about the housing list.",
}


def _focused() -> QWidget | None:
    return QApplication.focusWidget()


def _active(qtbot, window: QWidget) -> None:  # type: ignore[no-untyped-def]
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2_000)


def _record(qtbot, window: MainWindow, cid: str) -> ClientRecordWidget:  # type: ignore[no-untyped-def]
    _active(qtbot, window)
    ws = window.workspace
    assert ws is not None
    ws.open_client(cid)
    assert ws.record is not None
    return ws.record


def test_the_unlock_screen_starts_in_the_passphrase(qtbot, long_vault) -> None:  # type: ignore[no-untyped-def]
    w = MainWindow(Vault(long_vault[0]), load_definitions(), kdf=CHEAP, today=lambda: TODAY)
    qtbot.addWidget(w)
    w.show()
    _active(qtbot, w)
    assert w.unlock_page.user.currentText() == "alex"  # the one user, preselected
    qtbot.waitUntil(lambda: _focused() is w.unlock_page.passphrase, timeout=2_000)
    w.runner.shutdown()


def test_a_new_form_opens_in_its_first_field_and_tab_reaches_save_after_the_fields(
    qtbot, window: MainWindow, long_vault
) -> None:  # type: ignore[no-untyped-def]
    record = _record(qtbot, window, long_vault[1])
    record.start_form("contact_note")
    editor = record.forms.editor
    renderer = editor.renderer
    assert renderer is not None
    fields = [w for w in renderer.focus_widgets() if w.isEnabled() and w.isVisibleTo(renderer)]
    qtbot.waitUntil(lambda: _focused() is fields[0], timeout=2_000)
    # Tab from the first field meets every field before Discard, Edit or Save.
    seen: list[QWidget] = []
    widget = fields[0].nextInFocusChain()
    buttons = {editor.discard_button, editor.edit_button, editor.save_button}
    while widget is not None and widget not in buttons and len(seen) < 500:
        seen.append(widget)
        widget = widget.nextInFocusChain()
    assert widget in buttons
    assert [f for f in fields[1:] if f not in seen] == []
    editor.close_form()


def test_saving_a_form_twice_focuses_the_saved_row_each_time(
    qtbot, window: MainWindow, long_vault
) -> None:  # type: ignore[no-untyped-def]
    record = _record(qtbot, window, long_vault[1])
    tab = record.forms
    for n in (1, 2):
        record.start_form("contact_note")
        assert tab.editor.renderer is not None
        tab.editor.renderer.set_answers({**CONTACT, "duration_minutes": 30 + n})
        tab.editor.save_button.setFocus()
        tab.editor.save_button.click()
        assert tab.editor.saved_response is not None, tab.editor.message.text()
        saved_id = tab.editor.saved_response.id
        qtbot.waitUntil(lambda: _focused() is tab.response_list, timeout=2_000)
        current = tab.response_list.currentIndex()
        assert tab.response_model.row_at(current.row())[0].id == saved_id, n


def test_add_a_reading_opens_in_its_date(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    scale = load_definitions().default_scale
    dialog = AddReadingDialog(scale, TODAY, "en", None, window)
    qtbot.addWidget(dialog)
    dialog.show()
    _active(qtbot, dialog)
    qtbot.waitUntil(lambda: _focused() is dialog.date_edit.line, timeout=2_000)
    assert dialog.date() == TODAY  # today by default, selected: a date typed replaces it
    qtbot.waitUntil(lambda: dialog.date_edit.line.selectedText() == TODAY.isoformat(),
                    timeout=2_000)  # fmt: skip
    qtbot.keyClicks(dialog.date_edit.line, "2026-05-02")
    assert dialog.date() == TODAY.replace(month=5, day=2)
    dialog.reject()


def test_a_saved_reading_takes_focus_to_its_row(qtbot, window: MainWindow, long_vault) -> None:  # type: ignore[no-untyped-def]
    record = _record(qtbot, window, long_vault[1])
    record.show_tab(record.scales)
    scales = record.scales
    area = scales.scale.areas[0].id
    for n in (1, 2):
        scales.open_dialog = lambda n=n: (TODAY.replace(day=n), {area: scales.scale.min + n})
        scales.add_button.setFocus()
        scales.add_button.click()
        qtbot.waitUntil(lambda: _focused() is scales.table, timeout=2_000)
        row = scales.table.currentIndex().row()
        assert scales.model.row_at(row).date == TODAY.replace(day=n)


def _first_field(dialog: QDialog) -> QWidget | None:
    """The first input in the dialog's Tab order (buttons, tab bars and scroll areas are not
    fields)."""
    start = first_tab_stop(dialog)
    widget = start
    while widget is not None:
        if not isinstance(widget, QAbstractButton | QTabBar | QScrollArea):
            return widget
        widget = widget.nextInFocusChain()
        while widget is not None and not (
            dialog.isAncestorOf(widget) and widget.isVisible() and widget.isEnabled()
            and widget.focusPolicy() & widget.focusPolicy().TabFocus and widget.focusProxy() is None
        ):  # fmt: skip
            widget = widget.nextInFocusChain()
            if widget is start:
                return None
        if widget is start:
            return None
    return None


def test_every_dialog_opens_in_its_first_field(qtbot, window: MainWindow, long_vault) -> None:  # type: ignore[no-untyped-def]
    from tests.ui.test_access_keys import _dialogs

    wrong: dict[str, str] = {}
    for dialog in _dialogs(window, long_vault[1]):
        qtbot.addWidget(dialog)
        dialog.show()
        _active(qtbot, dialog)
        qtbot.wait(20)
        first = _first_field(dialog)
        focused = _focused()
        if first is not None and focused is not first:
            wrong[dialog.objectName()] = (
                f"focus on {type(focused).__name__}#{focused.objectName() if focused else ''}, "
                f"first field {type(first).__name__}#{first.objectName()}"
            )
        dialog.close()
    assert wrong == {}


# Last: it archives the module's client (the dialogs above offer her a move to Closed).
def test_after_change_phase_or_archive_focus_stays_in_the_record(
    qtbot, window: MainWindow, long_vault
) -> None:  # type: ignore[no-untyped-def]
    record = _record(qtbot, window, long_vault[1])

    def move(dialog: TransitionDialog):  # type: ignore[no-untyped-def]
        dialog.choose(State.PHASE_1, Reason.CLIENT_REQUEST)
        dialog.set_date(TODAY)
        dialog.buttons.accepted.emit()
        return dialog.transition

    record.run_transition_dialog = move
    record.header.change_phase.setFocus()
    record.header.change_phase.click()
    assert record.snapshot.history[-1].to_state is State.PHASE_1
    qtbot.waitUntil(lambda: _focused() is record.header.change_phase, timeout=2_000)

    # Archive…: the button she pressed is gone afterwards; the closing note it offers has
    # focus in its first field.
    def archive(dialog: TransitionDialog):  # type: ignore[no-untyped-def]
        dialog.reason_combo.setCurrentIndex(dialog.reason_combo.findData(Reason.MOVED.value))
        dialog.set_date(TODAY)
        dialog.buttons.accepted.emit()
        return dialog.transition

    record.run_transition_dialog = archive
    record.header.archive_button.setFocus()
    record.header.archive_button.click()
    assert record.snapshot.history[-1].to_state is State.CLOSED
    assert record.header.archive_button.isHidden()
    renderer = record.forms.editor.renderer
    assert renderer is not None
    fields = [w for w in renderer.focus_widgets() if w.isEnabled() and w.isVisibleTo(renderer)]
    qtbot.waitUntil(lambda: _focused() is fields[0], timeout=2_000)
    record.forms.editor.close_form()


def test_ctrl_tab_through_every_record_tab_twice_keeps_focus_in_the_record(
    qtbot, window: MainWindow, long_vault
) -> None:  # type: ignore[no-untyped-def]
    """A tab with nothing focusable (the plan, an empty referrals list) once sent focus to
    the toolbar, where Ctrl+Tab no longer changed tabs."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    record = _record(qtbot, window, long_vault[1])
    count = record.tabs.count()
    # Start inside a tab's page (as after reading her timeline): its widget hides at each move.
    page = record.tabs.currentWidget()
    inner = next(w for w in page.findChildren(QWidget)
                 if w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.isVisible())  # fmt: skip
    inner.setFocus()
    qtbot.waitUntil(lambda: _focused() is inner, timeout=2_000)
    for step in range(1, 2 * count + 1):
        focus = _focused()
        assert focus is not None
        QTest.keyClick(focus, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda s=step: record.tabs.currentIndex() == s % count, timeout=2_000)
        qtbot.waitUntil(lambda: _focused() is not None and record.isAncestorOf(_focused()),
                        timeout=2_000)  # fmt: skip
