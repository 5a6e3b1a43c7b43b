"""One sync round: read the team's membership log and pull a first page, do an admin's
duties, turn consent decisions made here into signed register statements and send them (re-sent
byte for byte until the office takes them), then push the consent-gated outbox and pull pages
until both sides are drained. Each server answer is applied (pulled writes, register
statements, acknowledgements, quarantine, cursor) in one local transaction; a message that
cannot be applied is quarantined with its reason and the cursor moves on: one message never
stops sync. Plain Python: a progress callback and a cancel token, no Qt.

SyncEngine is put together from three parts: the round and each exchange (here), the
messages about no client that a laptop sends the team (team_sending.py), and what the
office answers, opened and judged, with the quarantine retried (receiving.py)."""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from exitdoors_desktop.core.errors import Cancelled, SyncError
from exitdoors_desktop.storage.db import DatabaseError
from exitdoors_desktop.storage.sync_store import SyncStore, Write
from exitdoors_desktop.storage.team_store import TeamStore
from exitdoors_desktop.storage.vault import Session
from exitdoors_desktop.sync import author_quota, envelope, freshness, removal
from exitdoors_desktop.sync.author_quota import AuthorQuota
from exitdoors_desktop.sync.envelope import Sealed, message_id, seal, to_wire
from exitdoors_desktop.sync.opening import register_subject
from exitdoors_desktop.sync.receiving import Receiving
from exitdoors_desktop.sync.register_flow import PULL_AGAIN_KEY, RegisterFlow
from exitdoors_desktop.sync.team import Team
from exitdoors_desktop.sync.team_sending import TeamSending
from exitdoors_desktop.sync.transport import (
    BodyTooLarge,
    OfficeQuota,
    RevokedError,
    SubjectWithdrawn,
    Transport,
)
from exitdoors_desktop.sync.witness import Witnesses
from exitdoors_protocol import PROTOCOL_VERSION

# Per request the server takes up to 5000 messages pushed and 5000 pulled (exitdoors_server
# wire.py) in a body of at most 8 MiB by default; pushes stop at half that, and halve again
# whenever a server run with a smaller --max-body answers 413.
BATCH = 5000
PULL_LIMIT = 5000
MAX_PUSH_BYTES = 4 * 1024 * 1024


class CancelToken:
    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        if self._event.is_set():
            raise Cancelled("sync cancelled")


class RemovedFromTeam(SyncError):
    """An admin-signed event removed this laptop from the team: it keeps its records and
    sends nothing more."""

    code = "sync_removed"
    exit_code = 10


@dataclass
class SyncReport:
    pushed: int = 0
    pulled: int = 0
    held: int = 0
    held_clients: int = 0
    conflicts: int = 0
    quarantined: int = 0
    released: int = 0  # quarantined earlier, applied now (after an upgrade)
    purged_here: int = 0
    purges_sent: int = 0
    dropped: int = 0  # writes about withdrawn clients, neither sent nor applied
    team_events: int = 0
    ignored_commands: int = 0
    requests: int = 0
    waiting: bool = False  # enrolled, not yet let in by the inviting admin
    refused_removed: int = 0  # writes signed past their device's removal cut-off
    statements_sent: int = 0  # withdrawals and re-shares taken by the office
    statements_resent: int = 0  # taken before, sent again: not yet in every member's view
    beacon_sent: bool = False
    statements_received: int = 0
    statements_refused: int = 0  # replays, forks lost, re-shares by someone not her keeper
    office_markers: int = 0  # the office's own purge markers (its tombstones; not obeyed)
    office_refuses: int = 0  # clients whose writes the office refuses (409): they wait
    office_restored: int = 0  # of those, never withdrawn in the register: sent again
    office_lifted: int = 0  # office tombstones on tags of no client (a member's purge) lifted
    office_refuses_team: int = 0  # team messages the office still refused after that
    quota_held: int = 0  # messages held back over an author's quota, after the round
    office_quota: str | None = None  # the office's quota reason when it refused our pushes
    heads_witnessed: int = 0  # audit heads and witness statements of other laptops kept
    # Clients whose rows this round changed here (applied, released or purged): the window's
    # caseload re-reads just these.
    changed_clients: set[str] = field(default_factory=set)


