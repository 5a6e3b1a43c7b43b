"""Settings kept inside the vault (idle minutes, window title, language) and the dialog that
edits them, changes the passphrase, and holds Backup, Retention and Users (durability.py)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from exitdoors_desktop.core.errors import WrongPassphrase
from exitdoors_desktop.core.passphrase import check_passphrase
from exitdoors_desktop.core.program import ProgramSettings
from exitdoors_desktop.storage.program_repo import SettingsRepository
from exitdoors_desktop.storage.secrets import KdfParams
from exitdoors_desktop.storage.vault import Session
from exitdoors_desktop.sync import service
from exitdoors_desktop.ui.kit.context import AppContext
from exitdoors_desktop.ui.kit.tasks import TaskRunner, error_words
from exitdoors_desktop.ui.shell.durability import DurabilityBox
from exitdoors_desktop.ui.sync.team import TeamBox

IDLE_RANGE = (1, 240)
LANGUAGES = ("en", "fr")
TEXT_SIZES = (100, 125, 150)  # percent of the base font size
MAX_TITLE = 40


@dataclass(frozen=True)
class ShellSettings:
    idle_minutes: int
    window_title: str
    language: str
    text_percent: int = 100


def idle_minutes(session: Session, program: ProgramSettings) -> int:
    value = SettingsRepository(session).get("idle_minutes")
    low, high = IDLE_RANGE
    ok = isinstance(value, int) and not isinstance(value, bool) and low <= value <= high
    return value if ok else program.idle_lock_minutes  # type: ignore[return-value]


def window_title(session: Session, program: ProgramSettings) -> str:
    value = SettingsRepository(session).get("window_title")
    return value.strip() if isinstance(value, str) and value.strip() else program.window_title


def _language_key(session: Session) -> str:
    """Each user of the vault keeps her own language (the vault-wide one is the fallback)."""
    return f"language:{session.user_name}"


def language(session: Session) -> str:
    repo = SettingsRepository(session)
    value = repo.get(_language_key(session))
    if value not in LANGUAGES:
        value = repo.get("language")
    return value if isinstance(value, str) and value in LANGUAGES else "en"


def text_percent(session: Session) -> int:
    """Her text size (each user keeps her own): 100, 125 or 150 percent."""
    value = SettingsRepository(session).get(f"text_size:{session.user_name}")
    return value if isinstance(value, int) and value in TEXT_SIZES else 100


def load_settings(session: Session, program: ProgramSettings) -> ShellSettings:
    return ShellSettings(
        idle_minutes(session, program),
        window_title(session, program),
        language(session),
        text_percent(session),
    )


def save_settings(session: Session, program: ProgramSettings, wanted: ShellSettings) -> None:
    """Store what is valid; anything out of range falls back to the program's default."""
    low, high = IDLE_RANGE
    minutes = wanted.idle_minutes if low <= wanted.idle_minutes <= high else None
    title = " ".join(wanted.window_title.split())[:MAX_TITLE] or program.window_title
    repo = SettingsRepository(session)
    with session.transaction():
        repo.set("idle_minutes", minutes if minutes is not None else program.idle_lock_minutes)
        repo.set("window_title", title)
        repo.set(_language_key(session), wanted.language if wanted.language in LANGUAGES else "en")
        repo.set(
            f"text_size:{session.user_name}",
            wanted.text_percent if wanted.text_percent in TEXT_SIZES else 100,
        )


