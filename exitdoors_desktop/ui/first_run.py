"""The first-run wizard: a user name, a passphrase (policy and strength shown as she types),
and the recovery key, shown once and confirmed by retyping its last group."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from exitdoors_desktop.core.passphrase import (
    PassphraseProblem,
    Strength,
    check_passphrase,
    strength,
)
from exitdoors_desktop.storage.secrets import KdfParams
from exitdoors_desktop.storage.vault import Session, Vault
from exitdoors_desktop.ui.tasks import TaskRunner, error_words

_STRENGTH_WORDS = {
    Strength.WEAK: "Too weak",
    Strength.FAIR: "Fair",
    Strength.GOOD: "Good",
    Strength.STRONG: "Strong",
}


class WelcomePage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Welcome"))
        text = QLabel(
            self.tr(
                "Your notes are kept encrypted on this laptop. Only someone with a passphrase "
                "can open them. Let's set up yours."
            ),
            self,
        )
        text.setWordWrap(True)
        join = QPushButton(self.tr("Join a team with an invite file…"), self)
        join.setObjectName("wizardJoinTeam")
        join.setEnabled(False)
        note = QLabel(
            self.tr(
                "To join your team's office server, first create your notes here, then use "
                "“exitdoors sync join FILE” with the invite your supervisor gives you."
            ),
            self,
        )
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addStretch(1)
        layout.addWidget(join)
        layout.addWidget(note)


class PassphrasePage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Your name and passphrase"))
        self.user = QLineEdit(self)
        self.user.setObjectName("wizardUser")
        self.passphrase = QLineEdit(self)
        self.passphrase.setObjectName("wizardPassphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.again = QLineEdit(self)
        self.again.setObjectName("wizardPassphraseAgain")
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.hint = QLabel(self)
        self.hint.setObjectName("wizardStrength")
        self.hint.setWordWrap(True)
        advice = QLabel(
            self.tr("Use at least 12 characters. A few unrelated words make a good passphrase."),
            self,
        )
        advice.setWordWrap(True)
        layout = QVBoxLayout(self)
        for label, widget in ((self.tr("Your name (as colleagues know you)"), self.user),
                              (self.tr("Passphrase"), self.passphrase),
                              (self.tr("Passphrase again"), self.again)):  # fmt: skip
            layout.addWidget(QLabel(label, self))
            layout.addWidget(widget)
        layout.addWidget(advice)
        layout.addWidget(self.hint)
        for w in (self.user, self.passphrase, self.again):
            w.textChanged.connect(self._on_text_changed)
        self._on_text_changed()

    def _on_text_changed(self) -> None:
        p = self.passphrase.text()
        problems = check_passphrase(p)
        if not p:
            self.hint.setText("")
        elif PassphraseProblem.TOO_SHORT in problems:
            self.hint.setText(self.tr("Too short: %1 of 12 characters.").replace("%1", str(len(p))))
        elif PassphraseProblem.TOO_COMMON in problems:
            self.hint.setText(self.tr("This one is too common. Please choose another."))
        elif self.again.text() and self.again.text() != p:
            self.hint.setText(self.tr("The two passphrases differ."))
        else:
            self.hint.setText(
                self.tr("Strength: %1").replace("%1", self.tr(_STRENGTH_WORDS[strength(p)]))
            )
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        p = self.passphrase.text()
        return bool(self.user.text().strip()) and not check_passphrase(p) and p == self.again.text()


class RecoveryPage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Your recovery key"))
        self.key = QLabel(self)
        self.key.setObjectName("wizardRecoveryKey")
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSize(13)
        self.key.setFont(font)
        self.confirm = QLineEdit(self)
        self.confirm.setObjectName("wizardRecoveryConfirm")
        text = QLabel(
            self.tr(
                "Write this key on paper and keep it somewhere safe, away from the laptop. It "
                "is shown only once. With it, a forgotten passphrase can be replaced; without "
                "both, nobody can open these notes. Type its last five characters to confirm."
            ),
            self,
        )
        text.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.key)
        layout.addWidget(self.confirm)
        self.confirm.textChanged.connect(self.completeChanged)
        self.recovery = ""

    def show_key(self, recovery: str) -> None:
        self.recovery = recovery
        self.key.setText(recovery)

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        last = self.recovery.rsplit("-", 1)[-1]
        return bool(last) and self.confirm.text().strip().upper().replace("-", "") == last


class FirstRunWizard(QWizard):
    """Creates the vault when she leaves the passphrase page (the KDF runs in the background)."""

    def __init__(self, vault: Vault, runner: TaskRunner, kdf: KdfParams | None = None,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.setObjectName("firstRunWizard")
        self.setWindowTitle(self.tr("Set up"))
        self._vault, self._runner, self._kdf = vault, runner, kdf
        self.session: Session | None = None
        self.welcome = WelcomePage(self)
        self.secret = PassphrasePage(self)
        self.recovery = RecoveryPage(self)
        for page in (self.welcome, self.secret, self.recovery):
            self.addPage(page)
        self._creating = False
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)

    def validateCurrentPage(self) -> bool:  # noqa: N802 - Qt override
        if self.currentPage() is not self.secret or self.session is not None:
            return True
        if not self._creating:
            self._creating = True
            self.secret.hint.setText(self.tr("Creating your encrypted notes…"))
            user, passphrase = self.secret.user.text().strip(), self.secret.passphrase.text()
            self._runner.run(
                lambda: self._vault.create(user, passphrase, kdf=self._kdf),
                self._on_created,
                self._on_failed,
                self,
            )
        return False

    def _on_created(self, result: tuple[Session, str]) -> None:
        self.session, recovery = result
        self.recovery.show_key(recovery)
        self.secret.passphrase.clear()
        self.secret.again.clear()
        self.next()

    def _on_failed(self, exc: BaseException) -> None:
        self._creating = False
        self.secret.hint.setText(self.tr(error_words(exc)))
