"""Every write leaves field-level change messages in the same transaction, and an audit event."""

from __future__ import annotations

import datetime as dt

import pytest

from exitdoors_desktop.core.errors import NotFound
from exitdoors_desktop.core.hlc import Timestamp
from exitdoors_desktop.core.people import Client
from exitdoors_desktop.storage.audit import verify_chain
from exitdoors_desktop.storage.changelog import changes_for_row
from exitdoors_desktop.storage.clients_repo import ClientRepository

CID = "11111111-2222-4333-8444-555555555555"


def test_create_writes_one_change_per_field(session) -> None:  # type: ignore[no-untyped-def]
    repo = ClientRepository(session)
    repo.save(Client(id=CID, preferred_name="Test Aurora", languages=("English", "French")))
    changes = changes_for_row(session.conn, "client", CID)
    by_field = {c.field: c.value for c in changes}
    assert by_field["preferred_name"] == "Test Aurora"
    assert by_field["languages"] == ["English", "French"]
    assert {c.subject for c in changes} == {CID}
    assert {c.device for c in changes} == {session.device_id}
    assert all(c.user_id == session.user_id for c in changes)
    Timestamp.decode(changes[0].hlc)


def test_update_writes_only_changed_fields(session) -> None:  # type: ignore[no-untyped-def]
    repo = ClientRepository(session)
    repo.save(Client(id=CID, preferred_name="Test Aurora"))
    before = len(changes_for_row(session.conn, "client", CID))
    repo.save(Client(id=CID, preferred_name="Test Aurora", pronouns="she/her"))
    after = changes_for_row(session.conn, "client", CID)
    assert len(after) == before + 1 and after[-1].field == "pronouns"
    assert after[-1].hlc > after[0].hlc
    repo.save(repo.get(CID))  # nothing changed, nothing written
    assert len(changes_for_row(session.conn, "client", CID)) == before + 1


def test_rollback_leaves_neither_row_nor_changes(session) -> None:  # type: ignore[no-untyped-def]
    repo = ClientRepository(session)
    with pytest.raises(RuntimeError), session.transaction():
        repo.save(Client(id=CID, preferred_name="Test Aurora"))
        raise RuntimeError("interrupted")
    assert not repo.exists(CID)
    assert changes_for_row(session.conn, "client", CID) == []
    assert (
        session.conn.execute("SELECT count(*) FROM audit WHERE row_id = ?", (CID,)).fetchone()[0]
        == 0
    )


def test_delete_is_a_tombstone(session) -> None:  # type: ignore[no-untyped-def]
    repo = ClientRepository(session)
    repo.save(Client(id=CID, preferred_name="Test Aurora"))
    repo.delete(CID)
    with pytest.raises(NotFound):
        repo.get(CID)
    row = session.conn.execute("SELECT deleted FROM clients WHERE id = ?", (CID,)).fetchone()
    assert row == (1,)
    assert changes_for_row(session.conn, "client", CID)[-1].field == "deleted"
    actions = [
        r[0] for r in session.conn.execute("SELECT action FROM audit WHERE row_id = ?", (CID,))
    ]
    assert actions == ["create", "delete"]


def test_audit_names_fields_never_values(session) -> None:  # type: ignore[no-untyped-def]
    repo = ClientRepository(session)
    repo.save(Client(id=CID, preferred_name="Zebulonia Marker", date_of_birth=dt.date(2000, 1, 2)))
    repo.get(CID)
    text = " ".join(
        str(v) for row in session.conn.execute("SELECT * FROM audit") for v in row if v is not None
    )
    assert "Zebulonia" not in text and "2000-01-02" not in text
    assert "view" in text
    assert verify_chain(session.conn).ok


def test_ids_and_stamps_are_unique(session) -> None:  # type: ignore[no-untyped-def]
    repo = ClientRepository(session)
    for i in range(20):
        repo.save(Client(id=f"00000000-0000-4000-8000-{i:012d}", preferred_name=f"Test {i}"))
    ids = [r[0] for r in session.conn.execute("SELECT id FROM changes")]
    assert len(ids) == len(set(ids))
    stamps = [r[0] for r in session.conn.execute("SELECT DISTINCT hlc FROM changes ORDER BY seq")]
    assert stamps == sorted(stamps)


def _full_scan_max(conn) -> str:  # type: ignore[no-untyped-def]
    return conn.execute(
        "SELECT max(h) FROM (SELECT max(hlc) AS h FROM changes UNION ALL SELECT max(hlc) FROM audit)"
    ).fetchone()[0]


def test_the_clock_floor_is_kept_and_only_new_rows_are_read(vault_dir) -> None:  # type: ignore[no-untyped-def]
    """Unlocking reads the stored floor plus rows appended since, never the whole log, and the
    answer always equals a full scan: after writes, after a stamp from another device that is
    far ahead, after a crash that left rows past the checkpoint, and with a damaged value."""
    import json

    from exitdoors_desktop.storage.changelog import CLOCK_CHECKPOINT, clock_checkpoint
    from exitdoors_desktop.storage.vault import Vault
    from tests.conftest import CHEAP, PASSPHRASE

    vault = Vault(vault_dir)
    s, _ = vault.create("alex", PASSPHRASE, kdf=CHEAP)
    repo = ClientRepository(s)
    for i in range(5):
        repo.save(Client(id=f"c{i}", preferred_name=f"Test {i}"))
    # A change received from a device whose clock runs a day ahead: the floor must include it.
    ahead = Timestamp(s.clock.now().millis + 86_400_000, 0, "zz-other-device").encode()
    with s.transaction():
        s.conn.execute(
            "INSERT INTO changes (id, entity, row_id, field, value, hlc, device, origin, pushed)"
            " VALUES ('remote-1', 'client', 'c0', 'pronouns', '\"she/her\"', ?, 'zz', 'remote', 1)",
            (ahead,),
        )
    s.lock()
    s = vault.unlock("alex", PASSPHRASE)
    stored = json.loads(
        s.conn.execute("SELECT value FROM meta WHERE key = ?", (CLOCK_CHECKPOINT,)).fetchone()[0]
    )
    assert stored[0] == ahead  # the floor as it stood when the vault opened
    assert _full_scan_max(s.conn) > ahead  # the unlock event was stamped after it
    assert stored[1] == s.conn.execute("SELECT max(seq) FROM changes").fetchone()[0]
    assert s.clock.now().encode() > ahead  # the clock resumed past the floor
    # Rows written after the checkpoint (as after a crash) are read again at the next open.
    repo = ClientRepository(s)
    repo.save(Client(id="c9", preferred_name="Test Late"))
    newest = _full_scan_max(s.conn)
    assert clock_checkpoint(s.conn).hlc == newest and newest > ahead
    # A damaged stored value is ignored and everything is read again.
    with s.transaction():
        s.conn.execute("UPDATE meta SET value = '[1, \"x\"' WHERE key = ?", (CLOCK_CHECKPOINT,))
    assert clock_checkpoint(s.conn).hlc == newest
    with s.transaction():
        s.conn.execute(
            "UPDATE meta SET value = '[\"zz\", -1, 0]' WHERE key = ?", (CLOCK_CHECKPOINT,)
        )
    assert clock_checkpoint(s.conn).hlc == newest
    s.lock()
