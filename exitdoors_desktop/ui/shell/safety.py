"""Field safety: quick exit (F12 or Shift+Esc, or the toolbar button), auto-lock when idle,
a clipboard that forgets what was copied from a record after 30 seconds, and closing every
open dialog before a lock."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QClipboard, QGuiApplication, QInputEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QDialog, QWidget

# F12 sits alone at the keyboard's edge; Shift+Esc is the fallback on laptops whose F-keys
# need Fn. Either one, pressed anywhere in the app (dialogs included), is the quick exit.
QUICK_EXIT_KEY = "F12"
QUICK_EXIT_KEYS = ((Qt.Key.Key_F12, None), (Qt.Key.Key_Escape, Qt.KeyboardModifier.ShiftModifier))
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


def close_dialogs() -> None:
    """Reject every open dialog (their exec() loops end), so nothing typed or shown in one
    stays on screen over the unlock page. Callers give pages their draft save first."""
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QDialog) and widget.isVisible():
            widget.reject()


def is_quick_exit_key(event: QKeyEvent) -> bool:
    modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    for key, modifier in QUICK_EXIT_KEYS:
        if event.key() == key:
            if modifier is None or modifiers == modifier:
                return True
    return False


class QuickExit(QObject):
    """One keystroke or one click: every window hidden, the vault locked, the clipboard empty.

    The key is caught by an application-wide event filter rather than a QShortcut, because a
    Qt.ApplicationShortcut does not fire while a modal dialog is open, and that is exactly
    when a worker may need it. ``trigger`` hides first (what an onlooker sees), then clears
    the clipboard, then calls ``lock``; ``triggered`` carries the seconds it took.
    The desktop app quits right after (see ui/shell/main.py); starting it again shows the unlock
    screen. A bare MainWindow (tests) just stays hidden and locked until shown again.
    """

    triggered = Signal(float)

    def __init__(self, window: QWidget, lock: Callable[[], None], parent: QObject | None = None):
        super().__init__(parent or window)
        self._lock = lock
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        # Every event of the app passes here (thousands while a record is built): the cheap
        # isinstance test first, the enum only for key events.
        if not isinstance(event, QKeyEvent):
            return False
        kind = event.type()
        if kind == QEvent.Type.ShortcutOverride:
            if is_quick_exit_key(event):
                event.accept()  # no other shortcut may take the key; the KeyPress follows
        elif kind == QEvent.Type.KeyPress:
            # Returning True stops the press here: no widget (or parent) sees it afterwards.
            if is_quick_exit_key(event) and not event.isAutoRepeat():
                self.trigger()
                return True
        return False

    def trigger(self) -> None:
        start = time.perf_counter()
        for widget in QApplication.topLevelWidgets():
            if widget.isVisible():
                widget.hide()
        clear_clipboard()
        self._lock()
        self.triggered.emit(time.perf_counter() - start)

    def remove(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)


class IdleLock(QObject):
    """Locks after ``minutes`` without keyboard, mouse or touch input anywhere in the app.

    ``clock`` (monotonic seconds) is injected so tests move time instead of waiting; a QTimer
    calls ``check`` every ``check_ms``.
    """

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

    @property
    def active(self) -> bool:
        return self._active

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

    def idle_seconds(self) -> float:
        return self._clock() - self._last

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        # Only input events can count as activity: test the class before reading the type.
        if isinstance(event, QInputEvent) and event.type() in _INPUT_EVENTS:
            self._last = self._clock()
        return False

    def check(self) -> None:
        if self._active and self.idle_seconds() >= self.minutes * 60:
            self.stop()
            self.idle_timed_out.emit()


class ClipboardGuard(QObject):
    """Copy text from a record; it is wiped after ``seconds`` if the clipboard still holds it
    (text the worker copied since is left alone)."""

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
        self._timer.stop()
        if self._ours is not None and QGuiApplication.clipboard().text() == self._ours:
            clear_clipboard()
        self._ours = None
