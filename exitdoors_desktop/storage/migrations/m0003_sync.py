"""Step 3: what sync needs locally — the base stamp each change was written over (to tell a
concurrent overwrite from a causal one), sync state, conflicts to review, and quarantine."""

from __future__ import annotations

from exitdoors_desktop.storage.db import Connection, execute_script

SQL = """
ALTER TABLE changes ADD COLUMN base_hlc TEXT;

-- Local only, never synced: server address, pinned certificate, device token, team key,
-- cursor. Lives inside the encrypted vault like everything else.
CREATE TABLE sync_state (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE conflicts (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    entity TEXT NOT NULL,
    row_id TEXT NOT NULL,
    field TEXT,
    subject TEXT,
    losing_value TEXT,
    losing_hlc TEXT,
    winning_hlc TEXT,
    detected_at TEXT NOT NULL,
    resolved INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX conflicts_open ON conflicts(resolved, kind);

CREATE TABLE quarantine (
    id TEXT PRIMARY KEY,
    seq INTEGER,
    reason TEXT NOT NULL,
    message TEXT NOT NULL,
    received_at TEXT NOT NULL
);
"""


def upgrade(conn: Connection) -> None:
    execute_script(conn, SQL)
