"""`exitdoors backup …`, `clients erase`, `retention …`, `vault deluser`, `vault passwd --rekey`
and role checks, through the real command on real vault files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from exitdoors_desktop.core.lifecycle import Reason, State
from exitdoors_desktop.core.people import Client
from exitdoors_desktop.storage import db
from exitdoors_desktop.storage.clients_repo import ClientRepository
from exitdoors_desktop.storage.keyfile import KeyFile
from exitdoors_desktop.storage.program_repo import TransitionRepository
from exitdoors_desktop.storage.vault import Vault
from tests.conftest import PASSPHRASE, Cli

P = PASSPHRASE + "\n"
OUT_P = "outreach worker passphrase 1\n"
SUP_P = "supervisor long passphrase 2\n"


def _init(cli: Cli, clients: int = 3) -> str:
    code, out, err = cli(
        "vault", "init", "--user", "alex", "--passphrase-stdin", "--insecure-fast-kdf", stdin=P
    )
    assert code == 0, err
    session = Vault(cli.data_dir).unlock("alex", PASSPHRASE)
    repo = ClientRepository(session)
    for i in range(clients):
        repo.save(Client(id=f"c-{i}", preferred_name=f"Test {i}"))
    session.lock()
    return out.splitlines()[-1].strip()


def _adduser(cli: Cli, name: str, role: str, passphrase: str) -> None:
    code, _, err = cli("vault", "adduser", "--user", "alex", "--new-user", name, "--role", role,
                       "--passphrase-stdin", "--insecure-fast-kdf", stdin=P + passphrase)  # fmt: skip
    assert code == 0, err


def test_backup_create_verify_restore(cli: Cli, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    recovery = _init(cli)
    out = tmp_path / "backup.edb"
    code, text, err = cli("backup", "create", "--out", str(out), "--passphrase-stdin", stdin=P)
    assert code == 0, err
    assert "3 clients" in text
    code, text, err = cli("backup", "verify", str(out), "--passphrase-stdin", stdin=P)
    assert code == 0 and "backup ok" in text, err
    # Restore refuses the existing vault and changes nothing.
    code, _, err = cli("backup", "restore", str(out), "--passphrase-stdin", stdin=P)
    assert code == 2 and "already exists" in err
    new = Cli(tmp_path / "new", capsys)
    code, text, err = new("backup", "restore", str(out), "--recovery", "--passphrase-stdin",
                          stdin=recovery + "\n")  # fmt: skip
    assert code == 0 and "Restored 3 clients" in text, err
    code, text, err = new("vault", "check", "--passphrase-stdin", stdin=P)
    assert code == 0 and "3 clients" in text, err
    # A second backup of the same name is refused.
    code, _, err = cli("backup", "create", "--out", str(out), "--passphrase-stdin", stdin=P)
    assert code == 2 and "already exists" in err


def test_damaged_backup_is_one_clear_line(cli: Cli, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    _init(cli)
    out = tmp_path / "backup.edb"
    assert cli("backup", "create", "--out", str(out), "--passphrase-stdin", stdin=P)[0] == 0
    data = bytearray(out.read_bytes())
    data[len(data) // 2] ^= 0x01
    out.write_bytes(bytes(data))
    code, _, err = cli("backup", "verify", str(out), "--passphrase-stdin", stdin=P)
    assert code == 4 and "damaged backup" in err and len(err.strip().splitlines()) == 1
    new = Cli(tmp_path / "new", capsys)
    code, _, err = new("backup", "restore", str(out), "--passphrase-stdin", stdin=P)
    assert code == 4 and "damaged backup" in err
    assert not (tmp_path / "new" / "vault.key").exists()


def test_clients_erase_asks_and_erases(cli: Cli) -> None:
    _init(cli)
    code, text, _ = cli("clients", "erase", "c-1", "--passphrase-stdin", stdin=P + "no\n")
    assert code == 1 and "Nothing was erased" in text
    code, text, err = cli("clients", "erase", "c-1", "--passphrase-stdin", stdin=P + "ERASE\n")
    assert code == 0 and "Client erased" in text, err
    code, _, err = cli("clients", "erase", "c-1", "--yes", "--passphrase-stdin", stdin=P)
    assert code == 2 and "c-1" not in err
    session = Vault(cli.data_dir).unlock("alex", PASSPHRASE)
    assert sorted(ClientRepository(session).ids()) == ["c-0", "c-2"]
    session.lock()


def test_retention_list_and_run(cli: Cli) -> None:
    _init(cli)
    session = Vault(cli.data_dir).unlock("alex", PASSPHRASE)
    moves = TransitionRepository(session)
    moves.record("c-0", State.PHASE_1, Reason.ENROLLED, dt.date(2010, 1, 1))
    moves.record("c-0", State.CLOSED, Reason.MOVED, dt.date(2011, 1, 1))
    moves.record("c-1", State.PHASE_1, Reason.ENROLLED, dt.date.today())
    moves.record("c-1", State.CLOSED, Reason.MOVED, dt.date.today())
    session.lock()
    code, text, err = cli("retention", "list", "--passphrase-stdin", stdin=P)
    assert code == 0 and "1 client(s)" in text and "c-0" in text and "c-1" not in text, err
    code, text, _ = cli("retention", "run", "--passphrase-stdin", stdin=P + "2\n")
    assert code == 1 and "Nothing was erased" in text
    code, text, err = cli("retention", "run", "--passphrase-stdin", stdin=P + "1\n")
    assert code == 0 and "Erased 1 clients" in text, err
    session = Vault(cli.data_dir).unlock("alex", PASSPHRASE)
    assert sorted(ClientRepository(session).ids()) == ["c-1", "c-2"]
    actions = {r[0] for r in session.conn.execute("SELECT action FROM audit")}
    assert {"erasure", "retention_run"} <= actions
    session.lock()


def test_deluser_rekeys_and_passwd_rekey(cli: Cli) -> None:
    _init(cli)
    _adduser(cli, "vol", "outreach", OUT_P)
    old = KeyFile.load(cli.data_dir / "vault.key")
    code, text, err = cli("vault", "deluser", "--user", "alex", "--remove", "vol",
                          "--passphrase-stdin", stdin=P)  # fmt: skip
    assert code == 0 and "re-keyed" in text, err
    code, _, err = cli("vault", "check", "--user", "vol", "--passphrase-stdin", stdin=OUT_P)
    assert code == 3
    Vault(cli.data_dir).throttle.reset()
    key, _ = old.unwrap_user("vol", OUT_P.strip())
    with pytest.raises(db.VaultCorrupt):
        db.open_database(cli.data_dir / "vault.db", key)
    new = "another long passphrase 77"
    code, text, err = cli("vault", "passwd", "--user", "alex", "--rekey", "--passphrase-stdin",
                          "--insecure-fast-kdf", stdin=P + new + "\n")  # fmt: skip
    assert code == 0 and "re-keyed" in text, err
    code, text, err = cli("vault", "check", "--passphrase-stdin", stdin=new + "\n")
    assert code == 0, err


def test_vault_check_names_a_truncated_audit_tail(cli: Cli) -> None:
    _init(cli)
    key, _ = KeyFile.load(cli.data_dir / "vault.key").unwrap_user("alex", PASSPHRASE)
    conn = db.open_database(cli.data_dir / "vault.db", key)
    sql = conn.execute("SELECT sql FROM sqlite_master WHERE name='audit_no_delete'").fetchone()[0]
    conn.execute("DROP TRIGGER audit_no_delete")
    conn.execute("DELETE FROM audit WHERE seq IN (SELECT seq FROM audit ORDER BY seq DESC LIMIT 5)")
    conn.execute(sql)
    conn.commit()
    conn.close()
    code, _, err = cli("vault", "check", "--passphrase-stdin", stdin=P)
    assert code == 4 and "audit log truncated" in err, err


@pytest.mark.parametrize(
    ("args", "allowed_for"),
    [
        (("clients", "export", "--plaintext", "--out", "{tmp}/x.csv"), {"admin"}),
        (("backup", "create", "--out", "{tmp}/b.edb"), {"admin"}),
        (("clients", "erase", "c-0", "--yes"), {"admin", "supervisor"}),
        (("retention", "list"), {"admin", "supervisor"}),
        (("vault", "check"), {"admin", "supervisor", "outreach"}),
    ],
)
def test_roles_in_commands(cli: Cli, tmp_path: Path, args: tuple[str, ...],
                           allowed_for: set[str]) -> None:  # fmt: skip
    _init(cli)
    _adduser(cli, "vol", "outreach", OUT_P)
    _adduser(cli, "sue", "supervisor", SUP_P)
    for user, secret in (("vol", OUT_P), ("sue", SUP_P)):
        role = "outreach" if user == "vol" else "supervisor"
        filled = [a.replace("{tmp}", str(tmp_path / user)) for a in args]
        (tmp_path / user).mkdir()
        code, _, err = cli(*filled, "--user", user, "--passphrase-stdin", stdin=secret)
        if role in allowed_for:
            assert code == 0, (role, err)
        else:
            assert code == 3 and f"role {role} may not" in err, (role, err)
            assert list((tmp_path / user).iterdir()) == []


def test_outreach_cannot_add_users(cli: Cli) -> None:
    _init(cli)
    _adduser(cli, "vol", "outreach", OUT_P)
    code, _, err = cli("vault", "adduser", "--user", "vol", "--new-user", "eve", "--role", "admin",
                       "--passphrase-stdin", "--insecure-fast-kdf",
                       stdin=OUT_P + "eve's long passphrase 1\n")  # fmt: skip
    assert code == 3 and "may not manage users" in err
    assert not KeyFile.load(cli.data_dir / "vault.key").has_user("eve")
