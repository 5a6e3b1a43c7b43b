"""The Reports screen: pick a period (or a cost cycle), read the de-identified tables and
charts, export them as CSV or PDF, and — on its own, clearly marked tab — the weekly caseload
review for supervision, which names clients and is never exported."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from exitdoors_desktop.core.caseload import Flag
from exitdoors_desktop.core.definitions import Definitions
from exitdoors_desktop.core.errors import ExitDoorsError, InvalidInput
from exitdoors_desktop.core.metrics import CostCycle, Period
from exitdoors_desktop.core.metrics.fidelity import FidelityFlag
from exitdoors_desktop.core.metrics.publish import Section, ShownTable
from exitdoors_desktop.core.metrics.report import OutcomeReport
from exitdoors_desktop.core.metrics.review import WorkerReview, review
from exitdoors_desktop.storage.caseload_query import caseload
from exitdoors_desktop.storage.report_data import (
    load_cost_cycles,
    parse_money,
    save_cost_cycles,
    worker_names,
)
from exitdoors_desktop.storage.vault import Session
from exitdoors_desktop.ui.kit.context import AppContext
from exitdoors_desktop.ui.kit.tasks import CancelToken, show_error
from exitdoors_desktop.ui.reports import pdf as words
from exitdoors_desktop.ui.reports.charts import BarChart
from exitdoors_desktop.ui.reports.pdf import tr

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class _Computed:
    """Everything the page shows, read and counted on the worker thread."""

    report: OutcomeReport
    sections: tuple[Section, ...]
    workers: Sequence[WorkerReview]
    names: dict[str, str]


def _compute(session: Session, definitions: Definitions, period: Period,
             today: dt.date) -> _Computed:  # fmt: skip
    """Runs off the GUI thread, on its own connection: no widget is touched here."""
    report, sections = words.build_report(session, definitions, period, today)
    rows = caseload(session, definitions.program, today)
    workers = review(rows, report.fidelity.current, definitions.program.caseload_limit, today)
    return _Computed(report, sections, workers, worker_names(session))


SORT_ROLE = Qt.ItemDataRole.UserRole + 1
FLAG_WORDS = {
    Flag.NO_CONTACT_TOO_LONG: "No contact for too long",
    Flag.CONTACT_OVERDUE: "Contact overdue",
    Flag.PHASE_OVERDUE: "Phase past its target",
    Flag.FOLLOW_UP_DUE: "Follow-up due",
    Flag.UNDER_18: "Under 18",
    Flag.CONSENT_MISSING: "Consent missing",
    FidelityFlag.FEW_FIRST_MONTH_CONTACTS: "Fewer than 2 contacts in month 1",
    FidelityFlag.FEW_COMMUNITY_MEETINGS: "Phase 1: under 3 community meetings",
    FidelityFlag.FEW_SUPPORT_MEETINGS: "Phase 1: under 2 meetings with supports",
    FidelityFlag.OVER_TARGET_SPAN: "Over the CTI target time",
}
SHORT_STATE = {
    "pre": "Pre-phase",
    "phase_1": "Phase 1",
    "phase_2": "Phase 2",
    "phase_3": "Phase 3",
    "paused": "Paused",
    "graduated": "Graduated",
    "closed": "Closed",
}


class ShownTableModel(QAbstractTableModel):
    """One de-identified table: a label column, then the table's own columns."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._table: ShownTable | None = None

    def set_table(self, table: ShownTable) -> None:
        self.beginResetModel()
        self._table = table
        self.endResetModel()

    def _rows(self) -> int:
        t = self._table
        return 0 if t is None else len(t.rows) + (1 if t.total is not None else 0)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._rows()

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self._table is None else 1 + len(self._table.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        t = self._table
        if t is None or not index.isValid() or not 0 <= index.row() < self._rows():
            return None
        if not 0 <= index.column() < self.columnCount():
            return None
        is_total = index.row() == len(t.rows)
        row = t.total if is_total else t.rows[index.row()]
        assert row is not None
        col = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole:
            align = Qt.AlignmentFlag.AlignLeft if col == 0 else Qt.AlignmentFlag.AlignRight
            return int(align | Qt.AlignmentFlag.AlignVCenter)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return None
        if col == 0:
            if is_total:
                return tr("Total")
            if row.label is not None:
                return row.label
            return words.row_label(self._ctx.definitions, self._ctx.language, t.id, row.code)
        text = row.cells[col - 1]
        if t.columns[col - 1] in ("operating_cost", "per_participant"):
            return words.money_text(text)
        return text

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        t = self._table
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        if t is None or not 0 <= section < self.columnCount():
            return None
        if section == 0:
            return tr("Cycle") if t.id == "costs" else ""
        return words.column_title(t.id, t.columns[section - 1])


class ReviewTableModel(QAbstractTableModel):
    """The caseload review: one row per client, grouped by worker. Names: staff only."""

    HEADERS = ("Worker", "Client", "Where", "Days in phase", "Needs attention", "Fidelity")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, ...]] = []
        self._ids: list[str] = []

    def set_review(self, workers: Sequence[WorkerReview], names: dict[str, str]) -> None:
        self.beginResetModel()
        self._rows, self._ids = [], []
        for w in workers:
            worker = names.get(w.worker_id or "", tr("Unassigned"))
            for ln in w.lines:
                days = "" if ln.days_in_phase is None else str(ln.days_in_phase)
                if days and ln.target_days:
                    days = f"{days} / {ln.target_days}"
                self._rows.append(
                    (
                        worker,
                        ln.name,
                        tr(SHORT_STATE.get(ln.state.value if ln.state else "", "")),
                        days,
                        "; ".join(tr(FLAG_WORDS[f]) for f in sorted(ln.flags)),
                        "; ".join(tr(FLAG_WORDS[f]) for f in sorted(ln.fidelity)),
                    )
                )
                self._ids.append(ln.client_id)
        self.endResetModel()

    def client_id(self, row: int) -> str:
        return self._ids[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if not 0 <= index.column() < len(self.HEADERS):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._rows[index.row()][index.column()]
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        return tr(self.HEADERS[section]) if 0 <= section < len(self.HEADERS) else None


class CostCyclesDialog(QDialog):
    """Enter the program's cycles and their operating cost (kept per vault, no client data)."""

    COLUMNS = ("Name", "Start (YYYY-MM-DD)", "End (YYYY-MM-DD)", "Operating cost")

    def __init__(self, cycles: Sequence[CostCycle], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cost_cycles_dialog")
        self.setWindowTitle(tr("Program cycles and operating cost"))
        self._ids: list[str] = []
        self.table = QTableWidget(0, len(self.COLUMNS), self)
        self.table.setObjectName("cost_cycles_table")
        self.table.setHorizontalHeaderLabels([tr(c) for c in self.COLUMNS])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        for c in cycles:
            self.add_row(
                c.label, c.start.isoformat(), c.end.isoformat(), str(c.operating_cost), c.id
            )
        self.problem_label = QLabel(self)
        self.problem_label.setObjectName("cost_cycles_problem")
        add = QPushButton(tr("Add a cycle"), self)
        add.setObjectName("cost_cycles_add")
        add.clicked.connect(lambda: self.add_row())
        remove = QPushButton(tr("Remove the selected cycle"), self)
        remove.setObjectName("cost_cycles_remove")
        remove.clicked.connect(self._on_remove_clicked)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(row)
        layout.addWidget(self.problem_label)
        layout.addWidget(buttons)
        self.resize(720, 320)

    def add_row(
        self, label: str = "", start: str = "", end: str = "", cost: str = "", cid: str = ""
    ) -> None:
        r = self.table.rowCount()
        self.table.insertRow(r)
        for col, text in enumerate((label, start, end, cost)):
            self.table.setItem(r, col, QTableWidgetItem(text))
        self._ids.append(cid or str(uuid.uuid4()))

    def _on_remove_clicked(self) -> None:
        r = self.table.currentRow()
        if r >= 0:
            self.table.removeRow(r)
            del self._ids[r]

    def cycles(self) -> list[CostCycle]:
        """The cycles as entered; InvalidInput names the first row that does not read."""
        out = []
        for r in range(self.table.rowCount()):
            cells = [
                (self.table.item(r, c).text() if self.table.item(r, c) else "").strip()
                for c in range(4)
            ]
            try:
                out.append(
                    CostCycle(
                        self._ids[r],
                        cells[0] or tr("Cycle {n}").format(n=r + 1),
                        dt.date.fromisoformat(cells[1]),
                        dt.date.fromisoformat(cells[2]),
                        parse_money(cells[3]),
                    )
                )
            except ValueError:
                raise InvalidInput(
                    tr("Row {n}: dates must read like 2024-04-01.").format(n=r + 1)
                ) from None
            except InvalidInput as exc:
                raise InvalidInput(tr("Row {n}: {problem}").format(n=r + 1, problem=exc)) from None
        return out

    def _on_buttons_accepted(self) -> None:
        try:
            self.cycles()
        except InvalidInput as exc:
            self.problem_label.setText(str(exc))
            return
        self.accept()


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
        self.problem_label = QLabel(self)
        self.problem_label.setObjectName("report_problem")
        buttons = []
        for name, text, slot in (
            ("report_refresh", tr("Show"), self.refresh),
            ("report_cycles", tr("Cycles and costs…"), self.edit_cycles),
            ("report_export_csv", tr("Export CSV…"), lambda: self.export("csv")),
            ("report_export_pdf", tr("Export PDF…"), lambda: self.export("pdf")),
        ):
            b = QPushButton(text, self)
            b.setObjectName(name)
            b.clicked.connect(slot)
            buttons.append(b)
        bar = QHBoxLayout()
        for w in (
            QLabel(tr("From"), self),
            self.from_edit,
            QLabel(tr("to"), self),
            self.to_edit,
            QLabel(tr("Cycle"), self),
            self.cycle_combo,
            *buttons,
        ):
            bar.addWidget(w)
        bar.addStretch(1)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("report_tabs")
        self.models: dict[str, ShownTableModel] = {}
        self.charts: dict[str, BarChart] = {}
        self._section_boxes: dict[str, QVBoxLayout] = {}
        for key, title in (("outcomes", "Outcomes"), ("services", "Service delivery and fidelity")):
            scroll = QScrollArea(self.tabs)
            scroll.setObjectName(f"report_tab_{key}")
            scroll.setWidgetResizable(True)
            inner = QWidget(scroll)
            box = QVBoxLayout(inner)
            scroll.setWidget(inner)
            self._section_boxes[key] = box
            self.tabs.addTab(scroll, tr(title))
        self.review_model = ReviewTableModel(self)
        self.tabs.addTab(self._review_tab(), tr("Caseload review (staff only)"))
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.tabs)
        self._load_cycles()
        # Nothing is computed until the page is first shown (or Show is pressed): the main
        # window builds every page at unlock, and a big vault takes seconds to count.

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.report is None and self._pending is None:
            self.refresh()

    # -- building ---------------------------------------------------------------------------

    def _date_edit(self, name: str, day: dt.date) -> QDateEdit:
        edit = QDateEdit(QDate(day.year, day.month, day.day), self)
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
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
            self.from_edit.setDate(QDate(cycle.start.year, cycle.start.month, cycle.start.day))
            self.to_edit.setDate(QDate(cycle.end.year, cycle.end.month, cycle.end.day))
            self.refresh()

    def period(self) -> Period:
        a, b = self.from_edit.date(), self.to_edit.date()
        return Period(dt.date(a.year(), a.month(), a.day()), dt.date(b.year(), b.month(), b.day()))

    # -- actions ----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Recompute for the chosen period (the vault's records, read now) on the worker
        thread: a big vault takes seconds to count and the window must stay alive meanwhile.
        A newer request makes an older one's answer unwanted."""
        try:
            period = self.period()
        except InvalidInput:
            self.problem_label.setText(tr("The period ends before it starts."))
            return
        if self._pending is not None:
            self._pending.cancel()
        self.problem_label.setText(tr("Counting…"))
        self._set_busy(True)
        definitions, today = self.ctx.definitions, self.ctx.today()
        self._pending = self.ctx.in_background(
            lambda session: _compute(session, definitions, period, today),
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
                widget = item.widget()
                if widget is not None:
                    widget.hide()
                    widget.deleteLater()
        charts = dict(words.report_charts(self.sections, self.ctx.definitions, self.ctx.language))
        for section in self.sections:
            box = self._section_boxes["outcomes" if section.id == "outcomes" else "services"]
            heading = QLabel(f"<h2>{tr(words.SECTION_TITLES[section.id])}</h2>")
            box.addWidget(heading)
            for tb in section.tables:
                box.addWidget(QLabel(f"<b>{tr(words.TABLE_TITLES.get(tb.id, tb.id))}</b>"))
                view = QTableView()
                model = ShownTableModel(self.ctx, view)
                model.set_table(tb)
                self.models[tb.id] = model
                view.setObjectName(f"report_table_{tb.id}")
                view.setModel(model)
                view.verticalHeader().hide()
                view.verticalHeader().setDefaultSectionSize(view.fontMetrics().lineSpacing() + 8)
                view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
                view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
                view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
                view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
                rows_h = view.verticalHeader().defaultSectionSize() * model.rowCount()
                view.setFixedHeight(rows_h + view.horizontalHeader().sizeHint().height() + 4)
                view.setMaximumWidth(760)
                box.addWidget(view)
                if tb.id in charts and any(r.chart_value is not None for r in tb.rows):
                    chart = BarChart(f"report_chart_{tb.id}")
                    chart.set_data(charts[tb.id])
                    chart.setMaximumWidth(760)
                    self.charts[tb.id] = chart
                    box.addWidget(chart)
        for box in self._section_boxes.values():
            box.addStretch(1)

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
        name = f"outcomes.{fmt}"
        path, _ = QFileDialog.getSaveFileName(
            self, tr("Export the de-identified report"), name, f"{fmt.upper()} (*.{fmt})"
        )
        return Path(path) if path else None

    def export(self, fmt: str) -> Path | None:
        """Ask for a file, write the de-identified report there, audit it."""
        if self.report is None:
            return None
        path = self.choose_file(fmt)
        if path is None:
            return None
        try:
            words.export_report(
                self.ctx.session,
                self.ctx.definitions,
                self.report,
                self.sections,
                fmt,
                path,
                self.ctx.language,
            )
        except (ExitDoorsError, OSError):
            self.problem_label.setText(tr("The report could not be written there."))
            return None
        self.ctx.notify(tr("Report exported."))
        self.report_exported.emit(fmt)
        return path
