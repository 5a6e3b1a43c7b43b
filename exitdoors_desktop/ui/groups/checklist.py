"""The attendance checklist: the team's active clients with a search box, driven by keyboard.

Keys: type to filter (from the list too: a letter starts a new search); Up/Down move through
the matches; Space ticks or unticks the highlighted woman; Enter in the search box goes to the
first match; Enter in the list goes back to the search box (its text selected) for the next
name, never on to Save, where the space in that name would click it; Tab moves on. The list is read once when
the checklist opens; each keystroke filters it in memory (``filter_checklist``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from exitdoors_desktop.storage.groups_repo import ChecklistEntry, filter_checklist
from exitdoors_desktop.ui.kit.i18n import tr

Index = QModelIndex | QPersistentModelIndex
CLIENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class AttendanceChecklistModel(QAbstractListModel):
    """Rows are the entries matching the current query; ticks are kept across queries."""

    checked_changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._all: list[ChecklistEntry] = []
        self._shown: list[ChecklistEntry] = []
        self._checked: set[str] = set()
        self._query = ""

    # -- content ----------------------------------------------------------------------------
    def set_entries(self, entries: Sequence[ChecklistEntry], checked: Iterable[str] = ()) -> None:
        self.beginResetModel()
        self._all = list(entries)
        known = {e.client_id for e in self._all}
        self._checked = {c for c in checked if c in known}
        self._shown = filter_checklist(self._all, self._query)
        self.endResetModel()
        self.checked_changed.emit()

    def set_query(self, query: str) -> None:
        if query == self._query:
            return
        self.beginResetModel()
        self._query = query
        self._shown = filter_checklist(self._all, query)
        self.endResetModel()

    def query(self) -> str:
        return self._query

    def entry(self, row: int) -> ChecklistEntry:
        return self._shown[row]

    def checked(self) -> list[str]:
        """Ticked client ids, in the list's order (by name)."""
        return [e.client_id for e in self._all if e.client_id in self._checked]

    def checked_entries(self) -> list[ChecklistEntry]:
        return [e for e in self._all if e.client_id in self._checked]

    def toggle(self, row: int) -> None:
        if 0 <= row < len(self._shown):
            cid = self._shown[row].client_id
            self._checked ^= {cid}
            index = self.index(row, 0)
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
            self.checked_changed.emit()

    # -- Qt ---------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._shown)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._shown):
            return None
        e = self._shown[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{e.name}  ({', '.join(e.aliases)})" if e.aliases else e.name
        if role == Qt.ItemDataRole.ToolTipRole:
            return e.name  # a long name is elided in the list; the whole of it on hover
        if role == Qt.ItemDataRole.CheckStateRole:
            checked = e.client_id in self._checked
            return Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        if role == CLIENT_ID_ROLE:
            return e.client_id
        return None

    def setData(self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid():
            return False
        if not 0 <= index.row() < len(self._shown):
            return False
        want = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value, 2)
        if (self._shown[index.row()].client_id in self._checked) != want:
            self.toggle(index.row())
        return True

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsUserCheckable
            | Qt.ItemFlag.ItemNeverHasChildren
        )


