"""A row of controls that wraps onto more rows when the window is narrow (French at 150 % text
on a 1024-wide laptop) instead of widening it: the least it needs is its widest control."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QHBoxLayout, QLayout, QLayoutItem, QWidget


class FlowLayout(QLayout):
    """Items left to right, wrapping to a new line when the next does not fit. Items added
    with ``stretch=True`` share what is left of their line (a search box grows, buttons keep
    their size). Height follows width (``heightForWidth``), so the page below moves down."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 8) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._stretch: set[int] = set()
        self._spacing = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def __del__(self) -> None:
        # Hand every item back to Qt before the layout goes (as PySide's own flow layout does).
        while self.takeAt(0) is not None:
            pass

    # -- building -------------------------------------------------------------------------------

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802
        self._items.append(item)

    def add(self, widget: QWidget, *, stretch: bool = False) -> None:
        if stretch:
            self._stretch.add(len(self._items))
        # Through addWidget: Qt makes the QWidgetItem and owns it. One made here in Python
        # would be deleted twice (by the layout's destructor and by Python), corrupting memory.
        self.addWidget(widget)

    def add_row(self, *widgets: QWidget) -> QWidget:
        """Several widgets kept together on one line (a label and its field), as one item."""
        holder = QWidget(self.parentWidget())
        row = _row_layout(holder)
        for w in widgets:
            row.addWidget(w)
        self.add(holder)
        return holder

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        if not 0 <= index < len(self._items):
            return None
        self._stretch = {i if i < index else i - 1 for i in self._stretch if i != index}
        return self._items.pop(index)

    # -- geometry -------------------------------------------------------------------------------

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802
        return Qt.Orientation.Horizontal

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self._place(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802
        super().setGeometry(rect)
        self._place(rect, apply=True)

    def sizeHint(self) -> QSize:  # noqa: N802
        shown = self._shown()
        if not shown:
            return QSize(0, 0)
        width = sum(i.sizeHint().width() for _, i in shown) + self._spacing * (len(shown) - 1)
        height = max(i.sizeHint().height() for _, i in shown)
        m = self.contentsMargins()
        return QSize(width + m.left() + m.right(), height + m.top() + m.bottom())

    def minimumSize(self) -> QSize:  # noqa: N802
        m = self.contentsMargins()
        shown = self._shown()
        width = max((self._width_of(n, i) for n, i in shown), default=0)
        height = max((i.minimumSize().height() for _, i in shown), default=0)
        return QSize(width + m.left() + m.right(), height + m.top() + m.bottom())

    def _shown(self) -> list[tuple[int, QLayoutItem]]:
        return [(n, i) for n, i in enumerate(self._items) if not i.isEmpty()]

    def _width_of(self, n: int, item: QLayoutItem) -> int:
        """What the item takes on its line: a stretching item its minimum (it grows into what
        is left), any other its preferred width."""
        if n in self._stretch:
            return item.minimumSize().width()
        return item.sizeHint().boundedTo(item.maximumSize()).expandedTo(item.minimumSize()).width()

    def _place(self, rect: QRect, *, apply: bool) -> int:
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        lines: list[list[tuple[int, QLayoutItem]]] = [[]]
        used = 0
        for n, item in self._shown():
            w = self._width_of(n, item)
            if lines[-1] and used + self._spacing + w > area.width():
                lines.append([])
                used = 0
            used += (self._spacing if lines[-1] else 0) + w
            lines[-1].append((n, item))
        y = area.y()
        for line in lines:
            if not line:
                continue
            widths = [self._width_of(n, i) for n, i in line]
            height = max(i.sizeHint().height() for _, i in line)
            room = area.width() - sum(widths) - self._spacing * (len(line) - 1)
            growing = [k for k, (n, _) in enumerate(line) if n in self._stretch]
            if room > 0 and growing:
                for k in growing:
                    extra = room // len(growing)
                    widths[k] = min(widths[k] + extra, line[k][1].maximumSize().width())
            x = area.x()
            for (_, item), w in zip(line, widths, strict=True):
                w = min(w, area.width())
                if apply:
                    h = min(height, item.maximumSize().height())
                    item.setGeometry(QRect(QPoint(x, y + (height - h) // 2), QSize(w, h)))
                x += w + self._spacing
            y += height + self._spacing
        return y - self._spacing - area.y() + m.top() + m.bottom() if y > area.y() else 0


def _row_layout(holder: QWidget) -> QHBoxLayout:
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(6)
    return row
