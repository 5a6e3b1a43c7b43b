"""Fixtures for the server suite: a throw-away PostgreSQL cluster, initialised data folders and
real uvicorn processes on 127.0.0.1 with TLS, parametrised over SQLite and PostgreSQL.

Every process a fixture starts is stopped by that fixture's finalizer.
"""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import glob
import io
import itertools
import json
import os
import re
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from exitdoors_protocol.codec import canonical
from exitdoors_protocol.membership import TeamState, core_of, make_event, root_of, verify_chain

SERVER_CMD = [sys.executable, "-m", "exitdoors_server"]
IN_CI = os.environ.get("CI", "").lower() == "true"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*SERVER_CMD, *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
        stdin=subprocess.DEVNULL,
    )


# --- PostgreSQL -------------------------------------------------------------------------------


@dataclasses.dataclass
class PgCluster:
    bin_dir: Path
    root: Path
    port: int
    _db_counter: Iterator[int] = dataclasses.field(default_factory=lambda: itertools.count(1))

    def url(self, dbname: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{dbname}"

    def create_database(self) -> str:
        """A fresh, empty database; returns its URL."""
        import psycopg

        name = f"t{os.getpid()}_{next(self._db_counter)}"
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


def find_pg_bin() -> Path | None:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    for c in candidates:
        if (Path(c) / "initdb").exists() and (Path(c) / "pg_ctl").exists():
            return Path(c)
    return None


def start_pg_cluster() -> PgCluster:
    """initdb + pg_ctl start as the postgres user (they refuse to run as root)."""
    bin_dir = find_pg_bin()
    if bin_dir is None:
        raise FileNotFoundError("PostgreSQL server binaries not found under /usr/lib/postgresql")
    root = Path(tempfile.mkdtemp(prefix="exitdoors-pg-"))
    as_postgres: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
        as_postgres = ["runuser", "-u", "postgres", "--"]
    port = free_port()
    subprocess.run(
        [
            *as_postgres,
            str(bin_dir / "initdb"),
            "-D",
            str(root / "data"),
            "-A",
            "trust",
            "-U",
            "postgres",
            "--no-sync",
        ],
        check=True,
        capture_output=True,
        cwd=root,  # postgres may not read the caller's folder
        timeout=120,
    )
    options = (
        f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
    )
    subprocess.run(
        [
            *as_postgres,
            str(bin_dir / "pg_ctl"),
            "-D",
            str(root / "data"),
            "-o",
            options,
            "-l",
            str(root / "log"),
            "-w",
            "-t",
            "60",
            "start",
        ],
        check=True,
        capture_output=True,
        cwd=root,  # postgres may not read the caller's folder
        timeout=120,
    )
    return PgCluster(bin_dir=bin_dir, root=root, port=port)


def stop_pg_cluster(cluster: PgCluster) -> None:
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    subprocess.run(
        [
            *as_postgres,
            str(cluster.bin_dir / "pg_ctl"),
            "-D",
            str(cluster.root / "data"),
            "-m",
            "fast",
            "-w",
            "stop",
        ],
        capture_output=True,
        cwd=cluster.root,
        timeout=120,
    )
    shutil.rmtree(cluster.root, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    if find_pg_bin() is None:
        message = "PostgreSQL server binaries not installed (apt-get install postgresql)"
        if IN_CI:
            pytest.fail(f"{message}; CI must run the PostgreSQL suite", pytrace=False)
        pytest.skip(message)
    try:
        cluster = start_pg_cluster()
    except (subprocess.SubprocessError, OSError) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        pytest.fail(f"could not start PostgreSQL: {exc} {detail[-500:]!r}", pytrace=False)
    yield cluster
    stop_pg_cluster(cluster)


BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture(scope="session")
def new_database_url(
    backend: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Callable[[], str | None]:
    """Returns a factory of fresh databases: None (SQLite in the data folder) or a PG URL."""
    if backend == "sqlite":
        return lambda: None
    cluster: PgCluster = request.getfixturevalue("pg_cluster")
    return cluster.create_database


# --- the server -------------------------------------------------------------------------------


@dataclasses.dataclass
class DataDir:
    path: Path
    database_url: str | None
    fingerprint: str
    _engine: Any = None

    @property
    def cert(self) -> Path:
        return self.path / "server-cert.pem"

    def cli_args(self) -> list[str]:
        args = ["--data-dir", str(self.path)]
        if self.database_url:
            args += ["--database-url", self.database_url]
        return args

    def cli(self, command: str, *args: str) -> subprocess.CompletedProcess[str]:
        return run_cli(command, *args, *self.cli_args())

    def invite(self, name: str = "test", ttl: int = 3600, now: int | None = None) -> str:
        """A one-time token made in-process (the CLI path has its own tests: it costs ~1 s)."""
        from exitdoors_server import accounts, db

        with db.write_tx(self.engine()) as conn:
            invite = accounts.create_invite(
                conn, name, ttl, int(time.time()) if now is None else now
            )
        return invite.token

    def engine(self) -> Any:
        from exitdoors_server import db

        if self._engine is None:
            self._engine = db.make_engine(
                self.database_url or db.default_url(self.path), pool_size=1
            )
        return self._engine

    def dispose(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None


def init_data_dir(root: Path, database_url: str | None) -> DataDir:
    """`exitdoors-server init`, run in-process to save an interpreter start per server."""
    from exitdoors_server import cli

    path = root / f"srv-{uuid.uuid4().hex[:8]}"
    args = ["init", "--data-dir", str(path)]
    if database_url:
        args += ["--database-url", database_url]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert cli.main(args) == 0
    match = re.search(r"^SHA256 fingerprint: ([0-9a-f]{64})$", out.getvalue(), re.M)
    assert match, out.getvalue()
    return DataDir(path=path, database_url=database_url, fingerprint=match.group(1))


@dataclasses.dataclass
class Device:
    id: str
    token: str
    keys: Ed25519PrivateKey | None = None
    kx: X25519PrivateKey | None = None
    name: str = "laptop"
    node: str = dataclasses.field(default_factory=lambda: uuid.uuid4().hex)

    def sign(self, data: bytes) -> bytes:
        assert self.keys is not None
        return self.keys.sign(data)

    def member_body(self, role: str = "member") -> dict[str, Any]:
        """What a team_created / device_added event says about this device."""
        assert self.keys is not None and self.kx is not None
        b64 = base64.b64encode
        return {
            "device": self.id, "node": self.node, "name": self.name, "role": role,
            "sign_pub": b64(self.keys.public_key().public_bytes_raw()).decode(),
            "kx_pub": b64(self.kx.public_key().public_bytes_raw()).decode(),
            "wraps": {self.id: b64(os.urandom(48)).decode()},
        }  # fmt: skip

    def signed(self, kind: str, subjects: list[str]) -> dict[str, Any]:
        """A purge or re-share request signed with this device's registered key."""
        assert self.keys is not None
        statement = {"type": kind, "device": self.id, "subjects": subjects,
                     "nonce": uuid.uuid4().hex}  # fmt: skip
        sig = self.keys.sign(canonical(statement))
        return {"statement": statement, "sig": base64.b64encode(sig).decode()}


class Server:
    """A running `exitdoors-server serve` process and helpers to talk to it."""

    def __init__(self, data: DataDir, extra_args: list[str]) -> None:
        self.data = data
        self.port = free_port()
        self.base_url = f"https://127.0.0.1:{self.port}"
        self.log_path = data.path / "serve.log"
        self._log = open(self.log_path, "wb")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [*SERVER_CMD, "serve", *data.cli_args(), "--port", str(self.port), *extra_args],
            stdout=self._log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        self.client = self.new_client()
        self._wait_ready()

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited early:\n{self.log_path.read_text()[-3000:]}")
            try:
                if self.client.get("/v2/health").status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.05)
        self.stop()
        raise RuntimeError("server did not become ready in 60 s")

    def stop(self) -> None:
        self.client.close()
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=15)
        self._log.close()
        self.data.dispose()

    def ssl_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.data.cert))

    def new_client(self) -> httpx.Client:
        return httpx.Client(base_url=self.base_url, verify=self.ssl_context(), timeout=120)

    def enroll(self, name: str = "laptop", *, admit: bool = True, role: str = "member") -> Device:
        token = self.data.invite(name)
        keys, kx = Ed25519PrivateKey.generate(), X25519PrivateKey.generate()
        response = self.client.post("/v2/enroll", json=enroll_body(token, name, keys, kx))
        assert response.status_code == 200, response.text
        body = response.json()
        device = Device(id=body["device_id"], token=body["device_token"], keys=keys, kx=kx,
                        name=name)  # fmt: skip
        if admit:
            self.admit(device, role=role)
        return device

    admin: Device | None = None  # the device that created the team on this server

    def team_log(self, device: Device | None = None) -> list[dict[str, Any]]:
        """The membership log as the server sends it (to a member, by default the admin)."""
        answer = self.sync(device or self.admin, pull_limit=1)  # type: ignore[arg-type]
        assert answer.status_code == 200, answer.text
        return [json.loads(e) for e in answer.json()["membership"]]

    def team_state(self) -> TeamState | None:
        events = self.team_log() if self.admin else []
        return verify_chain(events, root_of(events[0])) if events else None

    def append(self, sender: Device, event: dict[str, Any]) -> httpx.Response:
        return self.client.post(
            "/v2/membership", json={"index": event["i"], "event": event},
            headers={"Authorization": f"Bearer {sender.token}"},
        )  # fmt: skip

    def signed_event(
        self, signer: Device, kind: str, body: dict[str, Any],
        cosigner: Device | None = None, state: TeamState | None = None,
    ) -> dict[str, Any]:  # fmt: skip
        """A real signed event that extends the server's current log."""
        state = state if state is not None else self.team_state()
        now = "2026-01-01T00:00:00+00:00"
        cosig = None
        if cosigner is not None:
            core = core_of(make_event(state, signer.sign, signer.id, kind, body, now=now))
            cosig = {"by": cosigner.id,
                     "sig": base64.b64encode(cosigner.sign(canonical(core))).decode()}  # fmt: skip
        return make_event(state, signer.sign, signer.id, kind, body, cosig=cosig, now=now)

    def admit(self, device: Device, role: str = "member", by: Device | None = None) -> None:
        """Put the device into the team's membership log with a real event signed by the
        team's admin (the first device admitted on this server creates the team)."""
        for _ in range(5):
            if self.admin is None:
                event = self.signed_event(
                    device, "team_created", device.member_body("admin"), state=None
                )
                sender = device
            else:
                sender = by or self.admin
                body = {**device.member_body(role), "register": EMPTY_REGISTER}
                event = self.signed_event(sender, "device_added", body)
            answer = self.append(sender, event)
            if answer.status_code == 200:
                if self.admin is None:
                    self.admin = device
                return
            assert answer.status_code == 409, answer.text
        raise AssertionError("could not append a membership event")

    def remove(
        self, device: Device, cutoff: int = 0, by: Device | None = None,
        cosigner: Device | None = None,
    ) -> httpx.Response:  # fmt: skip
        """The admin signs the device's removal (epoch + 1, write cut-off)."""
        state = self.team_state()
        assert state is not None
        sender = by or self.admin
        assert sender is not None
        stay = [m for m in state.members.values() if m.current and m.device != device.id]
        body = {"device": device.id, "epoch": state.epoch + 1, "cutoff": cutoff,
                "seen": [[1, cutoff]] if cutoff else [],
                "wraps": {m.device: base64.b64encode(os.urandom(48)).decode() for m in stay}}  # fmt: skip
        event = self.signed_event(sender, "device_removed", body, cosigner, state)
        return self.append(sender, event)

    def sync(
        self,
        device: Device,
        cursor: int = 0,
        messages: list[dict[str, Any]] | None = None,
        pull_limit: int | None = None,
        client: httpx.Client | None = None,
    ) -> httpx.Response:
        body: dict[str, Any] = {"version": 3, "cursor": cursor, "messages": messages or []}
        if pull_limit is not None:
            body["pull_limit"] = pull_limit
        return (client or self.client).post(
            "/v2/sync", json=body, headers={"Authorization": f"Bearer {device.token}"}
        )

    def pull_all(
        self, device: Device, cursor: int = 0, pull_limit: int = 1000
    ) -> tuple[list[dict[str, Any]], int]:
        """Sync with an empty outbox until has_more is false; returns (messages, cursor)."""
        received: list[dict[str, Any]] = []
        while True:
            response = self.sync(device, cursor, pull_limit=pull_limit)
            assert response.status_code == 200, response.text
            body = response.json()
            received += body["messages"]
            assert body["cursor"] >= cursor
            cursor = body["cursor"]
            if not body["has_more"]:
                return received, cursor


