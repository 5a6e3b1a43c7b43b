"""Pages that reflow on a small screen instead of overflowing it: a scroll area that only ever
scrolls up and down (never sideways), and a pair of columns that stack when narrow."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QFrame, QLayout, QScrollArea, QWidget


class VerticalScroll(QScrollArea):
    """Scrolls up and down only: the content is always as wide as the area, so the area's least
    width is the content's least width (a field never hides past the right edge), while its
    least height is small (a tall tab does not make the window taller than a 600-px screen)."""

    LEAST_HEIGHT = 90  # two lines of a form at 150 %: enough to scroll through

    def __init__(self, content: QWidget | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Not a Tab stop of its own: Tab goes straight to the first field inside.
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        if content is not None:
            self.setWidget(content)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        content = self.widget()
        if content is None:
            return super().minimumSizeHint()
        least = content.minimumSizeHint().expandedTo(content.minimumSize())
        bar = self.verticalScrollBar().sizeHint().width()
        frame = 2 * self.frameWidth()
        return QSize(least.width() + bar + frame, min(least.height(), self.LEAST_HEIGHT))

    def sizeHint(self) -> QSize:  # noqa: N802
        content = self.widget()
        if content is None:
            return super().sizeHint()
        return content.sizeHint() + QSize(self.verticalScrollBar().sizeHint().width(), 0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        content = self.widget()
        return content is not None and content.hasHeightForWidth()

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        content = self.widget()
        if content is None or not content.hasHeightForWidth():
            return -1
        return content.heightForWidth(width - 2 * self.frameWidth()) + 2 * self.frameWidth()


class ReflowBox(QWidget):
    """Children side by side when there is room for all of them, else one above the other.
    Its least width is that of its widest child, so it never holds the window wide."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 12) -> None:
        super().__init__(parent)
        self.box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.box.setSpacing(spacing)
        self._parts_added: list[QWidget | QLayout] = []

    def add(self, item: QWidget | QLayout, stretch: int = 0) -> None:
        # The parts are kept here (QObjects), never read back through the layout's items:
        # Python wrappers of Qt-owned layout items outlive them and corrupt later lookups.
        self._parts_added.append(item)
        if isinstance(item, QLayout):
            self.box.addLayout(item, stretch)
        else:
            self.box.addWidget(item, stretch)

    def _parts(self) -> list[QSize]:
        sizes = []
        for part in self._parts_added:
            if isinstance(part, QWidget):
                if part.isHidden():
                    continue
                sizes.append(part.minimumSizeHint().expandedTo(part.minimumSize()))
            else:
                sizes.append(part.minimumSize())
        return sizes

    def _side_by_side_width(self) -> int:
        parts = self._parts()
        return sum(p.width() for p in parts) + self.box.spacing() * max(0, len(parts) - 1)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        parts = self._parts()
        if not parts:
            return QSize(0, 0)
        width = max(p.width() for p in parts)
        if self.box.direction() == QBoxLayout.Direction.LeftToRight:
            return QSize(width, max(p.height() for p in parts))
        height = sum(p.height() for p in parts) + self.box.spacing() * (len(parts) - 1)
        return QSize(width, height)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        wide = event.size().width() >= self._side_by_side_width()
        direction = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        if self.box.direction() != direction:
            self.box.setDirection(direction)
            self.updateGeometry()
        super().resizeEvent(event)

    def stacked(self) -> bool:
        return self.box.direction() == QBoxLayout.Direction.TopToBottom
