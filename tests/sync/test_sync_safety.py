"""Revocation with wipe, tampered messages quarantined, a swapped certificate refused, and the
sync commands' exit codes."""

from __future__ import annotations

import base64
import os
import sqlite3
import uuid
from pathlib import Path

import httpx
import pytest

from exitdoors_desktop.core.errors import SyncCertificateError
from exitdoors_desktop.storage.sync_store import SyncStore
from exitdoors_desktop.sync import service
from exitdoors_desktop.sync.transport import RevokedError
from tests.conftest import PASSPHRASE, Cli
from tests.server.conftest import enroll_body
from tests.sync.conftest import start_office_server


def test_revoked_device_is_wiped_by_the_command(team, office, capsys) -> None:  # type: ignore[no-untyped-def]
    a, b = team(2)
    config = service.load_config(b.session)
    assert config is not None
    b.sync()
    b.session.lock()
    # The admin laptop removes B and addresses a wipe it signs to it (issue 11, point 4).
    service.remove_device(a.session, config.device_id, wipe=True)
    cli = Cli(b.vault.data_dir, capsys)
    code, out, err = cli("sync", "run", "--passphrase-stdin", stdin=PASSPHRASE + "\n")
    assert code == 7 and "wipe" in err
    assert "has been wiped" in out
    assert not list(b.vault.data_dir.glob("vault.*"))
    # The other device is untouched.
    assert a.sync().requests >= 1


def test_the_servers_own_wipe_is_ignored_and_counted(team, office, capsys) -> None:  # type: ignore[no-untyped-def]
    """Issue 11, point 4: a 401 saying {"commands": [{"type": "wipe"}]} no longer erases."""
    a, b = team(2)
    cid = a.add_client("Test Unsigned Wipe Sample")
    a.sync(), b.sync()
    config = service.load_config(b.session)
    assert config is not None
    b.session.lock()
    office.cli("revoke", config.device_id, "--wipe")
    cli = Cli(b.vault.data_dir, capsys)
    code, out, err = cli("sync", "run", "--passphrase-stdin", stdin=PASSPHRASE + "\n")
    assert code == 7 and "wiped" not in out
    assert "the office refuses this laptop — not confirmed by the team" in err
    assert list(b.vault.data_dir.glob("vault.*"))
    code, out, err = cli("sync", "status", "--passphrase-stdin", stdin=PASSPHRASE + "\n")
    assert code == 0 and "ignored commands: 1" in out
    session = b.vault.unlock("worker1", PASSPHRASE)
    try:
        from exitdoors_desktop.storage.clients_repo import ClientRepository

        assert ClientRepository(session).exists(cid)
    finally:
        session.lock()


def test_revoked_without_wipe_keeps_the_vault(team, office) -> None:  # type: ignore[no-untyped-def]
    (a,) = team(1)
    config = service.load_config(a.session)
    assert config is not None
    office.cli("revoke", config.device_id)
    with pytest.raises(RevokedError) as info:
        a.sync()
    assert info.value.wipe is False
    assert a.vault.key_path.exists()


def test_tampered_message_is_quarantined_not_applied(team, office) -> None:  # type: ignore[no-untyped-def]
    a, b = team(2)
    cid = a.add_client("Test Tamper Sample")
    a.sync()
    # A non-member's push is refused by the office now; a rogue member (or the server itself)
    # still can put altered ciphertext in front of B: here the server's own database does.
    msg = {
        "id": str(uuid.uuid4()),
        "subject": "ab" * 32,
        "key_id": "e0s2",
        "nonce": base64.b64encode(os.urandom(12)).decode(),
        "ciphertext": base64.b64encode(os.urandom(80)).decode(),
    }
    token = office.token()
    with httpx.Client(verify=False, base_url=office.url) as http:  # noqa: S501 - test attacker
        dev = http.post("/v2/enroll", json=enroll_body(token, "rogue")).json()
        r = http.post("/v2/sync", json={"version": 3, "cursor": 0, "messages": [msg]},
                      headers={"Authorization": f"Bearer {dev['device_token']}"})  # fmt: skip
        assert r.status_code == 403, r.text
    with sqlite3.connect(next(office.data_dir.glob("*.db"))) as db:
        seq = db.execute("SELECT last_seq FROM seq_counter WHERE id = 1").fetchone()[0] + 1
        db.execute("UPDATE seq_counter SET last_seq = ? WHERE id = 1", (seq,))
        db.execute(
            "INSERT INTO messages (seq, id, subject, key_id, nonce, ciphertext, kind, device_id,"
            " received_at) VALUES (?,?,?,?,?,?,?,?,?)",
            (seq, uuid.UUID(msg["id"]).bytes, bytes.fromhex(msg["subject"]), msg["key_id"],
             base64.b64decode(msg["nonce"]), base64.b64decode(msg["ciphertext"]), "change",
             dev["device_id"], 0),
        )  # fmt: skip
    report = b.sync()
    assert report.quarantined == 1
    assert cid in b.names()
    rows = SyncStore(b.session).quarantined()
    assert rows and rows[0][0] == msg["id"]
    assert service.status(b.session).quarantined == 1


