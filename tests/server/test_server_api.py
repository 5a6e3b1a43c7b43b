"""Health, enrollment, sync round trips, idempotency, pagination, revocation and purge."""

from __future__ import annotations

import base64
import json
import time

import httpx
import pytest

from tests.server.conftest import enroll_body


def test_health(server):
    response = server.client.get("/v2/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "version": 3}


def test_enroll_with_cli_invite_listed_by_cli(server):
    made = server.data.cli("invite", "--name", "Alice laptop", "--expires", "2h")
    assert made.returncode == 0, made.stderr
    token = made.stdout.strip()
    assert len(token) == 47 and token.startswith("edt_") and "\n" not in token
    assert token not in made.stderr
    response = server.client.post("/v2/enroll", json=enroll_body(token, "Alice laptop"))
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == {"device_id", "device_token"}
    assert len(body["device_id"]) == 36
    assert len(body["device_token"]) >= 43
    listing = server.data.cli("devices")
    assert listing.returncode == 0, listing.stderr
    line = next(ln for ln in listing.stdout.splitlines() if body["device_id"] in ln)
    assert "Alice laptop" in line and line.rstrip().endswith("no")


def test_enroll_token_is_single_use(server):
    token = server.data.invite()
    first = server.client.post("/v2/enroll", json=enroll_body(token, "a"))
    assert first.status_code == 200
    again = server.client.post("/v2/enroll", json=enroll_body(token, "b"))
    assert again.status_code == 403
    assert again.json()["error"] == "token_used"


def test_enroll_unknown_token(server):
    response = server.client.post("/v2/enroll", json=enroll_body("x" * 43, "a"))
    assert response.status_code == 403
    assert response.json() == {"error": "token_invalid", "detail": "unknown enrollment token"}


def test_enroll_expired_token(server):
    # An invite made two hours ago with a one-hour lifetime (clock injected, not patched).
    token = server.data.invite("late", ttl=3600, now=int(time.time()) - 7200)
    response = server.client.post("/v2/enroll", json=enroll_body(token, "late"))
    assert response.status_code == 403
    assert response.json()["error"] == "token_expired"


def test_enroll_rate_limited(start_server):
    limited = start_server("--enroll-limit", "3", "--enroll-window", "600")
    try:
        codes = [
            limited.client.post("/v2/enroll", json=enroll_body("y" * 43, "a")).status_code
            for _ in range(5)
        ]
        assert codes == [403, 403, 403, 429, 429]
        response = limited.client.post("/v2/enroll", json=enroll_body("y" * 43, "a"))
        assert response.json()["error"] == "rate_limited"
        assert int(response.headers["retry-after"]) >= 1
        # Even a valid token waits for the window.
        token = limited.data.invite()
        response = limited.client.post("/v2/enroll", json=enroll_body(token, "a"))
        assert response.status_code == 429
    finally:
        limited.stop()


def _by(device, messages):
    return [m for m in messages if m["device_id"] == device.id]


def test_sync_round_trip(server, msg):
    alice, bob = server.enroll("alice"), server.enroll("bob")
    sent = [msg() for _ in range(3)]
    response = server.sync(alice, 0, sent)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["accepted"] == [m["id"] for m in sent]
    assert body["duplicates"] == []
    assert body["commands"] == []
    assert _by(alice, body["messages"]) == []  # never one's own messages

    received, cursor = server.pull_all(bob)
    mine = _by(alice, received)
    assert [m["id"] for m in mine] == [m["id"] for m in sent]
    for got, want in zip(mine, sent, strict=True):
        for field in ("id", "subject", "key_id", "nonce", "ciphertext"):
            assert got[field] == want[field]
        assert got["kind"] == "change"
    seqs = [m["seq"] for m in received]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)
    assert cursor >= seqs[-1]

    # An idle sync is one request, returns nothing new and keeps the cursor.
    again = server.sync(bob, cursor).json()
    assert again["messages"] == [] and again["cursor"] == cursor and not again["has_more"]


def test_cursor_advances_past_own_messages(fresh_server, msg):
    alice = fresh_server.enroll("alice")
    body = fresh_server.sync(alice, 0, [msg() for _ in range(5)]).json()
    assert body["messages"] == []
    assert body["cursor"] == 5 and body["has_more"] is False


