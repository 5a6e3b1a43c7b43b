"""The Reports screen: pick a period (or a cost cycle) and a view, read the tables and
charts, export them as CSV or PDF, and — on its own, clearly marked tab — the weekly caseload
review for supervision, which names clients and is never exported.

Two views, labelled on screen and in every file: the funder view (de-identified, with a legend
for "<5", "x" and ranges) and the staff view (exact counts, supervisors and admins)."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QLayout,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from exitdoors_desktop.core.definitions import Definitions
from exitdoors_desktop.core.errors import ExitDoorsError, InvalidInput
from exitdoors_desktop.core.metrics import Period, labels
from exitdoors_desktop.core.metrics.publish import (
    Section,
    View,
    may_see_staff_view,
    view_of,
)
from exitdoors_desktop.core.metrics.report import OutcomeReport
from exitdoors_desktop.core.metrics.report_csv import report_csv
from exitdoors_desktop.core.metrics.review import WorkerReview, review
from exitdoors_desktop.storage.caseload_query import caseload
from exitdoors_desktop.storage.report_data import (
    build_report,
    load_cost_cycles,
    save_cost_cycles,
    worker_names,
    write_report_file,
)
from exitdoors_desktop.storage.vault import Session
from exitdoors_desktop.ui.kit.context import AppContext
from exitdoors_desktop.ui.kit.date_input import DateInput
from exitdoors_desktop.ui.kit.flow import FlowLayout
from exitdoors_desktop.ui.kit.i18n import QT_TRANSLATE_NOOP, tr
from exitdoors_desktop.ui.kit.reflow import VerticalScroll
from exitdoors_desktop.ui.kit.tasks import CancelToken, show_error
from exitdoors_desktop.ui.reports.charts import BarChart, report_charts
from exitdoors_desktop.ui.reports.cycles import CostCyclesDialog
from exitdoors_desktop.ui.reports.models import ReviewTableModel, ShownTableModel
from exitdoors_desktop.ui.reports.pdf import report_pdf

# The widest a table or chart grows: wider, a label and its figure are too far apart to read.
CONTENT_WIDTH = 760
# The report's tabs (each holds sections of the report), then the caseload review.
TABS = (
    ("outcomes", QT_TRANSLATE_NOOP("", "Outcomes")),
    ("services", QT_TRANSLATE_NOOP("", "Service delivery and fidelity")),
    ("groups", QT_TRANSLATE_NOOP("", "Group work")),
)
BANNER_STYLE = {
    View.FUNDER: "QLabel { background: #e6efee; color: #0f4c48; border: 1px solid #9fcfca;"
    " padding: 6px; }",
    View.STAFF: "QLabel { background: #fdecea; color: #8a1c12; border: 1px solid #e8a39b;"
    " padding: 6px; font-weight: 600; }",
}


@dataclass(frozen=True)
class _Computed:
    """Everything the page shows, read and counted on the worker thread."""

    report: OutcomeReport
    sections: tuple[Section, ...]
    workers: Sequence[WorkerReview]
    names: dict[str, str]


def _compute(session: Session, definitions: Definitions, period: Period, today: dt.date,
             view: View) -> _Computed:  # fmt: skip
    """Runs off the GUI thread, on its own connection: no widget is touched here."""
    report, sections = build_report(session, definitions, period, today, view)
    rows = caseload(session, definitions.program, today)
    workers = review(rows, report.fidelity.current, definitions.program.caseload_limit, today)
    return _Computed(report, sections, workers, worker_names(session))


class ReportsPage(QWidget):
    """Built by the main window with the unlocked vault's context."""

    report_refreshed = Signal()
    report_exported = Signal(str)  # the format

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reports_page")
        self.ctx = ctx
        self.report: OutcomeReport | None = None
        self._pending: CancelToken | None = None
        self.sections: tuple[Section, ...] = ()
        # Hooks a test can replace: the save-file dialog and the cycles dialog.
        self.choose_file: Callable[[str], Path | None] = self._choose_file
        self.run_cycles_dialog: Callable[[CostCyclesDialog], bool] = lambda d: bool(d.exec())
        today = ctx.today()
        self.from_edit = self._date_edit("report_from", dt.date(today.year - 1, today.month, 1))
        self.to_edit = self._date_edit("report_to", today)
        self.cycle_combo = QComboBox(self)
        self.cycle_combo.setObjectName("report_cycle")
        self.cycle_combo.currentIndexChanged.connect(self._on_cycle_combo_changed)
        self.cycle_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        # A long cycle name must not widen the page; "Any period (choose dates)" shows whole.
        self.cycle_combo.setMinimumContentsLength(len(tr("Any period (choose dates)")) + 1)
        self.view_combo = QComboBox(self)
        self.view_combo.setObjectName("report_view")
        self.view_combo.addItem(labels.view_name(View.FUNDER, tr), View.FUNDER.value)
        if may_see_staff_view(ctx.session.role):
            self.view_combo.addItem(labels.view_name(View.STAFF, tr), View.STAFF.value)
        self.view_combo.currentIndexChanged.connect(self._on_view_combo_changed)
        self.problem_label = QLabel(self)
        self.problem_label.setObjectName("report_problem")
        self.problem_label.setWordWrap(True)
        buttons = []
        for name, text, slot in (
            ("report_refresh", tr("&Show"), self.refresh),
            ("report_cycles", tr("Cyc&les and costs…"), self.edit_cycles),
            ("report_export_csv", tr("Export &CSV…"), lambda: self.export("csv")),
            ("report_export_pdf", tr("Export &PDF…"), lambda: self.export("pdf")),
        ):
            b = QPushButton(text, self)
            b.setObjectName(name)
            b.clicked.connect(slot)
            buttons.append(b)
        # The controls flow: one or two lines on a wide screen, more on a 1024-wide one with
        # French at 150 % (each label stays beside its field) — never a window too wide.
        controls = FlowLayout()
        for text, field, buddy in (
            # A date's label names its text field: the whole input takes no focus itself, so
            # Alt+F / Alt+T did nothing.
            (tr("&From"), self.from_edit, self.from_edit.line),
            (tr("&to"), self.to_edit, self.to_edit.line),
            (tr("C&ycle"), self.cycle_combo, self.cycle_combo),
            (tr("&View"), self.view_combo, self.view_combo),
        ):
            label = QLabel(text, self)
            label.setBuddy(buddy)
            controls.add_row(label, field)
        # Each chart follows the table holding its figures: unticked, the page is tables only
        # (a screen reader also gets each chart's figures as its accessible description).
        self.charts_shown = QCheckBox(tr("C&harts"), self)
        self.charts_shown.setObjectName("report_charts_shown")
        self.charts_shown.setChecked(True)
        self.charts_shown.setToolTip(tr("Untick to show the figures as tables only"))
        self.charts_shown.toggled.connect(self._show_charts)
        for b in buttons:
            controls.add(b)
        controls.add(self.charts_shown)
        self.view_banner = QLabel(self)
        self.view_banner.setObjectName("report_view_banner")
        self.view_banner.setWordWrap(True)
        self.view_banner.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.legend = QLabel(self)
        self.legend.setObjectName("report_legend")
        self.legend.setWordWrap(True)
        self.legend.setTextFormat(Qt.TextFormat.PlainText)  # "<5" is not a tag
        self.legend.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._show_view_labels(View.FUNDER)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("report_tabs")
        self.models: dict[str, ShownTableModel] = {}
        self.charts: dict[str, BarChart] = {}
        self._section_boxes: dict[str, QVBoxLayout] = {}
        for key, title in TABS:
            scroll = QScrollArea(self.tabs)
            scroll.setObjectName(f"report_tab_{key}")
            scroll.setWidgetResizable(True)
            inner = QWidget(scroll)
            box = QVBoxLayout(inner)
            # The scroll area may never squeeze the tables below their fixed heights (wrapped
            # titles once made it, and a table then lay over the next title).
            box.setSizeConstraint(QLayout.SizeConstraint.SetMinAndMaxSize)
            scroll.setWidget(inner)
            self._section_boxes[key] = box
            self.tabs.addTab(scroll, tr(title))
        self.review_model = ReviewTableModel(self)
        self.tabs.addTab(self._review_tab(), tr("Caseload review (staff only)"))
        # The controls and the notes about the figures above the report, in a pane of their
        # own that scrolls when the screen is short: the report keeps most of the height (at
        # 1366×768 in French at 150 % it had about 300 px) and the line can be dragged.
        intro = QWidget(self)
        intro.setObjectName("report_intro")
        box = QVBoxLayout(intro)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(controls)
        box.addWidget(self.view_banner)
        box.addWidget(self.legend)
        box.addWidget(self.problem_label)
        self.intro = VerticalScroll(intro, self)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setObjectName("report_splitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.intro)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self._split_by_hand = False
        self.splitter.splitterMoved.connect(self._on_splitter_moved)
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter, 1)
        self._load_cycles()
        # Nothing is computed until the page is first shown (or Show is pressed): the main
        # window builds every page at unlock, and a big vault takes seconds to count.

    def _on_splitter_moved(self, _pos: int, _index: int) -> None:
        self._split_by_hand = True

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._split()

    def _split(self) -> None:
        """The intro as tall as it needs, but never more than 40 % of the page."""
        if self._split_by_hand:
            return
        total = self.splitter.height()
        content = self.intro.widget()
        if total <= 0 or content is None:
            return
        width = self.intro.viewport().width() or self.splitter.width()
        need = content.heightForWidth(width) if content.hasHeightForWidth() else -1
        need = need if need > 0 else content.sizeHint().height()
        top = max(self.intro.minimumSizeHint().height(), min(need + 2, total * 2 // 5))
        self.splitter.setSizes([top, max(0, total - top)])

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.report is None and self._pending is None:
            self.refresh()

    # -- building ---------------------------------------------------------------------------

    def _date_edit(self, name: str, day: dt.date) -> DateInput:
        # The page's problem label says what is wrong with a date: no message under the field,
        # which would push the controls about.
        edit = DateInput(self, show_message=False)
        edit.setObjectName(name)
        edit.line.setObjectName(f"{name}_text")
        edit.line.returnPressed.connect(self.refresh)
        edit.set_date(day)
        return edit

    def _review_tab(self) -> QWidget:
        page = QWidget(self.tabs)
        page.setObjectName("report_tab_review")
        banner = QLabel(
            tr(
                "Identifying — for staff supervision only. This review names clients: it is "
                "never exported or printed with the report."
            ),
            page,
        )
        banner.setObjectName("review_banner")
        banner.setWordWrap(True)
        banner.setStyleSheet(
            "QLabel { background: #fdecea; color: #8a1c12; border: 1px solid #e8a39b;"
            " padding: 6px; font-weight: 600; }"
        )
        self.review_summary = QLabel(page)
        self.review_summary.setObjectName("review_summary")
        self.review_summary.setWordWrap(True)
        view = QTableView(page)
        view.setObjectName("review_table")
        view.setTabKeyNavigation(False)  # arrows move within; Tab moves on (no keyboard trap)
        view.setModel(self.review_model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = view.horizontalHeader()
        for col in range(len(ReviewTableModel.HEADERS)):
            mode = (
                QHeaderView.ResizeMode.Stretch
                if col >= 4
                else QHeaderView.ResizeMode.ResizeToContents
            )
            header.setSectionResizeMode(col, mode)
        view.verticalHeader().hide()
        view.setWordWrap(False)
        view.verticalHeader().setDefaultSectionSize(view.fontMetrics().lineSpacing() + 8)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.review_view = view
        box = QVBoxLayout(page)
        box.addWidget(banner)
        box.addWidget(self.review_summary)
        box.addWidget(view)
        return page

    def _load_cycles(self) -> None:
        self.cycles = load_cost_cycles(self.ctx.session)
        self.cycle_combo.blockSignals(True)
        self.cycle_combo.clear()
        self.cycle_combo.addItem(tr("Any period (choose dates)"), "")
        for c in self.cycles:
            self.cycle_combo.addItem(f"{c.label} ({c.start} – {c.end})", c.id)
        self.cycle_combo.blockSignals(False)

    def _on_cycle_combo_changed(self, index: int) -> None:
        cid = self.cycle_combo.itemData(index)
        cycle = next((c for c in self.cycles if c.id == cid), None)
        if cycle is not None:
            self.from_edit.set_date(cycle.start)
            self.to_edit.set_date(cycle.end)
            self.refresh()

    def view(self) -> View:
        return View(self.view_combo.currentData() or View.FUNDER.value)

    def _on_view_combo_changed(self, _index: int) -> None:
        self._show_view_labels(self.view())
        self.refresh()

    def _show_view_labels(self, view: View) -> None:
        threshold = self.ctx.definitions.program.small_cell_threshold
        name, note = labels.view_name(view, tr), labels.view_note(view, threshold, tr)
        self.view_banner.setText(f"<b>{html.escape(name)}.</b> {html.escape(note)}")
        self.view_banner.setStyleSheet(BANNER_STYLE[view])
        self.legend.setText(labels.legend_text(threshold, tr))
        self.legend.setVisible(view is View.FUNDER)

    def period(self) -> Period:
        """The chosen period; InvalidInput when a date is missing or not a real date (then
        ``period_problem`` words it) or the period ends before it starts."""
        a, b = self.from_edit.date(), self.to_edit.date()
        if a is None or b is None:
            raise InvalidInput("the period has no valid start or end")
        return Period(a, b)

    def period_problem(self) -> str | None:
        """What is wrong with the period's dates, in words, or None."""
        for edit, missing, wrong in (
            (self.from_edit, tr("Enter the first day of the period (year-month-day, e.g. "
                                "2026-03-05)."), tr("First day of the period: {problem}")),
            (self.to_edit, tr("Enter the last day of the period (year-month-day, e.g. "
                              "2026-03-05)."), tr("Last day of the period: {problem}")),
        ):  # fmt: skip
            problem = edit.problem_text()
            if problem is not None:
                return wrong.format(problem=problem)
            if edit.date() is None:
                return missing
        a, b = self.from_edit.date(), self.to_edit.date()
        if a is not None and b is not None and a > b:
            return tr("The period ends before it starts.")
        return None

    # -- actions ----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Recompute for the chosen period (the vault's records, read now) on the worker
        thread: a big vault takes seconds to count and the window must stay alive meanwhile.
        A newer request makes an older one's answer unwanted."""
        # A date that is missing or not real is said, never guessed: nothing is counted (a
        # count for a corrected date would show figures for a period nobody chose).
        problem = self.period_problem()
        if problem is not None:
            self.problem_label.setText(problem)
            return
        period = self.period()
        if self._pending is not None:
            self._pending.cancel()
        self.problem_label.setText(tr("Counting…"))
        self._set_busy(True)
        definitions, today, view = self.ctx.definitions, self.ctx.today(), self.view()
        self._pending = self.ctx.in_background(
            lambda session: _compute(session, definitions, period, today, view),
            self._on_computed,
            self._on_compute_failed,
            self,
        )

    def stop(self) -> None:
        """The vault is locking: a count still running is no longer wanted."""
        if self._pending is not None:
            self._pending.cancel()
            self._pending = None

    def _set_busy(self, busy: bool) -> None:
        for name in ("report_export_csv", "report_export_pdf"):
            button = self.findChild(QPushButton, name)
            if button is not None:
                button.setEnabled(not busy)

    def _on_computed(self, computed: _Computed) -> None:
        self._pending = None
        self._set_busy(False)
        self.problem_label.setText("")
        self.report, self.sections = computed.report, computed.sections
        self._show_sections()
        self._show_review(computed.workers, computed.names)
        self.report_refreshed.emit()

    def _on_compute_failed(self, exc: BaseException) -> None:
        self._pending = None
        self._set_busy(self.report is None)
        self.problem_label.setText(tr("The figures could not be counted."))
        show_error(self, exc)

    def _show_sections(self) -> None:
        for box in self._section_boxes.values():
            while box.count():
                item = box.takeAt(0)
                widget = item.widget() if item is not None else None
                if widget is not None:
                    widget.hide()
                    widget.deleteLater()
        self.models, self.charts = {}, {}
        ctx = self.ctx
        charts = dict(report_charts(self.sections, ctx.definitions, ctx.language, tr))
        for section in self.sections:
            box = self._section_boxes.get(section.id, self._section_boxes["services"])
            heading = QLabel(f"<h2>{labels.section_title(section.id, tr)}</h2>")
            box.addWidget(heading)
            for tb in section.tables:
                title = QLabel(f"<b>{labels.table_title(tb.id, tr)}</b>")
                title.setWordWrap(True)
                box.addWidget(title)
                view = QTableView()
                model = ShownTableModel(self.ctx, view)
                model.set_table(tb)
                self.models[tb.id] = model
                view.setObjectName(f"report_table_{tb.id}")
                view.setAccessibleName(labels.table_title(tb.id, tr))
                view.setTabKeyNavigation(False)  # arrows move within; Tab moves on
                view.setModel(model)
                view.verticalHeader().hide()
                view.verticalHeader().setDefaultSectionSize(view.fontMetrics().lineSpacing() + 8)
                view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
                # The label column takes the room left; each figure column is as wide as its
                # header or widest cell, so no header is clipped ("Median days").
                header = view.horizontalHeader()
                header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
                header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
                view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
                view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
                rows_h = view.verticalHeader().defaultSectionSize() * model.rowCount()
                view.setFixedHeight(rows_h + view.horizontalHeader().sizeHint().height() + 4)
                view.setMaximumWidth(CONTENT_WIDTH)
                box.addWidget(view)
                note = labels.table_note(ctx.definitions, ctx.language, tb, tr)
                if note:
                    why = QLabel(note)
                    why.setObjectName(f"report_note_{tb.id}")
                    why.setWordWrap(True)
                    why.setTextFormat(Qt.TextFormat.PlainText)
                    why.setStyleSheet("color: palette(placeholder-text);")
                    why.setMaximumWidth(CONTENT_WIDTH)
                    box.addWidget(why)
                if tb.id in charts and any(r.chart_value is not None for r in tb.rows):
                    chart = BarChart(f"report_chart_{tb.id}")
                    chart.set_data(charts[tb.id])
                    chart.setMaximumWidth(CONTENT_WIDTH)
                    self.charts[tb.id] = chart
                    chart.setVisible(self.charts_shown.isChecked())
                    box.addWidget(chart)
        for box in self._section_boxes.values():
            box.addStretch(1)

    def _show_charts(self, shown: bool) -> None:
        for chart in self.charts.values():
            chart.setVisible(shown)

    def _show_review(self, workers: Sequence[WorkerReview], names: dict[str, str]) -> None:
        limit = self.ctx.definitions.program.caseload_limit
        self.review_model.set_review(workers, names)
        lines = [
            tr(
                "{worker}: {n} in CTI (limit {limit}){over} · {a} attention flags · {f} fidelity flags"
            ).format(
                worker=names.get(w.worker_id or "", tr("Unassigned")),
                n=w.caseload,
                limit=limit,
                over=tr(" — over the limit") if w.over_limit else "",
                a=w.overdue_items,
                f=w.fidelity_items,
            )
            for w in workers
        ]
        self.review_summary.setText("\n".join(lines) or tr("No clients in the program."))

    def edit_cycles(self) -> bool:
        dialog = CostCyclesDialog(self.cycles, self)
        if not self.run_cycles_dialog(dialog):
            return False
        try:
            save_cost_cycles(self.ctx.session, dialog.cycles())
        except InvalidInput as exc:
            self.problem_label.setText(str(exc))
            return False
        self._load_cycles()
        self.refresh()
        return True

    def _choose_file(self, fmt: str) -> Path | None:
        name = f"outcomes-{view_of(self.sections).value}.{fmt}"
        path, _ = QFileDialog.getSaveFileName(
            self, tr("Export the de-identified report"), name, f"{fmt.upper()} (*.{fmt})"
        )
        return Path(path) if path else None

    def export(self, fmt: str) -> Path | None:
        """Ask for a file, write the report in the view on screen there, audit it."""
        if self.report is None:
            return None
        path = self.choose_file(fmt)
        if path is None:
            return None
        ctx, report, sections = self.ctx, self.report, self.sections
        try:
            if fmt == "pdf":
                content = report_pdf(report, sections, ctx.definitions, ctx.language)
            else:
                text = report_csv(report, sections, ctx.definitions, ctx.language, tr)
                content = text.encode("utf-8")
            write_report_file(ctx.session, report, view_of(sections), fmt, content, path)
        except (ExitDoorsError, OSError):
            self.problem_label.setText(tr("The report could not be written there."))
            return None
        self.ctx.notify(tr("Report written: {file}").format(file=path.name))
        self.report_exported.emit(fmt)
        return path
