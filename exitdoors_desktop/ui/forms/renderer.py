"""FormRenderer: draws any form definition, keeps visibility live and shows the core's errors.

The renderer holds no rules of its own: visibility follows the same one-pass walk as
core/forms/validate.py, answers go through prune_hidden, and errors are the core's codes worded
by error_text.py. Values typed into fields that are then hidden stay in their widgets (so
nothing is lost if the condition flips back) but never leave answers().
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QLabel,
    QVBoxLayout,
    QWidget,
)

from exitdoors_desktop.core.forms import (
    Field,
    FieldError,
    FieldType,
    FormDefinition,
    expr,
    prune_hidden,
    validate,
)
from exitdoors_desktop.core.forms.validate import is_blank
from exitdoors_desktop.ui.forms.fields import (
    ERROR_COLOR,
    FieldBlock,
    FieldEditor,
    Scales,
    make_editor,
)
from exitdoors_desktop.ui.forms.group import GroupEditor
from exitdoors_desktop.ui.kit.error_text import error_text
from exitdoors_desktop.ui.kit.reflow import VerticalScroll

_ITEM_SUFFIX = re.compile(r"\[\d+\]$")


def _no_outer(_name: str) -> object:
    return None


def hidden_paths(
    fields: tuple[Field, ...],
    answers: Mapping[str, object],
    prefix: str = "",
    outer: Callable[[str], object] = _no_outer,
) -> set[str]:
    """Paths of fields whose condition is false, walking fields as validate() does."""
    hidden: set[str] = set()
    seen: dict[str, object] = {}

    def lookup(name: str) -> object:
        return seen[name] if name in seen else outer(name)

    for f in fields:
        path = prefix + f.id
        if f.condition is not None and not expr.evaluate(f.condition, lookup):
            hidden.add(path)
            seen[f.id] = None
            continue
        value = answers.get(f.id)
        seen[f.id] = value
        if f.type is FieldType.GROUP and isinstance(value, list | tuple):
            for i, item in enumerate(value):
                if isinstance(item, Mapping):
                    hidden |= hidden_paths(f.fields, item, f"{path}[{i}].", lookup)
    return hidden


def _normalise(value: object) -> object:
    # Blank text counts as unanswered for conditions too, exactly as after saving.
    if is_blank(value):
        return None
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        return [{k: _normalise(v) for k, v in item.items()} for item in value]
    return value


def _drop_empty_groups(definition: FormDefinition, answers: dict[str, object]) -> dict[str, object]:
    # A group whose entries are all empty is unanswered; entries stay otherwise, so that
    # error paths like group[2].field keep pointing at the entry the user sees.
    out = dict(answers)
    for f in definition.fields:
        value = out.get(f.id)
        if f.type is FieldType.GROUP and isinstance(value, list):
            if all(isinstance(item, Mapping) and not item for item in value):
                del out[f.id]
    return out


class FormRenderer(QWidget):
    """Draws ``definition`` and edits one response's answers.

    ``answers_changed`` fires on every user edit (not on set_answers), ``validity_changed``
    whenever the answers flip between valid and invalid. Errors are shown inline only after
    ``validate()`` has been called once; from then on they follow every edit.
    """

    answers_changed = Signal()
    validity_changed = Signal(bool)

    def __init__(
        self,
        definition: FormDefinition,
        language: str = "en",
        *,
        scales: Scales | None = None,
        show_title: bool = True,
        today: Callable[[], dt.date] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._definition = definition
        self._today = today  # with it, dates marked not_after_today are checked against it
        self._language = language
        self._scales: Scales = scales or {}
        self._read_only = False
        self._showing_errors = False
        self._editors: dict[str, FieldEditor] = {}
        self._blocks: dict[str, FieldBlock] = {}
        self.setObjectName(f"form:{definition.id}")

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        # Up and down only: a form never scrolls sideways (its fields reflow instead).
        self._scroll = VerticalScroll(None, self)
        self._scroll.setObjectName("form_scroll")
        self._scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        outer.addWidget(self._scroll)
        page = QWidget()
        self._page = page
        page.setObjectName("form_page")
        self._scroll.setWidget(page)
        column = QVBoxLayout(page)
        column.setContentsMargins(20, 16, 20, 20)
        column.setSpacing(18)
        if show_title:
            title = QLabel(definition.title.get(language), page)
            title.setObjectName("form_title")
            font = title.font()
            font.setPointSizeF(font.pointSizeF() * 1.4)
            font.setBold(True)
            title.setFont(font)
            title.setWordWrap(True)
            column.addWidget(title)
            if definition.description is not None:
                about = QLabel(definition.description.get(language), page)
                about.setWordWrap(True)
                about.setStyleSheet("color: palette(placeholder-text);")
                column.addWidget(about)
        self._general_error = QLabel(page)
        self._general_error.setObjectName("form_error")
        self._general_error.setWordWrap(True)
        self._general_error.setStyleSheet(f"color: {ERROR_COLOR};")
        self._general_error.hide()
        column.addWidget(self._general_error)
        for f in definition.fields:
            editor: FieldEditor
            if f.type is FieldType.GROUP:
                group = GroupEditor(f, f.id, language, self._scales, page)
                group.structure_changed.connect(self._on_group_structure_changed)
                editor = group
            else:
                editor = make_editor(f, f.id, language, self._scales, page)
            editor.edited.connect(self._on_editor_edited)
            self._editors[f.id] = editor
            self._blocks[f.id] = FieldBlock(f, editor, language, page)
            column.addWidget(self._blocks[f.id])
        column.addStretch(1)
        self._update_tab_order()
        self._valid = not self._refresh()

    # -- public API -------------------------------------------------------------------------

    @property
    def definition(self) -> FormDefinition:
        return self._definition

    @property
    def language(self) -> str:
        return self._language

    def set_answers(self, answers: Mapping[str, object]) -> None:
        """Show ``answers`` (fields not in the definition are ignored); clears shown errors."""
        for fid, editor in self._editors.items():
            editor.set_value(answers.get(fid))
        self._showing_errors = False
        self._show_errors([])
        self._update_tab_order()
        self._after_change(user_edit=False)

    def answers(self) -> dict[str, object]:
        """The visible, answered fields as FormResponse stores them."""
        return self._compute()[0]

    def validate(self) -> list[FieldError]:
        """The core's errors for the current answers, now also shown under each field."""
        answers, hidden = self._compute()
        errors = self._errors(answers, hidden)
        self._showing_errors = True
        self._show_errors(errors)
        return errors

    def is_valid(self) -> bool:
        return self._valid

    def clear_errors(self) -> None:
        self._showing_errors = False
        self._show_errors([])

    def set_read_only(self, read_only: bool) -> None:
        """View-only (earlier versions): nothing can change, but everything stays legible."""
        self._read_only = read_only
        for editor in self._editors.values():
            editor.set_read_only(read_only)
        # The style sheet greys the boxes of a read-only form (style.qss, readOnlyForm).
        self.setProperty("readOnlyForm", read_only)
        for widget in (self, *self.findChildren(QWidget)):
            widget.style().unpolish(widget)
            widget.style().polish(widget)
        if read_only:
            # Choices are shown by disabled widgets; give them the normal text colours so an
            # old answer reads as an answer, not as a greyed-out option.
            pal = QPalette(self.palette())
            for role in (
                QPalette.ColorRole.Text,
                QPalette.ColorRole.ButtonText,
                QPalette.ColorRole.WindowText,
            ):
                pal.setColor(
                    QPalette.ColorGroup.Disabled, role, pal.color(QPalette.ColorGroup.Active, role)
                )
            self._page.setPalette(pal)
        else:
            self._page.setPalette(QPalette())
        self._update_tab_order()

    def is_read_only(self) -> bool:
        return self._read_only

    def field_widget(self, path: str) -> QWidget | None:
        """The input widget of ``path`` (``field`` or ``group[1].field``)."""
        editor = self._all_editors().get(path)
        return editor.input_widget() if editor is not None else None

    def focus_field(self, path: str) -> bool:
        editor = self._all_editors().get(path)
        if editor is None:
            return False
        widgets = [w for w in editor.focus_widgets() if w.isEnabled()]
        if not widgets:
            return False
        widgets[0].setFocus(Qt.FocusReason.OtherFocusReason)
        self._scroll.ensureWidgetVisible(widgets[0])
        return True

    def focus_widgets(self) -> list[QWidget]:
        """Every focusable widget in tab order (including hidden and disabled ones)."""
        return [w for e in self._editors.values() for w in e.focus_widgets()]

    # -- internals ----------------------------------------------------------------------------

    def _all_editors(self) -> dict[str, FieldEditor]:
        out: dict[str, FieldEditor] = {}
        for fid, editor in self._editors.items():
            out[fid] = editor
            if isinstance(editor, GroupEditor):
                for row in editor.rows:
                    out.update({e.path: e for e in row.editors.values()})
        return out

    def _all_blocks(self) -> dict[str, FieldBlock]:
        out: dict[str, FieldBlock] = {}
        for fid, block in self._blocks.items():
            out[fid] = block
            editor = self._editors[fid]
            if isinstance(editor, GroupEditor):
                out.update(editor.blocks())
        return out

    def _compute(self) -> tuple[dict[str, object], set[str]]:
        raw = {fid: _normalise(e.value()) for fid, e in self._editors.items()}
        pruned = prune_hidden(self._definition, raw)
        hidden = hidden_paths(self._definition.fields, pruned)
        return _drop_empty_groups(self._definition, pruned), hidden

    def _errors(self, answers: Mapping[str, object], hidden: set[str]) -> list[FieldError]:
        # Input the core never sees (a lone "-" in a number box) is an error too, in its place.
        pending = [
            FieldError(path, code)
            for path, editor in self._all_editors().items()
            if path not in hidden and (code := editor.problem()) is not None
        ]
        taken = {e.path for e in pending}
        today = self._today() if self._today is not None else None
        core = [e for e in validate(self._definition, answers, today=today) if e.path not in taken]
        return pending + core

    def _refresh(self) -> list[FieldError]:
        answers, hidden = self._compute()
        for path, block in self._all_blocks().items():
            block.setHidden(path in hidden)
        errors = self._errors(answers, hidden)
        if self._showing_errors:
            self._show_errors(errors)
        return errors

    def _show_errors(self, errors: list[FieldError]) -> None:
        blocks = self._all_blocks()
        texts: dict[str, str] = {}
        general: list[str] = []
        for error in errors:
            path = error.path if error.path in blocks else _ITEM_SUFFIX.sub("", error.path)
            block = blocks.get(path)
            if block is None:
                general.append(error_text(error))
            elif path not in texts:
                texts[path] = error_text(error, block.field.type)
        for path, block in blocks.items():
            block.set_error(texts.get(path))
        self._general_error.setText("\n".join(general))
        self._general_error.setVisible(bool(general))

    def _after_change(self, *, user_edit: bool) -> None:
        valid = not self._refresh()
        if user_edit:
            self.answers_changed.emit()
        if valid != self._valid:
            self._valid = valid
            self.validity_changed.emit(valid)

    def _update_tab_order(self) -> None:
        chain = self.focus_widgets()
        for a, b in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(a, b)

    def _on_editor_edited(self) -> None:
        self._after_change(user_edit=True)

    def _on_group_structure_changed(self) -> None:
        self._update_tab_order()
