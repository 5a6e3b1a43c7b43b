"""The Reports screen's table models: one published table (label column, then the table's
own columns, with a tooltip saying what a protected cell means) and the caseload review."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import QWidget

from exitdoors_desktop.core.deidentify import COMPLEMENT_MARK
from exitdoors_desktop.core.lifecycle import State
from exitdoors_desktop.core.metrics import labels
from exitdoors_desktop.core.metrics.publish import ShownTable
from exitdoors_desktop.core.metrics.review import WorkerReview
from exitdoors_desktop.ui.kit import vocabulary
from exitdoors_desktop.ui.kit.context import AppContext
from exitdoors_desktop.ui.kit.formats import figure, money
from exitdoors_desktop.ui.kit.i18n import QT_TRANSLATE_NOOP, tr

Index = QModelIndex | QPersistentModelIndex


SORT_ROLE = Qt.ItemDataRole.UserRole + 1


def cell_meaning(text: str) -> str | None:
    """What a protected cell means, for its tooltip (the legend above says it once)."""
    if text.startswith("<"):
        return tr("A small count (from 1 to {m}), not shown exactly").format(
            m=int(text[1:]) - 1 if text[1:].isdigit() else "?"
        )
    if text == COMPLEMENT_MARK:
        return tr("Withheld so that a small count cannot be worked out by subtraction")
    if "–" in text:
        return tr("Protected: the exact figure lies in this range")
    return None


class ShownTableModel(QAbstractTableModel):
    """One de-identified table: a label column, then the table's own columns."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._table: ShownTable | None = None

    def set_table(self, table: ShownTable) -> None:
        self.beginResetModel()
        self._table = table
        self.endResetModel()

    def _rows(self) -> int:
        t = self._table
        return 0 if t is None else len(t.rows) + (1 if t.total is not None else 0)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._rows()

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self._table is None else 1 + len(self._table.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        t = self._table
        if t is None or not index.isValid() or not 0 <= index.row() < self._rows():
            return None
        if not 0 <= index.column() < self.columnCount():
            return None
        is_total = index.row() == len(t.rows)
        row = t.total if is_total else t.rows[index.row()]
        assert row is not None
        col = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole:
            align = Qt.AlignmentFlag.AlignLeft if col == 0 else Qt.AlignmentFlag.AlignRight
            return int(align | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return cell_meaning(row.cells[col - 1]) if col > 0 else None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return None
        if col == 0:
            if is_total:
                return tr("Total")
            if row.label is not None:
                return row.label
            ctx = self._ctx
            return labels.row_label(ctx.definitions, ctx.language, t.id, row.code, tr)
        text = row.cells[col - 1]
        if t.columns[col - 1] in ("operating_cost", "per_participant"):
            return money(text)
        return figure(text)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        t = self._table
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        if t is None or not 0 <= section < self.columnCount():
            return None
        if section == 0:
            return tr("Cycle") if t.id == "costs" else ""
        return labels.column_title(t.id, t.columns[section - 1], tr)


class ReviewTableModel(QAbstractTableModel):
    """The caseload review: one row per client, grouped by worker. Names: staff only."""

    HEADERS = (
        QT_TRANSLATE_NOOP("", "Worker"),
        QT_TRANSLATE_NOOP("", "Client"),
        QT_TRANSLATE_NOOP("", "Where"),
        QT_TRANSLATE_NOOP("", "Days in phase"),
        QT_TRANSLATE_NOOP("", "Needs attention"),
        QT_TRANSLATE_NOOP("", "Fidelity"),
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, ...]] = []
        self._ids: list[str] = []

    def set_review(self, workers: Sequence[WorkerReview], names: dict[str, str]) -> None:
        self.beginResetModel()
        self._rows, self._ids = [], []
        for w in workers:
            worker = names.get(w.worker_id or "", tr("Unassigned"))
            for ln in w.lines:
                days = "" if ln.days_in_phase is None else str(ln.days_in_phase)
                if days and ln.target_days:
                    days = f"{days} / {ln.target_days}"
                self._rows.append(
                    (
                        worker,
                        ln.name,
                        vocabulary.short_state(State(ln.state.value)) if ln.state else "",
                        days,
                        "; ".join(vocabulary.flag_word(f) for f in sorted(ln.flags)),
                        "; ".join(vocabulary.flag_word(f) for f in sorted(ln.fidelity)),
                    )
                )
                self._ids.append(ln.client_id)
        self.endResetModel()

    def client_id(self, row: int) -> str:
        return self._ids[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if not 0 <= index.column() < len(self.HEADERS):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._rows[index.row()][index.column()]
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        return tr(self.HEADERS[section]) if 0 <= section < len(self.HEADERS) else None
