"""Invites, device enrollment, bearer-token authentication, revocation and the audit log.

Tokens are 256-bit random strings; only their SHA-256 hashes are stored, and no token is ever
written to a log or an audit row.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import secrets
import uuid
from collections.abc import Sequence

from sqlalchemy import Connection, insert, select, update

from exitdoors_protocol.codec import SignatureError, verify
from exitdoors_protocol.joining import enrol_statement
from exitdoors_server.schema import audit_log, devices, invites

TOKEN_BYTES = 32


class AuditEvent(enum.StrEnum):
    ENROLL = "enroll"
    ENROLL_FAILED = "enroll_failed"
    REVOKE = "revoke"
    PURGE = "purge"
    PURGE_REFUSED = "purge_refused"
    RESHARE = "reshare"
    PUSH_REFUSED = "push_refused"
    WIPE_ISSUED = "wipe_issued"
    ROTATION = "rotation"
    MEMBERSHIP = "membership"
    AUTH_FAILURE = "auth_failure"
    AUDIT_HEAD_REFUSED = "audit_head_refused"
    MEMBERSHIP_REFUSED = "membership_refused"
    COMMAND_REFUSED = "command_refused"
    NOTE = "admin_note"


class EnrollFailure(enum.StrEnum):
    """Why an enrollment token was refused; the value is the wire error code."""

    INVALID = "token_invalid"
    EXPIRED = "token_expired"
    USED = "token_used"


@dataclasses.dataclass(frozen=True)
class Device:
    id: str
    name: str
    enrolled_at: int
    last_seen: int | None
    revoked_at: int | None
    wipe: bool
    sign_pub: bytes | None = None
    kx_pub: bytes | None = None
    invite_hash: str | None = None
    card: str | None = None


@dataclasses.dataclass(frozen=True)
class Invite:
    id: str
    token: str
    expires_at: int


TOKEN_PREFIX = "edt_"  # noqa: S105 - a public marker, not a secret


def new_token() -> str:
    """A 256-bit bearer token behind a fixed prefix.

    The prefix means a token never starts with "-" (so `--token <value>` on a command line is never
    mistaken for an option, which raw base64url did about one time in 64) and makes a leaked token
    easy to spot in a paste or a secret scanner.
    """
    return TOKEN_PREFIX + secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def record(
    conn: Connection,
    event: AuditEvent,
    now: int,
    *,
    device_id: str | None = None,
    client_ip: str | None = None,
    detail: str | None = None,
) -> None:
    """Append one audit row. Callers pass codes and counts, never tokens or message content."""
    conn.execute(
        insert(audit_log).values(
            at=now,
            event=event.value,
            device_id=device_id,
            client_ip=client_ip[:64] if client_ip else None,
            detail=detail[:200] if detail else None,
        )
    )


def create_invite(conn: Connection, name: str, ttl_seconds: int, now: int) -> Invite:
    token = new_token()
    invite = Invite(id=str(uuid.uuid4()), token=token, expires_at=now + ttl_seconds)
    conn.execute(
        insert(invites).values(
            id=invite.id,
            name=name,
            token_hash=hash_token(token),
            created_at=now,
            expires_at=invite.expires_at,
        )
    )
    return invite


def enroll(
    conn: Connection,
    token: str,
    device_name: str,
    now: int,
    client_ip: str | None,
    sign_pub: bytes | None = None,
    kx_pub: bytes | None = None,
    card: str | None = None,
    sig: bytes | None = None,
) -> tuple[str, str] | EnrollFailure:
    """Spend an invite token on a new device: (device id, device token) or why not.

    A retry of an enrolment whose answer was lost (same token, same public keys, and the
    enrol statement signed by that device key) gets the same device id and a fresh device
    token; a retry with other keys, or unsigned, is refused as a used token.
    Failures are audited in the same transaction, so the caller commits either way.
    """
    again = _retry(conn, token, sign_pub, kx_pub, sig)
    if again is not None:
        device_token = new_token()
        conn.execute(
            update(devices).where(devices.c.id == again).values(token_hash=hash_token(device_token))
        )
        record(conn, AuditEvent.ENROLL, now, device_id=again, client_ip=client_ip, detail="retry")
        return again, device_token
    row = conn.execute(
        select(invites.c.id, invites.c.expires_at, invites.c.used_at).where(
            invites.c.token_hash == hash_token(token)
        )
    ).first()
    failure: EnrollFailure | None = None
    if row is None:
        failure = EnrollFailure.INVALID
    elif row.used_at is not None:
        failure = EnrollFailure.USED
    elif row.expires_at <= now:
        failure = EnrollFailure.EXPIRED
    device_id = str(uuid.uuid4())
    if failure is None:
        # The used_at guard makes a concurrent second use of the same token lose cleanly.
        spent = conn.execute(
            update(invites)
            .where(invites.c.id == row.id, invites.c.used_at.is_(None))  # type: ignore[union-attr]
            .values(used_at=now, device_id=device_id)
        )
        if spent.rowcount != 1:
            failure = EnrollFailure.USED
    if failure is not None:
        record(conn, AuditEvent.ENROLL_FAILED, now, client_ip=client_ip, detail=failure.value)
        return failure
    device_token = new_token()
    conn.execute(
        insert(devices).values(
            id=device_id,
            name=device_name,
            token_hash=hash_token(device_token),
            invite_id=row.id,  # type: ignore[union-attr]
            enrolled_at=now,
            last_seen=now,
            revoked_at=None,
            wipe=False,
            sign_pub=sign_pub,
            kx_pub=kx_pub,
            card=card,
        )
    )
    record(conn, AuditEvent.ENROLL, now, device_id=device_id, client_ip=client_ip)
    return device_id, device_token


def _retry(
    conn: Connection, token: str, sign_pub: bytes | None, kx_pub: bytes | None,
    sig: bytes | None,
) -> str | None:  # fmt: skip
    """The device id a spent token enrolled, when this request is that device's own retry."""
    if sign_pub is None or kx_pub is None or sig is None:
        return None
    row = conn.execute(
        select(devices.c.id, devices.c.sign_pub, devices.c.kx_pub, devices.c.revoked_at)
        .select_from(devices.join(invites, devices.c.invite_id == invites.c.id))
        .where(invites.c.token_hash == hash_token(token), invites.c.used_at.is_not(None))
    ).first()
    if row is None or row.revoked_at is not None:
        return None
    if bytes(row.sign_pub or b"") != sign_pub or bytes(row.kx_pub or b"") != kx_pub:
        return None
    try:
        verify(sign_pub, sig, enrol_statement(hash_token(token), sign_pub, kx_pub))
    except SignatureError:
        return None
    return str(row.id)


