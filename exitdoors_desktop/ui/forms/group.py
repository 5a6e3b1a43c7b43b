"""Repeating groups for FormRenderer: entries of sub-fields with Add and Remove buttons.

Add is disabled at max_items. Remove never takes a group below min_items, except back to no
entries at all when the group is optional (an optional group is "none, or at least min_items",
the same reading validate() has).
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from exitdoors_desktop.core.forms import Field
from exitdoors_desktop.ui.forms.fields import FieldBlock, FieldEditor, Scales, make_editor


class GroupRow(QFrame):
    """One entry of a repeating group: its sub-fields and a Remove button."""

    def __init__(
        self, group: Field, path: str, index: int, language: str, scales: Scales, parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.setObjectName("group_row")
        self.group = group
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 10)
        layout.setSpacing(10)
        self.title = QLabel(self)
        self.title.setStyleSheet("color: palette(placeholder-text); font-weight: 600;")
        layout.addWidget(self.title)
        self.editors: dict[str, FieldEditor] = {}
        self.blocks: dict[str, FieldBlock] = {}
        for sub in group.fields:
            editor = make_editor(sub, "", language, scales, self)
            self.editors[sub.id] = editor
            self.blocks[sub.id] = FieldBlock(sub, editor, language, self)
            layout.addWidget(self.blocks[sub.id])
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.remove_button = QPushButton(self.tr("Remove entry"), self)
        buttons.addWidget(self.remove_button)
        layout.addLayout(buttons)
        self.set_path(path, index)

    def paintEvent(self, event: QPaintEvent) -> None:
        # Painted rather than styled: a style sheet here would stop palette changes (the
        # read-only colours) from reaching the fields inside.
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(QPen(self.palette().color(QPalette.ColorRole.Mid), 1.0))
        p.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6)
        p.end()

    def set_path(self, path: str, index: int) -> None:
        self.path = path
        self.title.setText(self.tr("Entry {n}").format(n=index + 1))
        self.remove_button.setObjectName(f"field:{path}:remove")
        self.remove_button.setAccessibleName(self.tr("Remove entry {n}").format(n=index + 1))
        for sub_id, editor in self.editors.items():
            editor.set_path(f"{path}.{sub_id}")

    def value(self) -> dict[str, object]:
        return {sub_id: editor.value() for sub_id, editor in self.editors.items()}

    def set_value(self, item: Mapping[str, object]) -> None:
        for sub_id, editor in self.editors.items():
            editor.set_value(item.get(sub_id))

    def focus_widgets(self) -> list[QWidget]:
        out = [w for e in self.editors.values() for w in e.focus_widgets()]
        return [*out, self.remove_button]


class GroupEditor(FieldEditor):
    """A repeating group. Required groups always show at least one entry (or min_items)."""

    structure_changed = Signal()
    verify_shown = False  # entries compare field by field in their own editors

    def __init__(
        self, field: Field, path: str, language: str, scales: Scales, parent: QWidget | None
    ) -> None:
        super().__init__(field, path, parent)
        self._language = language
        self._scales = scales
        self.rows: list[GroupRow] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self._rows_layout = QVBoxLayout()
        self._rows_layout.setSpacing(8)
        layout.addLayout(self._rows_layout)
        self._empty = QLabel(self.tr("No entries yet."), self)
        self._empty.setStyleSheet("color: palette(placeholder-text);")
        layout.addWidget(self._empty)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Add entry"), self)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self._floor = max(field.min_items or 0, 1) if field.required else 0
        self._resize(self._floor)
        self._name_widgets()

    def _name_widgets(self) -> None:
        self.setObjectName(f"field:{self._path}")
        self.add_button.setObjectName(f"field:{self._path}:add")
        for i, row in enumerate(self.rows):
            row.set_path(f"{self._path}[{i}]", i)

    def input_widget(self) -> QWidget:
        return self

    def set_accessible_label(self, text: str) -> None:
        self.setAccessibleName(text)
        self.add_button.setAccessibleName(self.tr("Add entry to {label}").format(label=text))

    def focus_widgets(self) -> list[QWidget]:
        return [w for row in self.rows for w in row.focus_widgets()] + [self.add_button]

    def blocks(self) -> dict[str, FieldBlock]:
        return {f"{row.path}.{k}": b for row in self.rows for k, b in row.blocks.items()}

    def can_add(self) -> bool:
        return self.field.max_items is None or len(self.rows) < self.field.max_items

    def can_remove(self) -> bool:
        left = len(self.rows) - 1
        return left >= self._floor and (left == 0 or left >= (self.field.min_items or 0))

    def add_row(self) -> GroupRow:
        index = len(self.rows)
        row = GroupRow(
            self.field, f"{self._path}[{index}]", index, self._language, self._scales, self
        )
        for editor in row.editors.values():
            editor.set_read_only(self._read_only)
            editor.edited.connect(self._on_input_changed)
        row.remove_button.clicked.connect(lambda: self._on_remove_clicked(row))
        self.rows.append(row)
        self._rows_layout.addWidget(row)
        row.show()  # the layout would only show it on the next event loop turn
        self._update_buttons()
        return row

    def remove_row(self, row: GroupRow) -> None:
        self.rows.remove(row)
        self._rows_layout.removeWidget(row)
        row.hide()
        row.setParent(None)  # out of findChild() at once, not at the next event loop turn
        row.deleteLater()
        self._name_widgets()
        self._update_buttons()

    def _resize(self, n: int) -> None:
        while len(self.rows) > n:
            self.remove_row(self.rows[-1])
        while len(self.rows) < n:
            self.add_row()
        self._update_buttons()

    def _update_buttons(self) -> None:
        self._empty.setVisible(not self.rows)
        self.add_button.setVisible(not self._read_only)
        self.add_button.setEnabled(self.can_add())
        removable = self.can_remove()
        for row in self.rows:
            row.remove_button.setVisible(not self._read_only)
            row.remove_button.setEnabled(removable)

    def _on_add_button_clicked(self) -> None:
        if not self.can_add() or self._read_only:
            return
        row = self.add_row()
        self.structure_changed.emit()
        self._on_input_changed()
        widgets = row.focus_widgets()
        if widgets:
            widgets[0].setFocus(Qt.FocusReason.TabFocusReason)

    def _on_remove_clicked(self, row: GroupRow) -> None:
        if not self.can_remove() or self._read_only or row not in self.rows:
            return
        index = self.rows.index(row)
        self.remove_row(row)
        self.structure_changed.emit()
        self._on_input_changed()
        if index < len(self.rows):
            self.rows[index].focus_widgets()[0].setFocus(Qt.FocusReason.TabFocusReason)
        else:
            self.add_button.setFocus(Qt.FocusReason.TabFocusReason)

    def _read(self) -> object:
        return [row.value() for row in self.rows] or None

    def _show(self, value: object) -> bool:
        if not isinstance(value, list | tuple) or not all(isinstance(i, Mapping) for i in value):
            return False
        self._resize(len(value) if value else self._floor)
        for row, item in zip(self.rows, value, strict=False):
            row.set_value(item)
        self.structure_changed.emit()
        return True

    def _clear(self) -> None:
        self._resize(0)
        self._resize(self._floor)
        self.structure_changed.emit()

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        for row in self.rows:
            for editor in row.editors.values():
                editor.set_read_only(read_only)
        self._update_buttons()
