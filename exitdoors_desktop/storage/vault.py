"""The vault on disk: create, unlock, lock, passphrase changes and recovery.

A vault folder holds ``vault.db`` (SQLCipher, opened with a random 32-byte data key),
``vault.key`` (wraps of that key) and ``unlock.json`` (the failed-unlock counter).
"""

from __future__ import annotations

import contextlib
import os
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

from exitdoors_desktop.core.errors import (
    Throttled,
    VaultCorrupt,
    VaultExists,
    VaultLocked,
    VaultMissing,
    WeakPassphrase,
    WrongPassphrase,
)
from exitdoors_desktop.core.hlc import HybridClock, system_millis
from exitdoors_desktop.core.passphrase import check_passphrase
from exitdoors_desktop.core.people import Role
from exitdoors_desktop.storage import atomic, db
from exitdoors_desktop.storage.audit import AuditAction, AuditLog, audit_head, head_problem
from exitdoors_desktop.storage.changelog import (
    ChangeWriter,
    clock_checkpoint,
    save_clock_checkpoint,
)
from exitdoors_desktop.storage.keyfile import KeyFile, new_recovery_key
from exitdoors_desktop.storage.keyfile import locked as keyfile_locked
from exitdoors_desktop.storage.migrate import check_not_from_future, migrate
from exitdoors_desktop.storage.secrets import KEY_BYTES, KdfParams, calibrate, zero

DB_NAME = "vault.db"
KEY_NAME = "vault.key"
THROTTLE_NAME = "unlock.json"
# Up to this size every page's HMAC is checked before the vault opens (a fraction of a
# second); a bigger vault opens at once and is checked in the background (verify_pages),
# while SQLCipher still refuses any tampered page the moment it is read.
FULL_CHECK_AT_UNLOCK_BYTES = 48 * 1024 * 1024
BACKUP_NAME = "vault.db.pre-migration"
# A re-key in progress (storage/rekey.py): the new database and key file, finished at open.
NEXT_DB_NAME = "vault.db.next"
NEXT_KEY_NAME = "vault.key.next"


def require_strong(passphrase: str) -> None:
    problems = check_passphrase(passphrase)
    if problems:
        raise WeakPassphrase(
            "passphrase refused: " + ", ".join(p.value.replace("_", " ") for p in problems)
        )


