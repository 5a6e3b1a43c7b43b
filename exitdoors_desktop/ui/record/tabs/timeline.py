"""The record's Timeline tab: everything that happened to her file, newest first."""

from __future__ import annotations

from PySide6.QtCore import (
    QModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import QAbstractItemView, QTableView, QVBoxLayout, QWidget

from exitdoors_desktop.core.consent import ConsentAction, ConsentRecord
from exitdoors_desktop.core.definitions import Definitions
from exitdoors_desktop.core.entities import CONTACT_FORM, REFERRAL_FORM, Contact, Referral
from exitdoors_desktop.core.forms import FormResponse
from exitdoors_desktop.core.groups import ClientAttendance
from exitdoors_desktop.core.lifecycle import PhaseTransition
from exitdoors_desktop.core.scales import ScaleReading
from exitdoors_desktop.ui.kit import vocabulary
from exitdoors_desktop.ui.kit import words as w
from exitdoors_desktop.ui.kit.columns import FittedColumns
from exitdoors_desktop.ui.kit.formats import decimal
from exitdoors_desktop.ui.kit.i18n import tr
from exitdoors_desktop.ui.kit.table import Column, ColumnTableModel
from exitdoors_desktop.ui.record.data import (
    RecordSnapshot,
    TimelineEntry,
    partner_label,
    timeline_entries,
)

RESPONSE_ROLE = int(Qt.ItemDataRole.UserRole) + 1
KIND_ROLE = int(Qt.ItemDataRole.UserRole) + 2


class TimelineTableModel(ColumnTableModel):
    """Columns: date, what, details. Holds timeline entries; words are made when shown."""

    DATE, WHAT, DETAILS = range(3)

    def __init__(self, definitions: Definitions, language: str, parent: QWidget | None = None):
        self._defs = definitions
        self._language = language
        self._snap: RecordSnapshot | None = None
        self._by_id: dict[str, object] = {}
        super().__init__(
            [
                Column(lambda: tr("Date"), lambda e: w.day(e.date)),
                Column(lambda: tr("What"), lambda e: self._words(e)[0]),
                Column(lambda: tr("Details"), lambda e: self._words(e)[1]),
            ],
            parent,
            roles={RESPONSE_ROLE: lambda e: e.response_id, KIND_ROLE: lambda e: e.kind},
        )

    def set_snapshot(self, snap: RecordSnapshot) -> None:
        self._snap = snap
        self._by_id = {}
        for items in (snap.history, snap.responses, snap.contacts, snap.readings,
                      snap.referrals, snap.consents, snap.attendances):  # fmt: skip
            self._by_id.update({x.id: x for x in items})
        self.set_rows(timeline_entries(snap))

    def entry(self, row: int) -> TimelineEntry:
        entry: TimelineEntry = self.row_at(row)
        return entry

    def _words(self, e: TimelineEntry) -> tuple[str, str]:
        item = self._by_id.get(e.ref)
        lang, defs, snap = self._language, self._defs, self._snap
        if snap is None:
            return "", ""
        if isinstance(item, PhaseTransition):
            arrow = f"{vocabulary.short_state(item.from_state)} → {vocabulary.short_state(item.to_state)}"
            return tr("Phase change"), f"{arrow} · {vocabulary.reason_name(item.reason)}"
        if isinstance(item, FormResponse):
            return w.form_title(defs, item.form_id, item.form_version, lang), ""
        if isinstance(item, Contact):
            bits = [w.option_label(defs, CONTACT_FORM, "contact_type", item.type.value, lang)]
            if item.location is not None:
                bits.append(w.option_label(defs, CONTACT_FORM, "location", item.location, lang))
            if item.duration_minutes:
                bits.append(tr("{n} min").format(n=item.duration_minutes))
            return tr("Contact note"), " · ".join(bits)
        if isinstance(item, ScaleReading):
            return self._reading_words(item)
        if isinstance(item, Referral):
            service = w.option_label(defs, REFERRAL_FORM, "service_type", item.service_type, lang)
            status = w.referral_status_name(defs, item.status.value, lang)
            partner = partner_label(snap, item, lambda: tr("an agency"))
            return tr("Referral"), f"{service} · {partner} · {status}"
        if isinstance(item, ClientAttendance):
            return tr("Group session"), self._group_words(item)
        if isinstance(item, ConsentRecord):
            granted = item.action is ConsentAction.GRANT
            what = tr("Consent given") if granted else tr("Consent withdrawn")
            return (
                what,
                f"{vocabulary.scope_name(item.scope)} · {vocabulary.method_name(item.method)}",
            )
        return "", ""

    def _group_words(self, a: ClientAttendance) -> str:
        # What the group was, never who else came.
        gtype = self._defs.program.groups.type(a.type)
        bits = [gtype.label.get(self._language) if gtype else a.type]
        if a.topic:
            bits.append(a.topic)
        bits.append({"community": tr("in the community"), "office": tr("at the office"),
                     "online": tr("online")}[a.place.value])  # fmt: skip
        if a.length_minutes:
            bits.append(tr("{n} min").format(n=a.length_minutes))
        return " · ".join(bits)

    def _reading_words(self, reading: ScaleReading) -> tuple[str, str]:
        scale = self._defs.scales.get(reading.scale_id)
        title = scale.title.get(self._language) if scale else reading.scale_id
        values = list(reading.values.values())
        mean = sum(values) / len(values) if values else 0
        return tr("Scale reading"), tr("{title}: {n} areas, average {mean}").format(
            title=title, n=len(values), mean=decimal(mean)
        )


class TimelineTab(QWidget):
    """Double-click an entry made from a form to read that form."""

    response_requested = Signal(str)

    def __init__(self, definitions: Definitions, language: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("timeline_tab")
        self.model = TimelineTableModel(definitions, language, self)
        self.view = QTableView(self)
        self.view.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside
        self.view.setObjectName("timeline_view")
        self.view.setAccessibleName(tr("Timeline"))
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setShowGrid(False)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        # Date and kind as wide as their text (refitted with every new entry), the details
        # take the rest: nothing cut ("Changement de phase"), nothing past the right edge.
        self.columns_fit = FittedColumns(self.view, 2, least=160)
        self.view.activated.connect(self._on_view_activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.view)

    def refresh(self, snap: RecordSnapshot) -> None:
        self.model.set_snapshot(snap)

    def _on_view_activated(self, index: QModelIndex) -> None:
        rid = self.model.data(index, RESPONSE_ROLE)
        if isinstance(rid, str):
            self.response_requested.emit(rid)
