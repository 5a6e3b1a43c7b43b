"""Backups, retention and users in the window: Settings → Backup / Retention / Users and the
first-run "Restore from a backup…" (the record's "Erase…" is ui/record/erase.py). Role rules come from
core/permissions (app-level); the work runs off the GUI thread through the TaskRunner."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from exitdoors_desktop.core.people import Role
from exitdoors_desktop.core.permissions import Permission, allowed, require
from exitdoors_desktop.storage.backup import create_backup, last_backup, restore_backup
from exitdoors_desktop.storage.erasure import due_for_erasure, erase_clients
from exitdoors_desktop.storage.vault import Session, Vault
from exitdoors_desktop.ui.kit.context import AppContext
from exitdoors_desktop.ui.kit.i18n import tr
from exitdoors_desktop.ui.kit.tasks import TaskRunner, error_words
from exitdoors_desktop.ui.kit.vocabulary import role_name
from exitdoors_desktop.ui.shell.users import AddUserDialog


def reminder_codes(
    session: Session, retention_days: int, today: dt.date, backup_days: int = 7
) -> list[tuple[str, int]]:
    """What to remind her of after unlocking (role-dependent), as (code, number): read on the
    worker, worded on the GUI thread. ``backup_days`` is the program's backup_reminder_days."""
    out: list[tuple[str, int]] = []
    if allowed(session.role, Permission.BACKUP):
        last = last_backup(session)
        if last is None:
            out.append(("no_backup", 0))
        elif (today - last).days >= backup_days:
            out.append(("old_backup", (today - last).days))
    if allowed(session.role, Permission.ERASE):
        due = len(due_for_erasure(session, retention_days, today))
        if due:
            out.append(("past_retention", due))
    return out


def reminder_words(codes: list[tuple[str, int]]) -> list[str]:
    """Short, data-free lines for the notice, in her language."""
    lines = []
    for code, n in codes:
        if code == "no_backup":
            lines.append(tr("No backup of this laptop's notes yet: Settings → Back up now."))
        elif code == "old_backup":
            lines.append(tr("Last backup {n} days ago: Settings → Back up now.").format(n=n))
        elif code == "past_retention":
            lines.append(
                tr("{n} clients are past the retention period: Settings → Retention.").format(n=n)
            )
    return lines


def reminders(
    session: Session, retention_days: int, today: dt.date, backup_days: int = 7
) -> list[str]:
    """The reminders worded at once (on the calling thread)."""
    return reminder_words(reminder_codes(session, retention_days, today, backup_days))


