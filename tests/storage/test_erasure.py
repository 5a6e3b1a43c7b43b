"""Erasure: a marker in every field of one client is gone from every byte of the folder, even
decrypted; other clients are intact; the audit event names no one. Retention picks the right
clients."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

import pytest

from exitdoors_desktop.core.errors import NotFound
from exitdoors_desktop.core.lifecycle import Reason, State
from exitdoors_desktop.core.people import Client
from exitdoors_desktop.storage import db
from exitdoors_desktop.storage.audit import verify_chain
from exitdoors_desktop.storage.clients_repo import ClientRepository
from exitdoors_desktop.storage.entities import REGISTRY
from exitdoors_desktop.storage.erasure import due_for_erasure, erase_client, erasure_tag
from exitdoors_desktop.storage.vault import Session, Vault
from tests.conftest import CHEAP, PASSPHRASE
from tests.storage.pages import plain_pages, plain_wal

HER, OTHER = "QzHerMarker5521", "QzKeepMarker9902"


def _fill(session: Session, client_id: str, marker: str) -> None:
    """Her profile and one row of every kind about her, a marker in every text field."""
    with session.transaction():
        for spec in REGISTRY.values():
            if spec.subject_column is None:
                continue
            row_id = client_id if spec.subject_column == "id" else str(uuid.uuid4())
            values: dict[str, object] = {}
            for name in spec.fields:
                if name == spec.subject_column:
                    values[name] = client_id
                elif name == "deleted":
                    continue
                elif name in spec.json_fields:
                    values[name] = [f"{marker} {name}"]
                elif name in ("age", "duration_minutes", "draft"):
                    values[name] = 1
                else:
                    values[name] = f"{marker} {name}"
            session.changes.write(spec.name, row_id, values)
        # An edit, so her history holds an older value too; a conflict and a quarantined copy.
        session.changes.write("client", client_id, {"legal_name": f"{marker} second legal"})
        session.conn.execute(
            "INSERT INTO conflicts (id, kind, entity, row_id, field, subject, losing_value,"
            " detected_at) VALUES (?, 'field', 'client', ?, 'legal_name', ?, ?, '2024-01-01')",
            (str(uuid.uuid4()), client_id, client_id, f'"{marker} losing"'),
        )
        session.conn.execute(
            "INSERT INTO quarantine (id, reason, message, received_at) VALUES (?,?,?,?)",
            (str(uuid.uuid4()), "bad", f'{{"subject": "{client_id}", "v": "{marker}"}}', "x"),
        )


def _everything(vault_dir: Path, key: bytes) -> bytes:
    """Every file in the folder raw, plus the database and WAL decrypted."""
    raw = b"".join(p.read_bytes() for p in sorted(vault_dir.iterdir()) if p.is_file())
    plain = plain_pages(vault_dir / "vault.db", key) + plain_wal(vault_dir / "vault.db-wal", key)
    return raw + plain


def test_erasure_leaves_no_byte_of_her_anywhere(vault_dir: Path) -> None:
    vault = Vault(vault_dir)
    session, _ = vault.create("alex", PASSPHRASE, kdf=CHEAP)
    her, other = "11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222"
    _fill(session, her, HER)
    _fill(session, other, OTHER)
    session.conn.execute("PRAGMA wal_checkpoint(PASSIVE)")  # some pages in the db, some in WAL
    _fill(session, str(uuid.uuid4()), "QzFiller")
    key = bytes(session.data_key())
    before = _everything(vault_dir, key)
    assert HER.encode() in before and OTHER.encode() in before  # the scan does see them
    other_rows = _rows_about(session, other)

    report = erase_client(session, her)
    kinds = sum(1 for spec in REGISTRY.values() if spec.subject_column)
    assert kinds >= 8 and report.rows == kinds and report.changes > 10  # one row of each kind
    after = _everything(vault_dir, key)
    assert HER.encode() not in after
    assert her.encode() not in _table_bytes(session, exclude_audit=True)
    assert _rows_about(session, other) == other_rows  # other clients intact
    assert OTHER.encode() in after

    events = session.conn.execute(
        "SELECT action, entity, row_id, detail FROM audit WHERE action = 'erasure'"
    ).fetchall()
    assert len(events) == 1
    assert her not in repr(events) and erasure_tag(session, her) in events[0][3]
    assert verify_chain(session.conn).ok
    assert db.integrity_problems(session.conn) == []
    with pytest.raises(NotFound):
        erase_client(session, her)
    session.lock()
    # Still nothing after locking (WAL folded back, files closed).
    assert HER.encode() not in _everything(vault_dir, key)


def _rows_about(session: Session, client_id: str) -> dict[str, list[tuple[object, ...]]]:
    out = {}
    for spec in REGISTRY.values():
        if spec.subject_column:
            out[spec.table] = session.conn.execute(
                f"SELECT * FROM {spec.table} WHERE {spec.subject_column} = ? ORDER BY id",  # noqa: S608
                (client_id,),
            ).fetchall()
    out["changes"] = session.conn.execute(
        "SELECT id, value FROM changes WHERE subject = ? ORDER BY id", (client_id,)
    ).fetchall()
    return out


def _table_bytes(session: Session, *, exclude_audit: bool) -> bytes:
    tables = [
        r[0]
        for r in session.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if not (exclude_audit and r[0] == "audit")
    ]
    return repr(
        [session.conn.execute(f'SELECT * FROM "{t}"').fetchall() for t in tables]  # noqa: S608
    ).encode()


def test_retention_lists_and_erases_only_those_past_the_period(session: Session) -> None:
    from exitdoors_desktop.storage.erasure import erase_clients
    from exitdoors_desktop.storage.program_repo import TransitionRepository

    repo, moves = ClientRepository(session), TransitionRepository(session)
    today = dt.date(2026, 6, 1)
    ids = {}
    for name, closed_on, state in (
        ("old-closed", dt.date(2015, 3, 1), State.CLOSED),
        ("old-graduated", dt.date(2016, 1, 1), State.GRADUATED),
        ("recent-closed", dt.date(2025, 1, 1), State.CLOSED),
        ("active", None, None),
    ):
        cid = str(uuid.uuid4())
        ids[name] = cid
        repo.save(Client(id=cid, preferred_name=name))
        moves.record(cid, State.PHASE_1, Reason.ENROLLED, dt.date(2014, 2, 1))
        if state is State.GRADUATED:
            moves.record(cid, State.PHASE_2, Reason.GOALS_MET, dt.date(2014, 6, 1))
            moves.record(cid, State.PHASE_3, Reason.GOALS_MET, dt.date(2015, 1, 1))
        if state is not None and closed_on is not None:
            reason = Reason.GOALS_MET if state is State.GRADUATED else Reason.MOVED
            moves.record(cid, state, reason, closed_on)
    due = due_for_erasure(session, 2557, today)
    assert {d.client_id for d in due} == {ids["old-closed"], ids["old-graduated"]}
    assert due_for_erasure(session, 0, today) == []
    erase_clients(session, [d.client_id for d in due], reason="retention")
    assert set(repo.ids()) == {ids["recent-closed"], ids["active"]}
    assert due_for_erasure(session, 2557, today) == []


def test_pre_migration_copy_is_deleted_once_the_migration_is_verified(
    vault_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It would keep erased clients (and open with an old key file) for ever otherwise."""
    import exitdoors_desktop.storage.vault as vault_module
    from exitdoors_desktop.storage.migrations import LATEST, STEPS

    vault = Vault(vault_dir)
    vault.create("alex", PASSPHRASE, kdf=CHEAP)[0].lock()
    real, seen = vault_module.migrate, []

    def one_more_step(conn, *, backup_path, key):  # type: ignore[no-untyped-def]
        extra = (LATEST + 1, lambda c: c.execute("CREATE TABLE extra (x)"))
        applied = real(conn, backup_path=backup_path, key=key, steps=(*STEPS, extra))
        seen.extend(p.name for p in vault_dir.iterdir())
        return applied

    monkeypatch.setattr(vault_module, "migrate", one_more_step)
    monkeypatch.setattr(vault_module, "check_not_from_future", lambda conn: LATEST)
    session = vault.unlock("alex", PASSPHRASE)
    session.lock()
    assert f"vault.db.pre-migration-v{LATEST}" in seen  # it was taken first
    assert list(vault_dir.glob("vault.db.pre-migration*")) == []
