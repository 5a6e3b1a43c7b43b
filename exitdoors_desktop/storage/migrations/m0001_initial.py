"""Step 1: metadata, users, clients, the change log and the hash-chained audit log."""

from __future__ import annotations

from exitdoors_desktop.storage.db import Connection, execute_script

SQL = """
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE users (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT NOT NULL DEFAULT '',
    deleted INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE clients (
    id TEXT PRIMARY KEY,
    preferred_name TEXT NOT NULL DEFAULT '',
    legal_name TEXT,
    pronouns TEXT,
    aliases TEXT NOT NULL DEFAULT '[]',
    date_of_birth TEXT,
    age INTEGER,
    languages TEXT NOT NULL DEFAULT '[]',
    safe_contact_notes TEXT,
    assigned_worker TEXT,
    status TEXT NOT NULL DEFAULT 'active',
    created_at TEXT,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX clients_worker ON clients(assigned_worker) WHERE deleted = 0;

-- Field-level change messages, written in the same transaction as every typed write.
-- pushed = 0 marks the outbox of local changes not yet acknowledged by the office server.
CREATE TABLE changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    entity TEXT NOT NULL,
    row_id TEXT NOT NULL,
    field TEXT NOT NULL,
    value TEXT,
    hlc TEXT NOT NULL,
    device TEXT NOT NULL,
    user_id TEXT,
    subject TEXT,
    origin TEXT NOT NULL DEFAULT 'local',
    pushed INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX changes_row ON changes(entity, row_id);
CREATE INDEX changes_outbox ON changes(pushed, seq) WHERE pushed = 0;

-- The winning stamp per (entity, row, field): what last-writer-wins compares against.
CREATE TABLE field_clock (
    entity TEXT NOT NULL,
    row_id TEXT NOT NULL,
    field TEXT NOT NULL,
    hlc TEXT NOT NULL,
    PRIMARY KEY (entity, row_id, field)
) WITHOUT ROWID;

CREATE TABLE audit (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    at TEXT NOT NULL,
    hlc TEXT NOT NULL,
    device TEXT NOT NULL,
    user_id TEXT,
    action TEXT NOT NULL,
    entity TEXT,
    row_id TEXT,
    detail TEXT NOT NULL DEFAULT '',
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"""


def upgrade(conn: Connection) -> None:
    execute_script(conn, SQL)
