"""The messages about no client that a laptop sends its team in a round: register statements
(re-sent until every member's view shows them), its beacon, its audit head and witness
statement, the office's purges and re-shares, and the lifting of office tombstones on tags
that are no client's. A part of SyncEngine (engine.py)."""

from __future__ import annotations

import datetime as dt
import json
import os
import time
import uuid
from typing import TYPE_CHECKING

from exitdoors_desktop.storage.audit import AuditAction
from exitdoors_desktop.storage.sync_store import SyncStore, Write
from exitdoors_desktop.storage.team_store import TeamStore
from exitdoors_desktop.storage.vault import Session
from exitdoors_desktop.sync import freshness, office_heal
from exitdoors_desktop.sync.envelope import Sealed, seal, to_wire
from exitdoors_desktop.sync.identity import b64, canonical
from exitdoors_desktop.sync.opening import Seen, beacon_subject
from exitdoors_desktop.sync.register_flow import RegisterFlow
from exitdoors_desktop.sync.team import Team
from exitdoors_desktop.sync.transport import OfficeQuota, SubjectWithdrawn, Transport
from exitdoors_desktop.sync.witness import Witnesses
from exitdoors_protocol import views

if TYPE_CHECKING:
    from exitdoors_desktop.sync.engine import SyncReport


