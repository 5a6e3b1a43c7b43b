"""This device's view of the team during a sync round: the membership log verified from the
pinned root, the epoch keys wrapped to it, signed wipes, and an admin's duties (let invited
devices in, rotate the key when the office revoked a device)."""

from __future__ import annotations

import copy
import hashlib
import json
import logging
import os
from dataclasses import dataclass
from typing import Any

from exitdoors_desktop.core.errors import SyncError
from exitdoors_desktop.storage.sync_store import SyncStore
from exitdoors_desktop.storage.team_store import TeamStore
from exitdoors_desktop.storage.vault import Session
from exitdoors_desktop.sync.admin_notes import AdminNotes
from exitdoors_desktop.sync.envelope import Keyring
from exitdoors_desktop.sync.identity import (
    DeviceKeys,
    SignatureError,
    b64,
    canonical,
    unb64,
    unwrap,
    wrap,
)
from exitdoors_desktop.sync.membership import (
    ADMIN,
    MEMBER,
    ROLES,
    Member,
    MembershipError,
    TeamState,
    apply_event,
    event_hash,
    make_event,
    needs_second_admin,
    open_wraps,
    verify_chain,
    wrap_ring,
)
from exitdoors_desktop.sync.transport import MembershipConflict, Transport
from exitdoors_protocol import joining, notes, register
from exitdoors_protocol.membership import MAX_SEEN_SPANS
from exitdoors_protocol.rules import wipe_refusal

log = logging.getLogger(__name__)


class TeamLogError(SyncError):
    """The server's membership log does not verify: sync is refused until it does."""

    code = "sync_team_log"


class NotLetInYet(SyncError):
    """Enrolled, but the inviting admin's laptop has not added this device yet."""

    code = "sync_waiting"


@dataclass
class WipeCheck:
    wipe: bool
    ignored: int


