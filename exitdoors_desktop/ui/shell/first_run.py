"""The first-run wizard: welcome, a user name and passphrase (policy and strength shown as she
types), the recovery key shown once and confirmed by retyping its last group, then done."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from exitdoors_desktop.storage.secrets import KdfParams
from exitdoors_desktop.storage.vault import Session, Vault
from exitdoors_desktop.sync.invite import Invite, read_invite
from exitdoors_desktop.sync.service import join_invite
from exitdoors_desktop.ui.kit.passphrase_hint import (
    meter_value,
    passphrase_refusal,
    passphrase_verdict,
    verdict_words,
)
from exitdoors_desktop.ui.kit.style import monospace_font
from exitdoors_desktop.ui.kit.tasks import TaskRunner, error_words
from exitdoors_desktop.ui.shell.durability import RestoreDialog
from exitdoors_desktop.ui.shell.safety import QUICK_EXIT_KEY


def confirms_key(recovery: str, typed: str) -> bool:
    """True when ``typed`` is the key's last group (case, spaces and dashes ignored)."""
    last = recovery.rsplit("-", 1)[-1].upper()
    return bool(last) and typed.upper().replace("-", "").replace(" ", "") == last


def _note(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setProperty("role", "note")
    return label


class WelcomePage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("wizardWelcomePage")
        self.setTitle(self.tr("Welcome"))
        self.setSubTitle(self.tr("Set up this laptop in two short steps."))
        text = QLabel(
            self.tr(
                "This app keeps your case notes on this laptop, encrypted. Nobody can read them "
                "without your passphrase — not someone who finds the laptop, and not the office "
                "server if your team syncs.\n\n"
                "Next you choose your name and a passphrase; then the app shows a recovery key "
                "to write on paper."
            ),
            self,
        )
        text.setWordWrap(True)
        self.join = QPushButton(self.tr("Join a team with an invite file…"), self)
        self.join.setObjectName("wizardJoinTeam")
        # Enter means "Next" on this page, as on every other: joining is a deliberate choice.
        self.join.setAutoDefault(False)
        self.join.setDefault(False)
        self.join_status = _note(
            self.tr(
                "If your supervisor gave you an invite file and its one-time passphrase, choose "
                "it here: this laptop joins the team right after your notes are created."
            ),
            self,
        )
        self.join_status.setObjectName("wizardJoinStatus")
        note = self.join_status
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(text)
        layout.addStretch(1)
        layout.addWidget(self.join, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(note)
        self.restore = QPushButton(self.tr("Restore from a backup…"), self)
        self.restore.setObjectName("wizardRestore")
        layout.addWidget(self.restore, 0, Qt.AlignmentFlag.AlignLeft)


class JoinDialog(QDialog):
    """Pick the invite file and type its one-time passphrase; the invite is opened at once
    (in the background) so a wrong passphrase is said now, not after set-up."""

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("joinDialog")
        self.setWindowTitle(self.tr("Join a team"))
        self._runner = runner
        self.invite: Invite | None = None
        self.path = QLineEdit(self)
        self.path.setObjectName("joinInvitePath")
        browse = QPushButton(self.tr("Choose…"), self)
        browse.setObjectName("joinBrowse")
        self.words = QLineEdit(self)
        self.words.setObjectName("joinOneTimePassphrase")
        self.words.setEchoMode(QLineEdit.EchoMode.Password)  # a passphrase, never shown in clear
        self.message = _note("", self)
        form = QFormLayout()
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        form.addRow(self.tr("Invite file"), row)
        form.addRow(self.tr("One-time passphrase"), self.words)
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
        name, _filter = QFileDialog.getOpenFileName(self, self.tr("Invite file"))
        if name:
            self.path.setText(name)

    def _on_ok(self) -> None:
        path, words = Path(self.path.text().strip()), self.words.text()
        self.message.setText(self.tr("Opening the invite…"))
        self._runner.run(lambda: read_invite(path, words), self._on_opened, self._on_failed, self)

    def _on_opened(self, invite: Invite) -> None:
        self.invite = invite
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self.message.setText(error_words(exc))


class PassphrasePage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("wizardPassphrasePage")
        self.setTitle(self.tr("Your name and passphrase"))
        self.setSubTitle(self.tr("You will type this passphrase each time you open the app."))
        self.user = QLineEdit(self)
        self.user.setObjectName("wizardUser")
        self.user.setMaxLength(60)
        self.passphrase = QLineEdit(self)
        self.passphrase.setObjectName("wizardPassphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.again = QLineEdit(self)
        self.again.setObjectName("wizardPassphraseAgain")
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.meter = QProgressBar(self)
        self.meter.setObjectName("wizardStrengthMeter")
        self.meter.setRange(0, 4)
        self.meter.setTextVisible(False)
        self.meter.setFixedHeight(6)
        self.hint = QLabel(self)
        self.hint.setObjectName("wizardStrength")
        self.hint.setWordWrap(True)
        self.hint.setMinimumHeight(22)
        advice = _note(
            self.tr(
                "At least 12 characters. A few unrelated words make a passphrase that is easy "
                "to remember and hard to guess, e.g. “kettle orbit lemon sparrow”."
            ),
            self,
        )
        form = QFormLayout()
        form.setVerticalSpacing(10)
        form.addRow(self.tr("Your name (as colleagues know you)"), self.user)
        form.addRow(self.tr("Passphrase"), self.passphrase)
        form.addRow(self.tr("Passphrase again"), self.again)
        form.addRow("", self.meter)
        form.addRow("", self.hint)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(advice)
        layout.addStretch(1)
        for w in (self.user, self.passphrase, self.again):
            w.textChanged.connect(self._on_text_changed)
        self._on_text_changed()

    def _on_text_changed(self) -> None:
        code, tone = passphrase_verdict(self.passphrase.text(), self.again.text())
        self.hint.setText(verdict_words(code, self.passphrase.text()))
        self.hint.setProperty("tone", tone)
        self.hint.style().unpolish(self.hint)
        self.hint.style().polish(self.hint)
        self.meter.setValue(meter_value(self.passphrase.text()))
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        refusal = passphrase_refusal(self.passphrase.text(), self.again.text())
        return bool(self.user.text().strip()) and refusal is None


class RecoveryPage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("wizardRecoveryPage")
        self.setTitle(self.tr("Your recovery key"))
        self.setSubTitle(self.tr("Shown only this once. Write it on paper now."))
        text = QLabel(
            self.tr(
                "If you ever forget your passphrase, this key lets you set a new one. Keep the "
                "paper somewhere safe and away from the laptop. Without the passphrase and "
                "without this key, nobody can open these notes — not even the office."
            ),
            self,
        )
        text.setWordWrap(True)
        self.key = QLabel(self)
        self.key.setObjectName("wizardRecoveryKey")
        self.key.setFont(monospace_font(15))
        self.key.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # Not selectable on purpose: a key that went through the clipboard may stay there.
        self.key.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.confirm = QLineEdit(self)
        self.confirm.setObjectName("wizardRecoveryConfirm")
        self.confirm.setFont(monospace_font(12))
        self.confirm.setMaxLength(12)
        self.confirm.setFixedWidth(160)
        form = QFormLayout()
        form.addRow(self.tr("To confirm, type its last group:"), self.confirm)
        self.join_status = _note("", self)
        self.join_status.setObjectName("wizardRecoveryJoinStatus")
        layout = QVBoxLayout(self)
        layout.setSpacing(14)
        layout.addWidget(text)
        layout.addWidget(self.key)
        layout.addLayout(form)
        layout.addWidget(self.join_status)
        layout.addStretch(1)
        self.confirm.textChanged.connect(self.completeChanged)
        self.recovery = ""

    def show_key(self, recovery: str) -> None:
        self.recovery = recovery
        groups = recovery.split("-")
        half = (len(groups) + 1) // 2
        # Two lines of groups are easier to copy by hand than one long line.
        self.key.setText("  ".join(groups[:half]) + "\n" + "  ".join(groups[half:]))

    def forget(self) -> None:
        self.recovery = ""
        self.key.clear()
        self.confirm.clear()

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        return confirms_key(self.recovery, self.confirm.text())


class DonePage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("wizardDonePage")
        self.setTitle(self.tr("All set"))
        self.setSubTitle(self.tr("Your notes are ready."))
        text = QLabel(
            self.tr(
                "Good to know:\n\n"
                "•  Quick exit: press {key} (or Shift+Esc), or the red button at the top right. "
                "The window disappears, the notes lock and the clipboard is emptied at once.\n\n"
                "•  The app locks itself after a few minutes without use (you can change this "
                "in Settings).\n\n"
                "•  Window titles stay neutral; client names never appear in them."
            ).format(key=QUICK_EXIT_KEY),
            self,
        )
        text.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addStretch(1)


class FirstRunWizard(QWizard):
    """Creates the vault when she leaves the passphrase page (the KDF runs in the background).
    After that there is no going back or cancelling: the recovery key must be confirmed.
    ``session`` holds the open session once the vault exists."""

    def __init__(self, vault: Vault, runner: TaskRunner, kdf: KdfParams | None = None,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.setObjectName("firstRunWizard")
        self.setWindowTitle(self.tr("Set up"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setMinimumSize(640, 500)
        self._vault, self._runner, self._kdf = vault, runner, kdf
        self.session: Session | None = None
        self.welcome = WelcomePage(self)
        self.secret = PassphrasePage(self)
        self.recovery = RecoveryPage(self)
        self.done_page = DonePage(self)
        for page in (self.welcome, self.secret, self.recovery, self.done_page):
            self.addPage(page)
        self.secret.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("Create my notes"))
        self._creating = False
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.invite: Invite | None = None
        self.joined: bool | None = None  # None: not asked; then True/False once tried
        self.welcome.join.clicked.connect(self._on_join_clicked)
        self.welcome.restore.clicked.connect(self._on_restore_clicked)
        # Replaceable by tests: runs the restore dialog, returns the restored session if any.
        self.run_restore_dialog: Callable[[RestoreDialog], Session | None] = lambda d: (
            d.session if d.exec() else None
        )

    def _on_restore_clicked(self) -> None:
        """A backup instead of new notes: the restored vault opens at once (no recovery key
        page: the backup opens with the recovery key the vault already had)."""
        session = self.run_restore_dialog(RestoreDialog(self._vault, self._runner, self))
        if session is not None:
            self.session = session
            self.accept()

    def _on_join_clicked(self) -> None:
        dialog = JoinDialog(self._runner, self)
        if dialog.exec() and dialog.invite is not None:
            self.set_invite(dialog.invite)

    def set_invite(self, invite: Invite) -> None:
        self.invite = invite
        self.welcome.join_status.setText(
            self.tr("Invite opened: this laptop will join the team at %1 after set-up.").replace(
                "%1", invite.server
            )
        )

    def _join(self) -> None:
        session, invite = self.session, self.invite
        if session is None or invite is None:
            return
        self.invite = None  # the team key is not kept around longer than needed
        self.recovery.join_status.setText(self.tr("Joining your team…"))
        self._runner.run(
            lambda: join_invite(session, invite), self._on_joined, self._on_join_failed, self
        )

    def _on_joined(self, _config: object) -> None:
        self.joined = True
        self.recovery.join_status.setText(self.tr("This laptop has joined your team."))

    def _on_join_failed(self, exc: BaseException) -> None:
        self.joined = False
        self.recovery.join_status.setText(
            self.tr("Joining the team did not work: %1 Your notes are fine; ask your supervisor "
                    "for a new invite.").replace("%1", error_words(exc))
        )  # fmt: skip

    def validateCurrentPage(self) -> bool:  # noqa: N802 - Qt override
        if self.currentPage() is self.recovery:
            self.recovery.forget()
            return True
        if self.currentPage() is not self.secret or self.session is not None:
            return True
        if not self._creating:
            self._creating = True
            self.button(QWizard.WizardButton.CommitButton).setEnabled(False)
            self.secret.hint.setText(self.tr("Creating your encrypted notes…"))
            user, passphrase = self.secret.user.text().strip(), self.secret.passphrase.text()
            self._runner.run(
                lambda: self._vault.create(user, passphrase, kdf=self._kdf),
                self._on_created,
                self._on_create_failed,
                self,
            )
        return False  # the page turns when the vault exists (_on_created)

    def _on_created(self, result: tuple[Session, str]) -> None:
        self.session, recovery = result
        self._creating = False
        self.recovery.show_key(recovery)
        self.secret.passphrase.clear()
        self.secret.again.clear()
        self.setOption(QWizard.WizardOption.NoCancelButton, True)
        self.next()
        self._join()

    def _on_create_failed(self, exc: BaseException) -> None:
        self._creating = False
        self.button(QWizard.WizardButton.CommitButton).setEnabled(True)
        self.secret.hint.setText(error_words(exc))

    def reject(self) -> None:
        # Escape must not skip the recovery key once the vault exists.
        if self.session is not None and self.currentPage() is self.recovery:
            return
        super().reject()
