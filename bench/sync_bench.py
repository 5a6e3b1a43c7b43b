"""Sync benchmark (protocol v2): 100,000 field changes from device A to device B through a real
server on loopback, end to end, with the time spent signing and verifying beside the push and
pull/apply totals, and the server's raw ingest of as many ready-sealed messages in the same run.
Targets: >= 10,000 changes/s end to end; rotation for a team of 50 <= 1 s; verifying a
500-event membership log <= 100 ms. BENCH_SYNC_CHANGES=N runs a smaller N."""

from __future__ import annotations

import base64
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import httpx

from exitdoors_desktop.core.consent import ConsentAction, ConsentMethod, ConsentScope
from exitdoors_desktop.storage.program_repo import ConsentRepository
from exitdoors_desktop.storage.secrets import KdfParams
from exitdoors_desktop.storage.vault import Vault
from exitdoors_desktop.sync import opening as sync_engine
from exitdoors_desktop.sync import service
from exitdoors_desktop.sync.identity import DeviceKeys, b64, canonical
from exitdoors_desktop.sync.membership import (
    Member,
    TeamState,
    apply_event,
    event_hash,
    make_event,
    verify_chain,
    wrap_ring,
)

T = TypeVar("T")
FIELD_CHANGES = int(os.environ.get("BENCH_SYNC_CHANGES", "100000"))
FIELDS_PER_WRITE = 5
SERVER = [sys.executable, "-m", "exitdoors_server"]
PASSPHRASE = "benchmark passphrase, long enough"


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _token(data: Path) -> str:
    out = subprocess.run([*SERVER, "invite", "--data-dir", str(data), "--name", "bench"],
                         capture_output=True, text=True, check=True).stdout  # fmt: skip
    match = re.search(r"([A-Za-z0-9_-]{40,})", out)
    assert match
    return match.group(1)


class _CryptoTimer:
    """Counts the time spent in Ed25519 signing (sealing) and verifying (opening)."""

    def __init__(self) -> None:
        self.sign_s = self.verify_s = 0.0
        self.signs = self.verifies = 0

    def __enter__(self) -> _CryptoTimer:
        self._sign, self._verify = DeviceKeys.sign_bytes, sync_engine.verify
        timer = self

        def sign_bytes(keys: DeviceKeys, data: bytes) -> bytes:
            t = time.perf_counter()
            try:
                return timer._sign(keys, data)
            finally:
                timer.sign_s += time.perf_counter() - t
                timer.signs += 1

        def verify(pub: bytes, sig: bytes, data: bytes) -> None:
            t = time.perf_counter()
            try:
                timer._verify(pub, sig, data)
            finally:
                timer.verify_s += time.perf_counter() - t
                timer.verifies += 1

        DeviceKeys.sign_bytes = sign_bytes  # type: ignore[method-assign]
        sync_engine.verify = verify  # type: ignore[assignment]
        return self

    def __exit__(self, *_exc: object) -> None:
        DeviceKeys.sign_bytes = self._sign  # type: ignore[method-assign]
        sync_engine.verify = self._verify  # type: ignore[assignment]


def _profiled(run: Callable[[], T], what: str) -> T:
    """BENCH_PROFILE=1: the run under cProfile, its top 25 functions by own time printed (the
    figures printed beside are then slower than without it)."""
    if not os.environ.get("BENCH_PROFILE"):
        return run()
    import cProfile
    import pstats

    prof = cProfile.Profile()
    result = prof.runcall(run)
    print(f"-- profile of {what} --")
    pstats.Stats(prof).sort_stats("tottime").print_stats(25)
    return result


def _team_of(n: int) -> tuple[TeamState, list[dict[str, object]], DeviceKeys, str]:
    """A membership log: the root plus n - 1 devices added, verified as it grows."""
    root = DeviceKeys.generate()
    me = str(uuid.uuid4())
    body: dict[str, object] = {
        "device": me, "node": "n0", "name": "laptop 1", "role": "admin",
        "sign_pub": b64(root.sign_pub), "kx_pub": b64(root.kx_pub),
        "wraps": {me: wrap_ring(root.sign_pub, (me, root.kx_pub), 0, {0: os.urandom(32)})},
    }  # fmt: skip
    events = [make_event(None, root, me, "team_created", body)]
    state = apply_event(None, events[0], root.sign_pub)
    for i in range(1, n):
        k = DeviceKeys.generate()
        d = str(uuid.uuid4())
        body = {"device": d, "node": f"n{i}", "name": f"laptop {i + 1}", "role": "member",
                "sign_pub": b64(k.sign_pub), "kx_pub": b64(k.kx_pub),
                "wraps": {d: wrap_ring(root.sign_pub, (d, k.kx_pub), state.length,
                                       {0: os.urandom(32)})},
                "register": {"n": 0, "hash": "0" * 64, "sealed": ""}}  # fmt: skip
        events.append(make_event(state, root, me, "device_added", body))
        state = apply_event(state, events[-1], root.sign_pub)
    return state, events, root, me


