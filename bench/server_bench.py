"""Sync server benchmarks: push ingest and pull throughput over HTTPS loopback, on SQLite and
PostgreSQL, each beside a baseline measured in the same run.

- ingest: batches of 500 sealed messages (256-byte ciphertext) POSTed to /v2/sync by one
  client, beside the same rows pushed through the same store code (message_log.push, one
  transaction per batch) with SQLAlchemy directly, no HTTP. Target: >= 20,000 msg/s over HTTP
  and HTTP+validation overhead <= 3x the baseline.
- the same ingest with 4 devices pushing concurrently (threads in this process), as a
  server-throughput figure beside the same single-writer baseline;
- pull: another device pulls everything in pages of 1,000 (the default pull_limit), beside
  message_log.pull reading the same pages directly.

The PostgreSQL figures use a throw-away cluster started here (initdb/pg_ctl, default durable
settings), so they need Debian's `postgresql` package; without it that backend is skipped.
Set SERVER_BENCH_MESSAGES to change the message count (default 50,000).
"""

from __future__ import annotations

import base64
import contextlib
import glob
import io
import json
import os
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from sqlalchemy import insert

from exitdoors_protocol.codec import canonical
from exitdoors_protocol.membership import apply_event, make_event, verify_chain
from exitdoors_server import accounts, cli, db, message_log
from exitdoors_server.authority import TeamCache
from exitdoors_server.schema import membership

BATCH = 500
PAGE = 1000
CIPHERTEXT_BYTES = 256
INGEST_TARGET = 20_000
OVERHEAD_TARGET = 3.0
CLIENTS = 4


