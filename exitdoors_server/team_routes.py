"""`/v2/membership`, `/v2/commands` and `/v2/audit-head`: the team's routes, installed on the
app by create_app (app.py). The membership log is verified on append exactly as laptops
verify it; only a current admin queues commands; each device keeps its audit chain head."""

# No `from __future__ import annotations`: FastAPI must evaluate the route annotations.
import base64
import copy
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, FastAPI
from sqlalchemy import Engine

from exitdoors_protocol import membership, notes, rules
from exitdoors_protocol.codec import SignatureError, verify
from exitdoors_protocol.membership import TeamState
from exitdoors_server import accounts, message_log, team
from exitdoors_server.accounts import AuditEvent, Device
from exitdoors_server.authority import TeamCache, Verified
from exitdoors_server.config import Settings
from exitdoors_server.db import read_tx, write_tx
from exitdoors_server.errors import ApiError, error_models
from exitdoors_server.wire import (
    AuditHeadRequest,
    AuthErrorResponse,
    CommandRequest,
    MembershipAppend,
)


class _Refused(Exception):
    """An authority check said no (audited, then answered 403)."""

    def __init__(self, why: str) -> None:
        super().__init__(why)
        self.why = why


def _head_json(head: dict[str, object]) -> dict[str, object]:
    """A kept audit head with its binary fields in base64."""
    out = dict(head)
    for key in ("nonce", "ciphertext", "sig"):
        value = out.get(key)
        out[key] = base64.b64encode(value).decode("ascii") if isinstance(value, bytes) else None
    return out


def install(
    app: FastAPI,
    engine: Engine,
    settings: Settings,
    teams: TeamCache,
    require_device: Callable[..., Device],
) -> None:
    @app.post(
        "/v2/membership",
        responses={401: {"model": AuthErrorResponse}, **error_models(400, 403, 409, 413, 422, 503)},
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
        responses={
            401: {"model": AuthErrorResponse},
            **error_models(400, 403, 404, 413, 422, 429, 503),
        },
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
        responses={401: {"model": AuthErrorResponse}, **error_models(400, 409, 413, 422, 503)},
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
        responses={401: {"model": AuthErrorResponse}, **error_models(503)},
    )
    def get_audit_head(device: Annotated[Device, Depends(require_device)]) -> dict[str, Any]:
        """The audit chain head this device last sent (null if none)."""
        with read_tx(engine) as conn:
            head = team.get_audit_head(conn, device.id)
        return {"head": None if head is None else _head_json(head)}


__all__ = ["install"]
