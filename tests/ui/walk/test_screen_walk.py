"""The screen walk (issue 19, STYLE 25 "fit is a test, not a look"): every page, record tab and
dialog, at 1024×600 and 1366×768, in English and French, at 100 % and 150 % text. On each: the
window (sized to the screen) needs no more than the screen, no shown control lies outside it or
needs a sideways scroll, no button or drop-down cuts its text, and French shows no English word
of the vocabulary. One unlocked window serves both screen sizes of a language and text size."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QHeaderView,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QStatusBar,
    QTabBar,
    QTableView,
    QTabWidget,
    QToolBar,
    QWidget,
)

from exitdoors_desktop.ui.groups.editor import SessionEditorDialog
from exitdoors_desktop.ui.groups.series import SeriesDialog
from exitdoors_desktop.ui.partners.page import PartnerDialog
from exitdoors_desktop.ui.record.erase import EraseDialog
from exitdoors_desktop.ui.reports.cycles import CostCyclesDialog
from exitdoors_desktop.ui.shell.durability import RestoreDialog
from exitdoors_desktop.ui.shell.first_run import JoinDialog
from exitdoors_desktop.ui.shell.main_window import MainWindow
from exitdoors_desktop.ui.shell.unlock import RecoveryDialog
from exitdoors_desktop.ui.shell.users import AddUserDialog
from exitdoors_desktop.ui.sync.view import ConflictsDialog
from tests.conftest import CHEAP
from tests.ui.i18n.test_french_walk import english_in
from tests.ui.i18n.texts import columns_of, rows_of, shown_texts
from tests.ui.shell.test_keyboard import _dialogs
from tests.ui.shell.test_layout import outside

SCREENS = [(1024, 600), (1366, 768)]
WALKED: dict[str, int] = {}
KEPT: list[QDialog] = []
STARTED = time.monotonic()
CELL_SLACK = 16  # a cell's text margins and style.qss padding, less a little rounding


def _settle(top: QWidget, width: int, height: int) -> None:
    top.resize(width, height)
    for _ in range(20):  # layout requests climb one level per event round
        QTest.qWait(5)
        if top.width() == width and top.height() == height:
            break
    QApplication.processEvents()


def _sideways(top: QWidget) -> list[str]:
    """Shown scroll areas that scroll sideways (a control reached only by scrolling right)."""
    return [
        f"{type(a).__name__}#{a.objectName()} scrolls sideways"
        for a in top.findChildren(QAbstractScrollArea)
        if a.isVisibleTo(top) and a.horizontalScrollBar().isVisible()
    ]


def _cut(top: QWidget) -> list[str]:
    """Buttons and drop-downs whose own text does not fit them (cut or elided)."""
    bad = []
    for w in top.findChildren(QWidget):
        if not w.isVisibleTo(top) or w.width() <= 0:
            continue
        if isinstance(w, QPushButton) and w.text():
            need = w.fontMetrics().horizontalAdvance(w.text().replace("&", "")) + 8
            if need > w.width():
                bad.append(f"button {w.text()!r} {w.width()} px < {need}")
        elif isinstance(w, QComboBox) and w.currentText() and not w.isEditable():
            need = w.fontMetrics().horizontalAdvance(w.currentText()) + 28
            if need > w.width():
                bad.append(f"combo {w.objectName()} {w.currentText()!r} {w.width()} px < {need}")
    return bad


# Parents whose children overlap by design (a field's clear button, a spin box's arrows, the
# pages of a stack, a scroll area's bars, a splitter's handles, a table's headers).
OWN_CHILDREN = (QAbstractScrollArea, QAbstractSpinBox, QComboBox, QLineEdit, QTabWidget, QTabBar,
                QStackedWidget, QSplitter, QToolBar, QStatusBar, QMainWindow, QHeaderView)  # fmt: skip


def _overlapping(top: QWidget) -> list[str]:
    """Shown widgets side by side or one above the other that cover each other: a layout
    squeezed below its least size (a line of buttons under a banner). Children are compared
    by their geometry only: reading layout items from Python leaves wrappers of items Qt
    deletes later, which corrupts later lookups."""
    bad = []
    for parent in [top, *top.findChildren(QWidget)]:
        if isinstance(parent, OWN_CHILDREN) or not parent.isVisibleTo(top):
            continue
        if parent.layout() is None:
            continue
        shown = [
            w for w in parent.children()
            if isinstance(w, QWidget) and w.isVisibleTo(top) and not w.isWindow()
        ]  # fmt: skip
        rects = [(w, w.geometry().adjusted(1, 1, -1, -1)) for w in shown]
        for i, (a, ra) in enumerate(rects):
            for b, rb in rects[i + 1 :]:
                if ra.intersects(rb):
                    bad.append(f"{_name(a)} overlaps {_name(b)}")
    return bad


def _name(w: QWidget) -> str:
    text = getattr(w, "text", None)
    label = text() if callable(text) else ""
    return f"{type(w).__name__}#{w.objectName()}" + (f" {label[:30]!r}" if label else "")


def _cut_cells(top: QWidget) -> list[str]:
    """Table cells whose text is cut although it is plain text in a column of its own (columns
    painted by their own delegate — names, flag chips — elide on purpose, whole in a tooltip)."""
    bad = []
    for view in top.findChildren(QTableView):
        if not view.isVisibleTo(top) or view.model() is None:
            continue
        model = view.model()
        first = max(0, view.rowAt(0))
        columns = columns_of(model)
        for row in range(first, min(rows_of(model), first + 12)):
            for col in range(columns):
                if view.isColumnHidden(col) or view.itemDelegateForColumn(col) is not None:
                    continue
                text = model.index(row, col).data(Qt.ItemDataRole.DisplayRole)
                if not isinstance(text, str) or not text or "\n" in text:
                    continue
                font = model.index(row, col).data(Qt.ItemDataRole.FontRole)
                metrics = QFontMetrics(font) if isinstance(font, QFont) else view.fontMetrics()
                need = metrics.horizontalAdvance(text) + CELL_SLACK
                if need > view.columnWidth(col) and col != columns - 1:
                    bad.append(f"{view.objectName()} cell {text!r} {view.columnWidth(col)} px")
    return bad


def more_dialogs(w: MainWindow, cid: str) -> list[tuple[str, QDialog]]:
    """The dialogs beyond test_keyboard's four: erase, users, partners, cycles, group work,
    conflicts, and the unlock screen's recovery, restore and join."""
    ws = w.workspace
    assert ws is not None and w.session is not None
    ctx = ws.ctx
    groups = ws.page(ws.nav.item(ws.nav.count() - 1).text())  # Groups, the last page
    choices = groups.choices([])  # type: ignore[attr-defined]
    return [
        ("Erase", EraseDialog(ctx, cid, w)),
        ("Add user", AddUserDialog(["alex"], w)),
        ("Partner", PartnerDialog(ctx.definitions, ctx.language, None, w)),
        ("Cost cycles", CostCyclesDialog([], w)),
        ("Group series", SeriesDialog(ctx, w)),
        ("Group session", SessionEditorDialog(ctx, choices, None, [], w)),
        ("Conflicts", ConflictsDialog(w.session, w)),
        ("Recovery", RecoveryDialog(w.vault, w.runner, CHEAP, ["alex"], w)),
        ("Restore", RestoreDialog(w.vault, w.runner, w)),
        ("Join", JoinDialog(w.runner, w)),
    ]


