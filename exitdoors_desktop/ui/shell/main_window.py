"""The main window: the neutral unlock screen, then the workspace (navigation and pages),
with quick exit, lock, idle lock, settings and the sync status always at hand."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QToolBar,
    QWidget,
)

from exitdoors_desktop.core.definitions import Definitions
from exitdoors_desktop.core.errors import ExitDoorsError, VaultCorrupt
from exitdoors_desktop.core.permissions import Permission, allowed
from exitdoors_desktop.core.program import ProgramSettings
from exitdoors_desktop.storage.caseload_query import caseload
from exitdoors_desktop.storage.client_scope import visible_names
from exitdoors_desktop.storage.rekey import rekey
from exitdoors_desktop.storage.secrets import KdfParams
from exitdoors_desktop.storage.vault import Session, Vault
from exitdoors_desktop.ui.caseload.model import PreparedRows, first_by_name, prepare_rows
from exitdoors_desktop.ui.caseload.view import CaseloadPage
from exitdoors_desktop.ui.groups.page import GroupsPage
from exitdoors_desktop.ui.kit.context import AppContext
from exitdoors_desktop.ui.kit.i18n import current_language, use_language
from exitdoors_desktop.ui.kit.keys import focus_first, release_tab
from exitdoors_desktop.ui.kit.page import NothingToSave, Page, Passive
from exitdoors_desktop.ui.kit.style import set_text_size
from exitdoors_desktop.ui.kit.tasks import (
    CancelToken,
    TaskRunner,
    error_words,
    log_unexpected,
    show_error,
)
from exitdoors_desktop.ui.outreach.page import OutreachPage
from exitdoors_desktop.ui.partners.page import PartnersPage
from exitdoors_desktop.ui.record.widget import ClientRecordWidget
from exitdoors_desktop.ui.reports.page import ReportsPage
from exitdoors_desktop.ui.shell.durability import reminders
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
from exitdoors_desktop.ui.shell.unlock import UnlockPage
from exitdoors_desktop.ui.sync.view import ConflictsDialog, SyncController, SyncStatusWidget

log = logging.getLogger(__name__)

PageFactory = Callable[[AppContext, QWidget], tuple[QWidget, Page]]


def _outreach(ctx: AppContext, parent: QWidget) -> tuple[QWidget, Page]:
    page = OutreachPage(ctx, parent)
    return page, page


def _partners(ctx: AppContext, parent: QWidget) -> tuple[QWidget, Page]:
    page = PartnersPage(ctx, parent)
    return page, page


def _reports(ctx: AppContext, parent: QWidget) -> tuple[QWidget, Page]:
    page = ReportsPage(ctx, parent)
    return page, NothingToSave(page)


def _groups(ctx: AppContext, parent: QWidget) -> tuple[QWidget, Page]:
    return GroupsPage(ctx, parent), Passive()


# (navigation label, factory of the page and its hooks): built when first shown. A page that
# fails to import is a bug to see at once, never hidden behind a placeholder.
PAGES: tuple[tuple[str, PageFactory], ...] = (
    ("Outreach", _outreach),
    ("Partners", _partners),
    ("Reports", _reports),
    ("Groups", _groups),
)

# Pages only some roles see (core/permissions); the others are for everyone.
PAGE_PERMISSIONS = {"Outreach": Permission.OUTREACH_LOG, "Reports": Permission.REPORTS}


class Workspace(QWidget):
    """Navigation on the left, pages on the right; a client record opens over the caseload."""

    def __init__(self, ctx: AppContext, runner: TaskRunner, worker: Session,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.setObjectName("workspace")
        self.ctx, self._runner, self._worker = ctx, runner, worker
        self._loading: CancelToken | None = None
        self._first_load_queued = self._full_delivered = False
        self._first_load: CancelToken | None = None
        self.nav = QListWidget(self)
        self.nav.setObjectName("navigation")
        self.nav.setAccessibleName(self.tr("Pages"))
        self.nav.setFixedWidth(180)
        self.stack = QStackedWidget(self)
        self.stack.setObjectName("pages")
        # Only the page on screen sets the window's minimum size: a wide page once visited
        # must not keep the window too wide for a 1024 laptop.
        self.stack.currentChanged.connect(self._on_stack_current_changed)
        self.caseload = CaseloadPage(ctx, self._load_caseload, self)
        self.record: ClientRecordWidget | None = None
        self.pages: dict[str, QWidget] = {}  # built pages; the others are built when first shown
        self._hooks: dict[str, Page] = {}  # each built page's save_drafts and stop
        self._labels: list[str] = []
        self._factories: dict[str, Callable[[], tuple[QWidget, Page]]] = {}
        self._add(self.tr("Caseload"), self.caseload, self.caseload)
        labels = {"Outreach": self.tr("Outreach"), "Partners": self.tr("Partners"),
                  "Reports": self.tr("Reports"), "Groups": self.tr("Groups")}  # fmt: skip
        for key, factory in PAGES:
            need = PAGE_PERMISSIONS.get(key)
            if need is None or allowed(ctx.session.role, need):  # app-level role rules
                self._add_later(labels[key], factory)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.nav.currentRowChanged.connect(self._on_nav_current_row_changed)
        self.caseload.client_opened.connect(self.open_client)
        self.nav.setCurrentRow(0)
        self.caseload.reload()

    def _on_stack_current_changed(self, _index: int) -> None:
        fit_to_current(self.stack)

    def _add(self, label: str, page: QWidget, hooks: Page) -> None:
        self.pages[label] = page
        self._hooks[label] = hooks
        self._labels.append(label)
        self.nav.addItem(label)
        self.stack.addWidget(page)

    def _add_later(self, label: str, factory: PageFactory) -> None:
        # Other pages cost hundreds of ms to build on a big vault: not before they are wanted.
        self._labels.append(label)
        self.nav.addItem(label)
        self._factories[label] = lambda: factory(self.ctx, self)

    def page(self, label: str) -> QWidget:
        """The page under ``label``, built now if it was not yet."""
        if label not in self.pages:
            page, hooks = self._factories.pop(label)()
            release_tab(page)
            self.pages[label] = page
            self._hooks[label] = hooks
            self.stack.addWidget(page)
        return self.pages[label]

    def _load_caseload(self, deliver: Callable[[PreparedRows], None]) -> None:
        # A newer load makes the older one's result unwanted.
        if self._loading is not None:
            self._loading.cancel()
        today, program, worker = self.ctx.today(), self.ctx.definitions.program, self._worker
        if not self._first_load_queued:
            # At unlock, a screenful first (read through the per-client indexes), then
            # everyone: on a big vault the full read takes about a second.
            self._first_load_queued = True
            self._first_load = self._runner.run(
                lambda: _first_screen(worker, program, today),
                lambda rows: None if rows is None or self._full_delivered else deliver(rows),
                self._on_load_failed,
                self,
            )

        def full(rows: PreparedRows) -> None:
            self._full_delivered = True
            deliver(rows)

        self._loading = self._runner.run(
            lambda: prepare_rows(caseload(worker, program, today)),
            full,
            self._on_load_failed,
            self,
        )

    def _on_load_failed(self, exc: BaseException) -> None:
        self.caseload.show_load_failed()
        show_error(self, exc)

    def _on_nav_current_row_changed(self, row: int) -> None:
        self.close_client()
        if 0 <= row < len(self._labels):
            self.stack.setCurrentWidget(self.page(self._labels[row]))
            focused = QApplication.focusWidget()
            if focused is None or not focused.isVisible():
                self.focus_page()  # focus never vanishes with the page it was on

    def show_page(self, row: int) -> None:
        """Ctrl+1…4: that page, with focus in its first field."""
        if 0 <= row < len(self._labels):
            self.nav.setCurrentRow(row)
            if self.record is not None:
                self._on_record_closed()
            self.focus_page()

    def focus_page(self) -> None:
        focus_first(self.stack.currentWidget())

    def search(self) -> None:
        """Ctrl+F: the caseload's search, its text selected to be typed over."""
        self.show_page(0)
        self.caseload.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.caseload.search.selectAll()

    def new_client(self) -> None:
        """Ctrl+N: the New client dialog, from wherever she is."""
        self.show_page(0)
        self.caseload.new_button.click()

    def open_client(self, client_id: str) -> None:
        self.close_client()
        try:
            record = ClientRecordWidget(self.ctx, client_id, self)
        except ExitDoorsError as exc:
            show_error(self, exc)
            return
        self.record = record
        record.closed.connect(self._on_record_closed)
        self.stack.addWidget(record)
        self.stack.setCurrentWidget(record)
        release_tab(record)
        # Focus follows her into the record (the button that opened it is gone from view).
        record.tabs.tabBar().setFocus(Qt.FocusReason.OtherFocusReason)

    def close_client(self) -> None:
        if self.record is not None:
            self.save_drafts()
            self.stack.removeWidget(self.record)
            self.record.deleteLater()
            self.record = None

    def _on_record_closed(self) -> None:
        self.close_client()
        self.nav.setCurrentRow(0)
        self.stack.setCurrentWidget(self.caseload)
        self.caseload.reload()
        self.caseload.table.setFocus()

    def save_drafts(self) -> None:
        """Before a lock: every page with typed text writes it as a draft inside the vault."""
        pages: list[Page] = [*self._hooks.values()]
        if self.record is not None:
            pages.insert(0, self.record)
        for page in pages:
            try:
                page.save_drafts()
            except Exception as exc:  # noqa: BLE001 - locking must go on regardless
                log_unexpected(exc)

    def stop(self) -> None:
        """Before a lock: no background answer may reach a page (or an error box) afterwards."""
        for token in (self._first_load, self._loading):
            if token is not None:
                token.cancel()
        pages: list[Page] = [*self._hooks.values()]
        if self.record is not None:
            pages.append(self.record)
        for page in pages:
            page.stop()


