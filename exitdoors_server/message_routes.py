"""`/v2/sync`, `/v2/subjects/purge` and `/v2/subjects/reshare`: the message log's routes,
installed on the app by create_app (app.py). A push is stored only for a current team member
and never under a withdrawn subject's tag; a purge or re-share must be signed by the team
device that sends it."""

# No `from __future__ import annotations`: FastAPI must evaluate the route annotations.
import base64
import json
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, FastAPI
from fastapi.responses import JSONResponse
from sqlalchemy import Engine

from exitdoors_protocol import rules
from exitdoors_server import accounts, message_log, team
from exitdoors_server.accounts import AuditEvent, Device
from exitdoors_server.authority import TeamCache
from exitdoors_server.config import Settings
from exitdoors_server.db import read_tx, write_tx
from exitdoors_server.errors import ApiError, error_models
from exitdoors_server.wire import (
    AuthErrorResponse,
    PurgeRequest,
    PurgeResponse,
    SyncRequest,
    SyncResponse,
)


def install(
    app: FastAPI,
    engine: Engine,
    settings: Settings,
    teams: TeamCache,
    require_device: Callable[..., Device],
    charge: Callable[..., None],
) -> None:
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
        responses={401: {"model": AuthErrorResponse}, **error_models(400, 409, 413, 422, 429, 503)},
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
        responses={
            401: {"model": AuthErrorResponse},
            **error_models(400, 403, 409, 413, 422, 429, 503),
        },
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
        responses={401: {"model": AuthErrorResponse}, **error_models(400, 403, 413, 422, 503)},
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


__all__ = ["install"]
