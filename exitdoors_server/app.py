"""The ASGI application: /v2 routes, error mapping and request limits (see README.md). The
message log's routes are in message_routes.py, the team's in team_routes.py."""

# No `from __future__ import annotations` here: FastAPI must evaluate the route annotations,
# which refer to dependencies defined inside create_app().
import json
import logging
import re
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine, text
from sqlalchemy.exc import IntegrityError, InterfaceError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from exitdoors_server import __version__, accounts, message_routes, quotas, ready, team, team_routes
from exitdoors_server.accounts import AuditEvent, Device, EnrollFailure
from exitdoors_server.authority import TeamCache
from exitdoors_server.config import Settings
from exitdoors_server.db import read_tx, write_tx
from exitdoors_server.errors import ApiError, error_models, error_response
from exitdoors_server.ratelimit import FixedWindowLimiter
from exitdoors_server.wire import (
    PROTOCOL_VERSION,
    TOKEN_PATTERN,
    EnrollRequest,
    EnrollResponse,
    HealthResponse,
)

log = logging.getLogger("exitdoors_server")

_TOKEN_RE = re.compile(TOKEN_PATTERN)
_STATUS_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "body_too_large",
    415: "unsupported_media_type",
    429: "rate_limited",
}
_API_DESCRIPTION = """Ciphertext-only message log for Exit Doors desktops (exitdoors_server/README.md).

* Binary fields are standard base64 with padding; message ids are lowercase UUIDs; `subject` is
  64 lowercase hex chars; `key_id` is opaque printable ASCII, 1..64 chars (epoch label).
* Every error is JSON `{"error": code, "detail": text}`; 401 answers may add `commands`.
* `/v2/sync` is idempotent by message id. It returns messages by *other* devices with
  `seq > cursor` in seq order; keep the returned `cursor` and sync again while `has_more`.
  A push under a withdrawn subject's tag is refused whole: 409 `subject_withdrawn`.
* Purge markers are messages with `kind: "purge"`, empty key_id and nonce, and the signed
  purge request (JSON) as ciphertext.
"""


def _describe_validation(exc: RequestValidationError) -> tuple[int, str, str]:
    """Status, code and a one-line detail naming each bad field (never echoing its value)."""
    errors = list(exc.errors())
    for e in errors:
        if e.get("type") == "json_invalid":
            return 400, "malformed_json", "request body is not valid JSON"
        if e.get("type") == "unsupported_version":
            return 400, "unsupported_version", str(e.get("msg"))
    parts = []
    for e in errors[:5]:
        loc = ".".join(str(p) for p in e.get("loc", ()))
        parts.append(f"{loc}: {e.get('msg')}")
    if len(errors) > 5:
        parts.append(f"and {len(errors) - 5} more")
    return 422, "invalid_request", "; ".join(parts) or "invalid request"


