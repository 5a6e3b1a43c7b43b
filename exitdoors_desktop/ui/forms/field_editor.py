"""The base of every field editor behind FormRenderer, and the value rules they share.

Every editor turns its widget state into the JSON value FormResponse documents (None when
unanswered) on every keystroke, so nothing typed waits for a focus change to count. A value an
editor cannot show (an option since removed, a malformed date) is kept as it is until the user
edits that field, so opening and saving an old response never drops data silently.
"""

from __future__ import annotations

import math
import re

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from exitdoors_desktop.core.forms import Field
from exitdoors_desktop.core.schema import is_int

NOTHING = object()  # "no value kept aside": what the widget shows is the answer
_INT_RE = re.compile(r"-?\d+")


def parse_number(text: str, *, integer: bool) -> int | float | None:
    """The number typed in ``text`` (comma or point as decimal mark); None if blank or partial."""
    raw = text.strip().replace(",", ".")
    if not raw:
        return None
    if _INT_RE.fullmatch(raw):
        return int(raw)
    if integer:
        return None
    try:
        value = float(raw)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def same_value(a: object, b: object) -> bool:
    if isinstance(a, list) and isinstance(b, list | tuple):
        return len(a) == len(b) and all(same_value(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b


def format_number(value: int | float) -> str:
    return str(value) if is_int(value) else repr(float(value))


class FieldEditor(QWidget):
    """Base of all editors: ``value()`` is the answer now; ``edited`` fires on user edits only."""

    edited = Signal()
    verify_shown = True

    def __init__(self, field: Field, path: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self._path = path
        self._foreign: object = NOTHING
        self._loading = False
        self._read_only = False

    @property
    def path(self) -> str:
        return self._path

    def set_path(self, path: str) -> None:
        self._path = path
        self._name_widgets()

    def _name_widgets(self) -> None:
        self.input_widget().setObjectName(f"field:{self._path}")

    def input_widget(self) -> QWidget:
        raise NotImplementedError

    def focus_widgets(self) -> list[QWidget]:
        return [self.input_widget()]

    def value(self) -> object:
        return self._foreign if self._foreign is not NOTHING else self._read()

    def set_value(self, value: object) -> None:
        self._loading = True
        try:
            self._foreign = NOTHING
            if value is None:
                self._clear()
            elif not self._show(value):
                self._clear()
                self._foreign = value
            elif self.verify_shown and not same_value(self._read(), value):
                # Shown, but the widget would hand back something else (QTextDocument turns
                # "\r\n" into "\n", say): keep the stored value until the user edits.
                self._foreign = value
        finally:
            self._loading = False

    def problem(self) -> str | None:
        """A code for input the widget holds but cannot turn into a value yet (e.g. "-")."""
        return None

    def shows_own_problem(self) -> bool:
        """True when the input already says what is wrong in place (the date input does)."""
        return False

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only

    def set_accessible_label(self, text: str) -> None:
        self.input_widget().setAccessibleName(text)

    def _read(self) -> object:
        raise NotImplementedError

    def _show(self, value: object) -> bool:
        raise NotImplementedError

    def _clear(self) -> None:
        raise NotImplementedError

    def _on_input_changed(self, *_args: object) -> None:
        if self._loading:
            return
        self._foreign = NOTHING
        self.edited.emit()


__all__ = ["NOTHING", "FieldEditor", "format_number", "parse_number", "same_value"]