class Vault:
    """One vault folder. Holds no secret itself: ``unlock`` returns a Session that does."""

    def __init__(
        self,
        data_dir: Path,
        *,
        wall: Callable[[], float] = time.time,
        millis: Callable[[], int] = system_millis,
    ) -> None:
        from exitdoors_desktop.storage.throttle import Throttle  # small, avoids a cycle

        self.data_dir = Path(data_dir)
        self.db_path = self.data_dir / DB_NAME
        self.key_path = self.data_dir / KEY_NAME
        self.throttle = Throttle(self.data_dir / THROTTLE_NAME, wall)
        self._wall = wall
        self._millis = millis

    def exists(self) -> bool:
        return self.key_path.exists() or self.db_path.exists()

    def users(self) -> list[tuple[str, str]]:
        if not self.exists():
            raise VaultMissing(f"no vault in {self.data_dir}")
        finish_pending_rekey(self.data_dir)
        return KeyFile.load(self.key_path).users()

    # -- creation ---------------------------------------------------------------------------
    def create(
        self,
        user: str,
        passphrase: str,
        role: Role = Role.ADMIN,
        kdf: KdfParams | None = None,
    ) -> tuple[Session, str]:
        """Make a new vault; returns the unlocked session and the recovery key (shown once)."""
        if self.exists():
            raise VaultExists(f"a vault already exists in {self.data_dir}")
        if not user.strip():
            raise WeakPassphrase("a user name is required")
        require_strong(passphrase)
        params = kdf or calibrate()
        atomic.make_private_dir(self.data_dir)
        data_key = bytearray(_random_key())
        recovery = new_recovery_key()
        keyfile = KeyFile(str(uuid.uuid4()))
        keyfile = keyfile.with_user(user, role.value, passphrase, data_key, params)
        keyfile = keyfile.with_recovery(recovery, data_key)
        conn = db.open_database(self.db_path, data_key, create=True)
        try:
            db.apply_runtime_pragmas(conn)
            migrate(conn, backup_path=None, key=data_key)
            device_id = str(uuid.uuid4())
            conn.execute("BEGIN IMMEDIATE")
            conn.executemany(
                "INSERT INTO meta (key, value) VALUES (?, ?)",
                [("vault_id", keyfile.vault_id), ("device_id", device_id)],
            )
            conn.execute("COMMIT")
            self.db_path.chmod(0o600)
        except BaseException:
            conn.close()
            self.db_path.unlink(missing_ok=True)
            raise
        # The key file is written last: a crash before this leaves no half-made vault that
        # could be mistaken for a real one (the lone db file is refused as corrupt).
        keyfile.save(self.key_path, data_key)
        session = Session(self, conn, data_key, user, role.value, self._millis, self._wall)
        with session.transaction():
            session.ensure_user(user, role.value)
            session.audit.append(AuditAction.CREATE, "vault", keyfile.vault_id, "vault created")
        return session, recovery

    # -- unlocking --------------------------------------------------------------------------
    def unlock(self, user: str, passphrase: str) -> Session:
        if not self.exists():
            raise VaultMissing(f"no vault in {self.data_dir}")
        finish_pending_rekey(self.data_dir)
        keyfile = KeyFile.load(self.key_path)
        wait = self.throttle.retry_after()
        if wait > 0:
            raise Throttled(f"too many failed attempts: try again in {int(wait) + 1} s", wait)
        try:
            data_key, role = keyfile.unwrap_user(user, passphrase)
        except WrongPassphrase:
            state = self.throttle.record_failure()
            if state.delay() > 0:
                raise WrongPassphrase(
                    f"wrong user name or passphrase; next try allowed in {int(state.delay())} s"
                ) from None
            raise
        return self._open_session(keyfile, data_key, user, role)

    def _open_session(
        self,
        keyfile: KeyFile,
        data_key: bytearray,
        user: str,
        role: str,
        action: AuditAction = AuditAction.UNLOCK,
        detail: str = "",
    ) -> Session:
        try:
            conn = db.open_database(self.db_path, data_key)
        except BaseException:
            zero(data_key)
            raise
        try:
            with db.translate_errors():
                # Damage first: a tampered file must never be reported as merely "newer".
                if self.db_path.stat().st_size <= FULL_CHECK_AT_UNLOCK_BYTES and db.cipher_problems(
                    conn
                ):
                    raise db.VaultCorrupt("the vault database is damaged or was tampered with")
                check_not_from_future(conn)
                db.apply_runtime_pragmas(conn)
                if migrate(conn, backup_path=self.data_dir / BACKUP_NAME, key=data_key):
                    # Verified: the migrated database passes SQLite's check. The copy kept
                    # for undoing it would keep erased clients: it goes now.
                    if conn.execute("PRAGMA quick_check").fetchone()[0] == "ok":
                        drop_pre_migration_copies(self.data_dir)
                stored = conn.execute("SELECT value FROM meta WHERE key='vault_id'").fetchone()
                if not stored or stored[0] != keyfile.vault_id:
                    raise db.VaultCorrupt("the key file does not belong to this database")
        except BaseException:
            conn.close()
            zero(data_key)
            raise
        try:
            with db.translate_errors():
                session = Session(self, conn, data_key, user, role, self._millis, self._wall)
                with session.transaction():
                    if session.clock_checkpoint is not None:
                        save_clock_checkpoint(conn, session.clock_checkpoint)
                    session.ensure_user(user, role)
                    failures = self.throttle.state()
                    for when in failures.failure_times:
                        session.audit.append(AuditAction.FAILED_UNLOCK, at=when)
                    session.audit.append(action, detail=detail)
        except BaseException:
            conn.close()
            zero(data_key)
            raise
        self.throttle.reset()
        session.save_audit_head()
        return session

    # -- passphrases ------------------------------------------------------------------------
    def change_passphrase(
        self, user: str, old: str, new: str, kdf: KdfParams | None = None, *, rekey: bool = False
    ) -> None:
        """Rewrap the data key for ``user``; with ``rekey`` the database also gets a fresh key
        (for a passphrase others may know: an old key file and the old passphrase then open
        nothing). Audited either way."""
        require_strong(new)
        finish_pending_rekey(self.data_dir)
        keyfile = KeyFile.load(self.key_path)
        data_key, role = self._unwrap_throttled(keyfile, user, old)
        params = kdf or keyfile.kdf_of(user) or calibrate()
        session = self._open_session(
            keyfile, data_key, user, role, AuditAction.PASSPHRASE_CHANGE, "rekey" if rekey else ""
        )
        try:
            if rekey:
                from exitdoors_desktop.storage.rekey import rekey as do_rekey

                do_rekey(session, replace_user=(user, role, new, params))
            else:
                session.update_key_file(lambda kf, key: kf.with_user(user, role, new, key, params))
        finally:
            session.lock()

    def recover(self, recovery_key: str, user: str, new: str, kdf: KdfParams | None = None) -> None:
        """Set a new passphrase for an existing user with the recovery key (audited)."""
        require_strong(new)
        finish_pending_rekey(self.data_dir)
        keyfile = KeyFile.load(self.key_path)
        if not keyfile.has_user(user):
            raise WrongPassphrase("no such user in this vault")
        wait = self.throttle.retry_after()
        if wait > 0:
            raise Throttled(f"too many failed attempts: try again in {int(wait) + 1} s", wait)
        try:
            data_key = keyfile.unwrap_recovery(recovery_key)
        except WrongPassphrase:
            self.throttle.record_failure()
            raise
        role = keyfile.role_of(user)
        params = kdf or keyfile.kdf_of(user) or calibrate()
        session = self._open_session(keyfile, data_key, user, role, AuditAction.RECOVERY)
        try:
            session.update_key_file(lambda kf, key: kf.with_user(user, role, new, key, params))
        finally:
            session.lock()

    def unlock_with_recovery(self, recovery_key: str, user: str) -> Session:
        """Open as ``user`` with the recovery key (a restored backup, a forgotten passphrase)."""
        finish_pending_rekey(self.data_dir)
        keyfile = KeyFile.load(self.key_path)
        if not keyfile.has_user(user):
            raise WrongPassphrase("no such user in this vault")
        wait = self.throttle.retry_after()
        if wait > 0:
            raise Throttled(f"too many failed attempts: try again in {int(wait) + 1} s", wait)
        try:
            data_key = keyfile.unwrap_recovery(recovery_key)
        except WrongPassphrase:
            self.throttle.record_failure()
            raise
        return self._open_session(
            keyfile, data_key, user, keyfile.role_of(user), AuditAction.RECOVERY
        )

    def _unwrap_throttled(
        self, keyfile: KeyFile, user: str, passphrase: str
    ) -> tuple[bytearray, str]:
        wait = self.throttle.retry_after()
        if wait > 0:
            raise Throttled(f"too many failed attempts: try again in {int(wait) + 1} s", wait)
        try:
            return keyfile.unwrap_user(user, passphrase)
        except WrongPassphrase:
            self.throttle.record_failure()
            raise


