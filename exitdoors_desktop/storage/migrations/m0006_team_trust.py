"""Step 6: sync protocol v2 ("team trust") — the verified membership log, clients whose
consent to share was withdrawn (tombstones), and quarantine rows that can be re-tried.

v2 replaces v1 (no team existed in the field): a v1 sync set-up is forgotten, and this
device's changes are marked unsent so they go again, sealed and signed the v2 way.
"""

from __future__ import annotations

from exitdoors_desktop.storage.db import Connection, execute_script

SQL = """
CREATE TABLE team_log (
    idx INTEGER PRIMARY KEY,
    event TEXT NOT NULL,
    hash TEXT NOT NULL
);

-- A client whose consent to share with the office was withdrawn (here or on another laptop):
-- writes about her are neither sent nor applied. kept = 1: her worker's laptop keeps her.
-- here = 1: the withdrawal was recorded on this laptop (only it may sign a re-share).
CREATE TABLE withdrawn (
    client_id TEXT PRIMARY KEY,
    at TEXT NOT NULL,
    kept INTEGER NOT NULL DEFAULT 0,
    here INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

-- The app's payload schema version when a message was quarantined: a newer app re-tries it.
ALTER TABLE quarantine ADD COLUMN schema_seen INTEGER NOT NULL DEFAULT 0;

DELETE FROM sync_state;
UPDATE changes SET pushed = 0 WHERE origin = 'local';
"""


def upgrade(conn: Connection) -> None:
    execute_script(conn, SQL)
