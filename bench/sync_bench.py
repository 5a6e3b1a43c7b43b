"""Sync benchmark: 100,000 field changes from device A to device B through a real server on
loopback, end to end, beside the server's raw ingest of the same number of ready-sealed
messages in the same run. Target: >= 10,000 changes/s end to end."""

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
from pathlib import Path

import httpx

from exitdoors_desktop.core.consent import ConsentAction, ConsentMethod, ConsentScope
from exitdoors_desktop.storage.program_repo import ConsentRepository
from exitdoors_desktop.storage.secrets import KdfParams
from exitdoors_desktop.storage.vault import Vault
from exitdoors_desktop.sync import service
from exitdoors_desktop.sync.invite import Invite, write_invite

FIELD_CHANGES = 100_000
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
                    httpx.get(f"{url}/v1/health", verify=False, timeout=1)  # noqa: S501
                    break
                except httpx.TransportError:
                    time.sleep(0.05)
            # Raw ingest baseline: ready-sealed random messages, batches of 500, one device.
            writes = FIELD_CHANGES // FIELDS_PER_WRITE
            with httpx.Client(
                base_url=url, verify=str(data / "server-cert.pem"), timeout=120
            ) as http:
                dev = http.post(
                    "/v1/enroll", json={"token": _token(data), "device_name": "raw"}
                ).json()
                msgs = [
                    {"id": str(uuid.uuid4()), "subject": os.urandom(32).hex(),
                     "hlc": f"{i:015d}-000000-raw", "key_id": "k1-raw",
                     "nonce": base64.b64encode(os.urandom(12)).decode(),
                     "ciphertext": base64.b64encode(os.urandom(300)).decode()}
                    for i in range(writes)
                ]  # fmt: skip
                headers = {"Authorization": f"Bearer {dev['device_token']}"}
                start = time.perf_counter()
                for i in range(0, writes, 500):
                    r = http.post("/v1/sync", headers=headers, json={"version": 1, "cursor": 0,
                                  "messages": msgs[i : i + 500], "pull_limit": 1})  # fmt: skip
                    assert r.status_code == 200
                raw_seconds = time.perf_counter() - start
            # End to end: A writes, pushes; B pulls and applies.
            cheap = KdfParams.cheap_for_tests()
            a, _ = Vault(root / "a").create("worker", PASSPHRASE, kdf=cheap)
            b, _ = Vault(root / "b").create("worker", PASSPHRASE, kdf=cheap)
            config = service.setup(a, url, fingerprint, _token(data))
            invite = root / "invite.json"
            write_invite(invite, Invite(url, fingerprint, _token(data), config.team_key), "x",
                         memory_kib=8192, iterations=1)  # fmt: skip
            service.join(b, invite, "x")
            service.run_once(a), service.run_once(b)  # the raw messages: B skips them (quarantine)
            b.conn.execute("DELETE FROM quarantine")
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
            start = time.perf_counter()
            pushed = service.run_once(a)
            push_s = time.perf_counter() - start
            start = time.perf_counter()
            pulled = service.run_once(b)
            pull_s = time.perf_counter() - start
            idle = service.run_once(b)
            field_changes = total - base
            print(f"server raw ingest (HTTPS, batches of 500, {writes} sealed messages): "
                  f"{writes / raw_seconds:,.0f} messages/s")  # fmt: skip
            print(f"end to end A -> server -> B: {field_changes:,} field changes in {writes:,} writes "
                  f"({changes:,} changes in A's log)")  # fmt: skip
            print(f"  push {push_s:.1f} s ({pushed.pushed} messages), pull+apply {pull_s:.1f} s "
                  f"({pulled.pulled} messages)")  # fmt: skip
            print(f"  {field_changes / (push_s + pull_s):,.0f} field changes/s end to end "
                  f"(target >= 10,000); {writes / (push_s + pull_s):,.0f} messages/s")  # fmt: skip
            print(f"idle sync: {idle.requests} request(s)")
            a.lock()
            b.lock()
        finally:
            proc.terminate()
            proc.wait(timeout=15)


if __name__ == "__main__":
    main()
