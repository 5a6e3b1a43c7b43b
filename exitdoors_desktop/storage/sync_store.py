"""The local side of sync, in SQL: the consent-gated outbox, applying what others wrote (last
writer wins per field, losers kept as conflicts), the cursor, purges and quarantine.

Everything the engine hands back from one server answer is applied in one transaction, so a
crash at any moment neither loses nor duplicates a change.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from exitdoors_desktop.core.consent import ConsentRecord, effective_consent
from exitdoors_desktop.core.ids import time_ordered_id
from exitdoors_desktop.core.lifecycle import PhaseTransition, replay
from exitdoors_desktop.storage.audit import AuditAction
from exitdoors_desktop.storage.changelog import column_value, encode_value
from exitdoors_desktop.storage.db import DatabaseError
from exitdoors_desktop.storage.entities import REGISTRY, EntitySpec
from exitdoors_desktop.storage.program_repo import consent_from_row, transition_from_row
from exitdoors_desktop.storage.vault import Session

# Tables holding rows about one client, and the column naming her.
_CLIENT_TABLES = (
    ("clients", "id"),
    ("form_responses", "client_id"),
    ("contacts", "client_id"),
    ("phase_transitions", "client_id"),
    ("scale_readings", "client_id"),
    ("referrals", "client_id"),
    ("consents", "client_id"),
)

# Row ids per IN (...) list when reading many rows at once (well below SQLite's limit).
_CHUNK = 500


@dataclass(frozen=True)
class Write:
    """One row write: the fields one ChangeWriter.write call set, with one stamp."""

    entity: str
    row_id: str
    hlc: str
    device: str
    user_id: str | None
    subject: str | None  # the client id it is about (None: team-wide)
    fields: dict[str, object]
    bases: dict[str, str | None] = field(default_factory=dict)
    change_ids: dict[str, str] = field(default_factory=dict)
    seqs: tuple[int, ...] = ()  # this device's change-log rows (outbox writes only)


@dataclass(frozen=True)
class Outbox:
    writes: list[Write]
    held_writes: int  # waiting for a client's consent to share with the office
    held_subjects: int
    last_seq: int = 0  # the last change-log row read: the next batch starts after it


@dataclass
class ApplyResult:
    applied_fields: int = 0
    skipped_fields: int = 0
    conflicts: int = 0
    purged_clients: int = 0


class SyncStore:
    def __init__(self, session: Session) -> None:
        self._s = session

    # -- state ------------------------------------------------------------------------------
    def get(self, key: str, default: object = None) -> object:
        row = self._s.conn.execute("SELECT value FROM sync_state WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else default

    def put(self, key: str, value: object) -> None:
        with self._s.transaction():
            self._set(key, value)

    def _set(self, key: str, value: object) -> None:
        self._s.conn.execute(
            "INSERT INTO sync_state (key, value) VALUES (?, ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, json.dumps(value)),
        )

    def author_counters(self) -> dict[str, int]:
        """The highest write counter seen (verified) per author node: an admin removing a
        device names its counter as the cut-off."""
        value = self.get("author_counters", {})
        if not isinstance(value, dict):
            return {}
        return {str(k): int(v) for k, v in value.items() if isinstance(v, int)}

    def put_author_counters(self, counters: dict[str, int]) -> None:
        self._set("author_counters", counters)

    def used_counters(self) -> dict[str, list[list[int]]]:
        """Per author node, the write counters seen, as sorted [low, high] spans."""
        value = self.get("used_counters", {})
        if not isinstance(value, dict):
            return {}
        return {str(k): [[int(a), int(b)] for a, b in v] for k, v in value.items()}

    def put_used_counters(self, spans: dict[str, list[list[int]]]) -> None:
        self._set("used_counters", spans)

    def cursor(self) -> int:
        return int(str(self.get("cursor", 0)))

    # -- outbox -----------------------------------------------------------------------------
    def shareable_subjects(self) -> set[str]:
        """Clients whose effective consent today includes sharing with the office."""
        by_client: dict[str, list[ConsentRecord]] = defaultdict(list)
        for row in self._s.conn.execute(
            "SELECT id, client_id, scope, action, date, recorded_at, method, witness, partner_id"
            " FROM consents WHERE deleted = 0"
        ):
            by_client[row[1]].append(consent_from_row(row))
        return {cid for cid, recs in by_client.items() if effective_consent(recs).share_with_office}

    def outbox(
        self,
        limit: int,
        allowed: set[str] | None = None,
        *,
        after_seq: int = 0,
        count_held: bool = True,
    ) -> Outbox:
        """Up to ``limit`` writes ready to go, from change-log rows after ``after_seq``.

        ``allowed`` (shareable subjects) may be passed in by a caller that computed it once
        for a whole round; such a caller also passes the previous batch's ``last_seq`` (so a
        big backlog is read once, not again from its start for every batch) and
        ``count_held=False`` (and asks ``held`` once, at the end).
        """
        if allowed is None:
            allowed = self.shareable_subjects()
        held_writes, held_subjects = self.held(allowed) if count_held else (0, 0)
        writes: dict[tuple[str, str, str], Write] = {}
        seqs: dict[tuple[str, str, str], list[int]] = {}
        last_seq = after_seq
        rows = self._s.conn.execute(
            "SELECT seq, id, entity, row_id, field, value, hlc, device, user_id, subject,"
            " base_hlc FROM changes WHERE pushed = 0 AND seq > ? AND origin = 'local'"
            " ORDER BY seq",
            (after_seq,),
        )
        for seq, cid, entity, row_id, fname, value, hlc, device, user_id, subject, base in rows:
            if subject is not None and subject not in allowed:
                last_seq = seq
                continue
            key = (entity, row_id, hlc)
            write = writes.get(key)
            if write is None:
                if len(writes) >= limit:
                    break
                write = writes[key] = Write(entity, row_id, hlc, device, user_id, subject, {})
                seqs[key] = []
            write.fields[fname] = json.loads(value)
            write.bases[fname] = base
            write.change_ids[fname] = cid
            seqs[key].append(seq)
            last_seq = seq
        out = [replace(w, seqs=tuple(seqs[k])) for k, w in writes.items()]
        return Outbox(out, held_writes, held_subjects, last_seq)

    def held(self, allowed: set[str]) -> tuple[int, int]:
        """Unsent writes waiting for consent to share with the office, and for how many
        clients."""
        pending = self._s.conn.execute(
            "SELECT subject, count(DISTINCT hlc || entity || row_id) FROM changes"
            " WHERE pushed = 0 AND origin = 'local' AND subject IS NOT NULL GROUP BY subject"
        ).fetchall()
        held = [n for s, n in pending if s not in allowed]
        return sum(held), len(held)

    def mark_pushed(self, change_ids: Iterable[str]) -> None:
        self._s.conn.executemany(
            "UPDATE changes SET pushed = 1 WHERE id = ?", [(cid,) for cid in change_ids]
        )

    def mark_pushed_seqs(self, seqs: Iterable[int]) -> None:
        """Mark change-log rows sent, by row number: one UPDATE per run of consecutive rows
        (a write's fields are consecutive rows, and so are most batches)."""
        self._s.conn.executemany(
            "UPDATE changes SET pushed = 1 WHERE seq BETWEEN ? AND ? AND origin = 'local'",
            _runs(seqs),
        )

    def pending_count(self) -> int:
        row = self._s.conn.execute(
            "SELECT count(DISTINCT hlc || entity || row_id) FROM changes"
            " WHERE pushed = 0 AND origin = 'local'"
        ).fetchone()
        return int(row[0])

    # -- applying a server answer -----------------------------------------------------------
    def apply_answer(
        self,
        writes: Sequence[Write],
        acked_change_ids: Iterable[str],
        cursor: int,
        purged_client_ids: Iterable[str] = (),
        quarantined: Iterable[tuple[str, int | None, str, str]] = (),
        *,
        acked_seqs: Iterable[int] = (),
    ) -> ApplyResult:
        """Apply pulled writes, acknowledge pushed ones (by change id or by change-log row)
        and move the cursor: all or nothing."""
        result = ApplyResult()
        with self._s.transaction():
            self.mark_pushed(acked_change_ids)
            self.mark_pushed_seqs(acked_seqs)
            for client_id in purged_client_ids:
                self.purge_local(client_id)
                result.purged_clients += 1
            self._apply_writes(writes, result)
            touched_subjects = {
                w.subject
                for w in writes
                if w.subject and w.entity in ("phase_transition", "consent")
            }
            for subject in sorted(touched_subjects):
                result.conflicts += self._flag_phase_and_consent(subject)
            for message_id, seq, reason, raw in quarantined:
                self._s.conn.execute(
                    "INSERT OR IGNORE INTO quarantine (id, seq, reason, message, received_at)"
                    " VALUES (?,?,?,?,?)",
                    (message_id, seq, reason, raw, _now()),
                )
            self._set("cursor", cursor)
        return result

    def unstorable(self, writes: Sequence[Write]) -> list[tuple[int, str]]:
        """(index, error name) of writes this vault's tables refuse (a new row missing a
        required column, say): each is tried alone inside a savepoint and everything is
        rolled back. The caller quarantines them and applies the rest, so one write that
        passed every check yet cannot be stored never stops sync."""
        bad: list[tuple[int, str]] = []
        conn = self._s.conn
        with contextlib.suppress(_Undo), self._s.transaction():
            for i, w in enumerate(writes):
                conn.execute("SAVEPOINT one_write")
                try:
                    self._apply_writes([w], ApplyResult())
                except DatabaseError as exc:
                    bad.append((i, type(exc).__name__))
                    conn.execute("ROLLBACK TO one_write")
                conn.execute("RELEASE one_write")
            raise _Undo
        return bad

    def _apply_writes(self, writes: Sequence[Write], result: ApplyResult) -> None:
        """Last writer wins per field, write by write in the order given, in set-based SQL:
        the rows' stamps and values are read once per answer and followed in memory, and the
        winners, stamps and change log are written once at the end."""
        if not writes:
            return
        for write in writes:
            spec = REGISTRY.get(write.entity)
            if spec is None:
                raise ValueError("unknown entity")
            spec.check_fields(frozenset(write.fields))
        rows = self._load_rows(writes)
        # (entity, row, field, stamp) -> base stamp, for change-log rows this answer adds.
        logged: dict[tuple[str, str, str, str], str | None] = {}
        log: list[list[object]] = []  # one parameter list per write (see _log_sql)
        for write in writes:
            row = rows[(write.entity, write.row_id)]
            winners: dict[str, object] = {}
            for name, value in write.fields.items():
                local = row.stamps.get(name)
                base = write.bases.get(name)
                current = row.values.get(name)
                if local is None or write.hlc > local:
                    winners[name] = value
                    if local is not None and base != local and current != value:
                        self._conflict("overwrite", write, name, current, local, write.hlc)
                        result.conflicts += 1
                elif write.hlc < local:
                    result.skipped_fields += 1
                    my_base = self._base_of(write.entity, write.row_id, name, local, logged)
                    if my_base != write.hlc and current != value:
                        self._conflict("overwrite", write, name, value, write.hlc, local)
                        result.conflicts += 1
                else:
                    result.skipped_fields += 1  # the very same change, seen again
            if winners:
                row.win(winners, write.hlc)
                result.applied_fields += len(winners)
            params: list[object] = [
                write.entity, write.row_id, write.hlc, write.device, write.user_id, write.subject
            ]  # fmt: skip
            for name, value in write.fields.items():
                base = write.bases.get(name)
                logged.setdefault((write.entity, write.row_id, name, write.hlc), base)
                params += (
                    write.change_ids.get(name) or time_ordered_id(), name, encode_value(value),
                    base,
                )  # fmt: skip
            if write.fields:
                log.append(params)
        self._store_rows(rows.values())
        # In write order; consecutive writes with as many fields share one executemany.
        start = 0
        for end in range(1, len(log) + 1):
            if end == len(log) or len(log[end]) != len(log[start]):
                n_fields = (len(log[start]) - 6) // 4
                self._s.conn.executemany(_log_sql(n_fields), log[start:end])
                start = end

    def _base_of(
        self,
        entity: str,
        row_id: str,
        name: str,
        stamp: str,
        logged: dict[tuple[str, str, str, str], str | None],
    ) -> str | None:
        """The base stamp of the change that gave ``name`` its ``stamp`` here, if known."""
        mine = self._s.conn.execute(
            "SELECT base_hlc FROM changes WHERE entity = ? AND row_id = ?"
            " AND field = ? AND hlc = ? LIMIT 1",
            (entity, row_id, name, stamp),
        ).fetchone()
        if mine is not None:
            return None if mine[0] is None else str(mine[0])
        return logged.get((entity, row_id, name, stamp))

    def _load_rows(self, writes: Sequence[Write]) -> dict[tuple[str, str], _RowState]:
        """Each written row's field stamps and current values, a few queries per entity."""
        conn = self._s.conn
        wanted: dict[str, list[str]] = defaultdict(list)
        rows: dict[tuple[str, str], _RowState] = {}
        for write in writes:
            key = (write.entity, write.row_id)
            if key not in rows:
                rows[key] = _RowState(REGISTRY[write.entity], write.row_id)
                wanted[write.entity].append(write.row_id)
        for entity, ids in wanted.items():
            spec = REGISTRY[entity]
            cols = ", ".join(f'"{n}"' for n in spec.fields)
            for i in range(0, len(ids), _CHUNK):
                chunk = ids[i : i + _CHUNK]
                marks = ",".join("?" * len(chunk))
                for row_id, fname, hlc in conn.execute(
                    f"SELECT row_id, field, hlc FROM field_clock WHERE entity = ? AND row_id IN ({marks})",  # noqa: S608, E501 - only marks
                    (entity, *chunk),
                ):
                    rows[(entity, row_id)].stamps[str(fname)] = str(hlc)
                for found in conn.execute(
                    f"SELECT id, {cols} FROM {spec.table} WHERE id IN ({marks})",  # noqa: S608 - registry names
                    chunk,
                ):
                    state = rows[(entity, found[0])]
                    state.exists = True
                    state.values = _read_values(spec, found[1:])
        return rows

    def _store_rows(self, rows: Iterable[_RowState]) -> None:
        """Write the winning values and stamps: one executemany per table and column set."""
        conn = self._s.conn
        inserts: dict[tuple[str, tuple[str, ...]], list[tuple[object, ...]]] = defaultdict(list)
        updates: dict[tuple[str, tuple[str, ...]], list[tuple[object, ...]]] = defaultdict(list)
        stamps: list[tuple[str, str, str, str]] = []
        for row in rows:
            if not row.won:
                continue
            columns = tuple(row.won)
            params = tuple(column_value(row.spec, c, row.won[c]) for c in columns)
            if row.exists:
                updates[(row.spec.table, columns)].append((*params, row.row_id))
            else:
                inserts[(row.spec.table, columns)].append((row.row_id, *params))
            stamps.extend((row.spec.name, row.row_id, c, row.stamps[c]) for c in columns)
        for (table, columns), params_list in inserts.items():
            names = ", ".join(["id", *(f'"{c}"' for c in columns)])
            marks = ", ".join("?" * (len(columns) + 1))
            conn.executemany(
                f"INSERT INTO {table} ({names}) VALUES ({marks})",  # noqa: S608 - registry names
                params_list,
            )
        for (table, columns), params_list in updates.items():
            assignments = ", ".join(f'"{c}" = ?' for c in columns)
            conn.executemany(
                f"UPDATE {table} SET {assignments} WHERE id = ?",  # noqa: S608 - registry names
                params_list,
            )
        conn.executemany(
            "INSERT INTO field_clock (entity, row_id, field, hlc) VALUES (?,?,?,?)"
            " ON CONFLICT (entity, row_id, field) DO UPDATE SET hlc = excluded.hlc",
            stamps,
        )

    def _conflict(
        self, kind: str, write: Write, name: str | None, losing: object, losing_hlc: str | None,
        winning_hlc: str | None,
    ) -> None:  # fmt: skip
        self._s.conn.execute(
            "INSERT INTO conflicts (id, kind, entity, row_id, field, subject, losing_value,"
            " losing_hlc, winning_hlc, detected_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (
                str(uuid.uuid4()), kind, write.entity, write.row_id, name, write.subject,
                encode_value(losing), losing_hlc, winning_hlc, _now(),
            ),
        )  # fmt: skip

    def _flag_phase_and_consent(self, client_id: str) -> int:
        """Concurrent phase moves that no longer form a legal history, and consent decided by
        a concurrent withdrawal, are flagged for a person to review (the safe value stands)."""
        conn = self._s.conn
        flagged = 0
        rows = conn.execute(
            "SELECT id, client_id, date, from_state, to_state, reason, recorded_at"
            " FROM phase_transitions WHERE client_id = ? AND deleted = 0",
            (client_id,),
        ).fetchall()
        _history, rejected = replay(
            sorted((transition_from_row(r) for r in rows), key=PhaseTransition.sort_key)
        )
        for t in rejected:
            flagged += self._flag_once("phase", "phase_transition", t.id, client_id)
        consents = [
            consent_from_row(r)
            for r in conn.execute(
                "SELECT id, client_id, scope, action, date, recorded_at, method, witness,"
                " partner_id FROM consents WHERE client_id = ? AND deleted = 0",
                (client_id,),
            )
        ]
        by_day: dict[tuple[str, str | None, dt.date], set[str]] = defaultdict(set)
        ids: dict[tuple[str, str | None, dt.date], str] = {}
        for c in consents:
            key = (c.scope.value, c.partner_id, c.date)
            by_day[key].add(c.action.value)
            if c.action.value == "withdraw":
                ids[key] = c.id
        for key, actions in by_day.items():
            if len(actions) > 1 and key in ids:
                flagged += self._flag_once("consent", "consent", ids[key], client_id)
        return flagged

    def _flag_once(self, kind: str, entity: str, row_id: str, subject: str) -> int:
        exists = self._s.conn.execute(
            "SELECT 1 FROM conflicts WHERE kind = ? AND row_id = ?", (kind, row_id)
        ).fetchone()
        if exists:
            return 0
        self._s.conn.execute(
            "INSERT INTO conflicts (id, kind, entity, row_id, subject, detected_at)"
            " VALUES (?,?,?,?,?,?)",
            (str(uuid.uuid4()), kind, entity, row_id, subject, _now()),
        )
        return 1

    # -- purges -----------------------------------------------------------------------------
    def client_ids(self) -> list[str]:
        return [r[0] for r in self._s.conn.execute("SELECT id FROM clients")]

    def has_client(self, client_id: str) -> bool:
        row = self._s.conn.execute("SELECT 1 FROM clients WHERE id = ?", (client_id,)).fetchone()
        return row is not None

    def row_subject(self, entity: str, row_id: str, column: str) -> tuple[bool, str | None]:
        """(exists here, the client it belongs to) of one row of a client's table."""
        spec = REGISTRY[entity]
        row = self._s.conn.execute(
            f'SELECT "{column}" FROM {spec.table} WHERE id = ?',  # noqa: S608 - registry names
            (row_id,),
        ).fetchone()
        return (False, None) if row is None else (True, None if row[0] is None else str(row[0]))

    def purge_local(self, client_id: str) -> None:
        """Delete everything about one client from this device (consent withdrawn elsewhere)."""
        conn = self._s.conn
        for table, column in _CLIENT_TABLES:
            entity = next(s.name for s in REGISTRY.values() if s.table == table)
            ids = [
                r[0]
                for r in conn.execute(
                    f"SELECT id FROM {table} WHERE {column} = ?",  # noqa: S608 - fixed names
                    (client_id,),
                )
            ]
            conn.executemany(
                "DELETE FROM field_clock WHERE entity = ? AND row_id = ?",
                [(entity, i) for i in ids],
            )
            conn.execute(f"DELETE FROM {table} WHERE {column} = ?", (client_id,))  # noqa: S608
        conn.execute("DELETE FROM changes WHERE subject = ?", (client_id,))
        conn.execute("DELETE FROM conflicts WHERE subject = ?", (client_id,))
        self._s.audit.append(AuditAction.DELETE, "client", client_id, "purged: consent withdrawn")

    def user_ids(self, names: Iterable[str]) -> set[str]:
        """The user ids of these names (the people who unlock this laptop)."""
        wanted = list(names)
        if not wanted:
            return set()
        marks = ",".join("?" * len(wanted))
        rows = self._s.conn.execute(
            f"SELECT id FROM users WHERE name IN ({marks})",  # noqa: S608 - only marks
            wanted,
        )
        return {str(r[0]) for r in rows}

    def client_owner(self, client_id: str, device: str) -> tuple[str | None, bool]:
        """Her assigned worker, and whether she was first recorded on this device."""
        row = self._s.conn.execute(
            "SELECT assigned_worker FROM clients WHERE id = ?", (client_id,)
        ).fetchone()
        # Arrival order, not clock order: a backdated write from another laptop cannot make
        # her creator's laptop believe she was created elsewhere.
        first = self._s.conn.execute(
            "SELECT device FROM changes WHERE entity = 'client' AND row_id = ? ORDER BY seq"
            " LIMIT 1",
            (client_id,),
        ).fetchone()
        return (str(row[0]) if row and row[0] else None), bool(first and first[0] == device)

    def clients_touched(self, writes: Sequence[Write]) -> set[str]:
        """The clients whose caseload row applied ``writes`` may change: each write's subject,
        and for a group session (a team-wide row) everyone recorded as attending it."""
        touched = {w.subject for w in writes if w.subject}
        sessions = sorted({w.row_id for w in writes if w.entity == "group_session"})
        for i in range(0, len(sessions), 500):
            chunk = sessions[i : i + 500]
            marks = ",".join("?" * len(chunk))
            touched.update(
                str(r[0])
                for r in self._s.conn.execute(
                    f"SELECT client_id FROM group_attendance WHERE session_id IN ({marks})",  # noqa: S608 - only marks
                    chunk,
                )
            )
        return touched

    def apply_writes(self, writes: Sequence[Write]) -> ApplyResult:
        """Apply writes (the caller holds the transaction), e.g. released from quarantine."""
        result = ApplyResult()
        self._apply_writes(writes, result)
        return result

    def open_conflicts(self) -> list[dict[str, object]]:
        rows = self._s.conn.execute(
            "SELECT id, kind, entity, row_id, field, subject, losing_value, losing_hlc,"
            " winning_hlc, detected_at FROM conflicts WHERE resolved = 0"
            " ORDER BY kind != 'consent', kind != 'phase', detected_at"
        ).fetchall()
        keys = ("id", "kind", "entity", "row_id", "field", "subject", "losing_value",
                "losing_hlc", "winning_hlc", "detected_at")  # fmt: skip
        out = []
        for row in rows:
            item = dict(zip(keys, row, strict=True))
            if item["losing_value"] is not None:
                item["losing_value"] = json.loads(str(item["losing_value"]))
            out.append(item)
        return out

    def resolve_conflict(
        self, conflict_id: str, value: object | None = None, use: bool = False
    ) -> None:
        """Close a conflict; with ``use`` the chosen value is written as a new change."""
        with self._s.transaction():
            row = self._s.conn.execute(
                "SELECT entity, row_id, field FROM conflicts WHERE id = ? AND resolved = 0",
                (conflict_id,),
            ).fetchone()
            if row is None:
                return
            entity, row_id, name = row
            if use and name:
                self._s.changes.write(entity, row_id, {name: value})
            self._s.conn.execute("UPDATE conflicts SET resolved = 1 WHERE id = ?", (conflict_id,))

    def quarantined(self) -> list[tuple[str, str, str]]:
        return [
            (r[0], r[1], r[2])
            for r in self._s.conn.execute("SELECT id, reason, received_at FROM quarantine")
        ]

    def restamp_client(self, client_id: str) -> int:
        """Her record as it stands here, written again as new changes of this laptop (new
        stamps, so new message ids): after a re-share the office may still hold her old
        messages (a withdrawal whose purge never came), and re-sending those would be taken
        as duplicates and reach no laptop that dropped her. Returns the rows written."""
        conn = self._s.conn
        written = 0
        for table, column in _CLIENT_TABLES:
            spec = next(s for s in REGISTRY.values() if s.table == table)
            cols = ", ".join(f'"{n}"' for n in spec.fields)
            rows = conn.execute(
                f"SELECT id, {cols} FROM {table} WHERE {column} = ?",  # noqa: S608 - registry names
                (client_id,),
            ).fetchall()
            for row in rows:
                values = _read_values(spec, row[1:])
                self._s.changes.write(spec.name, str(row[0]), values, audit=False)
                written += 1
        return written

    def requeue_client(self, client_id: str) -> None:
        """After a withdrawal purged her from the server, her changes must go again if she
        shares once more: mark them unsent (they wait, held, until consent allows)."""
        self._s.conn.execute(
            "UPDATE changes SET pushed = 0 WHERE subject = ? AND origin = 'local'", (client_id,)
        )


