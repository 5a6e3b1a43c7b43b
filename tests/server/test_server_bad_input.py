"""Malformed, mistyped and oversized requests: always a 4xx JSON error naming the problem,
never a 500 and never a partial write."""

from __future__ import annotations

import base64
import json

import pytest

from tests.server.conftest import enroll_body

B64_1MIB = base64.b64encode(b"\0" * (1024 * 1024)).decode()
B64_1MIB_PLUS = base64.b64encode(b"\0" * (1024 * 1024 + 1)).decode()


@pytest.fixture(scope="module")
def device(server):
    return server.enroll("fuzzed")


def _auth(device):
    return {"Authorization": f"Bearer {device.token}", "Content-Type": "application/json"}


def _post(server, path, body, headers=None):
    """JSON with ASCII escapes, so lone surrogates reach the server as \\udXXX."""
    headers = {"Content-Type": "application/json", **(headers or {})}
    return server.client.post(path, content=json.dumps(body), headers=headers)


def _assert_error(response, status, code=None, mentions=()):
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert isinstance(body["error"], str) and isinstance(body["detail"], str)
    if code:
        assert body["error"] == code, body
    for word in mentions:
        assert word in body["detail"], body
    return body


@pytest.mark.parametrize(
    "raw",
    [b"{", b'{"version": 3,', b"not json", b"\xff\xfe\x00", b"[" * 100_000, b'{"a": NaN'],
)
def test_malformed_json_is_400(server, device, raw):
    response = server.client.post("/v2/sync", content=raw, headers=_auth(device))
    assert 400 <= response.status_code < 500, response.text
    body = response.json()
    assert body["error"] in ("malformed_json", "malformed_body", "invalid_request")


@pytest.mark.parametrize("body", [[], "text", 5, None, [{"version": 3}]])
def test_body_must_be_an_object(server, device, body):
    response = server.client.post("/v2/sync", content=json.dumps(body), headers=_auth(device))
    _assert_error(response, 422, "invalid_request", ["body"])


def test_integral_floats_count_as_integers(server, device):
    """JSON Schema (and so the OpenAPI contract) says 3.0 is an integer."""
    body = {"version": 3.0, "cursor": 3.0, "pull_limit": 10.0, "messages": []}
    response = _post(server, "/v2/sync", body, _auth(device))
    assert response.status_code == 200, response.text


def test_wrong_content_type_is_422(server, device):
    headers = {**_auth(device), "Content-Type": "text/plain"}
    response = server.client.post(
        "/v2/sync", content=json.dumps({"version": 3, "cursor": 0}), headers=headers
    )
    _assert_error(response, 422, "invalid_request")


def test_unknown_version_is_400(server, device, msg):
    for version in (0, 1, 99):  # 1: a v1 laptop is told, not half-served
        body = {"version": version, "cursor": 0, "messages": [{"future": "format"}]}
        response = _post(server, "/v2/sync", body, _auth(device))
        _assert_error(response, 400, "unsupported_version", [str(version)])
    for version in ("1", 1.5, None, True):
        body = {"version": version, "cursor": 0}
        response = _post(server, "/v2/sync", body, _auth(device))
        _assert_error(response, 422, "invalid_request", ["version"])
    response = server.client.post("/v2/sync", json={"cursor": 0}, headers=_auth(device))
    _assert_error(response, 422, "invalid_request", ["version"])


@pytest.mark.parametrize(
    ("patch", "field"),
    [
        ({"cursor": "0"}, "cursor"),
        ({"cursor": -1}, "cursor"),
        ({"cursor": 1.5}, "cursor"),
        ({"cursor": True}, "cursor"),
        ({"cursor": 2**64}, "cursor"),
        ({"cursor": 2.0**64}, "cursor"),
        ({"cursor": 1e300}, "cursor"),
        ({"pull_limit": 0}, "pull_limit"),
        ({"pull_limit": 5001}, "pull_limit"),
        ({"messages": {}}, "messages"),
        ({"messages": "x"}, "messages"),
        ({"extra": 1}, "extra"),
    ],
)
def test_wrong_top_level_types(server, device, patch, field):
    body = {"version": 3, "cursor": 0, "messages": [], **patch}
    response = _post(server, "/v2/sync", body, _auth(device))
    _assert_error(response, 422, "invalid_request", [field])


