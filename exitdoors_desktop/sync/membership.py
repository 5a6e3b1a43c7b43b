"""The team's membership log: append-only, hash-chained events, each signed by an admin device.

Event 0 creates the team and names the root (its signing key is pinned from the invite). After
that, only a then-current admin may add a device (wrapping the epoch keys to it), remove one
(rotating to a fresh epoch key wrapped to everyone left), rotate, or change a role. Every
device replays the whole chain; anything that does not verify is refused, never skipped.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field

from exitdoors_desktop.sync.identity import (
    DeviceKeys,
    SignatureError,
    b64,
    canonical,
    unb64,
    unwrap,
    verify,
    wrap,
)

GENESIS = "0" * 64
ADMIN = "admin"
MEMBER = "member"
ROLES = (ADMIN, MEMBER)
TYPES = ("team_created", "device_added", "device_removed", "key_rotated", "role_changed")


class MembershipError(Exception):
    """The membership log does not verify (dropped, reordered, altered or forged event)."""


@dataclass
class Member:
    device: str  # the server's device id
    node: str  # the vault's own device id, as written in change stamps
    name: str
    sign_pub: bytes
    kx_pub: bytes
    role: str
    added_by: str
    added_at: str
    from_epoch: int
    until_epoch: int | None = None  # first epoch it may no longer write (removed)

    @property
    def current(self) -> bool:
        return self.until_epoch is None

    def member_at(self, epoch: int) -> bool:
        return self.from_epoch <= epoch and (self.until_epoch is None or epoch < self.until_epoch)


@dataclass
class TeamState:
    root: bytes
    members: dict[str, Member] = field(default_factory=dict)
    epoch: int = 0
    head: str = GENESIS
    length: int = 0
    # (event index, epoch or None for a key ring, recipient device, wrapped blob)
    wraps: list[tuple[int, str, bytes]] = field(default_factory=list)

    def admins(self) -> list[Member]:
        return [m for m in self.members.values() if m.current and m.role == ADMIN]

    def by_node(self, node: str) -> Member | None:
        return next((m for m in self.members.values() if m.node == node), None)


def event_hash(event: dict[str, object]) -> str:
    return hashlib.sha256(canonical(event)).hexdigest()


def _context(root: bytes, recipient: str, index: int) -> bytes:
    return b"exitdoors-v2-epoch|" + root + b"|" + recipient.encode() + b"|" + str(index).encode()


def make_event(
    state: TeamState | None,
    keys: DeviceKeys,
    signer: str,
    kind: str,
    body: dict[str, object],
    *,
    root: bytes | None = None,
    now: str | None = None,
) -> dict[str, object]:
    """A new signed event that extends ``state`` (None: the first event of a new team)."""
    index = state.length if state else 0
    event: dict[str, object] = {
        "v": 2,
        "i": index,
        "prev": state.head if state else GENESIS,
        "type": kind,
        "body": body,
        "by": signer,
        "at": now or dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    event["sig"] = b64(keys.sign_bytes(canonical(event)))
    return event


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


def _text(body: dict[str, object], key: str) -> str:
    value = body.get(key)
    if not isinstance(value, str) or not 0 < len(value) <= 200:
        raise MembershipError(f"field {key} is missing or malformed")
    return value


def _wraps(index: int, body: dict[str, object], expected: set[str]) -> list[tuple[int, str, bytes]]:
    raw = body.get("wraps")
    if not isinstance(raw, dict) or set(raw) != expected:
        raise MembershipError(f"event {index}: its keys are not wrapped to exactly the members")
    try:
        return [(index, str(d), unb64(v)) for d, v in raw.items()]
    except SignatureError as exc:
        raise MembershipError(f"event {index}: a wrapped key is malformed") from exc


def apply_event(state: TeamState | None, event: object, root: bytes) -> TeamState:
    """Check one event against the state so far and return the state after it."""
    if not isinstance(event, dict):
        raise MembershipError("an event is not an object")
    index = event.get("i")
    expected_index = state.length if state else 0
    if index != expected_index:
        raise MembershipError(
            f"event {expected_index} is missing or out of order (got {index!r}): "
            "the server dropped or reordered the team's membership log"
        )
    prev = state.head if state else GENESIS
    if event.get("prev") != prev:
        raise MembershipError(
            f"event {index} does not follow the one before it: "
            "the server dropped, reordered or altered the team's membership log"
        )
    body, kind, signer = event.get("body"), event.get("type"), event.get("by")
    if not isinstance(body, dict) or kind not in TYPES or not isinstance(signer, str):
        raise MembershipError(f"event {index} is malformed")
    unsigned = {k: v for k, v in event.items() if k != "sig"}
    try:
        signature = unb64(event.get("sig"))
    except SignatureError as exc:
        raise MembershipError(f"event {index} has no valid signature") from exc
    if state is None:
        if kind != "team_created":
            raise MembershipError("the membership log does not start with the team's creation")
        if unb64(body.get("sign_pub")) != root:
            raise MembershipError("the team was created by a key other than the invite's root")
        signer_pub = root
        state = TeamState(root=root)
    else:
        admin = state.members.get(signer)
        if admin is None or not admin.current or admin.role != ADMIN:
            raise MembershipError(f"event {index} is not signed by a current team admin")
        signer_pub = admin.sign_pub
    try:
        verify(signer_pub, signature, canonical(unsigned))
    except SignatureError as exc:
        raise MembershipError(f"event {index}: its signature does not verify (altered?)") from exc
    at = str(event.get("at", ""))[:40]
    if kind in ("team_created", "device_added"):
        device = _text(body, "device")
        if device in state.members:
            raise MembershipError(f"event {index}: device already in the team")
        role = body.get("role")
        if role not in ROLES or (kind == "team_created" and (role != ADMIN or device != signer)):
            raise MembershipError(f"event {index}: impossible role")
        try:
            member = Member(
                device, _text(body, "node"), _text(body, "name"), unb64(body.get("sign_pub")),
                unb64(body.get("kx_pub")), str(role), signer, at, state.epoch,
            )  # fmt: skip
        except SignatureError as exc:
            raise MembershipError(f"event {index}: a public key is malformed") from exc
        state.members[device] = member
        state.wraps += _wraps(index, body, {device})
    elif kind in ("device_removed", "key_rotated"):
        if body.get("epoch") != state.epoch + 1:
            raise MembershipError(f"event {index}: epochs must follow one another")
        if kind == "device_removed":
            gone = state.members.get(_text(body, "device"))
            if gone is None or not gone.current:
                raise MembershipError(f"event {index}: removes a device that is not a member")
            gone.until_epoch = state.epoch + 1
            if not state.admins():
                raise MembershipError(f"event {index}: removes the last admin")
        state.epoch += 1
        state.wraps += _wraps(index, body, {m.device for m in state.members.values() if m.current})
    else:  # role_changed
        target = state.members.get(_text(body, "device"))
        if target is None or not target.current or body.get("role") not in ROLES:
            raise MembershipError(f"event {index}: impossible role change")
        target.role = str(body["role"])
        if not state.admins():
            raise MembershipError(f"event {index}: leaves the team without an admin")
    state.head = event_hash(event)
    state.length = index + 1
    return state


def verify_chain(events: list[object], root: bytes) -> TeamState:
    """Replay the whole log from the pinned root; raises MembershipError at the first fault."""
    state: TeamState | None = None
    for event in events:
        state = apply_event(state, event, root)
    if state is None:
        raise MembershipError("the team's membership log is empty")
    return state
