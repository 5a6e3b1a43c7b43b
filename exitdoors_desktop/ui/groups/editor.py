"""The session editor: what the group was, who facilitated, and who came (the checklist).

Saving runs in the background (``AppContext.in_background``); the note is checked against the
ticked women's names and aliases first (``core.groups.note_names``): a session note is a team
record and must not name participants.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from exitdoors_desktop.core.groups import (
    MAX_LENGTH_MINUTES,
    MAX_OTHERS,
    MAX_TEXT,
    Facilitator,
    FacilitatorKind,
    GroupSession,
    GroupSettings,
    Place,
    Series,
    note_names,
)
from exitdoors_desktop.storage.groups_repo import ChecklistEntry, GroupRepository
from exitdoors_desktop.storage.vault import Session
from exitdoors_desktop.ui.groups.checklist import AttendanceChecklist
from exitdoors_desktop.ui.groups.fields import (
    date_input,
    date_value,
    place_name,
    set_date_value,
    type_label,
)
from exitdoors_desktop.ui.groups.saving import SavingDialog
from exitdoors_desktop.ui.kit.context import AppContext
from exitdoors_desktop.ui.kit.i18n import tr

WARN = "color: #8c1d18;"
HINT = "color: #555;"
FACILITATOR_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class EditorChoices:
    """What the editor offers, read once before it opens (on the GUI thread's session)."""

    entries: tuple[ChecklistEntry, ...]  # the team's active clients (+ anyone already linked)
    series: tuple[Series, ...]
    users: tuple[tuple[str, str], ...]  # (id, name)
    partners: tuple[tuple[str, str], ...]  # (id, name)


def parse_start(text: str) -> dt.time | None:
    """ "" -> None; "18:30" or "1830" or "9:05" -> a time; anything else -> ValueError."""
    text = text.strip()
    if not text:
        return None
    if text.isdigit() and len(text) in (3, 4):
        text = f"{text[:-2]}:{text[-2:]}"
    hours, sep, mins = text.partition(":")
    if not sep or not hours.isdigit() or not mins.isdigit() or len(mins) != 2:
        raise ValueError(text)
    return dt.time(int(hours), int(mins))


class SessionEditorDialog(SavingDialog):
    """New or existing session. Signals: ``session_saved(GroupSession)`` after the write."""

    session_saved = Signal(object)

    def __init__(
        self,
        ctx: AppContext,
        choices: EditorChoices,
        session: GroupSession | None = None,
        attendees: Sequence[str] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("session_editor")
        self.setWindowTitle(tr("Group session") if session else tr("New group session"))
        self.ctx = ctx
        self.settings: GroupSettings = ctx.definitions.program.groups
        self._choices = choices
        self._id = session.id if session else str(uuid.uuid4())
        self._warned_note: str | None = None
        # Whose last contact a save may change: who came before the edit and who comes after.
        self._attendees_before = tuple(attendees)
        self._attendees_saved: tuple[str, ...] = ()
        self.saving = False
        today = ctx.today()

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.date = date_input(self, "session_date", today, latest=today)
        form.addRow(tr("&Date"), self.date)
        when = QHBoxLayout()
        self.start = QLineEdit(self)
        self.start.setObjectName("session_start")
        self.start.setPlaceholderText(tr("HH:MM"))
        self.start.setMaxLength(5)
        self.start.setMinimumWidth(80)
        self.start.setMaximumWidth(110)
        when.addWidget(self.start)
        when.addWidget(QLabel(tr("Length"), self))
        self.length = QSpinBox(self)
        self.length.setObjectName("session_length")
        self.length.setRange(0, MAX_LENGTH_MINUTES)
        self.length.setSingleStep(15)
        self.length.setSpecialValueText(tr("—"))
        self.length.setSuffix(tr(" min"))
        when.addWidget(self.length)
        when.addStretch(1)
        start_label = QLabel(tr("&Start"), self)
        start_label.setBuddy(self.start)
        form.addRow(start_label, when)
        self.type = QComboBox(self)
        self.type.setObjectName("session_type")
        for t in self.settings.types:
            self.type.addItem(t.label.get(ctx.language), t.id)
        form.addRow(tr("&Type"), self.type)
        self.series = QComboBox(self)
        self.series.setObjectName("session_series")
        form.addRow(tr("Se&ries"), self.series)
        self.topic = QLineEdit(self)
        self.topic.setObjectName("session_topic")
        self.topic.setMaxLength(MAX_TEXT)
        form.addRow(tr("T&opic"), self.topic)
        self.facilitators = QListWidget(self)
        self.facilitators.setObjectName("session_facilitators")
        self.facilitators.setMaximumHeight(96)
        for kind, rows, what in (
            (FacilitatorKind.USER, choices.users, tr("staff")),
            (FacilitatorKind.PARTNER, choices.partners, tr("partner agency")),
        ):
            for ident, name in rows:
                item = QListWidgetItem(f"{name}  ({what})", self.facilitators)
                item.setData(FACILITATOR_ROLE, Facilitator(kind, ident).encode())
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Unchecked)
        form.addRow(tr("&Facilitators"), self.facilitators)
        self.place = QComboBox(self)
        self.place.setObjectName("session_place")
        for p in Place:
            self.place.addItem(place_name(p), p.value)
        form.addRow(tr("&Place"), self.place)
        self.note = QPlainTextEdit(self)
        self.note.setObjectName("session_note")
        self.note.setTabChangesFocus(True)
        self.note.setMinimumHeight(60)
        self.note_hint = QLabel(tr("A team record: do not name participants in this note."), self)
        self.note_hint.setObjectName("session_note_hint")
        self.note_hint.setStyleSheet(HINT)
        self.note_hint.setWordWrap(True)
        note_box = QVBoxLayout()
        note_box.setSpacing(2)
        note_box.addWidget(self.note, 1)
        note_box.addWidget(self.note_hint)
        note_label = QLabel(tr("&Note"), self)
        note_label.setBuddy(self.note)
        form.addRow(note_label, note_box)
        self.others = QSpinBox(self)
        self.others.setObjectName("session_others")
        self.others.setRange(0, MAX_OTHERS)
        form.addRow(tr("Others (&unnamed)"), self.others)

        self.checklist = AttendanceChecklist(self)
        self.checklist.set_entries(choices.entries, attendees)
        people = QVBoxLayout()
        heading = QLabel(tr("&Who came (her team's active clients)"), self)
        heading.setWordWrap(True)  # French at 150 % on a 1024-px screen
        heading.setBuddy(self.checklist.search)
        people.addWidget(heading)
        people.addWidget(self.checklist, 1)

        self.message = QLabel(self)
        self.message.setObjectName("session_message")
        self.message.setStyleSheet(WARN)
        self.message.setWordWrap(True)
        self.message.hide()
        self.save_button = QPushButton(tr("Save  (Ctrl+Enter)"), self)
        self.save_button.setObjectName("session_save")
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        self.cancel_button = QPushButton(tr("Cancel"), self)
        self.cancel_button.setObjectName("session_cancel")
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addStretch(0)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.cancel_button)

        columns = QHBoxLayout()
        columns.addLayout(form, 3)
        columns.addLayout(people, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addLayout(buttons)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.activated.connect(self.save)
        # The checklist comes after the others count; Save after the checklist.
        QWidget.setTabOrder(self.others, self.checklist.search)
        QWidget.setTabOrder(self.checklist.search, self.checklist.view)
        QWidget.setTabOrder(self.checklist.view, self.save_button)

        self.type.currentIndexChanged.connect(self._on_type_current_index_changed)
        self.series.currentIndexChanged.connect(self._on_series_current_index_changed)
        self.note.textChanged.connect(self._on_note_text_changed)
        self.checklist.model.checked_changed.connect(self._on_note_text_changed)
        self._fill_series()
        if session is not None:
            self._load(session)
        self.resize(940, 560)  # fits a 1024x600 screen with the window frame
        self.date.setFocus()

    # -- reading the form -------------------------------------------------------------------
    def _load(self, s: GroupSession) -> None:
        set_date_value(self.date, s.date)
        self.start.setText(s.start.strftime("%H:%M") if s.start else "")
        self.length.setValue(s.length_minutes or 0)
        self.type.setCurrentIndex(max(0, self.type.findData(s.type)))
        self._fill_series()
        self.series.setCurrentIndex(max(0, self.series.findData(s.series_id)))
        self.topic.setText(s.topic or "")
        wanted = {f.encode() for f in s.facilitators}
        for i in range(self.facilitators.count()):
            item = self.facilitators.item(i)
            on = item.data(FACILITATOR_ROLE) in wanted
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self.place.setCurrentIndex(max(0, self.place.findData(s.place.value)))
        self.note.setPlainText(s.note or "")
        self.others.setValue(s.others_count)

    def session(self) -> GroupSession:
        """The session as typed; ValueError (with words to show) when something is not right."""
        try:
            start = parse_start(self.start.text())
        except ValueError:
            raise ValueError(tr("The start time must look like 18:30.")) from None
        note = self.note.toPlainText().strip() or None
        if note is not None and len(note) > MAX_TEXT:
            raise ValueError(
                tr("The note is too long (at most {n} characters).").format(n=MAX_TEXT)
            )
        if self.type.currentData() is None:
            raise ValueError(tr("The program has no group types; ask your supervisor."))
        facilitators = tuple(
            Facilitator.decode(str(item.data(FACILITATOR_ROLE)))
            for i in range(self.facilitators.count())
            if (item := self.facilitators.item(i)).checkState() == Qt.CheckState.Checked
        )
        series = self.series.currentData()
        return GroupSession(
            id=self._id,
            date=date_value(self.date),
            type=str(self.type.currentData()),
            place=Place(str(self.place.currentData())),
            start=start,
            length_minutes=self.length.value() or None,
            topic=self.topic.text().strip() or None,
            facilitators=facilitators,
            note=note,
            others_count=self.others.value(),
            series_id=series if isinstance(series, str) else None,
        )

    def named_in_note(self) -> tuple[str, ...]:
        """Ticked women whose name or alias the note mentions."""
        names = [n for e in self.checklist.model.checked_entries() for n in (e.name, *e.aliases)]
        return note_names(self.note.toPlainText(), names)

    # -- saving -----------------------------------------------------------------------------
    def save(self) -> None:
        if self.saving:
            return
        try:
            gs = self.session()
        except ValueError as exc:
            self._say(str(exc))
            return
        named = self.named_in_note()
        note = self.note.toPlainText()
        if named and self._warned_note != note:
            # Warn once; saving the same note again goes ahead (a name can be a plain word).
            self._warned_note = note
            self._say(
                tr(
                    "The note seems to name someone who came ({names}). A session note is a team "
                    "record: please remove it, or save again to keep the note as it is."
                ).format(names=", ".join(named))
            )
            self.note.setFocus()
            return
        attendees = self.checklist.checked()
        self._attendees_saved = tuple(attendees)
        settings, today = self.settings, self.ctx.today()

        def op(session: Session) -> GroupSession:
            return GroupRepository(session, settings).save_session(gs, attendees, today)

        self._start_save(op)

    def _saved_words(self) -> str:
        return tr("Group session saved.")

    def _emit_saved(self, stored: object) -> None:
        self.ctx.clients_changed({*self._attendees_before, *self._attendees_saved})
        self.session_saved.emit(stored)

    # -- slots ------------------------------------------------------------------------------
    def _fill_series(self) -> None:
        current = self.series.currentData()
        gtype = self.type.currentData()
        self.series.blockSignals(True)
        self.series.clear()
        self.series.addItem(tr("(not part of a series)"), None)
        for s in self._choices.series:
            if s.type == gtype:
                self.series.addItem(s.name, s.id)
        self.series.setCurrentIndex(max(0, self.series.findData(current)))
        self.series.blockSignals(False)

    def _on_type_current_index_changed(self, _index: int) -> None:
        self._fill_series()

    def _on_series_current_index_changed(self, _index: int) -> None:
        self.message.hide()

    def _on_note_text_changed(self) -> None:
        named = self.named_in_note()
        if named:
            self.note_hint.setText(
                tr(
                    "This note seems to name someone who came: {names}. Do not name participants."
                ).format(names=", ".join(named))
            )
            self.note_hint.setStyleSheet(WARN)
        else:
            self.note_hint.setText(tr("A team record: do not name participants in this note."))
            self.note_hint.setStyleSheet(HINT)


def type_choices(settings: GroupSettings, language: str) -> list[tuple[str, str]]:
    """(id, label) of each group type, as the editor and the series dialog offer them."""
    return [(t.id, type_label(settings, t.id, language)) for t in settings.types]
