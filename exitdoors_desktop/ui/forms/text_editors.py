"""The field editors that take typed input: text, long text, numbers and dates."""

from __future__ import annotations

import math

from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPlainTextEdit, QWidget

from exitdoors_desktop.core.forms import Field, parse_date
from exitdoors_desktop.core.schema import is_number
from exitdoors_desktop.ui.forms.field_editor import (
    NOTHING,
    FieldEditor,
    format_number,
    parse_number,
)
from exitdoors_desktop.ui.kit.date_input import BAD_DATE, INCOMPLETE_DATE, DateInput


class TextEditor(FieldEditor):
    def __init__(self, field: Field, path: str, parent: QWidget | None = None) -> None:
        super().__init__(field, path, parent)
        self._edit = QLineEdit(self)
        # No maxLength: a paste over the limit must not be cut silently; validation says so.
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._edit)
        self._edit.textChanged.connect(self._on_input_changed)
        self._name_widgets()

    def input_widget(self) -> QWidget:
        return self._edit

    def _read(self) -> object:
        return self._edit.text() or None

    def _show(self, value: object) -> bool:
        if not isinstance(value, str):
            return False
        self._edit.setText(value)
        return True

    def _clear(self) -> None:
        self._edit.clear()

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self._edit.setReadOnly(read_only)


class LongTextEditor(FieldEditor):
    def __init__(self, field: Field, path: str, parent: QWidget | None = None) -> None:
        super().__init__(field, path, parent)
        self._edit = QPlainTextEdit(self)
        self._edit.setTabChangesFocus(True)  # Tab must move on, as everywhere else in the form
        lines = 4
        self._edit.setFixedHeight(
            self._edit.fontMetrics().lineSpacing() * lines
            + 2 * int(self._edit.document().documentMargin())
            + 2 * self._edit.frameWidth()
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._edit)
        self._edit.textChanged.connect(self._on_input_changed)
        self._name_widgets()

    def input_widget(self) -> QWidget:
        return self._edit

    def _read(self) -> object:
        # toPlainText() would turn no-break spaces into plain ones; the raw text keeps them.
        return self._edit.document().toRawText().replace("\u2029", "\n") or None

    def _show(self, value: object) -> bool:
        if not isinstance(value, str):
            return False
        self._edit.setPlainText(value)
        return True

    def _clear(self) -> None:
        self._edit.clear()

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self._edit.setReadOnly(read_only)


class NumberEditor(FieldEditor):
    """A line edit, so "no answer" is simply empty; the validator only lets numbers in."""

    def __init__(self, field: Field, path: str, parent: QWidget | None = None) -> None:
        super().__init__(field, path, parent)
        self._edit = QLineEdit(self)
        sign = "-?" if field.min is None or field.min < 0 else ""
        pattern = rf"{sign}\d*" if field.integer else rf"{sign}\d*([.,]\d*)?"
        self._edit.setValidator(QRegularExpressionValidator(QRegularExpression(pattern), self))
        if field.min is not None and field.max is not None:
            self._edit.setPlaceholderText(f"{format_number(field.min)}–{format_number(field.max)}")
        self._edit.setMaximumWidth(self._edit.fontMetrics().horizontalAdvance("0") * 16 + 16)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._edit)
        layout.addStretch(1)
        self._edit.textChanged.connect(self._on_input_changed)
        self._name_widgets()

    def input_widget(self) -> QWidget:
        return self._edit

    def _read(self) -> object:
        return parse_number(self._edit.text(), integer=self.field.integer)

    def problem(self) -> str | None:
        if self._foreign is NOTHING and self._edit.text().strip() and self._read() is None:
            return "not_a_number"
        return None

    def _show(self, value: object) -> bool:
        if not is_number(value) or (isinstance(value, float) and not math.isfinite(value)):
            return False
        self._edit.setText(format_number(value))
        return True

    def _clear(self) -> None:
        self._edit.clear()

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self._edit.setReadOnly(read_only)


class DateEditor(FieldEditor):
    """The app's one strict date input: empty is "not given", typed text must be a real date.

    Text that is not a date yet is a problem() (shown under the input as soon as she moves on)
    and never becomes some other day.
    """

    def __init__(self, field: Field, path: str, parent: QWidget | None = None) -> None:
        super().__init__(field, path, parent)
        self._input = DateInput(self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._input)
        self._input.date_changed.connect(self._on_input_changed)
        self._name_widgets()

    def _name_widgets(self) -> None:
        self._input.line.setObjectName(f"field:{self._path}")
        self._input.setObjectName(f"field:{self._path}:input")

    @property
    def date_input(self) -> DateInput:
        return self._input

    def input_widget(self) -> QWidget:
        return self._input.line

    def problem(self) -> str | None:
        if self._foreign is not NOTHING:
            return None
        code = self._input.problem()
        return BAD_DATE if code == INCOMPLETE_DATE else code

    def shows_own_problem(self) -> bool:
        return self._foreign is NOTHING and self._input.problem() is not None

    def _read(self) -> object:
        day = self._input.date()
        return day.isoformat() if day is not None else None

    def _show(self, value: object) -> bool:
        if not isinstance(value, str):
            return False
        day = parse_date(value)
        if day is None:
            return False
        self._input.set_date(day)
        return True

    def _clear(self) -> None:
        self._input.clear()

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self._input.set_read_only(read_only)


__all__ = ["DateEditor", "LongTextEditor", "NumberEditor", "TextEditor"]
