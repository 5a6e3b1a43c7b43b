"""Setting up, joining and running sync for one unlocked vault (used by the CLI and the UI)."""

from __future__ import annotations

import base64
import os
import platform
from dataclasses import dataclass
from pathlib import Path

from exitdoors_desktop.core.errors import SyncError
from exitdoors_desktop.storage.audit import AuditAction
from exitdoors_desktop.storage.sync_store import SyncStore
from exitdoors_desktop.storage.vault import Session
from exitdoors_desktop.sync.engine import CancelToken, SyncEngine, SyncReport
from exitdoors_desktop.sync.envelope import TeamKeys
from exitdoors_desktop.sync.invite import Invite, new_one_time_passphrase, read_invite, write_invite
from exitdoors_desktop.sync.transport import (
    Retry,
    Transport,
    fetch_pinned_certificate,
    normalise_fingerprint,
)


@dataclass(frozen=True)
class SyncConfig:
    server: str
    fingerprint: str
    cert_pem: str
    device_id: str
    device_token: str
    team_key: bytes


@dataclass(frozen=True)
class SyncStatus:
    configured: bool
    server: str | None
    last_sync: str | None
    last_error: str | None
    pending: int
    held: int
    held_clients: int
    conflicts: int
    quarantined: int


def load_config(session: Session) -> SyncConfig | None:
    store = SyncStore(session)
    data = store.get("config")
    if not isinstance(data, dict):
        return None
    return SyncConfig(
        server=str(data["server"]),
        fingerprint=str(data["fingerprint"]),
        cert_pem=str(data["cert_pem"]),
        device_id=str(data["device_id"]),
        device_token=str(data["device_token"]),
        team_key=base64.b64decode(str(data["team_key"])),
    )


def _save_config(session: Session, config: SyncConfig) -> None:
    with session.transaction():
        SyncStore(session).put(
            "config",
            {
                "server": config.server,
                "fingerprint": config.fingerprint,
                "cert_pem": config.cert_pem,
                "device_id": config.device_id,
                "device_token": config.device_token,
                "team_key": base64.b64encode(config.team_key).decode("ascii"),
            },
        )
        session.audit.append(AuditAction.CHANGE, "sync", config.device_id, "sync configured")


def _enrol(
    session: Session, server: str, fingerprint: str, token: str, team_key: bytes
) -> SyncConfig:
    if load_config(session) is not None:
        raise SyncError("this vault is already set up for sync")
    fingerprint = normalise_fingerprint(fingerprint)
    cert = fetch_pinned_certificate(server, fingerprint)
    # A neutral device name: the machine's host name, never anything about a client.
    name = (platform.node() or "laptop")[:60]
    with Transport(server, cert) as transport:
        device_id, device_token = transport.enroll(token, name)
    config = SyncConfig(server.rstrip("/"), fingerprint, cert, device_id, device_token, team_key)
    _save_config(session, config)
    return config


def setup(session: Session, server: str, fingerprint: str, token: str) -> SyncConfig:
    """First device of a team: make the team key and enrol."""
    return _enrol(session, server, fingerprint, token, os.urandom(32))


def make_invite(session: Session, token: str, out: Path) -> str:
    """Write an invite for a new device; returns the one-time passphrase to hand over."""
    config = load_config(session)
    if config is None:
        raise SyncError("set up sync on this device first")
    if out.exists():
        raise SyncError(f"{out.name} already exists; choose a new file name")
    passphrase = new_one_time_passphrase()
    write_invite(out, Invite(config.server, config.fingerprint, token, config.team_key), passphrase)
    with session.transaction():
        session.audit.append(AuditAction.DISCLOSE, "sync", None, "invite written")
    return passphrase


def join(session: Session, invite_path: Path, passphrase: str) -> SyncConfig:
    return join_invite(session, read_invite(invite_path, passphrase))


def join_invite(session: Session, invite: Invite) -> SyncConfig:
    """Enrol with an invite already opened (the first-run wizard opens it before the vault)."""
    return _enrol(session, invite.server, invite.fingerprint, invite.token, invite.team_key)


def run_once(
    session: Session,
    *,
    cancel: CancelToken | None = None,
    retry: Retry | None = None,
) -> SyncReport:
    config = load_config(session)
    if config is None:
        raise SyncError("sync is not set up on this device")
    store = SyncStore(session)
    try:
        with Transport(
            config.server, config.cert_pem, config.device_token, retry=retry or Retry()
        ) as t:
            report = SyncEngine(session, t, TeamKeys(config.team_key), cancel=cancel).run_round()
    except SyncError as exc:
        store.put("last_error", exc.code)
        raise
    store.put("last_sync", _now())
    store.put("last_error", None)
    return report


def not_configured() -> SyncStatus:
    return SyncStatus(False, None, None, None, 0, 0, 0, 0, 0)


def status(session: Session) -> SyncStatus:
    store = SyncStore(session)
    config = load_config(session)
    if config is None:
        return not_configured()
    outbox = store.outbox(1)
    conflicts = session.conn.execute("SELECT count(*) FROM conflicts WHERE resolved = 0")
    quarantined = session.conn.execute("SELECT count(*) FROM quarantine")
    last_error = store.get("last_error")
    return SyncStatus(
        configured=config is not None,
        server=config.server if config else None,
        last_sync=str(store.get("last_sync")) if store.get("last_sync") else None,
        last_error=str(last_error) if last_error else None,
        pending=store.pending_count() - outbox.held_writes,
        held=outbox.held_writes,
        held_clients=outbox.held_subjects,
        conflicts=int(conflicts.fetchone()[0]),
        quarantined=int(quarantined.fetchone()[0]),
    )


def _now() -> str:
    import datetime as dt

    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
