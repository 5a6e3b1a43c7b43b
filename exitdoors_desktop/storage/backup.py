"""Encrypted backups: one file holding a copy of the vault under a fresh key, wrapped like it.

Layout::

    b"EXITDOORS-BACKUP\\n"  8-byte big-endian header length  header (JSON)  body

The body is a ``sqlcipher_export`` copy of the database under a fresh random backup key. The
header holds the manifest (format, app version, created, vault id, row counts, body size and
SHA-256), the manifest's plain SHA-256 (catches accidental damage before any passphrase), a
key file sealing the backup key to every holder of the vault (each user and the recovery key:
the same passphrases open it), and an HMAC of the manifest under a key derived from the backup
key (catches a forged manifest once unwrapped). Written atomically: a temp file made with
O_EXCL in the target folder, fsynced, renamed; a cut-short run leaves no file under the name.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import hmac
import json
import os
import struct
import tempfile
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from exitdoors_desktop import __version__
from exitdoors_desktop.core.errors import InvalidInput, VaultCorrupt, VaultExists
from exitdoors_desktop.storage import atomic, db
from exitdoors_desktop.storage.audit import AuditAction, audit_head
from exitdoors_desktop.storage.keyfile import KeyFile
from exitdoors_desktop.storage.migrate import check_not_from_future
from exitdoors_desktop.storage.secrets import KEY_BYTES, derive_subkey, zero
from exitdoors_desktop.storage.vault import DB_NAME, KEY_NAME, Session, Vault

MAGIC = b"EXITDOORS-BACKUP\n"
FORMAT = 1
MAX_HEADER = 4 * 1024 * 1024
CHUNK = 1 << 20
# Tables whose rows are this device's sync identity: a restored vault must re-join instead.
SYNC_IDENTITY_TABLES = ("sync_state", "quarantine", "team_log")


class BackupDamaged(VaultCorrupt):
    code = "backup_damaged"


@dataclass(frozen=True)
class Manifest:
    format: int
    app_version: str
    created: str
    vault_id: str
    counts: dict[str, int]
    body_bytes: int
    body_sha256: str

    def to_json(self) -> dict[str, object]:
        return {
            "format": self.format,
            "app_version": self.app_version,
            "created": self.created,
            "vault_id": self.vault_id,
            "counts": dict(self.counts),
            "body_bytes": self.body_bytes,
            "body_sha256": self.body_sha256,
        }

    @classmethod
    def from_json(cls, data: object) -> Manifest:
        if not isinstance(data, dict):
            raise ValueError("manifest must be an object")
        counts = data["counts"]
        if not isinstance(counts, dict):
            raise ValueError("counts must be an object")
        return cls(
            int(data["format"]),
            str(data["app_version"]),
            str(data["created"]),
            str(data["vault_id"]),
            {str(k): int(v) for k, v in counts.items()},
            int(data["body_bytes"]),
            str(data["body_sha256"]),
        )


@dataclass(frozen=True)
class BackupFile:
    path: Path
    manifest: Manifest
    keyfile: KeyFile
    manifest_mac: str
    body_offset: int


# -- writing --------------------------------------------------------------------------------
def last_backup(session: Session) -> dt.date | None:
    """The day of the newest backup this vault made (its audit says so), or None."""
    row = session.conn.execute(
        "SELECT max(at) FROM audit WHERE action = 'backup_created'"
    ).fetchone()
    return dt.date.fromisoformat(str(row[0])[:10]) if row and row[0] else None


def create_backup(session: Session, out: Path) -> Manifest:
    """Write the whole vault to ``out`` (which must not exist) and audit it."""
    out = Path(out)
    if out.exists():
        raise InvalidInput(f"{out.name} already exists; choose a new file name")
    if not out.parent.is_dir():
        raise InvalidInput(f"no folder {out.parent} to write into")
    backup_key = bytearray(os.urandom(KEY_BYTES))
    tag = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
    body_tmp = out.with_name(f".{out.name}.body-{tag}.tmp")
    file_tmp = out.with_name(f".{out.name}.{tag}.tmp")
    live_key = session.data_key()
    try:
        keyfile = KeyFile.load(session.vault.key_path)
        keyfile.verify(live_key)
        counts, head = _export(session.conn, body_tmp, backup_key)
        size, digest = _digest(body_tmp)
        manifest = Manifest(
            FORMAT,
            __version__,
            dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            keyfile.vault_id,
            counts,
            size,
            digest,
        )
        wrapped = keyfile.resealed(backup_key).with_audit_head(*head)
        header = json.dumps(
            {
                "manifest": manifest.to_json(),
                "manifest_sha256": _sha(_canonical(manifest.to_json())),
                "manifest_mac": _manifest_mac(backup_key, manifest),
                "keyfile": wrapped.to_bytes(backup_key).decode("utf-8"),
            }
        ).encode("utf-8")
        fd = os.open(file_tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(MAGIC + struct.pack(">Q", len(header)) + header)
            with open(body_tmp, "rb") as body:
                while chunk := body.read(CHUNK):
                    fh.write(chunk)
            fh.flush()
            os.fsync(fh.fileno())
        if out.exists():
            raise InvalidInput(f"{out.name} appeared while writing; nothing was replaced")
        os.rename(file_tmp, out)
        atomic.fsync_dir(out.parent)
        with session.transaction():
            session.audit.append(
                AuditAction.BACKUP_CREATED,
                "vault",
                keyfile.vault_id,
                f"{counts['clients']} clients",
            )
        return manifest
    finally:
        zero(backup_key)
        zero(live_key)
        for tmp in (body_tmp, file_tmp):
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()


def _export(
    conn: db.Connection, target: Path, key: bytearray
) -> tuple[dict[str, int], tuple[int, str]]:
    """Copy under ``key`` inside one read transaction, so the counts and the head match it."""
    conn.execute(f"ATTACH DATABASE ? AS backup KEY \"x'{bytes(key).hex()}'\"", (str(target),))
    try:
        conn.execute("BEGIN")
        try:
            tables = [
                str(r[0])
                for r in conn.execute(
                    "SELECT name FROM main.sqlite_master WHERE type = 'table'"
                    " AND name NOT LIKE 'sqlite_%' ORDER BY name"
                )
            ]
            counts = {
                t: int(conn.execute(f'SELECT count(*) FROM main."{t}"').fetchone()[0])  # noqa: S608
                for t in tables
            }
            counts["clients"] = int(
                conn.execute("SELECT count(*) FROM main.clients WHERE deleted = 0").fetchone()[0]
            )
            head = audit_head(conn)
            conn.execute("SELECT sqlcipher_export('backup')")
            conn.execute(f"PRAGMA backup.user_version = {db.user_version(conn)}")
        finally:
            conn.execute("COMMIT")
    finally:
        conn.execute("DETACH DATABASE backup")
    return counts, head


# -- reading --------------------------------------------------------------------------------
def read_backup(path: Path) -> BackupFile:
    """Parse the header and check the body's size and SHA-256: no passphrase needed."""
    path = Path(path)
    try:
        fh = open(path, "rb")  # noqa: SIM115 - closed below
    except FileNotFoundError:
        raise InvalidInput(f"no such backup file: {path}") from None
    except OSError as exc:
        raise InvalidInput(f"cannot read {path.name}: {exc.strerror}") from None
    with fh:
        try:
            if fh.read(len(MAGIC)) != MAGIC:
                raise BackupDamaged("damaged backup: this is not an Exit Doors backup file")
            (length,) = struct.unpack(">Q", fh.read(8))
            if not 0 < length <= MAX_HEADER:
                raise BackupDamaged("damaged backup: the header is damaged")
            header = json.loads(fh.read(length).decode("utf-8"))
            manifest = Manifest.from_json(header["manifest"])
            if header["manifest_sha256"] != _sha(_canonical(manifest.to_json())):
                raise BackupDamaged("damaged backup: the manifest does not match its checksum")
            keyfile = KeyFile.from_bytes(str(header["keyfile"]).encode("utf-8"))
            mac = str(header["manifest_mac"])
        except BackupDamaged:
            raise
        except VaultCorrupt as exc:
            raise BackupDamaged("damaged backup: its key section is damaged") from exc
        except (ValueError, KeyError, TypeError, struct.error, UnicodeDecodeError) as exc:
            raise BackupDamaged("damaged backup: the header is damaged") from exc
        offset = len(MAGIC) + 8 + length
        hasher = hashlib.sha256()
        size = 0
        while chunk := fh.read(CHUNK):
            hasher.update(chunk)
            size += len(chunk)
    if manifest.format != FORMAT:
        raise BackupDamaged("damaged backup: unknown backup format")
    if size != manifest.body_bytes or hasher.hexdigest() != manifest.body_sha256:
        raise BackupDamaged("damaged backup: the database copy does not match its checksum")
    return BackupFile(path, manifest, keyfile, mac, offset)


