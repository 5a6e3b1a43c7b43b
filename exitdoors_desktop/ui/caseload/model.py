"""The caseload as a table model over CaseloadRow values, and a proxy that searches names and
aliases as the worker types (case- and accent-insensitive) and filters by flag, phase and worker.

Fast at 10,000 clients: search strings and sort keys are computed once per load; the model sorts
itself with one Python sort (a proxy sort would call data() from C++ for every comparison, which
takes seconds); the proxy only filters, one cheap call per row.
"""

from __future__ import annotations

import datetime as dt
import heapq
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont

from exitdoors_desktop.core.caseload import CaseloadRow, Flag
from exitdoors_desktop.core.lifecycle import State
from exitdoors_desktop.core.program import ProgramSettings
from exitdoors_desktop.ui.kit import vocabulary
from exitdoors_desktop.ui.kit.i18n import QT_TRANSLATE_NOOP, tr
from exitdoors_desktop.ui.kit.words import day

Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
FLAGS_ROLE = Qt.ItemDataRole.UserRole + 3  # tuple[Flag, ...] in FLAG_ORDER
PRONOUNS_ROLE = Qt.ItemDataRole.UserRole + 4
_NO_INDEX = QModelIndex()

NAME, PHASE, DAYS, LAST, NEXT, FLAGS = range(6)

# Most serious first: this is also the order of the chips.
FLAG_ORDER = (Flag.UNDER_18, Flag.CONSENT_MISSING, Flag.PHASE_OVERDUE, Flag.FOLLOW_UP_DUE,
              Flag.NO_CONTACT_TOO_LONG, Flag.CONTACT_OVERDUE)  # fmt: skip
# (text, background): muted tones that stay legible, never only colour (chips carry words).
FLAG_COLOURS = {
    Flag.UNDER_18: ("#553c85", "#eee8f7"),
    Flag.CONSENT_MISSING: ("#6f4600", "#faefd6"),
    Flag.PHASE_OVERDUE: ("#8a2c0e", "#fae5dc"),
    Flag.FOLLOW_UP_DUE: ("#1b5575", "#e1eef5"),
    Flag.NO_CONTACT_TOO_LONG: ("#8a2c0e", "#fae5dc"),
    Flag.CONTACT_OVERDUE: ("#6f4600", "#faefd6"),
}
COLUMN_WORDS = (
    QT_TRANSLATE_NOOP("", "Name"),
    QT_TRANSLATE_NOOP("", "Phase"),
    QT_TRANSLATE_NOOP("", "Days in phase"),
    QT_TRANSLATE_NOOP("", "Last contact"),
    QT_TRANSLATE_NOOP("", "Next contact"),
    QT_TRANSLATE_NOOP("", "Needs attention"),
)
_STATE_ORDER = {s: i for i, s in enumerate(State)}
WARN = QColor("#9a3412")


def flag_words(flag: Flag) -> str:
    return vocabulary.flag_word(flag)


def fold(text: str) -> str:
    """Case- and accent-insensitive form for search: 'Zoë' matches 'zoe'."""
    folded = text.casefold()
    if folded.isascii():  # the common case, and ten times faster
        return folded
    decomposed = unicodedata.normalize("NFKD", folded)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def sort_keys(row: CaseloadRow) -> tuple[object, ...]:
    """One key per column; missing values sort last in ascending order."""
    t = row.timing
    far = 10**7
    return (
        fold(row.preferred_name),
        (_STATE_ORDER.get(row.state, -1) if row.state else -1),
        t.days_in_phase if t.days_in_phase is not None else -1,
        row.last_contact.toordinal() if row.last_contact else 0,
        t.next_contact_due.toordinal() if t.next_contact_due else far,
        (-len(row.flags), tuple(f not in row.flags for f in FLAG_ORDER)),
    )


@dataclass(frozen=True)
class PreparedRows:
    """Rows with their search strings and sort keys, computed off the GUI thread."""

    rows: tuple[CaseloadRow, ...]
    search: tuple[str, ...]
    keys: tuple[tuple[object, ...], ...]
    # False for the first screenful shown while the rest of ``total`` clients are read.
    complete: bool = True
    total: int | None = None


