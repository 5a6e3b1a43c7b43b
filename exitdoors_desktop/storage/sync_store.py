"""The local side of sync, in SQL: the consent-gated outbox, applying what others wrote (last
writer wins per field, losers kept as conflicts), the cursor, purges and quarantine.

Everything the engine hands back from one server answer is applied in one transaction, so a
crash at any moment neither loses nor duplicates a change.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from exitdoors_desktop.core.consent import ConsentRecord, effective_consent
from exitdoors_desktop.core.lifecycle import PhaseTransition, replay
from exitdoors_desktop.storage.audit import AuditAction
from exitdoors_desktop.storage.changelog import (
    encode_value,
    field_stamps,
    set_field_stamps,
    upsert_row,
)
from exitdoors_desktop.storage.entities import REGISTRY
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


@dataclass(frozen=True)
class Outbox:
    writes: list[Write]
    held_writes: int  # waiting for a client's consent to share with the office
    held_subjects: int


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

    def outbox(self, limit: int, allowed: set[str] | None = None) -> Outbox:
        """Up to ``limit`` writes ready to go; ``allowed`` (shareable subjects) may be passed
        in by a caller that computed it once for a whole round."""
        if allowed is None:
            allowed = self.shareable_subjects()
        pending = self._s.conn.execute(
            "SELECT subject, count(DISTINCT hlc || entity || row_id) FROM changes"
            " WHERE pushed = 0 AND origin = 'local' GROUP BY subject"
        ).fetchall()
        held = [(s, n) for s, n in pending if s is not None and s not in allowed]
        writes: dict[tuple[str, str, str], Write] = {}
        rows = self._s.conn.execute(
            "SELECT id, entity, row_id, field, value, hlc, device, user_id, subject, base_hlc"
            " FROM changes WHERE pushed = 0 AND origin = 'local' ORDER BY seq"
        )
        for cid, entity, row_id, fname, value, hlc, device, user_id, subject, base in rows:
            if subject is not None and subject not in allowed:
                continue
            key = (entity, row_id, hlc)
            write = writes.get(key)
            if write is None:
                if len(writes) >= limit:
                    break
                write = writes[key] = Write(entity, row_id, hlc, device, user_id, subject, {})
            write.fields[fname] = json.loads(value)
            write.bases[fname] = base
            write.change_ids[fname] = cid
        return Outbox(list(writes.values()), sum(n for _, n in held), len(held))

    def mark_pushed(self, change_ids: Iterable[str]) -> None:
        self._s.conn.executemany(
            "UPDATE changes SET pushed = 1 WHERE id = ?", [(cid,) for cid in change_ids]
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
    ) -> ApplyResult:
        """Apply pulled writes, acknowledge pushed ones and move the cursor: all or nothing."""
        result = ApplyResult()
        with self._s.transaction():
            self.mark_pushed(acked_change_ids)
            for client_id in purged_client_ids:
                self._purge_local(client_id)
                result.purged_clients += 1
            touched_subjects: set[str] = set()
            for write in writes:
                self._apply_write(write, result)
                if write.subject and write.entity in ("phase_transition", "consent"):
                    touched_subjects.add(write.subject)
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

    def _apply_write(self, write: Write, result: ApplyResult) -> None:
        spec = REGISTRY.get(write.entity)
        if spec is None:
            raise ValueError("unknown entity")
        spec.check_fields(frozenset(write.fields))
        conn = self._s.conn
        stamps = field_stamps(conn, write.entity, write.row_id)
        current = self._current_values(
            spec.table, write.row_id, list(write.fields), spec.json_fields
        )
        winners: dict[str, object] = {}
        for name, value in write.fields.items():
            local = stamps.get(name)
            base = write.bases.get(name)
            if local is None or write.hlc > local:
                winners[name] = value
                if local is not None and base != local and current.get(name) != value:
                    self._conflict("overwrite", write, name, current.get(name), local, write.hlc)
                    result.conflicts += 1
            elif write.hlc < local:
                result.skipped_fields += 1
                mine = conn.execute(
                    "SELECT base_hlc, value FROM changes WHERE entity = ? AND row_id = ?"
                    " AND field = ? AND hlc = ? LIMIT 1",
                    (write.entity, write.row_id, name, local),
                ).fetchone()
                my_base = mine[0] if mine else None
                if my_base != write.hlc and current.get(name) != value:
                    self._conflict("overwrite", write, name, value, write.hlc, local)
                    result.conflicts += 1
            else:
                result.skipped_fields += 1  # the very same change, seen again
        if winners:
            upsert_row(conn, spec, write.row_id, winners)
            set_field_stamps(conn, write.entity, write.row_id, dict.fromkeys(winners, write.hlc))
            result.applied_fields += len(winners)
        conn.executemany(
            "INSERT OR IGNORE INTO changes (id, entity, row_id, field, value, hlc, device,"
            " user_id, subject, origin, pushed, base_hlc) VALUES (?,?,?,?,?,?,?,?,?,'remote',1,?)",
            [
                (
                    write.change_ids.get(name) or str(uuid.uuid4()),
                    write.entity,
                    write.row_id,
                    name,
                    encode_value(value),
                    write.hlc,
                    write.device,
                    write.user_id,
                    write.subject,
                    write.bases.get(name),
                )
                for name, value in write.fields.items()
            ],
        )

    def _current_values(
        self, table: str, row_id: str, names: list[str], json_fields: frozenset[str]
    ) -> dict[str, object]:
        if not names:
            return {}
        cols = ", ".join(f'"{n}"' for n in names)
        row = self._s.conn.execute(
            f"SELECT {cols} FROM {table} WHERE id = ?",  # noqa: S608 - names from the registry
            (row_id,),
        ).fetchone()
        if row is None:
            return {}
        out: dict[str, object] = {}
        for name, value in zip(names, row, strict=True):
            out[name] = json.loads(value) if name in json_fields and value is not None else value
            if name == "deleted" or (isinstance(value, int) and name in ("draft",)):
                out[name] = bool(value)
        return out

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

    def _purge_local(self, client_id: str) -> None:
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

    def queue_purge(self, subject_tag: str) -> None:
        pending = list(self.get("pending_purges", []) or [])  # type: ignore[call-overload]
        if subject_tag not in pending:
            pending.append(subject_tag)
        self.put("pending_purges", pending)

    # -- review -----------------------------------------------------------------------------
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

    def requeue_client(self, client_id: str) -> None:
        """After a withdrawal purged her from the server, her changes must go again if she
        shares once more: mark them unsent (they wait, held, until consent allows)."""
        self._s.conn.execute(
            "UPDATE changes SET pushed = 0 WHERE subject = ? AND origin = 'local'", (client_id,)
        )


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
