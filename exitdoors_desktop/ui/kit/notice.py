"""The one way to say "done": a line at the left of the status bar that stays a few seconds and
is announced to screen readers. Every save, export, backup and sync the user asks for ends
with it (through AppContext.notify); its words never carry client data."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import QWidget

from exitdoors_desktop.ui.kit.elide import ElidedLabel

NOTICE_SECONDS = 8  # long enough to read twice; a newer notice replaces it at once


class NoticeLabel(ElidedLabel):
    """Signals: ``notice_shown(str)`` when a notice appears, ``notice_cleared`` when it goes."""

    notice_shown = Signal(str)
    notice_cleared = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.setObjectName("notice")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timer_timeout)
        self.hide()

    def show_notice(self, text: str, seconds: float = NOTICE_SECONDS) -> None:
        """Show ``text`` for ``seconds`` and have screen readers say it (politely: after what
        they are reading)."""
        self.setText(text)  # also its accessible name, so reading the status bar finds it
        self.show()
        self._timer.start(int(seconds * 1000))
        event = QAccessibleAnnouncementEvent(self, text)
        event.setPoliteness(QAccessible.AnnouncementPoliteness.Polite)
        QAccessible.updateAccessibility(event)
        self.notice_shown.emit(text)

    def clear_notice(self) -> None:
        self._timer.stop()
        self.setText("")
        self.hide()
        self.notice_cleared.emit()

    def remaining_ms(self) -> int:
        return self._timer.remainingTime() if self._timer.isActive() else 0

    def _on_timer_timeout(self) -> None:
        self.clear_notice()


__all__ = ["NOTICE_SECONDS", "NoticeLabel"]