class Team:
    def __init__(self, session: Session, me: str, keys: DeviceKeys, root: bytes) -> None:
        self._s = session
        self._store = TeamStore(session)
        self._sync = SyncStore(session)
        self.me = me
        self.keys = keys
        self.root = root
        self.state: TeamState | None = None
        self.ring: Keyring | None = None
        self.notes = AdminNotes(self)
        events = self._store.events()
        if events:
            try:
                self._set_state(verify_chain(list(events), root))
            except MembershipError as exc:  # the vault's own copy: only a bug or tampering
                raise TeamLogError(f"this laptop's team log does not verify: {exc}") from exc

    def _set_state(self, state: TeamState) -> None:
        self.state = state
        me = state.members.get(self.me)
        if me is not None:
            self._import_register(state)
        ring = open_wraps(state, self.me, self.keys) if me is not None else {}
        self.ring = Keyring(ring) if ring else None

    @property
    def session(self) -> Session:
        return self._s

    @property
    def member(self) -> Member | None:
        return None if self.state is None else self.state.members.get(self.me)

    @property
    def is_admin(self) -> bool:
        m = self.member
        return m is not None and m.current and m.role == ADMIN

    def ask_from(self) -> int:
        """Ask the server for events from our last one on (it must still be there, unchanged)."""
        return max(self._store.length() - 1, 0)

    # -- the membership part of a server answer -------------------------------------------------
    def absorb(self, answer: dict[str, Any]) -> int:
        """Verify and store the events the server sent; returns how many were new."""
        raw, length = answer.get("membership"), answer.get("membership_length")
        if not isinstance(raw, list) or not isinstance(length, int):
            raise SyncError("the server's answer is malformed (membership)")
        try:
            events = [json.loads(e) if isinstance(e, str) else e for e in raw]
        except ValueError as exc:
            raise TeamLogError("the server sent a membership event that is not JSON") from exc
        known = self._store.length()
        if known:  # a refused laptop is sent the whole log: start from the last event it saw
            events = [e for e in events if not isinstance(e, dict) or _index(e) >= known - 1]
        if length < known:
            raise TeamLogError(
                f"the server's team log has {length} events but this laptop has seen {known}: "
                "the server dropped membership events; sync refused"
            )
        if known:
            stored = self._store.events()
            if not events or canonical(events[0]) != canonical(stored[-1]):
                raise TeamLogError(
                    "the server's team log no longer holds the event this laptop saw last: "
                    "it was dropped, reordered or altered; sync refused"
                )
            events = events[1:]
        if not events:
            return 0
        state = self.state
        try:
            if state is None:
                state = verify_chain(events, self.root)
            else:
                for event in events:
                    state = apply_event(state, event, self.root)
        except MembershipError as exc:
            raise TeamLogError(f"the team's membership log does not verify: {exc}") from exc
        with self._s.transaction():
            self._store.append_events((int(e["i"]), json.dumps(e), event_hash(e)) for e in events)
        self._set_state(state)
        return len(events)

    @property
    def forked(self) -> bool:
        """Another device's writes showed a team log that is not this laptop's."""
        return bool(self._sync.get("team_log_forked"))

    def append(self, transport: Transport, kind: str, body: dict[str, object]) -> bool:
        """Sign, post and (when the server took it) store one event of ours.

        The signed event is kept before it is posted, and re-sent byte for byte until the log
        holds it or another admin's event fills its index: this laptop never signs two events
        for one index (a lying server could otherwise keep both and split the team)."""
        assert self.state is not None
        if self.forked:
            raise TeamLogError(
                "the team log forked (the office showed another branch to some laptops): "
                "membership actions stop until the team's admins compare their logs"
            )
        if not self._resend_pending(transport):
            return False  # our earlier event still waits for its place
        return self.place(transport, make_event(self.state, self.keys, self.me, kind, body))

    def place(self, transport: Transport, event: dict[str, object]) -> bool:
        """Keep one event this laptop just signed, then post it (see ``append``)."""
        self._sync.put("pending_event", event)
        return self._post(transport, event)

    def _resend_pending(self, transport: Transport) -> bool:
        """True when no earlier event of ours is waiting (any that was is now placed)."""
        assert self.state is not None
        pending = self._sync.get("pending_event")
        if not isinstance(pending, dict):
            return True
        index = int(str(pending.get("i")))
        if index < self.state.length:  # placed, or another admin's event took its index
            self._sync.put("pending_event", None)
            return True
        return self._post(transport, pending)

    def _post(self, transport: Transport, event: dict[str, object]) -> bool:
        assert self.state is not None
        try:
            transport.append_membership(int(str(event["i"])), event)
        except MembershipConflict:
            return False  # another admin was first: the next round re-reads and re-sends
        state = apply_event(copy.deepcopy(self.state), event, self.root)
        with self._s.transaction():
            self._store.append_events(
                [(int(str(event["i"])), json.dumps(event), event_hash(event))]
            )
            self._sync.put("pending_event", None)
        self._set_state(state)
        return True

    # -- an admin's duties ------------------------------------------------------------------------
    def admin_duties(self, transport: Transport, devices: object) -> int:
        """Send our admin notes, complete co-signed proposals, and let in devices that
        enrolled with an invite of ours or of another admin (whose verifier it sent us).
        Returns the number of events appended."""
        if isinstance(devices, list):
            self._note_last_seen(devices)
        if not self.is_admin or self.state is None or self.ring is None or self.forked:
            return 0
        if not isinstance(devices, list):
            raise SyncError("the server's answer is malformed (devices)")
        self.notes.flush(transport)
        done = self.notes.complete(transport)
        invites = self._sync.get("invites", {}) or {}
        others = self._sync.get("invite_verifiers", {}) or {}
        assert isinstance(invites, dict) and isinstance(others, dict)
        for d in devices:
            if not isinstance(d, dict):
                continue
            # The office's own "revoked" flag removes nobody: only an admin's explicit removal
            # (sync team --remove) does (found by the independent attacker).
            did, invite = d.get("id"), str(d.get("invite_hash"))
            member = self.state.members.get(str(did))
            if member is not None or d.get("revoked"):
                continue
            secret, other = invites.get(invite), others.get(invite)
            try:
                if isinstance(secret, str):
                    verifier = joining.invite_verifier(unb64(secret))
                elif isinstance(other, dict) and self.state.is_admin(str(other.get("by"))):
                    verifier = unb64(other.get("verifier"))
                else:
                    continue
            except SignatureError:
                continue
            if self._let_in(transport, d, verifier):
                done += 1
        return done

    def _note_last_seen(self, devices: list[object]) -> None:
        """When the office last heard from each device (shown in the team listing)."""
        seen = {str(d.get("id")): d.get("last_seen") for d in devices
                if isinstance(d, dict) and isinstance(d.get("last_seen"), int)}  # fmt: skip
        if seen:
            self._sync.put("last_seen", seen)

    def _let_in(self, transport: Transport, d: dict[str, Any], verifier: bytes) -> bool:
        assert self.state is not None and self.ring is not None
        try:
            card = json.loads(str(d.get("card")))
            sign_pub, kx_pub = unb64(d.get("sign_pub")), unb64(d.get("kx_pub"))
            node, name = str(card["node"]), f"laptop {len(self.state.members) + 1}"
            ok = joining.join_proof_holds(verifier, card.get("proof"), sign_pub, kx_pub, node)
            # Its ready card: it holds its keys and knows its device id (no ghost member).
            ready = joining.ready_refusal(card, str(d.get("id")), sign_pub, kx_pub,
                                          str(d.get("invite_hash")))  # fmt: skip
            if ok and ready is not None:
                return False  # not ready yet (or a card someone else made): next round
        except (ValueError, KeyError, TypeError, AttributeError, SignatureError):
            ok = False
        if not ok:
            log.warning("a device enrolled with one of our invites but its keys carry no proof")
            return False
        device = str(d["id"])
        ring = {k.epoch: k.raw for k in self.ring.epochs()}
        body: dict[str, object] = {
            "device": device, "node": node, "name": name, "sign_pub": b64(sign_pub),
            "kx_pub": b64(kx_pub), "role": MEMBER,
            "wraps": {device: wrap_ring(self.root, (device, kx_pub), self.state.length, ring)},
            "register": self._sealed_register(device, kx_pub),
        }  # fmt: skip
        if not self.append(transport, "device_added", body):
            return False
        for key in ("invites", "invite_verifiers"):  # one device per invite
            kept = dict(self._sync.get(key, {}) or {})  # type: ignore[call-overload]
            kept.pop(str(d.get("invite_hash")), None)
            self._sync.put(key, kept)
        return True

    def _sealed_register(self, device: str, kx_pub: bytes) -> dict[str, object]:
        """The withdrawal register, sealed to the newcomer and committed to in clear: it applies
        no write about a client before it knows whether she withdrew."""
        snap, digest_ = register.snapshot(self._store.register())
        blob = wrap(kx_pub, canonical(snap), _register_context(self.root, device))
        return {"n": len(snap), "hash": digest_, "sealed": b64(blob)}

    def _import_register(self, state: TeamState) -> None:
        """A newcomer takes the register its admin sealed into its device_added event."""
        commit = state.register_commits.get(self.me)
        if commit is None or self._sync.get("register_imported"):
            return
        n, digest_, sealed = commit
        try:
            snap = json.loads(
                unwrap(self.keys, unb64(sealed), _register_context(self.root, self.me))
            )
            entries = register.read_snapshot(snap, digest_)
        except (SignatureError, ValueError) as exc:
            raise TeamLogError(f"the withdrawal register sealed to this laptop: {exc}") from exc
        if len(entries) != n:
            raise TeamLogError("the withdrawal register does not match what the admin signed")
        with self._s.transaction():
            for entry in entries.values():
                self._store.put_entry(entry, None)
                if entry.kind == register.WITHDRAWAL:
                    self._store.mark_withdrawn(entry.client, kept=False)
            self._sync.put("register_imported", True)

    def _rotate(self, transport: Transport, remove: str | None = None) -> bool:
        kind, body = self._rotation(remove)
        return self.append(transport, kind, body)

    def _rotation(self, remove: str | None = None) -> tuple[str, dict[str, object]]:
        """A fresh epoch key, wrapped to every device that stays."""
        assert self.state is not None
        new_epoch = self.state.epoch + 1
        key = os.urandom(32)
        stays = [m for m in self.state.members.values() if m.current and m.device != remove]
        wraps = {
            m.device: wrap_ring(self.root, m, self.state.length, {new_epoch: key}) for m in stays
        }
        body: dict[str, object] = {"epoch": new_epoch, "wraps": wraps}
        if remove is not None:
            # Its writes are accepted up to the last one this laptop has seen, and only those
            # counters it has seen: a gap it left can never be filled after its removal.
            gone = self.state.members[remove]
            body["device"] = remove
            cutoff = self._sync.author_counters().get(gone.node, 0)
            body["cutoff"] = cutoff
            body["seen"] = seen_spans(self._sync.used_counters().get(gone.node, []), cutoff)
        return ("device_removed" if remove else "key_rotated"), body

    def rotate(self, transport: Transport) -> bool:
        if not self.is_admin:
            raise SyncError("only a team admin can rotate the team key")
        return self._rotate(transport)

    def set_role(self, transport: Transport, device: str, role: str) -> bool | str:
        """True when done, False on a race, or a proposal id when a second admin must sign."""
        if not self.is_admin:
            raise SyncError("only a team admin can change a device's role")
        assert self.state is not None
        target = self.state.members.get(device)
        if target is None or not target.current:
            raise SyncError("no such device in the team")
        if role not in ROLES:
            raise SyncError(f"unknown team role {role[:20]!r}")
        body: dict[str, object] = {"device": device, "role": role}
        if needs_second_admin(self.state, "role_changed", body):
            return self._propose(transport, "role_changed", body)
        return self.append(transport, "role_changed", body)

    def _propose(self, transport: Transport, kind: str, body: dict[str, object]) -> str:
        if self.forked:
            raise TeamLogError("the team log forked: membership actions stop")
        pid = self.notes.propose_event(kind, body)
        self.notes.flush(transport)
        return pid

    def remove(self, transport: Transport, device: str) -> bool | str:
        """True when done, False on a race, or a proposal id when a second admin must sign."""
        if not self.is_admin:
            raise SyncError("only a team admin can remove a device")
        assert self.state is not None
        target = self.state.members.get(device)
        if target is None or not target.current:
            raise SyncError("no such device in the team")
        if device == self.me:
            raise SyncError("an admin cannot remove its own laptop")
        if needs_second_admin(self.state, "device_removed", {"device": device}):
            return self._propose(transport, *self._rotation(remove=device))
        return self._rotate(transport, remove=device)

    def wipe(self, transport: Transport, target: str) -> str | None:
        """Send a signed wipe; with two admins or more, propose it (returns its id)."""
        if not self.is_admin or self.state is None:
            raise SyncError("only a team admin can wipe a device")
        if len(self.state.admins()) >= 2:
            pid = self.notes.propose_wipe(self.signed_wipe(target))
            self.notes.flush(transport)
            return pid
        transport.send_command(target, self.signed_wipe(target))
        return None

    # -- wipes --------------------------------------------------------------------------------
    def signed_wipe(self, target: str) -> dict[str, object]:
        command: dict[str, object] = {
            "type": "wipe", "device": target, "team": b64(self.root),
            "nonce": os.urandom(8).hex(),
        }  # fmt: skip
        return {"type": "wipe", "command": command, "by": self.me,
                "sig": b64(self.keys.sign_bytes(canonical(command)))}  # fmt: skip

    def check_commands(self, commands: object) -> WipeCheck:
        """A wipe counts only if signed by a current admin and addressed to this device."""
        wipe, ignored = False, 0
        for c in commands if isinstance(commands, list) else []:
            if isinstance(c, dict) and c.get("type") == notes.NOTE:
                if notes.note_refusal(self.state, c, self.me) is None:
                    self.notes.receive(c)  # an admin note: kept until acted on
                else:
                    ignored += 1
            elif self._valid_wipe(c):
                wipe = True
            else:
                ignored += 1
        if ignored:
            log.warning("ignored %d command(s) that were not signed by a team admin", ignored)
        return WipeCheck(wipe, ignored)

    def _valid_wipe(self, c: object) -> bool:
        return wipe_refusal(self.state, c, self.me) is None


def _index(event: dict[str, Any]) -> int:
    i = event.get("i")
    return i if isinstance(i, int) and not isinstance(i, bool) else -1


def _register_context(root: bytes, device: str) -> bytes:
    return b"exitdoors-v3-register|" + root + b"|" + device.encode()


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def seen_spans(spans: list[list[int]], cutoff: int) -> list[list[int]]:
    """The seen counters a removal names, within 1..cutoff. Never widened: past MAX_SEEN_SPANS
    (a device that spread its counters out on purpose) the smallest spans are left out, so a
    laptop that never received those few writes refuses them, rather than every laptop taking
    counters the device never used (found by the independent attacker: joining spans made
    trillions of unused counters acceptable after its removal)."""
    out = [[max(1, lo), min(hi, cutoff)] for lo, hi in spans if hi >= 1 and lo <= cutoff]
    if len(out) > MAX_SEEN_SPANS:
        out = sorted(out, key=lambda s: s[1] - s[0], reverse=True)[:MAX_SEEN_SPANS]
    return sorted(out)