def check(name: str, top: QWidget, width: int, height: int, french: bool) -> list[str]:
    """Everything wrong with ``top`` on a width×height screen, each line naming the screen."""
    found: list[str] = []
    _settle(top, width, height)
    least = top.minimumSizeHint().expandedTo(top.minimumSize())
    if least.width() > width or least.height() > height:
        found.append(f"needs {least.width()}×{least.height()}")
    found += outside(top) + _sideways(top) + _cut(top) + _overlapping(top) + _cut_cells(top)
    if french:
        found += english_in(shown_texts(top))
    WALKED[f"{name} {width}"] = WALKED.get(f"{name} {width}", 0) + 1
    return [f"{name} at {width}×{height}: {line}" for line in found]


@pytest.mark.parametrize(("width", "height"), SCREENS, ids=["1024x600", "1366x768"])
def test_every_screen_fits(walk_window: MainWindow, long_vault, width: int, height: int) -> None:  # noqa: F811
    w = walk_window
    language, percent = w.walk_setting  # type: ignore[attr-defined]
    french = language == "fr"
    ws = w.workspace
    assert ws is not None
    found: list[str] = []
    for row in range(ws.nav.count()):
        ws.nav.setCurrentRow(row)
        found += check(f"page {ws.nav.item(row).text()}", w, width, height, french)
    ws.open_client(long_vault[1])
    record = ws.record
    assert record is not None
    for index in range(record.tabs.count()):
        record.tabs.setCurrentIndex(index)
        found += check(f"tab {record.tabs.tabText(index)}", w, width, height, french)
    for form_id in ws.ctx.definitions.forms.ids():  # each form open in the Forms tab
        record.start_form(form_id)
        found += check(f"form {form_id}", w, width, height, french)
        record.forms.editor.discard_draft()
    for name, dialog in [*_dialogs(w, long_vault[1]), *more_dialogs(w, long_vault[1])]:
        dialog.show()
        QTest.qWait(10)
        least = dialog.minimumSizeHint().expandedTo(dialog.minimumSize())
        size = dialog.sizeHint().expandedTo(least).boundedTo(QSize(width, height))
        found += check(f"dialog {name}", dialog, size.width(), size.height(), french)
        dialog.close()
        KEPT.append(dialog)  # closed, not deleted mid-walk: they go with the window
    ws.nav.setCurrentRow(0)
    print(f"SCREEN WALK {language} {percent} % {width}×{height}: {len(WALKED)} screens; "
          f"{sum(WALKED.values())} checks so far in {time.monotonic() - STARTED:.1f} s")  # fmt: skip
    assert found == [], "\n".join(found)


def test_walk_size() -> None:
    """The walk's size, for the record (run after the walk): screens × sizes × languages ×
    text sizes."""
    if not WALKED:
        pytest.skip("the walk did not run in this session")
    runs = len(SCREENS) * 2 * 2
    print(f"SCREEN WALK SIZE: {sum(WALKED.values()) // runs} screens × {len(SCREENS)} sizes "
          f"× 2 languages × 2 text sizes = {sum(WALKED.values())} screen checks, "
          f"{time.monotonic() - STARTED:.1f} s")  # fmt: skip
