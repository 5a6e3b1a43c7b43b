"""Step 2: the program's records — form responses (and drafts), contacts, phase transitions,
scale readings, referrals, partner agencies, consents, and per-vault settings."""

from __future__ import annotations

from exitdoors_desktop.storage.db import Connection, execute_script

SQL = """
CREATE TABLE form_responses (
    id TEXT PRIMARY KEY,
    client_id TEXT,
    form_id TEXT NOT NULL DEFAULT '',
    form_version INTEGER NOT NULL DEFAULT 0,
    date TEXT NOT NULL DEFAULT '',
    answers TEXT NOT NULL DEFAULT '{}',
    draft INTEGER NOT NULL DEFAULT 0,
    author_id TEXT,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX form_responses_client ON form_responses(client_id, form_id, date);
CREATE INDEX form_responses_form ON form_responses(form_id, date);

CREATE TABLE contacts (
    id TEXT PRIMARY KEY,
    client_id TEXT NOT NULL DEFAULT '',
    date TEXT NOT NULL DEFAULT '',
    type TEXT NOT NULL DEFAULT '',
    location TEXT,
    participants TEXT NOT NULL DEFAULT '[]',
    duration_minutes INTEGER,
    worker_id TEXT,
    response_id TEXT,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX contacts_client ON contacts(client_id, date);

CREATE TABLE phase_transitions (
    id TEXT PRIMARY KEY,
    client_id TEXT NOT NULL DEFAULT '',
    date TEXT NOT NULL DEFAULT '',
    from_state TEXT,
    to_state TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL DEFAULT '',
    recorded_at TEXT NOT NULL DEFAULT '',
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX phase_transitions_client ON phase_transitions(client_id, date);

CREATE TABLE scale_readings (
    id TEXT PRIMARY KEY,
    client_id TEXT NOT NULL DEFAULT '',
    scale_id TEXT NOT NULL DEFAULT '',
    date TEXT NOT NULL DEFAULT '',
    "values" TEXT NOT NULL DEFAULT '{}',
    recorded_at TEXT NOT NULL DEFAULT '',
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX scale_readings_client ON scale_readings(client_id, scale_id, date);

CREATE TABLE referrals (
    id TEXT PRIMARY KEY,
    client_id TEXT NOT NULL DEFAULT '',
    service_type TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT '',
    made_on TEXT NOT NULL DEFAULT '',
    partner_id TEXT,
    accepted_on TEXT,
    attended_on TEXT,
    closed_on TEXT,
    response_id TEXT,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX referrals_client ON referrals(client_id);

CREATE TABLE partners (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL DEFAULT '',
    service_types TEXT NOT NULL DEFAULT '[]',
    contact TEXT,
    notes TEXT,
    deleted INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE consents (
    id TEXT PRIMARY KEY,
    client_id TEXT NOT NULL DEFAULT '',
    scope TEXT NOT NULL DEFAULT '',
    action TEXT NOT NULL DEFAULT '',
    date TEXT NOT NULL DEFAULT '',
    recorded_at TEXT NOT NULL DEFAULT '',
    method TEXT NOT NULL DEFAULT '',
    witness TEXT,
    partner_id TEXT,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX consents_client ON consents(client_id);

-- Per-vault preferences (idle minutes, window title, language, report cost cycles …).
CREATE TABLE settings (
    id TEXT PRIMARY KEY,
    value TEXT NOT NULL DEFAULT 'null',
    deleted INTEGER NOT NULL DEFAULT 0
);
"""


def upgrade(conn: Connection) -> None:
    execute_script(conn, SQL)
