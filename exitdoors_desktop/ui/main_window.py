"""The main window: the neutral unlock screen, then the workspace (navigation and pages),
with quick exit, lock, idle lock, settings and the sync status always at hand."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from exitdoors_desktop.core.caseload import CaseloadRow
from exitdoors_desktop.core.definitions import Definitions
from exitdoors_desktop.storage.caseload_query import caseload
from exitdoors_desktop.storage.secrets import KdfParams
from exitdoors_desktop.storage.vault import Session, Vault
from exitdoors_desktop.ui.caseload_view import CaseloadPage
from exitdoors_desktop.ui.context import AppContext
from exitdoors_desktop.ui.safety import ClipboardGuard, IdleLock, QuickExit, clear_clipboard
from exitdoors_desktop.ui.settings_dialog import SettingsDialog, idle_minutes, window_title
from exitdoors_desktop.ui.sync_view import ConflictsDialog, SyncController, SyncStatusWidget
from exitdoors_desktop.ui.tasks import TaskRunner, error_words
from exitdoors_desktop.ui.unlock import UnlockPage

log = logging.getLogger(__name__)


class Workspace(QWidget):
    """Navigation on the left, pages on the right; a client record opens over the caseload."""

    def __init__(self, ctx: AppContext, runner: TaskRunner, worker: Session,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.setObjectName("workspace")
        self.ctx, self._runner, self._worker = ctx, runner, worker
        self.nav = QListWidget(self)
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(170)
        self.stack = QStackedWidget(self)
        self.caseload = CaseloadPage(ctx, self._load_caseload, self)
        self.record: QWidget | None = None
        self.pages: dict[str, QWidget] = {}
        self._add(self.tr("Caseload"), self.caseload)
        for label, module, name in (
            (self.tr("Outreach"), "exitdoors_desktop.ui.outreach", "OutreachPage"),
            (self.tr("Partners"), "exitdoors_desktop.ui.partners", "PartnersPage"),
            (self.tr("Reports"), "exitdoors_desktop.ui.reports", "ReportsPage"),
        ):
            page = _optional_page(module, name, ctx, self)
            if page is not None:
                self._add(label, page)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.nav.currentRowChanged.connect(self._on_nav_current_row_changed)
        self.caseload.client_opened.connect(self.open_client)
        self.nav.setCurrentRow(0)
        self.caseload.reload()

    def _add(self, label: str, page: QWidget) -> None:
        self.pages[label] = page
        self.nav.addItem(label)
        self.stack.addWidget(page)

    def _load_caseload(self, deliver: Callable[[list[CaseloadRow]], None]) -> None:
        today = self.ctx.today()
        program = self.ctx.definitions.program
        self._runner.run(lambda: caseload(self._worker, program, today), deliver, None, self)

    def _on_nav_current_row_changed(self, row: int) -> None:
        self.close_client()
        self.stack.setCurrentIndex(row)

    def open_client(self, client_id: str) -> None:
        from exitdoors_desktop.ui.client_record import ClientRecordWidget

        self.close_client()
        self.record = ClientRecordWidget(self.ctx, client_id, self)
        self.record.closed.connect(self._on_record_closed)  # type: ignore[attr-defined]
        self.stack.addWidget(self.record)
        self.stack.setCurrentWidget(self.record)

    def close_client(self) -> None:
        if self.record is not None:
            self.save_drafts()
            self.stack.removeWidget(self.record)
            self.record.deleteLater()
            self.record = None

    def _on_record_closed(self) -> None:
        self.close_client()
        self.stack.setCurrentWidget(self.caseload)
        self.caseload.reload()

    def save_drafts(self) -> None:
        """Before a lock: every page with typed text writes it as a draft inside the vault."""
        for page in [self.record, *self.pages.values()]:
            saver = getattr(page, "save_drafts", None)
            if callable(saver):
                try:
                    saver()
                except Exception as exc:  # noqa: BLE001 - locking must go on regardless
                    log.error("saving drafts failed: %s", type(exc).__name__)


def _optional_page(module: str, name: str, ctx: AppContext, parent: QWidget) -> QWidget | None:
    import importlib

    try:
        cls = getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None
    page: QWidget = cls(ctx, parent)
    return page


class MainWindow(QMainWindow):
    locked = Signal()
    about_to_lock = Signal()

    def __init__(self, vault: Vault, definitions: Definitions, *, kdf: KdfParams | None = None,
                 today: Callable[[], dt.date] = dt.date.today,
                 idle_clock: Callable[[], float] | None = None) -> None:  # fmt: skip
        super().__init__()
        self.setObjectName("mainWindow")
        self.vault, self.definitions, self._kdf, self._today = vault, definitions, kdf, today
        self.setWindowTitle(definitions.program.window_title)
        self.runner = TaskRunner(self)
        self.sync_runner = TaskRunner(self)
        self.clipboard = ClipboardGuard(parent=self)
        self.session: Session | None = None
        self._worker: Session | None = None
        self.workspace: Workspace | None = None
        self.sync: SyncController | None = None
        self.sync_status: SyncStatusWidget | None = None
        self.idle = IdleLock(definitions.program.idle_lock_minutes, **({"clock": idle_clock} if idle_clock else {}), parent=self)  # fmt: skip
        self.idle.idle_timed_out.connect(self.lock)
        self.stack = QStackedWidget(self)
        self.setCentralWidget(self.stack)
        self.unlock_page = UnlockPage(vault, self.runner, kdf, self)
        self.unlock_page.unlocked.connect(self.open_session)
        self.stack.addWidget(self.unlock_page)
        toolbar = QToolBar(self)
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
        self.quick_exit_button = QPushButton(self.tr("Quick exit (F12)"), self)
        self.quick_exit_button.setObjectName("quickExitButton")
        self.lock_button = QPushButton(self.tr("Lock"), self)
        self.lock_button.setObjectName("lockButton")
        self.settings_button = QPushButton(self.tr("Settings"), self)
        self.settings_button.setObjectName("settingsButton")
        spacer = QWidget(self)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        # Widgets in a toolbar are shown and hidden through their actions.
        self._unlocked_actions = [
            toolbar.addWidget(self.settings_button),
            toolbar.addWidget(self.lock_button),
        ]
        toolbar.addWidget(spacer)
        toolbar.addWidget(self.quick_exit_button)
        self.quick_exit = QuickExit(self, self.lock)
        self.quick_exit_button.clicked.connect(self.quick_exit.trigger)
        self.lock_button.clicked.connect(self.lock)
        self.settings_button.clicked.connect(self._on_settings_clicked)
        self._set_unlocked_ui(False)
        self.resize(1180, 760)

    def _set_unlocked_ui(self, unlocked: bool) -> None:
        for action in self._unlocked_actions:
            action.setVisible(unlocked)

    def context(self) -> AppContext:
        assert self.session is not None
        return AppContext(
            self.session, self.definitions, self._today, "en", self.statusBar().showMessage
        )

    def open_session(self, session: Session) -> None:
        self.session = session
        self._worker = session.sibling()
        ctx = self.context()
        self.workspace = Workspace(ctx, self.runner, self._worker, self)
        self.stack.addWidget(self.workspace)
        self.stack.setCurrentWidget(self.workspace)
        self.setWindowTitle(window_title(ctx))
        self.sync = SyncController(session, self.sync_runner, parent=self, on_wipe=self._on_wiped)
        self.sync_status = SyncStatusWidget(self.sync, self)
        self.sync_status.conflicts_requested.connect(self._on_conflicts_requested)
        self.statusBar().addPermanentWidget(self.sync_status, 1)
        self.sync.sync_finished.connect(
            lambda _r: self.workspace and self.workspace.caseload.reload()
        )
        self.sync.start()
        self.idle.minutes = idle_minutes(ctx)
        self.idle.start()
        self._set_unlocked_ui(True)
        # A big vault was opened without reading every page first: check them now, quietly.
        worker = self._worker
        self.runner.run(worker.verify_pages, lambda _none: None, self._on_verify_failed, self)

    def _on_verify_failed(self, exc: BaseException) -> None:
        self.lock()
        QMessageBox.critical(self, self.tr("Damaged"), self.tr(error_words(exc)))

    def lock(self) -> None:
        """Save drafts, stop background work, close the vault and show the unlock screen."""
        if self.session is None:
            clear_clipboard()
            return
        self.about_to_lock.emit()
        if self.workspace is not None:
            self.workspace.save_drafts()
        if self.sync is not None:
            self.sync.stop()
        self.idle.stop()
        clear_clipboard()
        if self.workspace is not None:
            self.stack.removeWidget(self.workspace)
            self.workspace.deleteLater()
            self.workspace = None
        if self.sync_status is not None:
            self.statusBar().removeWidget(self.sync_status)
            self.sync_status.deleteLater()
            self.sync_status = None
        session, worker = self.session, self._worker
        self.session = self._worker = None
        # Background work holds the worker connection: wait for it before closing.
        self.sync_runner.shutdown(10_000)
        self.runner.shutdown(10_000)
        if worker is not None:
            worker.lock()
        session.lock()
        self.setWindowTitle(self.definitions.program.window_title)
        self._set_unlocked_ui(False)
        self.stack.setCurrentWidget(self.unlock_page)
        self.unlock_page.refresh()
        self.locked.emit()

    def _on_settings_clicked(self) -> None:
        if self.session is None:
            return
        ctx = self.context()
        if SettingsDialog(ctx, self.runner, self._kdf, self).exec():
            self.setWindowTitle(window_title(ctx))
            self.idle.minutes = idle_minutes(ctx)

    def _on_conflicts_requested(self) -> None:
        if self.session is not None:
            ConflictsDialog(self.session, self).exec()
            if self.sync is not None:
                self.sync.refresh_status()

    def _on_wiped(self) -> None:
        self.session = self._worker = None
        QMessageBox.information(
            self, self.tr("Removed"),
            self.tr("The office revoked this laptop. Its notes have been erased from it."),
        )  # fmt: skip
        self.close()

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802
        self.lock()
        super().closeEvent(event)
