"""The team's membership log: append-only, hash-chained events, each signed by a then-current
admin device. One function, :func:`apply_event`, decides whether an event is accepted; laptops
and the office server both replay the log through it (the server before storing an append).

Event 0 creates the team and names the root, whose signing key is pinned (from the invite on a
laptop, from the first event on the server). After that only a then-current admin may add a
device, remove one (with its write cut-off: the highest write counter of that device the team
accepts, and the spans of its counters the removing admin had seen: a counter of the removed
device outside them is refused, even below the cut-off), rotate the epoch key, or change a role. While the team has two or more admins,
removing or demoting an admin needs a second admin's signature (``cosig``).
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from exitdoors_protocol.codec import SignatureError, b64, canonical, digest, unb64, verify

GENESIS = "0" * 64
ADMIN = "admin"
SUPERVISOR = "supervisor"
MEMBER = "member"
ROLES = (ADMIN, SUPERVISOR, MEMBER)
TYPES = ("team_created", "device_added", "device_removed", "key_rotated", "role_changed")
MAX_CUTOFF = 2**53  # write counters stay exact in every JSON reader
MAX_SEEN_SPANS = 4096  # a removed device's seen counters, as [low, high] spans


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
    cutoff: int | None = None  # removed: the last write counter of its that is accepted
    removed_at_index: int | None = None
    # removed: its write counters the removing admin had seen, sorted disjoint [low, high]
    seen: tuple[tuple[int, int], ...] = ()

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
    # (event index, recipient device, wrapped blob)
    wraps: list[tuple[int, str, bytes]] = field(default_factory=list)
    # device -> (entries, hash, sealed snapshot) of the withdrawal register its device_added
    # committed to: the admin seals the register itself to the newcomer's key
    register_commits: dict[str, tuple[int, str, str]] = field(default_factory=dict)

    def admins(self) -> list[Member]:
        return [m for m in self.members.values() if m.current and m.role == ADMIN]

    def by_node(self, node: str) -> Member | None:
        return next((m for m in self.members.values() if m.node == node), None)

    def is_current(self, device: str) -> bool:
        m = self.members.get(device)
        return m is not None and m.current

    def is_admin(self, device: str) -> bool:
        m = self.members.get(device)
        return m is not None and m.current and m.role == ADMIN


def event_hash(event: dict[str, object]) -> str:
    return digest(event)


def core_of(event: dict[str, object]) -> dict[str, object]:
    """What a second admin co-signs: the event without either signature."""
    return {k: v for k, v in event.items() if k not in ("sig", "cosig")}


def make_event(
    state: TeamState | None,
    sign: Callable[[bytes], bytes],
    signer: str,
    kind: str,
    body: dict[str, object],
    *,
    cosig: dict[str, str] | None = None,
    now: str | None = None,
) -> dict[str, object]:
    """A new signed event that extends ``state`` (None: the first event of a new team)."""
    event: dict[str, object] = {
        "v": 3,
        "i": state.length if state else 0,
        "prev": state.head if state else GENESIS,
        "type": kind,
        "body": body,
        "by": signer,
        "at": now or dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    if cosig is not None:
        event["cosig"] = cosig
    event["sig"] = b64(sign(canonical(event)))
    return event


def needs_second_admin(state: TeamState, kind: object, body: dict[str, object]) -> bool:
    """With two or more admins, removing or demoting an admin takes two admins' signatures."""
    if kind not in ("device_removed", "role_changed"):
        return False
    target = state.members.get(str(body.get("device")))
    if target is None or not target.current or target.role != ADMIN:
        return False
    if kind == "role_changed" and body.get("role") == ADMIN:
        return False
    return len(state.admins()) >= 2


def _text(body: dict[str, object], key: str, index: int) -> str:
    value = body.get(key)
    if not isinstance(value, str) or not 0 < len(value) <= 200:
        raise MembershipError(f"event {index}: field {key} is missing or malformed")
    return value


def _count(value: object) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_CUTOFF:
        return None
    return value


def _wraps(index: int, body: dict[str, object], expected: set[str]) -> list[tuple[int, str, bytes]]:
    raw = body.get("wraps")
    if not isinstance(raw, dict) or set(raw) != expected:
        raise MembershipError(f"event {index}: its keys are not wrapped to exactly the members")
    try:
        return [(index, str(d), unb64(v)) for d, v in raw.items()]
    except SignatureError as exc:
        raise MembershipError(f"event {index}: a wrapped key is malformed") from exc


