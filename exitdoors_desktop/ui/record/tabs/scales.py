"""The record's Scales tab: the radar chart (first and latest readings of the program's default
scale), the history of readings, and the dialog that adds one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from exitdoors_desktop.core.scales import ScaleDefinition, ScaleReading, progressed
from exitdoors_desktop.ui.kit.columns import FittedColumns
from exitdoors_desktop.ui.kit.context import AppContext
from exitdoors_desktop.ui.kit.date_input import DateInput
from exitdoors_desktop.ui.kit.i18n import tr
from exitdoors_desktop.ui.kit.reflow import VerticalScroll
from exitdoors_desktop.ui.record.data import RecordSnapshot, RecordStore
from exitdoors_desktop.ui.record.radar_chart import (
    RadarChart,
    RadarFiguresTableModel,
    ReadingsTableModel,
)

MUTED = "color: palette(placeholder-text);"


class AddReadingDialog(QDialog):
    """One spin box per area; the lowest position means "not rated this time"."""

    def __init__(
        self,
        scale: ScaleDefinition,
        today: dt.date,
        language: str,
        start: Mapping[str, int] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("add_reading_dialog")
        self.setWindowTitle(tr("Add a reading"))
        self.scale = scale
        self._language = language
        layout = QVBoxLayout(self)
        intro = QLabel(
            tr("{title}: rate each area from {lo} to {hi} with her. Leave an area at “—” to "
               "skip it.").format(title=scale.title.get(language), lo=scale.min, hi=scale.max),
            self,
        )  # fmt: skip
        intro.setWordWrap(True)
        layout.addWidget(intro)
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        date_label = QLabel(tr("&Date"), self)
        grid.addWidget(date_label, 0, 0)
        # Today unless she says otherwise (most readings are taken with her, today); the text
        # is selected when the dialog opens, so a date typed at once replaces it.
        self.date_edit = DateInput(self, latest=today)
        self.date_edit.set_date(today)
        self.date_edit.setObjectName("reading_date")
        self.date_edit.line.setObjectName("reading_date_text")
        self.date_edit.date_changed.connect(self._on_spin_value_changed)
        date_label.setBuddy(self.date_edit.line)
        grid.addWidget(self.date_edit, 0, 1, 1, 2)
        self.spins: dict[str, QSpinBox] = {}
        self._stages: dict[str, QLabel] = {}
        for row, area in enumerate(scale.areas, start=1):
            grid.addWidget(QLabel(area.label.get(language), self), row, 0)
            spin = QSpinBox(self)
            spin.setObjectName(f"reading:{area.id}")
            spin.setRange(scale.min - 1, scale.max)
            spin.setSpecialValueText("—")
            spin.setValue((start or {}).get(area.id, scale.min - 1))
            spin.setAccessibleName(area.label.get(language))
            spin.valueChanged.connect(self._on_spin_value_changed)
            grid.addWidget(spin, row, 1)
            stage = QLabel(self)
            stage.setStyleSheet(MUTED)
            grid.addWidget(stage, row, 2)
            self.spins[area.id] = spin
            self._stages[area.id] = stage
        grid.setColumnStretch(2, 1)
        holder = QWidget()
        holder.setLayout(grid)
        # Up and down only: the dialog is at least as wide as the areas and their stages.
        scroll = VerticalScroll(holder, self)
        layout.addWidget(scroll, 1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(520, 560)
        self._on_spin_value_changed()
        # The date first: a date typed at once lands there, and each score in its own area.
        self.date_edit.line.setFocus(Qt.FocusReason.OtherFocusReason)

    def values(self) -> dict[str, int]:
        return {a: s.value() for a, s in self.spins.items() if s.value() >= self.scale.min}

    def date(self) -> dt.date | None:
        return self.date_edit.date()

    def _on_spin_value_changed(self, _value: int = 0) -> None:
        for area, spin in self.spins.items():
            stage = self.scale.stage_of(spin.value())
            self._stages[area].setText(stage.label.get(self._language) if stage else "")
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.values()) and self.date() is not None)


class ScalesTab(QWidget):
    reading_added = Signal(object)

    def __init__(self, ctx: AppContext, store: RecordStore, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("scales_tab")
        self.ctx = ctx
        self.store = store
        self.scale = ctx.definitions.default_scale
        self._readings: list[ScaleReading] = []
        # The chart and its readings scroll up and down when the screen is short (1024×600 at
        # 150 %) rather than make the window taller than the screen.
        content = QWidget(self)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(VerticalScroll(content, self))
        layout = QVBoxLayout(content)
        layout.setContentsMargins(8, 8, 8, 8)
        top = QHBoxLayout()
        self.summary = QLabel(self)
        self.summary.setObjectName("scales_summary")
        self.summary.setWordWrap(True)
        top.addWidget(self.summary, 1)
        self.add_button = QPushButton(tr("Add &reading…"), self)
        self.add_button.setObjectName("add_reading")
        self.add_button.clicked.connect(self._on_add_button_clicked)
        top.addWidget(self.add_button)
        # The chart's text alternative (besides its accessible description): the same figures
        # as a table, for anyone who reads a table more easily than a shape.
        self.table_toggle = QPushButton(tr("Show as ta&ble"), self)
        self.table_toggle.setObjectName("radar_show_table")
        self.table_toggle.setCheckable(True)
        self.table_toggle.setToolTip(tr("Show the chart's figures as a table instead"))
        self.table_toggle.toggled.connect(self._on_table_toggle_toggled)
        top.addWidget(self.table_toggle)
        layout.addLayout(top)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.chart_stack = QStackedWidget(splitter)
        self.chart_stack.setObjectName("radar_stack")
        self.chart = RadarChart(self.chart_stack)
        self.figures_model = RadarFiguresTableModel(self)
        self.figures_table = QTableView(self.chart_stack)
        self.figures_table.setObjectName("radar_table")
        self.figures_table.setAccessibleName(tr("Progress scale figures"))
        self.figures_table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside
        self.figures_table.setModel(self.figures_model)
        self.figures_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.figures_table.verticalHeader().hide()
        self.chart_stack.addWidget(self.chart)
        self.chart_stack.addWidget(self.figures_table)
        self.model = ReadingsTableModel(self)
        self.table = QTableView(splitter)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside
        self.table.setObjectName("readings_table")
        self.table.setAccessibleName(tr("Scale readings"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        # One column per area: they share the width (headers on two lines), never scroll right.
        self.columns_fit = FittedColumns(self.table, 0, least=100)
        splitter.addWidget(self.chart_stack)
        splitter.addWidget(self.table)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([460, 180])
        layout.addWidget(splitter, 1)
        self.open_dialog = self._open_dialog  # tests may replace it

    def refresh(self, snap: RecordSnapshot) -> None:
        self._readings = [r for r in snap.readings if r.scale_id == self.scale.id]
        lang = self.ctx.language
        self.chart.set_data(self.scale, self._readings, lang)
        self.model.set_data(self.scale, self._readings, lang)
        self.figures_model.set_data(self.scale, self._readings, lang)
        self.table.resizeColumnsToContents()
        self.figures_table.resizeColumnsToContents()
        self.summary.setText(self._summary_text())

    def _on_table_toggle_toggled(self, as_table: bool) -> None:
        self.chart_stack.setCurrentWidget(self.figures_table if as_table else self.chart)

    def _summary_text(self) -> str:
        title = self.scale.title.get(self.ctx.language)
        n = len(self._readings)
        if n == 0:
            return tr(
                "{title}: no readings yet. Rate at intake, at reviews and at graduation."
            ).format(title=title)
        if n == 1:
            return tr("{title}: one reading, on {date}.").format(
                title=title, date=self._readings[0].date.isoformat()
            )
        result = progressed(self._readings, self.scale, self.ctx.definitions.program.progress)
        rated = [a for a, v in result.items() if v is not None]
        rose = [a for a in rated if result[a]]
        return tr("{title}: {n} readings. Progress since the first in {k} of {m} areas.").format(
            title=title, n=n, k=len(rose), m=len(rated)
        )

    def add_reading(self, date: dt.date, values: Mapping[str, int]) -> ScaleReading:
        reading = self.store.readings.add(self.store.client_id, self.scale.id, date, values)
        self.ctx.notify(tr("Reading saved."))
        self.reading_added.emit(reading)
        return reading

    def _open_dialog(self) -> tuple[dt.date, dict[str, int]] | None:
        start = dict(self._readings[-1].values) if self._readings else None
        dialog = AddReadingDialog(self.scale, self.ctx.today(), self.ctx.language, start, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        when = dialog.date()
        return None if when is None else (when, dialog.values())

    def _on_add_button_clicked(self) -> None:
        result = self.open_dialog()
        if result is not None:
            self.focus_reading(self.add_reading(*result))

    def focus_reading(self, reading: ScaleReading) -> None:
        """Focus on the reading's row (after a save, not back at the toolbar)."""
        rows = [i for i, r in enumerate(self.model.rows()) if r.id == reading.id]
        if rows:
            self.table.selectRow(rows[0])
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.add_button.setFocus(Qt.FocusReason.OtherFocusReason)
