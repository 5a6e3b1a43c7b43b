"""The dialog where the program enters its cycles and their operating cost."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from exitdoors_desktop.core.errors import InvalidInput
from exitdoors_desktop.core.metrics import CostCycle
from exitdoors_desktop.storage.report_data import parse_money
from exitdoors_desktop.ui.kit.i18n import QT_TRANSLATE_NOOP, tr


class CostCyclesDialog(QDialog):
    """Enter the program's cycles and their operating cost (kept per vault, no client data)."""

    COLUMNS = (
        QT_TRANSLATE_NOOP("", "Name"),
        QT_TRANSLATE_NOOP("", "Start (YYYY-MM-DD)"),
        QT_TRANSLATE_NOOP("", "End (YYYY-MM-DD)"),
        QT_TRANSLATE_NOOP("", "Operating cost"),
    )

    def __init__(self, cycles: Sequence[CostCycle], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cost_cycles_dialog")
        self.setWindowTitle(tr("Program cycles and operating cost"))
        self._ids: list[str] = []
        self.table = QTableWidget(0, len(self.COLUMNS), self)
        self.table.setObjectName("cost_cycles_table")
        self.table.setHorizontalHeaderLabels([tr(c) for c in self.COLUMNS])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        for c in cycles:
            self.add_row(
                c.label, c.start.isoformat(), c.end.isoformat(), str(c.operating_cost), c.id
            )
        self.problem_label = QLabel(self)
        self.problem_label.setObjectName("cost_cycles_problem")
        add = QPushButton(tr("Add a cycle"), self)
        add.setObjectName("cost_cycles_add")
        add.clicked.connect(lambda: self.add_row())
        remove = QPushButton(tr("Remove the selected cycle"), self)
        remove.setObjectName("cost_cycles_remove")
        remove.clicked.connect(self._on_remove_clicked)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(row)
        layout.addWidget(self.problem_label)
        layout.addWidget(buttons)
        self.resize(720, 320)

    def add_row(
        self, label: str = "", start: str = "", end: str = "", cost: str = "", cid: str = ""
    ) -> None:
        r = self.table.rowCount()
        self.table.insertRow(r)
        for col, text in enumerate((label, start, end, cost)):
            self.table.setItem(r, col, QTableWidgetItem(text))
        self._ids.append(cid or str(uuid.uuid4()))

    def _on_remove_clicked(self) -> None:
        r = self.table.currentRow()
        if r >= 0:
            self.table.removeRow(r)
            del self._ids[r]

    def cycles(self) -> list[CostCycle]:
        """The cycles as entered; InvalidInput names the first row that does not read."""
        out = []
        for r in range(self.table.rowCount()):
            cells = [_text(self.table.item(r, c)) for c in range(4)]
            try:
                out.append(
                    CostCycle(
                        self._ids[r],
                        cells[0] or tr("Cycle {n}").format(n=r + 1),
                        dt.date.fromisoformat(cells[1]),
                        dt.date.fromisoformat(cells[2]),
                        parse_money(cells[3]),
                    )
                )
            except ValueError:
                raise InvalidInput(
                    tr("Row {n}: dates must read like 2024-04-01.").format(n=r + 1)
                ) from None
            except InvalidInput as exc:
                raise InvalidInput(tr("Row {n}: {problem}").format(n=r + 1, problem=exc)) from None
        return out

    def _on_buttons_accepted(self) -> None:
        try:
            self.cycles()
        except InvalidInput as exc:
            self.problem_label.setText(str(exc))
            return
        self.accept()


def _text(item: QTableWidgetItem | None) -> str:
    return item.text().strip() if item is not None else ""
