"""The form editor's widgets and how they show its state: status line, referral partner and
sharing note, the form's place, messages, intake notes, and the Discard, Edit and Save buttons.
FormEditor (editor.py) decides what is shown; this only builds and shows."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from exitdoors_desktop.core.eligibility import EligibilityResult
from exitdoors_desktop.ui.forms.renderer import FormRenderer
from exitdoors_desktop.ui.kit.i18n import tr
from exitdoors_desktop.ui.record.form_notes import NOTE_STYLE, WARN_COLORS, Mode, eligibility_note
from exitdoors_desktop.ui.record.partner_picker import PartnerPicker


class FormEditorView(QWidget):
    """The widgets, made once; ``_mode`` and ``read_only`` say which buttons show."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("form_editor")
        self._mode = Mode.EMPTY
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self._status = QLabel(self)
        self._status.setObjectName("editor_status")
        self._status.setStyleSheet("color: palette(placeholder-text);")
        layout.addWidget(self._status)
        self._status.setWordWrap(True)
        # The partner agency of a referral, from the directory.
        self._partner_row = PartnerPicker(self)
        self.partner_combo = self._partner_row.combo
        self._partner_row.hide()
        layout.addWidget(self._partner_row)
        # Consent is never a condition of service: a referral without consent to share goes
        # ahead, and she is told plainly that nothing from the record is disclosed.
        self.sharing_note = QLabel(self)
        self.sharing_note.setObjectName("referral_sharing_note")
        self.sharing_note.setWordWrap(True)
        self.sharing_note.setStyleSheet(NOTE_STYLE % WARN_COLORS)
        self.sharing_note.hide()
        layout.addWidget(self.sharing_note)
        self._host = QVBoxLayout()
        layout.addLayout(self._host, 1)
        self._placeholder = QLabel(
            tr("Choose a form on the left to fill it in, or an earlier one to read it."), self
        )
        self._placeholder.setObjectName("editor_placeholder")
        self._placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._placeholder.setWordWrap(True)
        self._placeholder.setStyleSheet("color: palette(placeholder-text);")
        self._host.addWidget(self._placeholder)
        self.message = QLabel(self)
        self.message.setObjectName("editor_message")
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)
        self.age_warning = QLabel(self)
        self.age_warning.setObjectName("intake_age_warning")
        self.age_warning.setWordWrap(True)
        self.age_warning.setStyleSheet(NOTE_STYLE % WARN_COLORS)
        self.age_warning.hide()
        layout.addWidget(self.age_warning)
        self.eligibility = QLabel(self)
        self.eligibility.setObjectName("eligibility_result")
        self.eligibility.setWordWrap(True)
        self.eligibility.setTextFormat(Qt.TextFormat.PlainText)
        self.eligibility.hide()
        layout.addWidget(self.eligibility)
        # Set by the record when her role may only read forms (core/permissions): no new
        # response, no edit.
        self.read_only = False
        buttons = QHBoxLayout()
        self.discard_button = QPushButton(tr("Discard draft"), self)
        self.discard_button.setObjectName("discard_draft")
        self.edit_button = QPushButton(tr("Edit"), self)
        self.edit_button.setObjectName("edit_response")
        self.save_button = QPushButton(tr("Save"), self)
        self.save_button.setObjectName("save_response")
        self.save_button.setDefault(True)
        self.save_button.setToolTip(tr("Save (Ctrl+S)"))
        buttons.addWidget(self.discard_button)
        buttons.addStretch(1)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)
        self.save_shortcut = QShortcut(QKeySequence("Ctrl+S"), self)
        self.save_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def _order_tab(self, renderer: FormRenderer) -> None:
        """Tab goes through the form's fields first, then Discard, Edit and Save (the buttons
        were made before any form, so they would otherwise come first)."""
        fields = renderer.focus_widgets()
        if not fields:
            return
        chain = [fields[-1], self.discard_button, self.edit_button, self.save_button]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def _focus_first_field(self, renderer: FormRenderer) -> None:
        """A form opened to fill in has focus in its first field she can type in."""
        for widget in renderer.focus_widgets():
            if widget.isEnabled() and widget.isVisibleTo(renderer):
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
                return

    def _show_eligibility(self, result: EligibilityResult) -> None:
        text, colors = eligibility_note(result)
        self.eligibility.setText(text)
        self.eligibility.setStyleSheet(NOTE_STYLE % colors)
        self.eligibility.setProperty("eligible", result.eligible)
        self.eligibility.setProperty("minor", result.minor)
        self.eligibility.show()

    def _say(self, text: str, colors: tuple[str, str]) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(NOTE_STYLE % colors)
        self.message.show()

    def _sync_buttons(self) -> None:
        editing = self._mode in (Mode.NEW, Mode.EDIT)
        self.save_button.setVisible(editing)
        self.discard_button.setVisible(editing)
        self.edit_button.setVisible(self._mode is Mode.VIEW and not self.read_only)


__all__ = ["FormEditorView"]
