"""The input widgets behind FormRenderer: one editor per field type, a labelled field block.

Every editor turns its widget state into the JSON value FormResponse documents (None when
unanswered) on every keystroke, so nothing typed waits for a focus change to count. A value an
editor cannot show (an option since removed, a malformed date) is kept as it is until the user
edits that field, so opening and saving an old response never drops data silently.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Mapping

from PySide6.QtCore import QRectF, QRegularExpression, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QPainter,
    QPainterPath,
    QPixmap,
    QRegularExpressionValidator,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from exitdoors_desktop.core.forms import Field, FieldType, parse_date
from exitdoors_desktop.core.scales import ScaleDefinition
from exitdoors_desktop.core.schema import is_int, is_number
from exitdoors_desktop.ui.kit.date_input import BAD_DATE, INCOMPLETE_DATE, DateInput

ERROR_COLOR = "#b3261e"
_NOTHING = object()
_INT_RE = re.compile(r"-?\d+")
_MAX_COMBO_SCALE = 20  # wider scales get a number box instead of a drop-down

Scales = Mapping[str, ScaleDefinition]


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


def _same(a: object, b: object) -> bool:
    if isinstance(a, list) and isinstance(b, list | tuple):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b


def format_number(value: int | float) -> str:
    return str(value) if is_int(value) else repr(float(value))


def lock_pixmap(size: int = 12, color: str = "#6b6b6b") -> QPixmap:
    """A small padlock, drawn rather than taken from a font so it renders everywhere."""
    pm = QPixmap(size * 2, size * 2)  # drawn at 2x, scaled down by the device pixel ratio
    pm.fill(Qt.GlobalColor.transparent)
    pm.setDevicePixelRatio(2.0)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = p.pen()
    pen.setColor(QColor(color))
    pen.setWidthF(size * 0.12)
    p.setPen(pen)
    s = float(size)
    p.drawArc(QRectF(s * 0.28, s * 0.08, s * 0.44, s * 0.5), 0, 180 * 16)
    p.drawLine(int(s * 0.28), int(s * 0.33), int(s * 0.28), int(s * 0.45))
    p.drawLine(int(s * 0.72), int(s * 0.33), int(s * 0.72), int(s * 0.45))
    body = QPainterPath()
    body.addRoundedRect(QRectF(s * 0.15, s * 0.45, s * 0.7, s * 0.5), s * 0.08, s * 0.08)
    p.fillPath(body, QColor(color))
    p.end()
    return pm


class FieldEditor(QWidget):
    """Base of all editors: ``value()`` is the answer now; ``edited`` fires on user edits only."""

    edited = Signal()
    verify_shown = True

    def __init__(self, field: Field, path: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self._path = path
        self._foreign: object = _NOTHING
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
        return self._foreign if self._foreign is not _NOTHING else self._read()

    def set_value(self, value: object) -> None:
        self._loading = True
        try:
            self._foreign = _NOTHING
            if value is None:
                self._clear()
            elif not self._show(value):
                self._clear()
                self._foreign = value
            elif self.verify_shown and not _same(self._read(), value):
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
        self._foreign = _NOTHING
        self.edited.emit()


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
        if self._foreign is _NOTHING and self._edit.text().strip() and self._read() is None:
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
        if self._foreign is not _NOTHING:
            return None
        code = self._input.problem()
        return BAD_DATE if code == INCOMPLETE_DATE else code

    def shows_own_problem(self) -> bool:
        return self._foreign is _NOTHING and self._input.problem() is not None

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


def make_editor(
    field: Field, path: str, language: str, scales: Scales, parent: QWidget | None = None
) -> FieldEditor:
    """The editor for one non-group field."""
    t = field.type
    if t is FieldType.TEXT:
        return TextEditor(field, path, parent)
    if t is FieldType.LONG_TEXT:
        return LongTextEditor(field, path, parent)
    if t is FieldType.NUMBER:
        return NumberEditor(field, path, parent)
    if t is FieldType.DATE:
        return DateEditor(field, path, parent)
    if t is FieldType.MULTIPLE_CHOICE:
        return MultiChoiceEditor(field, path, language, parent)
    if t is FieldType.SINGLE_CHOICE:
        items: list[tuple[str, object]] = [(o.label.get(language), o.value) for o in field.options]
        return ComboEditor(field, path, items, parent)
    if t is FieldType.YES_NO:
        return YesNoEditor(field, path, parent)
    if t is FieldType.SCALE:
        span = int(field.max or 0) - int(field.min or 0)
        if span > _MAX_COMBO_SCALE:
            return NumberEditor(field, path, parent)
        scale = scales.get(field.scale) if field.scale else None
        items = []
        for v in range(int(field.min or 0), int(field.max or 0) + 1):
            stage = scale.stage_of(v) if scale is not None else None
            items.append((f"{v} · {stage.label.get(language)}" if stage else str(v), v))
        return ComboEditor(field, path, items, parent)
    raise ValueError(f"no editor for field type {t}")


class FieldBlock(QWidget):
    """A field's label (with required and sensitive markers), its editor, help and error."""

    def __init__(
        self,
        field: Field,
        editor: QWidget,
        language: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.field = field
        self.editor = editor
        label_text = field.label.get(language)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        head = QHBoxLayout()
        head.setSpacing(6)
        self.label = QLabel(self)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        marker = f' <span style="color:{ERROR_COLOR}">*</span>' if field.required else ""
        self.label.setText(f"<b>{html.escape(label_text)}</b>{marker}")
        self.label.setWordWrap(True)
        self.lock: QLabel | None = None
        if field.sensitive:
            # Before the label, so a wrapped label never pushes it out of sight.
            self.lock = QLabel(self)
            self.lock.setPixmap(lock_pixmap())
            self.lock.setObjectName("sensitive_marker")
            self.lock.setAccessibleName(self.tr("Sensitive"))
            self.lock.setToolTip(self.tr("Sensitive: this answer can be kept in the lockbox"))
            head.addWidget(self.lock, 0, Qt.AlignmentFlag.AlignVCenter)
        head.addWidget(self.label, 1)
        layout.addLayout(head)
        layout.addWidget(editor)
        self.help: QLabel | None = None
        if field.help is not None:
            self.help = QLabel(field.help.get(language), self)
            self.help.setWordWrap(True)
            self.help.setObjectName("help")
            self.help.setStyleSheet("color: palette(placeholder-text);")
            layout.addWidget(self.help)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setObjectName("error")
        self.error.setStyleSheet(f"color: {ERROR_COLOR};")
        self.error.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.error.hide()
        layout.addWidget(self.error)
        accessible = label_text + (self.tr(" (required)") if field.required else "")
        if isinstance(editor, FieldEditor):
            editor.set_accessible_label(accessible)
        else:
            editor.setAccessibleName(accessible)

    def set_error(self, text: str | None) -> None:
        if isinstance(self.editor, FieldEditor) and self.editor.shows_own_problem():
            text = None  # said once, under the input itself
        self.error.setText(text or "")
        self.error.setVisible(bool(text))
        target = self.editor.input_widget() if isinstance(self.editor, FieldEditor) else None
        if target is not None:
            target.setAccessibleDescription(text or "")

    def error_text(self) -> str | None:
        return self.error.text() if self.error.isVisibleTo(self) else None