EMPTY_REGISTER = {"n": 0, "hash": "0" * 64, "sealed": ""}


def enroll_body(
    token: str,
    name: str,
    keys: Ed25519PrivateKey | None = None,
    kx_key: X25519PrivateKey | None = None,
) -> dict[str, Any]:
    """An enrollment request with a device's public keys."""
    sign = (keys or Ed25519PrivateKey.generate()).public_key().public_bytes_raw()
    kx = (kx_key or X25519PrivateKey.generate()).public_key().public_bytes_raw()
    return {"token": token, "device_name": name, "sign_pub": base64.b64encode(sign).decode(),
            "kx_pub": base64.b64encode(kx).decode(), "card": '{"node": "n"}'}  # fmt: skip


def make_message(subject: str | None = None, size: int = 64) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "subject": subject or os.urandom(32).hex(),
        "key_id": "e0s2",
        "nonce": base64.b64encode(os.urandom(12)).decode(),
        "ciphertext": base64.b64encode(os.urandom(size)).decode(),
    }


@pytest.fixture(scope="session")
def start_server(
    new_database_url: Callable[[], str | None], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Callable[..., Server]]:
    """Factory: a fresh data folder and database, served by a new process (stopped at the end
    of the session, or earlier by the caller)."""
    servers: list[Server] = []

    def start(*extra_args: str) -> Server:
        data = init_data_dir(tmp_path_factory.mktemp("server"), new_database_url())
        server = Server(data, list(extra_args))
        servers.append(server)
        return server

    yield start
    problems = []
    for server in servers:
        server.stop()
        log = server.log_path.read_text(errors="replace")
        if "Traceback" in log or re.search(r'" 5\d\d ', log):
            problems.append(f"{server.log_path}:\n{log[-2000:]}")
    if problems:
        pytest.fail("a server answered 5xx or logged a traceback:\n" + "\n".join(problems))


@pytest.fixture(scope="session")
def server(start_server: Callable[..., Server]) -> Server:
    """The shared server of one backend. Tests on it filter by their own devices' ids. Its
    team is created first by a device of its own, so no test's device becomes the admin by
    running first (with one worker per file, any file may run first)."""
    shared = start_server("--enroll-limit", "1000")
    shared.enroll("team admin")
    return shared


@pytest.fixture
def fresh_server(start_server: Callable[..., Server]) -> Iterator[Server]:
    """A server of its own for tests that need an empty log or special options."""
    server = start_server("--enroll-limit", "1000")
    yield server
    server.stop()


@pytest.fixture
def msg() -> Callable[..., dict[str, Any]]:
    return make_message


@pytest.fixture
def server_cli() -> Callable[..., subprocess.CompletedProcess[str]]:
    """Runs `python -m exitdoors_server ARGS…` in a subprocess."""
    return run_cli