def _team_figures() -> None:
    # Rotation for a team of 50: a fresh epoch key wrapped to the 49 that stay, signed, and
    # checked (as every laptop will), beside one wrap alone.
    state, events, root, me = _team_of(50)
    members: list[Member] = [m for m in state.members.values() if m.device != me]
    gone = members[-1]
    start = time.perf_counter()
    key = os.urandom(32)
    wraps = {m.device: wrap_ring(root.sign_pub, m, state.length, {1: key})
             for m in state.members.values() if m.device != gone.device}  # fmt: skip
    event = make_event(state, root, me, "device_removed",
                       {"device": gone.device, "epoch": 1, "wraps": wraps, "cutoff": 0,
                        "seen": []})  # fmt: skip
    apply_event(state, event, root.sign_pub)
    rotation_s = time.perf_counter() - start
    start = time.perf_counter()
    wrap_ring(root.sign_pub, members[0], 0, {1: key})
    one_wrap = time.perf_counter() - start
    print(f"rotation for a team of 50 (49 wraps, sign, verify): {rotation_s * 1000:.0f} ms "
          f"(target <= 1000 ms); one wrap alone {one_wrap * 1000:.2f} ms")  # fmt: skip
    # Verifying a 500-event membership log: 50 devices added, then 450 role changes.
    state, events, root, me = _team_of(50)
    target = next(m for m in state.members.values() if m.device != me)
    for i in range(450):
        role = "supervisor" if i % 2 == 0 else "member"
        events.append(make_event(state, root, me, "role_changed",
                                 {"device": target.device, "role": role}))  # fmt: skip
        state = apply_event(state, events[-1], root.sign_pub)
    start = time.perf_counter()
    verify_chain(events, root.sign_pub)
    chain_s = time.perf_counter() - start
    start = time.perf_counter()
    for e in events:  # baseline: the same log only hashed (no signature checks)
        event_hash(e)
        canonical({k: v for k, v in e.items() if k != "sig"})
    hash_s = time.perf_counter() - start
    print(f"verifying a {len(events)}-event membership log: {chain_s * 1000:.0f} ms "
          f"(target <= 100 ms); hashing it alone {hash_s * 1000:.0f} ms")  # fmt: skip


def _register_figures() -> None:
    """The register checked per incoming write: 2,000 withdrawn clients, 200,000 lookups
    (the write's client matched to its row, then her register status), beside the same
    lookups in an empty register."""
    from exitdoors_desktop.sync.opening import _check_subject

    withdrawn = {str(uuid.uuid4()): False for _ in range(2000)}
    subjects = [str(uuid.uuid4()) for _ in range(1000)] + list(withdrawn)[:1000]
    rounds = 100

    def run(register: dict[str, bool]) -> float:
        start = time.perf_counter()
        dropped = 0
        for _ in range(rounds):
            for cid in subjects:
                _check_subject("client", cid, cid, {"preferred_name": "x"})
                if cid in register:
                    dropped += 1
        assert dropped in (0, rounds * 1000)
        return (time.perf_counter() - start) / (rounds * len(subjects))

    full, empty = run(withdrawn), run({})
    print(f"register of 2,000 withdrawn clients checked per incoming write: {full * 1e6:.2f} µs "
          f"(target <= 2 µs); with an empty register {empty * 1e6:.2f} µs")  # fmt: skip


