"""Witnessed audit heads on a laptop (issue 18, Deliver 8): each round a laptop sends its own
audit head to the team (sealed, signed, and with its signature over the head's claim); every
laptop that opens another's head keeps it as a witness (device, count, hash, signature) and
signs a short witness statement of the heads it has seen, sealed to the team. A laptop keeps
the heads the others report of it, and checks each against its own chain
(``exitdoors_protocol.witness.judge``)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from exitdoors_desktop.storage.audit import audit_head, hash_at, head_problem
from exitdoors_desktop.storage.sync_store import SyncStore
from exitdoors_desktop.storage.vault import Session
from exitdoors_desktop.sync.identity import SignatureError, verify
from exitdoors_desktop.sync.team import Team
from exitdoors_protocol import witness
from exitdoors_protocol.codec import canonical
from exitdoors_protocol.witness import Head

KEY = "audit_witness"
KEEP_PER_WITNESS = 16  # distinct heads of this laptop kept per reporting laptop
# The office keeps every message: a laptop's head goes to the team at most this often (and
# only when it moved); the office's own copy is still sent each round.
HEAD_EVERY = 3600


@dataclass(frozen=True)
class TeamRecord:
    """An opened audit head or witness statement: who signed it, and what it says."""

    device: str  # the signer's team device id
    node: str  # the signer's vault id (what quotas count)
    payload: dict[str, Any]


@dataclass
class HeadCheck:
    """Every head the office and the team kept for this laptop, judged against its chain."""

    matched: int = 0
    problems: list[str] = field(default_factory=list)  # its own signed head not on its chain
    flagged: list[str] = field(default_factory=list)  # heads it never signed (not its fault)


class Witnesses:
    """The witness state kept in the vault (sync_state): ``seen`` (the latest head of each
    other device this laptop opened), ``of_me`` (heads of this laptop that others
    reported, per reporting device) and what was last sent."""

    def __init__(self, store: SyncStore, team: Team) -> None:
        self._store = store
        self._team = team
        data = store.get(KEY)
        data = data if isinstance(data, dict) else {}
        self.seen: dict[str, dict[str, Any]] = _dict(data.get("seen"))
        self.of_me: dict[str, list[dict[str, Any]]] = {
            k: [h for h in v if isinstance(h, dict)][:KEEP_PER_WITNESS]
            for k, v in _dict(data.get("of_me")).items()
            if isinstance(v, list)
        }
        self.sent: dict[str, Any] = _dict(data.get("sent"))

    def save(self) -> None:
        self._store.put(KEY, {"seen": self.seen, "of_me": self.of_me, "sent": self.sent})

    # -- receiving ---------------------------------------------------------------------------
    def take(self, record: TeamRecord) -> bool:
        """Keep what a team record says; False when it does not hold (ignored, counted)."""
        p = record.payload
        if p.get("k") == witness.RECORD_HEAD:
            head = witness.parse_head(p.get("head"))
            if head is None or head.device != record.device or not self._signed(head):
                return False
            kept = witness.parse_head(self.seen.get(head.device))
            if kept is None or head.count >= kept.count:
                self.seen[head.device] = head.json()
            return True
        heads = witness.parse_witness(p)
        if heads is None:
            return False
        me = self._team.me
        mine = [h.json() for h in heads if h.device == me]
        if mine:
            known = self.of_me.get(record.device, [])
            for h in mine:
                if h not in known:
                    known.append(h)
            known.sort(key=lambda h: -int(h["count"]))
            self.of_me[record.device] = known[:KEEP_PER_WITNESS]
        return True

    def _signed(self, head: Head) -> bool:
        state = self._team.state
        member = state.members.get(head.device) if state else None
        if member is None:
            return False
        try:
            verify(member.sign_pub, head.sig, head.claim())
        except SignatureError:
            return False
        return True

    # -- sending -----------------------------------------------------------------------------
    def records_to_send(self, session: Session, now: int) -> list[dict[str, Any]]:
        """This laptop's own head (when it moved) and a witness statement (when the heads it
        has seen changed); what ``sent`` records once the office takes them."""
        out: list[dict[str, Any]] = []
        count, digest = audit_head(session.conn)
        last = self.sent.get("at")
        due = not isinstance(last, int) or not 0 <= now - last < HEAD_EVERY
        if count and due and [count, digest] != self.sent.get("head"):
            claim = witness.head_claim(self._team.me, count, digest)
            head = Head(self._team.me, count, digest, self._team.keys.sign_bytes(claim))
            out.append({"k": witness.RECORD_HEAD, "head": head.json()})
        heads = [self.seen[d] for d in sorted(self.seen)][: witness.MAX_HEADS]
        if heads and _digest(heads) != self.sent.get("seen"):
            out.append({"k": witness.RECORD_WITNESS, "heads": heads})
        return out

    def mark_sent(self, records: list[dict[str, Any]], now: int) -> None:
        for r in records:
            if r["k"] == witness.RECORD_HEAD:
                self.sent["head"] = [r["head"]["count"], r["head"]["hash"]]
                self.sent["at"] = now
            else:
                self.sent["seen"] = _digest(r["heads"])

    # -- checking ----------------------------------------------------------------------------
    def check(self, session: Session, names: dict[str, str]) -> HeadCheck:
        """Each head the team reported of this laptop, against its chain."""
        result = HeadCheck()
        me = self._team.me
        pub = self._team.keys.sign_pub

        def signed_by_me(head: Head) -> bool:
            try:
                verify(pub, head.sig, head.claim())
            except SignatureError:
                return False
            return True

        for reporter, heads in sorted(self.of_me.items()):
            who = names.get(reporter, reporter[:8])
            for item in heads:
                head = witness.parse_head(item)
                if head is None or head.device != me:
                    continue
                verdict = witness.judge(head, lambda n: hash_at(session.conn, n), signed_by_me)
                if verdict == witness.MATCH:
                    result.matched += 1
                elif verdict == witness.FORGED:
                    result.flagged.append(
                        f"{who} reports a head of this laptop (event {head.count}) that this "
                        "laptop never signed: not counted against it"
                    )
                else:
                    found = head_problem(session.conn, head.count, head.hash) or ""
                    result.problems.append(
                        found.replace("the key file records", f"{who} witnessed (signed here)")
                    )
        return result


def _digest(heads: list[dict[str, Any]]) -> str:
    return hashlib.sha256(canonical({"h": heads})).hexdigest()


def _dict(value: object) -> dict[str, Any]:
    return {str(k): v for k, v in value.items()} if isinstance(value, dict) else {}
