"""Field safety: quick exit (F12, or the toolbar button), auto-lock when idle, and a clipboard
that forgets what was copied from a record after 30 seconds."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QClipboard, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QWidget

QUICK_EXIT_KEY = "F12"
CLIPBOARD_SECONDS = 30
_INPUT_EVENTS = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


def clear_clipboard() -> None:
    clipboard = QGuiApplication.clipboard()
    clipboard.clear(QClipboard.Mode.Clipboard)
    if clipboard.supportsSelection():
        clipboard.clear(QClipboard.Mode.Selection)


class QuickExit(QObject):
    """One keystroke or one click: every window hidden, the vault locked, the clipboard empty.

    The app does not quit (a quit can be slow and visible); it sits hidden until the worker
    brings it back, and then shows only the neutral unlock screen.
    """

    triggered = Signal(float)  # seconds it took

    def __init__(self, window: QWidget, lock: Callable[[], None], parent: QObject | None = None):
        super().__init__(parent or window)
        self._lock = lock
        self._shortcut = QShortcut(QKeySequence(QUICK_EXIT_KEY), window)
        self._shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
        self._shortcut.activated.connect(self.trigger)

    def trigger(self) -> None:
        start = time.perf_counter()
        for widget in QApplication.topLevelWidgets():
            widget.hide()
        clear_clipboard()
        self._lock()
        self.triggered.emit(time.perf_counter() - start)


class IdleLock(QObject):
    """Locks after ``minutes`` without keyboard, mouse or touch input. ``clock`` is injected."""

    idle_timed_out = Signal()

    def __init__(self, minutes: float, clock: Callable[[], float] = time.monotonic,
                 check_ms: int = 5000, parent: QObject | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self._clock = clock
        self.minutes = minutes
        self._last = clock()
        self._timer = QTimer(self)
        self._timer.setInterval(check_ms)
        self._timer.timeout.connect(self.check)
        self._active = False

    def start(self) -> None:
        self._last = self._clock()
        self._active = True
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self._timer.start()

    def stop(self) -> None:
        self._active = False
        self._timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def touch(self) -> None:
        self._last = self._clock()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() in _INPUT_EVENTS:
            self._last = self._clock()
        return False

    def check(self) -> None:
        if self._active and self._clock() - self._last >= self.minutes * 60:
            self.stop()
            self.idle_timed_out.emit()


class ClipboardGuard(QObject):
    """Copy text from a record; it is wiped after ``seconds`` if it is still ours."""

    def __init__(self, seconds: float = CLIPBOARD_SECONDS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._seconds = seconds
        self._ours: str | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.clear_if_ours)

    def copy(self, text: str) -> None:
        QGuiApplication.clipboard().setText(text)
        self._ours = text
        self._timer.start(int(self._seconds * 1000))

    def clear_if_ours(self) -> None:
        if self._ours is not None and QGuiApplication.clipboard().text() == self._ours:
            clear_clipboard()
        self._ours = None