class SettingsDialog(QDialog):
    def __init__(self, ctx: AppContext, runner: TaskRunner, kdf: KdfParams | None = None,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Settings"))
        self.setMinimumWidth(460)
        self._ctx, self._runner, self._kdf = ctx, runner, kdf
        current = load_settings(ctx.session, ctx.definitions.program)
        self.idle = QSpinBox(self)
        self.idle.setObjectName("settingsIdleMinutes")
        self.idle.setRange(*IDLE_RANGE)
        self.idle.setSuffix(self.tr(" minutes"))
        self.idle.setValue(current.idle_minutes)
        self.title = QLineEdit(current.window_title, self)
        self.title.setObjectName("settingsWindowTitle")
        self.title.setMaxLength(MAX_TITLE)
        self.language = QComboBox(self)
        self.language.setObjectName("settingsLanguage")
        self.language.addItem("English", "en")
        self.language.addItem("Français", "fr")  # each language named in itself
        self.language.setCurrentIndex(max(0, self.language.findData(current.language)))
        general = QGroupBox(self.tr("This laptop"), self)
        form = QFormLayout(general)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.addRow(self.tr("Lock when idle for"), self.idle)
        form.addRow(self.tr("Window title"), self.title)
        title_note = QLabel(
            self.tr("Keep it neutral: anyone near the screen or the taskbar can read it."), self
        )
        title_note.setProperty("role", "note")
        title_note.setWordWrap(True)
        form.addRow("", title_note)
        form.addRow(self.tr("Language"), self.language)
        self.text_size = QComboBox(self)
        self.text_size.setObjectName("settingsTextSize")
        self.text_size.addItem(self.tr("Normal (100%)"), 100)
        self.text_size.addItem(self.tr("Larger (125%)"), 125)
        self.text_size.addItem(self.tr("Largest (150%)"), 150)
        self.text_size.setCurrentIndex(max(0, self.text_size.findData(current.text_percent)))
        form.addRow(self.tr("Text size"), self.text_size)
        language_note = QLabel(
            self.tr("A new language or text size shows from the next unlock."), self
        )
        language_note.setProperty("role", "note")
        language_note.setWordWrap(True)
        form.addRow("", language_note)

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
        box = QGroupBox(self.tr("Your passphrase"), self)
        inner = QFormLayout(box)
        inner.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        inner.addRow(self.tr("Current"), self.old)
        inner.addRow(self.tr("New"), self.new)
        inner.addRow(self.tr("New, again"), self.again)
        inner.addRow("", self.change)
        inner.addRow("", self.message)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.setObjectName("settingsButtons")
        # The boxes scroll, the buttons stay: the whole dialog fits a 1024×600 screen.
        content = QWidget(self)
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(12)
        column.addWidget(general)
        column.addWidget(box)
        self.durability = DurabilityBox(ctx, runner, content)
        column.addWidget(self.durability)
        # Settings → Team: only when this laptop is set up for sync.
        self.team: TeamBox | None = None
        if service.load_config(ctx.session) is not None:
            self.team = TeamBox(ctx, content)
            column.addWidget(self.team)
        column.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setObjectName("settingsScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(content)
        scroll.setMinimumWidth(
            content.sizeHint().width() + scroll.verticalScrollBar().sizeHint().width()
        )
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        room = screen.height() - 60 if screen is not None else 700
        self.resize(self.sizeHint().width(), min(content.sizeHint().height() + 80, room))
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        self.change.clicked.connect(self._on_change_clicked)
        self._changing = False

    def values(self) -> ShellSettings:
        return ShellSettings(
            self.idle.value(),
            self.title.text(),
            self.language.currentData(),
            self.text_size.currentData(),
        )

    def _on_buttons_accepted(self) -> None:
        save_settings(self._ctx.session, self._ctx.definitions.program, self.values())
        self.accept()

    # The old name, kept for callers and tests written against it.
    _on_save = _on_buttons_accepted

    def _on_change_clicked(self) -> None:
        if self._changing:
            return
        new = self.new.text()
        if new != self.again.text():
            self.message.setText(self.tr("The two new passphrases differ."))
            return
        if check_passphrase(new):
            self.message.setText(
                self.tr("Please choose a longer or less common passphrase (12 characters or more).")
            )
            return
        vault, user, old = self._ctx.session.vault, self._ctx.session.user_name, self.old.text()
        # Kept (but locked) while it runs: a wrong current passphrase must not cost her the
        # new one typed twice.
        for w in (self.old, self.new, self.again):
            w.setEnabled(False)
        self._changing = True
        self.change.setEnabled(False)
        self.message.setText(self.tr("Changing…"))
        self._runner.run(
            lambda: vault.change_passphrase(user, old, new, kdf=self._kdf),
            self._on_changed,
            self._on_change_failed,
            self,
        )

    def _on_changed(self, _none: object) -> None:
        self._end_change()
        for w in (self.old, self.new, self.again):
            w.clear()
        self.message.setText(self.tr("Passphrase changed. Use the new one from now on."))

    def _on_change_failed(self, exc: BaseException) -> None:
        self._end_change()
        if isinstance(exc, WrongPassphrase):
            self.message.setText(
                self.tr("The current passphrase is not right. Nothing was changed; type it again.")
            )
            self.old.setFocus()
            self.old.selectAll()
            return
        self.message.setText(error_words(exc))

    def _end_change(self) -> None:
        self._changing = False
        self.change.setEnabled(True)
        for w in (self.old, self.new, self.again):
            w.setEnabled(True)
