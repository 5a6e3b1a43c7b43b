"""The one form editor of the client record: fill a new form, edit or read a saved one, with
draft autosave into the vault, validation before a final save, and intake eligibility."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from enum import StrEnum

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from exitdoors_desktop.core.consent import ReferralSharing, effective_consent, referral_sharing
from exitdoors_desktop.core.eligibility import EligibilityResult, evaluate
from exitdoors_desktop.core.entities import REFERRAL_FORM
from exitdoors_desktop.core.errors import NotFound
from exitdoors_desktop.core.forms import (
    FormDefinition,
    FormResponse,
    prune_hidden,
    response_date,
    validate,
)
from exitdoors_desktop.core.forms.validate import parse_date
from exitdoors_desktop.core.intake import (
    ProfileChange,
    apply_profile_changes,
    intake_prefill,
    profile_changes,
)
from exitdoors_desktop.ui.forms.drafts import (
    DraftAutosaver,
    latest_draft,
    split_draft,
    with_draft_marker,
)
from exitdoors_desktop.ui.forms.renderer import FormRenderer
from exitdoors_desktop.ui.kit.context import AppContext
from exitdoors_desktop.ui.kit.i18n import tr
from exitdoors_desktop.ui.kit.words import (
    day,
    dob_age_disagreement,
    eligibility_finding,
    profile_change_text,
)
from exitdoors_desktop.ui.record.data import INTAKE_FORM, Partner, RecordStore

PARTNER_KEY = "partner_id"  # stored beside a referral's answers; storage derives the row from it
NOTE_STYLE = "padding: 8px 10px; border-radius: 4px; background: %s; color: %s;"
OK_COLORS = ("#e7f3ec", "#1d4d31")
WARN_COLORS = ("#fdf1e2", "#6b3d07")
ERROR_COLORS = ("#fbe9e7", "#8c1d18")


class Mode(StrEnum):
    EMPTY = "empty"
    NEW = "new"
    EDIT = "edit"
    VIEW = "view"


def ask_resume_dialog(parent: QWidget, draft: FormResponse) -> bool:
    """True: continue the draft. False: she chose to throw it away and start again."""
    box = QMessageBox(QMessageBox.Icon.Question, tr("Unsaved draft"),
                      tr("There is an unsaved draft of this form from {date}.").format(
                          date=day(draft.date)), parent=parent)  # fmt: skip
    keep = box.addButton(tr("&Continue the draft"), QMessageBox.ButtonRole.YesRole)
    box.addButton(tr("&Discard it and start again"), QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(keep)
    box.exec()
    return box.clickedButton() is keep


def sharing_warning_words(sharing: ReferralSharing) -> str:
    """Said while a referral is filled in ("" when she consented to share)."""
    if sharing is ReferralSharing.NOT_SHARED:
        return tr(
            "She has not consented to share her information with this agency. The referral can "
            "go ahead, but nothing from her record will be disclosed to them. If she agrees, "
            "record her consent on the Consent tab first."
        )
    if sharing is ReferralSharing.NOT_IN_DIRECTORY:
        return tr(
            "This agency is not in the directory, so no consent to share can be recorded for it. "
            "The referral can go ahead, but nothing from her record will be disclosed to them."
        )
    return ""


def saved_without_sharing_words(sharing: ReferralSharing) -> str:
    if sharing is ReferralSharing.NOT_IN_DIRECTORY:
        return tr(
            "Referral saved without sharing: the agency is not in the directory, so nothing "
            "from her record will be disclosed to them."
        )
    return tr(
        "Referral saved without sharing: she has not consented to share her information with "
        "this agency, so nothing from her record will be disclosed to them."
    )


def confirm_profile_dialog(parent: QWidget, changes: tuple[ProfileChange, ...]) -> bool:
    """Ask before the intake changes her profile; True applies the changes."""
    answer = QMessageBox.question(
        parent,
        tr("Change her profile?"),
        profile_change_text(changes),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


class FormEditor(QWidget):
    """Shows one form at a time. Signals: ``response_saved(FormResponse)``, ``drafts_changed``.

    ``ask_resume`` decides whether to continue an existing draft (a dialog by default; tests
    replace it)."""

    response_saved = Signal(object)
    drafts_changed = Signal()
    client_changed = Signal()

    def __init__(self, ctx: AppContext, store: RecordStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("form_editor")
        self.ctx = ctx
        self.store = store
        self.ask_resume: Callable[[FormResponse], bool] = lambda d: ask_resume_dialog(self, d)
        # Replaceable by tests: asked before a saved intake changes the profile.
        self.confirm_profile_changes: Callable[[tuple[ProfileChange, ...]], bool] = lambda changes: (
            confirm_profile_dialog(self, changes)
        )
        self._partners: dict[str, Partner] = {}
        self._mode = Mode.EMPTY
        self._definition: FormDefinition | None = None
        self._renderer: FormRenderer | None = None
        self._response_id: str | None = None  # the id the final save writes
        self._draft_id: str | None = None
        self._edit_of: str | None = None
        self._draft_written = False
        self._baseline: dict[str, object] = {}
        self._last_draft: dict[str, object] | None = None  # what the draft row holds now
        self._saved: FormResponse | None = None
        self.autosaver = DraftAutosaver(self._write_draft, parent=self)
        self.autosaver.draft_saved.connect(self._on_autosaver_draft_saved)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self._status = QLabel(self)
        self._status.setObjectName("editor_status")
        self._status.setStyleSheet("color: palette(placeholder-text);")
        layout.addWidget(self._status)
        self._status.setWordWrap(True)
        self._partner_row = QWidget(self)
        # The label above the list (not beside it) and the list as narrow as a short name: side
        # by side they made the record 1118 px wide for the referral form.
        row = QVBoxLayout(self._partner_row)
        row.setContentsMargins(20, 0, 20, 0)
        row.setSpacing(2)
        partner_label = QLabel(
            tr("Partner agency from the directory (if it is not there, type its name below):"),
            self._partner_row,
        )
        partner_label.setWordWrap(True)
        row.addWidget(partner_label)
        self.partner_combo = QComboBox(self._partner_row)
        self.partner_combo.setObjectName("partner_combo")
        self.partner_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.partner_combo.setMinimumContentsLength(16)
        self.partner_combo.activated.connect(self._on_partner_combo_activated)
        partner_label.setBuddy(self.partner_combo)
        row.addWidget(self.partner_combo)
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
        self.discard_button.clicked.connect(self._on_discard_button_clicked)
        self.edit_button = QPushButton(tr("Edit"), self)
        self.edit_button.setObjectName("edit_response")
        self.edit_button.clicked.connect(self.edit_current)
        self.save_button = QPushButton(tr("Save"), self)
        self.save_button.setObjectName("save_response")
        self.save_button.setDefault(True)
        self.save_button.setToolTip(tr("Save (Ctrl+S)"))
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(self.discard_button)
        buttons.addStretch(1)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)
        shortcut = QShortcut(QKeySequence("Ctrl+S"), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.save)
        self._sync_buttons()

    # -- state ------------------------------------------------------------------------------

    @property
    def mode(self) -> Mode:
        return self._mode

    @property
    def renderer(self) -> FormRenderer | None:
        return self._renderer

    @property
    def definition(self) -> FormDefinition | None:
        return self._definition

    @property
    def saved_response(self) -> FormResponse | None:
        """The response on show (VIEW) or last saved."""
        return self._saved

    def is_dirty(self) -> bool:
        return (
            self._renderer is not None
            and self._mode in (Mode.NEW, Mode.EDIT)
            and self._current_answers() != self._baseline
        )

    def set_partners(self, partners: Mapping[str, Partner]) -> None:
        self._partners = dict(partners)
        current = self.partner_combo.currentData()
        self.partner_combo.clear()
        self.partner_combo.addItem(tr("Not in the directory"), None)
        for pid, p in sorted(self._partners.items(), key=lambda x: x[1].agency.name.casefold()):
            self.partner_combo.addItem(p.agency.name, pid)
        index = self.partner_combo.findData(current)
        self.partner_combo.setCurrentIndex(max(0, index))

    # -- opening ----------------------------------------------------------------------------

    def start_new(
        self, definition: FormDefinition, preset: Mapping[str, object] | None = None
    ) -> None:
        """A new response; offers to continue her newest draft of this form if there is one."""
        if self.read_only:
            return
        self.flush_draft()
        draft = latest_draft(self.store.responses, self.store.client_id, definition.id)
        if draft is not None:
            if self.ask_resume(draft):
                self.open_draft(draft)
                return
            self._drop_draft(draft)
        answers: dict[str, object] = {}
        if definition.id == INTAKE_FORM:  # what her profile already knows, ready to check
            client = self.store.clients.get(self.store.client_id, audit=False)
            answers.update(intake_prefill(client, definition))
        if "date" in definition.by_id:
            answers["date"] = self.ctx.today().isoformat()
        answers.update(preset or {})
        rid = str(uuid.uuid4())
        self._show(definition, Mode.NEW, answers, response_id=rid, draft_id=rid, edit_of=None)
        self._draft_written = False

    def open_saved(self, response: FormResponse) -> None:
        """Read a saved response, rendered with the definition version it was written in."""
        self.flush_draft()
        definition = self.ctx.definitions.forms.for_response(response)
        self._show(definition, Mode.VIEW, dict(response.answers), response_id=response.id)
        self._saved = response
        if definition.version != self.ctx.definitions.forms.latest(definition.id).version:
            self._status.setText(
                tr("Saved {date} · written with version {v} of this form").format(
                    date=day(response.date), v=definition.version
                )
            )

    def open_draft(self, draft: FormResponse) -> None:
        if self.read_only:  # a draft opens for editing; her role may only read forms
            return
        self.flush_draft()
        answers, edit_of = split_draft(draft)
        definition = self.ctx.definitions.forms.for_response(draft)
        self._show(
            definition,
            Mode.EDIT if edit_of else Mode.NEW,
            answers,
            response_id=edit_of or draft.id,
            draft_id=draft.id,
            edit_of=edit_of,
        )
        self._draft_written = True
        self._last_draft = self._current_answers()
        if edit_of:
            try:
                original = self.store.responses.get(edit_of)
                self._baseline = self._shown_answers(dict(original.answers))
            except NotFound:  # the original was deleted elsewhere: keep the draft anyway
                self._baseline = {}
        else:
            self._baseline = {}
        self._status.setText(tr("Draft from {date} · not saved yet").format(date=day(draft.date)))

    def edit_current(self) -> None:
        """Turn the response on show into an edit (continuing an edit draft if one exists)."""
        if self.read_only or self._mode is not Mode.VIEW or self._saved is None:
            return
        response = self._saved
        draft = latest_draft(
            self.store.responses, self.store.client_id, response.form_id, edit_of=response.id
        )
        if draft is not None:
            if self.ask_resume(draft):
                self.open_draft(draft)
                return
            self._drop_draft(draft)
            draft = None
        definition = self.ctx.definitions.forms.for_response(response)
        self._show(
            definition,
            Mode.EDIT,
            dict(response.answers),
            response_id=response.id,
            draft_id=draft.id if draft else str(uuid.uuid4()),
            edit_of=response.id,
        )
        self._draft_written = draft is not None
        if self._renderer is not None:
            self._renderer.focus_field(definition.fields[0].id)

    def close_form(self) -> None:
        self.flush_draft()
        self._clear()

    def _drop_draft(self, draft: FormResponse) -> None:
        """She chose not to continue it: gone, so the question does not come back."""
        if self.store.responses.is_draft(draft.id):
            self.store.responses.delete(draft.id)
        self.drafts_changed.emit()

    # -- saving -----------------------------------------------------------------------------

    def flush_draft(self) -> bool:
        """Write any typed text as a draft now (before a lock, a switch, a close)."""
        if self.is_dirty() and not self.autosaver.pending:
            self.autosaver.schedule()
        return self.autosaver.flush()

    def save(self) -> bool:
        """Validate and save for good. Invalid answers are refused with inline errors."""
        if self._renderer is None or self._definition is None or self._mode is Mode.VIEW:
            return False
        renderer, definition = self._renderer, self._definition
        errors = renderer.validate()
        answers = prune_hidden(definition, renderer.answers())
        errors = errors or validate(definition, answers, today=self.ctx.today())
        if errors:
            self._say(tr("Some answers need attention before this can be saved."), ERROR_COLORS)
            renderer.focus_field(errors[0].path.split("[")[0].split(".")[0])
            return False
        answers = self._with_partner(answers)
        assert self._response_id is not None
        client_id = self.store.client_id
        date = response_date(definition, answers, self.ctx.today())
        response = FormResponse(
            self._response_id, definition.id, definition.version, client_id, date, answers
        )
        repo = self.store.responses
        self.autosaver.cancel()
        with self.store.session.transaction():
            repo.save(response)
            if self._edit_of and self._draft_written and self._draft_id:
                repo.delete(self._draft_id)
        self._draft_written = False
        sharing = self._sharing() if definition.id == REFERRAL_FORM else ReferralSharing.SHARED
        if sharing is ReferralSharing.SHARED:
            self.ctx.notify(tr("Form saved."))
        else:
            self.ctx.notify(tr("Referral saved without sharing her information."))
        result = self._after_intake(response) if definition.id == INTAKE_FORM else None
        self._clear()  # before open_saved: a flush now would turn the saved form into a draft
        self.open_saved(response)
        if sharing is ReferralSharing.SHARED:
            self._say(tr("Saved."), OK_COLORS)
        else:
            self._say(saved_without_sharing_words(sharing), WARN_COLORS)
        if result is not None:
            self._show_eligibility(result)
        self.response_saved.emit(response)
        return True

    def discard_draft(self) -> None:
        """Drop the draft row (if written) and go back to the saved version or to nothing."""
        self.autosaver.cancel()
        if self._draft_written and self._draft_id and self.store.responses.is_draft(self._draft_id):
            self.store.responses.delete(self._draft_id)
        self._draft_written = False
        edit_of = self._edit_of
        self._clear()
        if edit_of:
            self.open_saved(self.store.responses.get(edit_of))
        self.drafts_changed.emit()

    # -- internals --------------------------------------------------------------------------

    def _show(
        self,
        definition: FormDefinition,
        mode: Mode,
        answers: dict[str, object],
        *,
        response_id: str | None = None,
        draft_id: str | None = None,
        edit_of: str | None = None,
    ) -> None:
        self._clear()
        self._definition = definition
        self._mode = mode
        self._response_id, self._draft_id, self._edit_of = response_id, draft_id, edit_of
        renderer = FormRenderer(
            definition,
            self.ctx.language,
            scales=self.ctx.definitions.scales,
            today=self.ctx.today,
            parent=self,
        )
        self._renderer = renderer
        self._placeholder.hide()
        self._host.addWidget(renderer)
        self._partner_row.setVisible(definition.id == REFERRAL_FORM)
        partner = answers.get(PARTNER_KEY)
        index = self.partner_combo.findData(partner if isinstance(partner, str) else None)
        self.partner_combo.setCurrentIndex(max(0, index))
        self._partner_row.setEnabled(mode is not Mode.VIEW)
        self._show_sharing()
        shown = self._shown_answers(answers)
        renderer.set_answers(shown)
        renderer.set_read_only(mode is Mode.VIEW)
        renderer.answers_changed.connect(self._on_renderer_answers_changed)
        self._baseline = self._current_answers()
        self._order_tab(renderer)
        if mode is not Mode.VIEW:
            self._focus_first_field(renderer)
        self._status.setText(
            {
                Mode.NEW: tr("New · drafts are kept in the vault as you type"),
                Mode.EDIT: tr("Editing a saved form · drafts are kept as you type"),
                Mode.VIEW: tr("Saved"),
            }.get(mode, "")
        )
        self._sync_buttons()

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

    def _shown_answers(self, answers: dict[str, object]) -> dict[str, object]:
        return {k: v for k, v in answers.items() if k != PARTNER_KEY}

    def _clear(self) -> None:
        self.autosaver.cancel()
        if self._renderer is not None:
            self._renderer.answers_changed.disconnect(self._on_renderer_answers_changed)
            self._host.removeWidget(self._renderer)
            self._renderer.hide()
            self._renderer.deleteLater()
        self._renderer = None
        self._definition = None
        self._saved = None
        self._mode = Mode.EMPTY
        self._response_id = self._draft_id = self._edit_of = None
        self._last_draft = None
        self._partner_row.hide()
        self.sharing_note.hide()
        self._placeholder.show()
        self.message.hide()
        self.age_warning.hide()
        self.eligibility.hide()
        self._status.setText("")
        self._sync_buttons()

    def _current_answers(self) -> dict[str, object]:
        if self._renderer is None:
            return {}
        return self._with_partner(self._renderer.answers())

    def _with_partner(self, answers: dict[str, object]) -> dict[str, object]:
        out = dict(answers)
        if self._definition is not None and self._definition.id == REFERRAL_FORM:
            pid = self.partner_combo.currentData()
            if isinstance(pid, str):
                out[PARTNER_KEY] = pid
        return out

    def _write_draft(self) -> bool:
        if self._renderer is None or self._definition is None or self._mode is Mode.VIEW:
            return False
        answers = self._current_answers()
        if answers in (self._baseline, self._last_draft) or self._draft_id is None:
            return False
        definition = self._definition
        draft = FormResponse(
            self._draft_id,
            definition.id,
            definition.version,
            self.store.client_id,
            response_date(definition, answers, self.ctx.today()),
            with_draft_marker(answers, self._edit_of),
        )
        self.store.responses.save(draft, draft=True)
        self._draft_written = True
        self._last_draft = answers
        return True

    def _after_intake(self, response: FormResponse) -> EligibilityResult:
        """Eligibility, and any profile change the intake makes, applied only if confirmed."""
        a = response.answers
        result = evaluate(a, self.ctx.definitions.program.eligibility, response.date)
        client = self.store.clients.get(self.store.client_id, audit=False)
        changes = profile_changes(client, a)
        if changes and self.confirm_profile_changes(changes):
            self.store.clients.save(apply_profile_changes(client, changes))
            self.client_changed.emit()
        return result

    def _show_eligibility(self, result: EligibilityResult) -> None:
        if result.eligible:
            text, colors = tr("Eligible for the program."), OK_COLORS
        elif not result.complete:
            text, colors = tr("Eligibility not decided yet:"), WARN_COLORS
        else:
            text, colors = tr("Not eligible under the program's criteria:"), WARN_COLORS
        lines = [text, *("• " + eligibility_finding(f) for f in result.reasons)]
        if result.minor:
            lines.append(
                tr("Under 18: duty-to-report rules for minors apply. Check with your supervisor.")
            )
            colors = ERROR_COLORS if result.eligible else colors
        self.eligibility.setText("\n".join(lines))
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

    def _on_renderer_answers_changed(self) -> None:
        self.message.hide()
        self._check_dob_and_age()
        self.autosaver.schedule()

    def _check_dob_and_age(self) -> None:
        """Said while she types, before eligibility (and any minor flag) is worked out."""
        text = None
        if self._renderer is not None and self._definition is not None:
            a = self._renderer.answers()
            age = a.get("age")
            text = dob_age_disagreement(
                parse_date(a.get("date_of_birth")),
                age if isinstance(age, int) and not isinstance(age, bool) else None,
                response_date(self._definition, a, self.ctx.today()),
            )
        self.age_warning.setText(text or "")
        self.age_warning.setVisible(bool(text))

    def _on_partner_combo_activated(self, _index: int) -> None:
        pid = self.partner_combo.currentData()
        if self._renderer is not None and isinstance(pid, str) and pid in self._partners:
            answers = self._renderer.answers()
            answers["agency_name"] = self._partners[pid].agency.name
            self._renderer.set_answers(answers)
        self._show_sharing()
        self.autosaver.schedule()

    def _sharing(self) -> ReferralSharing:
        pid = self.partner_combo.currentData()
        consent = effective_consent(self.store.consents.for_client(self.store.client_id))
        return referral_sharing(consent, pid if isinstance(pid, str) else None)

    def _show_sharing(self) -> None:
        """Say, while a referral is filled in, when it will go without her information."""
        editing = self._mode is not Mode.VIEW and self._renderer is not None
        if not (editing and self._definition is not None and self._definition.id == REFERRAL_FORM):
            self.sharing_note.hide()
            return
        sharing = self._sharing()
        self.sharing_note.setText(sharing_warning_words(sharing))
        self.sharing_note.setVisible(sharing is not ReferralSharing.SHARED)

    def _on_autosaver_draft_saved(self) -> None:
        self.drafts_changed.emit()

    def _on_discard_button_clicked(self) -> None:
        if self.is_dirty() or self._draft_written:
            answer = QMessageBox.question(
                self,
                tr("Discard"),
                tr("Throw away what was typed in this form since it was last saved?"),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.discard_draft()


__all__ = ["FormEditor", "Mode"]