def _check_signatures(
    state: TeamState | None, event: dict[str, object], root: bytes, index: int
) -> None:
    kind, signer, body = event.get("type"), event.get("by"), event.get("body")
    assert isinstance(body, dict) and isinstance(signer, str)
    try:
        signature = unb64(event.get("sig"))
        unsigned = {k: v for k, v in event.items() if k != "sig"}
        data = canonical(unsigned)
    except (SignatureError, ValueError) as exc:
        raise MembershipError(f"event {index} has no valid signature") from exc
    if state is None:
        if kind != "team_created":
            raise MembershipError("the membership log does not start with the team's creation")
        try:
            if unb64(body.get("sign_pub")) != root:
                raise MembershipError("the team was created by a key other than the pinned root")
        except SignatureError as exc:
            raise MembershipError("event 0: its public key is malformed") from exc
        signer_pub = root
    else:
        if kind == "team_created":
            raise MembershipError(f"event {index}: a team is created only once")
        if not state.is_admin(signer):
            raise MembershipError(f"event {index} is not signed by a current team admin")
        signer_pub = state.members[signer].sign_pub
    try:
        verify(signer_pub, signature, data)
    except SignatureError as exc:
        raise MembershipError(f"event {index}: its signature does not verify (altered?)") from exc
    cosig = event.get("cosig")
    if state is not None and needs_second_admin(state, kind, body):
        if not isinstance(cosig, dict):
            raise MembershipError(f"event {index}: needs a second admin's signature")
        second = str(cosig.get("by"))
        if second == signer or not state.is_admin(second):
            raise MembershipError(f"event {index}: its second signature is not a second admin's")
        try:
            verify(state.members[second].sign_pub, unb64(cosig.get("sig")),
                   canonical(core_of(event)))  # fmt: skip
        except (SignatureError, ValueError) as exc:
            raise MembershipError(f"event {index}: the second signature does not verify") from exc
    elif cosig is not None and not isinstance(cosig, dict):
        raise MembershipError(f"event {index} is malformed")


def apply_event(state: TeamState | None, event: object, root: bytes) -> TeamState:
    """Check one event against the state so far and return the state after it (the state
    passed in is changed: copy it first to keep it)."""
    if not isinstance(event, dict):
        raise MembershipError("an event is not an object")
    index = event.get("i")
    expected_index = state.length if state else 0
    if index != expected_index or isinstance(index, bool):
        raise MembershipError(
            f"event {expected_index} is missing or out of order (got {str(index)[:20]!r}): "
            "the server dropped or reordered the team's membership log"
        )
    if event.get("prev") != (state.head if state else GENESIS):
        raise MembershipError(
            f"event {index} does not follow the one before it: "
            "the server dropped, reordered or altered the team's membership log"
        )
    body, kind, signer = event.get("body"), event.get("type"), event.get("by")
    if not isinstance(body, dict) or kind not in TYPES or not isinstance(signer, str):
        raise MembershipError(f"event {index} is malformed")
    _check_signatures(state, event, root, index)
    if state is None:
        state = TeamState(root=root)
    at = str(event.get("at", ""))[:40]
    if kind in ("team_created", "device_added"):
        _add(state, index, body, kind, signer, at)
    elif kind in ("device_removed", "key_rotated"):
        if body.get("epoch") != state.epoch + 1 or isinstance(body.get("epoch"), bool):
            raise MembershipError(f"event {index}: epochs must follow one another")
        if kind == "device_removed":
            gone = state.members.get(_text(body, "device", index))
            if gone is None or not gone.current:
                raise MembershipError(f"event {index}: removes a device that is not a member")
            cutoff = _count(body.get("cutoff"))
            if cutoff is None:
                raise MembershipError(f"event {index}: a removal names no write cut-off")
            gone.seen = _spans(body.get("seen"), cutoff, index)
            gone.until_epoch, gone.cutoff, gone.removed_at_index = state.epoch + 1, cutoff, index
            if not state.admins():
                raise MembershipError(f"event {index}: removes the last admin")
        state.epoch += 1
        state.wraps += _wraps(index, body, {m.device for m in state.members.values() if m.current})
    else:  # role_changed
        target = state.members.get(_text(body, "device", index))
        if target is None or not target.current or body.get("role") not in ROLES:
            raise MembershipError(f"event {index}: impossible role change")
        target.role = str(body["role"])
        if not state.admins():
            raise MembershipError(f"event {index}: leaves the team without an admin")
    state.head = event_hash(event)
    state.length = index + 1
    return state