def test_replayed_batch_inserts_nothing(server, msg):
    alice, bob = server.enroll("alice"), server.enroll("bob")
    batch = [msg() for _ in range(4)]
    first = server.sync(alice, 0, batch).json()
    assert len(first["accepted"]) == 4
    replay = server.sync(alice, first["cursor"], batch).json()
    assert replay["accepted"] == []
    assert replay["duplicates"] == [m["id"] for m in batch]
    # Mixed batch, with an id repeated inside the batch too.
    new = msg()
    mixed = server.sync(alice, 0, [batch[0], new, new]).json()
    assert mixed["accepted"] == [new["id"]]
    assert mixed["duplicates"] == [batch[0]["id"], new["id"]]
    received, _ = server.pull_all(bob)
    ids = [m["id"] for m in _by(alice, received)]
    assert ids == [m["id"] for m in batch] + [new["id"]]


def test_pagination_has_more(fresh_server, msg):
    alice, bob = fresh_server.enroll("alice"), fresh_server.enroll("bob")
    sent = [msg() for _ in range(25)]
    assert fresh_server.sync(alice, 0, sent).status_code == 200
    cursor, pages = 0, []
    while True:
        body = fresh_server.sync(bob, cursor, pull_limit=10).json()
        pages.append(len(body["messages"]))
        if body["messages"]:
            assert body["cursor"] == body["messages"][-1]["seq"] or not body["has_more"]
        cursor = body["cursor"]
        if not body["has_more"]:
            break
    assert pages == [10, 10, 5]
    assert cursor == 25


def test_revoked_device_without_wipe(server, msg):
    dev = server.enroll("lost")
    result = server.data.cli("revoke", dev.id)
    assert result.returncode == 0, result.stderr
    response = server.sync(dev, 0, [msg()])
    assert response.status_code == 401
    assert response.json()["error"] == "revoked"
    assert response.json()["commands"] == []
    purge = server.client.post(
        "/v2/subjects/purge",
        json=dev.signed("purge", ["a" * 64]),
        headers={"Authorization": f"Bearer {dev.token}"},
    )
    assert purge.status_code == 401  # a revoked device's valid signature counts for nothing


def test_revoked_device_with_wipe(server):
    dev = server.enroll("stolen")
    assert server.data.cli("revoke", dev.id, "--wipe").returncode == 0
    response = server.sync(dev)
    assert response.status_code == 401
    assert response.json()["error"] == "revoked"
    assert response.json()["commands"] == [{"type": "wipe"}]
    listing = server.data.cli("devices").stdout
    assert "(wipe)" in next(ln for ln in listing.splitlines() if dev.id in ln)


def test_unknown_and_missing_token(server):
    from exitdoors_server.accounts import new_token

    for headers in ({"Authorization": f"Bearer {new_token()}"}, {}, {"Authorization": "Basic x"}):
        response = server.client.post("/v2/sync", json={"version": 3, "cursor": 0}, headers=headers)
        assert response.status_code == 401
        assert response.json()["error"] == "unauthorized"


