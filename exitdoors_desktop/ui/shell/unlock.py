"""The neutral unlock screen: user, passphrase, plain throttling with a countdown, distinct
messages for a damaged or newer vault, and the recovery-key reset."""

from __future__ import annotations

import math
from enum import Enum

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
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

from exitdoors_desktop.core.errors import (
    ExitDoorsError,
    VaultCorrupt,
    VaultFromFuture,
    VaultMissing,
    WrongPassphrase,
)
from exitdoors_desktop.core.passphrase import check_passphrase
from exitdoors_desktop.storage.secrets import KdfParams
from exitdoors_desktop.storage.vault import Session, Vault
from exitdoors_desktop.ui.kit.style import monospace_font
from exitdoors_desktop.ui.kit.tasks import TaskRunner, error_words


class Tone(Enum):
    INFO = "info"
    ERROR = "error"
    SERIOUS = "serious"  # the vault cannot be opened by anyone: never offer to start over


def _set_tone(label: QLabel, tone: Tone) -> None:
    label.setProperty("tone", tone.value)
    label.style().unpolish(label)
    label.style().polish(label)


class UnlockPage(QWidget):
    """Signals: ``unlocked(Session)``."""

    unlocked = Signal(object)

    def __init__(self, vault: Vault, runner: TaskRunner, kdf: KdfParams | None = None,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.setObjectName("unlockPage")
        self._vault, self._runner, self._kdf = vault, runner, kdf
        self._busy = False
        self._blocked = False  # damaged or newer vault: unlocking cannot work
        self.user = QComboBox(self)
        self.user.setObjectName("unlockUser")
        self.passphrase = QLineEdit(self)
        self.passphrase.setObjectName("unlockPassphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setMinimumWidth(260)
        self.button = QPushButton(self)
        self.button.setObjectName("unlockButton")
        self.button.setDefault(True)
        self.message = QLabel(self)
        self.message.setObjectName("unlockMessage")
        self.message.setWordWrap(True)
        self.message.setMinimumHeight(24)
        self.recover = QPushButton(self)
        self.recover.setObjectName("unlockRecover")
        self.recover.setCursor(Qt.CursorShape.PointingHandCursor)
        title = self._title = QLabel(self)
        title.setObjectName("unlockTitle")
        subtitle = self._subtitle = QLabel(self)
        subtitle.setObjectName("unlockSubtitle")
        self._user_label = QLabel(self)
        self._user_label.setBuddy(self.user)
        self._passphrase_label = QLabel(self)
        self._passphrase_label.setBuddy(self.passphrase)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.setVerticalSpacing(10)
        form.addRow(self._user_label, self.user)
        form.addRow(self._passphrase_label, self.passphrase)
        box = QWidget(self)
        box.setObjectName("unlockBox")
        box.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        box.setFixedWidth(440)
        inner = QVBoxLayout(box)
        inner.setContentsMargins(32, 26, 32, 22)
        inner.setSpacing(10)
        inner.addWidget(title)
        inner.addWidget(subtitle)
        inner.addLayout(form)
        inner.addSpacing(4)
        inner.addWidget(self.button)
        inner.addWidget(self.message)
        inner.addWidget(self.recover, 0, Qt.AlignmentFlag.AlignLeft)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(box, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(3)
        self._countdown = QTimer(self)
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self._on_countdown_timeout)
        self.button.clicked.connect(self._on_button_clicked)
        self.passphrase.returnPressed.connect(self._on_button_clicked)
        self.recover.clicked.connect(self._on_recover_clicked)
        self.setFocusProxy(self.passphrase)
        self.retranslate()
        self.refresh()

    def retranslate(self) -> None:
        """The page's words in the language now in use. The page is built before anyone has
        unlocked (in the system's language); a French session's lock screen showed English."""
        self.button.setText(self.tr("Unlock"))
        self.recover.setText(self.tr("Forgot your passphrase? Use the recovery key"))
        self._title.setText(self.tr("Locked"))
        self._subtitle.setText(self.tr("Enter your passphrase to open your notes."))
        self._user_label.setText(self.tr("User"))
        self._passphrase_label.setText(self.tr("Passphrase"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        # Installing a translator (use_language at unlock) sends LanguageChange to every widget.
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- state --------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Re-read the users and the throttle; clears the passphrase (after a lock)."""
        current = self.user.currentText()
        self.user.clear()
        self._blocked = False
        self._say("", Tone.INFO)
        try:
            names = [name for name, _role in self._vault.users()]
        except ExitDoorsError as exc:
            names = []
            self._show_error(exc)
        self.user.addItems(names)
        if current in names:
            self.user.setCurrentText(current)
        self.passphrase.clear()
        self.passphrase.setFocus()
        self._on_countdown_timeout()
        self._update_enabled()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        # Focus set while the page was being built is lost when the window adopts it: at
        # start (and after each lock) a passphrase typed at once must land in its field.
        super().showEvent(event)
        self.focus_start()

    def focus_start(self) -> None:
        """The passphrase when a user is already chosen, else the user list."""
        ready = self.user.count() > 0 and self.passphrase.isEnabled()
        (self.passphrase if ready else self.user).setFocus(Qt.FocusReason.OtherFocusReason)

    def wait_seconds(self) -> int:
        if self._blocked or not self._vault.exists():
            return 0
        wait = self._vault.throttle.retry_after()
        return math.ceil(wait) if wait > 0 else 0

    def _update_enabled(self) -> None:
        throttled = self._countdown.isActive()
        ready = not (self._busy or self._blocked or throttled) and self.user.count() > 0
        self.button.setEnabled(ready)
        self.passphrase.setEnabled(not self._blocked)
        self.recover.setEnabled(not (self._blocked or self._busy) and self.user.count() > 0)

    def _say(self, text: str, tone: Tone) -> None:
        self.message.setText(text)
        _set_tone(self.message, tone)

    # -- unlocking ------------------------------------------------------------------------------

    def _on_button_clicked(self) -> None:
        if not self.button.isEnabled():
            return
        user, passphrase = self.user.currentText(), self.passphrase.text()
        if not passphrase:
            self._say(self.tr("Please type your passphrase."), Tone.ERROR)
            return
        self.passphrase.clear()
        self._busy = True
        self._update_enabled()
        self._say(self.tr("Unlocking…"), Tone.INFO)
        self._runner.run(
            lambda: self._vault.unlock(user, passphrase),
            self._on_unlocked,
            self._on_unlock_failed,
            self,
        )

    def _on_unlocked(self, session: Session) -> None:
        self._busy = False
        self._say("", Tone.INFO)
        self._update_enabled()
        self.unlocked.emit(session)

    def _on_unlock_failed(self, exc: BaseException) -> None:
        self._busy = False
        self._show_error(exc)
        self._on_countdown_timeout()
        self._update_enabled()
        self.passphrase.setFocus()

    def _show_error(self, exc: BaseException) -> None:
        if isinstance(exc, VaultCorrupt):
            self._blocked = True
            self._say(error_words(exc), Tone.SERIOUS)
        elif isinstance(exc, VaultFromFuture):
            self._blocked = True
            self._say(error_words(exc), Tone.SERIOUS)
        elif isinstance(exc, VaultMissing):
            self._blocked = True
            self._say(error_words(exc), Tone.SERIOUS)
        else:
            self._say(error_words(exc), Tone.ERROR)

    def _on_countdown_timeout(self) -> None:
        wait = self.wait_seconds()
        if wait > 0:
            clock = f"{wait // 60}:{wait % 60:02d}"  # m:ss reads the same in every language
            text = self.tr("Too many attempts. You can try again in {time}.").format(time=clock)
            self._say(text, Tone.ERROR)
            self._countdown.start()
        elif self._countdown.isActive():
            self._countdown.stop()
            self._say(self.tr("You can try again now."), Tone.INFO)
        self._update_enabled()

    # -- recovery -------------------------------------------------------------------------------

    def _on_recover_clicked(self) -> None:
        users = [self.user.itemText(i) for i in range(self.user.count())]
        dialog = RecoveryDialog(self._vault, self._runner, self._kdf, users, self)
        dialog.user.setCurrentText(self.user.currentText())
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.user.setCurrentText(dialog.user.currentText())
            self._say(self.tr("Your new passphrase is set. Unlock with it now."), Tone.INFO)
        self._on_countdown_timeout()


class RecoveryDialog(QDialog):
    """Recovery key + user + new passphrase twice → Vault.recover (in the background)."""

    def __init__(self, vault: Vault, runner: TaskRunner, kdf: KdfParams | None,
                 users: list[str] | str, parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.setObjectName("recoveryDialog")
        self.setWindowTitle(self.tr("Set a new passphrase"))
        self.setMinimumWidth(500)
        self._vault, self._runner, self._kdf = vault, runner, kdf
        self._working = False
        self.user = QComboBox(self)
        self.user.setObjectName("recoveryUser")
        self.user.addItems([users] if isinstance(users, str) else users)
        self.key = QLineEdit(self)
        self.key.setObjectName("recoveryKey")
        self.key.setFont(monospace_font(11))
        self.key.setPlaceholderText("XXXXX-XXXXX-XXXXX-…")
        self.new = QLineEdit(self)
        self.new.setObjectName("recoveryNew")
        self.new.setEchoMode(QLineEdit.EchoMode.Password)
        self.again = QLineEdit(self)
        self.again.setObjectName("recoveryAgain")
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel(self)
        self.message.setObjectName("recoveryMessage")
        self.message.setWordWrap(True)
        about = QLabel(
            self.tr("Type the recovery key you wrote down when these notes were set up, then "
                    "choose a new passphrase."), self)  # fmt: skip
        about.setWordWrap(True)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.addRow(self.tr("User"), self.user)
        form.addRow(self.tr("Recovery key"), self.key)
        form.addRow(self.tr("New passphrase"), self.new)
        form.addRow(self.tr("New, again"), self.again)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.setObjectName("recoveryButtons")
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addWidget(about)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)

    def _on_buttons_accepted(self) -> None:
        if self._working:
            return
        new = self.new.text()
        if new != self.again.text():
            self.message.setText(self.tr("The two passphrases differ."))
            return
        if check_passphrase(new):
            self.message.setText(
                self.tr("Please choose a longer or less common passphrase (12 characters or more).")
            )
            return
        user, key = self.user.currentText(), self.key.text().strip()
        self._working = True
        self.buttons.setEnabled(False)
        self.message.setText(self.tr("Working…"))
        self._runner.run(
            lambda: self._vault.recover(key, user, new, kdf=self._kdf),
            self._on_recovered,
            self._on_recover_failed,
            self,
        )

    # The old name, kept for callers written against it.
    _on_ok = _on_buttons_accepted

    def _on_recovered(self, _none: object) -> None:
        self._working = False
        self.key.clear()
        self.new.clear()
        self.again.clear()
        self.accept()

    def _on_recover_failed(self, exc: BaseException) -> None:
        self._working = False
        self.buttons.setEnabled(True)
        if isinstance(exc, WrongPassphrase):
            self.message.setText(self.tr("That recovery key does not open these notes."))
        else:
            self.message.setText(error_words(exc))
