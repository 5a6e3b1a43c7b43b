"""The audit chain head kept at the office (issue 12): each sync round sends this vault's head
(event count and hash), sealed and signed like any message (a team record, about no client);
the office keeps the latest per device and refuses a smaller count. A later check compares the
local log with it: a tail cut off here — even with the key file's own head rewritten by someone
who knows the passphrase — shows as "audit log truncated"."""

from __future__ import annotations

import base64
import binascii
import uuid

from exitdoors_desktop.core.errors import SyncError
from exitdoors_desktop.storage.audit import audit_head, head_problem
from exitdoors_desktop.storage.vault import Session
from exitdoors_desktop.sync.envelope import EnvelopeError, Sealed, open_sealed, seal
from exitdoors_desktop.sync.identity import SignatureError, verify
from exitdoors_desktop.sync.team import Team
from exitdoors_desktop.sync.transport import AuditHeadBehind, Transport
from exitdoors_protocol.rules import audit_head_statement

KIND = "audit_head"


class ForgedHead(SyncError):
    """The head the office holds for this laptop is not one this laptop signed (or its clear
    count was changed): a forgery to flag, never proof that the local log was cut."""

    code = "sync_audit_head_forged"


def send(session: Session, team: Team, transport: Transport) -> None:
    """Send the current head. Refused (the office holds a longer one) -> AuditHeadBehind."""
    ring = team.ring
    if ring is None:
        return
    count, digest = audit_head(session.conn)
    keys = ring.current
    payload = {"k": KIND, "device": team.me, "count": count, "hash": digest}
    sealed = seal(keys, team.keys, team.me, str(uuid.uuid4()), keys.subject_tag(None), payload)
    # Signed in clear too: the office keeps the device's own head over any count a stolen
    # token could send (it cannot open the sealed one).
    statement = audit_head_statement(team.me, count, sealed.id, sealed.ciphertext)
    transport.put_audit_head(count, {
        "id": sealed.id, "subject": sealed.subject, "key_id": sealed.key_id,
        "nonce": base64.b64encode(sealed.nonce).decode("ascii"),
        "ciphertext": base64.b64encode(sealed.ciphertext).decode("ascii"),
    }, base64.b64encode(team.keys.sign_bytes(statement)).decode("ascii"))  # fmt: skip


def office_head(team: Team, transport: Transport) -> tuple[int, str] | None:
    """(count, hash) the office holds for this laptop, opened and its signature checked."""
    head = transport.get_audit_head()
    if head is None:
        return None
    ring, state = team.ring, team.state
    if ring is None or state is None:
        raise SyncError("this laptop has no team key yet; sync first")
    try:
        sealed = Sealed(
            id=str(head["id"]), subject=str(head["subject"]), key_id=str(head["key_id"]),
            nonce=base64.b64decode(str(head["nonce"]), validate=True),
            ciphertext=base64.b64decode(str(head["ciphertext"]), validate=True),
        )  # fmt: skip
        opened = open_sealed(ring, sealed)
        me = state.members.get(team.me)
        if opened.signer != team.me or me is None:
            raise EnvelopeError("not signed by this laptop")
        verify(me.sign_pub, opened.signature, opened.signed)
        p = opened.payload
        if not isinstance(p, dict) or p.get("k") != KIND or p.get("device") != team.me:
            raise EnvelopeError("not an audit head of this laptop")
        count, digest = p["count"], p["hash"]
        if not isinstance(count, int) or not isinstance(digest, str) or count != head["count"]:
            raise EnvelopeError("the head's fields are malformed")
    except (EnvelopeError, SignatureError, KeyError, ValueError, binascii.Error) as exc:
        raise ForgedHead(f"the audit head the office holds does not verify ({exc})") from None
    return count, digest


def problem(session: Session, team: Team, transport: Transport) -> str | None:
    """None when the local log still holds the head the office keeps; else what is wrong."""
    held = office_head(team, transport)
    if held is None:
        return None
    found = head_problem(session.conn, *held)
    if found is None:
        return None
    return found.replace("the key file records", "the office holds")


__all__ = ["KIND", "AuditHeadBehind", "ForgedHead", "office_head", "problem", "send"]
