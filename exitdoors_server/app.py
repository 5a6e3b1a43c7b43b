"""The ASGI application: /v2 routes, error mapping and request limits (see README.md)."""

# No `from __future__ import annotations` here: FastAPI must evaluate the route annotations,
# which refer to dependencies defined inside create_app().
import base64
import json
import logging
import re
from collections.abc import Mapping
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine, text
from sqlalchemy.exc import IntegrityError, InterfaceError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from exitdoors_server import __version__, accounts, message_log, team
from exitdoors_server.accounts import AuditEvent, Device, EnrollFailure
from exitdoors_server.config import Settings
from exitdoors_server.db import read_tx, write_tx
from exitdoors_server.ratelimit import FixedWindowLimiter
from exitdoors_server.wire import (
    PROTOCOL_VERSION,
    TOKEN_PATTERN,
    AuditHeadRequest,
    AuthErrorResponse,
    CommandRequest,
    EnrollRequest,
    EnrollResponse,
    ErrorResponse,
    HealthResponse,
    MembershipAppend,
    PurgeRequest,
    PurgeResponse,
    SyncRequest,
    SyncResponse,
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
_MAX_DETAIL = 600
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


class ApiError(Exception):
    """An error answer: HTTP status, wire code, human detail and optional extra fields."""

    def __init__(
        self,
        status: int,
        code: str,
        detail: str,
        extra: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(code)
        self.status, self.code, self.detail = status, code, detail
        self.extra = extra or {}
        self.headers = headers


def error_response(
    status: int,
    code: str,
    detail: str,
    extra: dict[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    body = {"error": code, "detail": detail[:_MAX_DETAIL], **(extra or {})}
    return JSONResponse(body, status_code=status, headers=headers)


def _err(*statuses: int) -> dict[int | str, dict[str, Any]]:
    return {s: {"model": ErrorResponse} for s in statuses}


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
        received = 0

        async def receive_limited() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    raise StarletteHTTPException(413, too_big_detail(self.max_body))
            return message

        try:
            await self.app(scope, receive_limited, send_tracking)
        except Exception as exc:  # noqa: BLE001 - last line of defence: always answer JSON
            log.error("unhandled %s on %s", type(exc).__name__, scope.get("path"), exc_info=exc)
            if not started:
                await reply(
                    error_response(500, "internal", "unexpected server error; see server log")
                )


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
        with write_tx(engine) as conn:
            accounts.record(
                conn,
                AuditEvent.AUTH_FAILURE,
                now,
                device_id=device.id if device else None,
                client_ip=client_ip(request),
                detail=reason,
            )
        headers = {"WWW-Authenticate": "Bearer"}
        if device is not None:
            with read_tx(engine) as conn:
                commands = [json.loads(c) for c in team.commands_for(conn, device.id)]
            if device.wipe:  # asked by the server's own CLI: unsigned, so laptops ignore it
                commands.append({"type": "wipe"})
            raise ApiError(
                401, "revoked", "this device was revoked", {"commands": commands}, headers
            )
        raise ApiError(401, "unauthorized", "missing or unknown device token", headers=headers)

    def enroll_rate_limit(request: Request) -> None:
        retry_after = limiter.hit(client_ip(request) or "?")
        if retry_after is not None:
            raise ApiError(
                429,
                "rate_limited",
                "too many enrollment attempts; wait and retry",
                headers={"Retry-After": str(max(1, round(retry_after)))},
            )

    @app.get("/v2/health", response_model=HealthResponse, responses=_err(503))
    def health() -> dict[str, Any]:
        with read_tx(engine) as conn:
            conn.execute(text("SELECT 1"))
        return {"status": "ok", "version": PROTOCOL_VERSION}

    @app.post(
        "/v2/enroll",
        response_model=EnrollResponse,
        responses=_err(400, 403, 413, 422, 429, 503),
        dependencies=[Depends(enroll_rate_limit)],
    )
    def enroll(body: EnrollRequest, request: Request) -> dict[str, str]:
        """Spend a one-time invite token; returns the device id and bearer token."""
        with write_tx(engine) as conn:
            result = accounts.enroll(
                conn, body.token, body.device_name, settings.now(), client_ip(request),
                body.sign_pub, body.kx_pub, body.card,
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

    def device_list(conn: Any) -> list[dict[str, Any]]:
        b64 = base64.b64encode
        return [
            {
                "id": d.id,
                "name": d.name,
                "sign_pub": b64(d.sign_pub).decode("ascii") if d.sign_pub else None,
                "kx_pub": b64(d.kx_pub).decode("ascii") if d.kx_pub else None,
                "invite_hash": d.invite_hash,
                "card": d.card,
                "revoked": d.revoked_at is not None,
            }
            for d in accounts.list_devices(conn)
        ]

    @app.post(
        "/v2/sync",
        response_model=SyncResponse,
        responses={401: {"model": AuthErrorResponse}, **_err(400, 409, 413, 422, 503)},
    )
    def sync(body: SyncRequest, device: Annotated[Device, Depends(require_device)]) -> JSONResponse:
        """Push this device's sealed messages and pull what others wrote after `cursor`, with
        the membership log from `membership_from`, the device list and signed commands."""
        accepted: list[str] = []
        duplicates: list[str] = []
        if body.messages:
            now = settings.now()
            with write_tx(engine) as conn:
                refused = message_log.withdrawn(conn, {m.subject for m in body.messages})
                if refused:
                    accounts.record(
                        conn, AuditEvent.PUSH_REFUSED, now, device_id=device.id,
                        detail=f"withdrawn subjects={len(refused)}",
                    )  # fmt: skip
                else:
                    pushed = message_log.push(conn, device.id, body.messages, now)
                    accepted, duplicates = pushed.accepted, pushed.duplicates
            if refused:
                ids = [m.id for m in body.messages if m.subject in set(refused)]
                raise ApiError(
                    409,
                    "subject_withdrawn",
                    "consent to share was withdrawn for some subjects; nothing was stored",
                    {"subjects": refused, "ids": ids},
                )
        with read_tx(engine) as conn:
            pulled = message_log.pull(conn, device.id, body.cursor, body.pull_limit)
            events = team.events_from(conn, body.membership_from)
            length = team.membership_length(conn)
            devices_now = device_list(conn)
            commands = [json.loads(c) for c in team.commands_for(conn, device.id)]
        b64 = base64.b64encode
        out = [
            {
                "seq": r.seq,
                "id": r.id,
                "subject": r.subject,
                "key_id": r.key_id,
                "nonce": b64(r.nonce).decode("ascii"),
                "ciphertext": b64(r.ciphertext).decode("ascii"),
                "kind": r.kind,
                "device_id": r.device_id,
            }
            for r in pulled.rows
        ]
        return JSONResponse(
            {
                "accepted": accepted,
                "duplicates": duplicates,
                "messages": out,
                "cursor": pulled.cursor,
                "has_more": pulled.has_more,
                "commands": commands,
                "membership": events,
                "membership_length": length,
                "devices": devices_now,
            }
        )

    def check_statement(body: PurgeRequest, device: Device, kind: str) -> None:
        statement = body.statement.model_dump()
        with read_tx(engine) as conn:
            member = team.is_member(conn, device.id)
        if (
            body.statement.type != kind
            or body.statement.device != device.id
            or not member
            or not team.signature_ok(device.sign_pub, body.sig, statement)
        ):
            now = settings.now()
            with write_tx(engine) as conn:
                accounts.record(
                    conn, AuditEvent.PURGE_REFUSED, now, device_id=device.id,
                    detail=f"{kind}: signature missing or wrong",
                )  # fmt: skip
            raise ApiError(
                403,
                "signature_invalid",
                f"a {kind} must be signed by the registered key of the team device that sends it",
            )

    @app.post(
        "/v2/subjects/purge",
        response_model=PurgeResponse,
        responses={401: {"model": AuthErrorResponse}, **_err(400, 403, 409, 413, 422, 503)},
    )
    def purge(
        body: PurgeRequest, device: Annotated[Device, Depends(require_device)]
    ) -> dict[str, Any]:
        """Delete every message about these subjects and keep tombstones; only with a valid
        signature of the (unrevoked) device that sends it. Devices receive the signed request."""
        check_statement(body, device, "purge")
        now = settings.now()
        proof = team.canonical({"statement": body.statement.model_dump(),
                                "sig": base64.b64encode(body.sig).decode("ascii")})  # fmt: skip
        with write_tx(engine) as conn:
            deleted, markers = message_log.purge(
                conn, device.id, body.statement.subjects, now, proof
            )
            accounts.record(
                conn,
                AuditEvent.PURGE,
                now,
                device_id=device.id,
                detail=f"subjects={len(body.statement.subjects)} deleted={deleted}",
            )
        return {"purged": deleted, "markers": markers}

    @app.post(
        "/v2/subjects/reshare",
        responses={401: {"model": AuthErrorResponse}, **_err(400, 403, 413, 422, 503)},
    )
    def reshare(
        body: PurgeRequest, device: Annotated[Device, Depends(require_device)]
    ) -> dict[str, Any]:
        """Lift tombstones (consent to share given again), signed like a purge."""
        check_statement(body, device, "reshare")
        now = settings.now()
        proof = team.canonical({"statement": body.statement.model_dump(),
                                "sig": base64.b64encode(body.sig).decode("ascii")})  # fmt: skip
        with write_tx(engine) as conn:
            lifted = message_log.reshare(conn, device.id, body.statement.subjects, now, proof)
            accounts.record(conn, AuditEvent.RESHARE, now, device_id=device.id,
                            detail=f"subjects={lifted}")  # fmt: skip
        return {"lifted": lifted}

    @app.post(
        "/v2/membership",
        responses={401: {"model": AuthErrorResponse}, **_err(400, 403, 409, 413, 422, 503)},
    )
    def append_membership(
        body: MembershipAppend, device: Annotated[Device, Depends(require_device)]
    ) -> dict[str, Any]:
        """Append one membership event signed by the device that sends it (devices verify)."""
        if body.event.get("by") != device.id or body.event.get("i") != body.index:
            raise ApiError(403, "forbidden", "an event must be signed by the device sending it")
        text_ = team.canonical(body.event).decode("utf-8")
        if len(text_) > team.MAX_EVENT_CHARS:
            raise ApiError(413, "body_too_large", "membership event too large")
        now = settings.now()
        with write_tx(engine) as conn:
            message_log.lock(conn)
            if not team.append_event(conn, body.index, text_, device.id, now):
                raise ApiError(409, "membership_conflict", "that is not the next event index")
            kind = body.event.get("type")
            event = (
                AuditEvent.ROTATION
                if kind in ("device_removed", "key_rotated")
                else (AuditEvent.MEMBERSHIP)
            )
            accounts.record(conn, event, now, device_id=device.id, detail=str(kind)[:40])
        return {"index": body.index}

    @app.post(
        "/v2/commands",
        responses={401: {"model": AuthErrorResponse}, **_err(400, 404, 413, 422, 503)},
    )
    def issue_command(
        body: CommandRequest, device: Annotated[Device, Depends(require_device)]
    ) -> dict[str, Any]:
        """Relay a signed command (wipe) to one device; that device checks the signature."""
        now = settings.now()
        with write_tx(engine) as conn:
            if accounts.get(conn, body.device_id) is None:
                raise ApiError(404, "not_found", "no such device")
            team.add_command(conn, body.device_id, team.canonical(body.command).decode(),
                             device.id, now)  # fmt: skip
            accounts.record(conn, AuditEvent.WIPE_ISSUED, now, device_id=body.device_id,
                            detail=f"by {device.id}")  # fmt: skip
        return {"queued": True}

    @app.post(
        "/v2/audit-head",
        responses={401: {"model": AuthErrorResponse}, **_err(400, 409, 413, 422, 503)},
    )
    def put_audit_head(
        body: AuditHeadRequest, device: Annotated[Device, Depends(require_device)]
    ) -> dict[str, Any]:
        """Keep this device's audit chain head (sealed and signed; only its count is read)."""
        now = settings.now()
        m = body.message
        sealed = {"id": m.id, "subject": m.subject, "key_id": m.key_id, "nonce": m.nonce,
                  "ciphertext": m.ciphertext}  # fmt: skip
        with write_tx(engine) as conn:
            kept = team.put_audit_head(conn, device.id, body.count, sealed, now)
            if not kept:
                accounts.record(conn, AuditEvent.AUDIT_HEAD_REFUSED, now, device_id=device.id,
                                detail=f"count {body.count} below the one kept")  # fmt: skip
        if not kept:
            raise ApiError(409, "audit_head_behind",
                           "this device's audit log is shorter than the head the office keeps")  # fmt: skip
        return {"kept": True}

    @app.get(
        "/v2/audit-head",
        responses={401: {"model": AuthErrorResponse}, **_err(503)},
    )
    def get_audit_head(device: Annotated[Device, Depends(require_device)]) -> dict[str, Any]:
        """The audit chain head this device last sent (null if none)."""
        with read_tx(engine) as conn:
            head = team.get_audit_head(conn, device.id)
        if head is None:
            return {"head": None}
        b64 = base64.b64encode
        head["nonce"] = b64(head["nonce"]).decode("ascii")  # type: ignore[arg-type]
        head["ciphertext"] = b64(head["ciphertext"]).decode("ascii")  # type: ignore[arg-type]
        return {"head": head}

    return app