def prepare_rows(
    rows: Sequence[CaseloadRow], *, complete: bool = True, total: int | None = None
) -> PreparedRows:
    """Safe on a worker thread (pure Python, no Qt)."""
    return PreparedRows(
        tuple(rows),
        tuple(fold(r.search_text) for r in rows),
        tuple(sort_keys(r) for r in rows),
        complete,
        total,
    )


def first_by_name(names: Sequence[tuple[str, str]], n: int) -> list[str]:
    """The ids of the ``n`` clients the caseload lists first in its default order (name,
    then id), from (id, preferred name) pairs."""
    return [cid for cid, _ in heapq.nsmallest(n, names, key=lambda r: (fold(r[1]), r[0]))]


def row_matches(row: CaseloadRow, needle_hit: bool, flag: Flag | None, phase: str | None,
                worker: str | None) -> bool:  # fmt: skip
    """The filter's decision for one row, in plain Python."""
    if not needle_hit:
        return False
    if row.pending and (flag is not None or phase is not None):
        return False  # not known yet: she is listed once her line is read
    if flag is not None and flag not in row.flags:
        return False
    if phase is not None:
        state = row.state.value if row.state else "none"
        if state != phase:
            return False
    return worker is None or row.assigned_worker == worker


class CaseloadTableModel(QAbstractTableModel):
    """Rows are CaseloadRow values in display order; ``sort`` reorders them in Python.

    A big caseload arrives first as ``pending`` lines (names only) for everyone: a pending row
    that is drawn asks for its details (``rows_wanted``, a batch per event-loop turn), and the
    page reads them in the background and hands them to ``fill_rows``."""

    COLUMNS = COLUMN_WORDS
    rows_wanted = Signal(list)  # ids of pending rows the view has drawn

    def __init__(self, settings: ProgramSettings, language: str = "en",
                 parent: QObject | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self._settings = settings
        self._language = language
        self._locale = QLocale(
            QLocale.Language.French if language == "fr" else QLocale.Language.English
        )
        self._rows: list[CaseloadRow] = []
        self._search: list[str] = []
        self._keys: list[tuple[object, ...]] = []
        self._sort: tuple[int, Qt.SortOrder] = (NAME, Qt.SortOrder.AscendingOrder)
        self._bold = QFont()
        self._bold.setWeight(QFont.Weight.DemiBold)
        self._wanted: set[str] = set()
        self._asked: set[str] = set()  # asked for already (a read is under way)
        self._ask_timer = QTimer(self)
        self._ask_timer.setSingleShot(True)
        self._ask_timer.setInterval(0)
        self._ask_timer.timeout.connect(self._on_ask_timer_timeout)

    # -- loading and sorting ------------------------------------------------------------------

    def set_rows(self, rows: Sequence[CaseloadRow] | PreparedRows) -> None:
        """Replace every row (kept in the current sort order). Pass ``prepare_rows(rows)``,
        made in the background, to keep the GUI thread's share small."""
        prepared = rows if isinstance(rows, PreparedRows) else prepare_rows(rows)
        self.beginResetModel()
        entries = list(zip(prepared.rows, prepared.search, prepared.keys, strict=True))
        entries.sort(key=self._entry_key(self._sort[0]),
                     reverse=self._sort[1] == Qt.SortOrder.DescendingOrder)  # fmt: skip
        self._rows = [e[0] for e in entries]
        self._search = [e[1] for e in entries]
        self._keys = [e[2] for e in entries]
        self._wanted.clear()
        self._asked.clear()
        self.endResetModel()

    def fill_rows(self, fresh: Sequence[CaseloadRow]) -> None:
        """Details read for pending rows: each replaces her line if it is still pending (a
        row re-read after a write is newer, and stays)."""
        for row in fresh:
            self._asked.discard(row.client_id)
        at = {r.client_id: i for i, r in enumerate(self._rows) if r.pending}
        fresh = [r for r in fresh if r.client_id in at and not r.pending]
        if not fresh:
            return
        if self._sort[0] != NAME:  # her place may change with her details
            self.put_rows(fresh)
            return
        # Sorted by name, her place stays: one pass, one signal.
        rows, search, keys = list(self._rows), list(self._search), list(self._keys)
        changed = []
        for row in fresh:
            i = at[row.client_id]
            rows[i], search[i], keys[i] = row, fold(row.search_text), sort_keys(row)
            changed.append(i)
        self._rows, self._search, self._keys = rows, search, keys
        last = len(self.COLUMNS) - 1
        self.dataChanged.emit(self.index(min(changed), 0), self.index(max(changed), last))

    def pending_count(self) -> int:
        return sum(1 for r in self._rows if r.pending)

    def _want(self, row: CaseloadRow) -> None:
        if row.client_id not in self._asked:
            self._wanted.add(row.client_id)
            if not self._ask_timer.isActive():
                self._ask_timer.start()

    def _on_ask_timer_timeout(self) -> None:
        ids = sorted(self._wanted)
        self._wanted.clear()
        self._asked.update(ids)
        if ids:
            self.rows_wanted.emit(ids)

    def put_rows(self, fresh: Sequence[CaseloadRow], gone: Iterable[str] = ()) -> None:
        """Her row as it now stands, re-read after a write: changed in place (or moved to its
        place in the current order), added when new, and removed for ids in ``gone``. The
        other rows are not touched, so selection and scroll position stay."""
        for row in fresh:
            self._put(row.client_id, row)
        for client_id in gone:
            self._put(client_id, None)

    def _put(self, client_id: str, row: CaseloadRow | None) -> None:
        old = self.row_of(client_id)
        if row is None:
            if old >= 0:
                self.beginRemoveRows(_NO_INDEX, old, old)
                self._replace_lists(old, None)
                self.endRemoveRows()
            return
        search, keys = fold(row.search_text), sort_keys(row)
        column, order = self._sort
        new_key = (keys[column], keys[NAME], row.client_id)
        descending = order == Qt.SortOrder.DescendingOrder

        def comes_before(i: int) -> bool:  # row i of the others comes before hers
            k = self._keys[i]
            other = (k[column], k[NAME], self._rows[i].client_id)
            return other > new_key if descending else other < new_key

        last = len(self._rows) - 1
        if (
            old >= 0
            and (old == 0 or comes_before(old - 1))
            and (old == last or not comes_before(old + 1))
        ):
            before = old  # still between her neighbours: most writes do not move her
        else:  # how many of the other rows come before hers in the current order
            before = sum(1 for i in range(len(self._rows)) if i != old and comes_before(i))
        entry = (row, search, keys)
        if old < 0:
            self.beginInsertRows(_NO_INDEX, before, before)
            self._replace_lists(None, (before, entry))
            self.endInsertRows()
            return
        if before != old:
            # Qt's destination is the row she goes in front of, counted before the move.
            dest = before + 1 if before > old else before
            self.beginMoveRows(_NO_INDEX, old, old, _NO_INDEX, dest)
            self._replace_lists(old, (before, entry))
            self.endMoveRows()
        else:
            self._replace_lists(old, (before, entry))
        self.dataChanged.emit(self.index(before, 0), self.index(before, len(self.COLUMNS) - 1))

    def _replace_lists(
        self,
        remove: int | None,
        insert: tuple[int, tuple[CaseloadRow, str, tuple[object, ...]]] | None,
    ) -> None:
        # New list objects: the filter proxy recomputes its decisions when the search list is a
        # different one (see CaseloadFilterProxy.filterAcceptsRow).
        rows, search, keys = list(self._rows), list(self._search), list(self._keys)
        if remove is not None:
            del rows[remove], search[remove], keys[remove]
        if insert is not None:
            at, (row, text, key) = insert
            rows.insert(at, row)
            search.insert(at, text)
            keys.insert(at, key)
        self._rows, self._search, self._keys = rows, search, keys

    @staticmethod
    def _entry_key(column: int) -> Callable[[tuple[CaseloadRow, str, tuple[object, ...]]], Any]:
        return lambda e: (e[2][column], e[2][NAME], e[0].client_id)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.COLUMNS):
            return
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        keys = self._keys
        order_ = sorted(
            range(len(self._rows)),
            key=lambda i: (keys[i][column], keys[i][NAME], self._rows[i].client_id),
            reverse=order == Qt.SortOrder.DescendingOrder,
        )
        new_row_of = {old: new for new, old in enumerate(order_)}
        self._rows = [self._rows[i] for i in order_]
        self._search = [self._search[i] for i in order_]
        self._keys = [keys[i] for i in order_]
        old = self.persistentIndexList()
        self.changePersistentIndexList(
            old, [self.index(new_row_of[i.row()], i.column()) for i in old]
        )
        self.layoutChanged.emit()

    def sort_column(self) -> tuple[int, Qt.SortOrder]:
        return self._sort

    # -- access ---------------------------------------------------------------------------------

    def row_at(self, row: int) -> CaseloadRow:
        return self._rows[row]

    def search_text(self, row: int) -> str:
        return self._search[row]

    def rows(self) -> list[CaseloadRow]:
        return list(self._rows)

    def row_of(self, client_id: str) -> int:
        for i, r in enumerate(self._rows):
            if r.client_id == client_id:
                return i
        return -1

    def rowCount(self, parent: Index = _NO_INDEX) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = _NO_INDEX) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:  # noqa: N802  # fmt: skip
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return tr(self.COLUMNS[section])
        if role == Qt.ItemDataRole.TextAlignmentRole and section == DAYS:
            return int(
                Qt.AlignmentFlag.AlignCenter.value | Qt.TextFlag.TextWordWrap.value
            )  # may wrap
        return None

    # -- words ----------------------------------------------------------------------------------

    def phase_name(self, row: CaseloadRow, *, short: bool = False) -> str:
        """'Phase 1' (short) or 'Phase 1 – Intake and assessment'; paused says from where."""
        if row.state is None or row.state in (State.PAUSED, State.GRADUATED, State.CLOSED):
            words = vocabulary.short_state(row.state)
            if row.state is State.PAUSED and row.timing.phase is not None:
                return f"{words} · {self._phase_words(row.timing.phase.value, True)}"
            return words
        return self._phase_words(row.state.value, short)

    def _phase_words(self, phase_id: str, short: bool) -> str:
        try:
            name = self._settings.phase(phase_id).name.get(self._language)
        except KeyError:
            return phase_id
        return name.split(" – ", 1)[0] if short else name

    def _date(self, value: dt.date | None) -> str:
        return day(value) if value else ""  # one date format in the whole app (ISO)

    def _days(self, r: CaseloadRow) -> str:
        t = r.timing
        if t.days_in_phase is None:
            return ""
        return f"{t.days_in_phase} / {t.target_days}" if t.target_days else str(t.days_in_phase)

    def _tooltip(self, r: CaseloadRow, col: int) -> str | None:
        t = r.timing
        if col == NAME:  # whole, where the column elides it (in the middle)
            return self._display(r, col)
        if col == PHASE:
            return self.phase_name(r)
        if col == DAYS and t.days_in_phase is not None:
            if t.target_days:
                text = tr("{days} days in this phase; the target is {target}.")
                text = text.format(days=t.days_in_phase, target=t.target_days)
                return text + (" " + tr("Overdue.") if t.overdue else "")
            return tr("{days} days in this phase.").format(days=t.days_in_phase)
        if col == LAST and t.days_since_contact is not None:
            return tr("{days} days ago").format(days=t.days_since_contact)
        if col == NEXT and t.contact_overdue:
            return tr("Overdue")
        if col == FLAGS and r.flags:
            return "\n".join(vocabulary.flag_help(f) for f in FLAG_ORDER if f in r.flags)
        return None

    def _display(self, r: CaseloadRow, col: int) -> str:
        if col == NAME:
            return f"{r.preferred_name} ({r.pronouns})" if r.pronouns else r.preferred_name
        if col == PHASE:
            return self.phase_name(r, short=True)
        if col == DAYS:
            return self._days(r)
        if col == LAST:
            return self._date(r.last_contact)
        if col == NEXT:
            return self._date(r.timing.next_contact_due)
        return ", ".join(flag_words(f) for f in FLAG_ORDER if f in r.flags)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r = self._rows[index.row()]
        col = index.column()
        if r.pending and col != NAME:
            return self._pending_data(r, index.row(), col, role)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(r, col)
        if role == ID_ROLE:
            return r.client_id
        if role == SORT_ROLE:
            return self._keys[index.row()][col] if col != FLAGS else -len(r.flags)
        if role == FLAGS_ROLE:
            return tuple(f for f in FLAG_ORDER if f in r.flags)
        if role == PRONOUNS_ROLE:
            return r.pronouns or ""
        if role == Qt.ItemDataRole.AccessibleTextRole:
            text = self._display(r, col)
            if col == NEXT and r.timing.contact_overdue:
                text += ", " + tr("overdue")
            if col == FLAGS and not r.flags:
                text = tr("nothing needs attention")
            return text
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(r, col)
        if role == Qt.ItemDataRole.ForegroundRole:
            if (col == NEXT and r.timing.contact_overdue) or (col == DAYS and r.timing.overdue):
                return QBrush(WARN)
            return None
        if role == Qt.ItemDataRole.FontRole:
            if col == NEXT and r.timing.contact_overdue:
                return self._bold
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if col == DAYS:
                return Qt.AlignmentFlag.AlignCenter
            return Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        return None

    def _pending_data(self, r: CaseloadRow, row: int, col: int, role: int) -> object:
        if role == Qt.ItemDataRole.DisplayRole:
            self._want(r)
            return "…"
        if role == ID_ROLE:
            return r.client_id
        if role == SORT_ROLE:
            return self._keys[row][col] if col != FLAGS else 0
        if role == FLAGS_ROLE:
            return ()
        if role == PRONOUNS_ROLE:
            return r.pronouns or ""
        if role in (Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole):
            return tr("still being read")
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter if col == DAYS else (
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)  # fmt: skip
        return None


