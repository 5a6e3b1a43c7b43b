"""Who may do what, given the verified team state. Each function answers one question a
receiver asks before acting; a refusal is a short reason code (None: accepted).

The server calls the ones it can check (membership, admin, token state); laptops call all of
them, because only they can open envelopes and see clients, keepers and write counters.
"""

from __future__ import annotations

import hashlib

from exitdoors_protocol.codec import SignatureError, b64, canonical, unb64, verify
from exitdoors_protocol.membership import ADMIN, TeamState, counter_in

MAX_COUNTER = 2**53


def write_refusal(state: TeamState, signer: str, epoch: int, counter: object) -> str | None:
    """A sealed write signed by ``signer`` under ``epoch`` with its per-device write counter.

    Accepted only from a device that was a member at that epoch; once removed, only counters
    the admin-signed removal names as seen (all within its cut-off), whatever epoch or clock
    the write claims: a counter the removed device had left unused (a gap) stays unusable."""
    if isinstance(counter, bool) or not isinstance(counter, int):
        return "counter_missing"
    if not 1 <= counter <= MAX_COUNTER:
        return "counter_out_of_range"
    member = state.members.get(signer)
    if member is None:
        return "not_a_member"
    if not member.current:
        assert member.cutoff is not None
        if counter > member.cutoff or not counter_in(member.seen, counter):
            return "after_removal"
    if not member.member_at(epoch):
        return "not_a_member_at_epoch"
    return None


def may_sync(state: TeamState | None, device: str) -> bool:
    """Push, pull, purge, re-share and audit heads: only current members. A device enrolled
    but not (yet) let in may only read the membership log to learn whether it is in."""
    return state is not None and state.is_current(device)


def may_issue_commands(state: TeamState | None, device: str) -> bool:
    return state is not None and state.is_admin(device)


def may_append_membership(state: TeamState | None, device: str) -> bool:
    """Only a current admin (or, for an empty log, whoever creates the team)."""
    return state is None or state.is_admin(device)


def statement_refusal(
    state: TeamState | None, statement: object, sig: bytes, sender: str, kind: str
) -> str | None:
    """A purge or re-share request relayed by the office: signed by the current member that
    sends it. (Laptops decide about her from the sealed register, not from this.)"""
    if not isinstance(statement, dict) or statement.get("type") != kind:
        return "malformed"
    if statement.get("device") != sender:
        return "not_the_sender"
    if state is None or not state.is_current(sender):
        return "not_a_current_member"
    try:
        verify(state.members[sender].sign_pub, sig, canonical(statement))
    except (SignatureError, ValueError):
        return "signature_invalid"
    return None


def wipe_refusal(state: TeamState | None, command: object, me: str) -> str | None:
    """A relayed wipe: addressed to ``me``, signed by a current admin; with two or more admins,
    co-signed by a second one (``cosig`` over the same command)."""
    if state is None or not isinstance(command, dict):
        return "malformed"
    inner, signer = command.get("command"), str(command.get("by"))
    if not isinstance(inner, dict) or inner.get("type") != "wipe" or inner.get("device") != me:
        return "not_for_this_device"

    if inner.get("team") != b64(state.root):
        return "another_team"
    if not state.is_admin(signer):
        return "not_an_admin"
    try:
        verify(state.members[signer].sign_pub, unb64(command.get("sig")), canonical(inner))
    except (SignatureError, ValueError):
        return "signature_invalid"
    if len(state.admins()) >= 2:
        cosig = command.get("cosig")
        if not isinstance(cosig, dict):
            return "needs_second_admin"
        second = str(cosig.get("by"))
        if second == signer or not state.is_admin(second):
            return "needs_second_admin"
        try:
            verify(state.members[second].sign_pub, unb64(cosig.get("sig")), canonical(inner))
        except (SignatureError, ValueError):
            return "signature_invalid"
    return None


def audit_head_statement(device: str, count: int, message_id: str, ciphertext: bytes) -> bytes:
    """What a laptop signs about its audit head, in clear, so the office (which cannot open
    the sealed head) can tell the device's own head from one sent with a stolen token."""
    return canonical(
        {"type": "audit_head", "device": device, "count": count, "id": message_id,
         "ciphertext_sha256": hashlib.sha256(ciphertext).hexdigest()}
    )  # fmt: skip


def role_of(state: TeamState | None, device: str) -> str | None:
    m = state.members.get(device) if state else None
    return m.role if m is not None and m.current else None


__all__ = [
    "ADMIN",
    "audit_head_statement",
    "may_append_membership",
    "may_issue_commands",
    "may_sync",
    "role_of",
    "statement_refusal",
    "wipe_refusal",
    "write_refusal",
]
