"""What admins' laptops tell each other through the office (signed admin notes, see
``exitdoors_protocol.notes``): invite verifiers, so that any admin lets a newcomer in, and
proposals and co-signatures, so that a second admin's signature can be gathered for the
actions that need one (removing or demoting an admin, any wipe, while there are two admins or
more). Everything here is kept in the vault; notes waiting to be sent go at the next round.

A proposal is the exact core of the membership event (or the signed wipe) the proposer will
send; the second admin checks it against its own team log and signs that core. The proposer
signs the event only once the co-signature has come back, and only if the team log has not
moved on since (else the proposal is stale and must be made again): it never signs two events
for one index.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from exitdoors_desktop.core.errors import SyncError, SyncNetworkError
from exitdoors_desktop.storage.sync_store import SyncStore
from exitdoors_desktop.sync.identity import SignatureError, b64, canonical, unb64
from exitdoors_desktop.sync.membership import core_of, cosign, make_event, needs_second_admin
from exitdoors_desktop.sync.transport import Transport
from exitdoors_protocol import membership as _rules
from exitdoors_protocol import notes
from exitdoors_protocol.codec import digest, verify
from exitdoors_protocol.rules import wipe_refusal

if TYPE_CHECKING:
    from exitdoors_desktop.sync.team import Team

log = logging.getLogger(__name__)

EVENT, WIPE = "event", "wipe"


@dataclass(frozen=True)
class Proposal:
    id: str
    action: str  # EVENT or WIPE
    what: str  # device_removed, role_changed or wipe
    device: str  # the device it is about
    proposer: str
    at: str
    cosigned: bool = False
    mine: bool = False  # proposed by this laptop (it waits for another admin)


class AdminNotes:
    def __init__(self, team: Team) -> None:
        self._team = team
        self._store = SyncStore(team.session)

    # -- sending ------------------------------------------------------------------------------
    def _note(self, to: str, inner: dict[str, object]) -> dict[str, object]:
        t = self._team
        body = {**inner, "to": to, "team": b64(t.root)}
        return {"type": notes.NOTE, "note": body, "by": t.me,
                "sig": b64(t.keys.sign_bytes(canonical(body)))}  # fmt: skip

    def queue(self, inner: dict[str, object], to: list[str] | None = None) -> int:
        """Sign a note to each other current admin (or to ``to``); sent at the next flush."""
        assert self._team.state is not None
        targets = (
            to
            if to is not None
            else [m.device for m in self._team.state.admins() if m.device != self._team.me]
        )
        out = list(self._store.get("notes_out", []) or [])  # type: ignore[call-overload]
        out += [{"to": d, "command": self._note(d, inner)} for d in targets]
        self._store.put("notes_out", out)
        return len(targets)

    def flush(self, transport: Transport) -> int:
        """Send the notes waiting here; those the office does not take wait for the next round."""
        out = list(self._store.get("notes_out", []) or [])  # type: ignore[call-overload]
        left, sent = [], 0
        for item in out:
            try:
                transport.send_command(str(item["to"]), item["command"])
                sent += 1
            except SyncNetworkError:  # offline, or too many wait for that admin (429)
                left.append(item)
            except SyncError as exc:  # the recipient is no longer an admin, or left
                log.warning("an admin note was refused by the office (%s)", exc.code)
        self._store.put("notes_out", left)
        return sent

    # -- receiving ----------------------------------------------------------------------------
    def receive(self, command: dict[str, Any]) -> None:
        """Keep a note already checked with ``notes.note_refusal``."""
        inner, by = command["note"], str(command["by"])
        kind = inner.get("kind")
        if kind == "invite":
            verifiers = dict(self._store.get("invite_verifiers", {}) or {})  # type: ignore[call-overload]
            verifiers[str(inner.get("invite"))[:64]] = {
                "verifier": str(inner.get("verifier")), "name": str(inner.get("name", ""))[:100],
                "by": by,
            }  # fmt: skip
            self._store.put("invite_verifiers", verifiers)
        elif kind == "proposal":
            pid = str(inner.get("id"))[:32]
            incoming = dict(self._store.get("proposals_in", {}) or {})  # type: ignore[call-overload]
            incoming[pid] = {"action": inner.get("action"), "core": inner.get("core"), "by": by,
                             "at": _now()}  # fmt: skip
            self._store.put("proposals_in", incoming)
        elif kind == "cosig":
            self._take_cosig(str(inner.get("id")), inner.get("cosig"), by)

    def _take_cosig(self, pid: str, cosig: object, by: str) -> None:
        out = dict(self._store.get("proposals_out", {}) or {})  # type: ignore[call-overload]
        proposal = out.get(pid)
        state = self._team.state
        if not isinstance(proposal, dict) or not isinstance(cosig, dict) or state is None:
            return
        if cosig.get("by") != by or not state.is_admin(by):
            return
        try:
            verify(state.members[by].sign_pub, unb64(cosig.get("sig")), _signed_part(proposal))
        except (SignatureError, ValueError):
            log.warning("a co-signature did not verify; it is ignored")
            return
        proposal["cosig"] = {"by": by, "sig": str(cosig["sig"])}
        out[pid] = proposal
        self._store.put("proposals_out", out)

    # -- proposing ----------------------------------------------------------------------------
    def propose_event(self, kind: str, body: dict[str, object]) -> str:
        t = self._team
        assert t.state is not None
        # The core only: this laptop signs the event once, when the co-signature is back.
        core = core_of(_rules.make_event(t.state, lambda _data: b"", t.me, kind, body))
        return self._propose(EVENT, core)

    def propose_wipe(self, signed_wipe: dict[str, object]) -> str:
        return self._propose(WIPE, signed_wipe)

    def _propose(self, action: str, core: dict[str, object]) -> str:
        pid = digest({"action": action, "core": core})[:12]
        out = dict(self._store.get("proposals_out", {}) or {})  # type: ignore[call-overload]
        out[pid] = {"action": action, "core": core, "at": _now()}
        with self._team.session.transaction():
            self._store.put("proposals_out", out)
            self.queue({"kind": "proposal", "id": pid, "action": action, "core": core})
        return pid

    def complete(self, transport: Transport) -> int:
        """Send every proposal of ours that a second admin co-signed; drop stale ones."""
        t = self._team
        out = dict(self._store.get("proposals_out", {}) or {})  # type: ignore[call-overload]
        done = 0
        for pid, proposal in list(out.items()):
            cosig = proposal.get("cosig")
            if not isinstance(cosig, dict) or t.state is None:
                continue
            core = proposal["core"]
            if proposal["action"] == WIPE:
                try:
                    transport.send_command(str(core["command"]["device"]), {**core, "cosig": cosig})
                except SyncNetworkError:
                    continue  # offline or too many waiting: the next round
                except SyncError as exc:  # refused for good: never halt the round for it
                    log.warning("a co-signed wipe was refused by the office (%s)", exc.code)
            else:
                if core.get("i") != t.state.length or core.get("prev") != t.state.head:
                    log.warning("a co-signed proposal is stale (the team log moved on)")
                    out.pop(pid)
                    continue
                event = make_event(t.state, t.keys, t.me, str(core["type"]), core["body"],
                                   cosig=cosig, now=str(core["at"]))  # fmt: skip
                if core_of(event) != core or not t.place(transport, event):
                    continue
            out.pop(pid)
            done += 1
        self._store.put("proposals_out", out)
        return done

    # -- the second admin ---------------------------------------------------------------------
    def pending(self) -> list[Proposal]:
        found = []
        incoming = self._store.get("proposals_in", {}) or {}
        assert isinstance(incoming, dict)
        for pid, p in incoming.items():
            found.append(_describe(pid, p, p.get("by", ""), cosigned=False))
        outgoing = self._store.get("proposals_out", {}) or {}
        assert isinstance(outgoing, dict)
        for pid, p in outgoing.items():
            found.append(_describe(pid, p, self._team.me, cosigned="cosig" in p, mine=True))
        return found

    def cosign(self, pid: str) -> Proposal:
        """Check a proposal against this laptop's team log and send back our signature."""
        t = self._team
        incoming = dict(self._store.get("proposals_in", {}) or {})  # type: ignore[call-overload]
        proposal = incoming.get(pid)
        if not isinstance(proposal, dict):
            raise SyncError("no such proposal waits on this laptop (sync, then list them)")
        if not t.is_admin or t.state is None:
            raise SyncError("only a team admin can co-sign")
        why = self._refusal(proposal)
        if why is not None:
            incoming.pop(pid)
            self._store.put("proposals_in", incoming)
            raise SyncError(f"this proposal cannot be co-signed: {why}")
        core = proposal["core"]
        signed = _signed_part(proposal)
        cosig = {"by": t.me, "sig": b64(t.keys.sign_bytes(signed))}
        if proposal["action"] == EVENT:
            cosig = cosign(t.keys, t.me, core)
        incoming.pop(pid)
        with t.session.transaction():
            self._store.put("proposals_in", incoming)
            self.queue({"kind": "cosig", "id": pid, "cosig": cosig}, to=[str(proposal["by"])])
        return _describe(pid, proposal, str(proposal["by"]), cosigned=True)

    def _refusal(self, proposal: dict[str, Any]) -> str | None:
        state, core, by = self._team.state, proposal.get("core"), str(proposal.get("by"))
        assert state is not None
        if not isinstance(core, dict) or not state.is_admin(by):
            return "its proposer is not a current admin"
        if proposal.get("action") == WIPE:
            inner = core.get("command")
            target = str(inner.get("device")) if isinstance(inner, dict) else ""
            if core.get("by") != by or target not in state.members:
                return "malformed"
            # As the target will check it, with our signature added.
            probe = {**core, "cosig": {"by": self._team.me, "sig": b64(
                self._team.keys.sign_bytes(canonical(inner)))}}  # fmt: skip
            why = wipe_refusal(state, probe, target)
            return None if why is None else why
        kind, body = core.get("type"), core.get("body")
        if core.get("by") != by or not isinstance(body, dict):
            return "malformed"
        if core.get("i") != state.length or core.get("prev") != state.head:
            return "stale: the team changed since it was made; ask for it again"
        if not needs_second_admin(state, kind, body):
            return "it does not need a second admin"
        if kind == "device_removed":
            stays = {m.device for m in state.members.values() if m.current} - {body.get("device")}
            wraps = body.get("wraps")
            if not isinstance(wraps, dict) or set(wraps) != stays:
                return "its new key is not wrapped to exactly the devices that stay"
        return None


def _signed_part(proposal: dict[str, Any]) -> bytes:
    core = proposal["core"]
    if proposal["action"] == WIPE:
        return canonical(core["command"])
    return canonical(core)


def _describe(
    pid: str, p: dict[str, Any], proposer: str, *, cosigned: bool, mine: bool = False
) -> Proposal:
    core = p.get("core") if isinstance(p.get("core"), dict) else {}
    assert isinstance(core, dict)
    if p.get("action") == WIPE:
        inner = core.get("command") if isinstance(core.get("command"), dict) else {}
        assert isinstance(inner, dict)
        return Proposal(pid, WIPE, "wipe", str(inner.get("device", "")), proposer,
                        str(p.get("at", "")), cosigned, mine)  # fmt: skip
    body = core.get("body") if isinstance(core.get("body"), dict) else {}
    assert isinstance(body, dict)
    what = str(core.get("type", ""))
    if what == "role_changed":
        what = f"role_changed to {str(body.get('role'))[:20]}"
    return Proposal(pid, EVENT, what, str(body.get("device", "")), proposer,
                    str(p.get("at", "")), cosigned, mine)  # fmt: skip


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
