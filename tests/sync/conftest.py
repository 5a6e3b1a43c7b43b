"""A real `exitdoors-server` on loopback (SQLite) and real vaults joined to it."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from exitdoors_desktop.core.consent import ConsentAction, ConsentMethod, ConsentScope
from exitdoors_desktop.core.people import Client
from exitdoors_desktop.storage.clients_repo import ClientRepository
from exitdoors_desktop.storage.program_repo import ConsentRepository
from exitdoors_desktop.storage.team_store import TeamStore
from exitdoors_desktop.storage.vault import Session, Vault
from exitdoors_desktop.sync import service
from exitdoors_desktop.sync.identity import DeviceKeys, b64
from exitdoors_desktop.sync.membership import event_hash, make_event, wrap_ring
from exitdoors_desktop.sync.team import Team
from exitdoors_desktop.sync.transport import Retry
from tests.conftest import CHEAP, PASSPHRASE

SERVER = [sys.executable, "-m", "exitdoors_server"]
FAST = Retry(attempts=2, base_delay=0.01, max_delay=0.05)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class OfficeServer:
    data_dir: Path
    fingerprint: str
    port: int
    proc: subprocess.Popen[bytes]

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    def cli(self, *args: str) -> str:
        result = subprocess.run(
            [*SERVER, *args, "--data-dir", str(self.data_dir)],
            capture_output=True, text=True, timeout=60, check=True,
        )  # fmt: skip
        return result.stdout

    def token(self) -> str:
        out = self.cli("invite", "--name", f"dev-{uuid.uuid4().hex[:6]}")
        match = re.search(r"([A-Za-z0-9_-]{40,})", out)
        assert match, out
        return match.group(1)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def start_office_server(
    root: Path, port: int | None = None, extra: tuple[str, ...] = ()
) -> OfficeServer:
    data_dir = root / f"office-{uuid.uuid4().hex[:6]}"
    out = subprocess.run(
        [*SERVER, "init", "--data-dir", str(data_dir)], capture_output=True, text=True,
        timeout=60, check=True,
    ).stdout  # fmt: skip
    fingerprint = re.search(r"SHA256 fingerprint: ([0-9a-f]{64})", out)
    assert fingerprint, out
    port = port or free_port()
    log = open(data_dir / "serve.log", "wb")  # noqa: SIM115 - lives as long as the process
    proc = subprocess.Popen(
        [*SERVER, "serve", "--data-dir", str(data_dir), "--port", str(port), *extra],
        stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    server = OfficeServer(data_dir, fingerprint.group(1), port, proc)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError((data_dir / "serve.log").read_text()[-2000:])
        try:
            httpx.get(f"{server.url}/v2/health", verify=False, timeout=2)  # noqa: S501 - readiness only
            return server
        except httpx.TransportError:
            time.sleep(0.05)
    server.stop()
    raise RuntimeError("server did not start")


@pytest.fixture
def office(tmp_path: Path) -> Iterator[OfficeServer]:
    server = start_office_server(tmp_path)
    yield server
    server.stop()


@dataclass
class Device:
    name: str
    vault: Vault
    session: Session

    def sync(self) -> service.SyncReport:
        return service.run_once(self.session, retry=FAST)

    def add_client(self, name: str, share: bool = True, **kw: object) -> str:
        cid = str(uuid.uuid4())
        ClientRepository(self.session).save(Client(id=cid, preferred_name=name, **kw))  # type: ignore[arg-type]
        consents = ConsentRepository(self.session)
        consents.add(cid, ConsentScope.STORE_ON_DEVICE, ConsentAction.GRANT,
                     _today(), ConsentMethod.WRITTEN)  # fmt: skip
        if share:
            consents.add(cid, ConsentScope.SHARE_WITH_OFFICE, ConsentAction.GRANT,
                         _today(), ConsentMethod.WRITTEN)  # fmt: skip
        return cid

    def names(self) -> dict[str, str]:
        return {c.id: c.preferred_name for c in ClientRepository(self.session).all()}


def _today():  # type: ignore[no-untyped-def]
    import datetime as dt

    return dt.date(2026, 5, 1)


@pytest.fixture
def team(office: OfficeServer, tmp_path: Path) -> Iterator[Callable[[int], list[Device]]]:
    """team(n): n devices with their own vaults; the first set up, the others joined."""
    devices: list[Device] = []

    def make(n: int) -> list[Device]:
        joined = []
        for i in range(n):
            vault = Vault(tmp_path / f"device-{len(devices)}")
            session, _ = vault.create(f"worker{len(devices)}", PASSPHRASE, kdf=CHEAP)
            device = Device(f"d{len(devices)}", vault, session)
            if not devices:
                service.setup(session, office.url, office.fingerprint, office.token())
            else:
                invite = tmp_path / f"invite-{uuid.uuid4().hex[:6]}.json"
                words = service.make_invite(devices[0].session, office.token(), invite,
                                            memory_kib=8192, iterations=1)  # fmt: skip
                service.join(session, invite, words)
                joined.append(device)
            devices.append(device)
        if joined:
            devices[0].sync()  # the admin lets the newcomers in
        return devices

    yield make
    for d in devices:
        d.session.lock()


def solo_team(session: Session) -> tuple[Team, list[dict[str, Any]]]:
    """A team of one (this vault, admin and root) without a server: for engine tests."""
    keys = DeviceKeys.generate()
    me = str(uuid.uuid4())
    body: dict[str, object] = {
        "device": me, "node": session.device_id, "name": "laptop 1", "role": "admin",
        "sign_pub": b64(keys.sign_pub), "kx_pub": b64(keys.kx_pub),
        "wraps": {me: wrap_ring(keys.sign_pub, (me, keys.kx_pub), 0, {0: os.urandom(32)})},
    }  # fmt: skip
    event = make_event(None, keys, me, "team_created", body)
    with session.transaction():
        TeamStore(session).append_events([(0, json.dumps(event), event_hash(event))])
    return Team(session, me, keys, keys.sign_pub), [event]
