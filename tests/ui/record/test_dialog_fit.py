"""Change phase and Add a reading with a wrong date (issue 19 walk): one message, the dialog
grows to show it whole and within the screen, and shrinks back once the date is right."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QLabel, QWidget

from exitdoors_desktop.core.lifecycle import Reason, State
from exitdoors_desktop.ui.kit.style import set_text_size
from exitdoors_desktop.ui.record.tabs.scales import AddReadingDialog
from exitdoors_desktop.ui.record.transition import TransitionDialog
from tests.ui.record import test_record
from tests.ui.record.test_record import TODAY, open_record
from tests.ui.walk.test_date_message import squashed
from tests.ui.walk.test_screen_walk import _overlapping

# The record tests' fixtures: a context on today's vault and a client in phase 1.
ctx = test_record.ctx
client_id = test_record.client_id


def _shown_messages(dialog: QWidget, words: str) -> list[str]:
    return [
        label.text()
        for label in dialog.findChildren(QLabel)
        if label.isVisibleTo(dialog) and words in label.text()
    ]


def _type(qtbot, line, text: str) -> None:  # type: ignore[no-untyped-def]
    line.setFocus()
    line.selectAll()
    qtbot.keyClicks(line, text)


def _settle(qtbot) -> None:  # type: ignore[no-untyped-def]
    QApplication.processEvents()
    qtbot.wait(30)


def _fits(dialog: QDialog) -> list[str]:
    bad = squashed(dialog) + _overlapping(dialog)
    layout = dialog.layout()
    assert layout is not None
    need = layout.totalHeightForWidth(dialog.width())
    if dialog.height() < need:
        bad.append(f"dialog {dialog.height()} px high < {need} its content needs")
    return bad


def test_change_phase_defaults_to_today_and_says_a_wrong_date_once_then_shrinks_back(
    qtbot,
    ctx,
    client_id,
):  # type: ignore[no-untyped-def]
    w = open_record(qtbot, ctx, client_id)
    dialog = TransitionDialog(ctx, w.store, w.snapshot.history, w)
    qtbot.addWidget(dialog)
    assert dialog.date_edit.date() == TODAY  # today unless she says otherwise, still editable
    assert not dialog.date_edit.isReadOnly()
    dialog.choose(State.PHASE_2, Reason.GOALS_MET)
    dialog.show()
    qtbot.waitExposed(dialog)
    _settle(qtbot)
    before = dialog.height()
    for attempt in (1, 2):  # the second time too
        _type(qtbot, dialog.date_edit.line, "2026-02-30")
        qtbot.keyClick(dialog.date_edit.line, Qt.Key.Key_Return)  # Enter: Record the change
        _settle(qtbot)
        assert dialog.isVisible() and dialog.transition is None
        assert len(_shown_messages(dialog, "not a real date")) == 1, attempt
        assert _fits(dialog) == [], attempt
        assert dialog.height() > before
        _type(qtbot, dialog.date_edit.line, (TODAY - dt.timedelta(days=1)).isoformat())
        _settle(qtbot)
        assert _shown_messages(dialog, "not a real date") == []
        assert _fits(dialog) == []
        assert dialog.height() <= before + 2, (attempt, dialog.height(), before)  # no gaps left
    dialog.date_edit.clear()
    dialog.buttons.accepted.emit()
    _settle(qtbot)
    assert len(_shown_messages(dialog, "Enter the date")) == 1
    assert _fits(dialog) == []
    screen = dialog.screen().availableGeometry()
    assert QRect(screen).contains(dialog.frameGeometry()) or dialog.height() <= screen.height()


@pytest.fixture
def text_150(qapp):  # type: ignore[no-untyped-def]
    """The app's text at 150 %, as the walk sets it, restored afterwards."""
    before = qapp.font()
    set_text_size(150)
    yield
    qapp.setFont(before)


def test_add_reading_with_a_wrong_date_stays_on_the_screen_and_shrinks_back(qtbot, ctx, text_150):  # type: ignore[no-untyped-def]
    """At 1024×600 the date's message made the dialog taller than the screen: OK and Cancel
    were below its edge (issue 19 walk, s1024_12_reading_baddate.png)."""
    dialog = AddReadingDialog(ctx.definitions.default_scale, TODAY, "en", {"safety": 4})
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    _settle(qtbot)
    screen = dialog.screen().availableGeometry()
    assert screen.contains(dialog.frameGeometry()), (dialog.frameGeometry(), screen)
    before = dialog.height()
    cancel = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    for attempt in (1, 2):
        _type(qtbot, dialog.date_edit.line, "2026-02-30")
        qtbot.keyClick(dialog.date_edit.line, Qt.Key.Key_Tab)
        _settle(qtbot)
        assert len(_shown_messages(dialog, "not a real date")) == 1
        assert screen.contains(dialog.frameGeometry()), (attempt, dialog.frameGeometry(), screen)
        corner = cancel.mapTo(dialog, cancel.rect().bottomRight())
        assert dialog.rect().contains(corner), attempt  # OK and Cancel within the dialog
        _type(qtbot, dialog.date_edit.line, TODAY.isoformat())
        _settle(qtbot)
        assert _shown_messages(dialog, "not a real date") == []
        assert dialog.height() <= before + 2, (attempt, dialog.height(), before)
        assert screen.contains(dialog.frameGeometry())