class CaseloadFilterProxy(QSortFilterProxyModel):
    """Filters only; sorting is passed to the source model (see the module docstring).

    The decision for every row is computed in one Python pass when the filter or the rows
    change, so each of Qt's per-row calls is a list lookup.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._needle = ""
        self._flag: Flag | None = None
        self._phase: str | None = None
        self._worker: str | None = None
        self._src: CaseloadTableModel | None = None
        self._accept: list[bool] = []
        self._accept_for: object = None  # the model's search list the decisions belong to
        self.setSortRole(SORT_ROLE)

    def setSourceModel(self, model: QAbstractItemModel | None) -> None:  # noqa: N802
        self._src = model if isinstance(model, CaseloadTableModel) else None
        self._accept_for = None
        super().setSourceModel(model)  # type: ignore[arg-type]

    def set_search(self, text: str) -> None:
        needle = fold(" ".join(text.split()))
        if needle != self._needle:
            self._refilter(lambda: setattr(self, "_needle", needle))

    def set_flag(self, flag: Flag | None) -> None:
        self._refilter(lambda: setattr(self, "_flag", flag))

    def set_phase(self, phase: str | None) -> None:
        """A State value, "none" for clients not enrolled, or None for every phase."""
        self._refilter(lambda: setattr(self, "_phase", phase))

    def set_worker(self, worker_id: str | None) -> None:
        self._refilter(lambda: setattr(self, "_worker", worker_id))

    def is_filtered(self) -> bool:
        others = (self._flag, self._phase, self._worker)
        return bool(self._needle) or any(v is not None for v in others)

    def _refilter(self, change: Callable[[], None]) -> None:
        def apply() -> None:
            change()
            self._accept_for = None

        # Qt 6.10 replaced invalidateFilter() with begin/endFilterChange().
        if hasattr(self, "beginFilterChange"):
            self.beginFilterChange()
            apply()
            self.endFilterChange()
        else:  # pragma: no cover - older Qt
            apply()
            self.invalidateFilter()

    def _decide(self, model: CaseloadTableModel) -> None:
        needle, search = self._needle, model._search
        hits = [needle in s for s in search] if needle else [True] * len(search)
        if self._flag is not None or self._phase is not None or self._worker is not None:
            rows = model._rows
            hits = [
                row_matches(rows[i], hit, self._flag, self._phase, self._worker)
                for i, hit in enumerate(hits)
            ]
        self._accept = hits
        self._accept_for = search

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if self._src is not None:
            self._src.sort(column, order)
        else:
            super().sort(column, order)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        model = self._src
        if model is None:
            return True
        if model._search is not self._accept_for:
            self._decide(model)
        return self._accept[source_row]
