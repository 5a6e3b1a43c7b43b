"""The one column-based table model: headers, display, tooltip, alignment, sort key and row
roles come from Column objects; it passes qtmodeltester with rows, without, and after changes."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt

from exitdoors_desktop.ui.kit.table import ROW_ROLE, SORT_ROLE, Column, ColumnTableModel

ID_ROLE = int(Qt.ItemDataRole.UserRole) + 1
PEOPLE = [("b", "Test Bea", 31), ("a", "Test Ann", 9), ("c", "Test Cy", 100)]


def _model() -> ColumnTableModel:
    return ColumnTableModel(
        [
            Column(lambda: "Name", lambda p: p[1], tooltip=lambda p: f"{p[1]} ({p[0]})"),
            Column(
                lambda: "Age",
                lambda p: str(p[2]),
                sort_key=lambda p: p[2],
                align=Qt.AlignmentFlag.AlignRight,
            ),  # fmt: skip
        ],
        roles={ID_ROLE: lambda p: p[0]},
    )


def test_columns_drive_every_role(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = _model()
    qtmodeltester.check(model, force_py=True)  # empty
    model.set_rows(PEOPLE)
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == 3 and model.columnCount() == 2
    assert model.rowCount(model.index(0, 0)) == 0  # a table: no children
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(2)] == ["Name", "Age"]
    assert model.headerData(0, Qt.Orientation.Vertical) is None
    i = model.index(1, 0)
    assert i.data() == "Test Ann" and i.data(Qt.ItemDataRole.ToolTipRole) == "Test Ann (a)"
    assert i.data(ID_ROLE) == "a" and i.data(ROW_ROLE) == PEOPLE[1]
    age = model.index(1, 1)
    assert age.data(SORT_ROLE) == 9 and age.data(Qt.ItemDataRole.TextAlignmentRole) == int(
        Qt.AlignmentFlag.AlignRight
    )
    assert model.data(QModelIndex()) is None and model.row_at(2) == PEOPLE[2]


def test_sorting_uses_the_sort_key_not_the_text(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = _model()
    model.set_rows(PEOPLE)
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    proxy.sort(1)
    assert [proxy.index(r, 1).data() for r in range(3)] == ["9", "31", "100"]  # not "100" first
    model.set_columns([Column(lambda: "Only", lambda p: p[0])])
    qtmodeltester.check(model, force_py=True)
    assert model.columnCount() == 1
