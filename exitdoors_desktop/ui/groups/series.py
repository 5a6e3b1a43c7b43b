"""Series: a recurring group with its planned sessions. The dialog creates one; the page shows,
per client who came, "attended A of P" under the program's completion rule."""

from __future__ import annotations

import datetime as dt
import uuid

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
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from exitdoors_desktop.core.groups import MAX_PLANNED, MAX_TEXT, GroupSettings, Series
from exitdoors_desktop.storage.groups_repo import GroupRepository
from exitdoors_desktop.storage.vault import Session
from exitdoors_desktop.ui.groups.fields import date_input, date_value
from exitdoors_desktop.ui.groups.saving import SavingDialog
from exitdoors_desktop.ui.kit.context import AppContext
from exitdoors_desktop.ui.kit.i18n import tr
from exitdoors_desktop.ui.kit.words import day

DATE_ROLE = Qt.ItemDataRole.UserRole + 1


class SeriesDialog(SavingDialog):
    """Create a series. Signals: ``series_saved(Series)`` after the write."""

    series_saved = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("series_editor")
        self.setWindowTitle(tr("New series"))
        self.ctx = ctx
        self.settings: GroupSettings = ctx.definitions.program.groups
        self.saving = False
        form = QFormLayout()
        self.name = QLineEdit(self)
        self.name.setObjectName("series_name")
        self.name.setMaxLength(MAX_TEXT)
        self.name.setPlaceholderText(tr("e.g. Spring skills course"))
        form.addRow(tr("&Name"), self.name)
        self.type = QComboBox(self)
        self.type.setObjectName("series_type")
        for t in self.settings.types:
            self.type.addItem(t.label.get(ctx.language), t.id)
        form.addRow(tr("&Type"), self.type)
        self.planned = QSpinBox(self)
        self.planned.setObjectName("series_planned")
        self.planned.setRange(1, MAX_PLANNED)
        self.planned.setValue(8)
        form.addRow(tr("&Planned sessions"), self.planned)
        dates = QHBoxLayout()
        self.date = date_input(self, "series_date", ctx.today())
        dates.addWidget(self.date)
        self.add_date = QPushButton(tr("&Add date"), self)
        self.add_date.setObjectName("series_add_date")
        self.add_date.setAutoDefault(False)
        self.add_date.clicked.connect(self._on_add_date_clicked)
        dates.addWidget(self.add_date)
        dates.addStretch(1)
        form.addRow(tr("Planned &dates"), dates)
        self.dates = QListWidget(self)
        self.dates.setObjectName("series_dates")
        self.dates.setMaximumHeight(120)
        self.dates.setToolTip(tr("Delete removes the highlighted date."))
        form.addRow("", self.dates)
        self.message = QLabel(self)
        self.message.setObjectName("series_message")
        self.message.setStyleSheet("color: #8c1d18;")
        self.message.setWordWrap(True)
        self.message.hide()
        self.save_button = QPushButton(tr("&Save"), self)
        self.save_button.setObjectName("series_save")
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        cancel = QPushButton(tr("Cancel"), self)
        cancel.setAutoDefault(False)
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        remove = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.dates)
        remove.setContext(Qt.ShortcutContext.WidgetShortcut)
        remove.activated.connect(self._on_remove_activated)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self).activated.connect(self.save)

    def planned_dates(self) -> tuple[dt.date, ...]:
        out = []
        for i in range(self.dates.count()):
            value = self.dates.item(i).data(DATE_ROLE)
            out.append(dt.date.fromisoformat(str(value)))
        return tuple(out)

    def series(self) -> Series:
        """The series as typed; ValueError (with words to show) when something is not right."""
        name = self.name.text().strip()
        if not name:
            raise ValueError(tr("A series needs a name."))
        if self.type.currentData() is None:
            raise ValueError(tr("The program has no group types; ask your supervisor."))
        dates = self.planned_dates()
        if len(dates) > self.planned.value():
            raise ValueError(
                tr("There are more planned dates ({d}) than planned sessions ({n}).").format(
                    d=len(dates), n=self.planned.value()
                )
            )
        return Series(str(uuid.uuid4()), name, str(self.type.currentData()),
                      self.planned.value(), dates)  # fmt: skip

    def save(self) -> None:
        if self.saving:
            return
        try:
            series = self.series()
        except ValueError as exc:
            self._say(str(exc))
            return
        settings = self.settings

        def op(session: Session) -> Series:
            GroupRepository(session, settings).save_series(series)
            return series

        self._start_save(op)

    def _saved_words(self) -> str:
        return tr("Series saved.")

    def _emit_saved(self, stored: object) -> None:
        self.series_saved.emit(stored)

    def _on_add_date_clicked(self) -> None:
        try:
            value = date_value(self.date)
        except ValueError as exc:
            self._say(str(exc))
            return
        if value in self.planned_dates():
            self._say(tr("{date} is already planned.").format(date=day(value)))
            return
        self.message.hide()
        item = QListWidgetItem(day(value))
        item.setData(DATE_ROLE, value.isoformat())
        dates = sorted((*self.planned_dates(), value))
        self.dates.insertItem(dates.index(value), item)

    def _on_remove_activated(self) -> None:
        row = self.dates.currentRow()
        if row >= 0:
            self.dates.takeItem(row)
