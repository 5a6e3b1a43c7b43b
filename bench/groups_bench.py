"""Group-work benchmark on a real SQLCipher vault (memory security on), 2,000 active clients.

- Saving a new session with 30 linked attendees (session row, 30 attendance rows, their change
  log and audit, one transaction; target <= 100 ms), and editing one (5 leave, 5 join), beside
  a plain repository read of the same rows (the session and its 30 attendees).
- The attendance checklist at the storage level: reading the 2,000 active clients once
  (``GroupRepository.checklist``) and filtering them per keystroke (``filter_checklist``),
  beside a plain read of the same rows (``ClientRepository.names``).
- The same keystrokes through the real screen: each key sent to the checklist's search box
  (``ui.groups.checklist.AttendanceChecklist``, offscreen) until the list view has repainted
  (target <= 50 ms), beside the plain repository read of the same 2,000 rows.

The clients are written by a bench-only bulk path (plain INSERTs, no change log): through the
repository they would take ~5 ms each and measure nothing this bench is about.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from exitdoors_desktop.core.definitions import load_definitions
from exitdoors_desktop.core.groups import GroupSession, Place
from exitdoors_desktop.storage.clients_repo import ClientRepository
from exitdoors_desktop.storage.demo import FIRST, LAST
from exitdoors_desktop.storage.groups_repo import (
    ChecklistEntry,
    GroupRepository,
    filter_checklist,
)
from exitdoors_desktop.storage.secrets import KdfParams
from exitdoors_desktop.storage.vault import Session, Vault

CLIENTS = 2_000
ATTENDEES = 30
RUNS = 25
DAY = dt.date(2026, 3, 10)


def median_ms(fn: Callable[[], object], runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def _fill(session: Session, rng: random.Random) -> list[str]:
    ids = [str(uuid.UUID(int=rng.getrandbits(128), version=4)) for _ in range(CLIENTS)]
    rows = []
    for i, cid in enumerate(ids):
        first, last = FIRST[i % len(FIRST)], LAST[(i // len(FIRST)) % len(LAST)]
        aliases = [f"{first[0]}. {last}"] if i % 3 == 0 else []
        rows.append((cid, f"{first} {last} {i:04d}", json.dumps(aliases), "active", "w1"))
    with session.transaction():
        session.conn.executemany(
            "INSERT INTO clients (id, preferred_name, aliases, status, assigned_worker)"
            " VALUES (?,?,?,?,?)",
            rows,
        )
    return ids


def _session(sid: str) -> GroupSession:
    return GroupSession(
        sid, DAY, "skills_training", Place.COMMUNITY, dt.time(18, 0), 90, "Budgeting",
        others_count=3,
    )  # fmt: skip


def _ui_keystrokes(entries: list[ChecklistEntry], typed: str) -> list[float]:
    """Milliseconds per key typed into the real checklist widget, each until it has repainted;
    the text is typed RUNS // 5 times over and the median per prefix kept."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from exitdoors_desktop.ui.groups.checklist import AttendanceChecklist

    app = QApplication.instance() or QApplication([])
    widget = AttendanceChecklist()
    widget.resize(420, 520)
    widget.set_entries(entries)
    widget.show()
    app.processEvents()
    rounds: list[list[float]] = []
    for _ in range(max(1, RUNS // 5)):
        widget.search.clear()
        widget.view.viewport().repaint()
        times = []
        for ch in typed:
            start = time.perf_counter()
            QTest.keyClick(widget.search, ch)
            widget.view.viewport().repaint()  # synchronous paint of what is now shown
            times.append((time.perf_counter() - start) * 1000)
        rounds.append(times)
    widget.close()
    widget.deleteLater()
    return [statistics.median(r[i] for r in rounds) for i in range(len(typed))]


def main() -> None:
    rng = random.Random(5)
    defs = load_definitions()
    with tempfile.TemporaryDirectory() as tmp:
        vault = Vault(Path(tmp) / "vault")
        session, _ = vault.create("bench", "bench passphrase here", kdf=KdfParams.cheap_for_tests())
        try:
            ids = _fill(session, rng)
            repo = GroupRepository(session, defs.program.groups)
            made: list[str] = []

            def save_new() -> None:
                sid = str(uuid.uuid4())
                repo.save_session(_session(sid), rng.sample(ids, ATTENDEES))
                made.append(sid)

            save = median_ms(save_new)
            probe = made[0]
            read = median_ms(lambda: (repo.get_session(probe), repo.attendees(probe)))
            current = repo.attendees(probe)

            def edit() -> None:
                nonlocal current
                keep = rng.sample(current, ATTENDEES - 5)
                fresh = rng.sample([c for c in ids if c not in current], 5)
                current = keep + fresh
                repo.save_session(_session(probe), current)

            edited = median_ms(edit)
            print(f"save a session of {ATTENDEES} attendees: {save:7.1f} ms (target <= 100 ms)")
            print(f"edit it (5 leave, 5 join):             {edited:7.1f} ms")
            print(f"  baseline, read the same rows back:   {read:7.2f} ms")
            print(f"  ratio save / read: {save / read:.0f}x")

            load = median_ms(repo.checklist, 15)
            names = median_ms(ClientRepository(session).names, 15)
            entries = repo.checklist()
            typed = "mira sample 01"
            prefixes = [typed[: i + 1] for i in range(len(typed))]
            per_key = [median_ms(lambda p=p: filter_checklist(entries, p), 15) for p in prefixes]
            print(f"checklist read ({len(entries)} active clients): {load:6.1f} ms")
            print(f"  baseline, plain names read:             {names:6.1f} ms")
            print(
                f"checklist filter per keystroke: median {statistics.median(per_key):.2f} ms,"
                f" worst {max(per_key):.2f} ms (target <= 50 ms with the UI on top)"
            )
            ui_keys = _ui_keystrokes(entries, typed)
            print(
                f"checklist keystroke through the widget (search box, model, list repaint):"
                f" median {statistics.median(ui_keys):.2f} ms, worst {max(ui_keys):.2f} ms"
                f" (target <= 50 ms)"
            )
            print(f"  baseline, plain repository read of the same rows: {names:6.1f} ms")
        finally:
            session.lock()


if __name__ == "__main__":
    main()