class DurabilityBox(QWidget):
    """The Backup, Retention and Users groups of the Settings dialog.

    ``confirm(count)`` asks before erasing (a test gives its own); ``remove_user_requested``
    carries (name, the admin's passphrase): the window locks everything, then re-keys.
    """

    remove_user_requested = Signal(str, str)

    def __init__(self, ctx: AppContext, runner: TaskRunner, parent: QWidget | None = None,
                 confirm: Callable[[int], bool] | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self._ctx, self._runner = ctx, runner
        self._confirm = confirm or self._ask_count
        role = ctx.session.role
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

        backup = QGroupBox(self.tr("Backup"), self)
        self.last = QLabel(self)
        self.last.setObjectName("backupLast")
        self.backup_now = QPushButton(self.tr("Back up now…"), self)
        self.backup_now.setObjectName("backupNow")
        self.backup_now.setEnabled(allowed(role, Permission.BACKUP))
        if not self.backup_now.isEnabled():
            self.backup_now.setToolTip(self.tr("Only an admin can make backups."))
        self.backup_message = QLabel(self)
        self.backup_message.setObjectName("backupMessage")
        self.backup_message.setWordWrap(True)
        form = QFormLayout(backup)
        form.addRow(self.tr("Last backup"), self.last)
        form.addRow("", self.backup_now)
        form.addRow("", self.backup_message)
        layout.addWidget(backup)

        self.retention = QGroupBox(self.tr("Retention"), self)
        self.retention.setObjectName("retentionBox")
        self.due_label = QLabel(self)
        self.due_label.setObjectName("retentionDue")
        self.due_label.setWordWrap(True)
        self.erase_due = QPushButton(self)
        self.erase_due.setObjectName("retentionErase")
        inner = QVBoxLayout(self.retention)
        inner.addWidget(self.due_label)
        inner.addWidget(self.erase_due, 0, Qt.AlignmentFlag.AlignLeft)
        self.retention.setVisible(allowed(role, Permission.ERASE))
        layout.addWidget(self.retention)

        self.users_box = QGroupBox(self.tr("Users"), self)
        self.users_box.setObjectName("usersBox")
        self.users = QListWidget(self)
        self.users.setObjectName("usersList")
        # Made in reading order (Add, then Remove): the Tab chain follows creation order.
        self.add_user = QPushButton(self.tr("Add user…"), self)
        self.add_user.setObjectName("usersAdd")
        self.remove_user = QPushButton(self.tr("Remove user…"), self)
        self.remove_user.setObjectName("usersRemove")
        self.users_message = QLabel(self)
        self.users_message.setObjectName("usersMessage")
        self.users_message.setWordWrap(True)
        # Replaceable by tests: runs the Add user dialog, True when it was accepted.
        self.run_add_dialog: Callable[[AddUserDialog], bool] = lambda d: bool(d.exec())
        note = QLabel(
            self.tr("Removing a user gives the notes a new key: the window locks while it "
                    "happens, and everyone else keeps their passphrase."), self)  # fmt: skip
        note.setWordWrap(True)
        note.setProperty("role", "note")
        users_layout = QVBoxLayout(self.users_box)
        users_layout.addWidget(self.users)
        user_buttons = QHBoxLayout()
        user_buttons.addWidget(self.add_user)
        user_buttons.addWidget(self.remove_user)
        user_buttons.addStretch(1)
        users_layout.addLayout(user_buttons)
        users_layout.addWidget(self.users_message)
        users_layout.addWidget(note)
        self.users_box.setVisible(allowed(role, Permission.USERS))
        layout.addWidget(self.users_box)

        self.backup_now.clicked.connect(self._on_backup_clicked)
        self.erase_due.clicked.connect(self._on_erase_due_clicked)
        self.remove_user.clicked.connect(self._on_remove_clicked)
        self.add_user.clicked.connect(self._on_add_clicked)
        self._due: list[str] = []
        self.refresh()

    def refresh(self) -> None:
        session = self._ctx.session
        last = last_backup(session)
        self.last.setText(last.isoformat() if last else self.tr("never"))
        if self.retention.isVisibleTo(self) or allowed(session.role, Permission.ERASE):
            days = self._ctx.definitions.program.retention_days_after_close
            self._due = [d.client_id for d in due_for_erasure(session, days, self._ctx.today())]
            self.due_label.setText(
                self.tr("%1 clients closed more than %2 days ago are due for erasure.")
                .replace("%1", str(len(self._due))).replace("%2", str(days))
            )  # fmt: skip
            self.erase_due.setText(self.tr("Erase %1 clients…").replace("%1", str(len(self._due))))
            self.erase_due.setEnabled(bool(self._due))
        self.users.clear()
        for name, role in session.vault.users():
            self.users.addItem(f"{name} — {user_role_name(role)}")
            item = self.users.item(self.users.count() - 1)
            item.setData(Qt.ItemDataRole.UserRole, name)

    # -- backup ---------------------------------------------------------------------------
    def _on_backup_clicked(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Back up to"), f"notes-{self._ctx.today().isoformat()}.edb"
        )
        if name:
            self.back_up_to(Path(name))

    def back_up_to(self, path: Path) -> None:
        require(self._ctx.session.role, Permission.BACKUP)
        self.backup_now.setEnabled(False)
        self.backup_message.setText(self.tr("Backing up…"))
        self._ctx.in_background(
            lambda s: create_backup(s, path), self._on_backed_up, self._on_backup_failed, self
        )

    def _on_backed_up(self, manifest: object) -> None:
        self.backup_now.setEnabled(True)
        self.backup_message.setText(self.tr("Backup written. Keep it somewhere safe."))
        self._ctx.notify(self.tr("Backup written."))
        self.refresh()

    def _on_backup_failed(self, exc: BaseException) -> None:
        self.backup_now.setEnabled(True)
        self.backup_message.setText(error_words(exc))

    # -- retention ------------------------------------------------------------------------
    def _ask_count(self, count: int) -> bool:
        text, ok = QInputDialog.getText(
            self, self.tr("Erase for good"),
            self.tr("This erases %1 clients and their whole history for good. Type %1 to "
                    "confirm.").replace("%1", str(count)),
        )  # fmt: skip
        return bool(ok) and text.strip() == str(count)

    def _on_erase_due_clicked(self) -> None:
        due = list(self._due)
        if not due or not self._confirm(len(due)):
            return
        require(self._ctx.session.role, Permission.ERASE)
        self.erase_due.setEnabled(False)
        self._ctx.in_background(
            lambda s: erase_clients(s, due, reason="retention"),
            lambda _n: self._after_erase(due),
            lambda exc: self.due_label.setText(error_words(exc)),
            self,
        )

    def _after_erase(self, erased: list[str]) -> None:
        count = len(erased)
        self._ctx.clients_changed(erased)  # their caseload rows go at once
        with self._ctx.session.transaction():
            from exitdoors_desktop.storage.audit import AuditAction

            self._ctx.session.audit.append(AuditAction.RETENTION_RUN, detail=f"{count} clients")
        self._ctx.notify(self.tr("%1 clients erased.").replace("%1", str(count)))
        self.refresh()

    # -- users ----------------------------------------------------------------------------
    def _on_add_clicked(self) -> None:
        existing = [name for name, _role in self._ctx.session.vault.users()]
        dialog = AddUserDialog(existing, self)
        try:
            if self.run_add_dialog(dialog):
                self.add_user_named(*dialog.values())
        finally:
            dialog.clear_secrets()
            dialog.deleteLater()

    def add_user_named(self, name: str, role: Role, passphrase: str) -> None:
        """The same storage call as `exitdoors vault adduser` (its passphrase rules too), on
        the worker's connection: the key derivation takes a moment."""
        require(self._ctx.session.role, Permission.USERS)
        self.add_user.setEnabled(False)
        self.users_message.setText(self.tr("Adding %1…").replace("%1", name))
        self._ctx.in_background(
            lambda s: s.add_user(name, passphrase, role),
            lambda _id: self._on_user_added(name),
            self._on_add_failed,
            self,
        )

    def _on_user_added(self, name: str) -> None:
        self.add_user.setEnabled(True)
        self.users_message.setText(
            self.tr("%1 can now unlock with her own passphrase.").replace("%1", name)
        )
        self._ctx.notify(self.tr("User added."))
        self.refresh()

    def _on_add_failed(self, exc: BaseException) -> None:
        self.add_user.setEnabled(True)
        self.users_message.setText(error_words(exc))

    def _on_remove_clicked(self) -> None:
        item = self.users.currentItem()
        if item is None:
            return
        name = str(item.data(Qt.ItemDataRole.UserRole))
        if name == self._ctx.session.user_name:
            QMessageBox.information(self, self.tr("Users"), self.tr("You cannot remove yourself."))
            return
        passphrase, ok = QInputDialog.getText(
            self, self.tr("Remove user"),
            self.tr("Remove %1? Type your passphrase to confirm.").replace("%1", name),
            QLineEdit.EchoMode.Password,
        )  # fmt: skip
        if ok and passphrase:
            self.remove_user_requested.emit(name, passphrase)


class RestoreDialog(QDialog):
    """First run: make this laptop's notes from a backup file (passphrase or recovery key)."""

    def __init__(self, vault: Vault, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("restoreDialog")
        self.setWindowTitle(self.tr("Restore from a backup"))
        self._vault, self._runner = vault, runner
        self.session: Session | None = None
        self.path = QLineEdit(self)
        self.path.setObjectName("restorePath")
        browse = QPushButton(self.tr("Choose…"), self)
        self.user = QLineEdit(self)
        self.user.setObjectName("restoreUser")
        self.secret = QLineEdit(self)
        self.secret.setObjectName("restoreSecret")
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.use_recovery = QCheckBox(self.tr("Use the recovery key instead"), self)
        self.use_recovery.setObjectName("restoreUseRecovery")
        self.message = QLabel(self)
        self.message.setObjectName("restoreMessage")
        self.message.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        form = QFormLayout()
        form.addRow(self.tr("Backup file"), row)
        form.addRow(self.tr("Your name"), self.user)
        form.addRow(self.tr("Passphrase"), self.secret)
        form.addRow("", self.use_recovery)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        browse.clicked.connect(self._on_browse_clicked)
        self.buttons.accepted.connect(self._on_ok)
        self.buttons.rejected.connect(self.reject)

    def _on_browse_clicked(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(self, self.tr("Backup file"))
        if name:
            self.path.setText(name)

    def _on_ok(self) -> None:
        path, user, secret = (
            Path(self.path.text().strip()),
            self.user.text().strip(),
            (self.secret.text()),
        )
        recovery = self.use_recovery.isChecked()
        self.secret.clear()
        self.buttons.setEnabled(False)
        self.message.setText(self.tr("Checking and restoring the backup…"))
        vault = self._vault
        self._runner.run(
            lambda: restore_backup(
                vault.data_dir, path, user=user or None,
                passphrase=None if recovery else secret, recovery=secret if recovery else None,
                allow=lambda role: require(role, Permission.BACKUP),
            ),
            self._on_restored, self._on_failed, self,
        )  # fmt: skip

    def _on_restored(self, session: Session) -> None:
        self.session = session
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.message.setText(error_words(exc))


def user_role_name(role: str) -> str:
    """The vocabulary's name for a stored role code (the code itself only if unknown)."""
    try:
        return role_name(Role(role))
    except ValueError:
        return role
