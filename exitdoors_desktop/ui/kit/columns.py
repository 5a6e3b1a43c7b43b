"""Table columns that stay inside the table: no sideways scrolling to reach the last column
(the caseload's "À surveiller" at 150 % text on a 1024-wide laptop). The stretch column (her
name) comes first: it keeps its least width before anything else; then the last column keeps
what it must show (a delegate says how much: the first flag chip); then short columns get the
width of their contents, a long header wrapping onto two lines rather than widening its column;
columns of least use give way (hidden) before any of that is given up."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QHeaderView, QStyledItemDelegate, QTableView

PAD = 16  # the header's padding
ARROW = 14  # the sort arrow
CELL_PAD = 22  # a cell's padding (style.qss: 6 px a side) and text margins (4 px a side)
CONTENT_ROWS = 60  # rows read for a column's width: those in view and a few more

Index = QModelIndex | QPersistentModelIndex
Sizes = tuple[dict[int, int], dict[int, int], dict[int, int]]


class FittingDelegate(QStyledItemDelegate):
    """A delegate that can paint its cell usefully in less than its whole width (the flag
    chips: the first chip whole, the others counted); ``least_width`` says how little."""

    def least_width(self, font: QFont, index: Index) -> int:
        return 0


class FittedColumns(QObject):
    """Installed on ``table``: on every resize and new rows, ``fit()`` sets the widths.

    ``stretch`` is the column that takes what is left (the name); ``least`` the least width
    it keeps, at least ``least_text`` whole (a long hyphenated name, measured in the table's
    font, so it follows the text size); ``give_way`` the columns hidden, in that order, when
    the others cannot all show whole at their least."""

    def __init__(
        self,
        table: QTableView,
        stretch: int,
        least: int = 160,
        give_way: tuple[int, ...] = (),
        least_text: str = "",
    ) -> None:
        super().__init__(table)
        self._give_way = list(give_way)
        self._fitting = False
        self._table = table
        self._stretch = stretch
        self._least = least
        self._least_text = least_text
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

    def _rows_in_view(self) -> range:
        model = self._table.model()
        first = max(0, self._table.rowAt(0))
        return range(first, min(model.rowCount() if model else 0, first + CONTENT_ROWS))

    def _content_width(self, col: int) -> int:
        """The widest text of the rows in view (and a few more), plus the cell's padding; a
        column painted by its own delegate says its own width."""
        table = self._table
        model = table.model()
        if table.itemDelegateForColumn(col) is not None or model is None:
            return max(table.sizeHintForColumn(col), 0)
        widest = 0
        for row in self._rows_in_view():
            index = model.index(row, col)
            text = index.data(Qt.ItemDataRole.DisplayRole)
            if not text:
                continue
            font = index.data(Qt.ItemDataRole.FontRole)
            metrics = QFontMetrics(font) if isinstance(font, QFont) else table.fontMetrics()
            widest = max(widest, metrics.horizontalAdvance(str(text)))
        return widest + CELL_PAD if widest else 0

    def _least_width(self) -> int:
        """What the stretch column keeps: ``least``, and ``least_text`` whole."""
        if not self._least_text:
            return self._least
        text = self._table.fontMetrics().horizontalAdvance(self._least_text) + CELL_PAD
        return max(self._least, text)

    def _floor(self, col: int, word: dict[int, int]) -> int:
        """The least width of the last column: its header's longest word, and what its
        delegate must show (the first flag chip) on the rows in view."""
        table = self._table
        model = table.model()
        delegate = table.itemDelegateForColumn(col)
        least = word.get(col, 0)
        if isinstance(delegate, FittingDelegate) and model is not None:
            font = table.font()
            for row in self._rows_in_view():
                least = max(least, delegate.least_width(font, model.index(row, col)))
        return least

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
            shown = list(range(model.columnCount()))
            sizes = self._sizes(shown)
            # A column of least use gives way when the others cannot all show whole at their
            # least (the caseload's last contact, at 150 % on a 1024-wide screen); it is back
            # when wider.
            hidden: list[int] = []
            for hidden in [[], *[self._give_way[: n + 1] for n in range(len(self._give_way))]]:
                columns = [c for c in shown if c not in hidden]
                plan = self._plan(columns, room, sizes)
                if plan is not None:
                    break
            else:
                plan = self._squeeze(columns, room, sizes)
            for c in shown:
                table.setColumnHidden(c, c in hidden)
            for c, width in plan.items():
                table.setColumnWidth(c, width)
            metrics = self._header_metrics()
            lines = max((self._lines(c, metrics) for c in columns), default=1)
            header = table.horizontalHeader()
            height = metrics.lineSpacing() * lines + 14
            if header.height() != height or header.minimumHeight() != height:
                header.setFixedHeight(height)
                # The rows start below the header only once the table lays itself out again
                # (it reads the header's height then): without this a header that wrapped
                # after the rows came in lay over the first row until the next resize or search.
                table.updateGeometries()
        finally:
            self._fitting = False

    def _sizes(self, columns: list[int]) -> Sizes:
        """Per column: its contents' width, its header's on one line, its header's longest
        word (the least a wrapped header needs)."""
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

    def _parts(self, columns: list[int]) -> tuple[int | None, int, list[int]]:
        """The stretch column (None when hidden, or when it is the last), the last column,
        and the others."""
        last = columns[-1] if columns else -1
        stretch = self._stretch if self._stretch in columns and self._stretch != last else None
        return stretch, last, [c for c in columns if c not in (stretch, last)]

    def _plan(self, columns: list[int], room: int, sizes: Sizes) -> dict[int, int] | None:
        """The widths (all but the last column, which takes what is left) when the stretch
        column keeps its least, the last its floor and every other column its contents whole
        under a wrapped header; else None. Room to spare goes, in this order, to the whole
        stretch column (her whole name), the last column's whole contents (every chip), the
        short columns' headers on one line, and then the stretch and last columns."""
        content, one_line, word = sizes
        stretch, last, fixed = self._parts(columns)
        widths = {c: max(content[c], word[c]) for c in fixed}
        least = self._least_width()
        name = least if stretch is not None else 0
        tail = self._floor(last, word) if last != self._stretch else least
        spare = room - sum(widths.values()) - name - tail
        if spare < 0:
            return None
        if stretch is not None:
            grow = min(spare, max(0, content[stretch] - name))
            name, spare = name + grow, spare - grow
        if last >= 0:
            spare -= min(spare, max(0, max(content[last], one_line[last]) - tail))
        for c in fixed:
            more = max(content[c], one_line[c]) - widths[c]
            if 0 < more <= spare:
                widths[c], spare = widths[c] + more, spare - more
        if stretch is not None:
            widths[stretch] = name + spare * 3 // 5
        return widths

    def _squeeze(self, columns: list[int], room: int, sizes: Sizes) -> dict[int, int]:
        """Still too wide with every column of least use hidden: the short columns give up
        width (their text elided); the stretch column keeps its least."""
        content, _one_line, word = sizes
        stretch, last, fixed = self._parts(columns)
        want = {c: max(content[c], word[c]) for c in fixed}
        least = self._least_width() if stretch is not None else 0
        tail = word.get(last, 0) if last != self._stretch else self._least_width()
        over = sum(want.values()) + least + tail - room
        total = max(1, sum(want.values()))
        widths = {c: max(word[c] // 2, v - over * v // total) for c, v in want.items()}
        if stretch is not None:
            widths[stretch] = max(least, room - sum(widths.values()) - tail)
        return widths

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
