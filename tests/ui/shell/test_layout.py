"""The window on a laptop: at 1024×600 and 1366×768, with a very long name, every page, record
tab and dialog fits: the minimum size is within the screen and no shown widget lies outside."""

from __future__ import annotations

import contextlib

import pytest
from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QDialog, QWidget
from pytestqt.exceptions import TimeoutError

from exitdoors_desktop.core.lifecycle import State
from exitdoors_desktop.ui.caseload.view import NewClientDialog
from exitdoors_desktop.ui.record.tabs.scales import AddReadingDialog
from exitdoors_desktop.ui.record.transition import TransitionDialog
from exitdoors_desktop.ui.shell.main_window import MainWindow
from exitdoors_desktop.ui.shell.settings_dialog import SettingsDialog
from tests.conftest import CHEAP
from tests.ui.shell.conftest import LONG_NAME, TODAY

SCREENS = [(1024, 600), (1366, 768)]
PAGES = ["Caseload", "Outreach", "Partners", "Reports", "Groups"]
TABS = ["Timeline", "Forms", "Phase plan", "Scales", "Referrals", "Consent"]


def outside(top: QWidget) -> list[str]:
    """Shown widgets (not scrolled content) whose rectangle leaves ``top``'s."""
    bounds = top.rect()
    bad = []
    for child in top.findChildren(QWidget):
        if not child.isVisibleTo(top) or child.isWindow():
            continue
        if _in_scrolled_content(child, top):
            continue
        rect = QRect(child.mapTo(top, QPoint(0, 0)), child.size())
        if not bounds.contains(rect):
            bad.append(f"{type(child).__name__}#{child.objectName()} {rect.getRect()}")
    return bad


def _in_scrolled_content(widget: QWidget, top: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not top:
        if isinstance(parent.parentWidget(), QAbstractScrollArea) and (
            parent is parent.parentWidget().viewport()  # type: ignore[attr-defined]
        ):
            return True
        parent = parent.parentWidget()
    return False


def fits(qtbot, top: QWidget, width: int, height: int) -> None:  # type: ignore[no-untyped-def]
    def least() -> QSize:
        return top.minimumSizeHint().expandedTo(top.minimumSize())

    # Layout requests climb one level per event round; on a busy machine that takes a while.
    with contextlib.suppress(TimeoutError):
        qtbot.waitUntil(lambda: least().width() <= width and least().height() <= height,
                        timeout=1500)  # fmt: skip
    hint = least()
    assert hint.width() <= width, f"needs {hint.width()} px wide"
    assert hint.height() <= height, f"needs {hint.height()} px high"
    top.resize(width, height)
    qtbot.waitUntil(lambda: top.width() == width and top.height() == height, timeout=1000)
    QApplication.processEvents()
    assert outside(top) == []


@pytest.mark.parametrize(("width", "height"), SCREENS)
@pytest.mark.parametrize("page", PAGES)
def test_every_page_fits(qtbot, window: MainWindow, page: str, width: int, height: int) -> None:  # type: ignore[no-untyped-def]
    ws = window.workspace
    assert ws is not None
    ws.nav.setCurrentRow(PAGES.index(page))
    fits(qtbot, window, width, height)


@pytest.mark.parametrize(("width", "height"), SCREENS)
def test_a_wide_page_once_visited_does_not_keep_the_window_wide(qtbot, window: MainWindow,
                                                                 width: int, height: int) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    ws = window.workspace
    assert ws is not None
    for row in range(len(PAGES)):
        ws.nav.setCurrentRow(row)
    ws.nav.setCurrentRow(0)
    fits(qtbot, window, width, height)


@pytest.mark.parametrize(("width", "height"), SCREENS)
def test_every_record_tab_fits_with_a_long_name(qtbot, window: MainWindow, long_vault,
                                                width: int, height: int) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    ws = window.workspace
    assert ws is not None
    ws.open_client(long_vault[1])
    record = ws.record
    assert record is not None
    for title in TABS:
        index = [record.tabs.tabText(i) for i in range(record.tabs.count())].index(title)
        record.tabs.setCurrentIndex(index)
        fits(qtbot, window, width, height)
    name = record.header.name
    assert name.text() == LONG_NAME
    assert name.toolTip() == LONG_NAME or name.shown_text() == LONG_NAME
    if width == 1024:
        assert name.shown_text().endswith("…")  # elided, whole in the tooltip
        assert name.toolTip() == LONG_NAME


def _dialogs(window: MainWindow, cid: str) -> list[QDialog]:
    ws = window.workspace
    assert ws is not None and window.session is not None
    ws.open_client(cid)
    record = ws.record
    ctx = ws.ctx
    new = NewClientDialog(window, TODAY)
    new.name.setText(LONG_NAME)
    move = TransitionDialog(ctx, record.store, record.snapshot.history, window)  # type: ignore[union-attr]
    move.choose(State.CLOSED)  # the longest note
    reading = AddReadingDialog(ctx.definitions.default_scale, TODAY, "en", None, window)
    settings = SettingsDialog(window.context(), window.runner, CHEAP, window)
    return [new, move, reading, settings]


@pytest.mark.parametrize(("width", "height"), SCREENS)
def test_every_dialog_fits(qtbot, window: MainWindow, long_vault, width: int, height: int) -> None:  # type: ignore[no-untyped-def]
    for dialog in _dialogs(window, long_vault[1]):
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        least = dialog.minimumSizeHint().expandedTo(dialog.minimumSize())
        assert least.width() <= width and least.height() <= height, dialog.objectName()
        # At the size it opens with, bounded by the screen (never below its minimum).
        size = dialog.sizeHint().boundedTo(dialog.maximumSize()).expandedTo(least)
        fits(qtbot, dialog, min(size.width(), width), min(size.height(), height))
        dialog.close()
