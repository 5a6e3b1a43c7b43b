"""Bring a database to the latest schema: backup first, then every pending step in one go."""

from __future__ import annotations

from pathlib import Path

from exitdoors_desktop.core.errors import VaultFromFuture
from exitdoors_desktop.storage import db
from exitdoors_desktop.storage.migrations import LATEST, STEPS, Step


def check_not_from_future(conn: db.Connection, latest: int = LATEST) -> int:
    version = db.user_version(conn)
    if version > latest:
        raise VaultFromFuture(
            f"this vault was written by a newer version of the app (schema {version}, "
            f"this app knows {latest}): update the app"
        )
    return version


def migrate(
    conn: db.Connection,
    *,
    backup_path: Path | None,
    key: bytes | bytearray,
    steps: tuple[tuple[int, Step], ...] = STEPS,
) -> int:
    """Run pending steps in one transaction; return the number of steps applied.

    A database that already has data gets an encrypted copy at ``backup_path`` first, so a
    failed or faulty migration can be undone by hand.
    """
    latest = steps[-1][0] if steps else 0
    current = check_not_from_future(conn, latest)
    pending = [(n, step) for n, step in steps if n > current]
    if not pending:
        return 0
    if current > 0 and backup_path is not None:
        db.export_encrypted_copy(conn, backup_path.with_name(f"{backup_path.name}-v{current}"), key)
    conn.execute("BEGIN IMMEDIATE")
    try:
        for number, step in pending:
            step(conn)
            conn.execute(f"PRAGMA user_version = {int(number)}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return len(pending)
