"""Issue 18, Deliver 9: per-device quotas over a sliding day on the office server (messages and
bytes stored, purge requests, subjects purged): a clear 429 with a reason code and
Retry-After, charged in the transaction that stores (a refused push stores nothing)."""

from __future__ import annotations

import base64
import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exitdoors_protocol import quotas as q
from exitdoors_server import db, migrate
from exitdoors_server import quotas as server_quotas
from tests.server.conftest import make_message


@pytest.fixture
def quota_server(start_server):  # type: ignore[no-untyped-def]
    server = start_server(
        "--enroll-limit", "1000", "--quota-messages", "10", "--quota-bytes", "4096",
        "--quota-purges", "2", "--quota-purged-subjects", "3",
    )  # fmt: skip
    yield server
    server.stop()


def _assert_quota_429(response, reason: str) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 429, response.text
    body = response.json()
    assert body["error"] == "quota_exceeded" and body["reason"] == reason
    wait = int(response.headers["Retry-After"])
    assert 1 <= wait <= q.DAY + q.BUCKET and body["retry_after"] == wait
    assert "per day" in body["detail"] and "retry after" in body["detail"]


def test_messages_over_the_day_quota_are_refused_whole_and_nothing_is_stored(quota_server) -> None:  # type: ignore[no-untyped-def]
    admin, other = quota_server.enroll("a"), quota_server.enroll("b")
    first = [make_message() for _ in range(8)]
    assert quota_server.sync(admin, messages=first).status_code == 200
    over = [make_message() for _ in range(3)]
    _assert_quota_429(quota_server.sync(admin, messages=over), "messages_per_day")
    # Nothing of the refused batch is stored; a resend of what was stored is free.
    pulled, _ = quota_server.pull_all(other)
    assert {m["id"] for m in pulled} == {m["id"] for m in first}
    again = quota_server.sync(admin, messages=first)
    assert again.status_code == 200 and len(again.json()["duplicates"]) == 8
    # What still fits goes; the quota is the device's own: another device still pushes.
    assert quota_server.sync(admin, messages=over[:2]).status_code == 200
    _assert_quota_429(quota_server.sync(admin, messages=over[2:]), "messages_per_day")
    assert quota_server.sync(other, messages=[make_message()]).status_code == 200
    # Pulling is never refused by a quota.
    assert quota_server.sync(admin).status_code == 200


def test_bytes_over_the_day_quota(quota_server) -> None:  # type: ignore[no-untyped-def]
    device = quota_server.enroll("a")
    assert quota_server.sync(device, messages=[make_message(size=3000)]).status_code == 200
    _assert_quota_429(
        quota_server.sync(device, messages=[make_message(size=2000)]), "bytes_per_day"
    )


def test_purge_requests_and_subjects_over_quota(quota_server) -> None:  # type: ignore[no-untyped-def]
    device = quota_server.enroll("a")
    auth = {"Authorization": f"Bearer {device.token}"}
    tags = [os.urandom(32).hex() for _ in range(5)]
    ok = quota_server.client.post("/v2/subjects/purge", json=device.signed("purge", tags[:2]),
                                  headers=auth)  # fmt: skip
    assert ok.status_code == 200, ok.text
    over = quota_server.client.post("/v2/subjects/purge", json=device.signed("purge", tags[2:4]),
                                    headers=auth)  # fmt: skip
    _assert_quota_429(over, "purged_subjects_per_day")
    # Refused whole: those subjects carry no tombstone, so pushes under them are stored.
    msg = make_message(subject=tags[2])
    assert quota_server.sync(device, messages=[msg]).status_code == 200
    ok = quota_server.client.post("/v2/subjects/purge", json=device.signed("purge", tags[4:]),
                                  headers=auth)  # fmt: skip
    assert ok.status_code == 200
    third = quota_server.client.post("/v2/subjects/purge", json=device.signed("purge", tags[4:]),
                                     headers=auth)  # fmt: skip
    _assert_quota_429(third, "purges_per_day")


def test_bad_quota_flags_are_usage_errors(server_cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = server_cli("serve", "--data-dir", str(tmp_path), "--quota-messages", "0")
    assert result.returncode == 2 and "--quota-messages" in result.stderr


# -- the window, with an injected clock ------------------------------------------------------


def test_the_day_slides_in_process(tmp_path) -> None:  # type: ignore[no-untyped-def]
    engine = db.make_engine(f"sqlite:///{tmp_path / 'q.db'}", pool_size=1)
    try:
        migrate.upgrade(engine)
        limits = server_quotas.Quotas(messages_per_day=10)
        t0 = 1_800_000_000
        with db.write_tx(engine) as conn:
            server_quotas.charge(conn, "dev", t0, limits, messages=6)
            server_quotas.charge(conn, "dev", t0 + 5 * 3600, limits, messages=4)
        with db.write_tx(engine) as conn, pytest.raises(server_quotas.QuotaExceeded) as exc:
            server_quotas.charge(conn, "dev", t0 + 6 * 3600, limits, messages=1)
        # It fits once the first hour leaves the window, and the answer says when.
        assert exc.value.reason == "messages_per_day" and exc.value.used == 10
        then = t0 + 6 * 3600 + exc.value.retry_after
        with db.write_tx(engine) as conn:
            server_quotas.charge(conn, "dev", then, limits, messages=6)
            with pytest.raises(server_quotas.QuotaExceeded):
                server_quotas.charge(conn, "dev", then, limits, messages=1)
            server_quotas.charge(conn, "other", then, limits, messages=10)
    finally:
        engine.dispose()


@given(
    st.dictionaries(st.integers(0, 60), st.integers(0, 50), max_size=30),
    st.integers(0, 60),
    st.integers(0, 60),
    st.integers(1, 400),
)
def test_retry_after_is_exactly_when_it_fits(hours, now_h, need, limit) -> None:  # type: ignore[no-untyped-def]
    buckets = {h * q.BUCKET: a for h, a in hours.items()}
    now = now_h * q.BUCKET + 1234 + q.DAY
    wait = q.retry_after(buckets, now, need, limit)
    if wait is None:
        assert q.used(buckets, now) + need <= limit
        return
    assert q.used(buckets, now) + need > limit
    if need <= limit:
        assert q.used(buckets, now + wait) + need <= limit
        assert wait == 1 or q.used(buckets, now + wait - 1) + need > limit
    # Charging never keeps dead hours, and keeps the live total.
    after = q.charged(buckets, now, need)
    assert q.used(after, now) == q.used(buckets, now) + need
    assert all(q.live(b, now) for b in after)


def test_base64_sizes_are_charged_decoded(quota_server) -> None:  # type: ignore[no-untyped-def]
    device = quota_server.enroll("a")
    msg = make_message(size=1)
    msg["ciphertext"] = base64.b64encode(os.urandom(4000)).decode()  # ~5.3 KB of base64
    assert quota_server.sync(device, messages=[msg]).status_code == 200