MESSAGE_PROBLEMS = [
    ({"id": "not-a-uuid"}, "id"),
    ({"id": "3F2504E0-4F89-11D3-9A0C-0305E82C3301"}, "id"),  # ids are lowercase
    ({"id": 5}, "id"),
    ({"subject": "A" * 64}, "subject"),
    ({"subject": "a" * 63}, "subject"),
    ({"subject": None}, "subject"),
    ({"key_id": "\x1f"}, "key_id"),
    ({"key_id": "h" * 65}, "key_id"),
    ({"key_id": "a\x00b"}, "key_id"),
    ({"key_id": "\ud800"}, "key_id"),
    ({"key_id": "caf\u00e9"}, "key_id"),
    ({"key_id": "k" * 65}, "key_id"),
    ({"key_id": ""}, "key_id"),
    ({"key_id": ["k"]}, "key_id"),
    ({"nonce": base64.b64encode(b"x" * 11).decode()}, "nonce"),
    ({"nonce": base64.b64encode(b"x" * 13).decode()}, "nonce"),
    ({"nonce": "!!!!!!!!!!!!!!!!"}, "nonce"),
    ({"nonce": 12}, "nonce"),
    ({"ciphertext": ""}, "ciphertext"),
    ({"ciphertext": "aGVsbG8"}, "ciphertext"),  # padding missing
    ({"ciphertext": "aGVs bG8="}, "ciphertext"),
    ({"ciphertext": "aGVsbG8=\n"}, "ciphertext"),
    ({"ciphertext": "\u00e9\u00e9\u00e9\u00e9"}, "ciphertext"),
    ({"ciphertext": B64_1MIB_PLUS}, "ciphertext"),
    ({"ciphertext": B64_1MIB + "AAAA"}, "ciphertext"),
    ({"kind": "purge"}, "kind"),
]


@pytest.mark.parametrize(("patch", "field"), MESSAGE_PROBLEMS)
def test_bad_message_field_rejects_whole_batch(server, device, msg, patch, field):
    """The bad message is last: the good ones before it must not be written either."""
    good = [msg(), msg()]
    bad = {**msg(), **patch}
    body = {"version": 3, "cursor": 0, "messages": [*good, bad]}
    response = _post(server, "/v2/sync", body, _auth(device))
    if any("\ud800" in str(v) for v in patch.values()):  # caught before any field is judged
        _assert_error(response, 400, "bad_unicode", ["messages.2", field])
    else:
        _assert_error(response, 422, "invalid_request", ["messages.2", field])
    observer = server.enroll("observer")
    received, _ = server.pull_all(observer)
    ids = {m["id"] for m in received}
    assert not ids & {m["id"] for m in good}


def test_missing_message_field(server, device, msg):
    for field in ("id", "subject", "key_id", "nonce", "ciphertext"):
        message = msg()
        del message[field]
        body = {"version": 3, "cursor": 0, "messages": [message]}
        response = _post(server, "/v2/sync", body, _auth(device))
        _assert_error(response, 422, "invalid_request", [field])


def test_largest_ciphertext_round_trips(server, device, msg):
    big = {**msg(), "ciphertext": B64_1MIB}
    response = server.sync(device, 0, [big])
    assert response.status_code == 200, response.text
    reader = server.enroll("reader")
    received, _ = server.pull_all(reader, pull_limit=5000)
    assert [m["ciphertext"] for m in received if m["id"] == big["id"]] == [B64_1MIB]


