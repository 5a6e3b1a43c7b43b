"""Walk a window with Tab and Shift+Tab the way a keyboard user does, counting what is reached."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget


@dataclass
class Walk:
    expected: list[QWidget]
    forward: list[QWidget]
    backward: list[QWidget]

    @property
    def missed(self) -> list[str]:
        return [_name(w) for w in self.expected if w not in self.forward]

    @property
    def missed_back(self) -> list[str]:
        return [_name(w) for w in self.expected if w not in self.backward]


def _name(w: QWidget) -> str:
    return f"{type(w).__name__}#{w.objectName()}"


def tab_stops(top: QWidget) -> list[QWidget]:
    """Every shown, enabled widget that takes Tab focus (inputs and buttons)."""
    out = []
    for w in top.findChildren(QWidget):
        if w.isWindow() or not w.isVisibleTo(top) or not w.isEnabled():
            continue
        if not (w.focusPolicy() & Qt.FocusPolicy.TabFocus):
            continue
        if w.focusProxy() is not None:
            continue
        # A check box or radio inside a group is reached with the arrows, not Tab.
        if isinstance(w, QAbstractButton) and w.group() is not None and w.autoExclusive():
            if not w.isChecked():
                continue
        out.append(w)
    return out


def walk(top: QWidget, start: QWidget | None = None, limit: int = 400) -> Walk:
    expected = tab_stops(top)
    first = start or (expected[0] if expected else top)
    top.activateWindow()
    first.setFocus(Qt.FocusReason.TabFocusReason)
    QApplication.processEvents()
    forward = _press(top, Qt.Key.Key_Tab, limit, len(expected))
    first.setFocus(Qt.FocusReason.TabFocusReason)
    QApplication.processEvents()
    backward = _press(top, Qt.Key.Key_Backtab, limit, len(expected))
    return Walk(expected, forward, backward)


def _press(top: QWidget, key: Qt.Key, limit: int, n: int) -> list[QWidget]:
    seen: list[QWidget] = []
    for _ in range(min(limit, n * 2 + 4)):
        w = QApplication.focusWidget()
        if w is None:
            break
        if w not in seen:
            seen.append(w)
        QTest.keyClick(w, key)
        QApplication.processEvents()
    return seen
