"""This laptop's part in the withdrawal register (exitdoors_protocol.register): turning the
consent decisions its own users recorded into signed statements, and applying the statements
other devices signed. The rules that accept a statement are the rulebook's; this module only
keeps the register, seals, and carries out what an accepted statement means here."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field

from exitdoors_desktop.storage.audit import AuditAction
from exitdoors_desktop.storage.sync_store import SyncStore
from exitdoors_desktop.storage.team_store import TeamStore
from exitdoors_desktop.storage.vault import Session
from exitdoors_desktop.sync.team import Team
from exitdoors_protocol import register
from exitdoors_protocol.register import RESHARE, WITHDRAWAL, Entry

_PULL_AGAIN = "pull_again_after_reshare"  # client -> office seq to pull again from if re-shared
_FIRST_SEEN = "first_write_seq"  # client -> the first office seq of a write about her applied here
_CHECK = "reshared_to_check"  # clients re-shared this round while not held here
_PULLS_TODAY = "pulled_again_today"  # [date, count] of pulls again after a re-share
_RESTAMPED = "reshares_restamped"  # re-shares (hash) whose record was already sent again
PULL_AGAIN_KEY = "reshare_pull_again"  # the engine pulls again from this seq next round
MAX_PULLS_AGAIN_A_DAY = 3

# Seals one statement payload as this device's next write; returns its wire form (JSON).
Sealer = Callable[[dict[str, object], str], str]


@dataclass
class Incoming:
    """Statements received in one answer, judged in order against the register."""

    register: dict[str, Entry]
    # client -> the author of the first write about her in this answer (before any in the vault)
    recorded_by: dict[str, str] = field(default_factory=dict)
    accepted: list[Entry] = field(default_factory=list)
    waiting: list[Entry] = field(default_factory=list)
    refused: int = 0


class RegisterFlow:
    def __init__(self, session: Session, team: Team, keeps: Callable[[str], bool]) -> None:
        self._s = session
        self._team = team
        self._keeps = keeps
        self._store = TeamStore(session)
        self._sync = SyncStore(session)

    # -- statements made here -------------------------------------------------------------
    def make_statements(self, shared: set[str], seal: Sealer) -> tuple[list[str], list[str]]:
        """Each consent-to-share decision a user recorded here is read once: a withdrawal of a
        client who may have left this laptop becomes a signed withdrawal; a new grant to a
        client withdrawn in the register becomes a re-share, if this laptop is her keeper (or
        an admin's). Synced consent rows never make a statement. Returns (withdrawn,
        re-shared) client ids; the caller holds no transaction."""
        consumed = set(self._list("register_decisions_read"))
        decisions = [d for d in self._store.local_share_decisions() if d[0] not in consumed]
        if not decisions:
            return [], []
        reg = self._store.register()
        me = self._s.device_id
        withdrawn: list[str] = []
        reshared: list[str] = []
        with self._s.transaction():
            for consent_id, client, action in decisions:
                consumed.add(consent_id)
                current = reg.get(client)
                if action == "withdraw":
                    if current is not None and current.kind == WITHDRAWAL:
                        continue
                    if current is None and client not in shared:
                        continue  # she never left this laptop: nothing to withdraw
                    # Her keeper stays who it is (a handover is its own act); her first
                    # statement names the device that recorded her.
                    kept = self._keeps(client) or (current is not None and current.keeper == me)
                    if current is not None:
                        keeper = current.keeper
                    else:
                        keeper = me if kept else (self._store.creator_node(client) or me)
                    reg[client] = self._make(client, WITHDRAWAL, keeper, current, seal)
                    self._store.mark_withdrawn(client, kept=kept, here=True)
                    self._store.drop_unsent([client])
                    self._s.audit.append(
                        AuditAction.DISCLOSE, "client", client, "withdrawal signed"
                    )
                    withdrawn.append(client)
                elif action == "grant" and current is not None and current.kind == WITHDRAWAL:
                    if current.keeper != me and not self._team.is_admin:
                        continue  # only her keeper or an admin may share her again
                    reg[client] = self._make(client, RESHARE, current.keeper, current, seal)
                    self._store.lift_withdrawn(client)
                    self._sync.restamp_client(client)
                    self._s.audit.append(AuditAction.DISCLOSE, "client", client, "re-share signed")
                    reshared.append(client)
            self._sync.put("register_decisions_read", sorted(consumed))
        return withdrawn, reshared

    def _make(
        self, client: str, kind: str, keeper: str, current: Entry | None, seal: Sealer
    ) -> Entry:
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        payload = register.statement(client, kind, keeper, current, now)
        entry = register.parse(payload, self._s.device_id)
        assert entry is not None
        self._store.put_entry(entry, seal(payload, entry.hash), delivered=False)
        return entry

    def undelivered(self) -> list[tuple[str, dict[str, str]]]:
        """(hash, wire message) of statements made here that the office has not taken yet:
        re-sent byte for byte each round until it does."""
        return [(h, json.loads(w)) for h, w in self._store.undelivered()]

    def resend_reshares(self, hashes: list[str]) -> None:
        """A re-share of hers made here, sent again because some member's signed view does not
        hold it yet: that laptop dropped her writes while it still had her withdrawn (found by
        the hostile-actor model, the office dropping the re-share), so her record goes again
        after it, with new stamps (this round's outbox)."""
        done = self._sync.get(_RESTAMPED, [])
        done = list(done) if isinstance(done, list) else []
        # Once per re-share (found by the fifth independent attacker: re-sent each round while a
        # member lagged, her record was rewritten each round, growing without bound and beating
        # that member's offline edits).
        fresh = [h for h in hashes if h not in done]
        clients = self._store.reshared_by(self._s.device_id, fresh)
        if clients:
            with self._s.transaction():
                for client in clients:
                    self._sync.restamp_client(client)
                self._sync.put(_RESTAMPED, (done + fresh)[-1000:])

    def delivered(self, hashes: list[str]) -> None:
        self._store.mark_delivered(hashes)

    # -- statements received --------------------------------------------------------------
    def incoming(self) -> Incoming:
        return Incoming(self._store.register())

    def judge(self, batch: Incoming, entry: Entry) -> None:
        """Accept, hold (it follows a statement not here yet) or refuse one verified
        statement, against the register as it stands after the ones before it."""
        assert self._team.state is not None
        current = batch.register.get(entry.client)
        verdict = register.refusal(self._team.state, current, entry)
        if verdict is None:
            known = self._store.creator_node(entry.client) or batch.recorded_by.get(entry.client)
            keeper = register.keeper_to_record(self._team.state, current, entry, known)
            entry = dataclasses.replace(entry, keeper=keeper)
            batch.register[entry.client] = entry
            batch.accepted.append(entry)
        elif verdict == "gap":
            batch.waiting.append(entry)
        elif verdict != "duplicate":
            batch.refused += 1

    def settle(self, batch: Incoming) -> list[str]:
        """Keep what was judged and carry out accepted statements (caller's transaction);
        held statements whose turn has come are taken too. Returns the clients purged here."""
        for entry in batch.waiting:
            self._store.put_entry(entry, None, accepted=False)
        for waiting, _wire in self._store.waiting_entries():
            self.judge(batch, waiting)  # accepted ones are kept below, with their keeper
        purged: list[str] = []
        for entry in batch.accepted:
            self._store.put_entry(entry, None)
            if self._carry_out(entry):
                purged.append(entry.client)
        return purged

    def pull_again_from(self, seqs: dict[str, int]) -> None:
        """Where the office delivered something about her that this laptop could not keep
        because it had her withdrawn (her writes, dropped; or a re-share that had to wait for
        the withdrawal it lifts): if she is re-shared later, the next round pulls again from
        the first of them (found by the hostile-actor model: the office held back a
        statement and delivered it late). What is pulled twice is applied once."""
        if not seqs:
            return
        marks = self._sync.get(_PULL_AGAIN, {})
        marks = dict(marks) if isinstance(marks, dict) else {}
        for client, seq in seqs.items():
            marks[client] = min(seq, int(marks.get(client, seq)))
        self._sync.put(_PULL_AGAIN, marks)

    def note_first_seen(self, seqs: dict[str, int]) -> None:
        """The first office seq of a write about each client this laptop applied: where to
        pull again from if she is purged here and, once re-shared, her record does not come."""
        if not seqs:
            return
        first = self._sync.get(_FIRST_SEEN, {})
        first = dict(first) if isinstance(first, dict) else {}
        fresh = {c: s for c, s in seqs.items() if c not in first}
        if fresh:
            first.update(fresh)
            self._sync.put(_FIRST_SEEN, first)

    def check_reshared(self) -> None:
        """After a round: a client re-shared here whose record did not come (the office had
        delivered her writes before the withdrawal that purged them, found by the hostile-actor
        model) is pulled again, next round, from the first write about her seen here."""
        waiting = self._sync.get(_CHECK, [])
        if not isinstance(waiting, list) or not waiting:
            return
        first = self._sync.get(_FIRST_SEEN, {})
        first = first if isinstance(first, dict) else {}
        marks = self._sync.get(_PULL_AGAIN, {})
        marks = marks if isinstance(marks, dict) else {}
        seqs = [int(first.get(c) or marks.get(c) or 0) for c in waiting
                if not self._sync.has_client(str(c)) and (first.get(c) or marks.get(c))]  # fmt: skip
        if seqs:
            # At most a few times a day (found by the fifth independent attacker: a keeper
            # re-sharing without sending her record made every laptop pull everything again
            # each round); the rest wait for tomorrow.
            today = dt.datetime.now(dt.UTC).date().isoformat()
            used = self._sync.get(_PULLS_TODAY, [])
            count = used[1] if isinstance(used, list) and len(used) == 2 and used[0] == today else 0
            if count >= MAX_PULLS_AGAIN_A_DAY:
                return  # the check list stays for tomorrow
            self._sync.put(_PULLS_TODAY, [today, int(count) + 1])
            old = self._sync.get(PULL_AGAIN_KEY)
            low = min(seqs)
            self._sync.put(PULL_AGAIN_KEY, min(low, old) if isinstance(old, int) and old else low)
        self._sync.put(_PULL_AGAIN, {c: s for c, s in marks.items() if c not in waiting})
        self._sync.put(_CHECK, [])

    def _carry_out(self, entry: Entry) -> bool:
        """Returns whether she was purged here."""
        me = self._s.device_id
        if entry.kind == RESHARE:
            self._store.lift_withdrawn(entry.client)
            if entry.keeper == me:
                self._sync.restamp_client(entry.client)
            if not self._sync.has_client(entry.client):
                check = self._sync.get(_CHECK, [])
                check = list(check) if isinstance(check, list) else []
                self._sync.put(_CHECK, sorted(set(check) | {entry.client}))
            return False
        kept = entry.keeper == me or self._keeps(entry.client)
        self._store.mark_withdrawn(entry.client, kept=kept)
        if kept:
            self._store.drop_unsent([entry.client])
            return False
        if self._sync.has_client(entry.client):
            self._sync.purge_local(entry.client)
            return True
        return False

    def _list(self, key: str) -> list[str]:
        value = self._sync.get(key, [])
        return [str(v) for v in value] if isinstance(value, list) else []