def test_too_long_batch(server, device, msg):
    one = msg()
    batch = [{**one, "id": f"00000000-0000-4000-8000-{i:012x}"} for i in range(5001)]
    body = {"version": 3, "cursor": 0, "messages": batch}
    response = _post(server, "/v2/sync", body, _auth(device))
    _assert_error(response, 422, "invalid_request", ["messages", "5000"])


def test_body_too_large_declared(server, device):
    body = b'{"version": 3, "cursor": 0, "pad": "' + b"x" * (8 * 1024 * 1024) + b'"}'
    response = server.client.post("/v2/sync", content=body, headers=_auth(device))
    _assert_error(response, 413, "body_too_large", ["8388608"])


def test_body_too_large_chunked(server, device):
    def chunks():
        yield b'{"version": 3, "cursor": 0, "pad": "'
        for _ in range(9):
            yield b"x" * (1024 * 1024)
        yield b'"}'

    response = server.client.post("/v2/sync", content=chunks(), headers=_auth(device))
    _assert_error(response, 413, "body_too_large")


def test_max_body_option(start_server, msg):
    small = start_server("--max-body", "4096")
    try:
        dev = small.enroll()
        assert small.sync(dev, 0, [msg()]).status_code == 200
        response = small.sync(dev, 0, [msg(size=4096)])
        _assert_error(response, 413, "body_too_large", ["4096"])
    finally:
        small.stop()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"token": "short", "device_name": "a"}, "token"),
        ({"token": "t" * 43, "device_name": ""}, "device_name"),
        ({"token": "t" * 43, "device_name": "n" * 101}, "device_name"),
        ({"token": "t" * 43, "device_name": "a\nb"}, "device_name"),
        ({"token": "t" * 43, "device_name": "\ud800"}, "device_name"),
        ({"token": "t\u00e9" * 20, "device_name": "a"}, "token"),
        ({"token": 5, "device_name": "a"}, "token"),
        ({"device_name": "a"}, "token"),
    ],
)
def test_bad_enroll_requests(server, body, field):
    response = _post(server, "/v2/enroll", body)
    if any("\ud800" in str(v) for v in body.values()):  # caught before any field is judged
        _assert_error(response, 400, "bad_unicode", [field])
    else:
        _assert_error(response, 422, "invalid_request", [field])


@pytest.mark.parametrize(
    ("patch", "field"),
    [
        ({"subjects": []}, "statement.subjects"),
        ({"subjects": ["a" * 64] * 1001}, "statement.subjects"),
        ({"subjects": ["zz"]}, "statement.subjects.0"),
        ({"subjects": "a" * 64}, "statement.subjects"),
        ({"subjects": None}, "statement.subjects"),
        ({"type": "erase"}, "statement.type"),
        ({"sig": "AAAA"}, "sig"),
        ({"sig": None}, "sig"),
    ],
)
def test_bad_purge_requests(server, device, patch, field):
    body = device.signed("purge", ["a" * 64])
    for key, value in patch.items():
        target = body if key == "sig" else body["statement"]
        if value is None:
            del target[key]
        else:
            target[key] = value
    response = _post(server, "/v2/subjects/purge", body, _auth(device))
    _assert_error(response, 422, "invalid_request", [field])


@pytest.mark.parametrize(
    "authorization",
    ["Bearer", "Bearer  x", "Bearer \u00e9\u00e9\u00e9", "Bearer " + "a" * 5000, "bearer x y"],
)
def test_odd_authorization_headers(server, authorization):
    response = server.client.post(
        "/v2/sync",
        json={"version": 3, "cursor": 0},
        headers={"Authorization": authorization.encode("utf-8")},
    )
    _assert_error(response, 401, "unauthorized")


def test_errors_never_echo_the_token(server):
    token = "s3cr3t" * 8
    response = server.client.post("/v2/enroll", json=enroll_body(token, "\n"))
    assert response.status_code == 422
    assert token not in response.text
