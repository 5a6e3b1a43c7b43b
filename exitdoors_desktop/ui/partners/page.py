"""The partner-agency directory: name, service types, contact and notes; add, edit, delete.

Referrals choose their partner from here. Agencies hold no client data.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtCore import (
    QModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from exitdoors_desktop.core.definitions import Definitions
from exitdoors_desktop.core.entities import REFERRAL_FORM, PartnerAgency, ServiceType
from exitdoors_desktop.storage.program_repo import PartnerRepository
from exitdoors_desktop.ui.kit.context import AppContext
from exitdoors_desktop.ui.kit.i18n import tr
from exitdoors_desktop.ui.kit.table import Column, ColumnTableModel
from exitdoors_desktop.ui.kit.words import option_label

ID_ROLE = Qt.ItemDataRole.UserRole + 1
Row = tuple[PartnerAgency, str | None, str | None]
MAX_NOTES = 4000


def service_label(defs: Definitions, service: ServiceType, language: str) -> str:
    return option_label(defs, REFERRAL_FORM, "service_type", service.value, language)


class PartnerTableModel(ColumnTableModel):
    """Columns: name, services, contact, notes. Rows come from PartnerRepository.all()."""

    def __init__(self, definitions: Definitions, language: str, parent: QWidget | None = None):
        def services(row: Row) -> str:
            names = (service_label(definitions, s, language) for s in row[0].service_types)
            return ", ".join(sorted(names))

        def notes(row: Row) -> str:
            text = (row[2] or "").replace("\n", " ")
            return text if len(text) < 80 else text[:77] + "…"

        def whole(text: Callable[[Row], str]) -> Callable[[Row], str]:
            return text  # the tooltip shows the cell whole

        super().__init__(
            [
                Column(lambda: tr("Agency"), lambda r: r[0].name, tooltip=lambda r: r[0].name),
                Column(lambda: tr("Services"), services, tooltip=whole(services)),
                Column(lambda: tr("Contact"), lambda r: r[1] or "", tooltip=lambda r: r[1] or ""),
                Column(
                    lambda: tr("Notes"), notes, tooltip=lambda r: (r[2] or "").replace("\n", " ")
                ),  # fmt: skip
            ],
            parent,
            roles={ID_ROLE: lambda r: r[0].id},
        )


class PartnerDialog(QDialog):
    """Add or edit one agency. ``result_row()`` gives the edited row after Accepted."""

    def __init__(
        self,
        definitions: Definitions,
        language: str,
        row: Row | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("partner_dialog")
        self.setWindowTitle(tr("Partner agency"))
        self._id = row[0].id if row else str(uuid.uuid4())
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.name_edit = QLineEdit(self)
        self.name_edit.setObjectName("partner_name")
        self.name_edit.setMaxLength(200)
        form.addRow(tr("Name"), self.name_edit)
        boxes = QGridLayout()
        self.service_boxes: dict[ServiceType, QCheckBox] = {}
        for i, service in enumerate(ServiceType):
            box = QCheckBox(service_label(definitions, service, language), self)
            box.setObjectName(f"partner_service:{service.value}")
            boxes.addWidget(box, i // 3, i % 3)
            self.service_boxes[service] = box
        form.addRow(tr("Services"), boxes)
        self.contact_edit = QLineEdit(self)
        self.contact_edit.setObjectName("partner_contact")
        self.contact_edit.setMaxLength(500)
        self.contact_edit.setPlaceholderText(tr("Phone, email or a person to ask for"))
        form.addRow(tr("Contact"), self.contact_edit)
        self.notes_edit = QPlainTextEdit(self)
        self.notes_edit.setObjectName("partner_notes")
        self.notes_edit.setPlaceholderText(tr("How referrals work with them (no client details)"))
        form.addRow(tr("Notes"), self.notes_edit)
        layout.addLayout(form)
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #8c1d18;")
        self.error.hide()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if row is not None:
            agency, contact, notes = row
            self.name_edit.setText(agency.name)
            for service in agency.service_types:
                self.service_boxes[service].setChecked(True)
            self.contact_edit.setText(contact or "")
            self.notes_edit.setPlainText(notes or "")
        self.resize(560, 380)

    def result_row(self) -> Row:
        services = frozenset(s for s, box in self.service_boxes.items() if box.isChecked())
        agency = PartnerAgency(self._id, self.name_edit.text().strip(), services)
        return (
            agency,
            self.contact_edit.text().strip() or None,
            self.notes_edit.toPlainText().strip() or None,
        )

    def problem(self) -> str | None:
        if not self.name_edit.text().strip():
            return tr("The agency needs a name.")
        if len(self.notes_edit.toPlainText()) > MAX_NOTES:
            return tr("The notes are too long (at most {n} characters).").format(n=MAX_NOTES)
        return None

    def _on_buttons_accepted(self) -> None:
        problem = self.problem()
        if problem:
            self.error.setText(problem)
            self.error.show()
            return
        self.accept()


def _exec_partner_dialog(dialog: PartnerDialog) -> Row | None:
    return dialog.result_row() if dialog.exec() == QDialog.DialogCode.Accepted else None


class PartnersPage(QWidget):
    """The directory page. ``partners_changed`` fires after every add, edit or delete."""

    partners_changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("partners_page")
        self.ctx = ctx
        self.repo = PartnerRepository(ctx.session)
        # Replaceable by tests (and by a shell that shows dialogs differently).
        self.run_dialog: Callable[[PartnerDialog], Row | None] = _exec_partner_dialog
        self.confirm_delete: Callable[[str], bool] = self._ask_delete
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        title = QLabel(tr("Partner agencies"), self)
        title.setStyleSheet("font-size: 15pt; font-weight: 600;")
        layout.addWidget(title)
        about = QLabel(tr("The services clients are referred to. Referrals pick from this list."))
        about.setWordWrap(True)
        about.setStyleSheet("color: palette(placeholder-text);")
        layout.addWidget(about)
        bar = QHBoxLayout()
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("partners_filter")
        self.filter_edit.setAccessibleName(tr("Filter by name or service"))
        self.filter_edit.setPlaceholderText(tr("Filter by name or service"))
        self.filter_edit.setClearButtonEnabled(True)
        bar.addWidget(self.filter_edit, 1)
        self.add_button = QPushButton(tr("Add…"), self)
        self.add_button.setObjectName("add_partner")
        self.edit_button = QPushButton(tr("Edit…"), self)
        self.edit_button.setObjectName("edit_partner")
        self.delete_button = QPushButton(tr("Delete"), self)
        self.delete_button.setObjectName("delete_partner")
        for b in (self.add_button, self.edit_button, self.delete_button):
            bar.addWidget(b)
        layout.addLayout(bar)
        self.model = PartnerTableModel(ctx.definitions, ctx.language, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.view = QTableView(self)
        self.view.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside
        self.view.setObjectName("partners_view")
        self.view.setAccessibleName(tr("Partner agencies"))
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setShowGrid(False)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        layout.addWidget(self.view, 1)
        self.filter_edit.textChanged.connect(self.proxy.setFilterFixedString)
        self.add_button.clicked.connect(self.add_partner)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.view.activated.connect(self._on_view_activated)
        self.view.selectionModel().selectionChanged.connect(self._sync_buttons)
        self.refresh()

    # -- the page protocol (ui.kit.page) ----------------------------------------------------

    def save_drafts(self) -> bool:
        return True  # agencies are saved from their dialog, which a lock closes

    def stop(self) -> None:
        """Nothing runs in the background here."""

    def refresh(self) -> None:
        self.model.set_rows(self.repo.all())
        self._sync_buttons()

    def selected_row(self) -> Row | None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return None
        row: Row = self.model.row_at(self.proxy.mapToSource(rows[0]).row())
        return row

    def select_partner(self, partner_id: str) -> bool:
        for row in range(self.model.rowCount()):
            if self.model.row_at(row)[0].id == partner_id:
                self.view.selectRow(self.proxy.mapFromSource(self.model.index(row, 0)).row())
                return True
        return False

    def add_partner(self) -> str | None:
        return self._edit(None)

    def edit_selected(self) -> str | None:
        row = self.selected_row()
        return self._edit(row) if row is not None else None

    def delete_selected(self) -> bool:
        row = self.selected_row()
        if row is None or not self.confirm_delete(row[0].name):
            return False
        self.repo.delete(row[0].id)
        self.ctx.notify(tr("Partner deleted."))
        self.refresh()
        self.partners_changed.emit()
        return True

    def _edit(self, row: Row | None) -> str | None:
        dialog = PartnerDialog(self.ctx.definitions, self.ctx.language, row, self)
        result = self.run_dialog(dialog)
        dialog.deleteLater()
        if result is None:
            return None
        agency, contact, notes = result
        self.repo.save(agency, contact, notes)
        self.ctx.notify(tr("Partner saved."))
        self.refresh()
        self.select_partner(agency.id)
        self.partners_changed.emit()
        return agency.id

    def _ask_delete(self, name: str) -> bool:
        answer = QMessageBox.question(
            self,
            tr("Delete partner"),
            tr("Delete {name} from the directory? Past referrals keep their agency name.").format(
                name=name
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _sync_buttons(self, *_args: object) -> None:
        has = bool(self.view.selectionModel().selectedRows())
        self.edit_button.setEnabled(has)
        self.delete_button.setEnabled(has)

    def _on_view_activated(self, _index: QModelIndex) -> None:
        self.edit_selected()
