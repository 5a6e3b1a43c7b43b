"""The append-only, hash-chained audit log: who did what to which record, never the data."""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass

from exitdoors_desktop.core.hlc import HybridClock
from exitdoors_desktop.core.ids import time_ordered_id
from exitdoors_desktop.storage.db import Connection

GENESIS = "0" * 64


class AuditAction(enum.StrEnum):
    UNLOCK = "unlock"
    FAILED_UNLOCK = "failed_unlock"
    LOCK = "lock"
    VIEW = "view"
    CREATE = "create"
    CHANGE = "change"
    DELETE = "delete"
    EXPORT = "export"
    IMPORT = "import"
    DISCLOSE = "disclose"
    PASSPHRASE_CHANGE = "passphrase_change"  # noqa: S105 - an action name
    RECOVERY = "recovery"
    USER_ADDED = "user_added"
    USER_REMOVED = "user_removed"
    REKEY = "rekey"
    BACKUP_CREATED = "backup_created"
    BACKUP_RESTORED = "backup_restored"
    ERASURE = "erasure"
    RETENTION_RUN = "retention_run"
    CONSENT_WITHDRAWN = "consent_withdrawn"


@dataclass(frozen=True)
class AuditEvent:
    seq: int
    id: str
    at: str
    hlc: str
    device: str
    user_id: str | None
    action: str
    entity: str | None
    row_id: str | None
    detail: str
    prev_hash: str
    hash: str


@dataclass(frozen=True)
class ChainReport:
    events: int
    first_broken_seq: int | None

    @property
    def ok(self) -> bool:
        return self.first_broken_seq is None


def event_hash(
    prev_hash: str,
    event_id: str,
    at: str,
    hlc: str,
    device: str,
    user_id: str | None,
    action: str,
    entity: str | None,
    row_id: str | None,
    detail: str,
) -> str:
    body = [event_id, at, hlc, device, user_id, action, entity, row_id, detail]
    canonical = json.dumps(body, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(f"{prev_hash}|{canonical}".encode()).hexdigest()


class AuditLog:
    def __init__(
        self,
        conn: Connection,
        clock: HybridClock,
        device: str,
        user_id: str | None,
        wall: Callable[[], float] = time.time,
    ) -> None:
        self._conn = conn
        self._clock = clock
        self._device = device
        self.user_id = user_id
        self._wall = wall

    def append(
        self,
        action: AuditAction,
        entity: str | None = None,
        row_id: str | None = None,
        detail: str = "",
        at: float | None = None,
    ) -> None:
        """Append one event. ``detail`` names fields or counts, never values."""
        row = self._conn.execute("SELECT hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
        prev = row[0] if row else GENESIS
        event_id = time_ordered_id()  # appended in order: the id index grows at one end
        when = dt.datetime.fromtimestamp(self._wall() if at is None else at, dt.UTC)
        at_text = when.isoformat(timespec="milliseconds")
        hlc = self._clock.now().encode()
        digest = event_hash(
            prev,
            event_id,
            at_text,
            hlc,
            self._device,
            self.user_id,
            action.value,
            entity,
            row_id,
            detail,
        )
        self._conn.execute(
            "INSERT INTO audit (id, at, hlc, device, user_id, action, entity, row_id, detail,"
            " prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (
                event_id,
                at_text,
                hlc,
                self._device,
                self.user_id,
                action.value,
                entity,
                row_id,
                detail,
                prev,
                digest,
            ),
        )


def verify_chain(conn: Connection) -> ChainReport:
    """Recompute every link; report the first event whose hash or back-link does not hold."""
    prev = GENESIS
    count = 0
    for row in conn.execute(
        "SELECT seq, id, at, hlc, device, user_id, action, entity, row_id, detail, prev_hash,"
        " hash FROM audit ORDER BY seq"
    ):
        count += 1
        seq, *fields, prev_hash, digest = row
        if prev_hash != prev or event_hash(prev_hash, *fields) != digest:
            return ChainReport(count, int(seq))
        prev = digest
    return ChainReport(count, None)


def audit_head(conn: Connection) -> tuple[int, str]:
    """(seq, hash) of the last event; (0, GENESIS) for an empty log."""
    row = conn.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    return (int(row[0]), str(row[1])) if row else (0, GENESIS)


def hash_at(conn: Connection, seq: int) -> str | None:
    """The hash of event ``seq`` (None if the log holds no such event)."""
    row = conn.execute("SELECT hash FROM audit WHERE seq = ?", (seq,)).fetchone()
    return None if row is None else str(row[0])


def head_problem(conn: Connection, seq: int, digest: str) -> str | None:
    """None when the log still holds event ``seq`` with hash ``digest`` (the head recorded
    outside the database, in the key file); else what is wrong, naming the event."""
    if seq == 0:
        return None
    row = conn.execute("SELECT hash FROM audit WHERE seq = ?", (seq,)).fetchone()
    if row is None:
        last = audit_head(conn)[0]
        return (
            f"audit log truncated: the key file records event {seq} as the last, "
            f"the log holds events up to {last}"
        )
    if str(row[0]) != digest:
        return f"audit log rewritten: event {seq} differs from the one the key file records"
    return None


def recent_events(conn: Connection, limit: int = 100) -> list[AuditEvent]:
    rows = conn.execute(
        "SELECT seq, id, at, hlc, device, user_id, action, entity, row_id, detail, prev_hash,"
        " hash FROM audit ORDER BY seq DESC LIMIT ?",
        (limit,),
    ).fetchall()
    return [AuditEvent(*row) for row in rows]
