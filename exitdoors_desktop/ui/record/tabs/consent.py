"""The record's Consent tab: what she allows now (per scope), the dated history, and recording
a grant or a withdrawal (with method and witness). Withdrawing asks for confirmation first."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from exitdoors_desktop.core.consent import (
    ConsentAction,
    ConsentMethod,
    ConsentRecord,
    ConsentScope,
    EffectiveConsent,
)
from exitdoors_desktop.core.errors import InvalidInput
from exitdoors_desktop.ui.kit.columns import FittedColumns
from exitdoors_desktop.ui.kit.context import AppContext
from exitdoors_desktop.ui.kit.date_input import DateInput
from exitdoors_desktop.ui.kit.i18n import tr
from exitdoors_desktop.ui.kit.reflow import ReflowBox, VerticalScroll
from exitdoors_desktop.ui.kit.table import Column, ColumnTableModel
from exitdoors_desktop.ui.kit.vocabulary import action_name, method_name, scope_name
from exitdoors_desktop.ui.kit.words import day
from exitdoors_desktop.ui.record.data import Partner, RecordSnapshot, RecordStore

MUTED = "color: palette(placeholder-text);"
YES = "color: #1d4d31; font-weight: bold;"
NO = "color: #8c1d18; font-weight: bold;"
SIMPLE_SCOPES = (
    ConsentScope.STORE_ON_DEVICE,
    ConsentScope.SHARE_WITH_OFFICE,
    ConsentScope.DEIDENTIFIED_EVALUATION,
)


class ConsentHistoryModel(ColumnTableModel):
    """Every consent record, newest first. Columns: date, scope, given/withdrawn, how, witness."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self._partners: dict[str, Partner] = {}

        def scope(r: ConsentRecord) -> str:
            text = scope_name(r.scope)
            if r.scope is ConsentScope.SHARE_WITH_PARTNER:
                p = self._partners.get(r.partner_id or "")
                text += ": " + (p.agency.name if p else tr("all partners"))
            return text

        super().__init__(
            [
                Column(lambda: tr("Date"), lambda r: day(r.date), sort_key=lambda r: r.order_key()),
                Column(lambda: tr("Scope"), scope),
                Column(lambda: tr("Action"), lambda r: action_name(r.action)),
                Column(lambda: tr("How"), lambda r: method_name(r.method)),
                Column(lambda: tr("Witness"), lambda r: r.witness or ""),
            ],
            parent,
        )

    def set_records(self, records: list[ConsentRecord], partners: dict[str, Partner]) -> None:
        self._partners = partners
        self.set_rows(sorted(records, key=lambda r: r.order_key(), reverse=True))


def ask_withdrawal(parent: QWidget, what: str) -> bool:
    answer = QMessageBox.question(
        parent,
        tr("Withdraw consent"),
        tr("Record that she withdraws consent: {what}?\n\nThis takes effect everywhere, and "
           "the withdrawal itself is recorded.").format(what=what),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )  # fmt: skip
    return answer == QMessageBox.StandardButton.Yes


