"""Key file edits are refused as tampered; the KDF floor holds; re-keying shuts out old keys."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from exitdoors_desktop.core.errors import InvalidInput, VaultCorrupt, WrongPassphrase
from exitdoors_desktop.core.people import Client, Role
from exitdoors_desktop.storage import db
from exitdoors_desktop.storage.audit import AuditAction
from exitdoors_desktop.storage.clients_repo import ClientRepository
from exitdoors_desktop.storage.keyfile import KeyFile, _checksum
from exitdoors_desktop.storage.rekey import rekey
from exitdoors_desktop.storage.secrets import InsecureKdfRefused, KdfParams
from exitdoors_desktop.storage.vault import Vault
from tests.conftest import CHEAP, PASSPHRASE

ROOT = Path(__file__).resolve().parents[2]
BO = "bo's own long passphrase"


def _make(vault_dir: Path) -> tuple[Vault, str]:
    vault = Vault(vault_dir)
    session, recovery = vault.create("alex", PASSPHRASE, Role.ADMIN, kdf=CHEAP)
    ClientRepository(session).save(Client(id="c-1", preferred_name="Test One"))
    session.add_user("bo", BO, Role.OUTREACH, kdf=CHEAP)
    session.lock()
    return vault, recovery


def _edit(path: Path, change) -> None:  # type: ignore[no-untyped-def]
    """Edit the key file as an attacker would: change a field, recompute the plain checksum."""
    data = json.loads(path.read_text("utf-8"))
    change(data)
    body = {k: v for k, v in data.items() if k not in ("checksum", "mac")}
    data["checksum"] = _checksum(body)
    path.write_text(json.dumps(data), "utf-8")


def _wrap(data: dict, user: str) -> dict:  # type: ignore[type-arg]
    return next(w for w in data["wraps"] if w["user"] == user and w["kind"] == "user")


def test_role_edit_with_recomputed_checksum_is_tampered(vault_dir: Path) -> None:
    vault, _ = _make(vault_dir)
    _edit(vault.key_path, lambda d: _wrap(d, "bo").__setitem__("role", "admin"))
    with pytest.raises(VaultCorrupt, match="tampered"):
        vault.unlock("bo", BO)
    # The other user's wrap is intact, but the whole file's MAC no longer holds.
    with pytest.raises(VaultCorrupt, match="tampered"):
        vault.unlock("alex", PASSPHRASE)


def test_removed_recovery_wrap_is_tampered(vault_dir: Path) -> None:
    vault, _ = _make(vault_dir)
    _edit(vault.key_path, lambda d: d.__setitem__(
        "wraps", [w for w in d["wraps"] if w["kind"] != "recovery"]))  # fmt: skip
    with pytest.raises(VaultCorrupt, match="MAC"):
        vault.unlock("alex", PASSPHRASE)


def test_lowered_audit_head_is_tampered(vault_dir: Path) -> None:
    vault, _ = _make(vault_dir)
    _edit(vault.key_path, lambda d: d["audit_head"].__setitem__("count", 1))
    with pytest.raises(VaultCorrupt, match="tampered"):
        vault.unlock("alex", PASSPHRASE)


def test_kdf_below_floor_refused_outside_tests(
    vault_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault, _ = _make(vault_dir)
    monkeypatch.delenv("EXITDOORS_INSECURE_TEST_KDF")
    with pytest.raises(InsecureKdfRefused, match="floor"):
        vault.unlock("alex", PASSPHRASE)
    with pytest.raises(InsecureKdfRefused):
        KdfParams.cheap_for_tests()
    # A new wrap below the floor is refused too, and the floor itself is accepted.
    with pytest.raises(InsecureKdfRefused):
        KeyFile("v").with_user("x", "admin", PASSPHRASE, bytearray(32), KdfParams(8, 1))
    KeyFile("v").with_user("x", "admin", PASSPHRASE, bytearray(32), KdfParams.floor())


def test_kdf_lowered_in_the_file_is_refused(
    vault_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A real vault (at the floor) whose key file is edited down to 8 KiB / 1 pass."""
    vault = Vault(vault_dir)
    vault.create("alex", PASSPHRASE, kdf=KdfParams.floor())[0].lock()
    monkeypatch.delenv("EXITDOORS_INSECURE_TEST_KDF")
    _edit(vault.key_path, lambda d: _wrap(d, "alex").__setitem__(
        "kdf", {"memory_kib": 8, "iterations": 1, "lanes": 1}))  # fmt: skip
    with pytest.raises(VaultCorrupt, match="floor"):
        vault.unlock("alex", PASSPHRASE)


