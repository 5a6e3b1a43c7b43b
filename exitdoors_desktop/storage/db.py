"""Opening the SQLCipher database: raw key, required pragmas, and the three distinct failures."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import sqlcipher3

from exitdoors_desktop.core.errors import ExitDoorsError, VaultCorrupt

if TYPE_CHECKING:
    # sqlcipher3 ships no type hints; its API is the standard library's sqlite3 one.
    from sqlite3 import Connection, DatabaseError
else:
    Connection = sqlcipher3.Connection
    DatabaseError = sqlcipher3.DatabaseError

__all__ = ["Connection", "DatabaseError", "VaultCorrupt"]

_HMAC_FAILURE_MARKERS = ("file is not a database", "hmac", "malformed", "corrupt", "not a database")


class PlainSQLiteRefused(ExitDoorsError):
    code = "no_sqlcipher"
    exit_code = 4


def key_pragma(key: bytes | bytearray) -> str:
    # A raw 32-byte key in hex: SQLCipher then skips its own PBKDF2. Not parameterisable in SQL.
    return f"PRAGMA key = \"x'{bytes(key).hex()}'\""


def open_database(path: Path, key: bytes | bytearray, *, create: bool = False) -> Connection:
    """Open (or, only when ``create``, make) an encrypted database and prove the key works.

    Never creates a file unless asked: a missing database is an error, not a fresh vault.
    """
    if not create and not path.exists():
        raise VaultCorrupt("the vault database file is missing")
    if create and path.exists():
        raise VaultCorrupt("refusing to create a vault over an existing file")
    if create:
        # Create the file private first: SQLite gives -wal and -shm the main file's mode.
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    conn: Connection = sqlcipher3.connect(
        f"file:{path}?mode=rw", uri=True, isolation_level=None, check_same_thread=False
    )
    try:
        version = conn.execute("PRAGMA cipher_version").fetchone()
        if not version or not version[0]:
            raise PlainSQLiteRefused("this SQLite build has no SQLCipher: refusing to open")
        conn.execute("PRAGMA cipher_memory_security = ON")
        conn.execute(key_pragma(key))
        # The first read proves the key; a wrong key or a damaged first page both fail here.
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except ExitDoorsError:
        conn.close()
        raise
    except DatabaseError as exc:
        conn.close()
        raise VaultCorrupt("the vault database is damaged or was tampered with") from exc
    return conn


def apply_runtime_pragmas(conn: Connection) -> None:
    """The pragmas every session runs with (DESIGN.md). journal_mode writes the header once."""
    conn.execute("PRAGMA journal_mode = WAL")
    for pragma in (
        "PRAGMA synchronous = FULL",
        "PRAGMA foreign_keys = ON",
        "PRAGMA secure_delete = ON",
        "PRAGMA temp_store = MEMORY",
        # Random UUID keys touch many index pages; a bigger cache keeps big writes from
        # spilling (and re-encrypting) pages mid-transaction.
        "PRAGMA cache_size = -16384",
        # A second connection (background sync) waits for the writer instead of failing.
        "PRAGMA busy_timeout = 10000",
    ):
        conn.execute(pragma)


def integrity_problems(conn: Connection) -> list[str]:
    """cipher_integrity_check (every page's HMAC) then SQLite's own integrity_check."""
    try:
        problems = [str(row[0]) for row in conn.execute("PRAGMA cipher_integrity_check")]
        rows = [str(row[0]) for row in conn.execute("PRAGMA integrity_check")]
    except DatabaseError as exc:
        raise VaultCorrupt("the vault database is damaged or was tampered with") from exc
    if rows != ["ok"]:
        problems.extend(rows)
    return problems


def cipher_problems(conn: Connection) -> list[str]:
    """Only the page HMACs (fast: one pass of reads): any flipped byte anywhere is found."""
    try:
        return [str(row[0]) for row in conn.execute("PRAGMA cipher_integrity_check")]
    except DatabaseError as exc:
        raise VaultCorrupt("the vault database is damaged or was tampered with") from exc


def user_version(conn: Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


@contextlib.contextmanager
def translate_errors() -> Iterator[None]:
    """Turn SQLCipher's page-level failures into VaultCorrupt without leaking SQL or data."""
    try:
        yield
    except DatabaseError as exc:
        text = str(exc).lower()
        if any(marker in text for marker in _HMAC_FAILURE_MARKERS):
            raise VaultCorrupt("the vault database is damaged or was tampered with") from exc
        raise


def export_encrypted_copy(conn: Connection, target: Path, key: bytes | bytearray) -> None:
    """A full encrypted copy under the same key (used for the pre-migration backup)."""
    if target.exists():
        target.unlink()
    conn.execute(f"ATTACH DATABASE ? AS backup KEY \"x'{bytes(key).hex()}'\"", (str(target),))
    try:
        conn.execute("SELECT sqlcipher_export('backup')")
        conn.execute(f"PRAGMA backup.user_version = {user_version(conn)}")
    finally:
        conn.execute("DETACH DATABASE backup")
    target.chmod(0o600)


def execute_script(conn: Connection, sql: str) -> None:
    """Run several statements inside the caller's transaction (executescript would commit)."""
    buffer = ""
    for line in sql.splitlines(keepends=True):
        buffer += line
        if sqlcipher3.complete_statement(buffer):
            conn.execute(buffer)
            buffer = ""
    if buffer.strip():
        raise ValueError("incomplete SQL statement at the end of a script")
