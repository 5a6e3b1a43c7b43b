"""Settings: idle minutes, window title, language, and changing the passphrase."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from exitdoors_desktop.storage.program_repo import SettingsRepository
from exitdoors_desktop.storage.secrets import KdfParams
from exitdoors_desktop.ui.context import AppContext
from exitdoors_desktop.ui.tasks import TaskRunner, error_words


def idle_minutes(ctx: AppContext) -> int:
    value = SettingsRepository(ctx.session).get("idle_minutes")
    return (
        value
        if isinstance(value, int) and 1 <= value <= 240
        else ctx.definitions.program.idle_lock_minutes
    )


def window_title(ctx: AppContext) -> str:
    value = SettingsRepository(ctx.session).get("window_title")
    return (
        value if isinstance(value, str) and value.strip() else ctx.definitions.program.window_title
    )


class SettingsDialog(QDialog):
    def __init__(self, ctx: AppContext, runner: TaskRunner, kdf: KdfParams | None = None,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Settings"))
        self._ctx, self._runner, self._kdf = ctx, runner, kdf
        self.idle = QSpinBox(self)
        self.idle.setObjectName("settingsIdleMinutes")
        self.idle.setRange(1, 240)
        self.idle.setSuffix(self.tr(" min"))
        self.idle.setValue(idle_minutes(ctx))
        self.title = QLineEdit(window_title(ctx), self)
        self.title.setObjectName("settingsWindowTitle")
        self.language = QComboBox(self)
        self.language.setObjectName("settingsLanguage")
        self.language.addItem(self.tr("English"), "en")
        self.language.addItem(self.tr("Français (coming soon)"), "fr")
        self.language.model().item(1).setEnabled(False)  # type: ignore[attr-defined]
        form = QFormLayout()
        form.addRow(self.tr("Lock after idle"), self.idle)
        form.addRow(self.tr("Window title (keep it neutral)"), self.title)
        form.addRow(self.tr("Language"), self.language)
        self.old = QLineEdit(self)
        self.old.setObjectName("settingsOldPassphrase")
        self.new = QLineEdit(self)
        self.new.setObjectName("settingsNewPassphrase")
        self.again = QLineEdit(self)
        self.again.setObjectName("settingsNewPassphraseAgain")
        for w in (self.old, self.new, self.again):
            w.setEchoMode(QLineEdit.EchoMode.Password)
        self.change = QPushButton(self.tr("Change passphrase"), self)
        self.change.setObjectName("settingsChangePassphrase")
        self.message = QLabel(self)
        self.message.setObjectName("settingsMessage")
        self.message.setWordWrap(True)
        box = QGroupBox(self.tr("Passphrase"), self)
        inner = QFormLayout(box)
        inner.addRow(self.tr("Current"), self.old)
        inner.addRow(self.tr("New"), self.new)
        inner.addRow(self.tr("New again"), self.again)
        inner.addRow(self.change)
        inner.addRow(self.message)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(box)
        layout.addWidget(buttons)
        buttons.accepted.connect(self._on_save)
        buttons.rejected.connect(self.reject)
        self.change.clicked.connect(self._on_change_clicked)

    def _on_save(self) -> None:
        prefs = SettingsRepository(self._ctx.session)
        prefs.set("idle_minutes", self.idle.value())
        prefs.set(
            "window_title", self.title.text().strip() or self._ctx.definitions.program.window_title
        )
        prefs.set("language", self.language.currentData())
        self.accept()

    def _on_change_clicked(self) -> None:
        if self.new.text() != self.again.text():
            self.message.setText(self.tr("The two new passphrases differ."))
            return
        vault, user = self._ctx.session.vault, self._ctx.session.user_name
        old, new = self.old.text(), self.new.text()
        for w in (self.old, self.new, self.again):
            w.clear()
        self.message.setText(self.tr("Changing…"))
        self._runner.run(
            lambda: vault.change_passphrase(user, old, new, kdf=self._kdf),
            lambda _none: self.message.setText(self.tr("Passphrase changed.")),
            lambda exc: self.message.setText(self.tr(error_words(exc))),
            self,
        )