class GuardMiddleware:
    """Caps the request body and turns any escaped exception into a JSON 500 (no traceback)."""

    def __init__(self, app: ASGIApp, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_tracking(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        async def reply(response: JSONResponse) -> None:
            await response(scope, receive, send_tracking)

        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    await reply(error_response(400, "bad_request", "invalid Content-Length"))
                    return
                if declared > self.max_body:
                    await reply(_too_large(self.max_body))
                    return
        # Read the whole (capped) body first, so that it can be checked for text no database
        # can store (lone surrogates) before any route sees it.
        chunks: list[bytes] = []
        received = 0
        more = scope.get("method") in ("POST", "PUT", "PATCH")
        while more:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            chunk = message.get("body", b"")
            received += len(chunk)
            if received > self.max_body:
                await reply(_too_large(self.max_body))
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        where = _bad_unicode(body)
        if where is not None:
            detail = f"{where}: text that is not valid Unicode (a lone surrogate)"
            await reply(error_response(400, "bad_unicode", detail))
            return
        replayed = False

        async def receive_buffered() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        try:
            await self.app(scope, receive_buffered, send_tracking)
        except Exception as exc:  # noqa: BLE001 - last line of defence: always answer JSON
            log.error("unhandled %s on %s", type(exc).__name__, scope.get("path"), exc_info=exc)
            if not started:
                await reply(
                    error_response(500, "internal", "unexpected server error; see server log")
                )


def _bad_unicode(body: bytes) -> str | None:
    """Where a JSON body holds a string (or key) with a lone surrogate ("\\ud800"): valid
    JSON, but no UTF-8 encoder, signature or database takes it. Raw bytes that are not UTF-8
    are left to the JSON parser (400 malformed_body). None: no such string."""
    if b"\\u" not in body:
        return None  # strict UTF-8 cannot encode a surrogate: only an escape can make one
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        return None  # the route answers 400 for malformed JSON
    stack: list[tuple[object, str]] = [(data, "body")]
    while stack:
        item, where = stack.pop()
        if isinstance(item, str):
            if not item.isascii():
                try:
                    item.encode("utf-8")
                except UnicodeEncodeError:
                    return where
        elif isinstance(item, dict):
            for key, value in item.items():
                stack.append((key, f"{where} (a key)"))
                stack.append((value, f"{where}.{key.encode('ascii', 'replace').decode()[:40]}"))
        elif isinstance(item, list):
            stack.extend((value, f"{where}.{i}") for i, value in enumerate(item))
    return None


def too_big_detail(max_body: int) -> str:
    return f"request body exceeds the limit of {max_body} bytes"


def _too_large(max_body: int) -> JSONResponse:
    return error_response(413, "body_too_large", too_big_detail(max_body))


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_req: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.code, exc.detail, exc.extra, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_req: Request, exc: RequestValidationError) -> JSONResponse:
        return error_response(*_describe_validation(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(_req: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _STATUS_CODES.get(exc.status_code, "http_error")
        detail = exc.detail if isinstance(exc.detail, str) else code
        if exc.status_code == 400:
            code, detail = "malformed_body", "request body could not be read as JSON"
        return error_response(exc.status_code, code, detail, headers=exc.headers)

    @app.exception_handler(OperationalError)
    @app.exception_handler(InterfaceError)
    async def _db_down(_req: Request, exc: Exception) -> JSONResponse:
        log.warning("database unavailable: %s", type(exc).__name__)
        return error_response(
            503,
            "unavailable",
            "database busy or unreachable; retry later",
            headers={"Retry-After": "5"},
        )

    @app.exception_handler(IntegrityError)
    async def _conflict(_req: Request, _exc: Exception) -> JSONResponse:
        return error_response(409, "conflict", "a concurrent request changed the same rows; retry")


def create_app(engine: Engine, settings: Settings | None = None) -> FastAPI:
    """Build the application around an engine whose database is migrated to head."""
    settings = settings or Settings()
    app = FastAPI(
        title="Exit Doors office sync server",
        version=__version__,
        summary="Relays end-to-end encrypted messages between enrolled desktops.",
        description=_API_DESCRIPTION,
        openapi_url="/v2/openapi.json",
        docs_url=None,
        redoc_url=None,
    )
    app.add_middleware(GuardMiddleware, max_body=settings.max_body)
    _install_error_handlers(app)
    limiter = FixedWindowLimiter(settings.enroll_limit, settings.enroll_window, settings.clock)
    teams = TeamCache()  # the verified team log, re-checked against the database per request
    bearer = HTTPBearer(auto_error=False, description="device token from /v2/enroll")

    def client_ip(request: Request) -> str | None:
        return request.client.host if request.client else None

    def require_device(
        request: Request,
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    ) -> Device:
        now = settings.now()
        token = credentials.credentials if credentials else ""
        device = None
        if _TOKEN_RE.match(token):
            with read_tx(engine) as conn:
                device = accounts.find_by_token(conn, token)
        if device is not None and device.revoked_at is None:
            if device.last_seen is None or now - device.last_seen >= settings.touch_interval:
                with write_tx(engine) as conn:
                    accounts.touch(conn, device.id, now)
            return device
        reason = "missing" if not token else ("revoked" if device else "unknown_token")
        headers = {"WWW-Authenticate": "Bearer"}
        with write_tx(engine) as conn:
            accounts.record(
                conn,
                AuditEvent.AUTH_FAILURE,
                now,
                device_id=device.id if device else None,
                client_ip=client_ip(request),
                detail=reason,
            )
            if device is not None:
                # A revoked laptop believes its removal only from the admin-signed log: send it
                # the whole verified log, and the commands queued for it (then forgotten).
                verified = teams.get(conn)
                queued = team.commands_for(conn, device.id)
                team.delete_commands(conn, [i for i, _ in queued])
        if device is not None:
            commands = [json.loads(c) for _, c in queued]
            if device.wipe:  # asked by the server's own CLI: unsigned, so laptops ignore it
                commands.append({"type": "wipe"})
            extra = {"commands": commands, "membership": list(verified.events)}
            raise ApiError(401, "revoked", "this device was revoked", extra, headers)
        raise ApiError(401, "unauthorized", "missing or unknown device token", headers=headers)

    def charge(conn: Any, device: Device, now: int, **amounts: int) -> None:
        """Charge the device's quotas inside the transaction that stores: over one, a 429
        (the store rolls back with it)."""
        try:
            quotas.charge(conn, device.id, now, settings.quotas, **amounts)
        except quotas.QuotaExceeded as exc:
            log.warning("device %s over its quota (%s)", device.id, exc.reason)
            extra = {"reason": exc.reason, "limit": exc.limit, "used": exc.used,
                     "retry_after": exc.retry_after}  # fmt: skip
            raise ApiError(429, "quota_exceeded", quotas.detail(exc), extra,
                           {"Retry-After": str(exc.retry_after)}) from None  # fmt: skip

    def enroll_rate_limit(request: Request) -> None:
        retry_after = limiter.hit(client_ip(request) or "?")
        if retry_after is not None:
            raise ApiError(
                429,
                "rate_limited",
                "too many enrollment attempts; wait and retry",
                headers={"Retry-After": str(max(1, round(retry_after)))},
            )

    @app.get("/v2/health", response_model=HealthResponse, responses=error_models(503))
    def health() -> dict[str, Any]:
        with read_tx(engine) as conn:
            conn.execute(text("SELECT 1"))
        return {"status": "ok", "version": PROTOCOL_VERSION}

    @app.post(
        "/v2/enroll",
        response_model=EnrollResponse,
        responses=error_models(400, 403, 413, 422, 429, 503),
        dependencies=[Depends(enroll_rate_limit)],
    )
    def enroll(body: EnrollRequest, request: Request) -> dict[str, str]:
        """Spend a one-time invite token; returns the device id and bearer token."""
        with write_tx(engine) as conn:
            result = accounts.enroll(
                conn, body.token, body.device_name, settings.now(), client_ip(request),
                body.sign_pub, body.kx_pub, body.card, body.sig,
            )  # fmt: skip
        if isinstance(result, EnrollFailure):
            details = {
                EnrollFailure.INVALID: "unknown enrollment token",
                EnrollFailure.EXPIRED: "enrollment token expired; ask for a new invite",
                EnrollFailure.USED: "enrollment token already used; ask for a new invite",
            }
            raise ApiError(403, result.value, details[result])
        device_id, device_token = result
        log.info("device %s enrolled", device_id)
        return {"device_id": device_id, "device_token": device_token}

    ready.install(app, engine, require_device, ApiError)  # the newcomer's signed ready card

    message_routes.install(app, engine, settings, teams, require_device, charge)
    team_routes.install(app, engine, settings, teams, require_device)

    return app
