"""Step 5: group work — sessions (team records), series, and attendance (one row per client
and session, about that client).

Self-contained on purpose (the coordinator may renumber it at merge): it only creates its own
tables, indexes and one trigger.

The trigger: when a client's row is deleted outright (a purge after her consent to share was
withdrawn on another device, or erasure), her attendance rows and their field stamps go with
it in the same statement, whoever issued the DELETE. Her sessions keep their sizes: a session
carries its own ``linked_count``, which no purge touches.
"""

from __future__ import annotations

from exitdoors_desktop.storage.db import Connection, execute_script

SQL = """
CREATE TABLE group_series (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL DEFAULT '',
    type TEXT NOT NULL DEFAULT '',
    planned_sessions INTEGER NOT NULL DEFAULT 0,
    planned_dates TEXT NOT NULL DEFAULT '[]',
    deleted INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE group_sessions (
    id TEXT PRIMARY KEY,
    date TEXT NOT NULL DEFAULT '',
    start_time TEXT,
    length_minutes INTEGER,
    type TEXT NOT NULL DEFAULT '',
    topic TEXT,
    facilitators TEXT NOT NULL DEFAULT '[]',
    place TEXT NOT NULL DEFAULT '',
    note TEXT,
    others_count INTEGER NOT NULL DEFAULT 0,
    linked_count INTEGER NOT NULL DEFAULT 0,
    series_id TEXT,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX group_sessions_date ON group_sessions(date);
CREATE INDEX group_sessions_series ON group_sessions(series_id);

CREATE TABLE group_attendance (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL DEFAULT '',
    client_id TEXT NOT NULL DEFAULT '',
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX group_attendance_session ON group_attendance(session_id);
CREATE INDEX group_attendance_client ON group_attendance(client_id);

CREATE TRIGGER group_attendance_follows_client AFTER DELETE ON clients
BEGIN
    DELETE FROM field_clock WHERE entity = 'group_attendance'
        AND row_id IN (SELECT id FROM group_attendance WHERE client_id = OLD.id);
    DELETE FROM group_attendance WHERE client_id = OLD.id;
END;
"""


def upgrade(conn: Connection) -> None:
    execute_script(conn, SQL)
