"""Step 7: sync protocol v3 — the withdrawal register (signed statements about each client's
consent to share, chained per client) and nothing else; v3 replaces v2 (no team in the field),
so a v2 set-up is forgotten and this device's changes go again, sealed the v3 way.
"""

from __future__ import annotations

from exitdoors_desktop.storage.db import Connection, execute_script

SQL = """
-- One row per accepted statement: kind is 'withdrawal' or 'reshare'; i counts the statements
-- about her (each names the previous one's hash); keeper is the node that keeps her.
-- wire is the sealed message as sent, so a retry re-sends exactly the same bytes;
-- delivered = 0 while a statement made here has not been taken by the office; accepted = 0
-- for one that arrived before the statements it follows (tried again each round).
CREATE TABLE register (
    client_id TEXT NOT NULL,
    i INTEGER NOT NULL,
    kind TEXT NOT NULL,
    keeper TEXT NOT NULL,
    author TEXT NOT NULL,
    hash TEXT NOT NULL,
    prev TEXT NOT NULL,
    wire TEXT,
    delivered INTEGER NOT NULL DEFAULT 1,
    accepted INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (client_id, i, hash)
) WITHOUT ROWID;

DELETE FROM sync_state;
DELETE FROM team_log;
DELETE FROM withdrawn;
UPDATE changes SET pushed = 0 WHERE origin = 'local';
"""


def upgrade(conn: Connection) -> None:
    execute_script(conn, SQL)