def wipe(vault: Vault, session: Session | None = None) -> list[str]:
    """Erase this device's vault (the office revoked it): the key file first — without it the
    database is unreadable — then the database and everything beside it. Returns file names."""
    if session is not None:
        session.lock()
    removed: list[str] = []
    if vault.key_path.exists():
        size = vault.key_path.stat().st_size
        with open(vault.key_path, "r+b") as fh:  # overwrite before unlinking (best effort)
            fh.write(b"\0" * size)
            fh.flush()
            os.fsync(fh.fileno())
    for path in sorted(vault.data_dir.glob("vault.*")) + [vault.data_dir / THROTTLE_NAME]:
        if path.exists():
            path.unlink()
            removed.append(path.name)
    atomic.fsync_dir(vault.data_dir)
    return removed


def drop_pre_migration_copies(folder: Path) -> None:
    for path in folder.glob(f"{BACKUP_NAME}-v*"):
        shred(path)


def shred(path: Path) -> None:
    """Overwrite with zeros, fsync, unlink (best effort on SSDs and copy-on-write disks)."""
    with contextlib.suppress(FileNotFoundError):
        size = path.stat().st_size
        with open(path, "r+b") as fh:
            left = size
            while left > 0:
                step = min(left, 1 << 20)
                fh.write(b"\0" * step)
                left -= step
            fh.flush()
            os.fsync(fh.fileno())
        path.unlink()


