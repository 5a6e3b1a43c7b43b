"""Migrations, the audit log, log redaction and the last-resort error handlers."""

from __future__ import annotations

import asyncio
import io
import logging
import re

import httpx
import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import select

from exitdoors_server import accounts, db, migrate
from exitdoors_server.app import create_app
from exitdoors_server.logs import RedactingFilter, redact
from exitdoors_server.schema import audit_log, metadata
from tests.server.conftest import enroll_body


def test_migrated_schema_matches_metadata(server):
    engine = server.data.engine()
    assert migrate.current_revision(engine) == migrate.head_revision()
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []


def test_downgrade_and_upgrade_again(tmp_path, new_database_url):
    url = new_database_url() or f"sqlite:///{tmp_path / 'm.db'}"
    engine = db.make_engine(url, pool_size=1)
    try:
        migrate.upgrade(engine)
        migrate.upgrade(engine, "head")  # idempotent
        migrate.downgrade(engine, "base")
        assert migrate.current_revision(engine) is None
        migrate.upgrade(engine)
        assert migrate.current_revision(engine) == migrate.head_revision()
    finally:
        engine.dispose()


def test_migrations_ship_inside_the_package():
    from importlib import resources

    root = resources.files("exitdoors_server.migrations")
    assert (root / "env.py").is_file()
    assert (root / "script.py.mako").is_file()
    assert (root / "versions" / "__init__.py").is_file()
    assert migrate.SCRIPT_LOCATION.startswith("exitdoors_server:")


def test_audit_log_records_events_without_secrets(server, msg):
    dev = server.enroll("audited")
    invite_token = server.data.invite("unused")
    server.client.post("/v2/enroll", json=enroll_body("z" * 43, "x"))
    server.sync(dev, 0, [msg()])
    server.client.post(
        "/v2/subjects/purge",
        json=dev.signed("purge", ["b" * 64]),
        headers={"Authorization": f"Bearer {dev.token}"},
    )
    server.client.post(
        "/v2/sync",
        json={"version": 3, "cursor": 0},
        headers={"Authorization": "Bearer " + "q" * 43},
    )
    assert server.data.cli("revoke", dev.id).returncode == 0
    server.sync(dev)

    engine = server.data.engine()
    with engine.connect() as conn:
        rows = conn.execute(select(audit_log)).mappings().all()
    mine = [r for r in rows if r["device_id"] == dev.id]
    assert {r["event"] for r in mine} >= {"enroll", "purge", "revoke", "auth_failure"}
    assert any(r["event"] == "enroll_failed" and r["detail"] == "token_invalid" for r in rows)
    assert any(r["event"] == "auth_failure" and r["detail"] == "unknown_token" for r in rows)
    assert all(r["at"] > 1_600_000_000 for r in rows)
    flat = " ".join(str(v) for r in rows for v in r.values())
    for secret in (dev.token, invite_token, "z" * 43, "q" * 43):
        assert secret not in flat


def test_server_log_has_no_tokens_and_no_tracebacks(server, msg):
    dev = server.enroll("logged")
    server.sync(dev, 0, [msg()])
    bad = "k" * 43
    server.client.post(
        "/v2/sync", json={"version": 3, "cursor": 0}, headers={"Authorization": f"Bearer {bad}"}
    )
    log = server.log_path.read_text()
    assert "Uvicorn running on https://127.0.0.1" in log
    assert dev.token not in log and bad not in log
    assert "Traceback" not in log
    assert not re.search(r'" 5\d\d ', log), "a request got a 5xx"


def test_redaction_filter():
    token = "eu2zEy_xBRYgp-BWTwhL-9-PlDVHVGUKvmiHCZ_g3TQ"
    assert token not in redact(f"Authorization: Bearer {token}")
    assert token not in redact(f"token={token} rest")
    assert redact("GET /v2/health 200") == "GET /v2/health 200"


def test_tokens_never_look_like_a_command_line_option():
    tokens = [accounts.new_token() for _ in range(2000)]
    assert all(t.startswith("edt_") and len(t) >= 47 for t in tokens)
    assert len(set(tokens)) == len(tokens)
    for t in tokens[:50]:
        assert t not in redact(f"token={t} rest")


def test_redaction_covers_tracebacks():
    token = "Zm9vYmFyYmF6cXV1eGNvcmdlZ3JhdWx0Z2FycGx5d2Fs"
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactingFilter())
    logger = logging.getLogger("exitdoors_server.test_redaction")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        try:
            raise ValueError(f"bad token {token}")
        except ValueError:
            logger.exception("failed with %s", token)
    finally:
        logger.removeHandler(handler)
    text = stream.getvalue()
    assert "ValueError" in text and "[redacted]" in text
    assert token not in text


def _asgi_client(app) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    return httpx.AsyncClient(transport=transport, base_url="http://test")


def test_unexpected_exception_is_json_500_without_traceback(tmp_path):
    engine = db.make_engine(f"sqlite:///{tmp_path / 'x.db'}", pool_size=1)
    migrate.upgrade(engine)
    app = create_app(engine)

    def boom() -> None:
        raise RuntimeError("secret internals /etc/passwd")

    app.add_api_route("/v2/boom", boom)

    async def go():
        async with _asgi_client(app) as client:
            return await client.get("/v2/boom")

    response = asyncio.run(go())
    engine.dispose()
    assert response.status_code == 500
    assert response.json() == {
        "error": "internal",
        "detail": "unexpected server error; see server log",
    }
    assert "secret" not in response.text


@pytest.mark.parametrize(
    "url",
    [
        "sqlite:////nonexistent-dir/x.db",
        pytest.param(
            "postgresql://nobody@127.0.0.1:1/none?connect_timeout=2", marks=pytest.mark.postgres
        ),
    ],
)
def test_database_unreachable_is_json_503(url):
    app = create_app(db.make_engine(url, pool_size=1))

    async def go():
        async with _asgi_client(app) as client:
            health = await client.get("/v2/health")
            sync = await client.post(
                "/v2/sync",
                json={"version": 3, "cursor": 0},
                headers={"Authorization": "Bearer " + "a" * 43},
            )
            return health, sync

    health, sync = asyncio.run(go())
    for response in (health, sync):
        assert response.status_code == 503, response.text
        assert response.json()["error"] == "unavailable"
        assert response.headers["retry-after"] == "5"
