"""The main window: the neutral unlock screen, then the workspace, with quick exit, lock, idle
lock, settings and the sync status always at hand. It owns the session's life: open, lock,
quick exit and remote wipe all end it the same way."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Collection

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QTableView,
    QTabWidget,
)

from exitdoors_desktop.core.definitions import Definitions
from exitdoors_desktop.core.errors import VaultCorrupt
from exitdoors_desktop.storage.rekey import rekey
from exitdoors_desktop.storage.secrets import KdfParams
from exitdoors_desktop.storage.vault import Session, Vault
from exitdoors_desktop.sync.engine import SyncReport
from exitdoors_desktop.ui.kit.context import AppContext
from exitdoors_desktop.ui.kit.i18n import current_language, use_language
from exitdoors_desktop.ui.kit.notice import NoticeLabel
from exitdoors_desktop.ui.kit.style import set_text_size
from exitdoors_desktop.ui.kit.tasks import CancelToken, TaskRunner, error_words, log_unexpected
from exitdoors_desktop.ui.shell.durability import reminder_codes, reminder_words
from exitdoors_desktop.ui.shell.placement import place
from exitdoors_desktop.ui.shell.safety import (
    ClipboardGuard,
    IdleLock,
    QuickExit,
    clear_clipboard,
    close_dialogs,
)
from exitdoors_desktop.ui.shell.session_scope import SessionScope
from exitdoors_desktop.ui.shell.settings_dialog import (
    SettingsDialog,
    idle_minutes,
    language,
    text_percent,
    window_title,
)
from exitdoors_desktop.ui.shell.toolbar import ShellToolbar
from exitdoors_desktop.ui.shell.unlock import UnlockPage
from exitdoors_desktop.ui.shell.workspace import Workspace
from exitdoors_desktop.ui.sync.view import ConflictsDialog, SyncController, SyncStatusWidget

log = logging.getLogger(__name__)

WARM_UP_DELAY_MS = 300


class MainWindow(QMainWindow):
    """Signals: ``about_to_lock`` (pages save drafts synchronously), ``locked`` (vault closed),
    ``unlocked`` (a session is open and the workspace shown)."""

    about_to_lock = Signal()
    locked = Signal()
    unlocked = Signal()

    def __init__(self, vault: Vault, definitions: Definitions, *, kdf: KdfParams | None = None,
                 today: Callable[[], dt.date] = dt.date.today,
                 idle_clock: Callable[[], float] | None = None) -> None:  # fmt: skip
        super().__init__()
        self.setObjectName("mainWindow")
        self.vault, self.definitions, self._kdf, self._today = vault, definitions, kdf, today
        self.setWindowTitle(definitions.program.window_title)
        self.runner = TaskRunner(self)  # unlock KDF and caseload loads, one at a time
        self.sync_runner = TaskRunner(self)  # sync rounds: slow network, own connection
        # Checking every page of a big vault takes tens of seconds: its own thread and
        # connection, so the caseload and reports never queue behind it.
        self.verify_runner = TaskRunner(self)
        self.clipboard = ClipboardGuard(parent=self)
        self.scope: SessionScope | None = None  # the open vault's connections, while unlocked
        self.workspace: Workspace | None = None
        self.sync: SyncController | None = None
        self.sync_status: SyncStatusWidget | None = None
        self._verify: CancelToken | None = None
        self._sync_asked = False
        self.closed_scope: SessionScope | None = None
        minutes = definitions.program.idle_lock_minutes
        self.idle = (
            IdleLock(minutes, clock=idle_clock, parent=self)
            if idle_clock
            else IdleLock(minutes, parent=self)
        )
        self.idle.idle_timed_out.connect(self._on_idle_timed_out)
        self.stack = QStackedWidget(self)
        self.setCentralWidget(self.stack)
        # At the left of the status bar, beside the sync status (a permanent widget that would
        # hide a plain showMessage()).
        self.notice = NoticeLabel(self)
        self.statusBar().addWidget(self.notice, 1)
        self.unlock_page = UnlockPage(vault, self.runner, kdf, self)
        self.unlock_page.unlocked.connect(self.open_session)
        self.stack.addWidget(self.unlock_page)
        self.toolbar = ShellToolbar(self)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)
        self.quick_exit_button = self.toolbar.quick_exit_button
        self.lock_button = self.toolbar.lock_button
        self.settings_button = self.toolbar.settings_button
        self.quick_exit = QuickExit(self, self.lock)
        self.quick_exit_button.clicked.connect(self.quick_exit.trigger)
        self.lock_button.clicked.connect(self.lock)
        self.settings_button.clicked.connect(self._on_settings_clicked)
        lock_key = QShortcut(QKeySequence("Ctrl+L"), self)
        lock_key.activated.connect(self.lock)
        for n in range(1, 6):
            page_key = QShortcut(QKeySequence(f"Ctrl+{n}"), self)
            page_key.activated.connect(lambda row=n - 1: self._on_page_key(row))
        QShortcut(QKeySequence.StandardKey.Find, self).activated.connect(self._on_find_key)
        QShortcut(QKeySequence.StandardKey.New, self).activated.connect(self._on_new_key)
        self._set_unlocked_ui(False)
        place(self)  # the usual size where it fits, else maximized: never past the screen
        # While the worker types her passphrase (and the KDF runs on the worker thread), the GUI
        # thread is idle: pay PySide6's one-time cost of a first widget of each kind now, not
        # between the passphrase and her caseload (about 80 ms on a 2-core laptop).
        QTimer.singleShot(WARM_UP_DELAY_MS, self._warm_up)

    def _warm_up(self) -> None:
        for kind in (QListWidget, QTableView, QTabWidget, QComboBox, QCheckBox, QLineEdit):
            kind().deleteLater()

    def _set_unlocked_ui(self, unlocked: bool) -> None:
        self.toolbar.set_unlocked(unlocked)

    @property
    def session(self) -> Session | None:
        """The window's session while unlocked (None when locked)."""
        return self.scope.session if self.scope is not None else None

    def context(self) -> AppContext:
        assert self.scope is not None
        return AppContext(
            self.scope.session,
            self.definitions,
            self._today,
            current_language(),
            self._notify,
            self.clipboard,
            runner=self.runner,
            worker=self.scope.worker,
            clients_changed=self._on_clients_changed,
        )

    def _on_clients_changed(self, client_ids: Collection[str]) -> None:
        if self.workspace is not None:  # her caseload row, re-read at once
            self.workspace.caseload.refresh_clients(client_ids)

    def _notify(self, message: str) -> None:
        self.notice.show_notice(message)

    def open_session(self, session: Session) -> None:
        scope = self.scope = SessionScope(session, self.runner, self.verify_runner)
        use_language(language(session))  # before the workspace is built: its words follow
        set_text_size(text_percent(session))
        self.toolbar.name()
        ctx = self.context()
        self.workspace = Workspace(ctx, self.runner, scope.worker, self)
        self.stack.addWidget(self.workspace)
        self.stack.setCurrentWidget(self.workspace)
        self.setWindowTitle(window_title(session, self.definitions.program))
        self.sync = SyncController(
            session, self.sync_runner, parent=self, on_wipe=self._on_wiped,
            open_connection=scope.open_sync_connection,
            admin_beacon_days=self.definitions.program.admin_beacon_days,
        )  # fmt: skip
        self.sync_status = SyncStatusWidget(self.sync, self)
        self.sync_status.setObjectName("syncStatus")
        self.sync_status.conflicts_requested.connect(self._on_conflicts_requested)
        self.sync_status.sync_requested.connect(self._on_sync_requested)
        self.statusBar().addPermanentWidget(self.sync_status, 1)
        self.sync.sync_finished.connect(self._on_sync_finished)
        self.sync.sync_failed.connect(self._on_sync_failed)
        self.sync.start()
        self.idle.minutes = idle_minutes(session, self.definitions.program)
        self.idle.start()
        self._set_unlocked_ui(True)
        self.workspace.caseload.setFocus()
        # A big vault is opened without reading every page first: check them all, quietly,
        # once the caseload is on screen (on two cores the check would halve its speed).
        self.workspace.caseload.load_ended.connect(self._start_page_check)
        # Backup and retention reminders, on the worker after the first caseload load.
        program, today = self.definitions.program, self._today()
        ctx.in_background(
            lambda s: reminder_codes(
                s, program.retention_days_after_close, today, program.backup_reminder_days
            ),
            self._on_reminders_read,
            log_unexpected,
            self.workspace,
        )
        self.unlocked.emit()

    def _on_reminders_read(self, codes: list[tuple[str, int]]) -> None:
        if lines := reminder_words(codes):
            self._notify("  ".join(lines))

    def _start_page_check(self) -> None:
        """On a connection of its own, closed when the check ends; once per unlock."""
        verifier = self.scope.open_verifier() if self.scope is not None else None
        if verifier is None:
            return

        def verify() -> None:
            try:
                verifier.verify_pages()
            finally:
                verifier.lock()

        self._verify = self.verify_runner.run(
            verify, lambda _none: None, self._on_verify_failed, self
        )

    def _on_verify_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, VaultCorrupt):
            log_unexpected(exc)
            return
        self.lock()
        QMessageBox.critical(self, self.tr("Damaged"), error_words(exc))

    def _on_sync_requested(self) -> None:
        self._sync_asked = True

    def _on_sync_failed(self, _code: str) -> None:
        self._sync_asked = False  # the status line says why; no "finished" for a later round

    def _on_sync_finished(self, report: SyncReport) -> None:
        if self._sync_asked:  # background rounds pass quietly; the one she asked for is told
            self._sync_asked = False
            self._notify(self.tr("Sync finished."))
        self._on_clients_changed(report.changed_clients)

    def _on_idle_timed_out(self) -> None:
        self.lock()

    def lock(self) -> None:
        """Save drafts, close dialogs, stop background work, close the vault, show the unlock
        screen. Never waits on a thread, so quick exit stays well under 500 ms."""
        self._end_session(save_drafts=True)

    def _end_session(self, *, save_drafts: bool) -> None:
        """The one way out of an unlocked vault: lock, quick exit and remote wipe."""
        if self.scope is None:
            clear_clipboard()
            return
        if save_drafts:
            self.about_to_lock.emit()  # pages save typed text synchronously
        if self._verify is not None:
            self._verify.cancel()
        if self.workspace is not None:
            if save_drafts:
                self.workspace.save_drafts()
            self.workspace.stop()
        close_dialogs()
        if self.sync is not None:
            self.sync.stop()  # its round is interrupted below and closes its own connection
        self.idle.stop()
        clear_clipboard()
        set_text_size(100)  # the unlock screen at the usual size for whoever comes next
        if self.workspace is not None:
            self.stack.removeWidget(self.workspace)
            self.workspace.deleteLater()
            self.workspace = None
        if self.sync_status is not None:
            self.statusBar().removeWidget(self.sync_status)
            self.sync_status.deleteLater()
            self.sync_status = None
        self.notice.clear_notice()
        self._sync_asked = False
        scope, self.scope = self.scope, None
        scope.close()
        self.closed_scope = scope  # kept (closed) so tests can check every connection
        self.setWindowTitle(self.definitions.program.window_title)
        self._set_unlocked_ui(False)
        self.stack.setCurrentWidget(self.unlock_page)
        self.unlock_page.refresh()
        self.locked.emit()

    def _on_page_key(self, row: int) -> None:
        if self.workspace is not None:
            self.workspace.show_page(row)

    def _on_find_key(self) -> None:
        if self.workspace is not None:
            self.workspace.search()

    def _on_new_key(self) -> None:
        if self.workspace is not None:
            self.workspace.new_client()

    def _on_settings_clicked(self) -> None:
        if self.session is None:
            return
        session = self.session
        dialog = SettingsDialog(self.context(), self.runner, self._kdf, self)
        dialog.durability.remove_user_requested.connect(self.remove_user)
        if dialog.exec() and self.session is session:
            self.setWindowTitle(window_title(session, self.definitions.program))
            self.idle.minutes = idle_minutes(session, self.definitions.program)

    def remove_user(self, name: str, passphrase: str) -> None:
        """Lock the window (every connection closes), then re-key without that user on the
        task thread, after the worker's own close; the unlock screen says how it went."""
        if self.session is None:
            return
        admin, vault = self.session.user_name, self.vault
        self.lock()

        def work() -> None:
            rekey(vault.unlock(admin, passphrase), remove_user=name)

        self.runner.run(work, self._on_user_removed, self._on_remove_failed, self)

    def _on_user_removed(self, _none: object) -> None:
        self.unlock_page.refresh()
        QMessageBox.information(
            self, self.tr("User removed"),
            self.tr("The user was removed and the notes have a new key. Unlock again."),
        )  # fmt: skip

    def _on_remove_failed(self, exc: BaseException) -> None:
        self.unlock_page.refresh()
        QMessageBox.warning(self, self.tr("User not removed"), error_words(exc))

    def _on_conflicts_requested(self) -> None:
        if self.session is not None:
            dialog = ConflictsDialog(self.session, self)
            dialog.exec()
            self._on_clients_changed(dialog.changed_clients)
            if self.sync is not None:
                self.sync.refresh_status()

    def _on_wiped(self) -> None:
        # Nothing to save: the vault is gone. Every connection still closes the same way.
        self._end_session(save_drafts=False)
        QMessageBox.information(
            self, self.tr("Removed"),
            self.tr("The office revoked this laptop. Its notes have been erased from it."),
        )  # fmt: skip
        self.close()

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802
        self.lock()
        super().closeEvent(event)
