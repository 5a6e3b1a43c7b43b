"""Protocol v2 storage the server keeps but cannot forge: the team's membership log (relayed
verbatim, verified by devices), signed commands addressed to one device, and the check of a
device's signature on a purge or re-share request."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import Connection, delete, func, insert, select

from exitdoors_server.schema import audit_heads, commands, membership

MAX_EVENT_CHARS = 256 * 1024


def canonical(obj: object) -> bytes:
    """The byte form devices sign (exitdoors_desktop.sync.identity.canonical)."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def signature_ok(sign_pub: bytes | None, signature: bytes, statement: object) -> bool:
    if sign_pub is None:
        return False
    try:
        Ed25519PublicKey.from_public_bytes(sign_pub).verify(signature, canonical(statement))
    except (InvalidSignature, ValueError):
        return False
    return True


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


def commands_for(conn: Connection, device_id: str) -> Sequence[str]:
    rows = conn.execute(
        select(commands.c.body).where(commands.c.device_id == device_id).order_by(commands.c.id)
    )
    return [str(r[0]) for r in rows]


def is_member(conn: Connection, device_id: str) -> bool:
    """Whether the team's membership log (as stored here) has this device added and not
    removed. Devices verify the log's signatures; the server only reads it, so that a device
    enrolled but never let in by an admin cannot purge."""
    member = False
    for text in events_from(conn, 0):
        try:
            event = json.loads(text)
            kind, body = event.get("type"), event.get("body") or {}
        except (ValueError, AttributeError):
            continue
        if not isinstance(body, dict) or body.get("device") != device_id:
            continue
        if kind in ("team_created", "device_added"):
            member = True
        elif kind == "device_removed":
            member = False
    return member


def put_audit_head(conn: Connection, device_id: str, count: int, message: Mapping[str, object],
                   now: int) -> bool:  # fmt: skip
    """Keep a device's latest sealed audit head; False (nothing kept) if ``count`` is lower
    than the one stored: the count only grows."""
    row = conn.execute(
        select(audit_heads.c.count).where(audit_heads.c.device_id == device_id)
    ).first()
    if row is not None and int(row[0]) > count:
        return False
    conn.execute(delete(audit_heads).where(audit_heads.c.device_id == device_id))
    conn.execute(insert(audit_heads).values(device_id=device_id, count=count, at=now, **message))
    return True


def get_audit_head(conn: Connection, device_id: str) -> dict[str, object] | None:
    row = conn.execute(select(audit_heads).where(audit_heads.c.device_id == device_id)).first()
    if row is None:
        return None
    m = row._mapping
    return {"count": int(m["count"]), "id": m["id"], "subject": m["subject"],
            "key_id": m["key_id"], "nonce": bytes(m["nonce"]), "ciphertext": bytes(m["ciphertext"])}  # fmt: skip