class SyncEngine(TeamSending, Receiving):
    def __init__(
        self,
        session: Session,
        transport: Transport,
        team: Team,
        *,
        batch: int = BATCH,
        pull_limit: int = PULL_LIMIT,
        max_push_bytes: int = MAX_PUSH_BYTES,
        progress: Callable[[str, int], None] | None = None,
        cancel: CancelToken | None = None,
    ) -> None:
        self._s = session
        self._store = SyncStore(session)
        self._tstore = TeamStore(session)
        self._t = transport
        self._team = team
        self._batch = batch
        self._pull_limit = pull_limit
        self._max_push_bytes = max_push_bytes
        self._progress = progress or (lambda _stage, _n: None)
        self._cancel = cancel or CancelToken()
        self._devices: object = None
        self._register = RegisterFlow(session, team, self._keeps)
        self._counter = int(str(self._store.get("write_counter", 0)))
        self._authors = self._store.author_counters()
        self._used = self._store.used_counters()
        self._charged_upto = 0
        # What other laptops' signed views and beacons said (claims: never obeyed).
        self._seen = freshness.load_seen(self._store)
        self._view: list[object] = [0, "", {}]
        self._resent: set[str] = set()  # ids of statements sent again this round
        self._beacons_sent: set[str] = set()
        # Where each opened write came from (message id, seq, sealed envelope): to quarantine
        # one the vault cannot store.
        self._origins: dict[int, tuple[str, int | None, str]] = {}
        self._witnesses = Witnesses(self._store, team)
        self._limits = author_quota.DEFAULT
        self._quota = AuthorQuota(self._store.get("author_quota_day"), int(time.time()),
                                  self._limits)  # fmt: skip

    # -- the round --------------------------------------------------------------------------
    def run_round(self) -> SyncReport:
        report = SyncReport()
        self._lifted: set[str] = set()  # office tombstones on non-client tags lifted this round
        cursor = self._store.cursor()
        self._charged_upto = 0  # messages up to this seq were charged to their author's quota
        rewind = self._store.get("quota_rewind")
        again = self._store.get(PULL_AGAIN_KEY)
        if isinstance(again, int) and again > 0:
            # A re-shared client's record did not come (register_flow.check_reshared): pulled
            # again; what was pulled before is not charged to its author's quota twice.
            self._charged_upto = cursor
            cursor = min(cursor, again - 1)
            self._store.put(PULL_AGAIN_KEY, None)
        if isinstance(rewind, int) and rewind > 0:
            # Messages held over quota that the quarantine had no room for: pulled again.
            cursor = min(cursor, rewind - 1)
            self._charged_upto = min(self._charged_upto, rewind - 1)
            self._store.put("quota_rewind", None)
        # First request: the team log and a first page, nothing pushed (keys may change).
        try:
            cursor, has_more = self._exchange([], [], [], cursor, report)
        except RevokedError as exc:
            self._heard_refusal(exc)
            raise
        if self._team.ring is None:
            report.waiting = True
            return report
        self._check_not_removed()
        report.team_events += self._team.admin_duties(self._t, self._devices)
        self._retry_quarantined(report)
        self._replay_held(report)
        withdrawn, reshared = self._register.make_statements(
            set(self._shared()), self._seal_statement
        )
        cursor, has_more = self._push_statements(cursor, has_more, report)
        self._send_purges(withdrawn, reshared, report)
        refused = set(self._list("office_refuses"))
        allowed = self._store.shareable_subjects() - set(self._tstore.withdrawn()) - refused
        after_seq = 0  # the outbox is read once per round, in change-log order
        while True:
            self._cancel.check()
            outbox = self._store.outbox(self._batch, allowed, after_seq=after_seq, count_held=False)
            if not outbox.writes and not has_more:
                break
            to_send, sealed, wire, size = self._pack(outbox.writes)
            cut = len(to_send) < len(outbox.writes)
            try:
                cursor, has_more = self._exchange(to_send, sealed, wire, cursor, report)
            except BodyTooLarge:
                if len(to_send) <= 1:
                    raise
                self._max_push_bytes = size // 2  # and send the same writes in smaller parts
                report.requests += 1
                continue
            except SubjectWithdrawn as exc:
                allowed -= self._refused(exc, to_send, sealed, report)
                continue  # the same batch again, without her writes
            except OfficeQuota as exc:
                # The office takes no more from this laptop today: the writes wait here (the
                # status says so); this round still pulls what the others wrote.
                report.office_quota = exc.reason
                self._store.put("office_quota", {"reason": exc.reason,
                                                 "retry_after": exc.retry_after})  # fmt: skip
                while has_more:
                    cursor, has_more = self._exchange([], [], [], cursor, report)
                break
            # The next batch starts after what was read (or, if cut short, what was sent).
            after_seq = max(to_send[-1].seqs) if cut else outbox.last_seq
            if not has_more and not cut and len(outbox.writes) < self._batch:
                break
        if report.office_quota is None:
            cursor, has_more = self._send_team_records(cursor, has_more, report)
            cursor, _more = self._send_beacon(cursor, report)
            self._store.put("office_quota", None)
        if not has_more:
            self._restore_office_copies(report)
            self._register.check_reshared()
        report.office_refuses = len(self._list("office_refuses"))
        report.quota_held = sum(self._tstore.quota_held_by_author().values())
        self._note_views()
        report.held, report.held_clients = self._store.held(allowed)
        return report

    def _note_views(self) -> None:
        """Team devices whose writes say they hold a longer team log than the office gave us:
        the window warns that the office may be holding back team changes (the claim is only
        shown; it decides nothing)."""
        length = self._team.state.length if self._team.state else 0
        ahead = {node: n for node, (n, _head) in self._seen.logs.items() if n > length}
        self._store.put("team_view_ahead", ahead)
        # The same for register statements, per author, and each claim's signer is noted
        # with the time it was first seen unbacked (flagged against it in the status).
        freshness.note_claims(self._s, self._team.state, self._seen, _now())
        # A device whose log, at a length this laptop holds too, ends in another event: the
        # team log forked (the office showed two branches). Membership actions stop.
        for node, (n, head) in self._seen.logs.items():
            if 0 < n <= length and head != self._tstore.hash_at(n - 1):
                self._store.put("team_log_forked", node)
                break

    def _heard_refusal(self, exc: RevokedError) -> None:
        """A 401 from the office: believe the removal only from the admin-signed log."""
        if exc.wipe:
            return  # a verified wipe goes first
        if exc.membership:
            try:
                self._team.absorb(
                    {"membership": exc.membership, "membership_length": len(exc.membership)}
                )
            except SyncError:
                return
        if self._team.check_commands(exc.commands).wipe:  # signed by a current admin, to us
            raise RevokedError("a team admin told this laptop to wipe itself", True)
        self._check_not_removed()

    def _check_not_removed(self) -> None:
        me = self._team.member
        if me is None or me.current:
            return
        outcome = removal.withdrawals_after_removal(self._s, self._team)
        self._store.put("removed", {"index": me.removed_at_index, "cutoff": me.cutoff,
                                    "undelivered_withdrawals": len(outcome.redo),
                                    "withdrawals_to_redo": outcome.redo,
                                    "withdrawals_reached": outcome.reached})  # fmt: skip
        raise RemovedFromTeam(
            "a team admin removed this laptop from the team: it keeps its records and sends "
            f"nothing more; {len(outcome.redo)} withdrawal(s) recorded here did not reach the "
            f"team and must be recorded again on another laptop ({len(outcome.reached)} did)"
        )

    def _exchange(
        self,
        to_send: list[Write],
        sealed: list[Sealed],
        wire: list[dict[str, str]],
        cursor: int,
        report: SyncReport,
        statements: dict[str, str] | None = None,
    ) -> tuple[int, bool]:
        if wire:
            # Before anything leaves: the write counter moves on and her possible departure
            # is recorded, in one transaction (a lost answer cannot lose a withdrawal).
            with self._s.transaction():
                self._store.put("write_counter", self._counter)
                self._mark_shared({w.subject for w in to_send if w.subject})
        body = {
            "version": PROTOCOL_VERSION,
            "cursor": cursor,
            "messages": wire,
            "pull_limit": self._pull_limit,
            "membership_from": self._team.ask_from(),
        }
        answer = self._t.sync(body)
        report.requests += 1
        self._cancel.check()
        report.team_events += self._team.absorb(answer)
        check = self._team.check_commands(answer.get("commands"))
        if check.ignored:
            self._count_ignored(check.ignored, report)
        if check.wipe:
            raise RevokedError("a team admin told this laptop to wipe itself", True)
        self._devices = answer.get("devices")
        sent_ids = {str(m.get("id")) for m in wire}
        acked_ids, pulled, new_cursor, has_more = self._read_answer(answer, sent_ids, cursor)
        if pulled and self._team.ring is None:
            return cursor, False  # not let in yet: nothing can be opened; keep the cursor
        acked_seqs = [
            seq for w, s in zip(to_send, sealed, strict=True) if s.id in acked_ids for seq in w.seqs
        ]
        writes, batch, quarantined = self._open_all(pulled, report)
        try:
            return self._settle_answer(
                to_send, writes, batch, quarantined, new_cursor, has_more, acked_ids,
                acked_seqs, statements, wire, report,
            )  # fmt: skip
        except DatabaseError:
            # A write that passed every check but that this vault cannot store: find it,
            # quarantine it, and apply the rest (one message never stops sync).
            bad = dict(self._store.unstorable(writes))
            if not bad:
                raise
            for i, name in bad.items():
                mid, seq, raw = self._origins.get(id(writes[i]), ("", None, "{}"))
                quarantined.append((mid or f"write-{i}", seq, f"cannot be stored ({name})", raw))
            writes = [w for i, w in enumerate(writes) if i not in bad]
            return self._settle_answer(
                to_send, writes, batch, quarantined, new_cursor, has_more, acked_ids,
                acked_seqs, statements, wire, report,
            )  # fmt: skip

    def _settle_answer(
        self,
        to_send: list[Write],
        writes: list[Write],
        batch: Any,
        quarantined: list[tuple[str, int | None, str, str]],
        new_cursor: int,
        has_more: bool,
        acked_ids: set[str],
        acked_seqs: list[int],
        statements: dict[str, str] | None,
        wire: list[dict[str, str]],
        report: SyncReport,
        release: list[str] | None = None,
    ) -> tuple[int, bool]:
        with self._s.transaction():
            self._tstore.release(release or [])
            not_kept: list[tuple[str, int | None, str, str]] = []
            self._tstore.quarantine(quarantined, envelope.SCHEMA_VERSION,
                                    self._limits.quarantine_share, not_kept)  # fmt: skip
            self._rewind_for(not_kept)
            self._store.put("author_quota_day", author_quota.to_json(self._quota.state()))
            self._witnesses.save()
            result = self._store.apply_answer(writes, (), new_cursor, acked_seqs=acked_seqs)
            # After the writes: a withdrawal in this page purges what came before it.
            purged = self._register.settle(batch)
            report.purged_here += len(purged)
            report.changed_clients |= self._store.clients_touched(writes)
            self._register.delivered([h for i, h in (statements or {}).items() if i in acked_ids])
            self._store.put_author_counters(self._authors)
            self._store.put_used_counters(self._used)
            freshness.save_seen(self._store, self._seen)
            # Received from others: the office holds her; a withdrawal here signs a statement.
            self._mark_shared({w.subject for w in writes if w.subject})
        report.changed_clients.update(purged)
        report.statements_received += len(batch.accepted)
        report.statements_refused += batch.refused
        if statements:
            report.statements_sent += len(acked_ids - self._resent)
            report.statements_resent += len(acked_ids & self._resent)
        report.pushed += len(acked_ids - self._beacons_sent)  # a beacon is not a change
        report.pulled += len(writes)
        report.conflicts += result.conflicts
        report.quarantined += len(quarantined)
        self._progress("synced", report.pushed + report.pulled)
        if wire and not acked_ids:
            raise SyncError("the server accepted none of the changes sent")
        return new_cursor, has_more

    def _count_ignored(self, n: int, report: SyncReport) -> None:
        report.ignored_commands += n
        total = int(str(self._store.get("ignored_commands", 0))) + n
        self._store.put("ignored_commands", total)

    def _pack(
        self, writes: list[Write]
    ) -> tuple[list[Write], list[Sealed], list[dict[str, str]], int]:
        """Seal writes in order while the request stays within ``max_push_bytes`` (at least
        one write, so a round always moves on); returns them and the body's approximate size."""
        sealed: list[Sealed] = []
        wire: list[dict[str, str]] = []
        size = 128
        self._view_now()  # once per batch: every write carries the view
        for w in writes:
            s = self._seal(w)
            item = to_wire(s)
            grown = size + 16 + sum(len(k) + len(v) + 6 for k, v in item.items())
            if wire and grown > self._max_push_bytes:
                break
            size = grown
            sealed.append(s)
            wire.append(item)
        return writes[: len(sealed)], sealed, wire, size

    def _keeps(self, client_id: str) -> bool:
        """This laptop keeps a withdrawn client if she was first recorded here (arrival order).
        A synced `assigned_worker` decides nothing here: any member can write it (found by
        the independent attacker); who else keeps her is the register's keeper."""
        _worker, created_here = self._store.client_owner(client_id, self._s.device_id)
        return created_here

    def _list(self, key: str) -> list[str]:
        value = self._store.get(key, [])
        return [str(v) for v in value] if isinstance(value, list) else []

    def _shared(self) -> list[str]:
        return self._list("shared_subjects")

    def _mark_shared(self, subjects: set[str | None]) -> None:
        fresh = {s for s in subjects if s} - set(self._shared())
        if fresh:
            self._store.put("shared_subjects", sorted(set(self._shared()) | fresh))

    # -- sealing ----------------------------------------------------------------------------
    def _seal(self, w: Write) -> Sealed:
        ring = self._team.ring
        assert ring is not None
        payload = {
            "e": w.entity,
            "r": w.row_id,
            "h": w.hlc,
            "d": w.device,
            "u": w.user_id,
            "s": w.subject,
            "f": w.fields,
            "b": w.bases,
            "c": w.change_ids,
            "n": self._next_counter(),
            "v": self._view,
        }
        mid = message_id(w.device, w.entity, w.row_id, w.hlc)
        keys = ring.current
        return seal(keys, self._team.keys, self._team.me, mid, keys.subject_tag(w.subject), payload)

    def _next_counter(self) -> int:
        """This device's write counter (stored before anything sealed with it is sent)."""
        self._counter += 1
        return self._counter

    def _seal_statement(self, payload: dict[str, object], digest_: str) -> str:
        """A register statement sealed under the team's tag as this device's next write
        (kept as sent, so a retry is byte for byte the same)."""
        ring = self._team.ring
        assert ring is not None
        keys = ring.current
        mid = message_id(self._s.device_id, "register", str(payload["client"]), digest_)
        # Its own subject tag, unguessable before it exists: no member can tombstone the
        # register in advance (a purge of the team's tag once blocked every statement).
        sealed = seal(keys, self._team.keys, self._team.me, mid, keys.subject_tag(
            register_subject(digest_)), {**payload, "n": self._next_counter(),
                                         "v": self._view_now()})  # fmt: skip
        self._store.put("write_counter", self._counter)
        return json.dumps(to_wire(sealed))


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