def finish_pending_rekey(folder: Path, *, held: bool = False) -> None:
    """See ``_finish_pending``; under the key file's lock unless the caller ``held`` it (a
    re-key in another process holds it from its first step to its last)."""
    if not (folder / NEXT_DB_NAME).exists() and not (folder / NEXT_KEY_NAME).exists():
        return
    if held:
        _finish_pending(folder)
        return
    with keyfile_locked(folder / KEY_NAME):
        _finish_pending(folder)


def _finish_pending(folder: Path) -> None:
    """Complete or undo a re-key cut short (kill -9, power loss). The steps were: (1) the new
    database written and fsynced as vault.db.next, (2) the old database closed, (3) the new key
    file written as vault.key.next, (4) database renamed, (5) key file renamed. So: a .next
    database without a .next key file is unfinished — drop it (the old pair still opens); with
    one, both renames are due; a lone .next key file means only the last rename is."""
    next_db, next_key = folder / NEXT_DB_NAME, folder / NEXT_KEY_NAME
    if next_db.exists() and not next_key.exists():
        next_db.unlink()
        atomic.fsync_dir(folder)
        return
    if next_db.exists():
        # The old database was checkpointed and closed before step 3: its WAL holds nothing.
        for suffix in ("-wal", "-shm"):
            (folder / f"{DB_NAME}{suffix}").unlink(missing_ok=True)
        os.replace(next_db, folder / DB_NAME)
        atomic.fsync_dir(folder)
    if next_key.exists():
        os.replace(next_key, folder / KEY_NAME)
        atomic.fsync_dir(folder)


def _random_key() -> bytes:
    return os.urandom(KEY_BYTES)


