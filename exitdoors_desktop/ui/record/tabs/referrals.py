"""The record's Referrals tab: her referrals to partner agencies and where each one stands.

New referrals and status updates are filled in with the referral form in the one form editor;
the partner is chosen there from the directory.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from exitdoors_desktop.core.consent import ReferralSharing, referral_sharing
from exitdoors_desktop.core.definitions import Definitions
from exitdoors_desktop.core.entities import REFERRAL_FORM, Referral
from exitdoors_desktop.ui.kit.columns import FittedColumns
from exitdoors_desktop.ui.kit.i18n import tr
from exitdoors_desktop.ui.kit.table import Column, ColumnTableModel
from exitdoors_desktop.ui.kit.words import (
    day,
    option_label,
    referral_count_text,
    referral_status_name,
)
from exitdoors_desktop.ui.record.data import RecordSnapshot, partner_label

RESPONSE_ROLE = int(Qt.ItemDataRole.UserRole) + 1
MUTED = "color: palette(placeholder-text);"
AGENCY_COLUMN = 2


def sharing_words(sharing: ReferralSharing) -> str:
    """The Referrals tab's "Consent to share" cell."""
    return {
        ReferralSharing.SHARED: tr("Given"),
        ReferralSharing.NOT_SHARED: tr("Not given: nothing shared"),
        ReferralSharing.NOT_IN_DIRECTORY: tr("Agency not in directory: nothing shared"),
    }[sharing]


class ReferralTableModel(ColumnTableModel):
    """Columns: made on, service, agency, status, latest date, consent to share."""

    def __init__(self, definitions: Definitions, language: str, parent: QWidget | None = None):
        self._snap: RecordSnapshot | None = None
        defs, lang = definitions, language

        def agency(r: Referral) -> str:
            assert self._snap is not None
            return partner_label(self._snap, r, lambda: tr("(not named)"))

        def shared(r: Referral) -> str:
            assert self._snap is not None
            return sharing_words(referral_sharing(self._snap.consent, r.partner_id))

        def latest(r: Referral) -> dt.date:
            return r.closed_on or r.attended_on or r.accepted_on or r.made_on

        super().__init__(
            [
                Column(lambda: tr("Made on"), lambda r: day(r.made_on), sort_key=lambda r: r.made_on),
                Column(lambda: tr("Service"), lambda r: option_label(
                    defs, REFERRAL_FORM, "service_type", r.service_type.value, lang)),
                Column(lambda: tr("Agency"), agency),
                Column(lambda: tr("Status"),
                       lambda r: referral_status_name(defs, r.status.value, lang)),
                Column(lambda: tr("Last update"), lambda r: day(latest(r)), sort_key=latest),
                Column(lambda: tr("Consent to share"), shared),
            ],
            parent,
            roles={RESPONSE_ROLE: lambda r: r.response_id},
        )  # fmt: skip

    def set_snapshot(self, snap: RecordSnapshot) -> None:
        self._snap = snap
        self.set_rows(sorted(snap.referrals, key=lambda r: r.made_on, reverse=True))

    def referral(self, row: int) -> Referral:
        referral: Referral = self.row_at(row)
        return referral


class ReferralsTab(QWidget):
    new_referral_requested = Signal()
    edit_requested = Signal(str)  # response id
    open_requested = Signal(str)

    def __init__(self, definitions: Definitions, language: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("referrals_tab")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        top = QHBoxLayout()
        self.summary = QLabel(self)
        self.summary.setObjectName("referrals_summary")
        self.summary.setStyleSheet(MUTED)
        self.summary.setWordWrap(True)  # beside two buttons on a 1024-wide screen at 150 %
        top.addWidget(self.summary, 1)
        self.update_button = QPushButton(tr("Update status…"), self)
        self.update_button.setObjectName("update_referral")
        self.update_button.setEnabled(False)
        self.update_button.clicked.connect(self._on_update_button_clicked)
        top.addWidget(self.update_button)
        self.new_button = QPushButton(tr("New referral…"), self)
        self.new_button.setObjectName("new_referral")
        self.new_button.clicked.connect(self.new_referral_requested)
        top.addWidget(self.new_button)
        layout.addLayout(top)
        self.model = ReferralTableModel(definitions, language, self)
        self.view = QTableView(self)
        self.view.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside
        self.view.setObjectName("referrals_view")
        self.view.setAccessibleName(tr("Referrals"))
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setShowGrid(False)
        self.view.verticalHeader().hide()
        # Headings sit over their values (left, wrapped when narrow), the agency takes the
        # spare width, and nothing scrolls sideways at 1024 px in French at 150 %.
        self.columns_fit = FittedColumns(self.view, AGENCY_COLUMN, least=100)
        # The agency, not the last column, takes what is left ("Consent to share" stays over
        # its "Given" / "Not given").
        self.view.horizontalHeader().setStretchLastSection(False)
        self.view.activated.connect(self._on_view_activated)
        self.view.selectionModel().selectionChanged.connect(self._on_selection_changed)
        layout.addWidget(self.view, 1)

    def refresh(self, snap: RecordSnapshot) -> None:
        self.model.set_snapshot(snap)
        n = len(snap.referrals)
        open_ = sum(1 for r in snap.referrals if r.status.value != "closed")
        self.summary.setText(tr("No referrals yet.") if n == 0 else referral_count_text(n, open_))
        self.update_button.setEnabled(False)

    def _selected_response(self) -> str | None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return None
        rid = self.model.data(rows[0], RESPONSE_ROLE)
        return rid if isinstance(rid, str) else None

    def _on_selection_changed(self, *_args: object) -> None:
        self.update_button.setEnabled(self._selected_response() is not None)

    def _on_update_button_clicked(self) -> None:
        rid = self._selected_response()
        if rid is not None:
            self.edit_requested.emit(rid)

    def _on_view_activated(self, index: QModelIndex) -> None:
        rid = self.model.data(index, RESPONSE_ROLE)
        if isinstance(rid, str):
            self.open_requested.emit(rid)
