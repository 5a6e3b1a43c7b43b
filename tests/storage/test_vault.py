"""The vault on real SQLCipher files: create, unlock, lock, the three failures, passphrases."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

import pytest
import sqlcipher3

from exitdoors_desktop.core.errors import (
    Throttled,
    VaultCorrupt,
    VaultExists,
    VaultFromFuture,
    VaultLocked,
    WeakPassphrase,
    WrongPassphrase,
)
from exitdoors_desktop.core.people import Client
from exitdoors_desktop.storage import db
from exitdoors_desktop.storage.clients_repo import ClientRepository
from exitdoors_desktop.storage.keyfile import KeyFile
from exitdoors_desktop.storage.secrets import KdfParams
from exitdoors_desktop.storage.vault import Vault
from tests.conftest import CHEAP, PASSPHRASE


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _folder_digest(folder: Path) -> dict[str, str]:
    return {p.name: _digest(p) for p in sorted(folder.iterdir()) if p.is_file()}


def _make(vault_dir: Path, clients: int = 3) -> tuple[Vault, str]:
    vault = Vault(vault_dir)
    session, recovery = vault.create("alex", PASSPHRASE, kdf=CHEAP)
    repo = ClientRepository(session)
    for i in range(clients):
        repo.save(Client(id=f"00000000-0000-4000-8000-{i:012d}", preferred_name=f"Test {i}"))
    session.lock()
    return vault, recovery


def test_create_unlock_and_read_back(vault_dir: Path) -> None:
    vault, _ = _make(vault_dir)
    session = vault.unlock("alex", PASSPHRASE)
    assert ClientRepository(session).count() == 3
    assert session.conn.execute("PRAGMA cipher_memory_security").fetchone()[0] == "1"
    assert session.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert session.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert session.conn.execute("PRAGMA secure_delete").fetchone()[0] == 1
    session.lock()


def test_files_are_private(vault_dir: Path) -> None:
    vault, _ = _make(vault_dir)
    session = vault.unlock("alex", PASSPHRASE)  # -wal and -shm exist while it is open
    for name in ("vault.key", "vault.db", "vault.db-wal", "vault.db-shm"):
        assert stat.S_IMODE(os.stat(vault_dir / name).st_mode) == 0o600, name
    assert stat.S_IMODE(os.stat(vault_dir).st_mode) == 0o700
    session.lock()


def test_database_is_not_readable_as_plain_sqlite(vault_dir: Path) -> None:
    _make(vault_dir)
    assert b"SQLite format 3" not in (vault_dir / "vault.db").read_bytes()[:16]
    conn = sqlcipher3.connect(str(vault_dir / "vault.db"))
    with pytest.raises(sqlcipher3.DatabaseError):
        conn.execute("SELECT * FROM clients").fetchall()
    conn.close()


def test_lock_drops_connection_and_zeroes_key(vault_dir: Path) -> None:
    vault, _ = _make(vault_dir)
    session = vault.unlock("alex", PASSPHRASE)
    key = session._key
    assert key is not None and any(key)
    session.lock()
    assert not any(key)
    with pytest.raises(VaultLocked):
        _ = session.conn
    session.lock()  # twice is fine


def test_create_refuses_existing_vault(vault_dir: Path) -> None:
    _make(vault_dir)
    before = _folder_digest(vault_dir)
    with pytest.raises(VaultExists):
        Vault(vault_dir).create("bo", PASSPHRASE, kdf=CHEAP)
    assert _folder_digest(vault_dir) == before


@pytest.mark.parametrize("bad", ["short", "passwordpassword", "aaaaaaaaaaaaaaa", "Password1234"])
def test_weak_passphrases_refused(vault_dir: Path, bad: str) -> None:
    with pytest.raises(WeakPassphrase):
        Vault(vault_dir).create("alex", bad, kdf=CHEAP)
    assert not vault_dir.exists() or not any(vault_dir.iterdir())


def test_wrong_passphrase_is_its_own_error_and_changes_nothing(vault_dir: Path) -> None:
    vault, _ = _make(vault_dir)
    db_before = _digest(vault_dir / "vault.db")
    key_before = _digest(vault_dir / "vault.key")
    with pytest.raises(WrongPassphrase):
        vault.unlock("alex", "not the right passphrase")
    with pytest.raises(WrongPassphrase):
        vault.unlock("nobody", PASSPHRASE)  # unknown user reads the same
    assert _digest(vault_dir / "vault.db") == db_before
    assert _digest(vault_dir / "vault.key") == key_before


def test_tampered_byte_is_detected_and_file_unchanged(vault_dir: Path) -> None:
    _make(vault_dir, clients=50)
    path = vault_dir / "vault.db"
    data = bytearray(path.read_bytes())
    # Flip one byte in the last page, which the first query at open does not touch.
    data[len(data) - 2000] ^= 0x01
    path.write_bytes(bytes(data))
    before = _digest(path)
    with pytest.raises(VaultCorrupt):
        Vault(vault_dir).unlock("alex", PASSPHRASE)
    assert _digest(path) == before


@pytest.mark.parametrize("offset", [0, 100, 4096 + 50])
def test_tampering_anywhere_is_detected(vault_dir: Path, offset: int) -> None:
    _make(vault_dir)
    path = vault_dir / "vault.db"
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x80
    path.write_bytes(bytes(data))
    with pytest.raises(VaultCorrupt):
        Vault(vault_dir).unlock("alex", PASSPHRASE)


def test_damaged_key_file_is_corrupt_not_wrong_passphrase(vault_dir: Path) -> None:
    _make(vault_dir)
    path = vault_dir / "vault.key"
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    with pytest.raises(VaultCorrupt):
        Vault(vault_dir).unlock("alex", PASSPHRASE)


def test_missing_database_is_never_recreated(vault_dir: Path) -> None:
    _make(vault_dir)
    (vault_dir / "vault.db").rename(vault_dir / "elsewhere.db")
    with pytest.raises(VaultCorrupt):
        Vault(vault_dir).unlock("alex", PASSPHRASE)
    assert not (vault_dir / "vault.db").exists()


def test_future_schema_is_refused_and_file_unchanged(vault_dir: Path) -> None:
    vault, _ = _make(vault_dir)
    session = vault.unlock("alex", PASSPHRASE)
    session.conn.execute("PRAGMA user_version = 999")
    session.lock()
    before = _digest(vault_dir / "vault.db")
    with pytest.raises(VaultFromFuture):
        vault.unlock("alex", PASSPHRASE)
    assert _digest(vault_dir / "vault.db") == before


def test_passphrase_change_rewraps_and_is_audited(vault_dir: Path) -> None:
    vault, _ = _make(vault_dir)
    new = "a brand new passphrase 42"
    vault.change_passphrase("alex", PASSPHRASE, new, kdf=CHEAP)
    with pytest.raises(WrongPassphrase):
        vault.unlock("alex", PASSPHRASE)
    vault.throttle.reset()
    session = vault.unlock("alex", new)
    assert ClientRepository(session).count() == 3
    actions = [r[0] for r in session.conn.execute("SELECT action FROM audit ORDER BY seq")]
    assert "passphrase_change" in actions
    session.lock()


def test_change_with_wrong_old_passphrase_fails(vault_dir: Path) -> None:
    vault, _ = _make(vault_dir)
    before = _digest(vault_dir / "vault.key")
    with pytest.raises(WrongPassphrase):
        vault.change_passphrase("alex", "not my passphrase", "another good passphrase", kdf=CHEAP)
    assert _digest(vault_dir / "vault.key") == before


def test_recovery_key_sets_new_passphrase(vault_dir: Path) -> None:
    vault, recovery = _make(vault_dir)
    with pytest.raises(WrongPassphrase):
        vault.recover("AAAAA-" * 7 + "AAAAA", "alex", "recovered passphrase 1", kdf=CHEAP)
    vault.throttle.reset()
    # Typed in lower case without dashes still works.
    vault.recover(recovery.lower().replace("-", " "), "alex", "recovered passphrase 1", kdf=CHEAP)
    session = vault.unlock("alex", "recovered passphrase 1")
    assert ClientRepository(session).count() == 3
    session.lock()


def test_add_user_gets_own_wrap(vault_dir: Path) -> None:
    vault, _ = _make(vault_dir)
    session = vault.unlock("alex", PASSPHRASE)
    session.add_user("bo", "bo's own long passphrase", kdf=CHEAP)
    session.lock()
    assert {u for u, _ in vault.users()} == {"alex", "bo"}
    other = vault.unlock("bo", "bo's own long passphrase")
    assert ClientRepository(other).count() == 3
    assert other.user_id is not None
    other.lock()


def test_failed_unlocks_are_throttled_with_growing_delay(vault_dir: Path) -> None:
    _make(vault_dir)
    now = [1_000_000.0]
    vault = Vault(vault_dir, wall=lambda: now[0])
    delays = []
    for _ in range(6):
        with pytest.raises(WrongPassphrase):
            vault.unlock("alex", "wrong passphrase here")
        delays.append(vault.throttle.state().delay())
        now[0] += delays[-1] + 0.1
    assert delays[:2] == [0, 0]
    assert delays[2:] == sorted(delays[2:]) and delays[-1] > delays[2] > 0
    # A fresh Vault object (a restarted app) still sees the count: it is on disk.
    now[0] -= 0.1 + delays[-1] / 2
    with pytest.raises(Throttled) as info:
        Vault(vault_dir, wall=lambda: now[0]).unlock("alex", PASSPHRASE)
    assert info.value.retry_after > 0
    now[0] += delays[-1]
    session = Vault(vault_dir, wall=lambda: now[0]).unlock("alex", PASSPHRASE)
    actions = [r[0] for r in session.conn.execute("SELECT action FROM audit ORDER BY seq")]
    assert actions.count("failed_unlock") == 6 and actions[-1] == "unlock"
    session.lock()
    assert vault.throttle.state().failures == 0


def test_key_file_written_atomically(vault_dir: Path) -> None:
    vault, _ = _make(vault_dir)
    vault.change_passphrase("alex", PASSPHRASE, "a different long passphrase", kdf=CHEAP)
    leftovers = [p.name for p in vault_dir.iterdir() if ".tmp" in p.name]
    assert leftovers == []
    assert KeyFile.load(vault_dir / "vault.key").has_user("alex")


def test_kdf_floor_and_calibration_parameters() -> None:
    floor = KdfParams.floor()
    assert floor.memory_kib >= 64 * 1024 and floor.iterations >= 3


def test_integrity_problems_on_sound_vault(session) -> None:  # type: ignore[no-untyped-def]
    assert db.integrity_problems(session.conn) == []


def test_sibling_session_writes_concurrently_with_one_clock(vault_dir: Path) -> None:
    import threading

    vault, _ = _make(vault_dir, clients=0)
    main = vault.unlock("alex", PASSPHRASE)
    worker = main.sibling()
    assert worker.clock is main.clock and worker.user_id == main.user_id
    errors: list[BaseException] = []

    def save_many(session, prefix: int) -> None:  # type: ignore[no-untyped-def]
        try:
            repo = ClientRepository(session)
            for i in range(40):
                repo.save(
                    Client(id=f"00000000-0000-4000-8{prefix:03d}-{i:012d}", preferred_name="T")
                )
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=save_many, args=(s, n)) for n, s in ((1, main), (2, worker))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    stamps = [
        r[0] for r in main.conn.execute("SELECT DISTINCT hlc FROM changes WHERE entity='client'")
    ]
    assert len(stamps) == 80
    worker.lock()
    main.lock()


def test_big_vault_opens_at_once_and_background_check_finds_tampering(
    vault_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import exitdoors_desktop.storage.vault as vault_module

    _make(vault_dir, clients=50)
    path = vault_dir / "vault.db"
    data = bytearray(path.read_bytes())
    data[len(data) - 2000] ^= 0x01
    path.write_bytes(bytes(data))
    monkeypatch.setattr(vault_module, "FULL_CHECK_AT_UNLOCK_BYTES", 0)  # treat it as big
    # SQLCipher refuses the page the moment it is read: at unlock if opening reads it,
    # otherwise in the background check.
    with pytest.raises(VaultCorrupt):
        session = Vault(vault_dir).unlock("alex", PASSPHRASE)
        try:
            session.verify_pages()
        finally:
            session.lock()
