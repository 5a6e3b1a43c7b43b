"""One table model for every list of rows, in the manner of Anki's browser table: a ``Column``
says its header, how a row is shown (and its tooltip, alignment, sort key); the model holds the
rows and answers Qt. Screens describe columns instead of writing a model each."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = int(Qt.ItemDataRole.UserRole) + 90  # what a QSortFilterProxyModel sorts by
ROW_ROLE = int(Qt.ItemDataRole.UserRole) + 91  # the row object itself


@dataclass(frozen=True)
class Column:
    """``header`` is called each time (so it is translated in the language of the moment);
    ``display`` turns a row into what the cell shows (text, or a number Qt formats);
    ``sort_key`` defaults to that."""

    header: Callable[[], str]
    display: Callable[[Any], object]
    sort_key: Callable[[Any], Any] | None = None
    tooltip: Callable[[Any], str | None] | None = None
    align: Qt.AlignmentFlag | None = None
    roles: Mapping[int, Callable[[Any], object]] = field(default_factory=dict)


class ColumnTableModel(QAbstractTableModel):
    """Rows of any kind, shown through ``columns``. ``roles`` answers extra roles for a whole
    row (an id, a kind) in every column."""

    def __init__(
        self,
        columns: Sequence[Column],
        parent: QObject | None = None,
        *,
        roles: Mapping[int, Callable[[Any], object]] | None = None,
    ) -> None:
        super().__init__(parent)
        self._columns: list[Column] = list(columns)
        self._rows: list[Any] = []
        self._roles = dict(roles or {})

    # -- rows and columns -------------------------------------------------------------------

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def set_columns(self, columns: Sequence[Column]) -> None:
        """For tables whose columns follow the data (one per scale area, say)."""
        self.beginResetModel()
        self._columns = list(columns)
        self.endResetModel()

    def rows(self) -> list[Any]:
        return list(self._rows)

    def row_at(self, row: int) -> Any:
        return self._rows[row]

    # -- Qt ---------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._columns)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._columns[section].header()
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if not 0 <= index.column() < len(self._columns):
            return None
        row, column = self._rows[index.row()], self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.display(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tooltip(row) if column.tooltip is not None else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(column.align) if column.align is not None else None
        if role == SORT_ROLE:
            return column.sort_key(row) if column.sort_key is not None else column.display(row)
        if role == ROW_ROLE:
            return row
        if role in column.roles:
            return column.roles[role](row)
        if role in self._roles:
            return self._roles[role](row)
        return None


__all__ = ["ROW_ROLE", "SORT_ROLE", "Column", "ColumnTableModel"]