def test_purge_deletes_and_delivers_marker(server, msg):
    alice, bob, carol = server.enroll("alice"), server.enroll("bob"), server.enroll("carol")
    doomed, kept = msg()["subject"], msg()["subject"]
    batch = [msg(doomed), msg(doomed), msg(kept)]
    assert server.sync(alice, 0, batch).status_code == 200
    _, bob_cursor = server.pull_all(bob)  # bob has seen them already

    response = server.client.post(
        "/v2/subjects/purge",
        json=carol.signed("purge", [doomed, doomed]),
        headers={"Authorization": f"Bearer {carol.token}"},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["purged"] == 2
    assert len(body["markers"]) == 1

    # Bob (already synced) gets exactly the marker.
    news, _ = server.pull_all(bob, bob_cursor)
    markers = [m for m in news if m["device_id"] == carol.id]
    assert len(markers) == 1
    marker = markers[0]
    assert marker["kind"] == "purge" and marker["subject"] == doomed
    assert marker["id"] == body["markers"][0]
    assert marker["nonce"] == ""
    proof = json.loads(base64.b64decode(marker["ciphertext"]))  # the signed request, relayed
    assert proof["statement"]["device"] == carol.id and doomed in proof["statement"]["subjects"]
    # A newcomer never sees the purged messages, only the marker and the kept one.
    dave = server.enroll("dave")
    everything, _ = server.pull_all(dave)
    about_doomed = [m for m in everything if m["subject"] == doomed]
    assert [m["kind"] for m in about_doomed] == ["purge"]
    assert [m["subject"] for m in _by(alice, everything)] == [kept]
    # The purger does not get its own marker back.
    own, _ = server.pull_all(carol)
    assert _by(carol, own) == []


def test_device_token_works_with_separate_clients(server, msg):
    alice = server.enroll()
    with server.new_client() as other:
        response = server.sync(alice, 0, [msg()], client=other)
    assert response.status_code == 200


@pytest.mark.parametrize("path", ["/v2/sync", "/v2/subjects/purge", "/v2/enroll"])
def test_get_on_post_routes_is_json_405(server, path):
    response = server.client.get(path)
    assert response.status_code == 405
    assert response.json()["error"] == "method_not_allowed"


def test_openapi_published(server):
    spec = server.client.get("/v2/openapi.json").json()
    assert {"/v2/health", "/v2/enroll", "/v2/sync", "/v2/subjects/purge"} <= set(spec["paths"])
    assert isinstance(httpx.Response(200, json=spec).json(), dict)


def test_purge_without_a_valid_signature_is_refused_and_deletes_nothing(server, msg):
    alice, mallory = server.enroll("alice"), server.enroll("mallory")
    subject = msg()["subject"]
    assert server.sync(alice, 0, [msg(subject), msg(subject)]).status_code == 200
    auth = {"Authorization": f"Bearer {mallory.token}"}
    unsigned = {"statement": mallory.signed("purge", [subject])["statement"],
                "sig": base64.b64encode(b"\0" * 64).decode()}  # fmt: skip
    as_alice = alice.signed("purge", [subject])  # alice's signature, sent with mallory's token
    forged = mallory.signed("purge", [subject])
    forged["statement"]["subjects"] = [msg()["subject"], subject]  # altered after signing
    for body in (unsigned, as_alice, forged, {"subjects": [subject]}):
        response = server.client.post("/v2/subjects/purge", json=body, headers=auth)
        assert response.status_code in (403, 422), response.text
    # Enrolled, validly signed, but never let into the team by an admin: refused too.
    outsider = server.enroll("outsider", admit=False)
    response = server.client.post(
        "/v2/subjects/purge", json=outsider.signed("purge", [subject]),
        headers={"Authorization": f"Bearer {outsider.token}"},
    )  # fmt: skip
    assert response.status_code == 403 and response.json()["error"] == "not_a_member"
    received, _ = server.pull_all(mallory)
    about = [m for m in received if m["subject"] == subject]
    assert [m["kind"] for m in about] == ["change", "change"]


def test_tombstone_refuses_pushes_until_a_signed_reshare(server, msg):
    alice, carol = server.enroll("alice"), server.enroll("carol")
    subject = msg()["subject"]
    auth = {"Authorization": f"Bearer {alice.token}"}
    purge = server.client.post("/v2/subjects/purge", json=alice.signed("purge", [subject]),
                               headers=auth)  # fmt: skip
    assert purge.status_code == 200, purge.text
    late = [msg(subject), msg()]
    response = server.sync(carol, 0, late)
    assert response.status_code == 409
    body = response.json()
    assert body["error"] == "subject_withdrawn"
    assert body["subjects"] == [subject] and body["ids"] == [late[0]["id"]]
    assert server.sync(carol, 0, [late[1]]).status_code == 200  # other subjects still go
    # A re-share signed by another device's key is refused; the device's own works.
    bad = carol.signed("reshare", [subject])
    assert server.client.post("/v2/subjects/reshare", json=bad, headers=auth).status_code == 403
    ok = server.client.post("/v2/subjects/reshare", json=alice.signed("reshare", [subject]),
                            headers=auth)  # fmt: skip
    assert ok.status_code == 200 and ok.json() == {"lifted": 1}
    assert server.sync(carol, 0, [late[0]]).status_code == 200