class TeamSending:
    """SyncEngine's sending of team-level messages (the engine sets these attributes)."""

    _s: Session
    _store: SyncStore
    _tstore: TeamStore
    _t: Transport
    _team: Team
    _register: RegisterFlow
    _seen: Seen
    _witnesses: Witnesses
    _view: list[object]
    _resent: set[str]
    _beacons_sent: set[str]
    _lifted: set[str]

    if TYPE_CHECKING:  # defined in engine.py

        def _exchange(
            self,
            to_send: list[Write],
            sealed: list[Sealed],
            wire: list[dict[str, str]],
            cursor: int,
            report: SyncReport,
            statements: dict[str, str] | None = None,
        ) -> tuple[int, bool]: ...

        def _next_counter(self) -> int: ...

        def _list(self, key: str) -> list[str]: ...

        def _keeps(self, client_id: str) -> bool: ...

    # -- register statements and beacons ----------------------------------------------------
    def _push_statements(self, cursor: int, has_more: bool, report: SyncReport) -> tuple[int, bool]:
        """Send the register's statements made here that the office has not taken, and
        again those some other current member's signed view does not show it holds yet
        (the office's acknowledgement is not enough: it may drop what it took), exactly as
        first sealed (a retry is the same statement)."""
        items = self._register.undelivered()
        fresh = {h for h, _w in items}
        again = [(h, json.loads(w)) for h, w in
                 freshness.to_resend(self._s, self._team.state, self._seen) if h not in fresh]  # fmt: skip
        items += again
        if not items:
            return cursor, has_more
        wire = [w for _h, w in items]
        ids = {str(w.get("id")): h for h, w in items}
        self._resent = {str(w.get("id")) for _h, w in again}
        try:
            cursor, has_more = self._exchange_team(wire, cursor, report, ids)
        except OfficeQuota as exc:  # the office takes no more today: they go again tomorrow
            report.office_quota = exc.reason
            return cursor, has_more
        self._register.resend_reshares([h for h, _w in again])
        return cursor, has_more

    def _send_beacon(self, cursor: int, report: SyncReport) -> tuple[int, bool]:
        """This laptop's signed, timestamped beacon with its view: when the view changed and
        at least once a UTC day (an admin's says the team's admins are still there; every
        laptop's tells the others which statements it holds). Once a day, not each round: the
        office keeps every message, so this bounds what beacons cost it."""
        ring = self._team.ring
        assert ring is not None
        freshness.watch_beacons(self._store, _now())
        view = self._view_now()
        key = [_now()[:10], views.view_digest(view)]
        if self._store.get(freshness.BEACON_SENT) == key:
            return cursor, False
        keys = ring.current
        mid = str(uuid.uuid4())
        payload = {**views.beacon(_now(), view), "n": self._next_counter()}
        sealed = seal(keys, self._team.keys, self._team.me, mid,
                      keys.subject_tag(beacon_subject(mid)), payload)  # fmt: skip
        self._beacons_sent.add(mid)
        try:
            result = self._exchange_team([to_wire(sealed)], cursor, report)
        except OfficeQuota as exc:  # not sent: the next round makes another
            report.office_quota = exc.reason
            return cursor, False
        self._store.put(freshness.BEACON_SENT, key)
        report.beacon_sent = True
        return result

    def _view_now(self) -> list[object]:
        """What this laptop signs it holds: team log length and head, and per author how many
        clients' latest register statement it holds (exitdoors_protocol.views)."""
        st = self._team.state
        self._view = views.make_view(
            st.length if st else 0, st.head if st else "", self._tstore.register_counts()
        )
        return self._view

    # -- witnessed audit heads ----------------------------------------------------------------
    def _send_team_records(
        self, cursor: int, has_more: bool, report: SyncReport
    ) -> tuple[int, bool]:
        """This laptop's audit head and its witness statement, sealed to the team (each only
        when it changed)."""
        now = int(time.time())
        records = self._witnesses.records_to_send(self._s, now)
        ring = self._team.ring
        if not records or ring is None:
            return cursor, has_more
        keys = ring.current
        view = [self._team.state.length, self._team.state.head] if self._team.state else [0, ""]
        wire = [
            to_wire(seal(keys, self._team.keys, self._team.me, str(uuid.uuid4()),
                       keys.subject_tag(None), {**r, "n": self._next_counter(), "v": view}))
            for r in records
        ]  # fmt: skip
        pushed = report.pushed  # "pushed" counts writes; these are team records
        try:
            cursor, has_more = self._exchange_team(wire, cursor, report)
        except OfficeQuota as exc:
            report.office_quota = exc.reason
            return cursor, has_more
        report.pushed = pushed
        self._witnesses.mark_sent(records, now)
        self._witnesses.save()
        return cursor, has_more

    # -- withdrawals and the office's tombstones ---------------------------------------------
    def _send_purges(self, withdrawn: list[str], reshared: list[str], report: SyncReport) -> None:
        """The office's tombstones, a best-effort second line behind the register: a purge
        of her messages under every epoch's tag for each withdrawal signed here (re-sent
        until the office takes it), and a signed re-share lifting them."""
        ring = self._team.ring
        assert ring is not None
        pending = sorted(set(self._list("pending_purges")) | set(withdrawn))
        if withdrawn:
            self._store.put("pending_purges", pending)
        for kind, clients, key in (("purge", pending, "pending_purges"),
                                   ("reshare", reshared, None)):  # fmt: skip
            if not clients:
                continue
            tags = sorted({t for c in clients for t in ring.all_tags(c)})
            statement = {"type": kind, "device": self._team.me, "subjects": tags,
                         "nonce": os.urandom(8).hex()}  # fmt: skip
            sig = b64(self._team.keys.sign_bytes(canonical(statement)))
            try:
                (self._t.purge if kind == "purge" else self._t.reshare)(statement, sig)
            except OfficeQuota as exc:  # kept pending: sent again in a later round
                report.office_quota = exc.reason
                continue
            report.requests += 1
            if key:
                self._store.put(key, [])
                report.purges_sent += len(clients)

    def _restore_office_copies(self, report: SyncReport) -> None:
        """Clients the office refuses although the team never withdrew them (a member's
        purge): her keeper lifts the tombstones and sends her again (office_heal.py)."""
        refused = self._list("office_refuses")
        restore = office_heal.to_restore(
            refused, self._list(office_heal.SEEN_KEY), self._tstore.register(),
            self._store.shareable_subjects(), self._keeps, self._s.device_id,
        )  # fmt: skip
        if restore:
            ring = self._team.ring
            assert ring is not None
            tags = sorted({t for c in restore for t in ring.all_tags(c)})
            statement = {"type": "reshare", "device": self._team.me, "subjects": tags,
                         "nonce": os.urandom(8).hex()}  # fmt: skip
            self._t.reshare(statement, b64(self._team.keys.sign_bytes(canonical(statement))))
            report.requests += 1
            report.office_restored += len(restore)
            with self._s.transaction():
                for client in restore:
                    self._store.requeue_client(client)
                    self._s.audit.append(
                        AuditAction.DISCLOSE, "client", client, "office copy restored"
                    )
        left = sorted(set(refused) - set(restore))
        with self._s.transaction():
            self._store.put("office_refuses", left)
            self._store.put(office_heal.SEEN_KEY, left)

    def _exchange_team(
        self,
        wire: list[dict[str, str]],
        cursor: int,
        report: SyncReport,
        ids: dict[str, str] | None = None,
    ) -> tuple[int, bool]:
        """Send messages that are about no client (register statements, beacons, audit heads
        and witness statements). A tombstone the office keeps on such a tag is never a
        withdrawal (only a member's purge puts it there: found by the independent attacker,
        it halted every round): it is lifted with a signed re-share request and the messages
        go again; if the office still refuses them, the round goes on without them."""
        try:
            return self._exchange([], [], wire, cursor, report, ids)
        except SubjectWithdrawn as exc:
            tags = {str(w.get("subject")) for w in wire if str(w.get("id")) in set(exc.ids)}
            if not self._lift(tags or {str(w.get("subject")) for w in wire}, report):
                report.office_refuses_team += len(wire)
                return cursor, True
        try:
            return self._exchange([], [], wire, cursor, report, ids)
        except SubjectWithdrawn:
            report.office_refuses_team += len(wire)
            return cursor, True

    def _lift(self, tags: set[str], report: SyncReport) -> bool:
        """Lift the office's tombstones on tags that are no client's (once per tag a round);
        False when there is nothing new to lift."""
        fresh = sorted(tags - self._lifted)
        if not fresh:
            return False
        self._lifted.update(fresh)
        statement = {"type": "reshare", "device": self._team.me, "subjects": fresh,
                     "nonce": os.urandom(8).hex()}  # fmt: skip
        self._t.reshare(statement, b64(self._team.keys.sign_bytes(canonical(statement))))
        report.requests += 1
        report.office_lifted += len(fresh)
        return True

    def _refused(
        self,
        exc: SubjectWithdrawn,
        to_send: list[Write],
        sealed: list[Sealed],
        report: SyncReport,
    ) -> set[str]:
        """The office holds a tombstone for some subjects in the batch. That changes nothing
        here (only a verified register statement withdraws her): her writes wait, and the
        status says how many clients the office refuses. A tombstone on the team's own tag
        (writes about no client: partners, groups, users, settings) is a member's purge, never
        a withdrawal: it is lifted once a round and the batch goes again."""
        ids = set(exc.ids)
        clients = {w.subject for w, s in zip(to_send, sealed, strict=True) if s.id in ids}
        team_tags = {
            s.subject
            for w, s in zip(to_send, sealed, strict=True)
            if s.id in ids and w.subject is None
        }
        clients.discard(None)
        if not clients and not (team_tags and self._lift(team_tags, report)):
            # Nothing it names was sent (a hostile answer), or nothing new to lift: the round
            # stops with the error shown, never resends the same batch forever (found by the
            # fifth independent attacker).
            raise exc
        if not clients:
            return set()
        refused = {c for c in clients if c}
        self._store.put("office_refuses", sorted(set(self._list("office_refuses")) | refused))
        return refused


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
