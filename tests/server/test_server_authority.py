"""The server's authority checks (issue 18, Why 1, 3, 7): the membership log is verified on
append exactly as laptops verify it; only current members sync, purge and re-share; only
current admins append and queue commands; a removal revokes the token in the same step;
commands and pull answers are bounded. Each named attack AND its neighbours, against a real
server process (SQLite and PostgreSQL)."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import uuid
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select, update

from exitdoors_protocol.codec import canonical
from exitdoors_server.schema import commands, devices, membership
from tests.server.conftest import EMPTY_REGISTER, Device, Server


def _auth(device: Device) -> dict[str, str]:
    return {"Authorization": f"Bearer {device.token}"}


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _team(server: Server, *names: str) -> list[Device]:
    """An admin (creates the team) and admitted members."""
    admin = server.enroll("admin")
    assert server.admin is admin
    return [admin, *(server.enroll(n) for n in names)]


def _stored(server: Server, device: Device) -> int:
    """How many messages are stored that ``device`` did not write (seen by a new member)."""
    observer = server.enroll("observer")
    received, _ = server.pull_all(observer)
    return sum(1 for m in received if m["device_id"] == device.id)


def _wipe(
    admin: Device, target: Device, root: bytes, cosigner: Device | None = None, **extra: Any
) -> dict[str, Any]:
    """A wipe signed by ``admin`` (and co-signed: needed while the team has two admins)."""
    inner = {"type": "wipe", "device": target.id, "team": _b64(root),
             "nonce": os.urandom(8).hex(), **extra}  # fmt: skip
    command = {"type": "wipe", "command": inner, "by": admin.id,
               "sig": _b64(admin.sign(canonical(inner)))}  # fmt: skip
    if cosigner is not None:
        command["cosig"] = {"by": cosigner.id, "sig": _b64(cosigner.sign(canonical(inner)))}
    return command


def _command(server: Server, sender: Device, target: Device, command: dict[str, Any]):
    return server.client.post(
        "/v2/commands", json={"device_id": target.id, "command": command}, headers=_auth(sender)
    )


# --- Why 1: a token alone cannot make itself a member --------------------------------------


def test_token_only_device_cannot_add_itself_then_purge(fresh_server, msg):
    """The named attack: enrolled with a stolen invite, never let in, it appends a
    device_added naming itself (unsigned as before, and signed with its own key), then
    purges what it pulled. Every step is refused and nothing is deleted."""
    server = fresh_server
    _admin, alice = _team(server, "alice")
    subject = msg()["subject"]
    assert server.sync(alice, 0, [msg(subject), msg(subject), msg()]).status_code == 200
    thief = server.enroll("thief", admit=False)
    length = len(server.team_log())
    unsigned = {"i": length, "type": "device_added", "by": thief.id,
                "body": {"device": thief.id}}  # fmt: skip
    answer = server.append(thief, unsigned)
    assert answer.status_code == 403 and answer.json()["error"] == "membership_refused"
    body = {**thief.member_body("admin"), "register": EMPTY_REGISTER}
    self_signed = server.signed_event(thief, "device_added", body)
    answer = server.append(thief, self_signed)
    assert answer.status_code == 403 and answer.json()["error"] == "membership_refused"
    assert len(server.team_log()) == length
    purge = server.client.post(
        "/v2/subjects/purge", json=thief.signed("purge", [subject]), headers=_auth(thief)
    )
    assert purge.status_code == 403 and purge.json()["error"] == "not_a_member"
    assert _stored(server, alice) == 3


def test_unsigned_or_altered_event_from_the_admin_is_refused(fresh_server):
    server = fresh_server
    (admin,) = _team(server)
    newcomer = server.enroll("newcomer", admit=False)
    body = {**newcomer.member_body(), "register": EMPTY_REGISTER}
    event = server.signed_event(admin, "device_added", body)
    for bad in (
        {k: v for k, v in event.items() if k != "sig"},  # unsigned
        {**event, "sig": _b64(b"\0" * 64)},  # a signature of nothing
        {**event, "body": {**body, "role": "admin"}},  # altered after signing
        {**event, "sig": "not base64!"},
    ):
        answer = server.append(admin, bad)
        assert answer.status_code == 403, answer.text
    assert server.append(admin, event).status_code == 200


def test_event_signed_by_a_member_not_an_admin_is_refused(fresh_server):
    server = fresh_server
    _admin, member = _team(server, "member")
    newcomer = server.enroll("newcomer", admit=False)
    body = {**newcomer.member_body(), "register": EMPTY_REGISTER}
    answer = server.append(member, server.signed_event(member, "device_added", body))
    assert answer.status_code == 403 and answer.json()["error"] == "membership_refused"
    # Nor may a member promote itself or remove the admin.
    state = server.team_state()
    promote = server.signed_event(member, "role_changed", {"device": member.id, "role": "admin"})
    assert server.append(member, promote).status_code == 403
    assert state is not None
    assert server.remove(server.admin, by=member).status_code == 403  # type: ignore[arg-type]
    assert server.sync(newcomer).json()["messages"] == []
    assert server.sync(newcomer, 0, [{"x": 1}]).status_code == 422


def test_team_created_with_a_forged_root_or_twice_is_refused(fresh_server):
    server = fresh_server
    creator = server.enroll("creator", admit=False)
    other_key = Ed25519PrivateKey.generate()
    forged = Device(creator.id, creator.token, other_key, creator.kx, "creator")
    # Signed consistently, but with a key that is not the one the sender enrolled with.
    event = server.signed_event(forged, "team_created", forged.member_body("admin"), state=None)
    answer = server.append(creator, event)
    assert answer.status_code == 403, answer.text
    # A team_created naming the sender's key but signed by another one.
    event = server.signed_event(forged, "team_created", creator.member_body("admin"), state=None)
    assert server.append(creator, event).status_code == 403
    server.admit(creator)
    assert server.admin is creator
    # Once created, never again: not at the next index, not at index 0.
    again = server.enroll("again", admit=False)
    state = server.team_state()
    recreate = server.signed_event(again, "team_created", again.member_body("admin"), state=state)
    assert server.append(again, recreate).status_code == 403
    first = server.signed_event(again, "team_created", again.member_body("admin"), state=None)
    assert server.append(again, first).status_code == 403
    assert len(server.team_log()) == 1


def test_replayed_or_misplaced_event_is_refused(fresh_server):
    server = fresh_server
    admin, member = _team(server, "member")
    log = server.team_log()
    replay = log[1]  # the member's device_added, signed by the admin: valid where it was
    answer = server.append(admin, replay)
    assert answer.status_code == 409 and answer.json()["error"] == "membership_conflict"
    # Sent as if it were the next event (index patched): the chain and signature break.
    moved = {**replay, "i": len(log)}
    assert server.append(admin, moved).status_code == 403
    newcomer = server.enroll("newcomer", admit=False)
    body = {**newcomer.member_body(), "register": EMPTY_REGISTER}
    event = server.signed_event(admin, "device_added", body)
    ahead = server.client.post(
        "/v2/membership", json={"index": len(log) + 1, "event": event}, headers=_auth(admin)
    )
    assert ahead.status_code == 403  # the event's own index disagrees with the one asked
    signed_ahead = {**event, "i": len(log) + 1}
    answer = server.client.post(
        "/v2/membership", json={"index": len(log) + 1, "event": signed_ahead}, headers=_auth(admin)
    )
    assert answer.status_code == 409
    assert server.append(admin, event).status_code == 200
    assert server.append(admin, event).status_code == 409  # the same event twice
    assert len(server.team_log()) == len(log) + 1
    assert member.id in {e["body"].get("device") for e in server.team_log()}


def test_device_added_must_be_enrolled_here_with_that_key(fresh_server):
    server = fresh_server
    (admin,) = _team(server)
    ghost = Device(str(uuid.uuid4()), "t", Ed25519PrivateKey.generate(), None, "ghost")
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    ghost.kx = X25519PrivateKey.generate()
    body = {**ghost.member_body(), "register": EMPTY_REGISTER}
    assert server.append(admin, server.signed_event(admin, "device_added", body)).status_code == 403
    real = server.enroll("real", admit=False)
    swapped = Device(real.id, real.token, Ed25519PrivateKey.generate(), real.kx, "real")
    body = {**swapped.member_body(), "register": EMPTY_REGISTER}
    assert server.append(admin, server.signed_event(admin, "device_added", body)).status_code == 403


def test_removed_admin_cannot_sign_even_with_a_live_token(fresh_server):
    """Two admins; one is removed (co-signed). Even if its token were still valid (written
    back into the database), an event it signs is refused: it is no longer an admin."""
    server = fresh_server
    admin, second = _team(server)[0], server.enroll("second", role="admin")
    # With two admins, removing one needs the other's signature too.
    assert server.remove(second).status_code == 403
    assert server.remove(second, cosigner=second).status_code == 200
    assert server.sync(second).status_code == 401
    with server.data.engine().begin() as conn:
        conn.execute(update(devices).where(devices.c.id == second.id).values(revoked_at=None))
    newcomer = server.enroll("newcomer", admit=False)
    body = {**newcomer.member_body("admin"), "register": EMPTY_REGISTER}
    answer = server.append(second, server.signed_event(second, "device_added", body))
    assert answer.status_code == 403 and answer.json()["error"] == "membership_refused"
    # And its revived token reads nothing: it is not a current member.
    assert server.sync(second).json()["messages"] == []
    assert server.sync(second, 0, [{}]).status_code == 422
    assert admin.id in {m.device for m in server.team_state().admins()}  # type: ignore[union-attr]


def test_a_stored_log_that_does_not_verify_fails_closed(fresh_server, msg):
    """Written into the database directly: no authority for anyone, and no 500."""
    server = fresh_server
    admin, member = _team(server, "member")
    assert server.sync(member, 0, [msg()]).status_code == 200
    with server.data.engine().begin() as conn:
        text = conn.execute(select(membership.c.event).where(membership.c.idx == 1)).scalar_one()
        event = json.loads(text)
        event["body"]["role"] = "admin"  # the operator "promotes" the member
        conn.execute(
            update(membership).where(membership.c.idx == 1).values(event=canonical(event).decode())
        )
    for device in (admin, member):
        push = server.sync(device, 0, [msg()])
        assert push.status_code == 403 and push.json()["error"] == "not_a_member"
        pull = server.sync(device).json()
        assert pull["messages"] == [] and pull["devices"] == []
        assert len(pull["membership"]) == 2  # the stored log, so laptops see it is broken
    purge = server.client.post(
        "/v2/subjects/purge", json=member.signed("purge", [msg()["subject"]]),
        headers=_auth(member),
    )  # fmt: skip
    assert purge.status_code == 403
    newcomer = server.enroll("newcomer", admit=False)
    body = {**newcomer.member_body(), "register": EMPTY_REGISTER}
    event = {"v": 3, "i": 2, "prev": "0" * 64, "type": "device_added", "body": body,
             "by": admin.id, "at": "2026-01-01T00:00:00+00:00"}  # fmt: skip
    event["sig"] = _b64(admin.sign(canonical(event)))
    answer = server.append(admin, event)
    assert answer.status_code == 409 and answer.json()["error"] == "membership_broken"
    state_root = admin.keys.public_key().public_bytes_raw()  # type: ignore[union-attr]
    assert _command(server, member, admin, _wipe(member, admin, state_root)).status_code == 403


def test_team_state_stays_right_across_two_processes(fresh_server, msg):
    """Two server processes on one database: appends through one are obeyed by the other
    (each re-checks the log's length and head per request)."""
    first = fresh_server
    second = Server(first.data, ["--enroll-limit", "1000"])
    try:
        admin = first.enroll("admin")
        newcomer = first.enroll("newcomer", admit=False)
        assert first.sync(newcomer, 0, [msg()]).status_code == 403
        second.admin = admin
        second.admit(newcomer, role="admin")  # through the other process
        assert first.sync(newcomer, 0, [msg()]).status_code == 200
        target = first.enroll("target")
        root = admin.keys.public_key().public_bytes_raw()  # type: ignore[union-attr]
        # Two admins now: a wipe needs both signatures (rules.wipe_refusal, checked here too).
        assert _command(first, newcomer, target, _wipe(newcomer, target, root)).status_code == 403
        wipe = _wipe(newcomer, target, root, cosigner=admin)
        assert _command(first, newcomer, target, wipe).status_code == 200
        # Removed through the second process: the first refuses it at once.
        second.admin = admin
        assert second.remove(newcomer, cosigner=newcomer).status_code == 200
        assert first.sync(newcomer).status_code == 401
    finally:
        second.stop()


# --- Why 3 / removal: revoked in the same step, told by the signed log ----------------------


def test_removal_revokes_the_token_in_the_same_step(fresh_server, msg):
    server = fresh_server
    admin, gone, stays = _team(server, "gone", "stays")
    assert server.sync(gone, 0, [msg()]).status_code == 200
    root = admin.keys.public_key().public_bytes_raw()  # type: ignore[union-attr]
    assert _command(server, admin, gone, _wipe(admin, gone, root)).status_code == 200
    assert server.remove(gone, cutoff=1).status_code == 200
    with server.data.engine().connect() as conn:
        revoked = conn.execute(
            select(devices.c.revoked_at).where(devices.c.id == gone.id)
        ).scalar_one()
    assert revoked is not None
    answer = server.sync(gone)
    assert answer.status_code == 401 and answer.json()["error"] == "revoked"
    body = answer.json()
    log = [json.loads(e) for e in body["membership"]]
    assert log == server.team_log()
    assert log[-1]["type"] == "device_removed" and log[-1]["body"]["device"] == gone.id
    assert [c["command"]["device"] for c in body["commands"]] == [gone.id]
    again = server.sync(gone).json()
    assert again["commands"] == [] and len(again["membership"]) == len(log)
    # A revoked token pushes, pulls, purges nothing.
    assert server.sync(gone, 0, [msg()]).status_code == 401
    purge = server.client.post(
        "/v2/subjects/purge", json=gone.signed("purge", [msg()["subject"]]), headers=_auth(gone)
    )
    assert purge.status_code == 401
    assert server.sync(stays).status_code == 200


# --- Why 7: /v2/sync only for current members ------------------------------------------------


def test_a_non_member_pulls_nothing_and_pushes_nothing(fresh_server, msg):
    server = fresh_server
    before = server.enroll("before-team", admit=False)
    # No team yet: nobody syncs, but anyone may ask for the (empty) log.
    assert server.sync(before, 0, [msg()]).status_code == 403
    assert server.sync(before).json()["membership"] == []
    _admin, alice = _team(server, "alice")
    assert server.sync(alice, 0, [msg(), msg()]).status_code == 200
    outsider = server.enroll("outsider", admit=False)
    answer = server.sync(outsider, 0, pull_limit=5000)
    assert answer.status_code == 200
    body = answer.json()
    assert body["messages"] == [] and body["devices"] == [] and body["commands"] == []
    assert body["has_more"] is False and body["cursor"] == 0
    assert len(body["membership"]) == body["membership_length"] == 2
    push = server.sync(outsider, 0, [msg()])
    assert push.status_code == 403 and push.json()["error"] == "not_a_member"
    reshare = server.client.post(
        "/v2/subjects/reshare", json=outsider.signed("reshare", [msg()["subject"]]),
        headers=_auth(outsider),
    )  # fmt: skip
    assert reshare.status_code == 403
    head = {"count": 1, "message": msg()}
    answer = server.client.post("/v2/audit-head", json=head, headers=_auth(outsider))
    assert answer.status_code == 403
    # Let in: now it syncs.
    server.admit(outsider)
    assert len(server.sync(outsider).json()["messages"]) == 2


# --- Commands: admins only, bounded, deleted once delivered ---------------------------------


def test_commands_only_from_a_current_admin_and_well_signed(fresh_server):
    server = fresh_server
    admin, member, target = _team(server, "member", "target")
    root = admin.keys.public_key().public_bytes_raw()  # type: ignore[union-attr]
    outsider = server.enroll("outsider", admit=False)
    for sender in (member, outsider):
        answer = _command(server, sender, target, _wipe(sender, target, root))
        assert answer.status_code == 403 and answer.json()["error"] == "not_an_admin"
    refused = [
        _wipe(admin, member, root),  # addressed to another device than the one named
        {**_wipe(admin, target, root), "sig": _b64(b"\0" * 64)},
        {**_wipe(admin, target, root), "by": member.id},  # someone else's name on it
        _wipe(admin, target, b"\1" * 32),  # another team
        {"type": "wipe"},  # the v1 unsigned form
    ]
    for command in refused:
        answer = _command(server, admin, target, command)
        assert answer.status_code == 403, answer.text
    assert server.sync(target).json()["commands"] == []
    good = _wipe(admin, target, root)
    assert _command(server, admin, target, good).status_code == 200
    assert server.sync(target).json()["commands"] == [good]
    assert server.sync(target).json()["commands"] == []  # delivered once, then forgotten
    with server.data.engine().connect() as conn:
        assert conn.execute(select(commands.c.id)).all() == []


def test_command_flood_and_size_are_capped(start_server):
    server = start_server("--enroll-limit", "1000", "--max-commands-per-issuer", "12")
    try:
        admin, first, second = _team(server, "first", "second")
        root = admin.keys.public_key().public_bytes_raw()  # type: ignore[union-attr]
        for _ in range(10):
            assert _command(server, admin, first, _wipe(admin, first, root)).status_code == 200
        answer = _command(server, admin, first, _wipe(admin, first, root))
        assert answer.status_code == 429 and answer.json()["error"] == "too_many_commands"
        for _ in range(2):
            assert _command(server, admin, second, _wipe(admin, second, root)).status_code == 200
        assert _command(server, admin, second, _wipe(admin, second, root)).status_code == 429
        big = _wipe(admin, second, root, pad="x" * 17_000)
        assert _command(server, admin, second, big).status_code == 413
        # Delivered: the target's share is free again.
        assert len(server.sync(first).json()["commands"]) == 10
        assert _command(server, admin, second, _wipe(admin, second, root)).status_code == 200
    finally:
        server.stop()


# --- Bounds: pull answers in bytes, bad Unicode everywhere, audit heads ----------------------


def test_pull_answer_stops_before_the_byte_cap(start_server, msg):
    cap = 200_000
    server = start_server("--enroll-limit", "1000", "--max-pull-bytes", str(cap))
    try:
        _admin, writer, reader = _team(server, "writer", "reader")
        sent = [msg(size=60_000) for _ in range(10)] + [msg(size=400_000)] + [msg(size=10)]
        assert server.sync(writer, 0, sent).status_code == 200
        cursor, got, pages = 0, [], 0
        while True:
            answer = server.sync(reader, cursor, pull_limit=5000)
            assert answer.status_code == 200
            pages += 1
            body = answer.json()
            assert body["messages"], "a page always carries at least one message"
            size = len(answer.content)
            assert size <= cap or len(body["messages"]) == 1, size
            got += body["messages"]
            cursor = body["cursor"]
            if not body["has_more"]:
                break
        assert [m["id"] for m in got] == [m["id"] for m in sent]
        assert pages >= 5
    finally:
        server.stop()


POST_ENDPOINTS = [
    "/v2/enroll",
    "/v2/sync",
    "/v2/subjects/purge",
    "/v2/subjects/reshare",
    "/v2/membership",
    "/v2/commands",
    "/v2/audit-head",
]
BAD_UNICODE = [
    b'{"x":"\\ud800"}',
    b'{"\\udfff":1}',
    b'{"version":3,"cursor":0,"messages":[{"id":"\\udc00"}]}',
    b'{"index":0,"event":{"by":"a\\ud800b","i":0}}',
    b'{"device_id":"x","command":{"type":"wipe","n":["\\ud83d"]}}',
    b'{"token":"\\ud800\\ud800","device_name":"a"}',
]


@pytest.mark.parametrize("path", POST_ENDPOINTS)
def test_lone_surrogates_are_a_4xx_on_every_endpoint(server, path):
    member = server.enroll("unicode")
    for raw in BAD_UNICODE:
        for headers in (_auth(member), {}):
            answer = server.client.post(
                path, content=raw, headers={**headers, "Content-Type": "application/json"}
            )
            assert answer.status_code == 400, (raw, answer.text)
            assert answer.json()["error"] == "bad_unicode"
    # A real pair is fine (an emoji in a name), and so are escaped backslashes.
    ok = server.client.post(
        "/v2/sync", content=b'{"version":3,"cursor":0,"x":"\\ud83d\\ude00 \\\\ud800"}',
        headers={**_auth(member), "Content-Type": "application/json"},
    )  # fmt: skip
    assert ok.status_code == 422  # x is an unknown field: judged by the route, not refused here


def _head(device: Device, count: int, message: dict[str, Any], key: Any = None):
    """An audit head request, signed (over its clear count) when ``key`` is given."""
    body: dict[str, Any] = {"count": count, "message": message}
    if key is not None:
        statement = canonical({
            "type": "audit_head", "device": device.id, "count": count, "id": message["id"],
            "ciphertext_sha256": hashlib.sha256(base64.b64decode(message["ciphertext"])).hexdigest(),
        })  # fmt: skip
        body["sig"] = _b64(key.sign(statement))
    return body


def test_a_forged_huge_audit_count_does_not_silence_the_device(fresh_server, msg):
    """Why 6: a stolen member token sets a huge count. Unsigned (as laptops send today) the
    honest head is refused, but the 409 carries the head the office keeps so the laptop can
    see it never signed it; signed with the device's registered key, the honest head replaces
    the forgery, and from then on unsigned heads (all a token thief can send) are refused."""
    server = fresh_server
    _admin, honest = _team(server, "honest")
    post = server.client.post
    forged = _head(honest, 2**62, msg())
    assert post("/v2/audit-head", json=forged, headers=_auth(honest)).status_code == 200
    answer = post("/v2/audit-head", json=_head(honest, 12, msg()), headers=_auth(honest))
    assert answer.status_code == 409
    kept = answer.json()["kept"]
    assert kept["count"] == 2**62 and kept["id"] == forged["message"]["id"]
    assert kept["ciphertext"] == forged["message"]["ciphertext"] and kept["sig"] is None
    # Signed by the thief's own key (it has only the token): refused.
    wrong = _head(honest, 13, msg(), Ed25519PrivateKey.generate())
    assert post("/v2/audit-head", json=wrong, headers=_auth(honest)).status_code == 403
    mine = _head(honest, 13, msg(), honest.keys)
    assert post("/v2/audit-head", json=mine, headers=_auth(honest)).status_code == 200
    got = server.client.get("/v2/audit-head", headers=_auth(honest)).json()["head"]
    assert got["count"] == 13 and got["sig"] == mine["sig"]
    again = post("/v2/audit-head", json=forged, headers=_auth(honest))
    assert again.status_code == 403 and again.json()["error"] == "audit_head_unsigned"
    # Signed heads still only grow.
    lower = _head(honest, 12, msg(), honest.keys)
    assert post("/v2/audit-head", json=lower, headers=_auth(honest)).status_code == 409
    assert post("/v2/audit-head", json=_head(honest, 14, msg(), honest.keys),
                headers=_auth(honest)).status_code == 200  # fmt: skip


def test_lone_surrogate_inside_a_relayed_event_or_command_is_400_not_500(fresh_server):
    """The free-form JSON the server relays (membership events, commands) was canonicalised
    and encoded with the surrogate inside: a 500 (Why 7). Refused before any route now."""
    server = fresh_server
    admin, target = _team(server, "target")
    length = len(server.team_log())
    event = b'{"index":%d,"event":{"by":"%s","i":%d,"type":"device_added","name":"\\ud800"}}' % (
        length,
        admin.id.encode(),
        length,
    )
    command = b'{"device_id":"%s","command":{"type":"wipe","by":"%s","n":"\\udfff"}}' % (
        target.id.encode(),
        admin.id.encode(),
    )
    for path, raw in (("/v2/membership", event), ("/v2/commands", command)):
        answer = server.client.post(
            path, content=raw, headers={**_auth(admin), "Content-Type": "application/json"}
        )
        assert answer.status_code == 400 and answer.json()["error"] == "bad_unicode", answer.text


def test_a_refused_removal_revokes_nothing_and_events_are_capped(fresh_server, msg):
    server = fresh_server
    admin, member, other = _team(server, "member", "other")
    # Signed by a member, not an admin: refused, and the target's token still works.
    assert server.remove(other, by=member).status_code == 403
    assert server.sync(other, 0, [msg()]).status_code == 200
    # A removal naming no cut-off is refused too (the rulebook): nothing revoked.
    state = server.team_state()
    assert state is not None
    stay = {m.device: _b64(b"w") for m in state.members.values() if m.device != other.id}
    body = {"device": other.id, "epoch": state.epoch + 1, "wraps": stay}
    answer = server.append(admin, server.signed_event(admin, "device_removed", body))
    assert answer.status_code == 403
    assert server.sync(other).status_code == 200
    # One event over 256 KiB of JSON: 413, whoever signs it.
    newcomer = server.enroll("newcomer", admit=False)
    big = {**newcomer.member_body(), "register": EMPTY_REGISTER, "pad": "x" * 300_000}
    answer = server.append(admin, server.signed_event(admin, "device_added", big))
    assert answer.status_code == 413 and answer.json()["error"] == "body_too_large"
