"""Re-keying the vault: a fresh data key for the database, wraps rewritten, crash-safe.

Used when a user is removed (``vault deluser``) and for a passphrase others may know
(``vault passwd --rekey``). The database is copied under the new key (``sqlcipher_export``,
which also leaves the freed pages behind) rather than rekeyed in place, so that at every
moment one complete pair of files opens: see ``vault.finish_pending_rekey`` for the steps and
how a cut-short run is completed or undone at the next open.
"""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path

from exitdoors_desktop.core.errors import InvalidInput
from exitdoors_desktop.core.hlc import system_millis
from exitdoors_desktop.storage import atomic, db
from exitdoors_desktop.storage.audit import AuditAction, audit_head
from exitdoors_desktop.storage.keyfile import KeyFile, locked
from exitdoors_desktop.storage.secrets import KEY_BYTES, KdfParams, zero
from exitdoors_desktop.storage.vault import (
    DB_NAME,
    NEXT_DB_NAME,
    NEXT_KEY_NAME,
    Session,
    Vault,
    drop_pre_migration_copies,
    finish_pending_rekey,
)


def rekey(
    session: Session,
    *,
    remove_user: str | None = None,
    replace_user: tuple[str, str, str, KdfParams] | None = None,
) -> None:
    """Give the database a fresh data key and reseal it to every holder still listed.

    ``remove_user`` drops a user's wrap (and marks the user deleted); ``replace_user``
    (name, role, new passphrase, KDF) gives that user a new key pair. The session is locked at
    the end: whoever needs the vault again unlocks it with the new key file.
    """
    vault = session.vault
    folder = vault.data_dir
    finish_pending_rekey(folder)
    old_key = session.data_key()
    new_key = bytearray(os.urandom(KEY_BYTES))
    next_db = folder / NEXT_DB_NAME
    try:
        with locked(vault.key_path):
            keyfile = KeyFile.load(vault.key_path)
            keyfile.verify(old_key)
            if remove_user is not None:
                if not keyfile.has_user(remove_user):
                    raise InvalidInput(f"no user named {remove_user!r} in this vault")
                if remove_user == session.user_name:
                    raise InvalidInput("you cannot remove yourself; ask another admin")
                keyfile = keyfile.without_user(remove_user)
                if not any(role == "admin" for _u, role in keyfile.users()):
                    raise InvalidInput("the vault would be left without an admin")
            if replace_user is not None:
                name, role, passphrase, kdf = replace_user
                keyfile = keyfile.with_user(name, role, passphrase, new_key, kdf)
            # (1) the new database, complete; nothing is written to the old one
            next_db.unlink(missing_ok=True)
            db.export_encrypted_copy(session.conn, next_db, new_key)
            user, role_now = session.user_name, session.role
            # (2) the old one closed: checkpointed, its WAL gone. The last connection to close
            # removes the WAL; if it is still there, the vault is open elsewhere (the app, a
            # sync): its later writes would go to the old file, so stop here.
            session.lock(save_head=False)
            if (folder / f"{DB_NAME}-wal").exists():
                raise VaultBusy("the vault is open elsewhere (the app?): close it and try again")
            # The removal and the re-key are recorded in the new copy, then it goes to disk.
            seq, digest = _record(vault, next_db, new_key, user, role_now, remove_user)
            _fsync_file(next_db)
            atomic.fsync_dir(folder)
            keyfile = keyfile.resealed(new_key).with_audit_head(seq, digest)
            # (3) the new key file; from here on the new pair is the vault
            keyfile.save(folder / NEXT_KEY_NAME, new_key)
            # (4) + (5)
            finish_pending_rekey(folder, held=True)
            # Pre-migration copies are under the old key: an old key file would open them.
            drop_pre_migration_copies(folder)
    except BaseException:
        if not (folder / NEXT_KEY_NAME).exists():
            with contextlib.suppress(OSError):
                next_db.unlink(missing_ok=True)
        raise
    finally:
        zero(old_key)
        zero(new_key)
        session.lock(save_head=False)


class VaultBusy(InvalidInput):
    code = "vault_busy"


def _record(
    vault: Vault,
    path: Path,
    key: bytearray,
    user: str,
    role: str,
    removed: str | None,
) -> tuple[int, str]:
    """Write the audit events (and the user's tombstone) into the new copy; its head."""
    conn = db.open_database(path, key)
    fresh = Session(vault, conn, bytearray(key), user, role, system_millis, time.time)
    try:
        with fresh.transaction():
            if removed is not None:
                _mark_user_deleted(fresh, removed)
            fresh.audit.append(
                AuditAction.REKEY, detail="user removed" if removed else "passphrase replaced"
            )
        return audit_head(fresh.conn)
    finally:
        fresh.lock(save_head=False)


def _mark_user_deleted(session: Session, name: str) -> None:
    rows = session.conn.execute(
        "SELECT id FROM users WHERE name = ? AND deleted = 0", (name,)
    ).fetchall()
    for (user_id,) in rows:
        session.changes.write("user", str(user_id), {"deleted": True})
        session.audit.append(AuditAction.USER_REMOVED, "user", str(user_id))
    if not rows:
        session.audit.append(AuditAction.USER_REMOVED, "user", None, "never unlocked here")


def _fsync_file(path: os.PathLike[str]) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
