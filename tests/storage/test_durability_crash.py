"""kill -9 at random moments during a re-key and during a backup (real processes and files)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from exitdoors_desktop.core.people import Client
from exitdoors_desktop.storage import db
from exitdoors_desktop.storage.backup import read_backup, unwrap_backup, verify_backup
from exitdoors_desktop.storage.clients_repo import ClientRepository
from exitdoors_desktop.storage.secrets import zero
from exitdoors_desktop.storage.vault import Vault
from tests.conftest import CHEAP, PASSPHRASE

ROOT = Path(__file__).resolve().parents[2]
CLIENTS = 300


def _seed(vault_dir: Path) -> Vault:
    vault = Vault(vault_dir)
    session, _ = vault.create("alex", PASSPHRASE, kdf=CHEAP)
    repo = ClientRepository(session)
    with session.transaction():
        for i in range(CLIENTS):
            repo.save(Client(id=f"c-{i:04d}", preferred_name=f"Crash Test {i}",
                             safe_contact_notes="x" * 400))  # fmt: skip
    session.lock()
    return vault


def _child(script: str, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name(script)), *args],
        stdout=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    return proc


@pytest.mark.slow
def test_kill_during_rekey_never_leaves_the_vault_unopenable(vault_dir: Path) -> None:
    vault = _seed(vault_dir)
    rng = random.Random(4321)
    # How long one unlock + re-key takes here, so the kills span all of it (and a bit more).
    proc = _child("rekey_child.py", str(vault_dir), PASSPHRASE)
    start = time.perf_counter()
    assert proc.stdout is not None and proc.stdout.readline().strip() == "rekeyed"
    span = (time.perf_counter() - start) * 1.5
    proc.kill()
    proc.communicate(timeout=30)
    finished = 0
    for _round in range(30):
        proc = _child("rekey_child.py", str(vault_dir), PASSPHRASE)
        time.sleep(rng.uniform(0.0, span))
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate(timeout=30)
        finished += out.count("rekeyed")
        # Old or new key opens it, never neither: the next open completes or undoes the run.
        session = vault.unlock("alex", PASSPHRASE)
        try:
            assert ClientRepository(session).count() == CLIENTS
            assert db.cipher_problems(session.conn) == []
            assert session.audit_head_problem() is None
        finally:
            session.lock()
    assert finished > 0  # some runs did complete (the kills also landed mid-way)
    session = vault.unlock("alex", PASSPHRASE)
    assert db.integrity_problems(session.conn) == []
    session.lock()


@pytest.mark.slow
def test_kill_during_backup_leaves_no_file_or_a_whole_one(vault_dir: Path, tmp_path: Path) -> None:
    _seed(vault_dir)
    rng = random.Random(99)
    out_dir = tmp_path / "usb"
    out_dir.mkdir()
    # How long one whole backup takes here (after "ready"), so the kills span all of it.
    start = time.perf_counter()
    proc = _child("backup_child.py", str(vault_dir), PASSPHRASE, str(out_dir / "timing.edb"))
    proc.communicate(timeout=60)
    span = (time.perf_counter() - start) * 1.3
    (out_dir / "timing.edb").unlink()
    whole = absent = 0
    for n in range(30):
        out = out_dir / f"backup-{n}.edb"
        proc = _child("backup_child.py", str(vault_dir), PASSPHRASE, str(out))
        time.sleep(rng.uniform(0.0, span))
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=30)
        if not out.exists():
            absent += 1
            continue
        backup = read_backup(out)  # raises "damaged backup" on a partial file
        key, _name, _role = unwrap_backup(backup, "alex", PASSPHRASE, None)
        try:
            assert verify_backup(backup, key)["clients"] == CLIENTS
        finally:
            zero(key)
        whole += 1
    assert whole + absent == 30
    assert absent > 0 and whole > 0, (whole, absent)