class _ElidingDelegate(QStyledItemDelegate):
    """Rows as wide as the list, never wider: a long name is elided in the middle (the whole
    of it in the tooltip) instead of pushing the list into a sideways scroll."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return QSize(1, super().sizeHint(option, index).height())


class AttendanceChecklist(QWidget):
    """A search box over a checkable list, and a count of who is ticked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attendance_checklist")
        self.model = AttendanceChecklistModel(self)
        self.search = QLineEdit(self)
        self.search.setObjectName("attendance_search")
        self.search.setPlaceholderText(tr("Type a name to find her"))
        self.search.setClearButtonEnabled(True)
        self.view = QListView(self)
        self.view.setObjectName("attendance_list")
        self.view.setModel(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setUniformItemSizes(True)  # 2,000 rows: no per-row size hints
        self.view.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setItemDelegate(_ElidingDelegate(self.view))
        self.count = QLabel(self)
        self.count.setObjectName("attendance_count")
        self.empty = QLabel(tr("No active client matches."), self)
        self.empty.setObjectName("attendance_empty")
        self.empty.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.view, 1)
        row = QHBoxLayout()
        row.addWidget(self.count)
        row.addStretch(1)
        row.addWidget(self.empty)
        layout.addLayout(row)
        self.setFocusProxy(self.search)
        self.search.textChanged.connect(self._on_search_text_changed)
        self.model.checked_changed.connect(self._on_model_checked_changed)
        self.model.modelReset.connect(self._on_model_reset)
        self.search.installEventFilter(self)
        self.view.installEventFilter(self)
        self._on_model_checked_changed()

    def set_entries(self, entries: Sequence[ChecklistEntry], checked: Iterable[str] = ()) -> None:
        self.model.set_entries(entries, checked)

    def checked(self) -> list[str]:
        return self.model.checked()

    def current_row(self) -> int:
        return self.view.currentIndex().row()

    # -- keys -------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if watched is self.search:
                return self._search_key(event)
            if watched is self.view:
                return self._list_key(event)
        return super().eventFilter(watched, event)

    def _search_key(self, event: QKeyEvent) -> bool:
        key = event.key()
        rows = self.model.rowCount()
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if rows:
                row = rows - 1 if key == Qt.Key.Key_Up else 0
                self._go(row)
                self.view.setFocus(Qt.FocusReason.OtherFocusReason)
            return True  # Enter never reaches the dialog from here: no accidental save
        return False

    def _list_key(self, event: QKeyEvent) -> bool:
        key, mods = event.key(), event.modifiers()
        plain = not mods & (
            Qt.KeyboardModifier.ControlModifier
            | Qt.KeyboardModifier.AltModifier
            | Qt.KeyboardModifier.MetaModifier
        )
        if key == Qt.Key.Key_Space and plain:
            self.model.toggle(self.current_row())
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain:
            self.search.setFocus(Qt.FocusReason.OtherFocusReason)
            self.search.selectAll()  # the next name typed replaces this one
            return True
        if key == Qt.Key.Key_Tab and plain:
            self._move_on()
            return True
        if key == Qt.Key.Key_Backspace and plain:
            self.search.setFocus(Qt.FocusReason.OtherFocusReason)
            self.search.backspace()
            return True
        if key == Qt.Key.Key_Escape and self.search.text():
            self.search.clear()
            self.search.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        text = event.text()
        if plain and text and text.isprintable() and not text.isspace():
            # Type-ahead from the list starts a new search.
            self.search.setFocus(Qt.FocusReason.OtherFocusReason)
            self.search.setText(text)
            return True
        return False

    def _move_on(self) -> None:
        """Focus the next field after the checklist (not the search box again)."""
        nxt = self.view.nextInFocusChain()
        while nxt is not None and nxt is not self.view and (
            self.isAncestorOf(nxt) or nxt is self or not nxt.isEnabled()
            or not nxt.isVisible() or nxt.focusPolicy() == Qt.FocusPolicy.NoFocus
        ):  # fmt: skip
            nxt = nxt.nextInFocusChain()
        if nxt is not None and nxt is not self.view:
            nxt.setFocus(Qt.FocusReason.TabFocusReason)

    def _go(self, row: int) -> None:
        index = self.model.index(row, 0)
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)

    # -- slots ------------------------------------------------------------------------------
    def _on_search_text_changed(self, text: str) -> None:
        self.model.set_query(text)

    def _on_model_reset(self) -> None:
        rows = self.model.rowCount()
        self.empty.setVisible(rows == 0 and bool(self.model.query().strip()))
        if rows:
            self._go(0)

    def _on_model_checked_changed(self) -> None:
        n = len(self.model.checked())
        self.count.setText(tr("{n} ticked").format(n=n) if n != 1 else tr("1 ticked"))
