"""The outreach log: fast entry of pre-phase contacts (anonymous by default, or linked to a
client), saved with Ctrl+Enter, with the recent entries below. Anonymous rows show no name."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

from PySide6.QtCore import (
    Qt,
    Signal,
)
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from exitdoors_desktop.core.definitions import Definitions
from exitdoors_desktop.core.forms import FormResponse, prune_hidden, response_date, validate
from exitdoors_desktop.storage.client_scope import only_visible
from exitdoors_desktop.storage.clients_repo import ClientRepository
from exitdoors_desktop.storage.program_repo import ResponseRepository
from exitdoors_desktop.ui.forms.drafts import DraftAutosaver
from exitdoors_desktop.ui.forms.renderer import FormRenderer
from exitdoors_desktop.ui.kit.context import AppContext
from exitdoors_desktop.ui.kit.i18n import tr
from exitdoors_desktop.ui.kit.table import Column, ColumnTableModel
from exitdoors_desktop.ui.kit.words import day, option_label

OUTREACH_FORM = "outreach_contact"
RECENT_DAYS = 60
BANNER = "padding: 6px 10px; border-radius: 4px; background: #fdf1e2; color: #6b3d07;"


class OutreachRecentModel(ColumnTableModel):
    """Recent outreach contacts, newest first. Columns: date, place, who, reached, needs."""

    def __init__(self, definitions: Definitions, language: str, parent: QWidget | None = None):
        self._defs = definitions
        self._language = language
        self._names: dict[str, str] = {}

        def label(field: str, value: object) -> str:
            return option_label(self._defs, OUTREACH_FORM, field, value, self._language)

        def needs(r: FormResponse) -> str:
            raised = r.answers.get("needs_raised")
            return ", ".join(
                label("needs_raised", n) for n in (raised if isinstance(raised, list) else [])
            )

        def reached(r: FormResponse) -> str:
            n = r.answers.get("people_reached")
            return str(n) if isinstance(n, int) else ""

        super().__init__(
            [
                Column(lambda: tr("Date"), lambda r: day(r.date), sort_key=lambda r: r.date),
                Column(
                    lambda: tr("Where"), lambda r: label("place_type", r.answers.get("place_type"))
                ),
                Column(lambda: tr("Who"), self.who),
                Column(lambda: tr("People"), reached),
                Column(lambda: tr("Needs raised"), needs),
            ],
            parent,
        )

    def set_rows(self, rows: Sequence[FormResponse], names: dict[str, str] | None = None) -> None:
        self._names = dict(names or {})
        super().set_rows(rows)

    def response(self, row: int) -> FormResponse:
        response: FormResponse = self.row_at(row)
        return response

    def who(self, r: FormResponse) -> str:
        # Anonymous means anonymous: never a name, not even an alias typed before switching.
        if r.client_id is None:
            if r.answers.get("anonymous") is False and isinstance(r.answers.get("alias"), str):
                return tr("Not linked: {alias}").format(alias=r.answers["alias"])
            return tr("Anonymous")
        return self._names.get(r.client_id, tr("(a client)"))


class OutreachPage(QWidget):
    """Signals: ``contact_saved(FormResponse)``. Call ``save_drafts()`` before a lock."""

    contact_saved = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("outreach_page")
        self.ctx = ctx
        self.responses = ResponseRepository(ctx.session)
        self.clients = ClientRepository(ctx.session)
        self.definition = ctx.definitions.forms.latest(OUTREACH_FORM)
        self._entry_id = str(uuid.uuid4())
        self._baseline: tuple[object, ...] = ()
        self._names: dict[str, str] = {}
        self.autosaver = DraftAutosaver(self._write_draft, parent=self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        title = QLabel(tr("Outreach log"), self)
        title.setStyleSheet("font-size: 15pt; font-weight: 600;")
        layout.addWidget(title)
        self.banner = QWidget(self)
        banner_row = QHBoxLayout(self.banner)
        banner_row.setContentsMargins(0, 0, 0, 0)
        self.banner_text = QLabel(self.banner)
        self.banner_text.setObjectName("outreach_draft_banner")
        self.banner_text.setStyleSheet(BANNER)
        banner_row.addWidget(self.banner_text, 1)
        self.start_over = QPushButton(tr("Start over"), self.banner)
        self.start_over.setObjectName("outreach_start_over")
        self.start_over.clicked.connect(self._on_start_over_clicked)
        banner_row.addWidget(self.start_over)
        self.banner.hide()
        layout.addWidget(self.banner)
        link = QHBoxLayout()
        linked_label = QLabel(tr("&Linked to"), self)
        link.addWidget(linked_label)
        self.client_combo = QComboBox(self)
        self.client_combo.setObjectName("outreach_client")
        self.client_combo.setEditable(True)
        self.client_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        completer = QCompleter(self.client_combo.model(), self.client_combo)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.client_combo.setCompleter(completer)
        self.client_combo.currentIndexChanged.connect(self._on_client_combo_changed)
        self.client_combo.setMinimumWidth(200)
        linked_label.setBuddy(self.client_combo)
        self.client_combo.setMaximumWidth(480)
        link.addWidget(self.client_combo, 1)
        link.addStretch(0)
        layout.addLayout(link)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        form_box = QWidget(splitter)
        form_column = QVBoxLayout(form_box)
        form_column.setContentsMargins(0, 0, 0, 0)
        self.renderer = FormRenderer(
            self.definition, ctx.language, scales=ctx.definitions.scales, show_title=False,
            today=ctx.today, parent=form_box,
        )  # fmt: skip
        self.renderer.answers_changed.connect(self._on_renderer_answers_changed)
        form_column.addWidget(self.renderer, 1)
        # After the fields, in reading and Tab order: fill in, then save.
        save_row = QHBoxLayout()
        self.message = QLabel(form_box)
        self.message.setObjectName("outreach_message")
        self.message.setStyleSheet("color: #8c1d18;")
        self.message.setWordWrap(True)
        self.message.hide()
        save_row.addWidget(self.message, 1)
        self.save_button = QPushButton(tr("&Save  (Ctrl+Enter)"), form_box)
        self.save_button.setObjectName("outreach_save")
        self.save_button.clicked.connect(self.save)
        save_row.addWidget(
            self.save_button, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop
        )
        form_column.addLayout(save_row)
        recent_box = QWidget(splitter)
        recent = QVBoxLayout(recent_box)
        recent.setContentsMargins(0, 8, 0, 0)
        recent.addWidget(QLabel(tr("Recent contacts (last {n} days)").format(n=RECENT_DAYS)))
        self.model = OutreachRecentModel(ctx.definitions, ctx.language, self)
        self.view = QTableView(recent_box)
        self.view.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside
        self.view.setObjectName("outreach_recent")
        self.view.setAccessibleName(tr("Recent contacts"))
        self.view.setModel(self.model)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setAlternatingRowColors(True)
        self.view.setShowGrid(False)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setStretchLastSection(True)
        recent.addWidget(self.view)
        splitter.addWidget(form_box)
        splitter.addWidget(recent_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.save)
        self.refresh()
        self._reset(keep={})
        self._resume_draft()

    # -- public API -------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the client list and the recent entries (no client is viewed: no audit)."""
        current = self.linked_client()
        # Only the clients her role lets her see (core/permissions); others show as "(a client)".
        seen = only_visible(self.ctx.session, self.clients.all())
        self._names = {c.id: c.preferred_name for c in seen}
        self.client_combo.blockSignals(True)
        self.client_combo.clear()
        self.client_combo.addItem(tr("Anonymous (no identity recorded)"), None)
        for cid, name in sorted(self._names.items(), key=lambda x: x[1].casefold()):
            self.client_combo.addItem(name, cid)
        self.client_combo.setCurrentIndex(max(0, self.client_combo.findData(current)))
        self.client_combo.blockSignals(False)
        since = self.ctx.today() - dt.timedelta(days=RECENT_DAYS)
        self.model.set_rows(self.responses.recent(OUTREACH_FORM, since), self._names)

    def linked_client(self) -> str | None:
        data = self.client_combo.currentData()
        return data if isinstance(data, str) else None

    def link_client(self, client_id: str | None) -> None:
        self.client_combo.setCurrentIndex(max(0, self.client_combo.findData(client_id)))

    def save_drafts(self) -> bool:
        """Write the unsaved entry as a draft now (as before a lock)."""
        if self._state() != self._baseline and not self.autosaver.pending:
            self.autosaver.schedule()
        return self.autosaver.flush()

    def stop(self) -> None:
        """The page protocol: after save_drafts, no autosave may fire into a locked vault."""
        self.autosaver.cancel()

    def save(self) -> FormResponse | None:
        """Validate and save the entry; the form is then ready for the next one."""
        errors = self.renderer.validate()
        answers = prune_hidden(self.definition, self.renderer.answers())
        if errors or validate(self.definition, answers, today=self.ctx.today()):
            self.message.setText(tr("Some answers need attention before saving."))
            self.message.show()
            if errors:
                self.renderer.focus_field(errors[0].path.split("[")[0].split(".")[0])
            return None
        response = self._response(answers)
        self.autosaver.cancel()
        self.responses.save(response)
        self.ctx.notify(tr("Outreach contact saved."))
        self.contact_saved.emit(response)
        keep: dict[str, object] = {k: answers[k] for k in ("date", "place_type") if k in answers}
        self._entry_id = str(uuid.uuid4())
        self.banner.hide()
        self.refresh()
        self._reset(keep)
        return response

    # -- internals --------------------------------------------------------------------------

    def _response(self, answers: dict[str, object]) -> FormResponse:
        linked = self.linked_client()
        client_id = linked if answers.get("anonymous") is False else None
        return FormResponse(
            self._entry_id,
            self.definition.id,
            self.definition.version,
            client_id,
            response_date(self.definition, answers, self.ctx.today()),
            answers,
        )

    def _state(self) -> tuple[object, ...]:
        return (self.renderer.answers(), self.linked_client())

    def _reset(self, keep: dict[str, object]) -> None:
        answers: dict[str, object] = {"date": self.ctx.today().isoformat(), "anonymous": True}
        answers.update(keep)
        self.link_client(None)
        self.renderer.set_answers(answers)
        self.message.hide()
        self._baseline = self._state()
        self.renderer.focus_field("place_type" if "date" in keep else "date")

    def _resume_draft(self) -> None:
        drafts = self.responses.recent(OUTREACH_FORM, drafts=True, limit=1)
        if not drafts:
            return
        draft = drafts[0]
        self._entry_id = draft.id
        self.link_client(draft.client_id)
        self.renderer.set_answers(draft.answers)
        self.banner_text.setText(
            tr("Continuing an entry from {date} that was not saved yet.").format(
                date=day(draft.date)
            )
        )
        self.banner.show()

    def _write_draft(self) -> bool:
        if self._state() == self._baseline:
            return False
        answers = self.renderer.answers()
        draft = self._response(answers)
        if self.linked_client() is not None:
            draft = FormResponse(draft.id, draft.form_id, draft.form_version,
                                 self.linked_client(), draft.date, draft.answers)  # fmt: skip
        self.responses.save(draft, draft=True)
        return True

    def _on_renderer_answers_changed(self) -> None:
        self.message.hide()
        if self.renderer.answers().get("anonymous") is True and self.linked_client():
            self.link_client(None)
        self.autosaver.schedule()

    def _on_client_combo_changed(self, _index: int) -> None:
        if self.linked_client() is not None:
            answers = self.renderer.answers()
            if answers.get("anonymous") is not False:
                answers["anonymous"] = False
                self.renderer.set_answers(answers)
        self.autosaver.schedule()

    def _on_start_over_clicked(self) -> None:
        self.autosaver.cancel()
        if self.responses.is_draft(self._entry_id):
            self.responses.delete(self._entry_id)
        self._entry_id = str(uuid.uuid4())
        self.banner.hide()
        self._reset({})

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()
