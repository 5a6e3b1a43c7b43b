"""Protocol v3 storage the server keeps but cannot forge: the team's membership log (verified
on append, see authority.py), signed commands addressed to one device (bounded, deleted once
delivered), and each device's sealed audit head."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlalchemy import Connection, delete, func, insert, select

from exitdoors_protocol.codec import canonical
from exitdoors_protocol.rules import audit_head_statement
from exitdoors_server.schema import audit_heads, commands, membership

__all__ = ["canonical"]

MAX_EVENT_CHARS = 256 * 1024


def membership_length(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(membership)).scalar_one())


def append_event(conn: Connection, index: int, event: str, device_id: str, now: int) -> bool:
    """Append one event at ``index``; False if that is not the next position (a race or a
    stale device: it re-reads the log and tries again)."""
    # Lock out concurrent appenders the same way messages do (SQLite: BEGIN IMMEDIATE).
    if index != membership_length(conn):
        return False
    conn.execute(
        insert(membership).values(idx=index, event=event, device_id=device_id, received_at=now)
    )
    return True


def events_from(conn: Connection, index: int) -> list[str]:
    rows = conn.execute(
        select(membership.c.event).where(membership.c.idx >= index).order_by(membership.c.idx)
    )
    return [str(r[0]) for r in rows]


def add_command(conn: Connection, device_id: str, body: str, issued_by: str, now: int) -> None:
    conn.execute(
        insert(commands).values(device_id=device_id, body=body, issued_by=issued_by, at=now)
    )


def commands_for(conn: Connection, device_id: str) -> list[tuple[int, str]]:
    """(id, body) of the commands queued for this device, oldest first."""
    rows = conn.execute(
        select(commands.c.id, commands.c.body)
        .where(commands.c.device_id == device_id)
        .order_by(commands.c.id)
    )
    return [(int(r[0]), str(r[1])) for r in rows]


def delete_commands(conn: Connection, ids: Iterable[int]) -> None:
    """Forget delivered commands."""
    ids = list(ids)
    if ids:
        conn.execute(delete(commands).where(commands.c.id.in_(ids)))


def pending_commands(conn: Connection, *, target: str | None = None,
                     issuer: str | None = None) -> int:  # fmt: skip
    """How many undelivered commands are addressed to ``target`` (or were queued by
    ``issuer``)."""
    query = select(func.count()).select_from(commands)
    if target is not None:
        query = query.where(commands.c.device_id == target)
    if issuer is not None:
        query = query.where(commands.c.issued_by == issuer)
    return int(conn.execute(query).scalar_one())


__all__ = ["audit_head_statement"]


def put_audit_head(
    conn: Connection, device_id: str, count: int, message: Mapping[str, object], now: int,
    sig: bytes | None = None,
) -> str | None:  # fmt: skip
    """Keep a device's latest sealed audit head; None if kept, else why not: "behind" (a
    lower count than the one kept, unless the new head is signed and the kept one is not: a
    stolen token cannot sign, so its forged count never outranks the device's own) or
    "unsigned" (this device has signed its head before: unsigned ones no longer count).
    ``sig`` must already be checked."""
    row = conn.execute(
        select(audit_heads.c.count, audit_heads.c.sig).where(audit_heads.c.device_id == device_id)
    ).first()
    if row is not None:
        kept_signed = row[1] is not None
        if sig is None and kept_signed:
            return "unsigned"
        if int(row[0]) > count and (kept_signed or sig is None):
            return "behind"
    conn.execute(delete(audit_heads).where(audit_heads.c.device_id == device_id))
    conn.execute(
        insert(audit_heads).values(device_id=device_id, count=count, at=now, sig=sig, **message)
    )
    return None


def get_audit_head(conn: Connection, device_id: str) -> dict[str, object] | None:
    row = conn.execute(select(audit_heads).where(audit_heads.c.device_id == device_id)).first()
    if row is None:
        return None
    m = row._mapping
    return {"count": int(m["count"]), "id": m["id"], "subject": m["subject"],
            "key_id": m["key_id"], "nonce": bytes(m["nonce"]), "ciphertext": bytes(m["ciphertext"]),
            "sig": None if m["sig"] is None else bytes(m["sig"])}  # fmt: skip
