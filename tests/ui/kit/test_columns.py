"""FittedColumns: when a long header wraps onto two lines, the rows start below it (issue 19
walk, s1024_03: the caseload's first row was half under its header at first display and after
every unlock, until a search laid the table out again)."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QTableView

from exitdoors_desktop.ui.kit.columns import FittedColumns
from exitdoors_desktop.ui.kit.table import Column, ColumnTableModel

ROWS = [(f"Test Person {n}", "Phase 1", "12 / 91", "2026-05-01", "2026-06-01") for n in range(30)]


def _table(qtbot) -> QTableView:  # type: ignore[no-untyped-def]
    titles = ("Name", "Phase", "Days in phase", "Last contact", "Next contact")
    model = ColumnTableModel(
        [Column(lambda t=t: t, lambda r, i=i: r[i]) for i, t in enumerate(titles)]
    )
    model.set_rows(ROWS)
    table = QTableView()
    qtbot.addWidget(table)
    # Its own font: the app's text size is whatever an earlier test in this process left.
    font = QFont("DejaVu Sans")
    font.setPointSizeF(10)
    table.setFont(font)
    table.horizontalHeader().setFont(font)
    table.setModel(model)
    table.verticalHeader().hide()
    table.columns = FittedColumns(table, 0, least=120)  # type: ignore[attr-defined]
    return table


def test_rows_start_below_a_header_that_wrapped(qtbot) -> None:  # type: ignore[no-untyped-def]
    table = _table(qtbot)
    table.resize(900, 400)
    table.show()
    qtbot.waitExposed(table)
    QApplication.processEvents()
    header = table.horizontalHeader()
    one_line = header.height()
    for width in (430, 900, 430):  # narrower (the header wraps), wider, narrower again
        table.resize(width, 400)
        QApplication.processEvents()
        qtbot.wait(20)
        if width == 430:
            assert header.height() > one_line, "the header should wrap at this width"
        top = table.viewport().geometry().top()
        assert top >= header.geometry().bottom() + 1, (width, top, header.geometry())
        assert table.rowAt(0) == 0 and table.rowViewportPosition(0) == 0


def test_rows_start_below_a_header_that_wrapped_when_rows_arrived(qtbot) -> None:  # type: ignore[no-untyped-def]
    """As after an unlock: the table is shown at its size, then its rows arrive (no resize)
    and their widths make a header wrap. Over a range of widths (the text size differs from
    run to run), at least one of which wraps the header only once the rows are in."""
    table = _table(qtbot)
    model = table.model()
    assert isinstance(model, ColumnTableModel)
    table.show()
    qtbot.waitExposed(table)
    header = table.horizontalHeader()
    wrapped_by_rows = 0
    bad = []
    for width in range(300, 1000, 5):
        model.set_rows([])
        table.resize(width, 400)
        QApplication.processEvents()
        qtbot.wait(5)
        empty_height = header.height()
        model.set_rows(ROWS)
        QApplication.processEvents()
        qtbot.wait(5)
        wrapped_by_rows += header.height() > empty_height
        top = table.viewport().geometry().top()
        if top < header.geometry().bottom() + 1:
            bad.append(
                f"{width} px: rows start at {top}, header ends at {header.geometry().bottom()}"
            )
    assert wrapped_by_rows, "no width wrapped the header once the rows came: no test"
    assert bad == []
