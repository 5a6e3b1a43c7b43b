"""Fault injection: connections cut at random points, kill -9 mid-sync; random edits and sync
orders on several devices — afterwards every device is identical and nothing is lost."""

from __future__ import annotations

import dataclasses
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exitdoors_desktop.core.consent import ConsentAction, ConsentMethod, ConsentScope
from exitdoors_desktop.core.errors import SyncError
from exitdoors_desktop.storage.clients_repo import ClientRepository
from exitdoors_desktop.storage.program_repo import ConsentRepository
from exitdoors_desktop.sync import service
from tests.conftest import PASSPHRASE
from tests.sync.conftest import FAST, Device, _today
from tests.sync.proxy import FaultProxy

ROOT = Path(__file__).resolve().parents[2]
FIELDS = ("preferred_name", "pronouns", "safe_contact_notes")
TABLES = ("clients", "consents", "phase_transitions", "form_responses")


def snapshot(
    device: Device, leave_out: frozenset[str] = frozenset()
) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the synced tables (``leave_out``: clients who withdrew consent to share)."""
    out = {}
    for table in TABLES:
        cur = device.session.conn.execute(f"SELECT * FROM {table} ORDER BY id")  # noqa: S608
        col = 0 if table == "clients" else [d[0] for d in cur.description].index("client_id")
        out[table] = [r for r in cur.fetchall() if r[col] not in leave_out]
    return out


def edits_by_field(
    devices: list[Device],
) -> dict[tuple[str, str, str], list[tuple[str, object, str | None]]]:
    """Every field edit ever made anywhere: (entity,row,field) -> [(hlc, value, base)]."""
    import json

    seen: dict[tuple[str, str, str], dict[str, tuple[object, str | None]]] = {}
    for d in devices:
        for entity, row, fname, value, hlc, base in d.session.conn.execute(
            "SELECT entity, row_id, field, value, hlc, base_hlc FROM changes WHERE entity = 'client'"
        ):
            seen.setdefault((entity, row, fname), {})[hlc] = (json.loads(value), base)
    return {k: [(h, v, b) for h, (v, b) in sorted(e.items())] for k, e in seen.items()}


def assert_nothing_lost(devices: list[Device]) -> None:
    """Every edit not causally superseded is the visible value or a recorded conflict."""
    import json

    conflicts: set[tuple[str, str, str]] = set()
    for d in devices:
        for row, fname, losing_hlc in d.session.conn.execute(
            "SELECT row_id, field, losing_hlc FROM conflicts WHERE kind = 'overwrite'"
        ):
            conflicts.add((row, fname, losing_hlc))
    ref = devices[0]
    for (entity, row, fname), edits in edits_by_field(devices).items():
        bases = {b for _, _, b in edits}
        visible = ref.session.conn.execute(
            f'SELECT "{fname}" FROM clients WHERE id = ?',
            (row,),  # noqa: S608
        ).fetchone()
        if row in withdrawn(devices):
            continue  # her records were deleted on purpose (consent withdrawn)
        for hlc, value, _base in edits:
            if hlc in bases:
                continue  # someone wrote over it after seeing it: a causal overwrite
            shown = visible[0] if visible else None
            if fname in ("aliases", "languages") and isinstance(shown, str):
                shown = json.loads(shown)
            assert shown == value or (row, fname, hlc) in conflicts, (fname, hlc)


def recorded_withdrawals(device: Device) -> set[str]:
    """Clients whose consent to share was withdrawn on this laptop (it keeps them)."""
    rows = device.session.conn.execute(
        "SELECT client_id FROM consents WHERE scope = 'share_with_office' AND action = 'withdraw'"
    )
    return {r[0] for r in rows}


def withdrawn(devices: list[Device]) -> frozenset[str]:
    """Clients who withdrew consent to share anywhere: they are not expected everywhere alike
    (before she ever shared, she stays only where she was recorded)."""
    return frozenset(
        {r[0] for d in devices for r in d.session.conn.execute("SELECT client_id FROM withdrawn")}
        | {c for d in devices for c in recorded_withdrawals(d)}
    )


def converge(devices: list[Device]) -> None:
    for _ in range(2):
        for d in devices:
            d.sync()
    gone = withdrawn(devices)
    first = snapshot(devices[0], gone)
    for d in devices[1:]:
        assert snapshot(d, gone) == first, f"{d.name} differs"
    for d in devices:  # a withdrawn client stays only where she is kept
        kept = {r[0] for r in d.session.conn.execute("SELECT client_id FROM withdrawn WHERE kept")}
        kept |= recorded_withdrawals(d)
        assert not (gone - kept) & set(d.names()), f"{d.name} still has a withdrawn client"


def random_edit(rng: random.Random, device: Device, client_ids: list[str]) -> None:
    repo = ClientRepository(device.session)
    if not client_ids or rng.random() < 0.15:
        client_ids.append(device.add_client(f"Test Person {rng.randint(0, 999)}"))
        return
    cid = rng.choice(client_ids)
    if not repo.exists(cid):
        return
    client = repo.get(cid, audit=False)
    fname = rng.choice(FIELDS)
    value = f"{fname[:4]}-{device.name}-{rng.randint(0, 99)}"
    repo.save(dataclasses.replace(client, **{fname: value}))


# One step: (device, what, which client, which field, value). Hypothesis draws the steps and
# the sync order; shrinking hands back the shortest sequence that breaks convergence.
_STEP = st.tuples(
    st.integers(0, 2),
    st.sampled_from(("sync", "new", "edit", "edit", "edit", "rotate", "withdraw")),
    st.integers(0, 10**6),
    st.sampled_from(FIELDS),
    st.integers(0, 99),
)


@pytest.mark.slow
@settings(
    max_examples=20,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(_STEP, min_size=4, max_size=24))
def test_hypothesis_edits_and_sync_orders_converge(team, steps) -> None:  # type: ignore[no-untyped-def]
    """The same three devices and office across examples: each example starts where the last
    one converged, so later examples edit a growing, shared caseload."""
    devices = _team_of_three(team)
    for device_no, what, pick, fname, n in steps:
        device = devices[device_no]
        if what == "sync":
            device.sync()
            continue
        if what == "rotate":  # the admin laptop starts a fresh team key
            service.rotate_key(devices[0].session, retry=FAST)
            continue
        repo = ClientRepository(device.session)
        ids = sorted(repo.ids())
        if what == "withdraw":
            if ids:
                ConsentRepository(device.session).add(
                    ids[pick % len(ids)], ConsentScope.SHARE_WITH_OFFICE, ConsentAction.WITHDRAW,
                    _today(), ConsentMethod.VERBAL,
                )  # fmt: skip
            continue
        if what == "new" or not ids:
            device.add_client(f"Test Person {n}")
            continue
        client = repo.get(ids[pick % len(ids)], audit=False)
        repo.save(dataclasses.replace(client, **{fname: f"{fname[:4]}-{device.name}-{n}"}))
    converge(devices)
    assert_nothing_lost(devices)


_TEAM: list[object] = []  # [the fixture's factory, its three devices]


def _team_of_three(team) -> list[Device]:  # type: ignore[no-untyped-def]
    """One team per test run, made on the first example (the factory object is the key)."""
    if not _TEAM or _TEAM[0] is not team:
        _TEAM[:] = [team, team(3)]
    return _TEAM[1]  # type: ignore[return-value]


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_random_edits_and_sync_orders_converge(team, seed: int) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(seed)
    devices = team(3)
    client_ids: list[str] = []
    for _ in range(40):
        device = rng.choice(devices)
        if rng.random() < 0.35:
            device.sync()
        else:
            random_edit(rng, device, client_ids)
    converge(devices)
    assert_nothing_lost(devices)


@pytest.mark.slow
def test_cut_connections_lose_and_duplicate_nothing(team, office) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(99)
    a, b = team(2)
    proxy = FaultProxy(office.port, office.data_dir / "server-cert.pem",
                       office.data_dir / "server-key.pem", rng, fault_rate=0.6)  # fmt: skip
    markers = []
    try:
        for d in (a, b):  # route both devices through the proxy
            config = service.load_config(d.session)
            assert config is not None
            service._save_config(d.session, dataclasses.replace(config, server=proxy.url))
        client_ids: list[str] = []
        deadline = time.monotonic() + 240
        rounds = 0
        while rounds < 300 and time.monotonic() < deadline:
            device = rng.choice((a, b))
            random_edit(rng, device, client_ids)
            try:
                device.sync()
            except SyncError:
                pass
            rounds += 1
        assert rounds >= 300, f"only {rounds} rounds in time"
        assert all(proxy.counts[m] > 20 for m in proxy.counts), proxy.counts
        proxy.fault_rate = 0.0
        converge([a, b])
        assert_nothing_lost([a, b])
        ids = [r[0] for r in a.session.conn.execute("SELECT id FROM changes")]
        assert len(ids) == len(set(ids))
        markers = [c for c in client_ids if c]
    finally:
        proxy.close()
    # The captured traffic (plaintext HTTP inside TLS) holds ciphertext only: no names.
    names = {n for d in (a, b) for n in d.names().values()}
    assert markers and names
    for name in names:
        assert name.encode() not in proxy.captured


@pytest.mark.slow
def test_kill_minus_nine_mid_sync(team, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(5)
    a, b = team(2)
    for i in range(60):
        a.add_client(f"Test Kill {i}")
    a.session.lock()
    script = tmp_path / "child.py"
    script.write_text(
        "import sys\n"
        "from pathlib import Path\n"
        "from exitdoors_desktop.storage.vault import Vault\n"
        "from exitdoors_desktop.sync import service\n"
        "s = Vault(Path(sys.argv[1])).unlock('worker0', sys.argv[2])\n"
        "print('ready', flush=True)\n"
        "while True:\n"
        "    service.run_once(s)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for _ in range(10):
        proc = subprocess.Popen([sys.executable, str(script), str(a.vault.data_dir), PASSPHRASE],
                                stdout=subprocess.PIPE, text=True, env=env)  # fmt: skip
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.4))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        proc.stdout.close()
    a.session = a.vault.unlock("worker0", PASSPHRASE)
    converge([a, b])
    assert len(b.names()) == 60
    ids = [r[0] for r in b.session.conn.execute("SELECT id FROM changes")]
    assert len(ids) == len(set(ids))
