"""Cursor correctness under concurrent writers: every device receives every other device's
messages exactly once, although transactions overlap (and, on PostgreSQL, could commit out of
sequence order if the server did not serialise sequence assignment)."""

from __future__ import annotations

import threading
from collections import Counter

import pytest

DEVICES = 8
PER_DEVICE = 2000
BATCH = 500


@pytest.mark.slow
def test_eight_devices_push_while_pulling(fresh_server, msg):
    server = fresh_server
    devices = [server.enroll(f"dev{i}") for i in range(DEVICES)]
    outboxes = {d.id: [msg(size=48) for _ in range(PER_DEVICE)] for d in devices}
    received: dict[str, list[dict]] = {d.id: [] for d in devices}
    errors: list[BaseException] = []
    pushed_all = threading.Barrier(DEVICES)

    def run(device):
        try:
            with server.new_client() as client:
                cursor = 0

                def sync(batch, limit):
                    nonlocal cursor
                    response = server.sync(device, cursor, batch, pull_limit=limit, client=client)
                    assert response.status_code == 200, response.text
                    body = response.json()
                    assert len(body["accepted"]) == len(batch)
                    assert body["cursor"] >= cursor
                    received[device.id].extend(body["messages"])
                    cursor = body["cursor"]
                    return body["has_more"]

                outbox = outboxes[device.id]
                for start in range(0, PER_DEVICE, BATCH):
                    # Push a batch and pull a page in the same request, then pull-only syncs,
                    # so pulls constantly overlap other devices' write transactions.
                    sync(outbox[start : start + BATCH], 700)
                    sync([], 300)
                    sync([], 300)
                pushed_all.wait(timeout=120)
                while sync([], 5000):
                    pass
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)
            pushed_all.abort()

    threads = [threading.Thread(target=run, args=(d,), name=f"dev-{d.id[:8]}") for d in devices]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=240)
    assert not any(t.is_alive() for t in threads), "a device thread hung"
    assert not errors, errors[0]

    for device in devices:
        counts = Counter(m["id"] for m in received[device.id])
        dupes = [i for i, n in counts.items() if n > 1]
        assert not dupes, f"{device.id} received {len(dupes)} messages more than once"
        expected = {m["id"] for d in devices if d.id != device.id for m in outboxes[d.id]}
        got = set(counts)
        assert got == expected, (
            f"{device.id}: missing {len(expected - got)}, unexpected {len(got - expected)}"
        )
        seqs = [m["seq"] for m in received[device.id]]
        assert seqs == sorted(seqs)