def test_fast_kdf_flag_refuses_to_run_outside_tests(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "EXITDOORS_INSECURE_TEST_KDF"}
    env["PYTHONPATH"] = str(ROOT)
    result = subprocess.run(
        [sys.executable, "-m", "exitdoors_desktop", "--data-dir", str(tmp_path / "v"),
         "vault", "init", "--user", "alex", "--passphrase-stdin", "--insecure-fast-kdf"],
        input=PASSPHRASE + "\n", capture_output=True, text=True, env=env, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 2
    assert "only for the test suite" in result.stderr
    assert not (tmp_path / "v" / "vault.key").exists()


def test_deluser_shuts_out_the_removed_user_and_old_key_files(vault_dir: Path) -> None:
    vault, recovery = _make(vault_dir)
    vault.unlock("bo", BO).lock()  # bo has a users row now
    old_keyfile = vault.key_path.read_bytes()
    session = vault.unlock("alex", PASSPHRASE)
    rekey(session, remove_user="bo")
    assert not session.is_open
    with pytest.raises(WrongPassphrase):
        vault.unlock("bo", BO)
    vault.throttle.reset()
    # The old key file and bo's passphrase give the OLD data key: it opens nothing now.
    old_key, _role = KeyFile.from_bytes(old_keyfile).unwrap_user("bo", BO)
    with pytest.raises(VaultCorrupt):
        db.open_database(vault.db_path, old_key)
    # Everyone still listed opens it, with the same passphrase and recovery key.
    session = vault.unlock("alex", PASSPHRASE)
    assert ClientRepository(session).count() == 1
    actions = [r[0] for r in session.conn.execute("SELECT action FROM audit ORDER BY seq")]
    assert "user_removed" in actions and "rekey" in actions
    deleted = session.conn.execute("SELECT deleted FROM users WHERE name = 'bo'").fetchall()
    assert deleted == [(1,)]
    assert db.integrity_problems(session.conn) == []
    session.lock()
    session = vault.unlock_with_recovery(recovery, "alex")
    session.lock()
    assert [p.name for p in vault_dir.iterdir() if ".next" in p.name] == []


def test_deluser_refuses_self_and_unknown(vault_dir: Path) -> None:
    vault, _ = _make(vault_dir)
    session = vault.unlock("alex", PASSPHRASE)
    with pytest.raises(InvalidInput):
        rekey(session, remove_user="nobody")
    session = vault.unlock("alex", PASSPHRASE)
    with pytest.raises(InvalidInput):
        rekey(session, remove_user="alex")
    session = vault.unlock("bo", BO)
    assert ClientRepository(session).count() == 1
    session.lock()


def test_passwd_rekey_shuts_out_the_old_passphrase_with_an_old_key_file(vault_dir: Path) -> None:
    vault, _ = _make(vault_dir)
    saved = vault_dir.parent / "old.key"
    shutil.copy(vault.key_path, saved)
    new = "a passphrase nobody else knows"
    vault.change_passphrase("alex", PASSPHRASE, new, kdf=CHEAP, rekey=True)
    old_key, _ = KeyFile.load(saved).unwrap_user("alex", PASSPHRASE)
    with pytest.raises(VaultCorrupt):
        db.open_database(vault.db_path, old_key)
    vault.unlock("alex", new).lock()
    vault.unlock("bo", BO).lock()  # others keep their passphrases


def test_plain_passwd_keeps_the_data_key(vault_dir: Path) -> None:
    """Documented: without --rekey an old key file and old passphrase still open it."""
    vault, _ = _make(vault_dir)
    saved = vault.key_path.read_bytes()
    vault.change_passphrase("alex", PASSPHRASE, "another fine passphrase", kdf=CHEAP)
    old_key, _ = KeyFile.from_bytes(saved).unwrap_user("alex", PASSPHRASE)
    db.open_database(vault.db_path, old_key).close()


def test_truncated_audit_tail_is_caught(vault_dir: Path) -> None:
    vault, _ = _make(vault_dir)
    session = vault.unlock("alex", PASSPHRASE)
    for _ in range(8):
        with session.transaction():
            session.audit.append(AuditAction.VIEW, "client", "c-1")
    session.lock()
    session = vault.unlock("alex", PASSPHRASE)
    assert session.audit_head_problem() is None
    session.lock()
    # Someone who can unlock drops the trigger, deletes the last 5 events, recreates it.
    key, _ = KeyFile.load(vault.key_path).unwrap_user("alex", PASSPHRASE)
    conn = db.open_database(vault.db_path, key)
    trigger = conn.execute(
        "SELECT sql FROM sqlite_master WHERE name = 'audit_no_delete'"
    ).fetchone()[0]
    conn.execute("DROP TRIGGER audit_no_delete")
    conn.execute("DELETE FROM audit WHERE seq IN (SELECT seq FROM audit ORDER BY seq DESC LIMIT 5)")
    conn.execute(trigger)
    conn.commit()
    conn.close()
    session = vault.unlock("alex", PASSPHRASE)
    problem = session.audit_head_problem()
    assert problem is not None and "truncated" in problem
    session.lock()
    # Unlocking again does not launder it: the head is not moved while it does not hold.
    session = vault.unlock("alex", PASSPHRASE)
    assert session.audit_head_problem() is not None
    session.lock()


def test_rekey_refuses_while_the_vault_is_open_elsewhere(vault_dir: Path) -> None:
    """Another connection (the app) would keep writing to the old file after the swap."""
    from exitdoors_desktop.storage.rekey import VaultBusy

    vault, _ = _make(vault_dir)
    app = vault.unlock("alex", PASSPHRASE)
    before = KeyFile.load(vault.key_path)
    with pytest.raises(VaultBusy, match="open elsewhere"):
        rekey(vault.unlock("alex", PASSPHRASE), remove_user="bo")
    assert [p.name for p in vault_dir.iterdir() if ".next" in p.name] == []
    ClientRepository(app).save(Client(id="c-2", preferred_name="Test Two"))
    app.lock()
    assert KeyFile.load(vault.key_path).users() == before.users()
    session = vault.unlock("bo", BO)
    assert ClientRepository(session).count() == 2
    session.lock()
