"""Table columns that stay inside the table: no sideways scrolling to reach the last column
(the caseload's "À surveiller" at 150 % text on a 1024-wide laptop). Short columns get the
width of their contents; a long header wraps onto two lines rather than widen its column; the
name column takes what is left."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QHeaderView, QTableView

PAD = 28  # cell padding plus the sort arrow


class FittedColumns(QObject):
    """Installed on ``table``: on every resize and new rows, ``fit()`` sets the widths.

    ``stretch`` is the column that takes what is left (the name); ``least`` the least width
    it keeps before the others give up their one-line headers."""

    def __init__(self, table: QTableView, stretch: int, least: int = 160) -> None:
        super().__init__(table)
        self._table = table
        self._stretch = stretch
        self._least = least
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setDefaultAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap
        )
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        table.viewport().installEventFilter(self)
        model = table.model()
        if model is not None:
            model.modelReset.connect(self.fit)
            model.layoutChanged.connect(self.fit)
            model.rowsInserted.connect(self.fit)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def _header_metrics(self) -> QFontMetrics:
        bold = QFont(self._table.horizontalHeader().font())
        bold.setBold(True)
        return QFontMetrics(bold)

    def _title(self, col: int) -> str:
        model = self._table.model()
        return str(model.headerData(col, Qt.Orientation.Horizontal) or "") if model else ""

    def fit(self) -> None:
        table = self._table
        model = table.model()
        if model is None:
            return
        columns = [c for c in range(model.columnCount()) if not table.isColumnHidden(c)]
        last = columns[-1] if columns else -1
        room = table.viewport().width()
        metrics = self._header_metrics()
        content = {c: max(table.sizeHintForColumn(c), 0) for c in columns}
        one_line = {c: metrics.horizontalAdvance(self._title(c)) + PAD for c in columns}
        word = {
            c: max((metrics.horizontalAdvance(w) for w in self._title(c).split()), default=0) + PAD
            for c in columns
        }
        fixed = [c for c in columns if c not in (self._stretch, last)]
        want = {c: max(content[c], one_line[c]) for c in fixed}
        wrapped = False
        # The last column (stretched by the header) keeps at least its header's longest word.
        tail = word.get(last, 0) if last != self._stretch else 0
        if sum(want.values()) + self._least + tail > room:
            want = {c: max(content[c], word[c]) for c in fixed}
            wrapped = True
        over = sum(want.values()) + self._least + tail - room
        if over > 0 and want:  # still too wide: the short columns give up some width (elided)
            total = sum(want.values())
            want = {c: max(word[c] // 2, v - over * v // total) for c, v in want.items()}
        for c in fixed:
            table.setColumnWidth(c, want[c])
        if self._stretch in columns and self._stretch != last:
            rest = room - sum(want.values()) - tail
            share = rest * 3 // 5 if last in content else rest
            table.setColumnWidth(self._stretch, max(self._least, min(share, rest)))
        wrapped = wrapped or any(table.columnWidth(c) < one_line[c] for c in columns if c != last)
        lines = 2 if wrapped else 1
        header = table.horizontalHeader()
        header.setFixedHeight(metrics.lineSpacing() * lines + 14)
