"""Schema migrations: one test per step, the registry's numbering, backup, all-or-nothing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from exitdoors_desktop.core.errors import VaultFromFuture
from exitdoors_desktop.storage import db
from exitdoors_desktop.storage.migrate import migrate
from exitdoors_desktop.storage.migrations import LATEST, STEPS, Step, m0001_initial

KEY = bytearray(os.urandom(32))


def _fresh(path: Path) -> db.Connection:
    conn = db.open_database(path, KEY, create=True)
    db.apply_runtime_pragmas(conn)
    return conn


def _tables(conn: db.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def test_registry_is_strictly_increasing_from_one() -> None:
    numbers = [n for n, _ in STEPS]
    assert numbers == list(range(1, LATEST + 1))


def test_step_1_creates_the_base_schema(tmp_path: Path) -> None:
    conn = _fresh(tmp_path / "v.db")
    assert migrate(conn, backup_path=None, key=KEY, steps=((1, m0001_initial.upgrade),)) == 1
    assert {"meta", "users", "clients", "changes", "field_clock", "audit"} <= _tables(conn)
    assert db.user_version(conn) == 1
    # The audit table refuses edits and deletes.
    conn.execute(
        "INSERT INTO audit (id, at, hlc, device, action, prev_hash, hash)"
        " VALUES ('e','t','h','d','view','p','h')"
    )
    with pytest.raises(db.DatabaseError):
        conn.execute("UPDATE audit SET action = 'x'")
    with pytest.raises(db.DatabaseError):
        conn.execute("DELETE FROM audit")
    conn.close()


def _step_two(conn: db.Connection) -> None:
    conn.execute("ALTER TABLE clients ADD COLUMN nickname TEXT")


def _broken_step(conn: db.Connection) -> None:
    conn.execute("ALTER TABLE clients ADD COLUMN half TEXT")
    raise RuntimeError("boom")


def test_pending_steps_take_a_backup_and_run_together(tmp_path: Path) -> None:
    conn = _fresh(tmp_path / "v.db")
    migrate(conn, backup_path=None, key=KEY)
    conn.execute("INSERT INTO clients (id, preferred_name) VALUES ('c1', 'Test Person')")
    steps = (*STEPS, (LATEST + 1, _step_two))
    assert migrate(conn, backup_path=tmp_path / "v.bak", key=KEY, steps=steps) == 1
    assert db.user_version(conn) == LATEST + 1
    assert conn.execute("SELECT preferred_name, nickname FROM clients").fetchall() == [
        ("Test Person", None)
    ]
    conn.close()
    backup = tmp_path / f"v.bak-v{LATEST}"
    assert backup.exists() and (backup.stat().st_mode & 0o777) == 0o600
    copy = db.open_database(backup, KEY)  # encrypted under the same key
    assert db.user_version(copy) == LATEST
    assert copy.execute("SELECT count(*) FROM clients").fetchone()[0] == 1
    copy.close()
    assert b"Test Person" not in backup.read_bytes()


def test_a_failing_step_rolls_back_everything(tmp_path: Path) -> None:
    conn = _fresh(tmp_path / "v.db")
    migrate(conn, backup_path=None, key=KEY)
    steps = (*STEPS, (LATEST + 1, _step_two), (LATEST + 2, _broken_step))
    with pytest.raises(RuntimeError):
        migrate(conn, backup_path=tmp_path / "v.bak", key=KEY, steps=steps)
    assert db.user_version(conn) == LATEST
    columns = {r[1] for r in conn.execute("PRAGMA table_info(clients)")}
    assert "nickname" not in columns and "half" not in columns
    conn.close()


def test_future_database_is_refused(tmp_path: Path) -> None:
    conn = _fresh(tmp_path / "v.db")
    conn.execute(f"PRAGMA user_version = {LATEST + 5}")
    with pytest.raises(VaultFromFuture):
        migrate(conn, backup_path=None, key=KEY)
    conn.close()


def _upto(n: int) -> tuple[tuple[int, Step], ...]:
    return tuple((k, step) for k, step in STEPS if k <= n)


def test_step_2_adds_program_tables_and_keeps_clients(tmp_path: Path) -> None:
    conn = _fresh(tmp_path / "v.db")
    migrate(conn, backup_path=None, key=KEY, steps=_upto(1))
    conn.execute("INSERT INTO clients (id, preferred_name) VALUES ('c1', 'Test Person')")
    before = conn.execute("SELECT * FROM clients").fetchall()
    assert migrate(conn, backup_path=tmp_path / "b", key=KEY, steps=_upto(2)) == 1
    assert {
        "form_responses",
        "contacts",
        "phase_transitions",
        "scale_readings",
        "referrals",
        "partners",
        "consents",
        "settings",
    } <= _tables(conn)
    assert conn.execute("SELECT * FROM clients").fetchall() == before
    conn.close()


def test_step_3_adds_sync_tables_and_base_stamps(tmp_path: Path) -> None:
    conn = _fresh(tmp_path / "v.db")
    migrate(conn, backup_path=None, key=KEY, steps=_upto(2))
    conn.execute(
        "INSERT INTO changes (id, entity, row_id, field, value, hlc, device)"
        " VALUES ('x', 'client', 'c1', 'preferred_name', '\"A\"', 'h', 'd')"
    )
    assert migrate(conn, backup_path=tmp_path / "b", key=KEY, steps=_upto(3)) == 1
    assert {"sync_state", "conflicts", "quarantine"} <= _tables(conn)
    assert conn.execute("SELECT id, value, base_hlc FROM changes").fetchall() == [
        ("x", '"A"', None)
    ]
    conn.close()


def test_step_4_answers_last_contact_from_an_index_alone(tmp_path: Path) -> None:
    conn = _fresh(tmp_path / "v.db")
    migrate(conn, backup_path=None, key=KEY, steps=_upto(3))
    conn.executemany(
        "INSERT INTO contacts (id, client_id, date, deleted) VALUES (?,?,?,?)",
        [("a", "c1", "2026-01-02", 0), ("b", "c1", "2026-03-04", 1), ("c", "c2", "2026-02-01", 0)],
    )
    query = "SELECT client_id, max(date) FROM contacts WHERE deleted = 0 GROUP BY client_id"
    assert migrate(conn, backup_path=tmp_path / "b", key=KEY, steps=_upto(4)) == 1
    plan = " ".join(str(r[-1]) for r in conn.execute("EXPLAIN QUERY PLAN " + query))
    assert "COVERING INDEX contacts_live_last" in plan
    # the deleted contact never counts as the last one
    assert conn.execute(query).fetchall() == [("c1", "2026-01-02"), ("c2", "2026-02-01")]
    conn.close()


def test_step_6_forgets_a_v1_sync_setup_and_resends_local_changes(tmp_path: Path) -> None:
    conn = _fresh(tmp_path / "v.db")
    migrate(conn, backup_path=None, key=KEY, steps=_upto(5))
    conn.execute("INSERT INTO sync_state (key, value) VALUES ('config', '{\"team_key\": \"x\"}')")
    conn.execute(
        "INSERT INTO quarantine (id, seq, reason, message, received_at) VALUES"
        " ('q', 1, 'r', '{}', 't')"
    )
    conn.execute(
        "INSERT INTO changes (id, entity, row_id, field, value, hlc, device, origin, pushed)"
        " VALUES ('x', 'client', 'c1', 'preferred_name', '\"A\"', 'h', 'd', 'local', 1),"
        " ('y', 'client', 'c2', 'preferred_name', '\"B\"', 'h', 'e', 'remote', 1)"
    )
    assert migrate(conn, backup_path=tmp_path / "b", key=KEY, steps=_upto(6)) == 1
    assert {"team_log", "withdrawn"} <= _tables(conn)
    assert conn.execute("SELECT count(*) FROM sync_state").fetchone() == (0,)
    assert conn.execute("SELECT id, pushed FROM changes ORDER BY id").fetchall() == [
        ("x", 0),
        ("y", 1),
    ]
    assert conn.execute("SELECT id, schema_seen FROM quarantine").fetchall() == [("q", 0)]
    conn.close()


def test_step_7_adds_the_register_and_forgets_a_v2_team(tmp_path: Path) -> None:
    conn = _fresh(tmp_path / "v.db")
    migrate(conn, backup_path=None, key=KEY, steps=_upto(6))
    conn.execute("INSERT INTO sync_state (key, value) VALUES ('config', '{}')")
    conn.execute("INSERT INTO team_log (idx, event, hash) VALUES (0, '{}', 'h')")
    conn.execute("INSERT INTO withdrawn (client_id, at) VALUES ('c1', 't')")
    conn.execute(
        "INSERT INTO changes (id, entity, row_id, field, value, hlc, device, origin, pushed)"
        " VALUES ('x', 'client', 'c1', 'preferred_name', '\"A\"', 'h', 'd', 'local', 1),"
        " ('y', 'client', 'c2', 'preferred_name', '\"B\"', 'h', 'e', 'remote', 1)"
    )
    assert migrate(conn, backup_path=tmp_path / "b", key=KEY, steps=_upto(7)) == 1
    assert "register" in _tables(conn)
    for table in ("sync_state", "team_log", "withdrawn"):
        assert conn.execute(f"SELECT count(*) FROM {table}").fetchone() == (0,)
    assert conn.execute("SELECT id, pushed FROM changes ORDER BY id").fetchall() == [
        ("x", 0),
        ("y", 1),
    ]
    conn.close()