def _device(row: object) -> Device:
    return Device(
        id=row.id,  # type: ignore[attr-defined]
        name=row.name,  # type: ignore[attr-defined]
        enrolled_at=row.enrolled_at,  # type: ignore[attr-defined]
        last_seen=row.last_seen,  # type: ignore[attr-defined]
        revoked_at=row.revoked_at,  # type: ignore[attr-defined]
        wipe=bool(row.wipe),  # type: ignore[attr-defined]
        sign_pub=None if row.sign_pub is None else bytes(row.sign_pub),  # type: ignore[attr-defined]
        kx_pub=None if row.kx_pub is None else bytes(row.kx_pub),  # type: ignore[attr-defined]
        invite_hash=row.invite_hash,  # type: ignore[attr-defined]
        card=row.card,  # type: ignore[attr-defined]
    )


_DEVICE_COLUMNS = (
    devices.c.id,
    devices.c.name,
    devices.c.enrolled_at,
    devices.c.last_seen,
    devices.c.revoked_at,
    devices.c.wipe,
    devices.c.sign_pub,
    devices.c.kx_pub,
    devices.c.card,
    invites.c.token_hash.label("invite_hash"),
)
_DEVICES_FROM = devices.outerjoin(invites, devices.c.invite_id == invites.c.id)


def find_by_token(conn: Connection, token: str) -> Device | None:
    row = conn.execute(
        select(*_DEVICE_COLUMNS)
        .select_from(_DEVICES_FROM)
        .where(devices.c.token_hash == hash_token(token))
    ).first()
    return None if row is None else _device(row)


def touch(conn: Connection, device_id: str, now: int) -> None:
    conn.execute(update(devices).where(devices.c.id == device_id).values(last_seen=now))


def list_devices(conn: Connection) -> Sequence[Device]:
    rows = conn.execute(
        select(*_DEVICE_COLUMNS)
        .select_from(_DEVICES_FROM)
        .order_by(devices.c.enrolled_at, devices.c.id)
    )
    return [_device(r) for r in rows]


def revoke(conn: Connection, device_id: str, wipe: bool, now: int) -> Device | None:
    """Revoke a device (idempotent; ``wipe`` can be added later but never taken back)."""
    row = conn.execute(
        select(*_DEVICE_COLUMNS).select_from(_DEVICES_FROM).where(devices.c.id == device_id)
    ).first()
    if row is None:
        return None
    device = _device(row)
    values: dict[str, object] = {"wipe": device.wipe or wipe}
    if device.revoked_at is None:
        values["revoked_at"] = now
    conn.execute(update(devices).where(devices.c.id == device_id).values(**values))
    record(conn, AuditEvent.REVOKE, now, device_id=device_id, detail="wipe" if wipe else None)
    return dataclasses.replace(
        device, revoked_at=device.revoked_at or now, wipe=bool(values["wipe"])
    )


def get(conn: Connection, device_id: str) -> Device | None:
    row = conn.execute(
        select(*_DEVICE_COLUMNS).select_from(_DEVICES_FROM).where(devices.c.id == device_id)
    ).first()
    return None if row is None else _device(row)
