"""The caseload page: search-as-you-type, phase and flag filters, the table with flag chips,
and "New client"."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Collection, Sequence
from dataclasses import replace

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from exitdoors_desktop.core.caseload import CaseloadRow, Flag
from exitdoors_desktop.core.lifecycle import CTI_PHASES, Reason, State
from exitdoors_desktop.core.people import Client
from exitdoors_desktop.storage.caseload_query import caseload
from exitdoors_desktop.storage.clients_repo import ClientRepository
from exitdoors_desktop.storage.program_repo import TransitionRepository
from exitdoors_desktop.ui.caseload.delegates import FlagChipsDelegate, NameDelegate
from exitdoors_desktop.ui.caseload.model import (
    DAYS,
    FLAG_ORDER,
    FLAGS,
    ID_ROLE,
    LAST,
    NAME,
    NEXT,
    CaseloadFilterProxy,
    CaseloadTableModel,
    PreparedRows,
    flag_words,
)
from exitdoors_desktop.ui.kit import vocabulary
from exitdoors_desktop.ui.kit.columns import FittedColumns
from exitdoors_desktop.ui.kit.context import AppContext
from exitdoors_desktop.ui.kit.date_input import DateInput
from exitdoors_desktop.ui.kit.flow import FlowLayout
from exitdoors_desktop.ui.kit.gc_pause import gc_paused
from exitdoors_desktop.ui.kit.words import dob_age_disagreement

Index = QModelIndex | QPersistentModelIndex
Rows = Sequence[CaseloadRow] | PreparedRows
# More clients changed at once than this (a first sync) are read by a full background load.
MAX_ROWS_REFRESHED = 300
# What the name column keeps whole at any text size: twenty characters of a long hyphenated
# French name (a measure, never shown).
LEAST_NAME = "Marie-Ève Tremblay-Côté"[:20]


class CaseloadPage(QWidget):
    """Signals: ``client_opened(client_id)``, ``client_created(client_id)``, ``load_ended``
    (a load delivered its rows or failed).

    ``load(deliver)`` starts loading the rows (in the background) and calls ``deliver(rows)``
    on the GUI thread; the page never queries the database while the worker types.
    """

    client_opened = Signal(str)
    client_created = Signal(str)
    load_ended = Signal()

    def __init__(self, ctx: AppContext, load: Callable[[Callable[[Rows], None]], None],
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.setObjectName("caseloadPage")
        self._ctx = ctx
        self._load = load
        self._loaded = False
        self._wanted: str | None = None  # a row asked for before the list arrived
        # Rows re-read after writes, with the number of the load under way when each was read
        # (see refresh_clients): only a load started before her write can hold an older row.
        self._fresh: dict[str, tuple[int, CaseloadRow | None]] = {}
        self._loads = 0  # loads started
        self.model = CaseloadTableModel(ctx.definitions.program, ctx.language, self)
        self.model.rows_wanted.connect(self._on_model_rows_wanted)
        self.proxy = CaseloadFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.search = QLineEdit(self)
        self.search.setObjectName("caseloadSearch")
        self.search.setPlaceholderText(self.tr("Search names and aliases…"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Search the caseload"))
        # Room for the whole placeholder (French at 150 % included); the line wraps if need be.
        self.search.setMinimumWidth(
            self.search.fontMetrics().horizontalAdvance(self.search.placeholderText()) + 48
        )
        self.phase_filter = QComboBox(self)
        self.phase_filter.setObjectName("caseloadPhaseFilter")
        self.phase_filter.setAccessibleName(self.tr("Show phase"))
        self.phase_filter.addItem(self.tr("All phases"), None)
        for phase in ctx.definitions.program.phases:
            self.phase_filter.addItem(phase.name.get(ctx.language), phase.id)
        for state in (State.PAUSED, State.GRADUATED, State.CLOSED):
            self.phase_filter.addItem(vocabulary.short_state(state), state.value)
        self.phase_filter.addItem(vocabulary.short_state(None), "none")
        _narrow(self.phase_filter)
        self.flag_filter = QComboBox(self)
        self.flag_filter.setObjectName("caseloadFlagFilter")
        self.flag_filter.setAccessibleName(self.tr("Show who needs attention"))
        self.flag_filter.addItem(self.tr("Any flag or none"), None)
        for flag in FLAG_ORDER:
            self.flag_filter.addItem(flag_words(flag), flag.value)
        _narrow(self.flag_filter)
        self.mine = QCheckBox(self.tr("Only &mine"), self)
        self.mine.setObjectName("caseloadOnlyMine")
        self.new_button = QPushButton(self.tr("&New client…"), self)
        self.new_button.setObjectName("newClientButton")
        self.summary = QLabel(self)
        self.summary.setObjectName("caseloadSummary")
        self.summary.setWordWrap(True)
        self.table = QTableView(self)
        self.table.setObjectName("caseloadTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(NAME, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setMouseTracking(True)
        self.table.setAccessibleName(self.tr("Caseload"))
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(36)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.setItemDelegateForColumn(NAME, NameDelegate(self.table))
        self.table.setItemDelegateForColumn(FLAGS, FlagChipsDelegate(self.table))
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        # Every column inside the table at any width. Her name comes first: twenty characters
        # of a long hyphenated French name, whatever the text size (a longer name is elided in
        # the middle, whole in its tooltip); then her first flag's word whole; then short
        # columns as wide as their contents ("Parcours terminé" whole) under headers that
        # wrap. When even so they cannot all show, the columns of least use give way, in this
        # order: the days in phase (an overdue phase is also a flag), the last contact (both
        # are in her record), then the next contact (an overdue one is also a flag).
        self.columns = FittedColumns(
            self.table, NAME, least=120, give_way=(DAYS, LAST, NEXT), least_text=LEAST_NAME
        )
        self.empty = QLabel(self.tr("No clients yet. Use “New client…” to add the first."), self)
        self.empty.setObjectName("caseloadEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.body = QStackedWidget(self)
        self.body.addWidget(self.table)
        self.body.addWidget(self.empty)
        # One line on a wide screen; on a narrow one (French at 150 % on 1024 px) the filters
        # wrap onto a second line rather than cut "Toutes les phases" or widen the window.
        top = FlowLayout()
        top.add(self.search, stretch=True)
        top.add(self.phase_filter)
        top.add(self.flag_filter)
        top.add(self.mine)
        top.add(self.new_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 10)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.body, 1)
        self.search.textChanged.connect(self._on_search_text_changed)
        self.search.returnPressed.connect(self._on_search_return_pressed)
        self.search.installEventFilter(self)
        self.phase_filter.currentIndexChanged.connect(self._on_phase_filter_current_index_changed)
        self.flag_filter.currentIndexChanged.connect(self._on_flag_filter_current_index_changed)
        self.mine.toggled.connect(self._on_mine_toggled)
        self.table.activated.connect(self._on_table_activated)
        self.new_button.clicked.connect(self._on_new_button_clicked)
        self.setFocusProxy(self.search)

    # -- loading --------------------------------------------------------------------------------

    # -- the page protocol (ui.kit.page): the shell's load runs the caseload's work -------------

    def save_drafts(self) -> bool:
        return True  # the caseload holds no typed text worth keeping (a search is not a note)

    def stop(self) -> None:
        """The shell cancels the caseload loads it runs; nothing else runs here."""

    def reload(self) -> None:
        self._loads += 1
        if not self._loaded:
            self.summary.setText(self.tr("Loading…"))
        self._load(self._on_rows_loaded)

    def refresh_clients(self, client_ids: Collection[str]) -> None:
        """After a write about these clients (any screen, or a sync): re-read just their rows
        through the per-client indexes and put them in place, at once. A client no longer
        there (erased, withdrawn, out of her role's sight) leaves the list."""
        ids = sorted({str(c) for c in client_ids})
        if not ids or not self._ctx.session.is_open:
            return
        if len(ids) > MAX_ROWS_REFRESHED:  # a first sync of a whole team: read everyone
            self.reload()
            return
        rows = caseload(
            self._ctx.session, self._ctx.definitions.program, self._ctx.today(), client_ids=ids
        )
        found = {r.client_id for r in rows}
        gone = [c for c in ids if c not in found]
        self.model.put_rows(rows, gone)
        # A load already under way may have read the vault before this write: its rows must
        # not undo it.
        self._fresh.update({r.client_id: (self._loads, r) for r in rows})
        self._fresh.update({c: (self._loads, None) for c in gone})
        if self._loaded:
            self._update_summary()

    def _on_rows_loaded(self, rows: Rows) -> None:
        selected = self.current_client_id() or self._wanted
        self._wanted = None
        partial = isinstance(rows, PreparedRows) and not rows.complete
        self._loaded = True
        with gc_paused():  # 10,000 rows' sort keys and lists (see ui/kit/gc_pause.py)
            self.model.set_rows(rows)
        if self._fresh:
            # Rows read after the latest load started are newer than what it read; rows read
            # before it are older, and go once it has delivered everyone.
            newer = {c: r for c, (n, r) in self._fresh.items() if n >= self._loads}
            self.model.put_rows(
                [r for r in newer.values() if r is not None],
                [c for c, r in newer.items() if r is None],
            )
            if not partial:
                self._fresh = {c: (self._loads, r) for c, r in newer.items()}
        self._update_summary()
        if partial:
            assert isinstance(rows, PreparedRows)
            self.summary.setText(
                self.tr("All {total} clients are listed; reading their phases and flags…").format(
                    total=rows.total
                )
            )
        if selected:
            self.select_client(selected)
        if not partial:
            self.load_ended.emit()

    def _on_model_rows_wanted(self, ids: list[str]) -> None:
        # Lines drawn before the full read ended (she scrolled): read just those, through the
        # per-client indexes, here and now as refresh_clients does (a screenful takes tens of
        # milliseconds); on the worker they would wait behind the full read.
        if not self._ctx.session.is_open:
            return
        program, today = self._ctx.definitions.program, self._ctx.today()
        self.model.fill_rows(caseload(self._ctx.session, program, today, client_ids=ids))

    def show_load_failed(self) -> None:
        self.summary.setText(self.tr("The caseload could not be loaded."))
        self.load_ended.emit()

    # -- selection ------------------------------------------------------------------------------

    def current_client_id(self) -> str | None:
        index = self.table.currentIndex()
        value = index.data(ID_ROLE) if index.isValid() else None
        return str(value) if value else None

    def select_client(self, client_id: str) -> bool:
        """Put the cursor on her row; if the list is still being read, once it arrives."""
        row = self.model.row_of(client_id)
        if row < 0:
            self._wanted = None if self._loaded else client_id
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            return False
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        return True

    # -- summary --------------------------------------------------------------------------------

    def _update_summary(self) -> None:
        total = self.model.rowCount()
        shown = self.proxy.rowCount()
        self.body.setCurrentWidget(self.empty if total == 0 else self.table)
        me = self._ctx.session.user_id if self._ctx.session.is_open else None
        active = sum(1 for r in self.model.rows()
                     if r.assigned_worker == me and r.state in CTI_PHASES)  # fmt: skip
        limit = self._ctx.definitions.program.caseload_limit
        if total and not shown:
            text = self.tr("No one matches. Clear the search or filters to see everyone.")
        elif self.proxy.is_filtered():
            text = self.tr("{shown} of {total} shown").format(shown=shown, total=total)
        else:
            text = (
                self.tr("1 client")
                if total == 1
                else self.tr("{total} clients").format(total=total)
            )
        text += "  ·  " + self.tr("your active CTI caseload: {n} (limit {limit})").format(
            n=active, limit=limit
        )
        self.summary.setText(text)
        self.summary.setProperty("tone", "warn" if active > limit else "")
        self.summary.style().unpolish(self.summary)
        self.summary.style().polish(self.summary)

    # -- slots ----------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        # Down from the search box goes into the results.
        if (watched is self.search and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Down):  # fmt: skip
            self._focus_first_row()
            return True
        # Escape clears a search (and shows everyone again); with nothing typed it goes on.
        if (watched is self.search and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Escape
                and self.search.text()):  # fmt: skip
            self.search.clear()
            return True
        return False

    def _focus_first_row(self) -> None:
        if self.proxy.rowCount():
            if not self.table.currentIndex().isValid():
                self.table.setCurrentIndex(self.proxy.index(0, 0))
            self.table.setFocus()

    def _on_search_return_pressed(self) -> None:
        self._focus_first_row()

    def _on_search_text_changed(self, text: str) -> None:
        self.proxy.set_search(text)
        self._update_summary()

    def _on_phase_filter_current_index_changed(self, _index: int) -> None:
        self.proxy.set_phase(self.phase_filter.currentData())
        self._update_summary()

    def _on_flag_filter_current_index_changed(self, _index: int) -> None:
        value = self.flag_filter.currentData()
        self.proxy.set_flag(Flag(value) if value else None)
        self._update_summary()

    # The old slot name, kept for callers written against it.
    _on_flag_filter_changed = _on_flag_filter_current_index_changed

    def _on_mine_toggled(self, checked: bool) -> None:
        self.proxy.set_worker(self._ctx.session.user_id if checked else None)
        self._update_summary()

    def _on_table_activated(self, index: QModelIndex) -> None:
        client_id = self.proxy.data(index, ID_ROLE)
        if client_id:
            self.client_opened.emit(str(client_id))

    def _on_new_button_clicked(self) -> None:
        dialog = NewClientDialog(self, self._ctx.today())
        if dialog.exec() == QDialog.DialogCode.Accepted and self._ctx.session.is_open:
            client_id = dialog.save(self._ctx)
            self._ctx.notify(self.tr("New client added."))  # no name: notices carry no client data
            self.client_created.emit(client_id)
            self.refresh_clients([client_id])  # her row at once, not a reload of everyone
            self.client_opened.emit(client_id)


def _narrow(combo: QComboBox) -> None:
    """A filter wide enough for its first entry whole ("Toutes les phases", not "Toutes les
    phase"); longer entries show whole in the open list. The line wraps when narrow."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(len(combo.itemText(0)) + 1)  # follows the text size
    combo.view().setMinimumWidth(combo.view().sizeHintForColumn(0) + 24)


class NewClientDialog(QDialog):
    """The least needed to start: a name she chooses (an alias is fine), the rest optional."""

    def __init__(self, parent: QWidget | None = None, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self._today = today or dt.date.today()
        self.setObjectName("newClientDialog")
        self.setWindowTitle(self.tr("New client"))
        self.name = QLineEdit(self)
        self.name.setObjectName("newClientName")
        self.name.setPlaceholderText(self.tr("The name she wants used; an alias is fine"))
        self.pronouns = QLineEdit(self)
        self.pronouns.setObjectName("newClientPronouns")
        self.pronouns.setPlaceholderText(self.tr("e.g. she/her"))
        # Empty until entered: a date of birth of "today" once flagged a 30-year-old a minor.
        self.dob = DateInput(self, latest=self._today, earliest=dt.date(1900, 1, 1))
        self.dob.setObjectName("newClientDob")
        self.dob.line.setObjectName("newClientDobText")
        self.age = QSpinBox(self)
        self.age.setObjectName("newClientAge")
        self.age.setRange(0, 120)
        self.age.setSpecialValueText(self.tr("not given"))
        self.languages = QLineEdit(self)
        self.languages.setObjectName("newClientLanguages")
        self.languages.setPlaceholderText(self.tr("e.g. English; Spanish"))
        note = QLabel(self.tr("Only the name is needed now. Intake forms come next."), self)
        note.setProperty("role", "note")
        note.setWordWrap(True)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.setVerticalSpacing(10)
        self.age_warning = QLabel(self)
        self.age_warning.setObjectName("newClientAgeWarning")
        self.age_warning.setWordWrap(True)
        self.age_warning.setStyleSheet("color: #6b3d07;")
        self.age_warning.hide()
        for text, widget in (
            (self.tr("&Name *"), self.name),
            (self.tr("&Pronouns"), self.pronouns),
            (self.tr("Date of &birth"), self.dob),
            (self.tr("Or a&ge"), self.age),
            (self.tr("&Languages"), self.languages),
        ):
            label = QLabel(text, self)
            label.setBuddy(widget.line if isinstance(widget, DateInput) else widget)
            form.addRow(label, widget)
        form.addRow("", self.age_warning)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.setObjectName("newClientButtons")
        self._save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self._save_button.setObjectName("newClientSave")
        self._save_button.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(buttons)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.name.textChanged.connect(self._on_name_text_changed)
        self.dob.date_changed.connect(self._on_dob_or_age_changed)
        self.age.valueChanged.connect(self._on_dob_or_age_changed)

    def sizeHint(self) -> QSize:  # noqa: N802
        # At least 440 px wide — never a fixed minimum under the layout's own: a fixed 440 let
        # the window open narrower than its fields (at 150 % the date field was squashed).
        return super().sizeHint().expandedTo(QSize(440, 0))

    def _on_name_text_changed(self, _text: str = "") -> None:
        self._save_button.setEnabled(bool(self.name.text().strip()) and self.dob.problem() is None)

    def _on_dob_or_age_changed(self, *_args: object) -> None:
        self._on_name_text_changed()
        text = dob_age_disagreement(self.dob.date(), self.age.value() or None, self._today)
        self.age_warning.setText(text or "")
        self.age_warning.setVisible(bool(text))

    def client(self) -> Client:
        dob = self.dob.date()
        return Client(
            id=str(uuid.uuid4()),
            preferred_name=" ".join(self.name.text().split()),
            pronouns=self.pronouns.text().strip() or None,
            date_of_birth=dob,
            age=None if dob is not None else (self.age.value() or None),
            languages=tuple(p.strip() for p in self.languages.text().split(";") if p.strip()),
        )

    def save(self, ctx: AppContext) -> str:
        """Save her profile (assigned to this worker) and enrol her in the pre-phase, at once."""
        client = self.client()
        session, today = ctx.session, ctx.today()
        with session.transaction():
            ClientRepository(session).save(replace(client, assigned_worker=session.user_id), today)
            TransitionRepository(session).record(client.id, State.PRE, Reason.ENROLLED, today)
        return client.id


__all__ = ["CaseloadPage", "FlagChipsDelegate", "NameDelegate", "NewClientDialog"]
