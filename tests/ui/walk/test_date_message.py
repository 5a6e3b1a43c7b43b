"""The impossible-date message (issue 19): in New client and in Change phase it shows whole,
and the date field keeps its height — in English and in French at 150 % on 1024×600."""

from __future__ import annotations

import pytest
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QWidget

from exitdoors_desktop.core.lifecycle import State
from exitdoors_desktop.ui.caseload.view import NewClientDialog
from exitdoors_desktop.ui.kit.date_input import DateInput
from exitdoors_desktop.ui.record.transition import TransitionDialog
from exitdoors_desktop.ui.shell.main_window import MainWindow
from tests.ui.shell.conftest import TODAY
from tests.ui.walk.test_screen_walk import _overlapping


def squashed(top: QWidget) -> list[str]:
    """Shown fields lower than they need and wrapped labels cut at the bottom."""
    bad = []
    for w in top.findChildren(QWidget):
        if not w.isVisibleTo(top):
            continue
        if (
            isinstance(w, QLineEdit)
            and not w.objectName().startswith("qt_")
            and w.height() < w.minimumSizeHint().height()
        ):
            bad.append(f"{w.objectName()} {w.height()} px high < {w.minimumSizeHint().height()}")
        if isinstance(w, QLabel) and w.wordWrap() and w.text():
            need = w.heightForWidth(w.width())
            if need > w.height() + 1:
                bad.append(f"label {w.text()[:40]!r} {w.height()} px high < {need}")
    return bad


def _impossible(date: DateInput) -> None:
    date.line.setFocus()
    date.line.setText("2026-02-30")
    date.line.editingFinished.emit()
    QApplication.processEvents()
    QTest.qWait(30)


@pytest.mark.parametrize("which", ["new client", "change phase"])
def test_the_impossible_date_message_shows_whole(
    qtbot, walk_window: MainWindow, long_vault, which: str
) -> None:  # type: ignore[no-untyped-def]
    window = walk_window
    ws = window.workspace
    assert ws is not None
    if which == "new client":
        dialog = NewClientDialog(window, TODAY)
        date = dialog.dob
    else:
        ws.open_client(long_vault[1])
        record = ws.record
        assert record is not None
        dialog = TransitionDialog(ws.ctx, record.store, record.snapshot.history, window)
        dialog.choose(State.CLOSED)
        date = next(d for d in dialog.findChildren(DateInput) if d.isVisibleTo(dialog))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    _impossible(date)
    assert date.message.isVisible() and date.message.text()
    found = squashed(dialog) + _overlapping(dialog)
    print(
        "SIZES",
        dialog.size(),
        dialog.sizeHint(),
        dialog.layout().totalHeightForWidth(dialog.width()),
        dialog.screen().availableGeometry(),
    )
    dialog.close()
    assert found == []
    least = dialog.minimumSizeHint()
    assert dialog.height() >= least.height() and dialog.width() >= least.width()