def _add(
    state: TeamState, index: int, body: dict[str, object], kind: object, signer: str, at: str
) -> None:
    device = _text(body, "device", index)
    if device in state.members:
        raise MembershipError(f"event {index}: device already in the team")
    node = _text(body, "node", index)
    if state.by_node(node) is not None:
        raise MembershipError(f"event {index}: that vault is already in the team")
    role = body.get("role")
    if role not in ROLES or (kind == "team_created" and (role != ADMIN or device != signer)):
        raise MembershipError(f"event {index}: impossible role")
    try:
        sign_pub, kx_pub = unb64(body.get("sign_pub")), unb64(body.get("kx_pub"))
    except SignatureError as exc:
        raise MembershipError(f"event {index}: a public key is malformed") from exc
    if len(sign_pub) != 32 or len(kx_pub) != 32:
        raise MembershipError(f"event {index}: a public key is malformed")
    if kind == "device_added":
        state.register_commits[device] = _register_commit(body.get("register"), index)
    state.members[device] = Member(
        device, node, _text(body, "name", index), sign_pub, kx_pub, str(role), signer, at,
        state.epoch,
    )  # fmt: skip
    state.wraps += _wraps(index, body, {device})


def _spans(raw: object, cutoff: int, index: int) -> tuple[tuple[int, int], ...]:
    """The removed device's seen counters: sorted, disjoint, non-adjacent [low, high] spans
    within 1..cut-off."""
    if not isinstance(raw, list) or len(raw) > MAX_SEEN_SPANS:
        raise MembershipError(f"event {index}: a removal names no seen write counters")
    out: list[tuple[int, int]] = []
    for span in raw:
        low, high = span if isinstance(span, list) and len(span) == 2 else (None, None)
        lo, hi = _count(low), _count(high)
        if lo is None or hi is None or not 1 <= lo <= hi <= cutoff:
            raise MembershipError(f"event {index}: its seen write counters are malformed")
        if out and lo <= out[-1][1] + 1:
            raise MembershipError(f"event {index}: its seen write counters are not in order")
        out.append((lo, hi))
    return tuple(out)


def counter_in(spans: tuple[tuple[int, int], ...], n: int) -> bool:
    """Whether ``n`` lies in one of the sorted, disjoint spans."""
    i = bisect.bisect_right(spans, (n, MAX_CUTOFF + 1)) - 1
    return i >= 0 and spans[i][0] <= n <= spans[i][1]


def _register_commit(register: object, index: int) -> tuple[int, str, str]:
    if not isinstance(register, dict):
        raise MembershipError(f"event {index}: it commits to no withdrawal register")
    n, digest_, sealed = register.get("n"), register.get("hash"), register.get("sealed")
    if _count(n) is None or not isinstance(digest_, str) or len(digest_) != 64:
        raise MembershipError(f"event {index}: its withdrawal register is malformed")
    if not isinstance(sealed, str):
        raise MembershipError(f"event {index}: its withdrawal register is not sealed to it")
    assert isinstance(n, int)
    return n, digest_, sealed


def verify_chain(events: list[object], root: bytes) -> TeamState:
    """Replay the whole log from the pinned root; raises MembershipError at the first fault."""
    state: TeamState | None = None
    for event in events:
        state = apply_event(state, event, root)
    if state is None:
        raise MembershipError("the team's membership log is empty")
    return state


def root_of(first_event: object) -> bytes:
    """The root key a team's first event names (the server pins it from there)."""
    if not isinstance(first_event, dict) or first_event.get("type") != "team_created":
        raise MembershipError("the membership log does not start with the team's creation")
    body = first_event.get("body")
    try:
        return unb64(body.get("sign_pub") if isinstance(body, dict) else None)
    except SignatureError as exc:
        raise MembershipError("event 0: its public key is malformed") from exc
