"""Every typed write goes through here: the row, its field-level change messages, the audit."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from exitdoors_desktop.core.hlc import HybridClock, Timestamp
from exitdoors_desktop.core.ids import time_ordered_id
from exitdoors_desktop.storage.audit import AuditAction, AuditLog
from exitdoors_desktop.storage.db import Connection
from exitdoors_desktop.storage.entities import REGISTRY, EntitySpec

# Values are what JSON can carry; dates travel as ISO text.
Value = str | int | float | bool | None | list[object] | dict[str, object]


@dataclass(frozen=True)
class Change:
    id: str
    entity: str
    row_id: str
    field: str
    value: Value
    hlc: str
    device: str
    user_id: str | None
    subject: str | None


def encode_value(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def column_value(spec: EntitySpec, field: str, value: object) -> object:
    """What the typed table stores for one field's value (JSON text, booleans as 0/1)."""
    if field in spec.json_fields:
        return encode_value(value)
    if isinstance(value, bool):
        return int(value)
    return value


class ChangeWriter:
    """Writes rows and their change messages. The caller holds the transaction."""

    def __init__(
        self,
        conn: Connection,
        clock: HybridClock,
        device: str,
        user_id: str | None,
        audit: AuditLog,
    ) -> None:
        self._conn = conn
        self._clock = clock
        self._device = device
        self.user_id = user_id
        self._audit = audit

    def write(
        self,
        entity: str,
        row_id: str,
        values: Mapping[str, object],
        *,
        audit: bool = True,
    ) -> Timestamp:
        """Create or update one row; one change message per field, all with one stamp."""
        spec = REGISTRY[entity]
        spec.check_fields(frozenset(values))
        exists = upsert_row(self._conn, spec, row_id, values)
        bases = field_stamps(self._conn, entity, row_id) if exists else {}
        stamp = self._clock.now()
        hlc = stamp.encode()
        subject = self._subject(spec, row_id)
        self._conn.executemany(
            "INSERT INTO changes (id, entity, row_id, field, value, hlc, device, user_id,"
            " subject, base_hlc) VALUES (?,?,?,?,?,?,?,?,?,?)",
            [
                (
                    time_ordered_id(),  # side by side in the id index
                    entity,
                    row_id,
                    name,
                    encode_value(value),
                    hlc,
                    self._device,
                    self.user_id,
                    subject,
                    bases.get(name),
                )
                for name, value in values.items()
            ],
        )
        set_field_stamps(self._conn, entity, row_id, dict.fromkeys(values, hlc))
        if audit:
            if values.get("deleted"):
                action = AuditAction.DELETE
            else:
                action = AuditAction.CHANGE if exists else AuditAction.CREATE
            # The audit names which fields changed, never what they now say.
            self._audit.append(action, entity, row_id, ",".join(sorted(values)))
        return stamp

    def _subject(self, spec: EntitySpec, row_id: str) -> str | None:
        if spec.subject_column is None:
            return None
        if spec.subject_column == "id":
            return row_id
        row = self._conn.execute(
            f"SELECT {spec.subject_column} FROM {spec.table} WHERE id = ?",  # noqa: S608
            (row_id,),
        ).fetchone()
        return str(row[0]) if row and row[0] is not None else None


def upsert_row(
    conn: Connection, spec: EntitySpec, row_id: str, values: Mapping[str, object]
) -> bool:
    """Write ``values`` into the typed table; returns whether the row existed before."""
    exists = conn.execute(
        f"SELECT 1 FROM {spec.table} WHERE id = ?",  # noqa: S608 - table from our registry
        (row_id,),
    ).fetchone()
    columns = list(values)
    params = [column_value(spec, k, values[k]) for k in columns]
    if not exists:
        names = ", ".join(["id", *(f'"{c}"' for c in columns)])
        marks = ", ".join("?" * (len(columns) + 1))
        conn.execute(
            f"INSERT INTO {spec.table} ({names}) VALUES ({marks})",  # noqa: S608
            (row_id, *params),
        )
    elif columns:
        assignments = ", ".join(f'"{name}" = ?' for name in columns)
        conn.execute(
            f"UPDATE {spec.table} SET {assignments} WHERE id = ?",  # noqa: S608
            (*params, row_id),
        )
    return exists is not None