def unwrap_backup(
    backup: BackupFile, user: str | None, passphrase: str | None, recovery: str | None
) -> tuple[bytearray, str, str]:
    """(backup key, user, role) from a passphrase or the recovery key; manifest MAC checked."""
    keyfile = backup.keyfile
    try:
        if recovery is not None:
            name = user or _only_user(keyfile)
            if not keyfile.has_user(name):
                raise InvalidInput(f"the backup has no user named {name!r}")
            key, role = keyfile.unwrap_recovery(recovery), keyfile.role_of(name)
        else:
            name = user or _only_user(keyfile)
            key, role = keyfile.unwrap_user(name, passphrase or "")
    except BackupDamaged:
        raise
    except VaultCorrupt as exc:
        raise BackupDamaged(f"damaged backup: {exc}") from exc
    if not hmac.compare_digest(_manifest_mac(key, backup.manifest), backup.manifest_mac):
        zero(key)
        raise BackupDamaged("damaged backup: the manifest was altered")
    return key, name, role


def _only_user(keyfile: KeyFile) -> str:
    users = keyfile.users()
    if len(users) != 1:
        raise InvalidInput("the backup has several users: name one with --user")
    return users[0][0]


@contextlib.contextmanager
def opened_copy(backup: BackupFile, key: bytearray) -> Iterator[db.Connection]:
    """The body written to a private temp folder (it is ciphertext) and opened read-only."""
    with tempfile.TemporaryDirectory(prefix="exitdoors-verify-") as tmp:
        target = Path(tmp) / DB_NAME
        _copy_body(backup, target)
        conn = db.open_database(target, key)
        try:
            yield conn
        finally:
            conn.close()


