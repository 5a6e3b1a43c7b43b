"""The ASGI application: /v2 routes, error mapping and request limits (see README.md)."""

# No `from __future__ import annotations` here: FastAPI must evaluate the route annotations,
# which refer to dependencies defined inside create_app().
import base64
import copy
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

from exitdoors_protocol import membership, notes, rules
from exitdoors_protocol.codec import SignatureError, verify
from exitdoors_protocol.membership import TeamState
from exitdoors_server import __version__, accounts, message_log, quotas, ready, team
from exitdoors_server.accounts import AuditEvent, Device, EnrollFailure
from exitdoors_server.authority import TeamCache, Verified
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


class _Refused(Exception):
    """An authority check said no (audited, then answered 403)."""

    def __init__(self, why: str) -> None:
        super().__init__(why)
        self.why = why


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


def _head_json(head: dict[str, object]) -> dict[str, object]:
    """A kept audit head with its binary fields in base64."""
    out = dict(head)
    for key in ("nonce", "ciphertext", "sig"):
        value = out.get(key)
        out[key] = base64.b64encode(value).decode("ascii") if isinstance(value, bytes) else None
    return out


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
                "last_seen": d.last_seen,
            }
            for d in accounts.list_devices(conn)
        ]

    @app.post(
        "/v2/sync",
        response_model=SyncResponse,
        responses={401: {"model": AuthErrorResponse}, **_err(400, 409, 413, 422, 429, 503)},
    )
    def sync(body: SyncRequest, device: Annotated[Device, Depends(require_device)]) -> JSONResponse:
        """Push this device's sealed messages and pull what others wrote after `cursor`, with
        the membership log from `membership_from`, the device list and signed commands.
        A device that is not a current member of the verified team log gets only the log."""
        accepted: list[str] = []
        duplicates: list[str] = []
        if body.messages:
            now = settings.now()
            with write_tx(engine) as conn:
                message_log.lock(conn)  # membership appends take the same lock
                member = rules.may_sync(teams.get(conn).usable, device.id)
                refused = [] if not member else message_log.withdrawn(
                    conn, {m.subject for m in body.messages}
                )  # fmt: skip
                if not member:
                    accounts.record(conn, AuditEvent.PUSH_REFUSED, now, device_id=device.id,
                                    detail="not a current team member")  # fmt: skip
                elif refused:
                    accounts.record(
                        conn, AuditEvent.PUSH_REFUSED, now, device_id=device.id,
                        detail=f"withdrawn subjects={len(refused)}",
                    )  # fmt: skip
                else:
                    pushed = message_log.push(conn, device.id, body.messages, now)
                    accepted, duplicates = pushed.accepted, pushed.duplicates
                    stored = set(accepted)
                    charge(conn, device, now, messages=len(accepted), bytes_=sum(
                        len(m.ciphertext) for m in body.messages if m.id in stored))  # fmt: skip
            if not member:
                raise ApiError(403, "not_a_member",
                               "this device is not a current member of the team")  # fmt: skip
            if refused:
                ids = [m.id for m in body.messages if m.subject in set(refused)]
                raise ApiError(
                    409,
                    "subject_withdrawn",
                    "consent to share was withdrawn for some subjects; nothing was stored",
                    {"subjects": refused, "ids": ids},
                )
        queued: list[tuple[int, str]] = []
        with read_tx(engine) as conn:
            verified = teams.get(conn)
            member = rules.may_sync(verified.usable, device.id)
            if verified.broken:
                events = team.events_from(conn, body.membership_from)
            else:
                events = list(verified.events[body.membership_from :])
            if member:
                pulled = message_log.pull(
                    conn, device.id, body.cursor, body.pull_limit, settings.max_pull_bytes
                )
                devices_now = device_list(conn)
                queued = team.commands_for(conn, device.id)
            else:  # only the log, so that it can learn whether it is in yet
                pulled = message_log.PullResult([], body.cursor, False)
                devices_now = []
        if queued:  # delivered in this answer: forgotten (the target acts on them or not)
            with write_tx(engine) as conn:
                team.delete_commands(conn, [i for i, _ in queued])
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
                "commands": [json.loads(c) for _, c in queued],
                "membership": events,
                "membership_length": verified.length,
                "devices": devices_now,
            }
        )

    def check_statement(body: PurgeRequest, device: Device, kind: str) -> None:
        statement = body.statement.model_dump()
        with read_tx(engine) as conn:
            state = teams.get(conn).usable
        refusal = rules.statement_refusal(state, statement, body.sig, device.id, kind)
        if refusal is not None:
            now = settings.now()
            with write_tx(engine) as conn:
                accounts.record(
                    conn, AuditEvent.PURGE_REFUSED, now, device_id=device.id,
                    detail=f"{kind}: {refusal}",
                )  # fmt: skip
            if refusal == "not_a_current_member":
                raise ApiError(403, "not_a_member",
                               f"a {kind} is accepted only from a current team member")  # fmt: skip
            raise ApiError(
                403,
                "signature_invalid",
                f"a {kind} must be signed by the registered key of the team device that sends it",
            )

    @app.post(
        "/v2/subjects/purge",
        response_model=PurgeResponse,
        responses={401: {"model": AuthErrorResponse}, **_err(400, 403, 409, 413, 422, 429, 503)},
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
            charge(conn, device, now, purges=1, subjects=len(set(body.statement.subjects)))
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
        """Append one signed membership event, verified exactly as laptops verify it: the root
        is pinned from the first event, and after it only a then-current admin may append.
        A removal revokes the removed device's token in the same transaction."""
        event = body.event
        if event.get("by") != device.id or event.get("i") != body.index:
            raise ApiError(403, "forbidden", "an event must be signed by the device sending it")
        text_ = team.canonical(event).decode("utf-8")
        if len(text_) > team.MAX_EVENT_CHARS:
            raise ApiError(413, "body_too_large", "membership event too large")
        now = settings.now()
        try:
            with write_tx(engine) as conn:
                message_log.lock(conn)  # one appender at a time, across processes too
                old = teams.get(conn)
                new = _verify_append(conn, old, body.index, event, device)
                kind = event.get("type")
                target = str(event["body"].get("device"))
                team.append_event(conn, body.index, text_, device.id, now)
                if kind == "device_removed":  # its token dies with its membership
                    accounts.revoke(conn, target, False, now)
                audit = (
                    AuditEvent.ROTATION
                    if kind in ("device_removed", "key_rotated")
                    else AuditEvent.MEMBERSHIP
                )
                accounts.record(conn, audit, now, device_id=device.id, detail=str(kind)[:40])
        except _Refused as refused:
            with write_tx(engine) as conn:
                accounts.record(conn, AuditEvent.MEMBERSHIP_REFUSED, now, device_id=device.id,
                                detail=refused.why[:200])  # fmt: skip
            raise ApiError(403, "membership_refused", refused.why[:300]) from None
        teams.after_append(old, new, text_, body.index)
        return {"index": body.index}

    def _verify_append(
        conn: Any, old: Verified, index: int, event: dict[str, Any], device: Device
    ) -> TeamState:
        """The team state after ``event``, or _Refused / ApiError (409) if it may not follow."""
        if old.broken:
            raise ApiError(409, "membership_broken",
                           "the stored team log does not verify; the office must restore it")  # fmt: skip
        if not rules.may_append_membership(old.state, device.id):
            raise _Refused("only a current team admin may append to the team log")
        if index != old.length:
            raise ApiError(409, "membership_conflict", "that is not the next event index")
        try:
            root = old.state.root if old.state else membership.root_of(event)
            if old.state is None and root != device.sign_pub:
                raise membership.MembershipError("the team's root must be its creator's key")
            new = membership.apply_event(copy.deepcopy(old.state), event, root)
        except membership.MembershipError as exc:
            raise _Refused(str(exc)) from None
        if event.get("type") == "device_added":
            target = str(event["body"].get("device"))
            enrolled = accounts.get(conn, target)
            if (
                enrolled is None
                or enrolled.revoked_at is not None
                or enrolled.sign_pub != new.members[target].sign_pub
            ):
                raise _Refused("it adds a device that is not enrolled here with that key")
        return new

    @app.post(
        "/v2/commands",
        responses={401: {"model": AuthErrorResponse}, **_err(400, 403, 404, 413, 422, 429, 503)},
    )
    def issue_command(
        body: CommandRequest, device: Annotated[Device, Depends(require_device)]
    ) -> dict[str, Any]:
        """Relay a signed command (wipe) to one device. Only a current admin may queue one;
        each is capped in size and in number (per target and per issuer) until delivered;
        the target checks the signatures (and a second admin's, with two admins or more)."""
        command_text = team.canonical(body.command).decode()
        if len(command_text.encode()) > settings.max_command_bytes:
            raise ApiError(413, "body_too_large",
                           f"a command is limited to {settings.max_command_bytes} bytes")  # fmt: skip
        now = settings.now()
        with write_tx(engine) as conn:
            message_log.lock(conn)  # counts and insert in one step, across processes too
            state = teams.get(conn).usable
            if not rules.may_issue_commands(state, device.id):
                refused: str | None = "not_an_admin"
            elif body.command.get("by") != device.id:
                refused = "not_signed_by_sender"
            elif body.command.get("type") == notes.NOTE:  # admin to admin (co-signing, invites)
                refused = notes.note_refusal(state, body.command, body.device_id)
            else:
                refused = rules.wipe_refusal(state, body.command, body.device_id)
            if refused is not None:
                accounts.record(conn, AuditEvent.COMMAND_REFUSED, now, device_id=device.id,
                                detail=refused)  # fmt: skip
            elif accounts.get(conn, body.device_id) is None:
                raise ApiError(404, "not_found", "no such device")
            elif (
                team.pending_commands(conn, target=body.device_id)
                >= settings.max_commands_per_target
                or team.pending_commands(conn, issuer=device.id) >= settings.max_commands_per_issuer
            ):
                raise ApiError(429, "too_many_commands",
                               "too many commands wait undelivered; they go at the next sync")  # fmt: skip
            else:
                team.add_command(conn, body.device_id, command_text, device.id, now)
                note = body.command.get("type") == notes.NOTE
                accounts.record(conn, AuditEvent.NOTE if note else AuditEvent.WIPE_ISSUED, now, device_id=body.device_id,
                                detail=f"by {device.id}")  # fmt: skip
        if refused == "not_an_admin":
            raise ApiError(403, "not_an_admin", "only a current team admin may send commands")
        if refused is not None:
            raise ApiError(403, "command_refused", f"the command does not hold: {refused}")
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
            state = teams.get(conn).usable
            if not rules.may_sync(state, device.id):
                raise ApiError(403, "not_a_member",
                               "this device is not a current member of the team")  # fmt: skip
            assert state is not None
            if body.sig is not None:
                statement = team.audit_head_statement(device.id, body.count, m.id, m.ciphertext)
                try:
                    verify(state.members[device.id].sign_pub, body.sig, statement)
                except SignatureError:
                    raise ApiError(403, "signature_invalid",
                                   "the audit head's signature is not this device's") from None  # fmt: skip
            refused = team.put_audit_head(conn, device.id, body.count, sealed, now, body.sig)
            if refused is not None:
                accounts.record(conn, AuditEvent.AUDIT_HEAD_REFUSED, now, device_id=device.id,
                                detail=f"{refused}: count {body.count}")  # fmt: skip
                held = team.get_audit_head(conn, device.id)
        if refused == "unsigned":
            raise ApiError(403, "audit_head_unsigned",
                           "this device signs its audit heads: an unsigned one does not count")  # fmt: skip
        if refused is not None:
            # The head it holds goes back, so that the laptop can open it and tell a head it
            # never signed (a stolen token's forgery) from its own log cut short.
            assert held is not None
            raise ApiError(409, "audit_head_behind",
                           "this device's audit log is shorter than the head the office keeps",
                           {"kept": _head_json(held)})  # fmt: skip
        return {"kept": True}

    @app.get(
        "/v2/audit-head",
        responses={401: {"model": AuthErrorResponse}, **_err(503)},
    )
    def get_audit_head(device: Annotated[Device, Depends(require_device)]) -> dict[str, Any]:
        """The audit chain head this device last sent (null if none)."""
        with read_tx(engine) as conn:
            head = team.get_audit_head(conn, device.id)
        return {"head": None if head is None else _head_json(head)}

    return app
