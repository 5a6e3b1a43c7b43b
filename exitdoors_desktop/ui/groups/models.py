"""Table models of the group screen: sessions, series, and per-client progress in a series.
Words are made when a cell is shown; no attendee name is ever part of a session row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from exitdoors_desktop.core.groups import GroupSession, GroupSettings, Series, SeriesProgress
from exitdoors_desktop.ui.groups.fields import place_name, type_label
from exitdoors_desktop.ui.kit.i18n import tr
from exitdoors_desktop.ui.kit.words import day

Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2


class _Table(QAbstractTableModel):
    """Rows of one kind, shown read-only; subclasses say the headers and the cell words."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[object] = []

    def headers(self) -> tuple[str, ...]:
        raise NotImplementedError

    def cell(self, row: object, column: int) -> str:
        raise NotImplementedError

    def sort_key(self, row: object, column: int) -> object:
        return self.cell(row, column)

    def row_id(self, row: object) -> str:
        raise NotImplementedError

    def set_rows(self, rows: Sequence[object]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers())

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        names = self.headers()
        return names[section] if 0 <= section < len(names) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if not 0 <= index.column() < len(self.headers()):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell(row, index.column())
        if role == ID_ROLE:
            return self.row_id(row)
        if role == SORT_ROLE:
            return self.sort_key(row, index.column())
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )


class SessionTableModel(_Table):
    """Columns: date, type, topic, size (linked + others), place, series."""

    DATE, TYPE, TOPIC, SIZE, PLACE, SERIES = range(6)

    def __init__(self, settings: GroupSettings, language: str, parent: QObject | None = None):
        super().__init__(parent)
        self._settings, self._language = settings, language
        self._series: dict[str, str] = {}

    def set_sessions(self, sessions: Sequence[GroupSession], series: Sequence[Series]) -> None:
        self._series = {s.id: s.name for s in series}

        def newest(s: GroupSession) -> tuple[dt.date, dt.time, str]:
            return (s.date, s.start or dt.time.min, s.id)

        rows: list[GroupSession] = sorted(sessions, key=newest, reverse=True)
        self.set_rows(rows)

    def session(self, row: int) -> GroupSession:
        value = self._rows[row]
        assert isinstance(value, GroupSession)
        return value

    def headers(self) -> tuple[str, ...]:
        return (tr("Date"), tr("Type"), tr("Topic"), tr("Size"), tr("Place"), tr("Series"))

    def row_id(self, row: object) -> str:
        assert isinstance(row, GroupSession)
        return row.id

    def cell(self, row: object, column: int) -> str:
        assert isinstance(row, GroupSession)
        if column == self.DATE:
            start = row.start.strftime(" %H:%M") if row.start else ""
            return day(row.date) + start
        if column == self.TYPE:
            return type_label(self._settings, row.type, self._language)
        if column == self.TOPIC:
            return row.topic or ""
        if column == self.SIZE:
            return str(row.size)
        if column == self.PLACE:
            return place_name(row.place)
        return self._series.get(row.series_id, "") if row.series_id else ""

    def sort_key(self, row: object, column: int) -> object:
        assert isinstance(row, GroupSession)
        if column == self.SIZE:
            return row.size
        if column == self.DATE:
            return f"{row.date.isoformat()} {row.start.isoformat() if row.start else ''}"
        return self.cell(row, column).casefold()


class SeriesTableModel(_Table):
    """Columns: name, type, sessions held of planned, next planned date."""

    def __init__(self, settings: GroupSettings, language: str, parent: QObject | None = None):
        super().__init__(parent)
        self._settings, self._language = settings, language
        self._held: dict[str, int] = {}

    def set_series(self, series: Sequence[Series], sessions: Sequence[GroupSession]) -> None:
        self._held = {}
        for s in sessions:
            if s.series_id:
                self._held[s.series_id] = self._held.get(s.series_id, 0) + 1
        self.set_rows(list(series))

    def series(self, row: int) -> Series:
        value = self._rows[row]
        assert isinstance(value, Series)
        return value

    def headers(self) -> tuple[str, ...]:
        return (tr("Series"), tr("Type"), tr("Sessions held"), tr("Planned dates"))

    def row_id(self, row: object) -> str:
        assert isinstance(row, Series)
        return row.id

    def cell(self, row: object, column: int) -> str:
        assert isinstance(row, Series)
        if column == 0:
            return row.name
        if column == 1:
            return type_label(self._settings, row.type, self._language)
        if column == 2:
            return tr("{held} of {planned}").format(
                held=self._held.get(row.id, 0), planned=row.planned_sessions
            )
        return ", ".join(day(d) for d in row.planned_dates)


class SeriesProgressModel(_Table):
    """One series, per client who came at least once: "attended A of P" and completion."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._names: dict[str, str] = {}

    def set_progress(self, progress: dict[str, SeriesProgress], names: dict[str, str]) -> None:
        self._names = names
        rows = sorted(progress.items(), key=lambda kv: (names.get(kv[0], "").casefold(), kv[0]))
        self.set_rows(rows)

    def headers(self) -> tuple[str, ...]:
        return (tr("Client"), tr("Attended"), tr("Completed"))

    def row_id(self, row: object) -> str:
        assert isinstance(row, tuple)
        return str(row[0])

    def cell(self, row: object, column: int) -> str:
        assert isinstance(row, tuple)
        cid, p = row
        assert isinstance(p, SeriesProgress)
        if column == 0:
            return self._names.get(cid, tr("(a client not on this laptop)"))
        if column == 1:
            return tr("attended {a} of {p}").format(a=p.attended, p=p.planned)
        return tr("Yes") if p.completed else tr("Not yet ({n} needed)").format(n=p.required)

    def sort_key(self, row: object, column: int) -> object:
        assert isinstance(row, tuple)
        if column == 1:
            return row[1].attended
        return self.cell(row, column).casefold()
