"""Background sync in the window: a controller on a timer (backoff when offline, cancelled on
lock), a status line with "Sync now", and the conflicts review dialog. Sync runs on its own
database connection (Session.sibling) on a worker thread, so it never blocks the window."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QObject,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from exitdoors_desktop.core.errors import Cancelled, ExitDoorsError, SyncAuthError
from exitdoors_desktop.storage.sync_store import SyncStore
from exitdoors_desktop.storage.vault import Session
from exitdoors_desktop.sync import service
from exitdoors_desktop.sync.engine import CancelToken, SyncReport
from exitdoors_desktop.sync.transport import RevokedError
from exitdoors_desktop.ui.kit.elide import ElidedLabel
from exitdoors_desktop.ui.kit.i18n import tr
from exitdoors_desktop.ui.kit.table import Column, ColumnTableModel

log = logging.getLogger(__name__)

# runner(op, on_success, on_failure): run op() off the GUI thread, call back on the GUI thread.
Runner = Callable[[Callable[[], Any], Callable[[Any], None], Callable[[BaseException], None]], None]

INTERVAL_MS = 3 * 60 * 1000
MAX_BACKOFF_MS = 30 * 60 * 1000


class SyncController(QObject):
    """Owns the sync schedule. Results arrive as signals on the GUI thread."""

    sync_started = Signal()
    sync_finished = Signal(object)  # SyncReport
    sync_failed = Signal(str)  # an error code, never a message with data in it
    status_changed = Signal(object)  # service.SyncStatus
    device_wiped = Signal()  # the office revoked this laptop with --wipe

    def __init__(
        self,
        session: Session,
        runner: Runner,
        *,
        interval_ms: int = INTERVAL_MS,
        on_wipe: Callable[[], None] | None = None,
        open_connection: Callable[[], Session] | None = None,
        admin_beacon_days: int = 7,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._beacon_days = admin_beacon_days  # the program's setting
        # The shell's SessionScope hands out (and on lock interrupts) each round's connection.
        self._open_connection = open_connection or session.sibling
        self._runner = runner
        self._interval = interval_ms
        self._delay = interval_ms
        self._on_wipe = on_wipe
        self._cancel: CancelToken | None = None
        self._running = False
        self._stopped = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timer_timeout)

    @property
    def running(self) -> bool:
        return self._running

    def configured(self) -> bool:
        return self._session.is_open and service.load_config(self._session) is not None

    def start(self) -> None:
        self._stopped = False
        if self.configured():
            self._timer.start(1000)  # a first round soon after unlocking
        self.refresh_status()

    def stop(self) -> None:
        """On lock: no new rounds, and the running one is cancelled at its next step."""
        self._stopped = True
        self._timer.stop()
        if self._cancel is not None:
            self._cancel.cancel()

    def sync_now(self) -> None:
        if self._running or self._stopped or not self.configured():
            return
        self._running = True
        self._cancel = CancelToken()
        cancel = self._cancel
        self.sync_started.emit()
        self._runner(lambda: self._round(cancel), self._on_round_succeeded, self._on_round_failed)

    def _round(self, cancel: CancelToken) -> tuple[SyncReport, service.SyncStatus]:
        worker = self._open_connection()
        try:
            report = service.run_once(worker, cancel=cancel)
            return report, service.status(worker, admin_beacon_days=self._beacon_days)
        except RevokedError as exc:
            if exc.wipe:
                from exitdoors_desktop.storage.vault import wipe

                worker.lock()
                self._session.lock()
                wipe(self._session.vault)
            raise
        finally:
            worker.lock()

    def refresh_status(self) -> None:
        """Cheap when sync is not set up; otherwise counted on the worker (a big outbox takes
        a while to count, and the window must never wait for it)."""
        if not self._session.is_open:
            return
        if not self.configured():
            self.status_changed.emit(service.not_configured())
            return
        open_connection = self._open_connection
        days = self._beacon_days

        def count() -> service.SyncStatus:
            worker = open_connection()
            try:
                return service.status(worker, admin_beacon_days=days)
            finally:
                worker.lock()

        self._runner(count, self.status_changed.emit, lambda _exc: None)

    def _on_timer_timeout(self) -> None:
        self.sync_now()

    def _on_round_succeeded(self, result: tuple[SyncReport, service.SyncStatus]) -> None:
        self._running = False
        report, status = result
        self._delay = self._interval
        self.sync_finished.emit(report)
        self.status_changed.emit(status)
        self._schedule()

    def _on_round_failed(self, exc: BaseException) -> None:
        self._running = False
        if isinstance(exc, Cancelled):
            return
        if isinstance(exc, RevokedError) and exc.wipe:
            self.device_wiped.emit()
            if self._on_wipe is not None:
                self._on_wipe()
            return
        code = exc.code if isinstance(exc, ExitDoorsError) else "error"
        if not isinstance(exc, ExitDoorsError):
            log.error("sync round failed: %s", type(exc).__name__)
        self.sync_failed.emit(code)
        if not isinstance(exc, SyncAuthError):
            self._delay = min(MAX_BACKOFF_MS, self._delay * 2)  # offline: back off
        self.refresh_status()
        self._schedule()

    def _schedule(self) -> None:
        if not self._stopped and self.configured():
            self._timer.start(self._delay)


class SyncStatusWidget(QWidget):
    """One calm line: last sync, waiting, held back for consent, offline, conflicts.
    ``sync_requested`` when she presses Sync now (the window then says when it is done)."""

    conflicts_requested = Signal()
    sync_requested = Signal()

    def __init__(self, controller: SyncController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        self._label = ElidedLabel(self.tr("Sync: not set up"), self)  # never widens the window
        self._label.setObjectName("syncStatusLabel")
        self._now = QPushButton(self.tr("Sync now"), self)
        self._now.setObjectName("syncNowButton")
        self._review = QPushButton(self.tr("Review conflicts"), self)
        self._review.setObjectName("syncReviewButton")
        self._review.hide()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._label, 1)
        layout.addWidget(self._review)
        layout.addWidget(self._now)
        self._now.clicked.connect(self._on_now_clicked)
        self._review.clicked.connect(self.conflicts_requested)
        controller.sync_started.connect(self._on_controller_sync_started)
        controller.sync_failed.connect(self._on_controller_sync_failed)
        controller.status_changed.connect(self._on_controller_status_changed)
        self._offline = False

    def text(self) -> str:
        return self._label.text()

    def _on_now_clicked(self) -> None:
        self.sync_requested.emit()
        self._controller.sync_now()

    def _on_controller_sync_started(self) -> None:
        self._now.setEnabled(False)
        self._label.setText(self.tr("Syncing…"))

    def _on_controller_sync_failed(self, code: str) -> None:
        self._now.setEnabled(True)
        self._offline = code in ("sync_network",)
        words = {
            "sync_network": self.tr("Offline: the office server cannot be reached"),
            "sync_certificate": self.tr("Stopped: the server's certificate is not the pinned one"),
            "sync_auth": self.tr("Stopped: the server no longer accepts this laptop"),
            "sync_revoked": self.tr("Stopped: this laptop was revoked by the office"),
            "sync_team_log": self.tr("Stopped: the server's list of team laptops does not verify"),
            "sync_removed": self.tr("Removed from the team by an admin: this laptop sends nothing"),
        }
        self._label.setText(words.get(code, self.tr("Sync failed; it will try again")))

    def _on_controller_status_changed(self, status: service.SyncStatus) -> None:
        self._now.setEnabled(status.configured)
        if not status.configured:
            self._label.setText(self.tr("Sync: not set up (records stay on this laptop)"))
            self._review.hide()
            return
        parts = [self.tr("Last sync: %1").replace("%1", _ago(status.last_sync))]
        if status.last_error == "sync_network":
            parts[0] = self.tr("Offline")
        if status.waiting_for:
            parts[0] = self.tr("Waiting for %1 to let this laptop in").replace(
                "%1", status.waiting_for
            )
        parts.append(self.tr("%n waiting", "", status.pending))
        if status.held:
            parts.append(self.tr("%n held back for consent", "", status.held))
        if status.conflicts:
            parts.append(self.tr("%n to review", "", status.conflicts))
        if status.quarantined:
            parts.append(self.tr("%n unreadable messages set aside", "", status.quarantined))
        if status.office_refuses:
            parts.append(self.tr("the office refuses %n client(s)", "", status.office_refuses))
        if status.unbacked_claims:
            # Flagged against the laptop that signed the claim (shown, never obeyed).
            names = ", ".join(name for name, _since in status.unbacked_claims)
            since = min(since for _name, since in status.unbacked_claims)[:10]
            parts.append(self.tr("the office server may be holding back team changes: %1 "
                                 "signed that it holds more, not received here since %2")
                         .replace("%1", names).replace("%2", since))  # fmt: skip
        elif status.team_changes_held_back or status.register_held_back:
            parts.append(self.tr("the office server may be holding back team changes"))
        for name, n in status.quota_held.items():
            parts.append(
                self.tr("%n message(s) from %1 held: over quota", "", n).replace("%1", name)
            )
        if status.office_quota:
            parts.append(self.tr("the office takes no more from this laptop today"))
        if status.unconfirmed_withdrawals:
            parts.append(self.tr("%n withdrawal(s) not yet confirmed by the team", "",
                                 status.unconfirmed_withdrawals))  # fmt: skip
        if status.admin_silent_since:
            parts.append(self.tr("no word from a team admin since %1").replace(
                "%1", status.admin_silent_since[:10]))  # fmt: skip
        if status.team_log_forked:
            parts.append(self.tr("the team log forked: membership changes are stopped"))
        if status.removed:
            parts[0] = self.tr("Removed from the team by an admin: this laptop sends nothing")
            if status.withdrawals_to_redo:
                parts.insert(1, self.tr(
                    "%n withdrawal(s) to record again on another laptop", "",
                    len(status.withdrawals_to_redo),
                ))  # fmt: skip
        self._label.setToolTip(status.last_quarantine_reason or "")
        self._label.setText(" · ".join(parts))
        self._review.setVisible(status.conflicts > 0)


def _ago(stamp: str | None) -> str:
    if not stamp:
        return "never"
    try:
        when = dt.datetime.fromisoformat(stamp)
    except ValueError:
        return "unknown"
    minutes = int((dt.datetime.now(dt.UTC) - when).total_seconds() // 60)
    return (
        "just now"
        if minutes < 1
        else f"{minutes} min ago"
        if minutes < 120
        else when.date().isoformat()
    )


def _kind_words(kind: str) -> str:
    return {
        "consent": tr("Consent"),
        "phase": tr("Phase change"),
        "overwrite": tr("Edited on two laptops"),
    }.get(kind, kind)


def _bold_if_it_matters(c: dict[str, object]) -> QFont | None:
    if c["kind"] not in ("consent", "phase"):
        return None
    font = QFont()
    font.setBold(True)
    return font


class ConflictsModel(ColumnTableModel):
    """Open conflicts, consent and phase first (they matter most)."""

    def __init__(self, store: SyncStore, parent: QObject | None = None) -> None:
        bold = {int(Qt.ItemDataRole.FontRole): _bold_if_it_matters}

        def lost(c: dict[str, object]) -> str:
            value = c.get("losing_value")
            return "—" if value is None else str(value)

        super().__init__(
            [
                Column(lambda: tr("What"), lambda c: _kind_words(str(c["kind"])), roles=bold),
                Column(lambda: tr("Record"), lambda c: str(c["entity"]).replace("_", " ")),
                Column(lambda: tr("Field"),
                       lambda c: str(c.get("field") or "—").replace("_", " ")),
                Column(lambda: tr("Value that lost"), lost),
                Column(lambda: tr("When"),
                       lambda c: str(c["detected_at"])[:16].replace("T", " ")),
            ],
            parent,
        )  # fmt: skip
        self._store = store
        self.reload()

    def reload(self) -> None:
        self.set_rows(self._store.open_conflicts())

    def conflict(self, row: int) -> dict[str, object]:
        conflict: dict[str, object] = self.row_at(row)
        return conflict


class ConflictsDialog(QDialog):
    """A case manager keeps the current value or restores the one that lost (a new change)."""

    conflict_resolved = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflictsDialog")
        self.setWindowTitle(self.tr("Review conflicts"))
        self._store = SyncStore(session)
        self.changed_clients: set[str] = set()  # whose values a restore wrote (caseload rows)
        self.model = ConflictsModel(self._store, self)
        self.view = QTableView(self)
        self.view.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside
        self.view.setObjectName("conflictsTable")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        note = QLabel(
            self.tr(
                "Consent and phase conflicts are listed first. For consent the more restrictive "
                "choice stays in force until you decide."
            ),
            self,
        )
        note.setWordWrap(True)
        keep = QPushButton(self.tr("Keep current value"), self)
        keep.setObjectName("keepCurrentButton")
        restore = QPushButton(self.tr("Use the value that lost"), self)
        restore.setObjectName("useLosingButton")
        close = QPushButton(self.tr("Close"), self)
        close.setObjectName("closeConflictsButton")
        buttons = QHBoxLayout()
        buttons.addWidget(keep)
        buttons.addWidget(restore)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        keep.clicked.connect(self._on_keep_clicked)
        restore.clicked.connect(self._on_restore_clicked)
        close.clicked.connect(self.accept)
        self.resize(760, 420)

    def _selected(self) -> dict[str, object] | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.conflict(rows[0].row()) if rows else None

    def _on_keep_clicked(self) -> None:
        chosen = self._selected()
        if chosen:
            self._store.resolve_conflict(str(chosen["id"]))
            self._after()

    def _on_restore_clicked(self) -> None:
        chosen = self._selected()
        if chosen and chosen.get("field"):
            self._store.resolve_conflict(str(chosen["id"]), chosen.get("losing_value"), use=True)
            if chosen.get("subject"):
                self.changed_clients.add(str(chosen["subject"]))
            self._after()

    def _after(self) -> None:
        self.model.reload()
        self.conflict_resolved.emit()
