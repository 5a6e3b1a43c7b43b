"""The one form editor of the client record: fill a new form, edit or read a saved one, with
draft autosave into the vault, validation before a final save, and intake eligibility. Its
widgets are built in editor_view.py; its words and questions are in form_notes.py."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QMessageBox, QWidget

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
from exitdoors_desktop.ui.kit.words import day, dob_age_disagreement
from exitdoors_desktop.ui.record.data import INTAKE_FORM, Partner, RecordStore
from exitdoors_desktop.ui.record.editor_view import FormEditorView
from exitdoors_desktop.ui.record.form_notes import (
    ERROR_COLORS,
    OK_COLORS,
    WARN_COLORS,
    Mode,
    ask_resume_dialog,
    confirm_profile_dialog,
    saved_without_sharing_words,
    sharing_warning_words,
)
from exitdoors_desktop.ui.record.partner_picker import PARTNER_KEY


class FormEditor(FormEditorView):
    """Shows one form at a time. Signals: ``response_saved(FormResponse)``, ``drafts_changed``.

    ``ask_resume`` decides whether to continue an existing draft (a dialog by default; tests
    replace it)."""

    response_saved = Signal(object)
    drafts_changed = Signal()
    client_changed = Signal()

    def __init__(self, ctx: AppContext, store: RecordStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.store = store
        self.ask_resume: Callable[[FormResponse], bool] = lambda d: ask_resume_dialog(self, d)
        # Replaceable by tests: asked before a saved intake changes the profile.
        self.confirm_profile_changes: Callable[[tuple[ProfileChange, ...]], bool] = lambda changes: (
            confirm_profile_dialog(self, changes)
        )
        self._partners: dict[str, Partner] = {}
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
        self.partner_combo.activated.connect(self._on_partner_combo_activated)
        self.discard_button.clicked.connect(self._on_discard_button_clicked)
        self.edit_button.clicked.connect(self.edit_current)
        self.save_button.clicked.connect(self.save)
        self.save_shortcut.activated.connect(self.save)
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
        self._partner_row.set_partners(self._partners)

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

    def release(self) -> None:
        """The editor's last act before it is deleted (the record closing): typed text kept as
        a draft, the form closed with its signals cut, the autosaver closed for good."""
        self.flush_draft()
        self._clear()
        self.autosaver.close()

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


# Mode and the note colours stay importable from here, where the record and tests find them.
__all__ = ["ERROR_COLORS", "OK_COLORS", "PARTNER_KEY", "WARN_COLORS", "FormEditor", "Mode"]