def field_stamps(conn: Connection, entity: str, row_id: str) -> dict[str, str]:
    """The winning stamp of each field of one row (what a new write is based on)."""
    rows = conn.execute(
        "SELECT field, hlc FROM field_clock WHERE entity = ? AND row_id = ?", (entity, row_id)
    )
    return {str(f): str(h) for f, h in rows}


def recorded_stamps(
    conn: Connection, entity: str, field: str, row_ids: Sequence[str]
) -> dict[str, str]:
    """The HLC stamp of one field of many rows: for a field written once (a contact's
    client_id, a response's draft flag when it is saved), when the row was recorded."""
    out: dict[str, str] = {}
    ids = list(row_ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT row_id, hlc FROM field_clock WHERE entity = ? AND field = ? AND row_id IN ({marks})"  # noqa: S608, E501 - only placeholders are formatted in
        rows = conn.execute(sql, (entity, field, *chunk))
        out.update({str(r): str(h) for r, h in rows})
    return out


def set_field_stamps(conn: Connection, entity: str, row_id: str, stamps: Mapping[str, str]) -> None:
    conn.executemany(
        "INSERT INTO field_clock (entity, row_id, field, hlc) VALUES (?,?,?,?)"
        " ON CONFLICT (entity, row_id, field) DO UPDATE SET hlc = excluded.hlc",
        [(entity, row_id, name, hlc) for name, hlc in stamps.items()],
    )


def changes_for_row(conn: Connection, entity: str, row_id: str) -> list[Change]:
    rows = conn.execute(
        "SELECT id, entity, row_id, field, value, hlc, device, user_id, subject FROM changes"
        " WHERE entity = ? AND row_id = ? ORDER BY hlc, seq",
        (entity, row_id),
    ).fetchall()
    return [Change(r[0], r[1], r[2], r[3], json.loads(r[4]), *r[5:]) for r in rows]


CLOCK_CHECKPOINT = "clock_checkpoint"


@dataclass(frozen=True)
class ClockCheckpoint:
    """The highest stamp in the change log and audit up to two row numbers (seq)."""

    hlc: str | None
    changes_seq: int
    audit_seq: int

    @property
    def stamp(self) -> Timestamp | None:
        return Timestamp.decode(self.hlc) if self.hlc else None


def clock_checkpoint(conn: Connection) -> ClockCheckpoint:
    """The highest stamp written or received here: the clock must never fall behind it.

    A plain max(hlc) reads every change (760,000 rows, about 1.3 s on a 10,000-client vault,
    at every unlock). So the answer is kept in ``meta`` with the last change and audit row it
    covered, and only rows appended since are read. Stamps are never rewritten and AUTOINCREMENT
    row numbers never come back, so the stored answer stays a true floor, even after a crash
    (rows written after it are simply read again) or a purge (a higher floor is still safe).
    A damaged stored value is ignored: everything is read again.
    """
    start = ClockCheckpoint(None, 0, 0)
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (CLOCK_CHECKPOINT,)).fetchone()
    if row:
        try:
            hlc, changes_seq, audit_seq = json.loads(row[0])
            if (hlc is None or isinstance(hlc, str)) and all(
                type(n) is int and n >= 0 for n in (changes_seq, audit_seq)
            ):
                if hlc:
                    Timestamp.decode(hlc)
                start = ClockCheckpoint(hlc, changes_seq, audit_seq)
        except (ValueError, TypeError):
            pass
    c_hlc, c_seq = conn.execute(
        "SELECT max(hlc), max(seq) FROM changes WHERE seq > ?", (start.changes_seq,)
    ).fetchone()
    a_hlc, a_seq = conn.execute(
        "SELECT max(hlc), max(seq) FROM audit WHERE seq > ?", (start.audit_seq,)
    ).fetchone()
    stamps = [h for h in (start.hlc, c_hlc, a_hlc) if h]
    return ClockCheckpoint(
        max(stamps) if stamps else None, c_seq or start.changes_seq, a_seq or start.audit_seq
    )


def save_clock_checkpoint(conn: Connection, checkpoint: ClockCheckpoint) -> None:
    """Store ``checkpoint`` (inside the caller's transaction) so the next unlock reads less."""
    value = json.dumps([checkpoint.hlc, checkpoint.changes_seq, checkpoint.audit_seq])
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (CLOCK_CHECKPOINT, value),
    )
