"""Group sessions, series and attendance in the vault, through the change log like every record.

A session is a team record; each attendance row is about its client (her subject in the
change log), so it leaves the laptop only under her consent and goes when she is purged.
The session's ``linked_count`` moves by the difference of each attendance edit (see
``core.groups``), so its size stays right on devices that hold fewer attendance rows.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace

from exitdoors_desktop.core.errors import InvalidInput, NotFound
from exitdoors_desktop.core.groups import (
    Attendance,
    ClientAttendance,
    Facilitator,
    GroupSession,
    GroupSettings,
    Place,
    Series,
    SeriesProgress,
    check_series,
    check_session,
    series_progress,
)
from exitdoors_desktop.storage.audit import AuditAction
from exitdoors_desktop.storage.vault import Session

# Attendance ids are derived from (session, client): two devices that link the same woman
# to the same session write one row, and unlinking then relinking reuses it.
_ATTENDANCE_NS = uuid.UUID("6f1d9a52-3c1e-4b57-9a51-0d5be2a7c9e1")
_CHUNK = 500
_SESSION_COLUMNS = (
    "id, date, start_time, length_minutes, type, topic, facilitators, place, note,"
    " others_count, linked_count, series_id"
)


def attendance_id(session_id: str, client_id: str) -> str:
    return str(uuid.uuid5(_ATTENDANCE_NS, f"{session_id}\n{client_id}"))


@dataclass(frozen=True)
class ChecklistEntry:
    """One line of the attendance checklist: an active client of the team."""

    client_id: str
    name: str
    aliases: tuple[str, ...]
    assigned_worker: str | None

    @property
    def search_text(self) -> str:
        return " ".join((self.name, *self.aliases)).casefold()


def filter_checklist(entries: Sequence[ChecklistEntry], query: str) -> list[ChecklistEntry]:
    """Entries whose name or an alias contains every word of ``query`` (case-folded)."""
    words = query.casefold().split()
    if not words:
        return list(entries)
    return [e for e in entries if all(w in e.search_text for w in words)]


def _session_values(s: GroupSession) -> dict[str, object]:
    return {
        "date": s.date.isoformat(),
        "start_time": s.start.isoformat(timespec="minutes") if s.start else None,
        "length_minutes": s.length_minutes,
        "type": s.type,
        "topic": s.topic,
        "facilitators": [f.encode() for f in s.facilitators],
        "place": s.place.value,
        "note": s.note,
        "others_count": s.others_count,
        "series_id": s.series_id,
    }


def session_from_row(r: Sequence[object]) -> GroupSession:
    sid, date, start, length, gtype, topic, facilitators, place, note, others, linked, series = r
    return GroupSession(
        id=str(sid),
        date=dt.date.fromisoformat(str(date)),
        type=str(gtype),
        place=Place(str(place)),
        start=dt.time.fromisoformat(str(start)) if start else None,
        length_minutes=None if length is None else int(str(length)),
        topic=None if topic is None else str(topic),
        facilitators=tuple(Facilitator.decode(f) for f in json.loads(str(facilitators))),
        note=None if note is None else str(note),
        others_count=int(str(others)),
        series_id=None if series is None else str(series),
        linked_count=int(str(linked)),
    )


def _series_from_row(r: Sequence[object]) -> Series:
    sid, name, gtype, planned, dates = r
    return Series(
        id=str(sid),
        name=str(name),
        type=str(gtype),
        planned_sessions=int(str(planned)),
        planned_dates=tuple(dt.date.fromisoformat(d) for d in json.loads(str(dates))),
    )


class GroupRepository:
    def __init__(self, session: Session, settings: GroupSettings) -> None:
        self._s = session
        self.settings = settings

    # -- series -----------------------------------------------------------------------------
    def save_series(self, series: Series) -> None:
        check_series(series, self.settings)
        values: dict[str, object] = {
            "name": series.name,
            "type": series.type,
            "planned_sessions": series.planned_sessions,
            "planned_dates": [d.isoformat() for d in sorted(series.planned_dates)],
        }
        with self._s.transaction():
            try:
                old = self.series(series.id)
            except NotFound:
                pass
            else:
                before = {
                    "name": old.name,
                    "type": old.type,
                    "planned_sessions": old.planned_sessions,
                    "planned_dates": [d.isoformat() for d in old.planned_dates],
                }
                values = {k: v for k, v in values.items() if before[k] != v}
            if values:
                self._s.changes.write("group_series", series.id, values)

    def series(self, series_id: str) -> Series:
        row = self._s.conn.execute(
            "SELECT id, name, type, planned_sessions, planned_dates FROM group_series"
            " WHERE id = ? AND deleted = 0",
            (series_id,),
        ).fetchone()
        if row is None:
            raise NotFound("no such series")
        return _series_from_row(row)

    def all_series(self) -> list[Series]:
        rows = self._s.conn.execute(
            "SELECT id, name, type, planned_sessions, planned_dates FROM group_series"
            " WHERE deleted = 0 ORDER BY name COLLATE NOCASE, id"
        ).fetchall()
        return [_series_from_row(r) for r in rows]

    def delete_series(self, series_id: str) -> None:
        with self._s.transaction():
            self.series(series_id)
            used = self._s.conn.execute(
                "SELECT 1 FROM group_sessions WHERE series_id = ? AND deleted = 0 LIMIT 1",
                (series_id,),
            ).fetchone()
            if used:
                raise InvalidInput("this series still has sessions; delete them first")
            self._s.changes.write("group_series", series_id, {"deleted": True})

    # -- sessions ---------------------------------------------------------------------------
    def save_session(
        self, gs: GroupSession, attendees: Collection[str], today: dt.date | None = None
    ) -> GroupSession:
        """Create or update a session and its list of linked clients, in one transaction.

        Only fields that changed produce change messages; ``gs.linked_count`` is ignored (the
        repository keeps it). ``today``: refuse a session dated after it. Returns the session
        as stored.
        """
        check_session(gs, self.settings, today)
        wanted = set(attendees)
        if len(wanted) != len(list(attendees)):
            raise InvalidInput("a client is listed twice in the attendance")
        with self._s.transaction():
            if gs.series_id is not None:
                series = self.series(gs.series_id)
                if series.type != gs.type:
                    raise InvalidInput("the session's type differs from its series' type")
            self._check_clients(wanted)
            try:
                old: GroupSession | None = self.get_session(gs.id)
            except NotFound:
                old = None
                gone = self._s.conn.execute(
                    "SELECT 1 FROM group_sessions WHERE id = ?", (gs.id,)
                ).fetchone()
                if gone:
                    raise InvalidInput("this group session was deleted") from None
            current = set(self._linked(gs.id))
            added = sorted(wanted - current)
            removed = sorted(current - wanted)
            linked = (old.linked_count if old else 0) + len(added) - len(removed)
            values = _session_values(gs)
            values["linked_count"] = max(0, linked)
            if old is not None:
                before = _session_values(old)
                before["linked_count"] = old.linked_count
                values = {k: v for k, v in values.items() if before[k] != v}
            if values:
                self._s.changes.write("group_session", gs.id, values)
            for cid in added:
                aid = attendance_id(gs.id, cid)
                exists = self._s.conn.execute(
                    "SELECT 1 FROM group_attendance WHERE id = ?", (aid,)
                ).fetchone()
                fields: dict[str, object] = (
                    {"deleted": False}
                    if exists
                    else {"session_id": gs.id, "client_id": cid, "deleted": False}
                )
                self._s.changes.write("group_attendance", aid, fields)
            for cid in removed:
                self._s.changes.write(
                    "group_attendance", attendance_id(gs.id, cid), {"deleted": True}
                )
            return replace(gs, linked_count=max(0, linked))

    def _check_clients(self, client_ids: Collection[str]) -> None:
        ids = sorted(client_ids)
        found: set[str] = set()
        for i in range(0, len(ids), _CHUNK):
            chunk = ids[i : i + _CHUNK]
            marks = ",".join("?" * len(chunk))
            found.update(
                r[0]
                for r in self._s.conn.execute(
                    f"SELECT id FROM clients WHERE deleted = 0 AND id IN ({marks})",  # noqa: S608
                    chunk,
                )
            )
        missing = len(set(ids) - found)
        if missing:
            # No id in the message: it could end up in a log.
            raise NotFound(f"{missing} of the listed clients do not exist (or were deleted)")

    def _linked(self, session_id: str) -> list[str]:
        """Live attendance rows of the session held here (her client row may be gone)."""
        return [
            str(r[0])
            for r in self._s.conn.execute(
                "SELECT client_id FROM group_attendance WHERE session_id = ? AND deleted = 0",
                (session_id,),
            )
        ]

    def get_session(self, session_id: str) -> GroupSession:
        row = self._s.conn.execute(
            f"SELECT {_SESSION_COLUMNS} FROM group_sessions WHERE id = ? AND deleted = 0",  # noqa: S608
            (session_id,),
        ).fetchone()
        if row is None:
            raise NotFound("no such group session")
        return session_from_row(row)

    def attendees(self, session_id: str) -> list[str]:
        """Client ids linked to the session whose records are on this device, sorted."""
        return sorted(
            str(r[0])
            for r in self._s.conn.execute(
                "SELECT a.client_id FROM group_attendance a JOIN clients c ON c.id = a.client_id"
                " WHERE a.session_id = ? AND a.deleted = 0 AND c.deleted = 0",
                (session_id,),
            )
        )

    def view_attendees(self, session_id: str) -> list[str]:
        """``attendees`` for a screen that shows who came: one ``view`` audit event on the
        session (its detail is the count, never who)."""
        ids = self.attendees(session_id)
        with self._s.transaction():
            self._s.audit.append(
                AuditAction.VIEW, "group_session", session_id, f"{len(ids)} attendees"
            )
        return ids

    def sessions(
        self, start: dt.date | None = None, end: dt.date | None = None
    ) -> list[GroupSession]:
        """Live sessions dated start <= d <= end, oldest first."""
        rows = self._s.conn.execute(
            f"SELECT {_SESSION_COLUMNS} FROM group_sessions"  # noqa: S608
            " WHERE deleted = 0 AND date >= ? AND date <= ? ORDER BY date, start_time, id",
            ((start or dt.date.min).isoformat(), (end or dt.date.max).isoformat()),
        ).fetchall()
        return [session_from_row(r) for r in rows]

    def delete_session(self, session_id: str) -> None:
        with self._s.transaction():
            self.get_session(session_id)
            for cid in self._linked(session_id):
                self._s.changes.write(
                    "group_attendance", attendance_id(session_id, cid), {"deleted": True}
                )
            self._s.changes.write("group_session", session_id, {"deleted": True})

    def series_for_client(self, client_id: str) -> list[tuple[Series, SeriesProgress]]:
        """Each live series she attended at least once, with her "attended A of P" under
        the program's completion rule (her record shows these), by series name."""
        mine = [
            Attendance(str(r[0]), str(r[1]), client_id)
            for r in self._s.conn.execute(
                "SELECT a.id, a.session_id FROM group_attendance a"
                " JOIN group_sessions s ON s.id = a.session_id"
                " WHERE a.client_id = ? AND a.deleted = 0 AND s.deleted = 0"
                " AND s.series_id IS NOT NULL",
                (client_id,),
            )
        ]
        if not mine:
            return []
        sessions = [
            session_from_row(r)
            for r in self._s.conn.execute(
                f"SELECT {_SESSION_COLUMNS} FROM group_sessions"  # noqa: S608
                " WHERE deleted = 0 AND series_id IS NOT NULL"
            )
        ]
        attended_series = {s.series_id for s in sessions if s.id in {a.session_id for a in mine}}
        rule = self.settings.completion
        return [
            (series, series_progress(series, sessions, mine, client_id, rule))
            for series in self.all_series()
            if series.id in attended_series
        ]

    # -- attendance -------------------------------------------------------------------------
    def attendance(self) -> list[Attendance]:
        """Every live attendance of a live client in a live session (reports)."""
        return [
            Attendance(str(r[0]), str(r[1]), str(r[2]))
            for r in self._s.conn.execute(
                "SELECT a.id, a.session_id, a.client_id FROM group_attendance a"
                " JOIN group_sessions s ON s.id = a.session_id"
                " JOIN clients c ON c.id = a.client_id"
                " WHERE a.deleted = 0 AND s.deleted = 0 AND c.deleted = 0"
            )
        ]

    def for_client(self, client_id: str) -> list[ClientAttendance]:
        """Her attendances, oldest first: what her record's timeline shows."""
        rows = self._s.conn.execute(
            "SELECT a.id, a.session_id, s.date, s.type, s.place, s.series_id, s.length_minutes,"
            " s.topic FROM group_attendance a JOIN group_sessions s ON s.id = a.session_id"
            " WHERE a.client_id = ? AND a.deleted = 0 AND s.deleted = 0"
            " ORDER BY s.date, s.start_time, s.id",
            (client_id,),
        ).fetchall()
        return [
            ClientAttendance(
                id=str(r[0]),
                session_id=str(r[1]),
                client_id=client_id,
                date=dt.date.fromisoformat(str(r[2])),
                type=str(r[3]),
                place=Place(str(r[4])),
                series_id=None if r[5] is None else str(r[5]),
                length_minutes=None if r[6] is None else int(str(r[6])),
                topic=None if r[7] is None else str(r[7]),
            )
            for r in rows
        ]

    def remove_client(self, client_id: str) -> int:
        return remove_client_attendance(self._s, client_id)

    def facilitator_users(self) -> list[tuple[str, str]]:
        """(user id, name) of the vault's users, by name: who may be listed as a facilitator."""
        return [
            (str(r[0]), str(r[1]))
            for r in self._s.conn.execute(
                "SELECT id, name FROM users WHERE deleted = 0 ORDER BY name COLLATE NOCASE, id"
            )
        ]

    # -- the attendance checklist -----------------------------------------------------------
    def checklist(self, worker_ids: Collection[str] | None = None) -> list[ChecklistEntry]:
        """Active clients (of the given workers, or everyone) whose file is not closed and who
        have not graduated, by name: read once when the
        checklist opens, then filtered in memory per keystroke (``filter_checklist``)."""
        rows = self._s.conn.execute(
            "SELECT id, preferred_name, aliases, assigned_worker FROM clients c"
            " WHERE deleted = 0 AND status = 'active' AND NOT EXISTS ("
            # her file was closed or she graduated (her latest phase move says so)
            "  SELECT 1 FROM phase_transitions t WHERE t.client_id = c.id AND t.deleted = 0"
            "  AND t.to_state IN ('graduated', 'closed') AND NOT EXISTS ("
            "   SELECT 1 FROM phase_transitions u WHERE u.client_id = c.id AND u.deleted = 0"
            "   AND (u.date, u.recorded_at, u.id) > (t.date, t.recorded_at, t.id)))"
            " ORDER BY preferred_name, id"
        ).fetchall()
        wanted = None if worker_ids is None else set(worker_ids)
        return [
            ChecklistEntry(
                str(r[0]),
                str(r[1]),
                tuple(json.loads(r[2])) if r[2] and r[2] != "[]" else (),
                None if r[3] is None else str(r[3]),
            )
            for r in rows
            if wanted is None or r[3] in wanted
        ]


def remove_client_attendance(session: Session, client_id: str) -> int:
    """Unlink her from every session (her record is being deleted); returns how many rows.
    Sessions keep their ``linked_count``: the attendance happened, only who it was is gone."""
    with session.transaction():
        ids = [
            str(r[0])
            for r in session.conn.execute(
                "SELECT id FROM group_attendance WHERE client_id = ? AND deleted = 0",
                (client_id,),
            )
        ]
        for aid in ids:
            session.changes.write("group_attendance", aid, {"deleted": True}, audit=False)
        return len(ids)