class Session:
    """An unlocked vault: the connection, the data key, and who is working."""

    def __init__(
        self,
        vault: Vault,
        conn: db.Connection,
        data_key: bytearray,
        user_name: str,
        role: str,
        millis: Callable[[], int],
        wall: Callable[[], float],
        clock: HybridClock | None = None,
    ) -> None:
        self.vault = vault
        self._conn: db.Connection | None = conn
        self._key: bytearray | None = data_key
        self.user_name = user_name
        self.role = role
        row = conn.execute("SELECT value FROM meta WHERE key = 'device_id'").fetchone()
        self.device_id: str = row[0] if row else ""
        # The stamp floor read at open (a sibling shares this session's clock instead).
        self.clock_checkpoint = None if clock else clock_checkpoint(conn)
        self.clock = clock or HybridClock(
            self.device_id, millis, self.clock_checkpoint.stamp if self.clock_checkpoint else None
        )
        self._millis, self._wall = millis, wall
        self.user_id: str | None = self._user_id_for(user_name)
        self.audit = AuditLog(conn, self.clock, self.device_id, self.user_id, wall)
        self.changes = ChangeWriter(conn, self.clock, self.device_id, self.user_id, self.audit)
        self._depth = 0

    @property
    def conn(self) -> db.Connection:
        if self._conn is None:
            raise VaultLocked("the vault is locked")
        return self._conn

    @property
    def is_open(self) -> bool:
        return self._conn is not None

    def data_key(self) -> bytearray:
        """A copy of the data key; the caller zeroes it when done."""
        if self._key is None:
            raise VaultLocked("the vault is locked")
        return bytearray(self._key)

    def _user_id_for(self, name: str) -> str | None:
        row = self.conn.execute(
            "SELECT id FROM users WHERE name = ? AND deleted = 0 ORDER BY rowid LIMIT 1", (name,)
        ).fetchone()
        return str(row[0]) if row else None

    def ensure_user(self, name: str, role: str) -> None:
        """Make sure the unlocking user has a row (a user added on another device syncs later)."""
        if self.user_id is None:
            self.user_id = str(uuid.uuid4())
            self.audit.user_id = self.user_id
            self.changes.user_id = self.user_id
            self.changes.write("user", self.user_id, {"name": name, "role": role})
        self.audit.user_id = self.user_id
        self.changes.user_id = self.user_id

    @contextlib.contextmanager
    def transaction(self) -> Iterator[db.Connection]:
        """One durable transaction; nested uses join the outer one."""
        conn = self.conn
        if self._depth:
            self._depth += 1
            try:
                yield conn
            finally:
                self._depth -= 1
            return
        with db.translate_errors():
            conn.execute("BEGIN IMMEDIATE")
            self._depth = 1
            try:
                yield conn
            except BaseException:
                self._depth = 0
                conn.execute("ROLLBACK")
                raise
            self._depth = 0
            conn.execute("COMMIT")

    def add_user(
        self,
        name: str,
        passphrase: str,
        role: Role = Role.CASE_MANAGER,
        kdf: KdfParams | None = None,
    ) -> str:
        require_strong(passphrase)
        keyfile = KeyFile.load(self.vault.key_path)
        if keyfile.has_user(name):
            raise WeakPassphrase(f"a user named {name!r} already exists")
        params = kdf or keyfile.kdf_of(self.user_name) or calibrate()
        self.update_key_file(
            lambda kf, key: kf.with_user(name, role.value, passphrase, key, params)
        )
        user_id = str(uuid.uuid4())
        with self.transaction():
            self.changes.write("user", user_id, {"name": name, "role": role.value})
            self.audit.append(AuditAction.USER_ADDED, "user", user_id)
        return user_id

    def update_key_file(self, edit: Callable[[KeyFile, bytearray], KeyFile]) -> None:
        """Read-modify-write the key file under its lock, its MAC checked before and after."""
        key = self.data_key()
        try:
            with keyfile_locked(self.vault.key_path):
                current = KeyFile.load(self.vault.key_path)
                current.verify(key)
                edit(current, key).save(self.vault.key_path, key)
        finally:
            zero(key)

    def audit_head_problem(self) -> str | None:
        """Does the audit log still hold the last event the key file recorded?"""
        keyfile = KeyFile.load(self.vault.key_path)
        key = self.data_key()
        try:
            keyfile.verify(key)
        finally:
            zero(key)
        return head_problem(self.conn, keyfile.audit_count, keyfile.audit_hash)

    def save_audit_head(self) -> None:
        """Record the audit log's last event in the key file's MAC'd section — only while the
        log still holds the one recorded before, so a truncated tail stays caught."""
        if self.audit_head_problem() is not None:
            return
        seq, digest = audit_head(self.conn)
        self.update_key_file(lambda kf, _key: kf.with_audit_head(seq, digest))

    def verify_pages(self) -> None:
        """Check every page's HMAC; raises VaultCorrupt. For big vaults, after unlocking."""
        if db.cipher_problems(self.conn):
            raise VaultCorrupt("the vault database is damaged or was tampered with")

    def sibling(self) -> Session:
        """A second session on its own connection, sharing this one's clock and user: for a
        background worker (sync) so it never shares a connection or transaction with the UI."""
        key = self.data_key()
        try:
            conn = db.open_database(self.vault.db_path, key)
            db.apply_runtime_pragmas(conn)
        except BaseException:
            zero(key)
            raise
        other = Session(
            self.vault, conn, key, self.user_name, self.role, self._millis, self._wall, self.clock
        )
        return other

    def lock(self, *, save_head: bool = True) -> None:
        """Drop the connection and zero our copy of the key. Safe to call twice."""
        if save_head and self._conn is not None and self._key is not None and not self._depth:
            with contextlib.suppress(VaultCorrupt, db.DatabaseError, OSError):
                self.save_audit_head()
        conn, self._conn = self._conn, None
        if conn is not None:
            with contextlib.suppress(db.DatabaseError):
                if self._depth:
                    conn.execute("ROLLBACK")
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.close()
        if self._key is not None:
            zero(self._key)
            self._key = None
