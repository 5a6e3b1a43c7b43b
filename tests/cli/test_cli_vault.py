"""`exitdoors vault …` and `demo` through the real command: exit codes, messages, no overwrite."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

from exitdoors_desktop.storage.vault import Vault
from tests.conftest import PASSPHRASE

P = PASSPHRASE + "\n"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _init(cli) -> str:  # type: ignore[no-untyped-def]
    code, out, err = cli(
        "vault", "init", "--user", "alex", "--passphrase-stdin", "--insecure-fast-kdf", stdin=P
    )
    assert code == 0, err
    return out.splitlines()[-1].strip()


def test_init_prints_recovery_key_once_and_refuses_second_time(cli, vault_dir: Path) -> None:  # type: ignore[no-untyped-def]
    recovery = _init(cli)
    assert len(recovery.replace("-", "")) == 40
    before = _digest(vault_dir / "vault.db")
    code, out, err = cli("vault", "init", "--user", "bo", "--passphrase-stdin", stdin=P)
    assert code == 2 and len(err.strip().splitlines()) == 1 and "already exists" in err
    assert _digest(vault_dir / "vault.db") == before


def test_check_ok(cli) -> None:  # type: ignore[no-untyped-def]
    _init(cli)
    code, out, err = cli("vault", "check", "--user", "alex", "--passphrase-stdin", stdin=P)
    assert code == 0, err
    assert "audit chain intact" in out


def test_exit_codes_for_the_three_failures(cli, vault_dir: Path) -> None:  # type: ignore[no-untyped-def]
    _init(cli)
    db_file = vault_dir / "vault.db"
    code, _, err = cli("vault", "check", "--passphrase-stdin", stdin="wrong passphrase x\n")
    assert code == 3 and "passphrase" in err
    Vault(vault_dir).throttle.reset()
    # Future schema.
    session = Vault(vault_dir).unlock("alex", PASSPHRASE)
    session.conn.execute("PRAGMA user_version = 77")
    session.lock()
    before = _digest(db_file)
    code, _, err = cli("vault", "check", "--passphrase-stdin", stdin=P)
    assert code == 5 and "newer" in err
    assert _digest(db_file) == before
    # Tampered byte.
    data = bytearray(db_file.read_bytes())
    data[len(data) // 2] ^= 0x04
    db_file.write_bytes(bytes(data))
    before = _digest(db_file)
    code, _, err = cli("vault", "check", "--passphrase-stdin", stdin=P)
    assert code == 4 and "damaged" in err
    assert _digest(db_file) == before
    assert len(err.strip().splitlines()) == 1


def test_audit_chain_break_is_reported(cli, vault_dir: Path) -> None:  # type: ignore[no-untyped-def]
    _init(cli)
    session = Vault(vault_dir).unlock("alex", PASSPHRASE)
    session.conn.execute("DROP TRIGGER audit_no_update")
    seq = session.conn.execute("SELECT min(seq) FROM audit").fetchone()[0]
    session.conn.execute("UPDATE audit SET detail = 'x' WHERE seq = ?", (seq,))
    session.lock()
    code, _, err = cli("vault", "check", "--passphrase-stdin", stdin=P)
    assert code == 4 and f"broken at event {seq}" in err


def test_passwd_and_recover(cli) -> None:  # type: ignore[no-untyped-def]
    recovery = _init(cli)
    new = "another fine long passphrase"
    code, _, err = cli(
        "vault",
        "passwd",
        "--user",
        "alex",
        "--passphrase-stdin",
        "--insecure-fast-kdf",
        stdin=P + new + "\n",
    )
    assert code == 0, err
    assert cli("vault", "check", "--passphrase-stdin", stdin=new + "\n")[0] == 0
    code, _, err = cli(
        "vault",
        "recover",
        "--user",
        "alex",
        "--passphrase-stdin",
        "--insecure-fast-kdf",
        stdin=f"{recovery}\nthird long passphrase ok\n",
    )
    assert code == 0, err
    assert cli("vault", "check", "--passphrase-stdin", stdin="third long passphrase ok\n")[0] == 0


def test_weak_passphrase_and_bad_usage_exit_2(cli) -> None:  # type: ignore[no-untyped-def]
    code, _, err = cli("vault", "init", "--user", "a", "--passphrase-stdin", stdin="short\n")
    assert code == 2 and "too short" in err
    code, _, err = cli("vault", "frobnicate")
    assert code == 2 and len(err.strip().splitlines()) == 1
    code, _, err = cli("vault", "check", "--passphrase-stdin", stdin=P)
    assert code == 2 and "no vault" in err


def test_demo_vault(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, err = cli(
        "demo", "--clients", "12", "--passphrase-stdin", "--insecure-fast-kdf", stdin=P
    )
    assert code == 0, err
    code, out, _ = cli("vault", "check", "--passphrase-stdin", stdin=P)
    assert code == 0 and "12 clients" in out


def test_module_entry_point_prints_version() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "exitdoors_desktop", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0 and result.stdout.startswith("exitdoors ")
