"""The Groups page: the sessions that ran (date, type, topic, size — never who came), a way to
record a new one (Ctrl+Shift+G), and the series with each woman's "attended A of P"."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from exitdoors_desktop.core.groups import GroupSession, series_completion
from exitdoors_desktop.storage.client_scope import only_visible, visible_ids
from exitdoors_desktop.storage.clients_repo import ClientRepository
from exitdoors_desktop.storage.groups_repo import ChecklistEntry, GroupRepository
from exitdoors_desktop.storage.program_repo import PartnerRepository
from exitdoors_desktop.ui.groups.editor import EditorChoices, SessionEditorDialog
from exitdoors_desktop.ui.groups.models import (
    SORT_ROLE,
    SeriesProgressModel,
    SeriesTableModel,
    SessionTableModel,
)
from exitdoors_desktop.ui.groups.series import SeriesDialog
from exitdoors_desktop.ui.kit.context import AppContext
from exitdoors_desktop.ui.kit.dialog_slot import DialogSlot
from exitdoors_desktop.ui.kit.i18n import tr

NEW_SESSION_KEYS = "Ctrl+Shift+G"


def _table(parent: QWidget, name: str) -> QTableView:
    view = QTableView(parent)
    view.setObjectName(name)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.setShowGrid(False)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    return view


class GroupsPage(QWidget):
    """Signals: ``session_saved(GroupSession)``, ``series_saved(Series)``."""

    session_saved = Signal(object)
    series_saved = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("groups_page")
        self.ctx = ctx
        self.settings = ctx.definitions.program.groups
        self.repo = GroupRepository(ctx.session, self.settings)
        self._editor: DialogSlot[SessionEditorDialog] = DialogSlot()
        self._series_dialog: DialogSlot[SeriesDialog] = DialogSlot()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        title = QLabel(tr("Group work"), self)
        title.setStyleSheet("font-size: 15pt; font-weight: 600;")
        layout.addWidget(title)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("groups_tabs")
        layout.addWidget(self.tabs, 1)

        # Sessions
        sessions = QWidget(self.tabs)
        col = QVBoxLayout(sessions)
        row = QHBoxLayout()
        self.new_session = QPushButton(tr("&New session…  (Ctrl+Shift+G)"), sessions)
        self.new_session.setObjectName("groups_new_session")
        self.new_session.clicked.connect(self.open_new_session)
        row.addWidget(self.new_session)
        row.addStretch(1)
        self.summary = QLabel(sessions)
        self.summary.setObjectName("groups_summary")
        self.summary.setWordWrap(True)  # beside the button on a 1024-wide screen at 150 %
        row.addWidget(self.summary)
        col.addLayout(row)
        self.model = SessionTableModel(self.settings, ctx.language, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.view = _table(sessions, "groups_sessions")
        self.view.setAccessibleName(tr("Group sessions"))
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(SessionTableModel.DATE, Qt.SortOrder.DescendingOrder)
        self.view.activated.connect(self._on_view_activated)
        col.addWidget(self.view, 1)
        hint = QLabel(tr("Enter or double-click opens a session. Attendees' names are shown "
                         "only inside a session."), sessions)  # fmt: skip
        hint.setStyleSheet("color: #555;")
        hint.setWordWrap(True)  # French at 150 % is wider than the window otherwise
        col.addWidget(hint)
        self.tabs.addTab(sessions, tr("&Sessions"))

        # Series
        series = QWidget(self.tabs)
        col = QVBoxLayout(series)
        row = QHBoxLayout()
        self.new_series = QPushButton(tr("New se&ries…"), series)
        self.new_series.setObjectName("groups_new_series")
        self.new_series.clicked.connect(self.open_new_series)
        row.addWidget(self.new_series)
        row.addStretch(1)
        col.addLayout(row)
        split = QSplitter(Qt.Orientation.Vertical, series)
        self.series_model = SeriesTableModel(self.settings, ctx.language, self)
        self.series_view = _table(split, "groups_series")
        self.series_view.setModel(self.series_model)
        self.progress_model = SeriesProgressModel(self)
        self.progress_view = _table(split, "groups_series_progress")
        self.progress_view.setModel(self.progress_model)
        split.addWidget(self.series_view)
        split.addWidget(self.progress_view)
        col.addWidget(split, 1)
        self.rule_label = QLabel(series)
        self.rule_label.setObjectName("groups_completion_rule")
        self.rule_label.setStyleSheet("color: #555;")
        self.rule_label.setWordWrap(True)  # the completion rule is a sentence, not a label
        col.addWidget(self.rule_label)
        self.tabs.addTab(series, tr("Se&ries"))
        self.series_view.selectionModel().currentRowChanged.connect(
            self._on_series_current_row_changed
        )

        # Window-wide while the page is shown (the navigation list may have the focus); a
        # hidden page's shortcut is inactive, so it never fires from another page.
        shortcut = QShortcut(QKeySequence(NEW_SESSION_KEYS), self)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(self.open_new_session)
        self.refresh()

    # -- public API -------------------------------------------------------------------------
    @property
    def editor(self) -> SessionEditorDialog | None:
        """The open session editor, or None (never one already closed and deleted)."""
        return self._editor.get()

    @property
    def series_dialog(self) -> SeriesDialog | None:
        return self._series_dialog.get()

    def refresh(self, select: str | None = None) -> None:
        """Re-read sessions and series (team records: no client is viewed, no audit). The
        session ``select`` (else the one current before) stays the current row: the reset
        put the first row current, and Enter then opened another session."""
        keep = select or self._current_session_id()
        sessions = self.repo.sessions()
        series = self.repo.all_series()
        self.model.set_sessions(sessions, series)
        if keep is not None:
            self._select_session(keep)
        self.summary.setText(
            tr("{n} sessions, {p} attendances").format(
                n=len(sessions), p=sum(s.size for s in sessions)
            )
        )
        current = self.series_view.currentIndex().row()
        self.series_model.set_series(series, sessions)
        if series:
            self.series_view.selectRow(min(max(current, 0), len(series) - 1))
        self._show_progress()
        rule = self.settings.completion
        example = rule.required(8)
        self.rule_label.setText(
            tr("Completed: at least {n} of 8 planned sessions (the program's rule, scaled to "
               "each series).").format(n=example)
        )  # fmt: skip

    def choices(self, attendees: Sequence[str] = ()) -> EditorChoices:
        # Her team's active clients: those her role lets her see (core/permissions).
        entries = only_visible(self.ctx.session, self.repo.checklist(), key="client_id")
        known = {e.client_id for e in entries}
        missing = [cid for cid in attendees if cid not in known]
        if missing:
            # Already linked but no longer active (e.g. graduated): she stays ticked.
            # One her role may not see stays ticked too, but unnamed.
            seen = visible_ids(self.ctx.session)
            hidden = tr("(a client not on your caseload)")
            extra = [ChecklistEntry(c.id, c.preferred_name, tuple(c.aliases), c.assigned_worker)
                     if seen is None or c.id in seen else ChecklistEntry(c.id, hidden, (), None)
                     for c in ClientRepository(self.ctx.session).some(missing)]  # fmt: skip
            entries = sorted([*entries, *extra], key=lambda e: (e.name, e.client_id))
        partners = [(p.id, p.name) for p, _c, _n in PartnerRepository(self.ctx.session).all()]
        return EditorChoices(
            tuple(entries),
            tuple(self.repo.all_series()),
            tuple(self.repo.facilitator_users()),
            tuple(partners),
        )

    def open_new_session(self) -> SessionEditorDialog:
        return self._open_editor(None, [])

    def open_session(self, session_id: str) -> SessionEditorDialog:
        gs = self.repo.get_session(session_id)
        return self._open_editor(gs, self.repo.view_attendees(session_id))  # audited: names

    def open_new_series(self) -> SeriesDialog:
        current = self.series_dialog
        if current is not None and current.isVisible():
            current.raise_()
            return current
        dialog = SeriesDialog(self.ctx, self)
        dialog.series_saved.connect(self._on_dialog_series_saved)
        return self._series_dialog.open_one(dialog)

    # -- internals --------------------------------------------------------------------------
    def _open_editor(self, gs: GroupSession | None, attendees: list[str]) -> SessionEditorDialog:
        current = self.editor
        if current is not None and current.isVisible():
            current.raise_()
            return current
        dialog = SessionEditorDialog(self.ctx, self.choices(attendees), gs, attendees, self)
        dialog.session_saved.connect(self._on_editor_session_saved)
        return self._editor.open_one(dialog)

    def _current_session_id(self) -> str | None:
        source = self.proxy.mapToSource(self.view.currentIndex())
        if not source.isValid() or source.row() >= self.model.rowCount():
            return None
        return self.model.session(source.row()).id

    def _select_session(self, session_id: str) -> None:
        for row in range(self.model.rowCount()):
            if self.model.session(row).id == session_id:
                index = self.proxy.mapFromSource(self.model.index(row, 0))
                self.view.setCurrentIndex(index)  # selects its row too (rows are selected)
                self.view.scrollTo(index)
                return

    def _show_progress(self) -> None:
        row = self.series_view.currentIndex().row()
        if row < 0 or row >= self.series_model.rowCount():
            self.progress_model.set_progress({}, {})
            return
        series = self.series_model.series(row)
        sessions = self.repo.sessions()
        progress = series_completion(
            series, sessions, self.repo.attendance(), self.settings.completion
        )
        names = dict(ClientRepository(self.ctx.session).names())
        self.progress_model.set_progress(progress, names)

    def _on_editor_session_saved(self, gs: GroupSession) -> None:
        self.refresh(select=gs.id)
        self.session_saved.emit(gs)

    def _on_dialog_series_saved(self, series: object) -> None:
        self.refresh()
        self.series_saved.emit(series)

    def _on_view_activated(self, index: QModelIndex) -> None:
        source = self.proxy.mapToSource(index)
        if source.isValid():
            self.open_session(self.model.session(source.row()).id)

    def _on_series_current_row_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_progress()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()