class _Undo(Exception):
    """Rolls a trial transaction back."""


class _RowState:
    """One row while an answer is applied: its stamps and values as they now stand."""

    __slots__ = ("exists", "row_id", "spec", "stamps", "values", "won")

    def __init__(self, spec: EntitySpec, row_id: str) -> None:
        self.spec = spec
        self.row_id = row_id
        self.exists = False
        self.stamps: dict[str, str] = {}
        self.values: dict[str, object] = {}
        self.won: dict[str, object] = {}  # fields to write at the end, with their values

    def win(self, winners: dict[str, object], hlc: str) -> None:
        for name, value in winners.items():
            self.stamps[name] = hlc
            self.values[name] = value
            self.won[name] = value


def _read_values(spec: EntitySpec, row: Sequence[object]) -> dict[str, object]:
    """A typed row as values: JSON fields decoded, the flags as booleans."""
    out: dict[str, object] = {}
    for name, value in zip(spec.fields, row, strict=True):
        if name in spec.json_fields and value is not None:
            out[name] = json.loads(str(value))
        elif name == "deleted" or (name == "draft" and isinstance(value, int)):
            out[name] = bool(value)
        else:
            out[name] = value
    return out


@functools.lru_cache(maxsize=64)
def _log_sql(n_fields: int) -> str:
    """One statement adding a pulled write's change-log rows: what the fields share is bound
    once (?1-?6), then id, field, value and base per field. SQLCipher's memory security locks
    and unlocks every allocation, and each bound text is one, so fewer binds per row count."""
    rows = ",".join(
        f"(?{7 + 4 * i},?1,?2,?{8 + 4 * i},?{9 + 4 * i},?3,?4,?5,?6,'remote',1,?{10 + 4 * i})"
        for i in range(n_fields)
    )
    columns = "id, entity, row_id, field, value, hlc, device, user_id, subject, origin, pushed"
    return f"INSERT OR IGNORE INTO changes ({columns}, base_hlc) VALUES {rows}"  # noqa: S608 - only marks


def _runs(seqs: Iterable[int]) -> list[tuple[int, int]]:
    """Consecutive row numbers as (first, last) ranges."""
    out: list[tuple[int, int]] = []
    for seq in sorted(set(seqs)):
        if out and seq == out[-1][1] + 1:
            out[-1] = (out[-1][0], seq)
        else:
            out.append((seq, seq))
    return out


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