def _messages(n: int) -> list[dict[str, str]]:
    out = []
    subjects = [os.urandom(32).hex() for _ in range(max(1, n // 20))]
    for i in range(n):
        out.append(
            {
                "id": str(uuid.uuid4()),
                "subject": subjects[i % len(subjects)],
                "key_id": "e0s2",
                "nonce": base64.b64encode(os.urandom(12)).decode(),
                "ciphertext": base64.b64encode(os.urandom(CIPHERTEXT_BYTES)).decode(),
            }
        )
    return out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def _pg_cluster() -> Iterator[str | None]:
    """A temp PostgreSQL cluster as the postgres user (initdb refuses root); yields a URL."""
    bins = sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    if not bins:
        yield None
        return
    bin_dir = Path(bins[0])
    root = Path(tempfile.mkdtemp(prefix="exitdoors-pgbench-"))
    run_as: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
        run_as = ["runuser", "-u", "postgres", "--"]
    port = _free_port()
    data = str(root / "data")
    try:
        subprocess.run(
            [*run_as, str(bin_dir / "initdb"), "-D", data, "-A", "trust", "-U", "postgres"],
            check=True,
            capture_output=True,
            cwd=root,
        )
        opts = f"-p {port} -k {root} -c listen_addresses=127.0.0.1"
        subprocess.run(
            [
                *run_as,
                str(bin_dir / "pg_ctl"),
                "-D",
                data,
                "-o",
                opts,
                "-l",
                str(root / "log"),
                "-w",
                "start",
            ],
            check=True,
            capture_output=True,
            cwd=root,
        )
        try:
            yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
        finally:
            subprocess.run(
                [*run_as, str(bin_dir / "pg_ctl"), "-D", data, "-m", "fast", "-w", "stop"],
                capture_output=True,
                cwd=root,
            )
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _init(data_dir: Path, url: str | None) -> None:
    args = ["init", "--data-dir", str(data_dir)] + (["--database-url", url] if url else [])
    with contextlib.redirect_stdout(io.StringIO()):
        if cli.main(args) != 0:
            raise RuntimeError("init failed")


def _device(engine: object, name: str) -> tuple[str, str, Ed25519PrivateKey]:
    key = Ed25519PrivateKey.generate()
    sign_pub = key.public_key().public_bytes_raw()
    kx_pub = X25519PrivateKey.generate().public_key().public_bytes_raw()
    with db.write_tx(engine) as conn:  # type: ignore[arg-type]
        invite = accounts.create_invite(conn, name, 3600, int(time.time()))
        result = accounts.enroll(
            conn, invite.token, name, int(time.time()), None, sign_pub, kx_pub, "{}"
        )
    assert isinstance(result, tuple)
    return result[0], result[1], key


def _member_body(device_id: str, key: Ed25519PrivateKey, role: str) -> dict[str, object]:
    b64 = base64.b64encode
    return {
        "device": device_id, "node": uuid.uuid4().hex, "name": "laptop", "role": role,
        "sign_pub": b64(key.public_key().public_bytes_raw()).decode(),
        "kx_pub": b64(X25519PrivateKey.generate().public_key().public_bytes_raw()).decode(),
        "wraps": {device_id: b64(os.urandom(48)).decode()},
    }  # fmt: skip


def _team_log(members: list[tuple[str, Ed25519PrivateKey]], rotate_every: int = 0) -> list[str]:
    """A signed team log: the first device creates the team and adds the others (with a key
    rotation every ``rotate_every`` events, wrapped to every member); canonical JSON texts."""
    (admin, admin_key), state, out = members[0], None, []

    def append(kind: str, body: dict[str, object]) -> None:
        nonlocal state
        event = make_event(state, admin_key.sign, admin, kind, body, now="2026-01-01T00:00:00")
        state = apply_event(state, event, admin_key.public_key().public_bytes_raw())
        out.append(canonical(event).decode())

    append("team_created", _member_body(admin, admin_key, "admin"))
    for device_id, key in members[1:]:
        if rotate_every and state is not None and len(out) % rotate_every == 0:
            wraps = {d: base64.b64encode(os.urandom(48)).decode() for d in state.members}
            append("key_rotated", {"epoch": state.epoch + 1, "wraps": wraps})
        body = {**_member_body(device_id, key, "member"),
                "register": {"n": 0, "hash": "0" * 64, "sealed": ""}}  # fmt: skip
        append("device_added", body)
    return out


def _store_log(engine: object, texts: list[str], by: str) -> None:
    with db.write_tx(engine) as conn:  # type: ignore[arg-type]
        conn.execute(
            insert(membership),
            [
                {"idx": i, "event": t, "device_id": by, "received_at": 0}
                for i, t in enumerate(texts)
            ],
        )


def _baseline(url: str, msgs: list[dict[str, str]]) -> tuple[float, float]:
    """Push then pull the rows with the store code directly; returns (ingest/s, pull/s)."""
    engine = db.make_engine(url, pool_size=1)
    try:
        writer, _, _ = _device(engine, "baseline-writer")
        reader, _, _ = _device(engine, "baseline-reader")
        rows = [
            SimpleNamespace(
                **{
                    **m,
                    "nonce": base64.b64decode(m["nonce"]),
                    "ciphertext": base64.b64decode(m["ciphertext"]),
                }
            )
            for m in msgs
        ]
        start = time.perf_counter()
        for i in range(0, len(rows), BATCH):
            with db.write_tx(engine) as conn:
                message_log.push(conn, writer, rows[i : i + BATCH], int(time.time()))
        ingest = len(rows) / (time.perf_counter() - start)
        start, cursor, got = time.perf_counter(), 0, 0
        while True:
            with db.read_tx(engine) as conn:
                page = message_log.pull(conn, reader, cursor, PAGE)
            got += len(page.rows)
            cursor = page.cursor
            if not page.has_more:
                break
        pull = got / (time.perf_counter() - start)
        assert got == len(rows), (got, len(rows))
        return ingest, pull
    finally:
        engine.dispose()


@contextlib.contextmanager
def _serve(data_dir: Path, url: str | None) -> Iterator[tuple[str, ssl.SSLContext]]:
    """A real `exitdoors-server serve` process; yields (base URL, TLS context)."""
    port = _free_port()
    cmd = [sys.executable, "-m", "exitdoors_server", "serve", "--data-dir", str(data_dir)]
    cmd += ["--port", str(port)] + (["--database-url", url] if url else [])
    log = open(data_dir / "serve.log", "wb")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    ctx = ssl.create_default_context(cafile=str(data_dir / "server-cert.pem"))
    base = f"https://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        with httpx.Client(base_url=base, verify=ctx) as client:
            while True:
                try:
                    if client.get("/v2/health").status_code == 200:
                        break
                except httpx.TransportError:
                    if time.monotonic() > deadline or proc.poll() is not None:
                        raise RuntimeError("server did not start") from None
                    time.sleep(0.05)
        yield base, ctx
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def _tokens(data_dir: Path, url: str | None, names: list[str]) -> list[str]:
    """Enrolled devices, made one team (a signed log written straight into the database:
    the server verifies it at its first request); their tokens."""
    engine = db.make_engine(url or db.default_url(data_dir), pool_size=1)
    try:
        made = [_device(engine, name) for name in names]
        _store_log(engine, _team_log([(d, k) for d, _, k in made]), made[0][0])
        return [token for _, token, _ in made]
    finally:
        engine.dispose()


def _auth(token: str) -> dict[str, str]:
    return {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}


def _push_all(base: str, ctx: ssl.SSLContext, token: str, msgs: list[dict[str, str]]) -> None:
    """One device pushing its outbox in batches, carrying its cursor as a real client does
    (so its pulls never rescan its own earlier batches). pull_limit is 1 so concurrent writers
    measure ingest, not fan-out of each other's messages (pull has its own figure). JSON is
    encoded before timing starts except for splicing in the cursor."""
    batches = [json.dumps(msgs[i : i + BATCH]).encode() for i in range(0, len(msgs), BATCH)]
    headers = _auth(token)
    with httpx.Client(base_url=base, verify=ctx, timeout=120) as client:
        client.post("/v2/sync", content=b'{"version":3,"cursor":0}', headers=headers)
        _start.wait()
        cursor = 0
        for batch in batches:
            body = b'{"version":3,"cursor":%d,"pull_limit":1,"messages":%s}' % (cursor, batch)
            response = client.post("/v2/sync", content=body, headers=headers)
            assert response.status_code == 200, response.text
            cursor = response.json()["cursor"]


_start = threading.Event()


def _http_ingest(
    data_dir: Path, url: str | None, msgs: list[dict[str, str]], tokens: list[str]
) -> float:
    """Messages/s pushed by concurrent devices (threads, one per token), each its share."""
    clients = len(tokens)
    shares = [msgs[i::clients] for i in range(clients)]
    with _serve(data_dir, url) as (base, ctx):
        _start.clear()
        threads = [
            threading.Thread(target=_push_all, args=(base, ctx, t, share))
            for t, share in zip(tokens, shares, strict=True)
        ]
        for t in threads:
            t.start()
        time.sleep(0.5)  # let every client connect and warm up
        start = time.perf_counter()
        _start.set()
        for t in threads:
            t.join()
        return len(msgs) / (time.perf_counter() - start)


def _http(data_dir: Path, url: str | None, msgs: list[dict[str, str]]) -> tuple[float, float]:
    """The rows through a real server over HTTPS by one client; (ingest/s, pull/s)."""
    writer, reader = _tokens(data_dir, url, ["writer", "reader"])
    ingest = _http_ingest(data_dir, url, msgs, [writer])
    with _serve(data_dir, url) as (base, ctx):
        with httpx.Client(base_url=base, verify=ctx, timeout=120) as client:
            client.post(
                "/v2/sync",
                content=b'{"version":3,"cursor":0,"pull_limit":1}',
                headers=_auth(reader),
            )
            start, cursor, got = time.perf_counter(), 0, 0
            while True:
                body = json.dumps({"version": 3, "cursor": cursor, "pull_limit": PAGE}).encode()
                page = client.post("/v2/sync", content=body, headers=_auth(reader)).json()
                got += len(page["messages"])
                cursor = page["cursor"]
                if not page["has_more"]:
                    break
            pull = got / (time.perf_counter() - start)
    assert got == len(msgs), (got, len(msgs))
    return ingest, pull


def _report(backend: str, what: str, http: float, base: float, target: float | None) -> None:
    ratio = base / http
    verdicts = [f"overhead {ratio:.1f}x ({'ok' if ratio <= OVERHEAD_TARGET else 'OVER'} <= 3x)"]
    if target:
        verdicts.append(f"target >= {target:,.0f}: {'ok' if http >= target else 'MISSED'}")
    print(
        f"{backend:<9} {what:<18} HTTPS {http:>9,.0f} msg/s   baseline (SQLAlchemy, no HTTP) "
        f"{base:>9,.0f} msg/s   {'; '.join(verdicts)}"
    )


def _run_backend(backend: str, url: str | None, n: int) -> None:
    msgs = _messages(n)
    with tempfile.TemporaryDirectory(prefix="exitdoors-bench-") as tmp:
        base_dir, http_dir = Path(tmp) / "baseline", Path(tmp) / "http"
        base_url = http_url = None
        if url:
            import psycopg

            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute("CREATE DATABASE bench_baseline")
                conn.execute("CREATE DATABASE bench_http")
            base_url = url.rsplit("/", 1)[0] + "/bench_baseline"
            http_url = url.rsplit("/", 1)[0] + "/bench_http"
        conc_dir, conc_url = Path(tmp) / "concurrent", None
        if url:
            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute("CREATE DATABASE bench_concurrent")
            conc_url = url.rsplit("/", 1)[0] + "/bench_concurrent"
        for d, u in ((base_dir, base_url), (http_dir, http_url), (conc_dir, conc_url)):
            _init(d, u)
        b_ingest, b_pull = _baseline(base_url or db.default_url(base_dir), msgs)
        h_ingest, h_pull = _http(http_dir, http_url, msgs)
        writers = _tokens(conc_dir, conc_url, [f"writer-{i}" for i in range(CLIENTS)])
        c_ingest = _http_ingest(conc_dir, conc_url, _messages(n), writers)
    _report(backend, "ingest", h_ingest, b_ingest, INGEST_TARGET)
    _report(backend, f"ingest, {CLIENTS} clients", c_ingest, b_ingest, INGEST_TARGET)
    _report(backend, "pull", h_pull, b_pull, None)


VERIFY_EVENTS = 500
VERIFY_TARGET_MS = 100.0


def _verify_bench() -> None:
    """Verifying a 500-event team log on the server (cold: a new process's first request, or
    another process appended) beside the pure rulebook replay of the same parsed events, and
    the per-request cost once verified (length + head re-checked)."""
    made = [(str(uuid.uuid4()), Ed25519PrivateKey.generate()) for _ in range(VERIFY_EVENTS)]
    texts = _team_log(made, rotate_every=50)[:VERIFY_EVENTS]
    events = [json.loads(t) for t in texts]
    root = made[0][1].public_key().public_bytes_raw()
    with tempfile.TemporaryDirectory(prefix="exitdoors-verify-") as tmp:
        _init(Path(tmp), None)
        engine = db.make_engine(db.default_url(Path(tmp)), pool_size=1)
        try:
            _store_log(engine, texts, made[0][0])
            best_rules = best_cold = best_warm = float("inf")
            for _ in range(5):
                start = time.perf_counter()
                verify_chain(events, root)
                best_rules = min(best_rules, time.perf_counter() - start)
                cache = TeamCache()
                with db.read_tx(engine) as conn:
                    start = time.perf_counter()
                    verified = cache.get(conn)
                    best_cold = min(best_cold, time.perf_counter() - start)
                    assert verified.state is not None and verified.length == len(texts)
                    start = time.perf_counter()
                    for _ in range(100):
                        cache.get(conn)
                    best_warm = min(best_warm, (time.perf_counter() - start) / 100)
        finally:
            engine.dispose()
    cold_ms = best_cold * 1000
    print(
        f"team log  verify {len(texts)} events (SQLite, cold)   {cold_ms:7.1f} ms   "
        f"baseline (rulebook replay, parsed) {best_rules * 1000:7.1f} ms   "
        f"per request once verified {best_warm * 1e6:6.0f} us   "
        f"target <= {VERIFY_TARGET_MS:.0f} ms: {'ok' if cold_ms <= VERIFY_TARGET_MS else 'MISSED'}"
    )


def main() -> None:
    if os.environ.get("SERVER_BENCH_ONLY") == "verify":
        _verify_bench()
        return
    n = int(os.environ.get("SERVER_BENCH_MESSAGES", "50000"))
    import importlib.util

    extras = [m for m in ("httptools", "uvloop") if importlib.util.find_spec(m)]
    print(
        f"sync server: {n:,} messages, {CIPHERTEXT_BYTES}-byte ciphertext, push batches of "
        f"{BATCH}, pull pages of {PAGE}, HTTPS on 127.0.0.1, {os.cpu_count()} CPUs, uvicorn "
        f"with {' + '.join(extras) or 'h11 + asyncio (no httptools/uvloop)'}"
    )
    _verify_bench()
    _run_backend("sqlite", None, n)
    with _pg_cluster() as pg_url:
        if pg_url is None:
            print("postgres  skipped: PostgreSQL server binaries not installed")
        else:
            _run_backend("postgres", pg_url, n)


if __name__ == "__main__":
    main()
