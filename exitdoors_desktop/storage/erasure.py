"""Erasing a client for good, and the retention rule that says when.

Erasure removes every row about her — profile, form responses and drafts, contacts, phase
moves, readings, referrals, consents, group attendance — with their change-log history (the sync outbox is part
of it), field clocks, conflicts and quarantined messages. ``secure_delete`` (on in every
session) overwrites what is deleted; the WAL is then checkpointed and truncated so no old page
image of hers stays in it. The audit event that records the erasure names no one: it carries a
keyed hash of her id (HMAC under a key derived from the data key), so whoever holds her id and
the vault can confirm she was erased, and nobody else learns who.

Audit events written before the erasure still carry her record's random id (never a value),
since the log is append-only. In a sync team the erasure is local: other devices and the
office copy keep what they had until erased there too.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections.abc import Sequence
from dataclasses import dataclass

from exitdoors_desktop.core.errors import NotFound
from exitdoors_desktop.storage import db
from exitdoors_desktop.storage.audit import AuditAction
from exitdoors_desktop.storage.entities import REGISTRY
from exitdoors_desktop.storage.secrets import derive_subkey, zero
from exitdoors_desktop.storage.vault import Session

ENDED_STATES = ("graduated", "closed")


@dataclass(frozen=True)
class ErasureReport:
    rows: int  # typed rows removed
    changes: int  # change-log rows removed


def erasure_tag(session: Session, client_id: str) -> str:
    """The keyed hash the audit log records instead of her id."""
    key = session.data_key()
    sub = derive_subkey(key, b"exitdoors-erasure-tag-v1")
    zero(key)
    try:
        return hmac.new(bytes(sub), client_id.encode("utf-8"), hashlib.sha256).hexdigest()
    finally:
        zero(sub)


def erase_client(session: Session, client_id: str, *, reason: str = "request") -> ErasureReport:
    """Remove every row about one client; raises NotFound if she is not in the vault."""
    with session.transaction():
        report = _erase_rows(session, client_id)
        session.audit.append(
            AuditAction.ERASURE, "client", None, f"{reason}; tag {erasure_tag(session, client_id)}"
        )
    scrub(session.conn)
    return report


def erase_clients(session: Session, client_ids: Sequence[str], *, reason: str) -> int:
    """Several at once (retention): one transaction, one scrub at the end."""
    with session.transaction():
        for client_id in client_ids:
            _erase_rows(session, client_id)
            session.audit.append(
                AuditAction.ERASURE,
                "client",
                None,
                f"{reason}; tag {erasure_tag(session, client_id)}",
            )
    scrub(session.conn)
    return len(client_ids)


def _erase_rows(session: Session, client_id: str) -> ErasureReport:
    conn = session.conn
    if conn.execute("SELECT 1 FROM clients WHERE id = ?", (client_id,)).fetchone() is None:
        raise NotFound("no client with this id in the vault")
    specs = [spec for spec in REGISTRY.values() if spec.subject_column is not None]
    # Every row's id first: deleting her profile fires triggers that delete rows about her
    # (group attendance), and their history must still be found.
    rows: list[tuple[str, str]] = []
    for spec in specs:
        found = conn.execute(
            f"SELECT id FROM {spec.table} WHERE {spec.subject_column} = ?",  # noqa: S608
            (client_id,),
        ).fetchall()
        rows.extend((spec.name, str(r[0])) for r in found)
    for spec in specs:
        conn.execute(
            f"DELETE FROM {spec.table} WHERE {spec.subject_column} = ?",  # noqa: S608
            (client_id,),
        )
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS erase_rows (entity TEXT, row_id TEXT)")
    conn.execute("DELETE FROM temp.erase_rows")
    conn.executemany("INSERT INTO temp.erase_rows VALUES (?, ?)", rows)
    before = conn.total_changes
    # Through the (entity, row_id) index: her rows are every row whose subject she is (a
    # change's subject is read from its row), and a scan of the whole log would take seconds.
    conn.execute(
        "DELETE FROM changes WHERE seq IN (SELECT c.seq FROM temp.erase_rows e"
        " JOIN changes c ON c.entity = e.entity AND c.row_id = e.row_id)"
    )
    n_changes = conn.total_changes - before
    conn.execute(
        "DELETE FROM field_clock WHERE (entity, row_id) IN"
        " (SELECT entity, row_id FROM temp.erase_rows)"
    )
    conn.execute(
        "DELETE FROM conflicts WHERE subject = ? OR (entity, row_id) IN"
        " (SELECT entity, row_id FROM temp.erase_rows)",
        (client_id,),
    )
    conn.execute("DELETE FROM quarantine WHERE instr(message, ?) > 0", (client_id,))
    conn.execute("DELETE FROM temp.erase_rows")
    return ErasureReport(len(rows), n_changes)


def scrub(conn: db.Connection) -> None:
    """After deleting: fold the WAL back and truncate it, so no old page image stays there.
    secure_delete has already zeroed the deleted cells and freed pages in the database."""
    with db.translate_errors():
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


# -- retention ------------------------------------------------------------------------------
@dataclass(frozen=True)
class DueClient:
    client_id: str
    closed_on: dt.date


def due_for_erasure(session: Session, retention_days: int, today: dt.date) -> list[DueClient]:
    """Clients whose latest phase move ended the file (graduated or closed) more than
    ``retention_days`` ago. A client ended without a recorded phase move has no date: not
    listed."""
    if retention_days <= 0:
        return []
    cutoff = today - dt.timedelta(days=retention_days)
    rows = session.conn.execute(
        """
        SELECT c.id, t.to_state, t.date FROM clients c
        JOIN phase_transitions t ON t.id = (
            SELECT id FROM phase_transitions p
            WHERE p.client_id = c.id AND p.deleted = 0
            ORDER BY p.date DESC, p.recorded_at DESC LIMIT 1)
        WHERE t.to_state IN ('graduated', 'closed')
        """
    ).fetchall()
    due = []
    for cid, state, date in rows:
        if str(state) not in ENDED_STATES or not date:
            continue
        closed = dt.date.fromisoformat(str(date)[:10])
        if closed < cutoff:
            due.append(DueClient(str(cid), closed))
    return sorted(due, key=lambda d: (d.closed_on, d.client_id))
