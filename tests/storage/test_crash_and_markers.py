"""Durability under kill -9, and no plaintext client data anywhere on disk."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from exitdoors_desktop.storage import db
from exitdoors_desktop.storage.clients_repo import ClientRepository
from exitdoors_desktop.storage.vault import Vault
from tests.conftest import CHEAP, PASSPHRASE

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_kill_minus_nine_loses_no_committed_client(vault_dir: Path) -> None:
    Vault(vault_dir).create("alex", PASSPHRASE, kdf=CHEAP)[0].lock()
    rng = random.Random(1234)
    reported: set[str] = set()
    child_script = Path(__file__).with_name("crash_child.py")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for _round in range(50):
        proc = subprocess.Popen(
            [sys.executable, str(child_script), str(vault_dir), PASSPHRASE],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.15))
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate(timeout=30)
        # A torn last line was never fully reported: ignore it.
        lines = out.split("\n")
        reported.update(line for line in lines[:-1] if len(line) == 36)
    assert len(reported) > 50
    session = Vault(vault_dir).unlock("alex", PASSPHRASE)
    try:
        present = set(ClientRepository(session).ids())
        assert reported <= present
        assert db.integrity_problems(session.conn) == []
        row = session.conn.execute("PRAGMA integrity_check").fetchone()
        assert row[0] == "ok"
    finally:
        session.lock()


MARKER = "QzMarker7731"


def test_marker_in_every_field_is_nowhere_in_plaintext(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    env = {**os.environ, "TMPDIR": str(tmp), "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "exitdoors_desktop", "--data-dir", str(data_dir)]

    def run(*args: str, stdin: str = PASSPHRASE + "\n") -> None:
        result = subprocess.run(
            [*cmd, *args],
            input=stdin,
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert MARKER not in result.stdout + result.stderr

    run("vault", "init", "--user", "alex", "--passphrase-stdin", "--insecure-fast-kdf")
    profile = {
        "preferred_name": f"{MARKER} name",
        "legal_name": f"{MARKER} legal",
        "pronouns": f"{MARKER} pronouns",
        "aliases": [f"{MARKER} alias"],
        "languages": [f"{MARKER} language"],
        "safe_contact_notes": f"{MARKER} notes",
        "assigned_worker": f"{MARKER} worker",
    }
    source = tmp_path / "import.json"
    source.write_text(json.dumps([profile]), encoding="utf-8")
    run("clients", "import", str(source), "--passphrase-stdin")
    source.unlink()
    run("vault", "check", "--passphrase-stdin")
    # While a session is open too: the WAL must be encrypted as well.
    session = Vault(data_dir).unlock("alex", PASSPHRASE)
    try:
        assert ClientRepository(session).count() == 1
        _assert_no_marker([data_dir, tmp])
    finally:
        session.lock()
    _assert_no_marker([data_dir, tmp])


def _assert_no_marker(folders: list[Path]) -> None:
    needles = [MARKER.encode(), MARKER.encode("utf-16-le"), MARKER.lower().encode()]
    scanned = 0
    for folder in folders:
        for path in folder.rglob("*"):
            if path.is_file():
                scanned += 1
                data = path.read_bytes().lower()
                for needle in needles:
                    assert needle.lower() not in data, f"marker found in {path.name}"
    assert scanned >= 2
