"""Table columns that stay inside the table: no sideways scrolling to reach the last column
(the caseload's "À surveiller" at 150 % text on a 1024-wide laptop). Short columns get the
width of their contents; a long header wraps onto two lines rather than widen its column; the
name column takes what is left."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QHeaderView, QTableView

PAD = 16  # the header's padding
ARROW = 14  # the sort arrow
CELL_PAD = 22  # a cell's padding (style.qss: 6 px a side) and text margins (4 px a side)
CONTENT_ROWS = 60  # rows read for a column's width: those in view and a few more


class FittedColumns(QObject):
    """Installed on ``table``: on every resize and new rows, ``fit()`` sets the widths.

    ``stretch`` is the column that takes what is left (the name); ``least`` the least width
    it keeps before the others give up their one-line headers; ``give_way`` the columns hidden,
    in that order, when the others cannot all show whole."""

    def __init__(
        self, table: QTableView, stretch: int, least: int = 160, give_way: tuple[int, ...] = ()
    ) -> None:
        super().__init__(table)
        self._give_way = list(give_way)
        self._fitting = False
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
        # A column painted by a delegate is measured over this many rows (Qt's default reads
        # a thousand, and every row of a table not shown: seconds for 10,000 rows).
        table.horizontalHeader().setResizeContentsPrecision(CONTENT_ROWS)
        # Model changes refit once, when control is back in the event loop: a filter change
        # over 10,000 rows sends a rowsInserted for every run of rows it lets through, and a
        # fit for each took minutes (one search keystroke in bench/gui_bench.py, 137 s).
        self._refit = QTimer(self)
        self._refit.setSingleShot(True)
        self._refit.setInterval(0)
        self._refit.timeout.connect(self.fit)
        model = table.model()
        if model is not None:
            model.modelReset.connect(self._on_model_changed)
            model.layoutChanged.connect(self._on_model_changed)
            model.rowsInserted.connect(self._on_model_changed)
        table.horizontalHeader().sortIndicatorChanged.connect(self.fit)

    def _on_model_changed(self, *_args: object) -> None:
        self._refit.start()

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

    def _content_width(self, col: int) -> int:
        """The widest text of the rows in view (and a few more), plus the cell's padding; a
        column painted by its own delegate says its own width."""
        table = self._table
        model = table.model()
        if table.itemDelegateForColumn(col) is not None or model is None:
            return max(table.sizeHintForColumn(col), 0)
        first = max(0, table.rowAt(0))
        widest = 0
        for row in range(first, min(model.rowCount(), first + CONTENT_ROWS)):
            index = model.index(row, col)
            text = index.data(Qt.ItemDataRole.DisplayRole)
            if not text:
                continue
            font = index.data(Qt.ItemDataRole.FontRole)
            metrics = QFontMetrics(font) if isinstance(font, QFont) else table.fontMetrics()
            widest = max(widest, metrics.horizontalAdvance(str(text)))
        return widest + CELL_PAD if widest else 0

    def fit(self) -> None:
        table = self._table
        model = table.model()
        if model is None or self._fitting:
            return
        self._fitting = True
        try:
            room = table.viewport().width()
            if table.verticalScrollBar().isHidden():  # it may appear with the next rows
                room -= table.verticalScrollBar().sizeHint().width()
            # A column of least use gives way when the others cannot all show whole (the
            # caseload's last contact, at 150 % on a 1024-wide screen); it is back when wider.
            shown = [c for c in range(model.columnCount())]
            for hidden in [[], *[self._give_way[: n + 1] for n in range(len(self._give_way))]]:
                columns = [c for c in shown if c not in hidden]
                plan = self._plan(columns, room)
                if plan is not None or hidden == self._give_way:
                    break
            for c in shown:
                table.setColumnHidden(c, c in hidden)
            self._apply(columns, room, plan)
        finally:
            self._fitting = False

    def _sizes(self, columns: list[int]) -> tuple[dict[int, int], dict[int, int], dict[int, int]]:
        table = self._table
        metrics = self._header_metrics()
        sorted_by = table.horizontalHeader().sortIndicatorSection()
        sorting = table.isSortingEnabled()

        def pad(c: int) -> int:  # only the sorted column shows the sort arrow
            return PAD + (ARROW if sorting and c == sorted_by else 0)

        content = {c: self._content_width(c) for c in columns}
        one_line = {c: metrics.horizontalAdvance(self._title(c)) + pad(c) for c in columns}
        word = {
            c: max((metrics.horizontalAdvance(w) for w in self._title(c).split()), default=0)
            + pad(c)
            for c in columns
        }
        return content, one_line, word

    def _plan(self, columns: list[int], room: int) -> dict[int, int] | None:
        """Widths of the short columns when every one shows its contents whole, else None."""
        content, one_line, word = self._sizes(columns)
        last = columns[-1] if columns else -1
        fixed = [c for c in columns if c not in (self._stretch, last)]
        tail = word.get(last, 0) if last != self._stretch else 0
        want = {c: max(content[c], one_line[c]) for c in fixed}
        if sum(want.values()) + self._least + tail > room:
            want = {c: max(content[c], word[c]) for c in fixed}
        if sum(want.values()) + self._least + tail > room:
            return None
        return want

    def _apply(self, columns: list[int], room: int, plan: dict[int, int] | None) -> None:
        table = self._table
        content, one_line, word = self._sizes(columns)
        last = columns[-1] if columns else -1
        fixed = [c for c in columns if c not in (self._stretch, last)]
        tail = word.get(last, 0) if last != self._stretch else 0
        want = plan
        if want is None:  # still too wide: the short columns give up some width (elided)
            want = {c: max(content[c], word[c]) for c in fixed}
            over = sum(want.values()) + self._least + tail - room
            total = max(1, sum(want.values()))
            want = {c: max(word[c] // 2, v - over * v // total) for c, v in want.items()}
        for c in fixed:
            table.setColumnWidth(c, want[c])
        if self._stretch in columns and self._stretch != last:
            rest = room - sum(want.values()) - tail
            share = rest * 3 // 5 if last != self._stretch else rest
            table.setColumnWidth(self._stretch, max(self._least, min(share, rest)))
        metrics = self._header_metrics()
        lines = max((self._lines(c, metrics) for c in columns), default=1)
        table.horizontalHeader().setFixedHeight(metrics.lineSpacing() * lines + 14)

    def _lines(self, col: int, metrics: QFontMetrics) -> int:
        """How many lines the header of ``col`` needs at its width (words wrap, never cut)."""
        width = self._table.columnWidth(col) - PAD
        if (
            self._table.isSortingEnabled()
            and col == self._table.horizontalHeader().sortIndicatorSection()
        ):
            width -= ARROW
        lines, line = 1, ""
        for word in self._title(col).split():
            wider = f"{line} {word}" if line else word
            if line and metrics.horizontalAdvance(wider) > width:
                lines, line = lines + 1, word
            else:
                line = wider
        return lines
