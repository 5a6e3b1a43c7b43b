"""The input widgets behind FormRenderer: ``make_editor`` picks one editor per field type
(field_editor.py is their base; text_editors.py and choice_editors.py hold them), and
FieldBlock lays out a field's label, editor, help and error."""

from __future__ import annotations

import html
from collections.abc import Mapping

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from exitdoors_desktop.core.forms import Field, FieldType
from exitdoors_desktop.core.scales import ScaleDefinition
from exitdoors_desktop.ui.forms.choice_editors import ComboEditor, MultiChoiceEditor, YesNoEditor
from exitdoors_desktop.ui.forms.field_editor import FieldEditor, format_number, parse_number
from exitdoors_desktop.ui.forms.text_editors import (
    DateEditor,
    LongTextEditor,
    NumberEditor,
    TextEditor,
)

ERROR_COLOR = "#b3261e"
_MAX_COMBO_SCALE = 20  # wider scales get a number box instead of a drop-down

Scales = Mapping[str, ScaleDefinition]


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


# The editors are importable from here, where the renderer, groups and tests have always
# found them.
__all__ = [
    "ERROR_COLOR",
    "ComboEditor",
    "DateEditor",
    "FieldBlock",
    "FieldEditor",
    "LongTextEditor",
    "MultiChoiceEditor",
    "NumberEditor",
    "Scales",
    "TextEditor",
    "YesNoEditor",
    "format_number",
    "lock_pixmap",
    "make_editor",
    "parse_number",
]