def verify_backup(backup: BackupFile, key: bytearray) -> dict[str, int]:
    """Every page's HMAC and SQLite's own check on a copy; returns the manifest counts."""
    with opened_copy(backup, key) as conn:
        if db.integrity_problems(conn):
            raise BackupDamaged("damaged backup: the database copy fails its integrity check")
        stored = conn.execute("SELECT value FROM meta WHERE key='vault_id'").fetchone()
        if not stored or stored[0] != backup.manifest.vault_id:
            raise BackupDamaged("damaged backup: the copy belongs to another vault")
    return backup.manifest.counts


# -- restoring ------------------------------------------------------------------------------
def restore_backup(
    folder: Path,
    backup_path: Path,
    *,
    user: str | None = None,
    passphrase: str | None = None,
    recovery: str | None = None,
    allow: Callable[[str], None] | None = None,
) -> Session:
    """Make a new vault in ``folder`` (which must hold none) from a backup; returns it open.

    The restored vault drops its sync identity (it must join the team again as a new device)
    and gets a new device id: the device it was copied from may still be in use.
    """
    vault = Vault(folder)
    if vault.exists():
        raise VaultExists(f"a vault already exists in {folder}; restore into an empty folder")
    backup = read_backup(backup_path)
    key, name, role = unwrap_backup(backup, user, passphrase, recovery)
    try:
        if allow is not None:
            allow(role)  # the caller's rule on who may restore, before anything is written
        atomic.make_private_dir(vault.data_dir)
        tmp = vault.data_dir / f".{DB_NAME}.restore-{os.getpid()}.tmp"
        tmp.unlink(missing_ok=True)
        _copy_body(backup, tmp)
        try:
            _prepare(tmp, key, backup.manifest.vault_id)
            os.rename(tmp, vault.db_path)
        finally:
            tmp.unlink(missing_ok=True)
        atomic.fsync_dir(vault.data_dir)
        # The key file last, as at creation: without it the lone database is no vault.
        atomic.write_private(vault.data_dir / KEY_NAME, backup.keyfile.to_bytes(key))
        keyfile = KeyFile.load(vault.key_path)
        session = vault._open_session(  # noqa: SLF001 - the vault's own opening path
            keyfile,
            bytearray(key),
            name,
            role,
            AuditAction.BACKUP_RESTORED,
            backup.manifest.created,
        )
    finally:
        zero(key)
    return session


def _prepare(path: Path, key: bytearray, vault_id: str) -> None:
    """Check the copy page by page, then drop its sync identity and give it a device id."""
    conn = db.open_database(path, key)
    try:
        if db.integrity_problems(conn):
            raise BackupDamaged("damaged backup: the database copy fails its integrity check")
        check_not_from_future(conn)
        stored = conn.execute("SELECT value FROM meta WHERE key='vault_id'").fetchone()
        if not stored or stored[0] != vault_id:
            raise BackupDamaged("damaged backup: the copy belongs to another vault")
        conn.execute("BEGIN IMMEDIATE")
        tables = {str(r[0]) for r in conn.execute("SELECT name FROM sqlite_master")}
        for table in SYNC_IDENTITY_TABLES:
            if table in tables:
                conn.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed names
        conn.execute("UPDATE meta SET value = ? WHERE key = 'device_id'", (str(uuid.uuid4()),))
        conn.execute("COMMIT")
    finally:
        conn.close()
    path.chmod(0o600)


def _copy_body(backup: BackupFile, target: Path) -> None:
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    hasher = hashlib.sha256()
    with os.fdopen(fd, "wb") as out, open(backup.path, "rb") as src:
        src.seek(backup.body_offset)
        while chunk := src.read(CHUNK):
            hasher.update(chunk)
            out.write(chunk)
        out.flush()
        os.fsync(out.fileno())
    # Read again: the file may have changed since it was checked.
    if hasher.hexdigest() != backup.manifest.body_sha256:
        raise BackupDamaged("damaged backup: the database copy does not match its checksum")


def _digest(path: Path) -> tuple[int, str]:
    hasher = hashlib.sha256()
    size = 0
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            hasher.update(chunk)
            size += len(chunk)
    return size, hasher.hexdigest()


def _canonical(data: object) -> bytes:
    return json.dumps(data, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _manifest_mac(key: bytearray, manifest: Manifest) -> str:
    mac_key = derive_subkey(key, b"exitdoors-backup-manifest-v1", manifest.vault_id.encode())
    try:
        return hmac.new(bytes(mac_key), _canonical(manifest.to_json()), hashlib.sha256).hexdigest()
    finally:
        zero(mac_key)
