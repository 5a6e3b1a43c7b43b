"""Desktop-app benchmarks on the demo's 10,000-client vault with its full history (about 2.4 GB,
3.4 million change-log rows: `exitdoors demo --clients 10000`), each figure beside the bare work
it wraps, measured in the same run.

- start to unlock window shown (a fresh `python -m exitdoors_desktop` process) vs. a process
  that only shows an empty Qt window;                                       target <= 1.5 s
- unlock (after the KDF) to caseload shown: every client listed by name with the first
  screenful (200 by name, read through the per-client indexes) read whole vs. that bare query,
  target <= 300 ms; all 10,000 rows listed (lines drawn are read on demand) vs. the bare full
  caseload query,                                                           target <= 1 s;
  and when the full background read has filled every line
- the caseload's last-contact read (one index seek per client) vs. the max(date) GROUP BY
  aggregate it replaced (seconds on this vault)
- search keystroke to results vs. a plain loop over the same strings, while the background
  page check runs and after it ended;                                       target <= 50 ms
- open a client record vs. the repository reads it makes;                   target <= 100 ms
- one client's caseload row re-read after a write vs. her bare row query
- resident memory with the caseload open vs. QApplication alone;           target <= 300 MB

The vault is built once (tens of minutes on two cores, with deliberately cheap key-derivation
costs, set explicitly) into $EXITDOORS_BENCH_GUI_VAULT, default /tmp/exitdoors-bench/gui-10k-history,
and reused by later runs.
"""

from __future__ import annotations

import datetime as dt
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from exitdoors_desktop.core.definitions import load_definitions  # noqa: E402
from exitdoors_desktop.storage.clients_repo import ClientRepository  # noqa: E402
from exitdoors_desktop.storage.demo import seed_demo  # noqa: E402
from exitdoors_desktop.storage.program_repo import (  # noqa: E402
    ResponseRepository,
    TransitionRepository,
)
from exitdoors_desktop.storage.secrets import KdfParams, derive_key  # noqa: E402
from exitdoors_desktop.storage.vault import Vault  # noqa: E402

CLIENTS = 10_000
OUT = Path(os.environ.get("EXITDOORS_BENCH_GUI_VAULT", "/tmp/exitdoors-bench/gui-10k-history"))
PASSPHRASE = "benchmark passphrase, long enough"
TODAY = dt.date(2026, 11, 1)
OLD_LAST_CONTACT = "SELECT client_id, max(date) FROM contacts WHERE deleted = 0 GROUP BY client_id"
NEW_LAST_CONTACT = (
    "SELECT id, (SELECT date FROM contacts WHERE client_id = clients.id AND deleted = 0"
    " ORDER BY date DESC LIMIT 1) FROM clients WHERE deleted = 0"
)


def seed() -> None:
    """The demo's vault (every phase, contacts, plans, readings, referrals, consents, group
    sessions), built beside OUT and renamed into place only when complete."""
    if (OUT / "vault.key").exists():
        return
    building = OUT.with_name(OUT.name + ".building")
    shutil.rmtree(building, ignore_errors=True)
    start = time.perf_counter()
    print(
        f"(building the demo vault of {CLIENTS:,} clients with history in {OUT}; this takes a while)"
    )
    session, _ = Vault(building).create("bench", PASSPHRASE, kdf=KdfParams.cheap_for_tests())
    try:
        seed_demo(session, CLIENTS, seed=7, today=TODAY)
    finally:
        session.lock()
    building.rename(OUT)
    print(f"(built in {time.perf_counter() - start:.0f} s)")


def _first_window_seconds(cmd: list[str]) -> float:
    env = {**os.environ, "EXITDOORS_READY_MARKER": "1", "QT_QPA_PLATFORM": "offscreen"}
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        if "window-shown" in line:
            break
    elapsed = time.perf_counter() - start
    proc.terminate()
    proc.wait(timeout=10)
    return elapsed


EMPTY_WINDOW = (
    "from PySide6.QtWidgets import QApplication, QMainWindow; import sys; "
    "app = QApplication(sys.argv); w = QMainWindow(); w.show(); print('window-shown', flush=True); "
    "app.exec()"
)