def test_a_different_certificate_at_the_same_address_is_refused(
    team, office, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    (a,) = team(1)
    port = office.port
    office.stop()
    impostor = start_office_server(tmp_path / "impostor", port=port)
    try:
        with pytest.raises(SyncCertificateError):
            a.sync()
        assert service.status(a.session).last_error == "sync_certificate"
    finally:
        impostor.stop()


def test_sync_commands_and_exit_codes(office, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    p = PASSPHRASE + "\n"
    first = Cli(tmp_path / "first", capsys)
    assert (
        first(
            "vault", "init", "--user", "ana", "--passphrase-stdin", "--insecure-fast-kdf", stdin=p
        )[0]
        == 0
    )
    code, out, err = first("sync", "status", "--passphrase-stdin", stdin=p)
    assert code == 0 and "not set up" in out
    code, out, err = first("sync", "run", "--passphrase-stdin", stdin=p)
    assert code == 6 and "not set up" in err
    code, out, err = first("sync", "setup", "--server", office.url, "--fingerprint", "00" * 32,
                           "--token", office.token(), "--passphrase-stdin", stdin=p)  # fmt: skip
    assert code == 9
    code, out, err = first("sync", "setup", "--server", office.url, "--fingerprint",
                           office.fingerprint, "--token", office.token(), "--passphrase-stdin",
                           stdin=p)  # fmt: skip
    assert code == 0, err
    invite = tmp_path / "invite.json"
    code, out, err = first("sync", "invite", "--token", office.token(), "--out", str(invite),
                           "--passphrase-stdin", stdin=p)  # fmt: skip
    assert code == 0, err
    one_time = out.strip().splitlines()[-1].strip()
    second = Cli(tmp_path / "second", capsys)
    assert (
        second(
            "vault", "init", "--user", "bea", "--passphrase-stdin", "--insecure-fast-kdf", stdin=p
        )[0]
        == 0
    )
    code, out, err = second(
        "sync", "join", str(invite), "--passphrase-stdin", stdin=p + "wrong words\n"
    )
    assert code == 3
    code, out, err = second(
        "sync", "join", str(invite), "--passphrase-stdin", stdin=p + one_time + "\n"
    )
    assert code == 0, err
    code, out, err = second("sync", "run", "--passphrase-stdin", stdin=p)
    assert code == 0 and "waiting for an admin to let this laptop in" in out
    code, out, err = second("sync", "status", "--passphrase-stdin", stdin=p)
    assert code == 0 and "waiting for an admin to let this laptop in (invited by laptop 1)" in out
    assert first("sync", "run", "--passphrase-stdin", stdin=p)[0] == 0  # the admin lets it in
    code, out, err = second("sync", "run", "--passphrase-stdin", stdin=p)
    assert code == 0 and "pushed" in out
    code, out, err = first("sync", "team", "--passphrase-stdin", stdin=p)
    assert code == 0 and "team key epoch: 0" in out
    lines = [ln for ln in out.splitlines() if "laptop" in ln]
    assert len(lines) == 2 and "created the team" in lines[0] and "(this laptop)" in lines[0]
    assert "laptop 2  member  added by" in lines[1]
    code, out, err = second("sync", "status", "--passphrase-stdin", stdin=p)
    assert code == 0 and "last sync:" in out and "never" not in out
    office.stop()
    code, out, err = second("sync", "run", "--passphrase-stdin", stdin=p)
    assert code == 8 and "reach" in err