def fit_to_current(stack: QStackedWidget) -> None:
    """Pages not shown are Ignored by the stack's size, so they ask for no room."""
    current = stack.currentWidget()
    for i in range(stack.count()):
        page = stack.widget(i)
        if page is None:
            continue
        policy = QSizePolicy.Policy.Preferred if page is current else QSizePolicy.Policy.Ignored
        page.setSizePolicy(policy, policy)
    stack.updateGeometry()


WARM_UP_DELAY_MS = 300
FIRST_SCREEN = 200  # rows read first at unlock: more than any screen shows


def _first_screen(
    session: Session, program: ProgramSettings, today: dt.date
) -> PreparedRows | None:
    """The clients the caseload lists first (by name), or None when the vault is small
    enough to read whole at once."""
    names = visible_names(session)  # only the clients her role lets her see
    if len(names) <= FIRST_SCREEN * 2:
        return None
    ids = first_by_name(names, FIRST_SCREEN)
    rows = caseload(session, program, today, client_ids=ids)
    return prepare_rows(rows, complete=False, total=len(names))


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
        self.unlock_page = UnlockPage(vault, self.runner, kdf, self)
        self.unlock_page.unlocked.connect(self.open_session)
        self.stack.addWidget(self.unlock_page)
        self._build_toolbar()
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
        self.resize(1220, 780)
        # While the worker types her passphrase (and the KDF runs on the worker thread), the GUI
        # thread is idle: pay PySide6's one-time cost of a first widget of each kind now, not
        # between the passphrase and her caseload (about 80 ms on a 2-core laptop).
        QTimer.singleShot(WARM_UP_DELAY_MS, self._warm_up)

    def _warm_up(self) -> None:
        for kind in (QListWidget, QTableView, QTabWidget, QComboBox, QCheckBox, QLineEdit):
            kind().deleteLater()

    def _name_toolbar(self) -> None:
        """The toolbar's words, again after the user's language is set at unlock."""
        self.quick_exit_button.setText(self.tr("Quick exit  (F12)"))
        self.quick_exit_button.setToolTip(
            self.tr(
                "Hides the window, locks the notes and empties the clipboard at once. "
                "F12 or Shift+Esc does the same."
            )  # fmt: skip
        )
        self.lock_button.setText(self.tr("L&ock"))
        self.lock_button.setToolTip(self.tr("Lock the notes (Ctrl+L)"))
        self.settings_button.setText(self.tr("Se&ttings"))

    def _build_toolbar(self) -> None:
        toolbar = QToolBar(self)
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.toggleViewAction().setVisible(False)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
        self.quick_exit_button = QPushButton(self)
        self.quick_exit_button.setObjectName("quickExitButton")
        self.lock_button = QPushButton(self)
        self.lock_button.setObjectName("lockButton")
        self.settings_button = QPushButton(self)
        self.settings_button.setObjectName("settingsButton")
        self._name_toolbar()
        spacer = QWidget(self)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        # Widgets in a toolbar are shown and hidden through their actions.
        self._unlocked_actions = [
            toolbar.addWidget(self.settings_button),
            toolbar.addWidget(self.lock_button),
        ]
        toolbar.addWidget(spacer)
        toolbar.addWidget(self.quick_exit_button)

    def _set_unlocked_ui(self, unlocked: bool) -> None:
        for action in self._unlocked_actions:
            action.setVisible(unlocked)

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
        )

    def _notify(self, message: str) -> None:
        self.statusBar().showMessage(message, 8000)

    def open_session(self, session: Session) -> None:
        scope = self.scope = SessionScope(session, self.runner, self.verify_runner)
        use_language(language(session))  # before the workspace is built: its words follow
        set_text_size(text_percent(session))
        self._name_toolbar()
        ctx = self.context()
        self.workspace = Workspace(ctx, self.runner, scope.worker, self)
        self.stack.addWidget(self.workspace)
        self.stack.setCurrentWidget(self.workspace)
        self.setWindowTitle(window_title(session, self.definitions.program))
        self.sync = SyncController(session, self.sync_runner, parent=self, on_wipe=self._on_wiped,
                                   open_connection=scope.open_sync_connection)  # fmt: skip
        self.sync_status = SyncStatusWidget(self.sync, self)
        self.sync_status.setObjectName("syncStatus")
        self.sync_status.conflicts_requested.connect(self._on_conflicts_requested)
        self.statusBar().addPermanentWidget(self.sync_status, 1)
        self.sync.sync_finished.connect(self._on_sync_finished)
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
            lambda s: reminders(
                s, program.retention_days_after_close, today, program.backup_reminder_days
            ),
            lambda lines: self._notify("  ".join(lines)) if lines else None,
            log_unexpected,
            self.workspace,
        )
        self.unlocked.emit()

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

    def _on_sync_finished(self, _report: object) -> None:
        if self.workspace is not None:
            self.workspace.caseload.reload()

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
        self.statusBar().clearMessage()
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
            ConflictsDialog(self.session, self).exec()
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
