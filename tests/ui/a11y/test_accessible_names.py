"""Every page, record tab and dialog: each focusable input exposes an accessible name (what a
screen reader says: its buddy label, its own text or setAccessibleName), Tab visits the inputs
in reading order (top to bottom, then left to right, within each block), and whatever the mouse
can press the keyboard can reach."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from exitdoors_desktop.ui.shell.main_window import MainWindow
from tests.ui.keywalk import tab_stops, walk
from tests.ui.shell.test_keyboard import _dialogs

INPUTS = (QLineEdit, QComboBox, QAbstractSpinBox, QPlainTextEdit, QTextEdit, QAbstractItemView,
          QAbstractButton)  # fmt: skip
FIGURES: dict[str, tuple[int, int]] = {}


def accessible_name(w: QWidget) -> str:
    iface = QAccessible.queryAccessibleInterface(w)
    return iface.text(QAccessible.Text.Name).strip() if iface is not None else ""


EXCEPTIONS: dict[str, int] = {}


def _keyboard_alternative(b: QAbstractButton) -> bool:
    """A button kept out of the Tab chain on purpose, its action bound to a key elsewhere (the
    date input's calendar button: Alt+Down in the field). Counted as an exception."""
    key = b.property("keyboardAlternative")
    if isinstance(b.parentWidget(), QLineEdit):  # Qt's clear button: Ctrl+A, Delete does it
        key = "Ctrl+A, Delete (a text field's clear button)"
    if key:
        EXCEPTIONS[str(key)] = EXCEPTIONS.get(str(key), 0) + 1
    return bool(key)


def _label(w: QWidget) -> str:
    return f"{type(w).__name__}#{w.objectName()}"


def unnamed(top: QWidget, name: str) -> list[str]:
    stops = [w for w in tab_stops(top) if isinstance(w, INPUTS)]
    missing = [_label(w) for w in stops if not accessible_name(w)]
    # Mouse-only: a shown, enabled button that takes no keyboard focus and has no shortcut.
    mouse_only = [
        f"{_label(b)} in {_label(b.parentWidget())}"
        for b in top.findChildren(QAbstractButton)
        if b.isVisibleTo(top) and b.isEnabled() and b.focusPolicy() == Qt.FocusPolicy.NoFocus
        and b.shortcut().isEmpty() and not b.objectName().startswith("qt_")
        and not _keyboard_alternative(b)
    ]  # fmt: skip
    FIGURES[name] = (len(stops), len(missing) + len(mouse_only))
    return missing + [f"mouse only: {m}" for m in mouse_only]


def _pages_tabs_dialogs(qtbot, window: MainWindow, cid: str):  # type: ignore[no-untyped-def]
    ws = window.workspace
    assert ws is not None
    window.resize(1366, 768)
    for row in range(ws.nav.count()):
        ws.nav.setCurrentRow(row)
        qtbot.wait(30)
        yield f"page {ws.nav.item(row).text()}", window
    ws.open_client(cid)
    record = ws.record
    assert record is not None
    for i in range(record.tabs.count()):
        record.tabs.setCurrentIndex(i)
        qtbot.wait(30)
        yield f"record tab {record.tabs.tabText(i)}", window
    for name, dialog in _dialogs(window, cid):
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        yield f"dialog {name}", dialog
        dialog.close()


def test_every_input_has_an_accessible_name_and_nothing_is_mouse_only(
    qtbot, window: MainWindow, long_vault
) -> None:  # type: ignore[no-untyped-def]
    problems: list[str] = []
    for name, top in _pages_tabs_dialogs(qtbot, window, long_vault[1]):
        problems += [f"{name}: {p}" for p in unnamed(top, name)]
    total = sum(n for n, _ in FIGURES.values())
    print(f"A11Y NAMES: {total} focusable inputs on {len(FIGURES)} screens; "
          f"{len(problems)} problems; keyboard-alternative exceptions {EXCEPTIONS}; "
          f"{FIGURES}")  # fmt: skip
    assert total > 100
    assert problems == [], "\n".join(problems)


ORDER_FIGURES: dict[str, int] = {}


def backwards_steps(top: QWidget, name: str) -> list[str]:
    """Tab steps between two inputs of one block (the same parent) that go left within a row,
    or up the page other than into the next column: reading order is top to bottom, then
    left to right."""
    order = walk(top).forward
    bad = []
    for a, b in zip(order, order[1:], strict=False):
        if a.parentWidget() is not b.parentWidget():
            continue
        pa, pb = a.mapToGlobal(a.rect().topLeft()), b.mapToGlobal(b.rect().topLeft())
        same_row = abs(pa.y() - pb.y()) < min(a.height(), b.height()) / 2
        # Going up is right only into the next column (a list laid out in columns).
        up_not_right = not same_row and pb.y() < pa.y() and pb.x() <= pa.x()
        if (same_row and pb.x() < pa.x()) or up_not_right:
            bad.append(f"{_label(a)} → {_label(b)}")
    ORDER_FIGURES[name] = len(order)
    return bad


def test_tab_follows_reading_order_on_every_screen(qtbot, window: MainWindow, long_vault) -> None:  # type: ignore[no-untyped-def]
    problems: list[str] = []
    screens = 0
    for name, top in _pages_tabs_dialogs(qtbot, window, long_vault[1]):
        screens += 1
        problems += [f"{name}: {p}" for p in backwards_steps(top, name)]
    steps = sum(ORDER_FIGURES.values())
    print(f"A11Y ORDER: {steps} Tab stops on {screens} screens, {len(problems)} out of order")
    assert screens == 15
    assert problems == [], "\n".join(problems)