class ConsentTab(QWidget):
    consent_recorded = Signal(object)

    def __init__(self, ctx: AppContext, store: RecordStore, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("consent_tab")
        self.ctx = ctx
        self.store = store
        self._partners: dict[str, Partner] = {}
        self.confirm_withdrawal: Callable[[str], bool] = lambda what: ask_withdrawal(self, what)
        # Side by side when there is room; on a small screen (French at 150 % on 1024×600) the
        # record box goes under the history and the tab scrolls up and down, never sideways.
        self.columns = ReflowBox(self)
        self.columns.setContentsMargins(8, 8, 8, 8)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(VerticalScroll(self.columns, self))
        left = QVBoxLayout()
        now = QGroupBox(tr("In effect now"), self)
        self._now = QGridLayout(now)
        self._now.setColumnStretch(2, 1)
        self.status_labels: dict[str, QLabel] = {}
        self._detail_labels: dict[str, QLabel] = {}
        for row, scope in enumerate((*SIMPLE_SCOPES, ConsentScope.SHARE_WITH_PARTNER)):
            scope_label = QLabel(scope_name(scope), now)
            scope_label.setWordWrap(True)  # French at 150 % must fit 1366 px
            self._now.addWidget(scope_label, row, 0)
            status = QLabel(now)
            status.setObjectName(f"consent_status:{scope.value}")
            detail = QLabel(now)
            detail.setStyleSheet(MUTED)
            detail.setWordWrap(True)
            self._now.addWidget(status, row, 1)
            self._now.addWidget(detail, row, 2)
            self.status_labels[scope.value] = status
            self._detail_labels[scope.value] = detail
        left.addWidget(now)
        history = QLabel(tr("History"), self)
        font = history.font()
        font.setBold(True)
        history.setFont(font)
        left.addWidget(history)
        self.model = ConsentHistoryModel(self)
        self.view = QTableView(self)
        self.view.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside
        self.view.setObjectName("consent_history")
        self.view.setAccessibleName(tr("Consent history"))
        self.view.setModel(self.model)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.verticalHeader().hide()
        self.view.setShowGrid(False)
        self.view.setAlternatingRowColors(True)
        # Every column inside the table, long headers on two lines: no sideways scrolling. The
        # scope (with a partner's name) takes what is left; Action and How were cut when the
        # date stretched instead ("Withdr…", "Ver…").
        self.columns_fit = FittedColumns(self.view, 1, least=140)
        left.addWidget(self.view, 1)
        self.columns.add(left, 3)
        right = QVBoxLayout()
        right.addWidget(self._record_box())
        right.addStretch(1)
        self.columns.add(right, 2)

    def _record_box(self) -> QGroupBox:
        box = QGroupBox(tr("Record consent"), self)
        form = QFormLayout(box)
        self.scope_combo = QComboBox(box)
        self.scope_combo.setObjectName("consent_scope")
        for scope in (*SIMPLE_SCOPES, ConsentScope.SHARE_WITH_PARTNER):
            self.scope_combo.addItem(scope_name(scope), scope.value)
        self.scope_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.scope_combo.setMinimumContentsLength(18)
        self.scope_combo.currentIndexChanged.connect(self._on_scope_combo_changed)
        form.addRow(tr("Scope"), self.scope_combo)
        self.partner_combo = QComboBox(box)
        self.partner_combo.setObjectName("consent_partner")
        form.addRow(tr("Partner"), self.partner_combo)
        actions = QVBoxLayout()  # one above the other: narrow enough for French at 150 %
        self.grant_radio = QRadioButton(tr("She gives consent"), box)
        self.grant_radio.setObjectName("consent_grant")
        self.withdraw_radio = QRadioButton(tr("She withdraws it"), box)
        self.withdraw_radio.setObjectName("consent_withdraw")
        self.grant_radio.setChecked(True)
        group = QButtonGroup(box)
        group.addButton(self.grant_radio)
        group.addButton(self.withdraw_radio)
        self.grant_radio.toggled.connect(self._on_scope_combo_changed)
        actions.addWidget(self.grant_radio)
        actions.addWidget(self.withdraw_radio)
        form.addRow(tr("Action"), actions)
        # Today unless she says otherwise: consent is mostly recorded as she gives it.
        self.date_edit = DateInput(box, latest=self.ctx.today())
        self.date_edit.set_date(self.ctx.today())
        self.date_edit.setObjectName("consent_date")
        self.date_edit.line.setObjectName("consent_date_text")
        self.date_edit.date_changed.connect(self._on_form_changed)
        form.addRow(tr("Date"), self.date_edit)
        self.method_combo = QComboBox(box)
        self.method_combo.setObjectName("consent_method")
        for method in ConsentMethod:
            self.method_combo.addItem(method_name(method), method.value)
        form.addRow(tr("How"), self.method_combo)
        self.witness_edit = QLineEdit(box)
        self.witness_edit.setObjectName("consent_witness")
        self.witness_edit.setText(self.ctx.session.user_name)
        self.witness_edit.setMaxLength(200)
        form.addRow(tr("Witnessed by"), self.witness_edit)
        self.error = QLabel(box)
        self.error.setObjectName("consent_error")
        self.error.setStyleSheet("color: #8c1d18;")
        self.error.setWordWrap(True)
        self.error.hide()
        form.addRow(self.error)
        self.record_button = QPushButton(tr("Record"), box)
        self.record_button.setObjectName("record_consent")
        self.record_button.clicked.connect(self._on_record_button_clicked)
        form.addRow(self.record_button)
        # What was last recorded from this form: the same again (a quick second press of
        # Record) is not recorded twice; any change to the form makes Record available again.
        self._recorded: tuple[object, ...] | None = None
        self.partner_combo.currentIndexChanged.connect(self._on_form_changed)
        self.method_combo.currentIndexChanged.connect(self._on_form_changed)
        self.witness_edit.textChanged.connect(self._on_form_changed)
        self._on_scope_combo_changed()
        return box

    def _form_values(self) -> tuple[object, ...]:
        return (
            self.scope_combo.currentData(),
            self.grant_radio.isChecked(),
            self.partner_combo.currentData(),
            self.date_edit.line.text().strip(),
            self.method_combo.currentData(),
            self.witness_edit.text().strip(),
        )

    def _on_form_changed(self, *_args: object) -> None:
        # A message about what the form said before goes with the change (the date's own
        # message under the field says what is wrong with a date).
        self.error.hide()
        self._update_record_button()

    def _update_record_button(self) -> None:
        self.record_button.setEnabled(
            self.date_edit.problem() is None and self._form_values() != self._recorded
        )

    def refresh(self, snap: RecordSnapshot) -> None:
        self._partners = snap.partners
        self.model.set_records(list(snap.consents), snap.partners)
        self._show_effective(snap.consent)
        self._fill_partners()

    def _show_effective(self, c: EffectiveConsent) -> None:
        for scope in SIMPLE_SCOPES:
            decided = c.deciding.get((scope, None))
            ok = c.allows(scope)
            label = self.status_labels[scope.value]
            label.setText(tr("Yes") if ok else tr("No"))
            label.setStyleSheet(YES if ok else NO)
            detail = ""
            if decided is not None:
                detail = tr("{action} {date}, {how}").format(
                    action=action_name(decided.action), date=day(decided.date),
                    how=method_name(decided.method).lower(),
                )  # fmt: skip
                if decided.witness:
                    detail += tr(", witnessed by {w}").format(w=decided.witness)
            else:
                detail = tr("never recorded")
            self._detail_labels[scope.value].setText(detail)
        names = sorted(
            self._partners[p].agency.name if p in self._partners else tr("(removed partner)")
            for p in c.partners
        )
        label = self.status_labels[ConsentScope.SHARE_WITH_PARTNER.value]
        label.setText(tr("{n}").format(n=len(names)) if names else tr("None"))
        label.setStyleSheet(YES if names else MUTED)
        self._detail_labels[ConsentScope.SHARE_WITH_PARTNER.value].setText(", ".join(names))

    def _fill_partners(self) -> None:
        current = self.partner_combo.currentData()
        self.partner_combo.clear()
        if self.withdraw_radio.isChecked():
            self.partner_combo.addItem(tr("All partners"), None)
        for pid, p in sorted(self._partners.items(), key=lambda x: x[1].agency.name.casefold()):
            self.partner_combo.addItem(p.agency.name, pid)
        self.partner_combo.setCurrentIndex(max(0, self.partner_combo.findData(current)))

    def _scope(self) -> ConsentScope:
        return ConsentScope(self.scope_combo.currentData())

    def _on_scope_combo_changed(self, *_args: object) -> None:
        self._fill_partners()
        self.partner_combo.setEnabled(self._scope() is ConsentScope.SHARE_WITH_PARTNER)
        self._on_form_changed()

    def record(self) -> ConsentRecord | None:
        """Record what the form says; a withdrawal is confirmed first. None if nothing saved."""
        scope = self._scope()
        action = ConsentAction.GRANT if self.grant_radio.isChecked() else ConsentAction.WITHDRAW
        partner = (
            self.partner_combo.currentData() if scope is ConsentScope.SHARE_WITH_PARTNER else None
        )
        if (
            scope is ConsentScope.SHARE_WITH_PARTNER
            and action is ConsentAction.GRANT
            and not partner
        ):
            self.error.setText(tr("Choose the partner she agrees to share with."))
            self.error.show()
            return None
        if self._form_values() == self._recorded:
            return None  # already recorded: a second press of Record
        when = self.date_edit.date()
        if when is None:
            # A wrong date is said under the field (saying it here too showed it twice).
            if self.date_edit.problem() is None:
                self.error.setText(
                    tr("Enter the date she gave or withdrew consent (year-month-day).")
                )
                self.error.show()
            self.date_edit.setFocus()
            self._update_record_button()
            return None
        what = scope_name(scope)
        if partner and partner in self._partners:
            what += f" ({self._partners[partner].agency.name})"
        if action is ConsentAction.WITHDRAW and not self.confirm_withdrawal(what):
            return None
        witness = self.witness_edit.text().strip() or None
        try:
            record = self.store.consents.add(
                self.store.client_id,
                scope,
                action,
                when,
                ConsentMethod(self.method_combo.currentData()),
                witness,
                partner if isinstance(partner, str) else None,
            )
        except InvalidInput:
            self.error.setText(tr("This consent cannot be recorded as entered."))
            self.error.show()
            return None
        self.error.hide()
        self._recorded = self._form_values()
        if self.record_button.hasFocus():
            # Record turns unavailable until the form changes: focus stays in the form.
            self.scope_combo.setFocus()
        self._update_record_button()
        self.ctx.notify(tr("Consent recorded."))
        self.consent_recorded.emit(record)
        return record

    def _on_record_button_clicked(self) -> None:
        self.record()
