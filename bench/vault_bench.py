"""Vault benchmarks, each figure beside its baseline from the same run.

- Save one client (durable commit, change log and audit included): p50/p95 on SQLCipher and on
  plain SQLite with the same schema, pragmas and code path. Targets: ratio <= 1.5, p95 <= 15 ms.
  SQLCipher is measured with cipher_memory_security ON (what the app runs) and, for reference
  only, OFF — the cost of wiping every freed allocation shows up here.
- Unlock (Argon2id with the calibrated parameters + open + integrity check + first query).
"""

from __future__ import annotations

import contextlib
import sqlite3
import statistics
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

from exitdoors_desktop.core.hlc import HybridClock
from exitdoors_desktop.core.people import Client
from exitdoors_desktop.storage import db
from exitdoors_desktop.storage.audit import AuditLog
from exitdoors_desktop.storage.changelog import ChangeWriter
from exitdoors_desktop.storage.clients_repo import ClientRepository
from exitdoors_desktop.storage.migrate import migrate
from exitdoors_desktop.storage.secrets import KdfParams, calibrate
from exitdoors_desktop.storage.vault import Vault

PASSPHRASE = "benchmark passphrase, long enough"
SAVES = 300


class _PlainSession:
    """The parts of Session that ClientRepository uses, over any connection."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.clock = HybridClock("bench-device")
        self.audit = AuditLog(conn, self.clock, "bench-device", "bench-user")
        self.changes = ChangeWriter(conn, self.clock, "bench-device", "bench-user", self.audit)
        self.user_id = "bench-user"

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[int(len(ordered) * 0.95) - 1]


def _time_saves(session: object) -> tuple[float, float]:
    repo = ClientRepository(session)  # type: ignore[arg-type]
    for _ in range(20):  # warm up
        repo.save(Client(id=str(uuid.uuid4()), preferred_name="Warm Up"))
    samples = []
    for i in range(SAVES):
        client = Client(
            id=str(uuid.uuid4()),
            preferred_name=f"Bench Person {i}",
            pronouns="she/her",
            languages=("English", "French"),
            safe_contact_notes="Synthetic benchmark note.",
        )
        start = time.perf_counter()
        repo.save(client)
        samples.append((time.perf_counter() - start) * 1000)
    return _percentiles(samples)


def _plain(folder: Path) -> tuple[float, float]:
    conn = sqlite3.connect(folder / "plain.db", isolation_level=None)
    db.apply_runtime_pragmas(conn)
    migrate(conn, backup_path=None, key=b"")
    try:
        return _time_saves(_PlainSession(conn))
    finally:
        conn.close()


def _cipher(folder: Path, memory_security: bool) -> tuple[float, float]:
    name = "cipher-on" if memory_security else "cipher-off"
    vault = Vault(folder / name)
    session, _ = vault.create("bench", PASSPHRASE, kdf=KdfParams.cheap_for_tests())
    session.conn.execute(f"PRAGMA cipher_memory_security = {'ON' if memory_security else 'OFF'}")
    try:
        return _time_saves(session)
    finally:
        session.lock()


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        plain = _plain(folder)
        on = _cipher(folder, True)
        off = _cipher(folder, False)
        print(f"save one client, {SAVES} durable commits (change log + audit), ms:")
        print(f"  plain SQLite (baseline)           p50 {plain[0]:6.2f}  p95 {plain[1]:6.2f}")
        print(
            f"  SQLCipher, memory security ON     p50 {on[0]:6.2f}  p95 {on[1]:6.2f}"
            f"  ratio p50 {on[0] / plain[0]:.2f}  p95 {on[1] / plain[1]:.2f}"
            "  (targets: ratio <= 1.5, p95 <= 15 ms)"
        )
        print(
            f"  SQLCipher, memory security OFF    p50 {off[0]:6.2f}  p95 {off[1]:6.2f}"
            f"  ratio p50 {off[0] / plain[0]:.2f}  p95 {off[1] / plain[1]:.2f}  (reference only)"
        )
        params = calibrate()
        vault = Vault(folder / "unlock")
        vault.create("bench", PASSPHRASE, kdf=params)[0].lock()
        samples = []
        for _ in range(5):
            start = time.perf_counter()
            session = vault.unlock("bench", PASSPHRASE)
            session.conn.execute("SELECT count(*) FROM clients").fetchone()
            samples.append((time.perf_counter() - start) * 1000)
            session.lock()
        kdf_only = []
        for _ in range(3):
            from exitdoors_desktop.storage.secrets import derive_key

            start = time.perf_counter()
            derive_key(b"x", b"0123456789abcdef", params)
            kdf_only.append((time.perf_counter() - start) * 1000)
        print(
            f"unlock (Argon2id {params.memory_kib // 1024} MiB, {params.iterations} passes, "
            f"{params.lanes} lane): median {statistics.median(samples):.0f} ms; "
            f"the KDF alone (baseline) {statistics.median(kdf_only):.0f} ms"
        )


if __name__ == "__main__":
    main()
