"""Backup, restore and erasure on the GUI bench's 10,000-client vault, beside plain baselines.

- backup create (sqlcipher_export under a fresh key + manifest + atomic write) vs. a plain
  file copy of the same database (copy + fsync);                             target <= 30 s
- restore (checksum, every page's HMAC, integrity_check, sync identity dropped) vs. the same
  plain file copy;                                                           target <= 30 s
- erasure of one client (every row about her, her history, WAL truncated) vs. deleting her
  profile row alone;                                                         target <= 1 s

The vault is the one gui_bench seeds (kept in bench/out/gui-10k); this bench works on a copy.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from bench.gui_bench import OUT, PASSPHRASE, seed
from exitdoors_desktop.storage.backup import create_backup, restore_backup
from exitdoors_desktop.storage.erasure import erase_client
from exitdoors_desktop.storage.vault import Vault


def _plain_copy(source: Path, target: Path) -> float:
    start = time.perf_counter()
    shutil.copyfile(source, target)
    with open(target, "rb+") as fh:
        import os

        os.fsync(fh.fileno())
    return time.perf_counter() - start


def main() -> None:
    seed()
    with tempfile.TemporaryDirectory(prefix="exitdoors-backup-bench-") as tmp:
        work = Path(tmp) / "vault"
        shutil.copytree(OUT, work)
        size = (work / "vault.db").stat().st_size
        print(f"vault: {size / 1e6:.1f} MB database, 10,000 clients")

        copy_s = _plain_copy(work / "vault.db", Path(tmp) / "plain-copy.db")
        session = Vault(work).unlock("bench", PASSPHRASE)
        start = time.perf_counter()
        manifest = create_backup(session, Path(tmp) / "bench.edb")
        backup_s = time.perf_counter() - start
        print(
            f"backup create: {backup_s:6.2f} s   plain file copy: {copy_s:6.2f} s   "
            f"ratio {backup_s / copy_s:5.1f}   ({manifest.counts['clients']} clients, target <= 30 s)"
        )

        copy2_s = _plain_copy(Path(tmp) / "bench.edb", Path(tmp) / "plain-copy-2.edb")
        start = time.perf_counter()
        restored = restore_backup(Path(tmp) / "restored", Path(tmp) / "bench.edb",
                                  user="bench", passphrase=PASSPHRASE)  # fmt: skip
        restore_s = time.perf_counter() - start
        restored.lock()
        print(
            f"backup restore: {restore_s:6.2f} s   plain file copy: {copy2_s:6.2f} s   "
            f"ratio {restore_s / copy2_s:5.1f}   (target <= 30 s)"
        )

        ids = [r[0] for r in session.conn.execute("SELECT id FROM clients ORDER BY id LIMIT 2")]
        start = time.perf_counter()
        report = erase_client(session, ids[0])
        erase_s = time.perf_counter() - start
        start = time.perf_counter()
        with session.transaction():
            session.conn.execute("DELETE FROM clients WHERE id = ?", (ids[1],))
        delete_s = time.perf_counter() - start
        print(
            f"erase one client: {erase_s * 1000:7.1f} ms   delete her profile row alone: "
            f"{delete_s * 1000:7.1f} ms   ({report.rows} rows, {report.changes} history "
            "entries; target <= 1 s)"
        )
        session.lock()


if __name__ == "__main__":
    main()
