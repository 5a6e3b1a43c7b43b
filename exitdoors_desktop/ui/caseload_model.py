"""The caseload as a table model over CaseloadRow values, and a proxy that searches names and
aliases as the worker types (accent- and case-insensitive) and filters by attention flag."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable, Sequence

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from exitdoors_desktop.core.caseload import CaseloadRow, Flag
from exitdoors_desktop.core.program import ProgramSettings

Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
_NO_INDEX = QModelIndex()

FLAG_WORDS = {
    Flag.NO_CONTACT_TOO_LONG: "No contact for a while",
    Flag.CONTACT_OVERDUE: "Contact due",
    Flag.PHASE_OVERDUE: "Phase overdue",
    Flag.FOLLOW_UP_DUE: "Follow-up due",
    Flag.UNDER_18: "Under 18",
    Flag.CONSENT_MISSING: "Consent missing",
}
FLAG_ORDER = (Flag.UNDER_18, Flag.CONSENT_MISSING, Flag.PHASE_OVERDUE, Flag.FOLLOW_UP_DUE,
              Flag.NO_CONTACT_TOO_LONG, Flag.CONTACT_OVERDUE)  # fmt: skip
STATE_WORDS = {"paused": "Paused", "graduated": "Graduated", "closed": "Closed"}


def fold(text: str) -> str:
    """Case- and accent-insensitive form for search: 'Zoë' matches 'zoe'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


class CaseloadTableModel(QAbstractTableModel):
    COLUMNS = ("Name", "Phase", "Days in phase", "Last contact", "Next contact", "Needs attention")

    def __init__(self, settings: ProgramSettings, language: str = "en",
                 parent: QObject | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self._settings = settings
        self._language = language
        self._rows: list[CaseloadRow] = []
        self._search: list[str] = []

    def set_rows(self, rows: Sequence[CaseloadRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._search = [fold(r.search_text) for r in self._rows]
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in Python with a key (10,000 rows in milliseconds); the proxy delegates here,
        since its own comparison-by-data() would call into Python a million times."""
        if not 0 <= column < len(self.COLUMNS) or not self._rows:
            return
        self.layoutAboutToBeChanged.emit()
        old_persistent = self.persistentIndexList()
        old_ids = [self._rows[i.row()].client_id for i in old_persistent]
        keys = [self.data(self.index(r, column), SORT_ROLE) for r in range(len(self._rows))]
        order_ = sorted(range(len(self._rows)), key=lambda r: (keys[r], self._search[r]),
                        reverse=order == Qt.SortOrder.DescendingOrder)  # fmt: skip
        self._rows = [self._rows[r] for r in order_]
        self._search = [self._search[r] for r in order_]
        where = {row.client_id: n for n, row in enumerate(self._rows)}
        self.changePersistentIndexList(
            old_persistent,
            [
                self.index(where[cid], i.column())
                for cid, i in zip(old_ids, old_persistent, strict=True)
            ],
        )
        self.layoutChanged.emit()

    def row_at(self, row: int) -> CaseloadRow:
        return self._rows[row]

    def search_text(self, row: int) -> str:
        return self._search[row]

    def rowCount(self, parent: Index = _NO_INDEX) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = _NO_INDEX) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:  # noqa: N802  # fmt: skip
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(self.COLUMNS[section])
        return None

    def phase_name(self, row: CaseloadRow) -> str:
        if row.state is None:
            return self.tr("Not enrolled")
        if row.state.value in STATE_WORDS:
            return self.tr(STATE_WORDS[row.state.value])
        try:
            return self._settings.phase(row.state.value).name.get(self._language)
        except KeyError:
            return row.state.value

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r = self._rows[index.row()]
        col = index.column()
        t = r.timing
        if role == ID_ROLE:
            return r.client_id
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return f"{r.preferred_name} ({r.pronouns})" if r.pronouns else r.preferred_name
            if col == 1:
                return self.phase_name(r)
            if col == 2:
                if t.days_in_phase is None:
                    return ""
                return (
                    f"{t.days_in_phase} / {t.target_days}"
                    if t.target_days
                    else str(t.days_in_phase)
                )
            if col == 3:
                return _date(r.last_contact)
            if col == 4:
                return _date(t.next_contact_due)
            if col == 5:
                return ", ".join(self.tr(FLAG_WORDS[f]) for f in FLAG_ORDER if f in r.flags)
        if role == SORT_ROLE:
            if col == 0:
                return fold(r.preferred_name)
            if col == 1:
                return r.state.value if r.state else ""
            if col == 2:
                return t.days_in_phase if t.days_in_phase is not None else -1
            if col == 3:
                return r.last_contact.toordinal() if r.last_contact else 0
            if col == 4:
                return t.next_contact_due.toordinal() if t.next_contact_due else 10**7
            if col == 5:
                return -len(r.flags)
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and col == 5
            and (Flag.UNDER_18 in r.flags or Flag.PHASE_OVERDUE in r.flags)
        ):
            return QBrush(QColor("#9a3412"))
        if role == Qt.ItemDataRole.ForegroundRole and col == 4 and t.contact_overdue:
            return QBrush(QColor("#9a3412"))
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self.data(index, Qt.ItemDataRole.DisplayRole)
        return None


class CaseloadFilterProxy(QSortFilterProxyModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._needle = ""
        self._flag: Flag | None = None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        source = self.sourceModel()
        if source is not None:
            source.sort(column, order)

    def set_search(self, text: str) -> None:
        self._refilter(lambda: setattr(self, "_needle", fold(text.strip())))

    def set_flag(self, flag: Flag | None) -> None:
        self._refilter(lambda: setattr(self, "_flag", flag))

    def _refilter(self, change: Callable[[], None]) -> None:
        # Qt 6.10 replaced invalidateFilter() with begin/endFilterChange().
        if hasattr(self, "beginFilterChange"):
            self.beginFilterChange()
            change()
            self.endFilterChange()
        else:  # pragma: no cover - older Qt
            change()
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        model = self.sourceModel()
        if not isinstance(model, CaseloadTableModel):
            return True
        if self._needle and self._needle not in model.search_text(source_row):
            return False
        return self._flag is None or self._flag in model.row_at(source_row).flags


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value else ""
