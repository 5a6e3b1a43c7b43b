"""Backup and restore on real files: identical tables, both ways to open, damage, refusal."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from exitdoors_desktop.core.errors import InvalidInput, VaultExists, WrongPassphrase
from exitdoors_desktop.core.people import Client
from exitdoors_desktop.storage import db
from exitdoors_desktop.storage.audit import verify_chain
from exitdoors_desktop.storage.backup import (
    BackupDamaged,
    create_backup,
    read_backup,
    restore_backup,
    unwrap_backup,
    verify_backup,
)
from exitdoors_desktop.storage.clients_repo import ClientRepository
from exitdoors_desktop.storage.demo import seed_demo
from exitdoors_desktop.storage.secrets import zero
from exitdoors_desktop.storage.vault import Vault
from tests.conftest import CHEAP, PASSPHRASE

MARKER = "QzBackupMarker4410"
# Rows that legitimately differ after a restore: the restore's own audit events, the new
# device id, the dropped sync identity.
SKIP = {"audit", "meta", "sync_state", "quarantine", "sqlite_sequence"}


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """One seeded vault and backup for the module (seeding is the slow part)."""
    tmp_path = tmp_path_factory.mktemp("backup")
    vault = Vault(tmp_path / "vault")
    session, recovery = vault.create("alex", PASSPHRASE, kdf=CHEAP)
    seed_demo(session, 25, seed=3)
    ClientRepository(session).save(
        Client(
            id="m-1",
            preferred_name=f"{MARKER} name",
            legal_name=f"{MARKER} legal",
            safe_contact_notes=f"{MARKER} notes",
        )  # fmt: skip
    )
    with session.transaction():
        session.conn.execute("INSERT INTO sync_state (key, value) VALUES ('token', 'secret')")
    out = tmp_path / "usb" / "vault-backup.edb"
    out.parent.mkdir()
    manifest = create_backup(session, out)
    assert manifest.counts["clients"] == 26
    session.lock()
    return tmp_path, recovery


@pytest.fixture
def made(template: tuple[Path, str], tmp_path: Path) -> tuple[Vault, str, Path]:
    source, recovery = template
    for folder in ("vault", "usb"):
        shutil.copytree(source / folder, tmp_path / folder)
    return Vault(tmp_path / "vault"), recovery, tmp_path / "usb" / "vault-backup.edb"


def _tables(folder: Path, key: bytearray) -> dict[str, list[tuple[object, ...]]]:
    conn = db.open_database(folder / "vault.db", key)
    try:
        names = [
            r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            if r[0] not in SKIP
        ]  # fmt: skip
        return {n: sorted(conn.execute(f'SELECT * FROM "{n}"').fetchall(), key=repr)  # noqa: S608
                for n in names}  # fmt: skip
    finally:
        conn.close()


def test_restore_gives_identical_tables_and_a_passing_check(
    made: tuple[Vault, str, Path], tmp_path: Path
) -> None:
    vault, _recovery, out = made
    new = tmp_path / "restored"
    session = restore_backup(new, out, user="alex", passphrase=PASSPHRASE)
    restored_key = session.data_key()
    assert db.integrity_problems(session.conn) == []
    assert verify_chain(session.conn).ok and session.audit_head_problem() is None
    # The sync identity is dropped and the device id is new.
    assert session.conn.execute("SELECT count(*) FROM sync_state").fetchone()[0] == 0
    old = vault.unlock("alex", PASSPHRASE)
    assert old.device_id != session.device_id
    old_key = old.data_key()
    actions = [r[0] for r in session.conn.execute("SELECT action FROM audit ORDER BY seq")]
    assert "backup_restored" in actions
    session.lock()
    old.lock()
    assert _tables(vault.data_dir, old_key) == _tables(new, restored_key)
    assert len(_tables(new, restored_key)["clients"]) == 26
    assert bytes(old_key) != bytes(restored_key)  # a fresh key, not the vault's
    zero(old_key)
    zero(restored_key)
    Vault(new).unlock("alex", PASSPHRASE).lock()


def test_restore_with_the_recovery_key(made: tuple[Vault, str, Path], tmp_path: Path) -> None:
    _vault, recovery, out = made
    session = restore_backup(tmp_path / "r", out, recovery=recovery.lower())
    assert ClientRepository(session).count() == 26
    session.lock()
    with pytest.raises(WrongPassphrase):
        restore_backup(tmp_path / "r2", out, recovery="AAAAA-" * 7 + "AAAAA")
    assert not (tmp_path / "r2" / "vault.key").exists()


def test_wrong_passphrase_writes_nothing(made: tuple[Vault, str, Path], tmp_path: Path) -> None:
    _vault, _recovery, out = made
    with pytest.raises(WrongPassphrase):
        restore_backup(tmp_path / "r", out, user="alex", passphrase="not the passphrase at all")
    assert not (tmp_path / "r").exists()


def test_restore_refuses_an_existing_vault(made: tuple[Vault, str, Path]) -> None:
    vault, _recovery, out = made
    before = (vault.data_dir / "vault.db").read_bytes()
    with pytest.raises(VaultExists):
        restore_backup(vault.data_dir, out, user="alex", passphrase=PASSPHRASE)
    assert (vault.data_dir / "vault.db").read_bytes() == before


@pytest.mark.parametrize("where", ["magic", "header", "manifest", "body-start", "body-end"])
def test_a_flipped_byte_is_a_damaged_backup(
    made: tuple[Vault, str, Path], tmp_path: Path, where: str
) -> None:
    _vault, _recovery, out = made
    data = bytearray(out.read_bytes())
    header_end = 25 + int.from_bytes(data[17:25], "big")
    offset = {
        "magic": 3,
        "header": 40,
        "manifest": data.index(b'"body_sha256"') + 20,
        "body-start": header_end + 100,
        "body-end": len(data) - 10,
    }[where]
    data[offset] ^= 0x04
    out.write_bytes(bytes(data))
    with pytest.raises(BackupDamaged, match="damaged backup"):
        read_backup(out)
    with pytest.raises(BackupDamaged, match="damaged backup"):
        restore_backup(tmp_path / "r", out, user="alex", passphrase=PASSPHRASE)
    assert not (tmp_path / "r" / "vault.key").exists()


def test_a_forged_manifest_is_caught_after_unwrapping(made: tuple[Vault, str, Path]) -> None:
    """Change the counts and recompute the plain checksum: the MAC still catches it."""
    import hashlib

    _vault, _recovery, out = made
    data = out.read_bytes()
    length = int.from_bytes(data[17:25], "big")
    header = json.loads(data[25 : 25 + length])
    header["manifest"]["counts"]["clients"] = 999
    canonical = json.dumps(header["manifest"], sort_keys=True, separators=(",", ":"))
    header["manifest_sha256"] = hashlib.sha256(canonical.encode()).hexdigest()
    raw = json.dumps(header).encode()
    out.write_bytes(data[:17] + len(raw).to_bytes(8, "big") + raw + data[25 + length :])
    backup = read_backup(out)
    with pytest.raises(BackupDamaged, match="manifest was altered"):
        unwrap_backup(backup, "alex", PASSPHRASE, None)


def test_verify_and_no_marker_in_the_file(made: tuple[Vault, str, Path]) -> None:
    _vault, _recovery, out = made
    backup = read_backup(out)
    key, name, role = unwrap_backup(backup, None, PASSPHRASE, None)
    assert (name, role) == ("alex", "admin")
    assert verify_backup(backup, key)["clients"] == 26
    zero(key)
    raw = out.read_bytes().lower()
    assert MARKER.lower().encode() not in raw
    assert MARKER.lower().encode("utf-16-le") not in raw
    assert [p.name for p in out.parent.iterdir()] == [out.name]  # no temp file left
    assert out.stat().st_mode & 0o777 == 0o600


def test_create_refuses_an_existing_file(made: tuple[Vault, str, Path]) -> None:
    vault, _recovery, out = made
    session = vault.unlock("alex", PASSPHRASE)
    try:
        with pytest.raises(InvalidInput, match="already exists"):
            create_backup(session, out)
    finally:
        session.lock()
