"""Every word a widget tree shows: labels, buttons, tabs, titles, placeholders, combo items,
table headers and cells, tooltips and accessible names."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QAbstractListModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QTabWidget,
    QWidget,
)


def columns_of(model: QAbstractItemModel) -> int:
    """Its column count, whether its columnCount wants the parent (a Python model that does
    not default it) or takes none (a list model, whose C++ columnCount is private)."""
    if isinstance(model, QAbstractListModel):
        return 1
    try:
        return model.columnCount(QModelIndex())
    except TypeError:
        return model.columnCount()


def rows_of(model: QAbstractItemModel) -> int:
    try:
        return model.rowCount(QModelIndex())
    except TypeError:
        return model.rowCount()


def shown_texts(top: QWidget) -> list[tuple[str, str]]:
    """(widget name, text) for everything visible under ``top``."""
    out: list[tuple[str, str]] = []

    def add(w: QWidget, text: str | None) -> None:
        if text:
            out.append((f"{type(w).__name__}#{w.objectName()}", text))

    for w in [top, *top.findChildren(QWidget)]:
        if w is not top and not w.isVisibleTo(top):
            continue
        add(w, w.windowTitle() if w.isWindow() else None)
        add(w, w.toolTip())
        add(w, w.accessibleName())
        add(w, w.accessibleDescription())
        if isinstance(w, QLabel):
            add(w, w.text())
        elif isinstance(w, QAbstractButton):
            add(w, w.text())
        elif isinstance(w, QGroupBox):
            add(w, w.title())
        elif isinstance(w, QLineEdit):
            add(w, w.placeholderText())
        elif isinstance(w, QComboBox):
            for i in range(w.count()):
                add(w, w.itemText(i))
        elif isinstance(w, QTabWidget):
            for i in range(w.count()):
                add(w, w.tabText(i))
        elif isinstance(w, QListWidget):
            for i in range(w.count()):
                item = w.item(i)
                add(w, item.text() if item else None)
        if isinstance(w, QAbstractItemView) and not isinstance(w, QListWidget):
            model = w.model()
            if model is None:
                continue
            for c in range(columns_of(model)):
                add(w, str(model.headerData(c, Qt.Orientation.Horizontal) or ""))
            for r in range(min(rows_of(model), 20)):
                for c in range(columns_of(model)):
                    for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                        value = model.index(r, c).data(role)
                        add(w, value if isinstance(value, str) else None)
    return out
