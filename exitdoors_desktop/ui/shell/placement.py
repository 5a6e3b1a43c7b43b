"""Where the main window opens: its usual size where the screen has room for it and its frame,
else maximized, so it never opens larger than the screen's available area."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

PREFERRED = QSize(1220, 780)
# Room for a window manager's frame and title bar (known only once the window is shown).
FRAME_ALLOWANCE = QSize(16, 48)


def opening_size(available: QRect, preferred: QSize = PREFERRED) -> tuple[QSize, bool]:
    """(size, maximized): the preferred size when it fits ``available`` with its frame; else
    the most of the area that leaves room for a frame, and maximized (the window manager then
    fits the window, frame included, to the available area exactly)."""
    room = available.size() - FRAME_ALLOWANCE
    if preferred.width() <= room.width() and preferred.height() <= room.height():
        return QSize(preferred), False
    return preferred.boundedTo(room).expandedTo(QSize(1, 1)), True


def place(window: QWidget) -> None:
    """Size and centre ``window`` on its screen before it is first shown."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        window.resize(PREFERRED)
        return
    available = screen.availableGeometry()
    size, maximized = opening_size(available)
    window.resize(size)
    frame = QRect(available.topLeft(), size + FRAME_ALLOWANCE)
    frame.moveCenter(available.center())
    window.move(QPoint(max(frame.left(), available.left()), max(frame.top(), available.top())))
    if maximized:
        window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)
