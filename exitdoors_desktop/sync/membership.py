"""This laptop's side of the team's membership log: signing events with its device keys and
sealing epoch keys to members. The rules that decide whether an event is accepted live in
``exitdoors_protocol.membership`` (the office server replays the log through the same code).
"""

from __future__ import annotations

import json

from exitdoors_desktop.sync.identity import (
    DeviceKeys,
    SignatureError,
    b64,
    canonical,
    unb64,
    unwrap,
    wrap,
)
from exitdoors_protocol import membership as _rules
from exitdoors_protocol.membership import (
    ADMIN,
    GENESIS,
    MEMBER,
    ROLES,
    SUPERVISOR,
    TYPES,
    Member,
    MembershipError,
    TeamState,
    apply_event,
    core_of,
    event_hash,
    needs_second_admin,
    verify_chain,
)

__all__ = [
    "ADMIN", "GENESIS", "MEMBER", "ROLES", "SUPERVISOR", "TYPES", "Member", "MembershipError",
    "TeamState", "apply_event", "core_of", "cosign", "event_hash", "make_event",
    "needs_second_admin", "open_wraps", "verify_chain", "wrap_ring",
]  # fmt: skip


def _context(root: bytes, recipient: str, index: int) -> bytes:
    return b"exitdoors-v2-epoch|" + root + b"|" + recipient.encode() + b"|" + str(index).encode()


def make_event(
    state: TeamState | None,
    keys: DeviceKeys,
    signer: str,
    kind: str,
    body: dict[str, object],
    *,
    cosig: dict[str, str] | None = None,
    now: str | None = None,
) -> dict[str, object]:
    """A new event signed by this device that extends ``state``."""
    return _rules.make_event(state, keys.sign_bytes, signer, kind, body, cosig=cosig, now=now)


def cosign(keys: DeviceKeys, me: str, core: dict[str, object]) -> dict[str, str]:
    """A second admin's signature over an event's core (see ``needs_second_admin``)."""
    return {"by": me, "sig": b64(keys.sign_bytes(canonical(core)))}


def wrap_ring(
    root: bytes, recipient: Member | tuple[str, bytes], index: int, ring: dict[int, bytes]
) -> str:
    """Epoch keys (epoch -> key) sealed to one device for the event at ``index``."""
    device, kx_pub = (
        (recipient.device, recipient.kx_pub) if isinstance(recipient, Member) else recipient
    )
    secret = canonical({str(e): b64(k) for e, k in ring.items()})
    return b64(wrap(kx_pub, secret, _context(root, device, index)))


def open_wraps(state: TeamState, me: str, keys: DeviceKeys) -> dict[int, bytes]:
    """Every epoch key wrapped to this device in the log."""
    ring: dict[int, bytes] = {}
    for index, recipient, blob in state.wraps:
        if recipient != me:
            continue
        try:
            data = json.loads(unwrap(keys, blob, _context(state.root, me, index)))
            ring.update({int(e): unb64(k) for e, k in data.items()})
        except (SignatureError, ValueError, AttributeError, TypeError) as exc:
            raise MembershipError(f"event {index}: its key for this device does not open") from exc
    return ring
