"""The Reports page fits a 1024×600 and a 1366×768 screen: beside the shell's 180 px navigation
(as in ui/shell/workspace.py) its minimum size fits, and no visible widget of the page lies
outside the window — the controls wrap onto two rows, a long cycle name does not widen it, and
the Group work tab (a tab more, a month-by-type table, a chart) fits too."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QWidget

from exitdoors_desktop.core.definitions import load_definitions
from exitdoors_desktop.core.metrics import CostCycle
from exitdoors_desktop.storage.report_data import save_cost_cycles
from exitdoors_desktop.ui.kit.context import AppContext
from exitdoors_desktop.ui.reports.page import ReportsPage
from tests.reports.cohort import write_to_vault
from tests.reports.test_group_report import _seed as seed_groups

NAV_WIDTH = 180  # ui/shell/workspace.py: self.nav.setFixedWidth(180)
LONG = "Anne-Sophie Bérénice Lefèbvre-Beauchesne de Saint-Jean-sur-Richelieu cycle"


def outside(window: QWidget, page: QWidget) -> list[str]:
    """Visible widgets of ``page`` whose geometry leaves the window."""
    frame = QRect(QPoint(0, 0), window.size())
    out = []
    for child in page.findChildren(QWidget):
        if not child.isVisibleTo(window) or child.window() is not window:
            continue
        if child.width() <= 0 or child.height() <= 0:
            continue
        top_left = child.mapTo(window, QPoint(0, 0))
        rect = QRect(top_left, child.size())
        # Widgets inside a scroll area may scroll out of view: judge their viewport instead.
        if _in_scroll_area(child):
            continue
        if not frame.contains(rect):
            out.append(f"{child.objectName() or type(child).__name__} {rect} in {frame}")
    return out


def _in_scroll_area(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if parent.objectName() in ("qt_scrollarea_viewport",):
            return True
        parent = parent.parentWidget()
    return False


@pytest.mark.parametrize("size", [(1024, 600), (1366, 768)])
def test_reports_page_fits(qtbot, session, size):
    write_to_vault(session)
    seed_groups(session)  # group work in 2026: a long month-by-type table and its chart
    save_cost_cycles(
        session, [CostCycle("long", LONG, dt.date(2018, 4, 1), dt.date(2019, 3, 31), 1000)]
    )
    ctx = AppContext(session, load_definitions(), lambda: dt.date(2023, 1, 15))
    window = QWidget()
    qtbot.addWidget(window)
    nav = QListWidget(window)
    nav.setFixedWidth(NAV_WIDTH)
    page = ReportsPage(ctx, window)
    row = QHBoxLayout(window)
    row.addWidget(nav)
    row.addWidget(page, 1)
    page.from_edit.set_date(dt.date(2017, 1, 1))
    page.to_edit.set_date(dt.date(2022, 12, 31))
    with qtbot.waitSignal(page.report_refreshed):
        window.resize(*size)
        window.show()
    qtbot.waitExposed(window)
    hint = window.minimumSizeHint()
    assert hint.width() <= size[0] and hint.height() <= size[1], hint
    assert (window.width(), window.height()) == size
    for tab in range(page.tabs.count()):
        page.tabs.setCurrentIndex(tab)
        qtbot.wait(10)
        assert outside(window, page) == [], (size, tab)
    for view in ("staff", "funder"):
        with qtbot.waitSignal(page.report_refreshed):
            page.view_combo.setCurrentIndex(page.view_combo.findData(view))
        assert window.minimumSizeHint().width() <= size[0]
        assert outside(window, page) == [], (size, view)
    page.tabs.setCurrentIndex(2)
    with qtbot.waitSignal(page.report_refreshed):
        page.to_edit.set_date(dt.date(2026, 6, 30))
        page.refresh()
    assert page.tabs.tabText(2).replace("&", "") == "Group work"
    assert page.models["group_sessions_by_month"].rowCount() == 8  # 7 in 2026, 1 in December 2025
    assert "group_sessions_by_month" in page.charts
    assert window.minimumSizeHint().width() <= size[0]
    assert outside(window, page) == [], (size, "groups")
