"""Issue 12, point 6: the audit chain head is sent sealed to the office at each sync, so a tail
cut off the local log is caught even when the key file's own head was rewritten (what someone
with the passphrase can do, and what the local-only check cannot catch)."""

from __future__ import annotations

import base64
import sqlite3
from typing import Any

import pytest

from exitdoors_desktop.core.errors import SyncError
from exitdoors_desktop.storage.audit import audit_head, verify_chain
from exitdoors_desktop.sync import audit_head as office_audit
from exitdoors_desktop.sync import service
from exitdoors_desktop.sync.envelope import Sealed, open_sealed
from exitdoors_desktop.sync.transport import Transport
from tests.conftest import PASSPHRASE, Cli
from tests.sync.conftest import Device, OfficeServer


def _server_db_rows(office: OfficeServer, sql: str) -> list[Any]:
    db = sqlite3.connect(next(office.data_dir.glob("*.db")))
    try:
        return list(db.execute(sql))
    finally:
        db.close()


def _cut_tail(device: Device, n: int) -> tuple[int, int]:
    """Drop the append-only trigger, delete the last n events, put the trigger back, and move
    the key file's head to the new last event (with the passphrase). Returns (before, after)."""
    conn = device.session.conn
    before = audit_head(conn)[0]
    trigger = conn.execute(
        "SELECT sql FROM sqlite_master WHERE name = 'audit_no_delete'"
    ).fetchone()[0]
    conn.execute("DROP TRIGGER audit_no_delete")
    conn.execute("DELETE FROM audit WHERE seq IN (SELECT seq FROM audit ORDER BY seq DESC LIMIT ?)",
                 (n,))  # fmt: skip
    conn.execute(trigger)
    conn.commit()
    seq, digest = audit_head(conn)
    device.session.update_key_file(lambda kf, _key: kf.with_audit_head(seq, digest))
    return before, seq


def _busy(device: Device, n: int) -> None:
    for i in range(n):
        device.add_client(f"Test Audit Sample {i}")


def test_each_round_sends_the_head_sealed_and_the_office_copy_matches(team, office, capsys) -> None:  # type: ignore[no-untyped-def]
    (a,) = team(1)
    _busy(a, 3)
    a.sync()
    config = service.load_config(a.session)
    assert config is not None
    # The office keeps it sealed: the hash is nowhere in clear on the server.
    count, digest = audit_head(a.session.conn)
    rows = _server_db_rows(office, "SELECT device_id, count, ciphertext FROM audit_heads")
    assert [(r[0], r[1]) for r in rows] == [(config.device_id, count)]
    assert digest.encode() not in bytes(rows[0][2])
    assert service.check_against_office(a.session) is None
    a.session.lock()
    code, out, err = Cli(a.vault.data_dir, capsys)(
        "vault", "check", "--against-office", "--passphrase-stdin", stdin=PASSPHRASE + "\n"
    )
    assert code == 0, err
    assert "matches the office's audit head" in out


def test_a_cut_tail_with_a_rewritten_key_file_head_is_caught_by_the_office_copy(  # type: ignore[no-untyped-def]
    team, office, capsys
) -> None:
    (a,) = team(1)
    _busy(a, 12)
    a.sync()
    before, after = _cut_tail(a, 20)
    assert after < before
    # The local-only checks see nothing wrong: the chain links and the key file agrees.
    assert verify_chain(a.session.conn).ok
    assert a.session.audit_head_problem() is None
    found = service.check_against_office(a.session)
    assert found is not None and found.startswith("audit log truncated")
    assert f"event {before}" in found
    a.session.lock()
    cli = Cli(a.vault.data_dir, capsys)
    code, _out, err = cli("vault", "check", "--passphrase-stdin", stdin=PASSPHRASE + "\n")
    assert code == 0, err  # without the office: not caught
    code, _out, err = cli(
        "vault", "check", "--against-office", "--passphrase-stdin", stdin=PASSPHRASE + "\n"
    )
    assert code == 4 and "audit log truncated" in err


def test_syncing_after_the_cut_does_not_launder_the_office_copy(team, office) -> None:  # type: ignore[no-untyped-def]
    (a,) = team(1)
    _busy(a, 6)
    a.sync()
    before, _after = _cut_tail(a, 10)
    _busy(a, 15)  # the log grows past its old length again
    assert audit_head(a.session.conn)[0] > before
    a.sync()  # the round compares first and keeps the office's copy
    st = service.status(a.session)
    # Event numbers are never reused: the missing event stays missing however long it grows.
    assert st.audit_problem is not None and st.audit_problem.startswith("audit log truncated")
    found = service.check_against_office(a.session)
    assert found is not None and f"holds event {before} as the last" in found


def test_the_office_refuses_a_smaller_count(team, office) -> None:  # type: ignore[no-untyped-def]
    (a,) = team(1)
    _busy(a, 3)
    a.sync()
    config = service.load_config(a.session)
    assert config is not None
    count = audit_head(a.session.conn)[0]
    with Transport(config.server, config.cert_pem, config.device_token) as t:
        held = t.get_audit_head()
        assert held is not None and held["count"] == count
        # Unsigned (a stolen token) or smaller: either way refused, and the head stays.
        with pytest.raises(SyncError):
            t.put_audit_head(count - 1, {k: str(held[k]) for k in
                                         ("id", "subject", "key_id", "nonce", "ciphertext")})  # fmt: skip
        assert t.get_audit_head() == held


def test_a_head_the_server_altered_does_not_verify(team, office: OfficeServer) -> None:  # type: ignore[no-untyped-def]
    (a,) = team(1)
    a.sync()
    config = service.load_config(a.session)
    assert config is not None
    team_ = service._team(a.session, config)
    with Transport(config.server, config.cert_pem, config.device_token) as t:
        held = t.get_audit_head()
        assert held is not None
        assert team_.ring is not None
        opened = open_sealed(team_.ring, Sealed(
            str(held["id"]), str(held["subject"]), str(held["key_id"]),
            base64.b64decode(str(held["nonce"])), base64.b64decode(str(held["ciphertext"]))))  # fmt: skip
        assert opened.signer == config.device_id
        forged = dict(held, count=int(held["count"]) + 1000)
        with pytest.raises(SyncError):  # unsigned, and smaller
            t.put_audit_head(0, {k: str(held[k]) for k in ("id", "subject", "key_id", "nonce",
                                                            "ciphertext")})  # fmt: skip

    # A head whose clear count disagrees with the sealed one is refused on reading.
    class _Lying:
        def get_audit_head(self) -> dict[str, object]:
            return forged

    with pytest.raises(SyncError, match="does not verify"):
        office_audit.office_head(team_, _Lying())  # type: ignore[arg-type]
