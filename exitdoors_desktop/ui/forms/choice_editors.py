"""The field editors that choose among options: a drop-down (single choice, yes/no, short
scales) and check boxes (multiple choice)."""

from __future__ import annotations

from PySide6.QtCore import QSize, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QCheckBox, QComboBox, QGridLayout, QHBoxLayout, QWidget

from exitdoors_desktop.core.forms import Field
from exitdoors_desktop.ui.forms.field_editor import FieldEditor


class ComboEditor(FieldEditor):
    """single_choice, yes_no and short scales: a drop-down whose first entry is "no answer"."""

    def __init__(
        self,
        field: Field,
        path: str,
        items: list[tuple[str, object]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(field, path, parent)
        self._combo = QComboBox(self)
        self._combo.addItem("—", None)
        self._values: list[object] = [None]
        for text, value in items:
            self._combo.addItem(text, None)
            self._values.append(value)
        self._combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self._combo.setMinimumContentsLength(8)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._combo)
        layout.addStretch(1)
        self._combo.currentIndexChanged.connect(self._on_input_changed)
        self._name_widgets()

    def input_widget(self) -> QWidget:
        return self._combo

    def _read(self) -> object:
        return self._values[max(self._combo.currentIndex(), 0)]

    def _show(self, value: object) -> bool:
        for i, v in enumerate(self._values):
            # bool is an int: keep True from matching scale value 1.
            if i and v == value and type(v) is type(value):
                self._combo.setCurrentIndex(i)
                return True
        return False

    def _clear(self) -> None:
        self._combo.setCurrentIndex(0)

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self._combo.setEnabled(not read_only)


class YesNoEditor(ComboEditor):
    def __init__(self, field: Field, path: str, parent: QWidget | None = None) -> None:
        super().__init__(field, path, [("", True), ("", False)], parent)
        self._combo.setItemText(1, self.tr("Yes"))
        self._combo.setItemText(2, self.tr("No"))


class MultiChoiceEditor(FieldEditor):
    """One check box per option; the answer keeps the order in which options were ticked."""

    def __init__(
        self, field: Field, path: str, language: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(field, path, parent)
        self._boxes: dict[str, QCheckBox] = {}
        self._order: list[str] = []
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(24)
        n = len(field.options)
        self._wanted = 1 if n <= 4 else 2 if n <= 12 else 3
        self._columns = 0
        # A timer of its own (deleted with the editor): never a call into a deleted widget.
        self._refit_timer = QTimer(self)
        self._refit_timer.setSingleShot(True)
        self._refit_timer.setInterval(0)
        self._refit_timer.timeout.connect(self._refit)
        for option in field.options:
            box = QCheckBox(option.label.get(language), self)
            self._boxes[option.value] = box
            box.toggled.connect(lambda on, v=option.value: self._on_box_toggled(v, on))
        self._place(self._wanted)
        self._name_widgets()

    def _place(self, columns: int) -> None:
        """Column by column, so reading order, tab order and definition order agree; fewer
        columns when the form is narrow (French at 150 % on a 1024-wide screen)."""
        if columns == self._columns:
            return
        boxes = list(self._boxes.values())
        for box in boxes:
            self._grid.removeWidget(box)
        for c in range(self._grid.columnCount()):
            self._grid.setColumnStretch(c, 0)
        per_column = -(-len(boxes) // columns) if boxes else 1
        for i, box in enumerate(boxes):
            self._grid.addWidget(box, i % per_column, i // per_column)
        self._grid.setColumnStretch(columns, 1)
        self._columns = columns
        self.updateGeometry()

    def _widest(self) -> int:
        return max((b.sizeHint().width() for b in self._boxes.values()), default=0)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        height = super().minimumSizeHint().height()
        return QSize(self._widest(), height)

    def _fitting_columns(self) -> int:
        step = self._widest() + self._grid.horizontalSpacing()
        return max(1, min(self._wanted, (self.width() + 24) // max(step, 1)))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        # Not inside the resize itself: moving boxes in the middle of a layout pass crashes.
        if self._fitting_columns() != self._columns:
            self._refit_timer.start()

    def _refit(self) -> None:
        self._place(self._fitting_columns())

    def _name_widgets(self) -> None:
        self.setObjectName(f"field:{self._path}")
        for value, box in self._boxes.items():
            box.setObjectName(f"field:{self._path}:{value}")

    def input_widget(self) -> QWidget:
        return self

    def focus_widgets(self) -> list[QWidget]:
        return list(self._boxes.values())

    def set_accessible_label(self, text: str) -> None:
        self.setAccessibleName(text)

    def _on_box_toggled(self, value: str, on: bool) -> None:
        if on and value not in self._order:
            self._order.append(value)
        elif not on and value in self._order:
            self._order.remove(value)
        self._on_input_changed()

    def _read(self) -> object:
        return list(self._order) or None

    def _show(self, value: object) -> bool:
        if not isinstance(value, list | tuple):
            return False
        if len(set(value)) != len(value) or not all(
            isinstance(v, str) and v in self._boxes for v in value
        ):
            return False
        self._clear()
        for v in value:
            self._boxes[v].setChecked(True)
        self._order = list(value)
        return True

    def _clear(self) -> None:
        for box in self._boxes.values():
            box.setChecked(False)
        self._order = []

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        for box in self._boxes.values():
            box.setEnabled(not read_only)


__all__ = ["ComboEditor", "MultiChoiceEditor", "YesNoEditor"]