def main() -> None:
    seed()
    starts = [
        _first_window_seconds([sys.executable, "-m", "exitdoors_desktop", "--data-dir", str(OUT)])
        for _ in range(3)
    ]
    bare = [_first_window_seconds([sys.executable, "-c", EMPTY_WINDOW]) for _ in range(3)]
    print(f"start to unlock window: {statistics.median(starts) * 1000:.0f} ms "
          f"(empty Qt window process: {statistics.median(bare) * 1000:.0f} ms; target <= 1500 ms)")  # fmt: skip

    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from exitdoors_desktop.storage.caseload_query import caseload, caseload_outline
    from exitdoors_desktop.ui.caseload.model import first_by_name, fold
    from exitdoors_desktop.ui.record.widget import ClientRecordWidget
    from exitdoors_desktop.ui.shell.main import application, build_window
    from exitdoors_desktop.ui.shell.workspace import FIRST_SCREEN

    _app = application()  # kept alive for the whole benchmark
    rss_app = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    window = build_window(OUT, today=lambda: TODAY)
    window.show()
    # The unlock screen is up while she types and the KDF runs (>= 0.5 s): let its idle-time
    # work happen, as it would.
    idle = QEventLoop()
    QTimer.singleShot(600, idle.quit)
    idle.exec()
    Vault(OUT).unlock("bench", PASSPHRASE).lock()  # once, so the clock checkpoint is current
    start = time.perf_counter()
    session = Vault(OUT).unlock("bench", PASSPHRASE)
    unlock_ms = (time.perf_counter() - start) * 1000
    kdf = KdfParams.cheap_for_tests()  # what seed() made this vault with
    start = time.perf_counter()
    derive_key(PASSPHRASE.encode(), bytes(16), kdf)
    open_ms = unlock_ms - (time.perf_counter() - start) * 1000  # the vault opening after the KDF
    program = load_definitions().program
    changes = session.conn.execute("SELECT count(*) FROM changes").fetchone()[0]
    size = sum(f.stat().st_size for f in OUT.iterdir() if f.name.startswith("vault.db"))
    print(f"vault: {size / 2**30:.1f} GB, {changes:,} change-log rows")
    start, cpu = time.perf_counter(), time.thread_time()
    rows = caseload(session, program, TODAY)
    query_ms = (time.perf_counter() - start) * 1000
    query_cpu_ms = (time.thread_time() - cpu) * 1000  # the same, less what other processes took
    timings = {}
    for label, sql in (("aggregate", OLD_LAST_CONTACT), ("seek", NEW_LAST_CONTACT)):
        start = time.perf_counter()
        session.conn.execute(sql).fetchall()
        timings[label] = (time.perf_counter() - start) * 1000
    print(f"last contact of every client, one index seek each: {timings['seek']:.0f} ms "
          f"(the max(date) GROUP BY aggregate the caseload used before: {timings['aggregate']:.0f} ms)")  # fmt: skip
    start = time.perf_counter()
    outline = caseload_outline(session)
    caseload(
        session,
        program,
        TODAY,
        client_ids=first_by_name([(r.client_id, r.preferred_name) for r in outline], FIRST_SCREEN),
    )
    first_query_ms = (time.perf_counter() - start) * 1000
    start, cpu = time.perf_counter(), time.process_time()
    window.open_session(session)
    ws = window.workspace
    assert ws is not None
    model = ws.caseload.model
    # (time, rows listed, rows still pending, CPU time) at every reset of the model
    resets: list[tuple[float, int, int, float]] = []
    loop = QEventLoop()

    def on_reset() -> None:
        pending = model.pending_count()
        resets.append((time.perf_counter(), model.rowCount(), pending, time.process_time()))
        if model.rowCount() >= len(rows) and not pending:
            loop.quit()

    model.modelReset.connect(on_reset)
    loop.exec()
    first_ms = (resets[0][0] - start) * 1000 + open_ms
    listed = next(r for r in resets if r[1] >= len(rows))
    listed_ms = (listed[0] - start) * 1000 + open_ms
    shown_ms = (resets[-1][0] - start) * 1000 + open_ms
    shown_cpu_ms = (resets[-1][3] - cpu) * 1000 + open_ms  # both threads of this process
    read = len(rows) - resets[0][2]
    print(f"unlock to caseload shown: all {resets[0][1]:,} clients listed, the first {read} by "
          f"name read whole: {first_ms:.0f} ms, of which opening the vault after the KDF "
          f"{open_ms:.0f} ms (its bare queries, the list and those {read}: {first_query_ms:.0f} ms; "
          f"target <= 300 ms)")  # fmt: skip
    print(f"unlock to all {len(rows):,} rows shown (listed and searchable; a line drawn is read "
          f"on demand): {listed_ms:.0f} ms (bare caseload query: {query_ms:.0f} ms, of which "
          f"CPU {query_cpu_ms:.0f} ms; target <= 1000 ms)")  # fmt: skip
    print(f"unlock to every line's phase, dates and flags read (full background read): "
          f"{shown_ms:.0f} ms (this process's CPU time meanwhile {shown_cpu_ms:.0f} ms)")  # fmt: skip
    proxy = ws.caseload.proxy
    ws.caseload.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    t = time.perf_counter()
    ws.caseload.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
    sort_ms = (time.perf_counter() - t) * 1000
    print(f"sort 10,000 rows by days in phase: {sort_ms:.0f} ms")
    texts = [fold(r.search_text) for r in rows]
    words = ("a", "au", "aur", "s", "sa", "sam", "e", "ex", "z")

    def keystrokes() -> tuple[list[float], list[float]]:
        samples, loop_times = [], []
        for word in words:
            t = time.perf_counter()
            proxy.set_search(word)
            proxy.rowCount()
            QApplication.processEvents()  # what the keystroke left for the event loop (refit)
            samples.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            _ = [s for s in texts if word in s]
            loop_times.append((time.perf_counter() - t) * 1000)
        proxy.set_search("")
        return samples, loop_times

    # The window checks every page of a big vault in the background once the caseload is
    # shown (main_window._start_page_check, tens of seconds on a cold 2.3 GB file): keystrokes
    # are timed while it runs and again after it ended, and said apart, so a stall behind it
    # (once 137 s for one keystroke in this bench) is reported as what it is. That stall was
    # not the check: the caseload's columns were refitted for every run of rows a keystroke let
    # through (ui/kit/columns.py now fits once per keystroke).
    checking = window.verify_runner.busy()
    samples, loop_times = keystrokes()
    label = "while the page check runs" if checking else "page check not running"
    print(f"search keystroke to results ({label}): median {statistics.median(samples):.1f} ms, "
          f"max {max(samples):.1f} ms (plain loop: {statistics.median(loop_times):.1f} ms; "
          f"target <= 50 ms)")  # fmt: skip
    t = time.perf_counter()
    while window.verify_runner.busy():
        idle = QEventLoop()
        QTimer.singleShot(200, idle.quit)
        idle.exec()
    check_s = time.perf_counter() - t
    if checking:
        print(f"(the page check ended {check_s:.1f} s after those keystrokes)")
        samples, loop_times = keystrokes()
        print(f"search keystroke to results (page check ended): median "
              f"{statistics.median(samples):.1f} ms, max {max(samples):.1f} ms "
              f"(plain loop: {statistics.median(loop_times):.1f} ms; target <= 50 ms)")  # fmt: skip
    ids = [r.client_id for r in rows[:: len(rows) // 10]]
    opens, reads = [], []
    for cid in ids:
        t = time.perf_counter()
        widget = ClientRecordWidget(window.context(), cid)
        opens.append((time.perf_counter() - t) * 1000)
        widget.deleteLater()
        t = time.perf_counter()
        ClientRepository(session).get(cid, audit=False)
        ResponseRepository(session).for_client(cid)
        TransitionRepository(session).history(cid)
        reads.append((time.perf_counter() - t) * 1000)
    refreshes, bare_rows = [], []
    for cid in ids:
        t = time.perf_counter()
        ws.caseload.refresh_clients([cid])
        refreshes.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        caseload(session, program, TODAY, client_ids=[cid])
        bare_rows.append((time.perf_counter() - t) * 1000)
    print(f"her caseload row put right after a write: median {statistics.median(refreshes):.1f} ms "
          f"(her bare row query: {statistics.median(bare_rows):.1f} ms)")  # fmt: skip
    print(f"open a client record: median {statistics.median(opens):.0f} ms "
          f"(its repository reads: {statistics.median(reads):.1f} ms; target <= 100 ms)")  # fmt: skip
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory with the caseload open: {rss:.0f} MB "
          f"(QApplication alone: {rss_app:.0f} MB; target <= 300 MB)")  # fmt: skip
    window.lock()
    window.runner.shutdown()
    window.sync_runner.shutdown()
    window.verify_runner.shutdown()


if __name__ == "__main__":
    main()