def main() -> None:
    import datetime as dt

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        data = root / "office"
        out = subprocess.run([*SERVER, "init", "--data-dir", str(data)], capture_output=True,
                             text=True, check=True).stdout  # fmt: skip
        fingerprint = re.search(r"SHA256 fingerprint: ([0-9a-f]{64})", out).group(1)  # type: ignore[union-attr]
        port = _port()
        proc = subprocess.Popen([*SERVER, "serve", "--data-dir", str(data), "--port", str(port)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        url = f"https://127.0.0.1:{port}"
        try:
            for _ in range(200):
                try:
                    httpx.get(f"{url}/v2/health", verify=False, timeout=1)  # noqa: S501
                    break
                except httpx.TransportError:
                    time.sleep(0.05)
            writes = FIELD_CHANGES // FIELDS_PER_WRITE
            # End to end: A writes, pushes; B pulls and applies.
            cheap = KdfParams.cheap_for_tests()
            a, _ = Vault(root / "a").create("worker", PASSPHRASE, kdf=cheap)
            b, _ = Vault(root / "b").create("worker", PASSPHRASE, kdf=cheap)
            service.setup(a, url, fingerprint, _token(data))
            invite = root / "invite.json"
            words = service.make_invite(a, _token(data), invite, memory_kib=8192, iterations=1)
            service.join(b, invite, words)
            service.run_once(a)  # A lets B in
            service.run_once(b)
            clients = 200
            today = dt.date(2026, 1, 1)
            with a.transaction():
                ids = [str(uuid.uuid4()) for _ in range(clients)]
                consents = ConsentRepository(a)
                for cid in ids:
                    a.changes.write("client", cid, {"preferred_name": "Bench"})
                    consents.add(cid, ConsentScope.SHARE_WITH_OFFICE, ConsentAction.GRANT, today,
                                 ConsentMethod.WRITTEN)  # fmt: skip
                base = a.conn.execute("SELECT count(*) FROM changes").fetchone()[0]
                n = 0
                while n < writes:
                    a.changes.write("client", ids[n % clients], {
                        "pronouns": f"p{n}", "safe_contact_notes": f"note {n}",
                        "legal_name": f"L{n}", "status": "active", "age": 20 + n % 40,
                    }, audit=False)  # fmt: skip
                    n += 1
                total = a.conn.execute("SELECT count(*) FROM changes").fetchone()[0]
            changes = total  # every field change since the vault was made, incl. setup
            timer = _CryptoTimer()
            with timer:
                start = time.perf_counter()
                pushed = _profiled(lambda: service.run_once(a), "push")
                push_s = time.perf_counter() - start
                sign_s, signs = timer.sign_s, timer.signs
                start = time.perf_counter()
                pulled = _profiled(lambda: service.run_once(b), "pull+apply")
                pull_s = time.perf_counter() - start
                verify_s, verifies = timer.verify_s, timer.verifies
            idle = service.run_once(b)
            field_changes = total - base
            # Raw ingest baseline (after the end-to-end run, so B never pulls it): ready-sealed
            # random messages, batches of 500, pushed with A's token (a member: v3 refuses a
            # device that is not in the team).
            token = str(service.load_config(a).device_token)  # type: ignore[union-attr]
            with httpx.Client(
                base_url=url, verify=str(data / "server-cert.pem"), timeout=120
            ) as http:
                msgs = [
                    {"id": str(uuid.uuid4()), "subject": os.urandom(32).hex(),
                     "key_id": "e0s2", "nonce": base64.b64encode(os.urandom(12)).decode(),
                     "ciphertext": base64.b64encode(os.urandom(512 + 16)).decode()}
                    for i in range(writes)
                ]  # fmt: skip
                headers = {"Authorization": f"Bearer {token}"}
                start = time.perf_counter()
                for i in range(0, writes, 500):
                    r = http.post("/v2/sync", headers=headers, json={"version": 3, "cursor": 0,
                                  "messages": msgs[i : i + 500], "pull_limit": 1})  # fmt: skip
                    assert r.status_code == 200, r.text
                raw_seconds = time.perf_counter() - start
            print(f"server raw ingest (HTTPS, batches of 500, {writes} sealed messages): "
                  f"{writes / raw_seconds:,.0f} messages/s")  # fmt: skip
            print(f"end to end A -> server -> B: {field_changes:,} field changes in {writes:,} writes "
                  f"({changes:,} changes in A's log)")  # fmt: skip
            print(f"  push {push_s:.1f} s ({pushed.pushed} messages), of which signing "
                  f"{sign_s:.2f} s ({signs} signatures)")  # fmt: skip
            print(f"  pull+apply {pull_s:.1f} s ({pulled.pulled} messages), of which verifying "
                  f"{verify_s:.2f} s ({verifies} signatures)")  # fmt: skip
            print(f"  {field_changes / (push_s + pull_s):,.0f} field changes/s end to end "
                  f"(target >= 10,000); {writes / (push_s + pull_s):,.0f} messages/s")  # fmt: skip
            print(f"idle sync: {idle.requests} request(s)")
            a.lock()
            b.lock()
            _team_figures()
            _register_figures()
        finally:
            proc.terminate()
            proc.wait(timeout=15)


if __name__ == "__main__":
    main()
