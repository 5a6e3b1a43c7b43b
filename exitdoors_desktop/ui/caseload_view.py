"""The caseload page: search-as-you-type, a flag filter, the table, and "New client"."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from exitdoors_desktop.core.caseload import CaseloadRow, Flag
from exitdoors_desktop.core.lifecycle import Reason, State
from exitdoors_desktop.core.people import Client
from exitdoors_desktop.storage.clients_repo import ClientRepository
from exitdoors_desktop.storage.program_repo import TransitionRepository
from exitdoors_desktop.ui.caseload_model import (
    FLAG_ORDER,
    FLAG_WORDS,
    ID_ROLE,
    CaseloadFilterProxy,
    CaseloadTableModel,
)
from exitdoors_desktop.ui.context import AppContext


class CaseloadPage(QWidget):
    client_opened = Signal(str)
    client_created = Signal(str)

    def __init__(self, ctx: AppContext, load: Callable[[Callable[[list[CaseloadRow]], None]], None],
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.setObjectName("caseloadPage")
        self._ctx = ctx
        self._load = load
        self.model = CaseloadTableModel(ctx.definitions.program, ctx.language, self)
        self.proxy = CaseloadFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.search = QLineEdit(self)
        self.search.setObjectName("caseloadSearch")
        self.search.setPlaceholderText(self.tr("Search names and aliases…"))
        self.search.setClearButtonEnabled(True)
        self.flag_filter = QComboBox(self)
        self.flag_filter.setObjectName("caseloadFlagFilter")
        self.flag_filter.addItem(self.tr("Everyone"), None)
        for flag in FLAG_ORDER:
            self.flag_filter.addItem(self.tr(FLAG_WORDS[flag]), flag.value)
        self.new_button = QPushButton(self.tr("New client…"), self)
        self.new_button.setObjectName("newClientButton")
        self.summary = QLabel(self)
        self.summary.setObjectName("caseloadSummary")
        self.table = QTableView(self)
        self.table.setObjectName("caseloadTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for col, width in enumerate((250, 300, 125, 115, 115)):
            self.table.setColumnWidth(col, width)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.flag_filter)
        top.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        self.search.textChanged.connect(self._on_search_text_changed)
        self.flag_filter.currentIndexChanged.connect(self._on_flag_filter_changed)
        self.table.activated.connect(self._on_table_activated)
        self.new_button.clicked.connect(self._on_new_button_clicked)
        self.setFocusProxy(self.search)

    def reload(self) -> None:
        self.summary.setText(self.tr("Loading…"))
        self._load(self._on_rows_loaded)

    def _on_rows_loaded(self, rows: list[CaseloadRow]) -> None:
        self.model.set_rows(rows)
        self._update_summary()

    def _update_summary(self) -> None:
        total = self.model.rowCount()
        mine = sum(
            1 for i in range(total)
            if self.model.row_at(i).assigned_worker == self._ctx.session.user_id
            and self.model.row_at(i).state is not None
            and self.model.row_at(i).state.value in ("phase_1", "phase_2", "phase_3")  # type: ignore[union-attr]
        )  # fmt: skip
        limit = self._ctx.definitions.program.caseload_limit
        text = self.tr("%1 shown of %2 · your active CTI caseload: %3 (limit %4)")
        for n, value in enumerate((self.proxy.rowCount(), total, mine, limit), start=1):
            text = text.replace(f"%{n}", str(value))
        self.summary.setText(text)

    def _on_search_text_changed(self, text: str) -> None:
        self.proxy.set_search(text)
        self._update_summary()

    def _on_flag_filter_changed(self, _index: int) -> None:
        value = self.flag_filter.currentData()
        self.proxy.set_flag(Flag(value) if value else None)
        self._update_summary()

    def _on_table_activated(self, index: QModelIndex) -> None:
        client_id = self.proxy.data(index, ID_ROLE)
        if client_id:
            self.client_opened.emit(str(client_id))

    def _on_new_button_clicked(self) -> None:
        dialog = NewClientDialog(self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            client_id = dialog.save(self._ctx)
            self.client_created.emit(client_id)
            self.reload()


class NewClientDialog(QDialog):
    """The least needed to start: a name she chooses (an alias is fine), the rest optional."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("newClientDialog")
        self.setWindowTitle(self.tr("New client"))
        self.name = QLineEdit(self)
        self.name.setObjectName("newClientName")
        self.pronouns = QLineEdit(self)
        self.pronouns.setObjectName("newClientPronouns")
        self.dob = QDateEdit(self)
        self.dob.setObjectName("newClientDob")
        self.dob.setCalendarPopup(True)
        self.dob.setDisplayFormat("yyyy-MM-dd")
        self.dob.setSpecialValueText(self.tr("not given"))
        self.dob.setMinimumDate(dt.date(1900, 1, 1))
        self.dob.setDate(self.dob.minimumDate())
        self.age = QSpinBox(self)
        self.age.setObjectName("newClientAge")
        self.age.setRange(0, 120)
        self.age.setSpecialValueText(self.tr("not given"))
        self.languages = QLineEdit(self)
        self.languages.setObjectName("newClientLanguages")
        self.languages.setPlaceholderText(self.tr("e.g. English; Spanish"))
        form = QFormLayout()
        form.addRow(self.tr("Name she wants used *"), self.name)
        form.addRow(self.tr("Pronouns"), self.pronouns)
        form.addRow(self.tr("Date of birth"), self.dob)
        form.addRow(self.tr("Or age"), self.age)
        form.addRow(self.tr("Languages"), self.languages)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.setObjectName("newClientButtons")
        self._save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self._save_button.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.name.textChanged.connect(lambda t: self._save_button.setEnabled(bool(t.strip())))

    def client(self) -> Client:
        dob = self.dob.date().toPython()
        return Client(
            id=str(uuid.uuid4()),
            preferred_name=self.name.text().strip(),
            pronouns=self.pronouns.text().strip() or None,
            date_of_birth=None if dob == dt.date(1900, 1, 1) else dob,  # type: ignore[arg-type]
            age=self.age.value() or None,
            languages=tuple(p.strip() for p in self.languages.text().split(";") if p.strip()),
        )

    def save(self, ctx: AppContext) -> str:
        client = self.client()
        session = ctx.session
        with session.transaction():
            from dataclasses import replace

            ClientRepository(session).save(
                replace(client, assigned_worker=session.user_id), ctx.today()
            )
            TransitionRepository(session).record(client.id, State.PRE, Reason.ENROLLED, ctx.today())
        return client.id
