"""The neutral unlock screen: user, passphrase, plain throttling, and recovery-key reset."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from exitdoors_desktop.core.errors import ExitDoorsError, Throttled, VaultCorrupt, VaultFromFuture
from exitdoors_desktop.storage.secrets import KdfParams
from exitdoors_desktop.storage.vault import Session, Vault
from exitdoors_desktop.ui.tasks import TaskRunner, error_words


class UnlockPage(QWidget):
    unlocked = Signal(object)  # Session

    def __init__(self, vault: Vault, runner: TaskRunner, kdf: KdfParams | None = None,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.setObjectName("unlockPage")
        self._vault = vault
        self._runner = runner
        self._kdf = kdf
        self.user = QComboBox(self)
        self.user.setObjectName("unlockUser")
        self.user.setEditable(True)
        self.passphrase = QLineEdit(self)
        self.passphrase.setObjectName("unlockPassphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.button = QPushButton(self.tr("Unlock"), self)
        self.button.setObjectName("unlockButton")
        self.button.setDefault(True)
        self.message = QLabel(self)
        self.message.setObjectName("unlockMessage")
        self.message.setWordWrap(True)
        self.recover = QPushButton(self.tr("Forgot the passphrase? Use the recovery key"), self)
        self.recover.setObjectName("unlockRecover")
        self.recover.setFlat(True)
        title = QLabel(self.tr("Locked"), self)
        title.setObjectName("unlockTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        form = QFormLayout()
        form.addRow(self.tr("User"), self.user)
        form.addRow(self.tr("Passphrase"), self.passphrase)
        box = QWidget(self)
        box.setObjectName("unlockBox")
        box.setMaximumWidth(420)
        inner = QVBoxLayout(box)
        inner.addWidget(title)
        inner.addLayout(form)
        inner.addWidget(self.button)
        inner.addWidget(self.message)
        inner.addWidget(self.recover)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(box, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        self._countdown = QTimer(self)
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self._on_countdown_timeout)
        self.button.clicked.connect(self._on_button_clicked)
        self.passphrase.returnPressed.connect(self._on_button_clicked)
        self.recover.clicked.connect(self._on_recover_clicked)
        self.refresh()

    def refresh(self) -> None:
        self.user.clear()
        try:
            names = [name for name, _role in self._vault.users()]
        except ExitDoorsError as exc:
            names = []
            self._show(exc)
        self.user.addItems(names)
        self.passphrase.clear()
        self.passphrase.setFocus()
        self._on_countdown_timeout()

    def _on_button_clicked(self) -> None:
        if not self.button.isEnabled():
            return
        user, passphrase = self.user.currentText().strip(), self.passphrase.text()
        self.passphrase.clear()
        self.button.setEnabled(False)
        self.message.setText(self.tr("Unlocking…"))
        self._runner.run(
            lambda: self._vault.unlock(user, passphrase), self._on_unlocked, self._show, self
        )

    def _on_unlocked(self, session: Session) -> None:
        self.button.setEnabled(True)
        self.message.clear()
        self.unlocked.emit(session)

    def _show(self, exc: BaseException) -> None:
        self.button.setEnabled(True)
        if isinstance(exc, VaultCorrupt | VaultFromFuture):
            self.button.setEnabled(False)  # never offer to start over on top of it
        self.message.setText(self.tr(error_words(exc)))
        if isinstance(exc, Throttled) or self._vault.throttle.retry_after() > 0:
            self._on_countdown_timeout()

    def _on_countdown_timeout(self) -> None:
        wait = self._vault.throttle.retry_after() if self._vault.exists() else 0
        if wait > 0:
            self.button.setEnabled(False)
            text = self.tr("Too many attempts. You can try again in %1 seconds.")
            self.message.setText(text.replace("%1", str(int(wait) + 1)))
            self._countdown.start()
        else:
            self._countdown.stop()
            if not self.button.isEnabled() and self.message.text().startswith(self.tr("Too many")):
                self.button.setEnabled(True)
                self.message.clear()

    def _on_recover_clicked(self) -> None:
        RecoveryDialog(self._vault, self._runner, self._kdf, self.user.currentText(), self).exec()


class RecoveryDialog(QDialog):
    def __init__(self, vault: Vault, runner: TaskRunner, kdf: KdfParams | None, user: str,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.setObjectName("recoveryDialog")
        self.setWindowTitle(self.tr("Set a new passphrase"))
        self._vault, self._runner, self._kdf = vault, runner, kdf
        self.user = QLineEdit(user, self)
        self.user.setObjectName("recoveryUser")
        self.key = QLineEdit(self)
        self.key.setObjectName("recoveryKey")
        self.new = QLineEdit(self)
        self.new.setObjectName("recoveryNew")
        self.new.setEchoMode(QLineEdit.EchoMode.Password)
        self.again = QLineEdit(self)
        self.again.setObjectName("recoveryAgain")
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("User"), self.user)
        form.addRow(self.tr("Recovery key"), self.key)
        form.addRow(self.tr("New passphrase"), self.new)
        form.addRow(self.tr("Again"), self.again)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        buttons.accepted.connect(self._on_ok)
        buttons.rejected.connect(self.reject)

    def _on_ok(self) -> None:
        if self.new.text() != self.again.text():
            self.message.setText(self.tr("The two passphrases differ."))
            return
        user, key, new = self.user.text().strip(), self.key.text(), self.new.text()
        self.message.setText(self.tr("Working…"))
        self._runner.run(
            lambda: self._vault.recover(key, user, new, kdf=self._kdf),
            lambda _none: self.accept(),
            lambda exc: self.message.setText(self.tr(error_words(exc))),
            self,
        )
