"""Issue 18's hostile-actor model: a hypothesis state machine against a real office server on
loopback and real vaults. Three honest laptops (one admin) edit, add clients, withdraw and
re-share, rotate keys, remove a member, let a newcomer in, make another admin and sync, while
ONE hostile actor drawn per run acts with everything it holds:

- ``server``: direct writes to the office's SQLite database (drop, delete tombstones, replay
  under a new seq, reorder, withhold and restore later, hide the newest team event);
- ``member``: a non-admin team laptop signing any write or statement with its own keys (any
  counter, clock or value; withdrawals and re-shares of others' clients; forged consent rows;
  ``assigned_worker`` changes; backdated clocks; signed purges of a client's or the team tag);
- ``removed``: a laptop removed at the start that keeps its keys and epoch and signs on;
- ``token``: a device enrolled with a fresh invite token and never let in (membership
  appends, purges, pulls, pushes, commands);
- ``server+removed``: the office together with the removed laptop (it inserts the removed
  laptop's messages itself and hands it every ciphertext it holds).

After every step the invariants below are checked; when the actor stops (teardown) every
honest laptop must sync cleanly and converge. In make test each actor runs once (the run's
actor is drawn from the actors it is given: one each there); ``make soak`` runs it longer
(EXITDOORS_SOAK_EXAMPLES, EXITDOORS_SOAK_STEPS, EXITDOORS_SOAK_ACTORS) and prints what it did.
What it found is kept at the end of this file as strict-xfail reproductions, each with the
scoped relaxation (RELAXED) that keeps the model green meanwhile; EXITDOORS_MODEL_STRICT=1
runs the model with none.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import os
import shutil
import sqlite3
import tempfile
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, note, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from exitdoors_desktop.core.consent import ConsentAction, ConsentMethod, ConsentScope
from exitdoors_desktop.core.errors import SyncError
from exitdoors_desktop.core.hlc import Timestamp
from exitdoors_desktop.storage.clients_repo import ClientRepository
from exitdoors_desktop.storage.program_repo import ConsentRepository
from exitdoors_desktop.storage.team_store import TeamStore
from exitdoors_desktop.storage.vault import Vault
from exitdoors_desktop.sync import service
from exitdoors_desktop.sync.envelope import EnvelopeError, Sealed, open_sealed
from exitdoors_desktop.sync.identity import DeviceKeys, b64
from exitdoors_desktop.sync.membership import make_event
from exitdoors_desktop.sync.transport import Transport, fetch_pinned_certificate
from exitdoors_protocol import register
from exitdoors_protocol.codec import canonical
from tests.conftest import CHEAP, PASSPHRASE
from tests.sync.conftest import FAST, Device, _today, start_office_server
from tests.sync.test_team_trust_v3 import (
    _counter,
    _insert_as,
    _push,
    _statement,
    _store_counter,
    _team,
    _write,
)

ACTORS = ("server", "member", "removed", "token", "server+removed")
SOAK = int(os.environ.get("EXITDOORS_SOAK_EXAMPLES", "0") or 0)
STEPS = int(os.environ.get("EXITDOORS_SOAK_STEPS", "0") or 0) or (25 if SOAK else 10)
FIELDS = ("preferred_name", "pronouns", "safe_contact_notes")
PICK = st.tuples(*[st.integers(0, 10**6)] * 4)
SERVER = ("drop", "tombstones", "replay", "reorder", "withhold", "restore", "hide_event")
TOKEN = ("append", "purge", "pull", "push", "command")
MEMBER_COUNTERS = ("next", "huge", "zero", "replayed")
REMOVED_COUNTERS = ("over", "far", "reuse", "reuse_one")
FORGERIES = (
    "value",
    "huge",
    "bad_date",
    "ahead",
    "backdated",
    "withdraw",
    "reshare",
    "grant",
    "assign",
    "new",
)
HONEST = (
    "new_client",
    "new_client",
    "edit",
    "edit",
    "edit",
    "withdraw",
    "withdraw",
    "reshare",
    "reshare",
    "rotate",
    "remove_member",
    "join",
    "make_admin",
)
PHASES = [Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink]
COUNTS: Counter[str] = Counter()  # examples, steps, action:<kind>, checks

# Scoped relaxations: each names one finding (reproduced by a strict-xfail test at the end of
# this file) and switches off exactly the check that finding breaks, only for the messages or
# clients that finding touches. Every time one is used it is counted (relaxed:<name>) and the
# soak prints the counts. Remove a name when its xfail test turns red (fixed).
# - keeper_erased_via_backdated_clock: her keeper's laptop is not required to keep a client
#   about whom a hostile laptop pushed a write stamped in 1970 AND a withdrawal naming itself
#   her keeper (FOUND_KEEPER).
# - removed_counter_reuse: a removed laptop's NEW writes and statements that reuse a counter
#   within its cut-off ("reuse", "reuse_one") are not required to be refused (FOUND_REUSE).
# - token_only_office: the office serving /v2/sync to, storing pushes and membership events
#   from, and taking purges from a device never let in is counted, not failed; before the
#   final rounds the operator deletes the token device's membership event (as issue 18 Why 1
#   describes), and clients it purged from the office are left out of convergence (FOUND_TOKEN).
# - team_tag_tombstone_halts: before the final rounds the operator deletes the office's
#   tombstone on the team tag (the subject every register statement is sealed under) that a
#   member's or token device's purge left; with it every statement push fails with 409 and the
#   round with it, for good (FOUND_TEAM_TAG).
# - cutoff_from_admins_view: honest laptops may disagree on a field of a client that a laptop
#   removed without the admin pulling first had edited (FOUND_CUTOFF_RACE).
# Fixed since, so no longer relaxed (their reproductions below are now plain tests):
# removed_counter_reuse (a removed laptop's reused counter is refused; a counter a laptop never
# saw from it is still taken),
# keeper_erased_via_backdated_clock (her creator is found by arrival order),
# keeper_named_by_withdrawer (a statement names the keeper the receiver knows recorded her, or
# her current keeper, unless her keeper or an admin signs it), token_only_office
# (the office verifies the team log), team_tag_tombstone_halts (each statement has its own
# unguessable tag), cutoff_from_admins_view (a removal pulls everything first),
# office_drops_acked_statement (a statement is re-sent until every other member's signed view
# holds it; after the office drops one, "withdrawn stays gone" restarts from her keeper's next
# round).
# EXITDOORS_MODEL_STRICT=1 runs with none of them (the findings then fail the model).
RELAXED: frozenset[str] = frozenset()  # every finding so far is fixed (see above)


def _consent(d: Device, cid: str, action: ConsentAction) -> None:
    ConsentRepository(d.session).add(
        cid, ConsentScope.SHARE_WITH_OFFICE, action, _today(), ConsentMethod.WRITTEN
    )


def _node(d: Device) -> str:
    return d.session.device_id


def _device_id(d: Device) -> str:
    config = service.load_config(d.session)
    assert config is not None
    return config.device_id


def _hlc(d: Device, how: str) -> str:
    now = d.session.clock.now()
    if how == "ahead":  # 23 h ahead with a 6-digit counter at its top
        return f"{now.millis + 23 * 3600 * 1000:015d}-999999-{_node(d)}"
    if how == "backdated":  # 1970: earlier than her creation anywhere
        return f"{1:015d}-000000-{_node(d)}"
    return now.encode()


def _office_insert(db: sqlite3.Connection, s: Sealed, device_id: str) -> None:
    """The office stores a sealed message as its own push path would (16-byte id, next seq)."""
    mid = uuid.UUID(s.id).bytes
    if db.execute("SELECT 1 FROM messages WHERE id = ?", (mid,)).fetchone():
        return
    seq = int(db.execute("SELECT last_seq FROM seq_counter WHERE id = 1").fetchone()[0]) + 1
    db.execute(
        "INSERT INTO messages (seq, id, subject, key_id, nonce, ciphertext, kind, device_id,"
        " received_at) VALUES (?,?,?,?,?,?,?,?,?)",
        (seq, mid, bytes.fromhex(s.subject), s.key_id, s.nonce, s.ciphertext, "change",
         device_id, 0),
    )  # fmt: skip
    db.execute("UPDATE seq_counter SET last_seq = ? WHERE id = 1", (seq,))


def _consent_fields(cid: str, action: str, date: str, d: Device) -> dict[str, object]:
    return {"client_id": cid, "scope": "share_with_office", "action": action, "date": date,
            "recorded_at": d.session.clock.now().encode(), "method": "written", "witness": None,
            "partner_id": None, "deleted": False}  # fmt: skip


class HostileModel(RuleBasedStateMachine):
    actors: tuple[str, ...] = ACTORS

    def __init__(self) -> None:
        super().__init__()
        COUNTS["examples"] += 1
        self.tmp = Path(tempfile.mkdtemp(prefix="exitdoors-hostile-"))
        self.office = start_office_server(self.tmp)
        self.all: list[Device] = []  # every vault made (honest and hostile)
        self.honest: list[Device] = []  # current honest team laptops (honest[0]: the admin)
        self.removed_honest: list[Device] = []
        self.admins: set[str] = set()
        self.actor = ""
        self.active = True
        self.hostile: Device | None = None  # the member or the removed laptop
        self.token_t: Transport | None = None
        self.clients: dict[str, Device] = {}  # client id -> her keeper (the laptop that made her)
        self.withdrawn_by_keeper: dict[str, bool] = {}
        self.delivered: set[str] = set()  # her keeper's withdrawal reached the office
        self.seen: dict[str, set[str]] = {}  # laptop name -> withdrawals it has pulled since
        self.reshare_at: dict[str, str] = {}  # client -> register hash her keeper lifted
        self.dropped_tags: set[str] = set()
        self.withheld: list[tuple[Any, ...]] = []
        self.withheld_events: list[tuple[Any, ...]] = []
        self.saved: list[tuple[Any, ...]] = []
        self.after_removal: set[str] = set()  # clients made after the hostile laptop's removal
        self.violations: list[str] = []
        self.backdated: set[str] = set()  # clients a hostile laptop wrote about stamped in 1970
        self.self_keeper: set[str] = set()  # ... and withdrew naming itself her keeper
        self.reuse_clients: set[str] = set()  # clients a removed laptop forged with reused counters
        self.junk_events = False
        self.dropped_statements: set[str] = set()  # clients whose register statement it dropped
        self.removed_wrote: set[str] = set()  # clients an honest laptop edited before its removal
        self.n = 0
        self.step_no = 0
        self.trace: list[str] = []  # the decoded steps, shown with any failure

    # -- setting up ------------------------------------------------------------------------
    def _new_device(self) -> Device:
        i = len(self.all)
        vault = Vault(self.tmp / f"device-{i}")
        session, _ = vault.create(f"worker{i}", PASSPHRASE, kdf=CHEAP)
        d = Device(f"d{i}", vault, session)
        if not self.all:
            service.setup(session, self.office.url, self.office.fingerprint, self.office.token())
        else:
            invite = self.tmp / f"invite-{uuid.uuid4().hex[:6]}.json"
            words = service.make_invite(self.all[0].session, self.office.token(), invite,
                                        memory_kib=8192, iterations=1)  # fmt: skip
            service.join(session, invite, words)
        self.all.append(d)
        self.seen[d.name] = set()
        return d

    def _let_in(self) -> None:
        self._sync(self.all[0])

    @initialize(actor=st.sampled_from(ACTORS))
    def setup_team(self, actor: str) -> None:
        if actor not in self.actors:
            actor = self.actors[0]
        self.actor = actor
        note(f"actor: {actor}")
        COUNTS[f"actor:{actor}"] += 1
        admin = self._new_device()
        self.honest.append(admin)
        self.admins.add(_device_id(admin))
        self.honest += [self._new_device(), self._new_device()]
        if actor in ("member", "removed", "server+removed"):
            self.hostile = self._new_device()
        self._let_in()
        for d in self.honest:  # one shared client each, so the actor has targets from step 1
            self.n += 1
            self.clients[d.add_client(f"Test Model Person {self.n}")] = d
        for d in self.honest:
            self._sync(d)
        if self.hostile is not None:
            self.hostile.sync()
        if actor in ("removed", "server+removed"):
            assert self.hostile is not None
            kept = self.hostile.add_client("Test Before Cutoff Sample")
            self.hostile.sync()
            self._sync(admin)
            service.remove_device(admin.session, _device_id(self.hostile), retry=FAST)
            self.before_cutoff = kept
        if actor == "token":
            cert = fetch_pinned_certificate(self.office.url, self.office.fingerprint)
            keys = DeviceKeys.generate()
            with Transport(self.office.url, cert) as t:
                dev, token = t.enroll(self.office.token(), "laptop", b64(keys.sign_pub),
                                      b64(keys.kx_pub), json.dumps({"node": "token-only"}))  # fmt: skip
            self.token_t = Transport(self.office.url, cert, token, retry=FAST)
            self.token_keys, self.token_dev = keys, dev

    def teardown(self) -> None:
        try:
            if self.actor:
                self._final_phase()
        finally:
            if self.token_t is not None:
                self.token_t.close()
            for d in self.all:
                d.session.lock()
            self.office.stop()
            shutil.rmtree(self.tmp, ignore_errors=True)

    # -- helpers ---------------------------------------------------------------------------
    def _sync(self, d: Device, *, must: bool = False) -> bool:
        try:
            d.sync()
        except SyncError:
            if must:
                raise
            COUNTS["rounds_refused"] += 1
            return False
        COUNTS["rounds_ok"] += 1
        self._after_round(d)
        return True

    def _after_round(self, d: Device) -> None:
        store = TeamStore(d.session)
        if not store.undelivered():
            for cid, keeper in self.clients.items():
                if keeper is d and self.withdrawn_by_keeper.get(cid):
                    self.delivered.add(cid)
        for cid in self.delivered:
            if self.clients[cid] is not d:
                self.seen[d.name].add(cid)
        for cid, lifted in list(self.reshare_at.items()):
            if self.clients[cid] is d:
                entry = store.register_entry(cid)
                COUNTS["checks"] += 1
                if entry is not None and entry.hash == lifted:
                    self.violations.append(f"keeper {d.name} could not re-share {cid}")
                del self.reshare_at[cid]

    def _db(self) -> sqlite3.Connection:
        return sqlite3.connect(next(self.office.data_dir.glob("*.db")), timeout=30)

    def _let_in_honest(self) -> list[Device]:
        return [d for d in self.honest if _team(d).ring is not None]

    @staticmethod
    def _pick(n: int, seq: list[Any]) -> Any:
        """Draws never depend on the system's state (hypothesis replays them): an index is
        drawn up front and taken modulo whatever the laptops hold at that moment."""
        return seq[n % len(seq)]

    # -- honest laptops ------------------------------------------------------------------------
    # One rule for what honest users do, one for sync rounds, one for the actor: about a third
    # of the steps are the actor's whatever the number of honest kinds.
    @rule(k=st.integers(0, 10**6), pick=PICK)
    def step(self, k: int, pick: tuple[int, int, int, int]) -> None:
        """One step: the k-th entry of this actor's menu, counted from the step number, so the
        all-zero example hypothesis always tries first walks through every kind in turn, and
        one rule means hypothesis's swarm testing never switches a whole kind off."""
        menu = self.menu()
        what = menu[(k + self.step_no) % len(menu)]
        self.step_no += 1
        self.trace.append(f"{what}{pick}")
        note(f"step {self.step_no}: {what} {pick}")
        if what == "sync":
            self.sync_round(pick[0])
        elif what in HONEST:
            getattr(self, what)(pick)
        elif what in SERVER:
            self.server_acts(what, pick[0])
        elif what in FORGERIES:
            if self.actor == "member":
                self.member_acts(MEMBER_COUNTERS[pick[3] % len(MEMBER_COUNTERS)], what, pick)
            else:
                self.removed_acts(REMOVED_COUNTERS[pick[3] % len(REMOVED_COUNTERS)], what, pick)
        elif what == "purge_tags":
            self.member_purges(pick)
        elif what == "sync_self":
            self.member_acts("sync", "value", pick)
        elif what == "read":
            self.removed_reads_everything()
        else:
            self.token_acts(what)

    def menu(self) -> list[str]:
        mine = {
            "server": SERVER,
            "member": (*FORGERIES, "sync_self", "purge_tags"),
            "removed": (*FORGERIES, "read"),
            "token": TOKEN,
            "server+removed": (*SERVER, *FORGERIES, "read"),
        }[self.actor]
        n = max(len(HONEST), len(mine))
        return [x for i in range(n) for x in (HONEST[i % len(HONEST)], "sync", mine[i % len(mine)])]

    def new_client(self, pick: tuple[int, int, int, int]) -> None:
        d = self._pick(pick[0], self.honest)
        self.n += 1
        cid = d.add_client(f"Test Model Person {self.n}")
        self.clients[cid] = d
        if self.actor in ("removed", "server+removed"):
            self.after_removal.add(cid)
        COUNTS["action:honest_new_client"] += 1

    def edit(self, pick: tuple[int, int, int, int]) -> None:
        field, value = FIELDS[pick[2] % len(FIELDS)], pick[2] % 100
        d = self._pick(pick[0], self.honest)
        held = sorted(ClientRepository(d.session).ids())
        if not held:
            return
        repo = ClientRepository(d.session)
        client = repo.get(self._pick(pick[1], held), audit=False)
        repo.save(dataclasses.replace(client, **{field: f"Test {field[:4]} {d.name} {value}"}))
        COUNTS["action:honest_edit"] += 1

    def _kept(self, pick: tuple[int, int, int, int], withdrawn: bool) -> tuple[Device, str] | None:
        mine = [(k, c) for c, k in self.clients.items() if k in self.honest
                and bool(self.withdrawn_by_keeper.get(c)) == withdrawn]  # fmt: skip
        if withdrawn:  # also those the keeper sees withdrawn by someone else
            mine += [(k, c) for c, k in self.clients.items() if k in self.honest
                     and not self.withdrawn_by_keeper.get(c)
                     and c in TeamStore(k.session).withdrawn()]  # fmt: skip
        return self._pick(pick[1], sorted(mine, key=lambda x: x[1])) if mine else None

    def withdraw(self, pick: tuple[int, int, int, int]) -> None:
        picked = self._kept(pick, withdrawn=False)
        if picked is None:
            return
        keeper, cid = picked
        _consent(keeper, cid, ConsentAction.WITHDRAW)
        self.withdrawn_by_keeper[cid] = True
        self.reshare_at.pop(cid, None)
        COUNTS["action:honest_withdraw"] += 1

    def reshare(self, pick: tuple[int, int, int, int]) -> None:
        picked = self._kept(pick, withdrawn=True)
        if picked is None:
            return
        keeper, cid = picked
        entry = TeamStore(keeper.session).register_entry(cid)
        _consent(keeper, cid, ConsentAction.GRANT)
        self.withdrawn_by_keeper[cid] = False
        self.delivered.discard(cid)
        for seen in self.seen.values():
            seen.discard(cid)
        if entry is not None and entry.kind == register.WITHDRAWAL:
            self.reshare_at[cid] = entry.hash
        COUNTS["action:honest_reshare"] += 1

    def sync_round(self, pick: int) -> None:
        self._sync(self._pick(pick, self.honest))
        COUNTS["action:honest_sync"] += 1

    def rotate(self, pick: tuple[int, int, int, int]) -> None:
        try:
            service.rotate_key(self.honest[0].session, retry=FAST)
        except SyncError:
            COUNTS["rounds_refused"] += 1
        COUNTS["action:honest_rotate"] += 1

    def remove_member(self, pick: tuple[int, int, int, int]) -> None:
        if len(self.honest) < 3:
            return
        members = [d for d in self.honest[1:] if _device_id(d) not in self.admins
                   and _team(d).ring is not None]  # fmt: skip
        if not members:
            return
        gone = self._pick(pick[0], members)
        if pick[1] % 2:  # the admin has pulled all it can (else: removes from what it holds)
            self._sync(self.honest[0])
        wrote = {r[0] for r in gone.session.conn.execute(
            "SELECT DISTINCT subject FROM changes WHERE origin = 'local' AND subject IS NOT NULL")}  # fmt: skip
        try:
            service.remove_device(self.honest[0].session, _device_id(gone), retry=FAST)
        except SyncError:
            COUNTS["rounds_refused"] += 1
            return
        self.honest.remove(gone)
        self.removed_honest.append(gone)
        self.removed_wrote |= wrote
        COUNTS["action:honest_remove"] += 1

    def join(self, pick: tuple[int, int, int, int]) -> None:
        if len(self.all) >= 7:
            return
        self.honest.append(self._new_device())
        self._let_in()
        COUNTS["action:honest_join"] += 1

    def make_admin(self, pick: tuple[int, int, int, int]) -> None:
        others = [d for d in self.honest[1:] if _device_id(d) not in self.admins
                  and _team(d).ring is not None]  # fmt: skip
        if not others:
            return
        d = self._pick(pick[0], others)
        try:
            service.set_role(self.honest[0].session, _device_id(d), "admin", retry=FAST)
        except SyncError:
            COUNTS["rounds_refused"] += 1
            return
        self.admins.add(_device_id(d))
        COUNTS["action:honest_make_admin"] += 1

    # -- the hostile actor -----------------------------------------------------------------
    def server_acts(self, what: str, pick: int) -> None:
        COUNTS[f"action:server_{what}"] += 1
        with self._db() as db:
            cols = [r[1] for r in db.execute("PRAGMA table_info(messages)")]
            rows = db.execute(f"SELECT {','.join(cols)} FROM messages ORDER BY seq").fetchall()  # noqa: S608
            self.saved += [r for r in rows if r not in self.saved][-200:]
            si, ti = cols.index("seq"), cols.index("subject")
            if what == "drop" and rows:
                row = rows[pick % len(rows)]
                db.execute("DELETE FROM messages WHERE seq = ?", (row[si],))
                self.dropped_tags.add(bytes(row[ti]).hex())
                self._note_dropped_statement(dict(zip(cols, row, strict=True)))
            elif what == "tombstones":
                db.execute("DELETE FROM tombstones")
            elif what in ("replay", "reorder") and (self.saved if what == "replay" else rows):
                chosen = ([self.saved[pick % len(self.saved)]] if what == "replay"
                          else rows[-(1 + pick % 4):][::-1])  # fmt: skip
                for row in chosen:
                    db.execute("DELETE FROM messages WHERE id = ?", (row[cols.index("id")],))
                    self._reinsert(db, cols, row)
            elif what == "withhold" and rows:
                row = rows[pick % len(rows)]
                db.execute("DELETE FROM messages WHERE seq = ?", (row[si],))
                self.withheld.append(row)
            elif what == "restore":
                self._restore(db, cols)
            elif what == "hide_event" and not self.withheld_events:
                last = db.execute("SELECT * FROM membership ORDER BY idx DESC LIMIT 1").fetchone()
                if last is not None and last[0] > 0:
                    db.execute("DELETE FROM membership WHERE idx = ?", (last[0],))
                    self.withheld_events.append(last)

    def _note_dropped_statement(self, row: dict[str, Any]) -> None:
        """Which client a dropped register statement was about (read with the admin's keys)."""
        ring = _team(self.honest[0]).ring
        if ring is None or row.get("kind") != "change":
            return
        try:
            sealed = Sealed(str(uuid.UUID(bytes=bytes(row["id"]))), bytes(row["subject"]).hex(),
                            row["key_id"], bytes(row["nonce"]), bytes(row["ciphertext"]))  # fmt: skip
            payload = open_sealed(ring, sealed).payload
        except (EnvelopeError, ValueError, KeyError):
            return
        if isinstance(payload, dict) and payload.get("t") == "reg":
            cid = str(payload.get("client"))
            self.dropped_statements.add(cid)
            # Her keeper re-sends it at its next round (its view of the others shows it is
            # not held everywhere): only from then on must the others not hold her.
            self.delivered.discard(cid)
            for seen in self.seen.values():
                seen.discard(cid)

    def _reinsert(self, db: sqlite3.Connection, cols: list[str], row: tuple[Any, ...]) -> None:
        seq = int(db.execute("SELECT last_seq FROM seq_counter WHERE id = 1").fetchone()[0]) + 1
        values = list(row)
        values[cols.index("seq")] = seq
        db.execute(f"INSERT INTO messages ({','.join(cols)}) VALUES ({','.join('?' * len(cols))})",  # noqa: S608
                   values)  # fmt: skip
        db.execute("UPDATE seq_counter SET last_seq = ? WHERE id = 1", (seq,))

    def _restore(self, db: sqlite3.Connection, cols: list[str]) -> None:
        for row in self.withheld:
            if not db.execute("SELECT 1 FROM messages WHERE id = ?",
                              (row[cols.index("id")],)).fetchone():  # fmt: skip
                self._reinsert(db, cols, row)
        self.withheld = []
        for event in self.withheld_events:
            if not db.execute("SELECT 1 FROM membership WHERE idx = ?", (event[0],)).fetchone():
                marks = ",".join("?" * len(event))
                db.execute(f"INSERT INTO membership VALUES ({marks})", event)  # noqa: S608
        self.withheld_events = []

    def _forge(self, kind: str, pick: tuple[int, int, int, int], marker: str, counter: int
               ) -> list[Sealed]:  # fmt: skip
        """Writes and statements the hostile laptop signs with its own keys."""
        d = self.hostile
        assert d is not None
        team = _team(d)
        targets = sorted(self.clients) + sorted(self.after_removal)
        if not targets or team.ring is None:
            return []
        cid = self._pick(pick[0], sorted(set(targets)))
        COUNTS[f"action:{self.actor}_{kind}"] += 1
        if kind == "backdated":
            self.backdated.add(cid)
        if "reuse" in marker:
            self.reuse_clients.add(cid)
        if kind == "new":
            new = str(uuid.uuid4())
            fields = {"preferred_name": f"Test {marker} New", "deleted": False}
            return [_write(d, team, "client", new, new, fields, counter=counter)]
        if kind in ("value", "huge", "ahead", "backdated", "assign"):
            fields: dict[str, object] = {"pronouns": f"{marker}-{kind}"}
            if kind == "huge":
                fields = {"age": 2**64}
            if kind == "assign":
                fields = {"assigned_worker": d.session.user_id}
            hlc = _hlc(d, kind if kind in ("ahead", "backdated") else "now")
            return [_write(d, team, "client", cid, cid, fields, counter=counter, hlc=hlc)]
        if kind in ("bad_date", "grant"):
            date = "2026-02-30" if kind == "bad_date" else ("2026-05-02", "2099-01-01")[pick[1] % 2]
            return [
                _write(d, team, "consent", str(uuid.uuid4()), cid,
                       _consent_fields(cid, "grant", date, d), counter=counter),
                _write(d, team, "client", cid, cid, {"preferred_name": f"Test {marker} Back"},
                       counter=counter + 1),
            ]  # fmt: skip
        # withdrawals and re-shares of others' clients, chained on the best register it can read
        current = None
        for source in [d, *self.honest]:
            current = TeamStore(source.session).register_entry(cid) or current
        keeper = (_node(d), _node(self.clients.get(cid, d)))[pick[2] % 2]
        if kind == "withdraw" or current is None:
            if current is not None and current.kind == register.WITHDRAWAL:
                return []
            what = register.WITHDRAWAL
            if keeper == _node(d):
                self.self_keeper.add(cid)
        else:
            if current.kind != register.WITHDRAWAL:
                return []
            what = register.RESHARE
        return [_statement(d, team, cid, what, keeper, current, counter)]

    def member_acts(self, how: str, kind: str, pick: tuple[int, int, int, int]) -> None:
        d = self.hostile
        assert d is not None
        if how == "sync":
            COUNTS["action:member_sync"] += 1
            try:
                d.sync()
            except SyncError:
                pass
            return
        n = _counter(d)
        counter = {"next": n + 1, "huge": 2**64, "zero": 0, "replayed": max(n, 1)}[how]
        sealed = self._forge(kind, pick, "HOSTILE", counter)
        if sealed and how == "next":
            _store_counter(d, n + len(sealed))
        if sealed:
            try:
                _push(d, sealed)
            except SyncError:
                COUNTS["pushes_refused"] += 1

    def member_purges(self, pick: tuple[int, int, int, int]) -> None:
        """A member's signed purge (the office's tombstones are a best-effort second line): of
        one client's tags, or of the team tag every register statement travels under."""
        d = self.hostile
        ring = _team(d).ring if d is not None else None
        if d is None or ring is None:
            return
        cid = self._pick(pick[0], sorted(self.clients)) if pick[1] % 2 else None
        COUNTS[f"action:member_purge_{'client' if cid else 'team_tag'}"] += 1
        try:
            _purge_as(d, ring.all_tags(cid))
        except SyncError:
            COUNTS["pushes_refused"] += 1

    def removed_acts(self, how: str, kind: str, pick: tuple[int, int, int, int]) -> None:
        d = self.hostile
        assert d is not None
        state = _team(self.honest[0]).state  # the cut-off the admin signed
        assert state is not None
        cutoff = state.members[_device_id(d)].cutoff or 0
        counter = {"over": cutoff + 1, "far": 10**6, "reuse": max(cutoff, 1), "reuse_one": 1}[how]
        sealed = self._forge(kind, pick, f"AFTERCUT{how}", counter)
        if not sealed:
            return
        COUNTS[f"action:removed_counter_{how}"] += 1
        try:
            _push(d, sealed)
        except SyncError:
            COUNTS["pushes_refused"] += 1
        if self.actor == "server+removed":  # the office relays them anyway
            with self._db() as db:
                for s in sealed:
                    _office_insert(db, s, _device_id(d))

    def removed_reads_everything(self) -> None:
        """Every ciphertext the office holds (its token still pulls: FOUND_TOKEN's server side;
        with the office, trivially): it opens nothing about a client made after its removal."""
        d = self.hostile
        assert d is not None
        ring = _team(d).ring
        COUNTS["action:server+removed_read"] += 1
        if ring is None:
            return
        with self._db() as db:
            rows = db.execute("SELECT id, subject, key_id, nonce, ciphertext FROM messages")
            for mid, subject, key_id, nonce, ct in rows.fetchall():
                sealed = Sealed(str(uuid.UUID(bytes=bytes(mid))),
                                bytes(subject).hex(), key_id, bytes(nonce), bytes(ct))  # fmt: skip
                try:
                    opened = open_sealed(ring, sealed)
                except (EnvelopeError, ValueError, KeyError):
                    continue
                payload = opened.payload if isinstance(opened.payload, dict) else {}
                COUNTS["checks"] += 1
                if (
                    payload.get("s") in self.after_removal
                    or payload.get("client") in self.after_removal
                ):
                    self.violations.append("the removed laptop opened a write made after removal")

    def token_acts(self, what: str) -> None:
        t, keys, me = self.token_t, self.token_keys, self.token_dev
        assert t is not None
        COUNTS[f"action:token_{what}"] += 1
        with self._db() as db:
            tags = sorted({bytes(r[0]).hex() for r in db.execute("SELECT subject FROM messages")})
            length = int(db.execute("SELECT count(*) FROM membership").fetchone()[0])
        try:
            if what == "append":
                body = {"device": me, "node": "token-only", "name": "laptop", "role": "admin",
                        "sign_pub": b64(keys.sign_pub), "kx_pub": b64(keys.kx_pub),
                        "wraps": {me: b64(b"x" * 60)}}  # fmt: skip
                event = make_event(None, keys, me, "device_added", body)
                event["i"] = length
                answer: Any = t.append_membership(length, event)
            elif what == "purge":
                statement = {"type": "purge", "device": me, "subjects": tags,
                             "nonce": os.urandom(8).hex()}  # fmt: skip
                answer = t.purge(statement, b64(keys.sign_bytes(canonical(statement))))
            elif what == "command":  # a wipe of the admin's laptop, signed by itself
                target = _device_id(self.honest[0])
                command = {"type": "wipe", "device": target, "team": b64(_team(self.honest[0]).root),
                           "nonce": os.urandom(8).hex()}  # fmt: skip
                answer = t.send_command(
                    target,
                    {
                        "type": "wipe",
                        "command": command,
                        "by": me,
                        "sig": b64(keys.sign_bytes(canonical(command))),
                    },
                )
            else:
                msgs = [] if what == "pull" else [{"id": uuid.uuid4().hex, "subject": tags[0]
                        if tags else "0" * 64, "key_id": "e0.s2", "nonce": base64.b64encode(
                        b"n" * 12).decode(), "ciphertext": base64.b64encode(b"junk").decode()}]  # fmt: skip
                answer = t.sync({"version": 3, "cursor": 0, "messages": msgs, "pull_limit": 100,
                                 "membership_from": 0})  # fmt: skip
                if not answer.get("messages") and not answer.get("accepted"):
                    answer = None
        except SyncError:
            answer = None
        COUNTS["checks"] += 1
        if answer is not None and "token_only_office" in RELAXED:
            COUNTS[f"relaxed:token_only_office:{what}"] += 1
            self.junk_events |= what == "append"
            if what == "purge":  # the office purged them: convergence leaves them out
                self.dropped_tags |= set(tags)
        elif answer is not None:
            self.violations.append(f"the office accepted a token-only {what}: {str(answer)[:120]}")

    # -- invariants ------------------------------------------------------------------------
    @invariant()
    def no_violation_recorded(self) -> None:
        COUNTS["checks"] += 1
        COUNTS["steps"] += 1
        assert not self.violations, (self.actor, self.violations, self.trace)

    @invariant()
    def keepers_keep_their_clients(self) -> None:
        relaxed = set()
        if "keeper_erased_via_backdated_clock" in RELAXED:
            relaxed = self.backdated & self.self_keeper
        for cid, keeper in self.clients.items():
            COUNTS["checks"] += 1
            if cid in relaxed and not ClientRepository(keeper.session).exists(cid):
                COUNTS["relaxed:keeper_erased_via_backdated_clock"] += 1
                continue
            assert ClientRepository(keeper.session).exists(cid), (
                f"client {cid} left her keeper {keeper.name}"
            )

    @invariant()
    def withdrawn_clients_stay_withdrawn(self) -> None:
        for d in self.honest + self.removed_honest:
            held = set(ClientRepository(d.session).ids())
            for cid in self.seen[d.name]:
                COUNTS["checks"] += 1
                if not self.withdrawn_by_keeper.get(cid) or cid not in held:
                    continue
                raise AssertionError(f"withdrawn client {cid} is still on {d.name}")

    @invariant()
    def nothing_after_the_cutoff(self) -> None:
        if self.hostile is None or self.actor == "member":
            return
        node = _node(self.hostile)
        for d in self.honest:
            COUNTS["checks"] += 1
            rows = d.session.conn.execute(
                "SELECT id, preferred_name, pronouns FROM clients WHERE preferred_name LIKE"
                " '%AFTERCUT%' OR pronouns LIKE '%AFTERCUT%'"
            ).fetchall()
            if "removed_counter_reuse" in RELAXED:
                kept = [r for r in rows if "AFTERCUTreuse" not in str(r)]
                COUNTS["relaxed:removed_counter_reuse"] += len(rows) - len(kept)
                rows = kept
            assert not rows, f"{d.name} applied a removed laptop's write past its cut-off: {rows}"
            authored = [e for e in TeamStore(d.session).register().values() if e.author == node]
            if "removed_counter_reuse" in RELAXED:
                kept_e = [e for e in authored if e.client not in self.reuse_clients]
                COUNTS["relaxed:removed_counter_reuse"] += len(authored) - len(kept_e)
                authored = kept_e
            assert not authored, f"{d.name} took a statement from the removed laptop"

    @invariant()
    def stamps_decode(self) -> None:
        for d in self.honest:
            COUNTS["checks"] += 1
            Timestamp.decode(d.session.clock.now().encode())
            for (hlc,) in d.session.conn.execute(
                "SELECT hlc FROM changes WHERE origin = 'local' ORDER BY seq DESC LIMIT 20"
            ):
                Timestamp.decode(hlc)

    # -- the actor stops -------------------------------------------------------------------
    def _final_phase(self) -> None:
        self.active = False
        if self.withheld or self.withheld_events:
            with self._db() as db:
                self._restore(db, [r[1] for r in db.execute("PRAGMA table_info(messages)")])
        if self.junk_events and "token_only_office" in RELAXED:
            with self._db() as db:  # the operator deletes the token device's event (Why 1)
                db.execute("DELETE FROM membership WHERE device_id = ?", (self.token_dev,))
        if "team_tag_tombstone_halts" in RELAXED:
            ring = _team(self.honest[0]).ring
            tags = [bytes.fromhex(t) for t in ring.all_tags(None)] if ring else []
            with self._db() as db:  # the operator lifts the office's tombstone on the team tag
                for tag in tags:
                    n = db.execute("DELETE FROM tombstones WHERE subject = ?", (tag,)).rowcount
                    COUNTS["relaxed:team_tag_tombstone_halts"] += n
        self._let_in()
        for _ in range(2):  # the actor has stopped: rounds may still meet its leftovers
            for d in self.honest:
                self._sync(d)
        for d in self.honest:  # and now every round must pass
            self._sync(d, must=True)
        for d in self.honest:
            self._sync(d, must=True)
        self.no_violation_recorded()
        self._converged()

    def _converged(self) -> None:
        honest = self._let_in_honest()
        assert len(honest) == len(self.honest), "a laptop was never let in"
        ring = _team(self.honest[0]).ring
        assert ring is not None
        touched = {c for c in self.clients if set(ring.all_tags(c)) & self.dropped_tags}
        withdrawn = {c for d in honest for c in TeamStore(d.session).withdrawn()}
        withdrawn |= {c for c, w in self.withdrawn_by_keeper.items() if w}
        eligible = [c for c, k in self.clients.items()
                    if k in self.honest and c not in withdrawn and c not in touched]  # fmt: skip
        for d in honest:
            held = set(ClientRepository(d.session).ids())
            for cid in eligible:
                COUNTS["checks"] += 1
                assert cid in held, f"{d.name} never got {cid} from {self.clients[cid].name}"
        ref = honest[0]
        for d in honest[1:]:
            both = set(ClientRepository(d.session).ids()) & set(ClientRepository(ref.session).ids())
            for cid in sorted(both - touched):
                COUNTS["checks"] += 1
                a = ClientRepository(ref.session).get(cid, audit=False)
                b = ClientRepository(d.session).get(cid, audit=False)
                for f in (*FIELDS, "age", "assigned_worker"):
                    if (
                        getattr(a, f) != getattr(b, f)
                        and cid in self.removed_wrote
                        and "cutoff_from_admins_view" in RELAXED
                    ):
                        COUNTS["relaxed:cutoff_from_admins_view"] += 1
                        continue
                    assert getattr(a, f) == getattr(b, f), (cid, f, ref.name, d.name)


def _run(actors: tuple[str, ...], examples: int) -> None:
    machine = type("HostileModelRun", (HostileModel,), {"actors": actors})
    run_state_machine_as_test(
        machine,
        settings=settings(
            max_examples=examples,
            stateful_step_count=STEPS,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
            # Real servers and vaults are not deterministic (keys, clocks, seqs): a replay may
            # fail one step earlier or later. make test reports the example as generated (its
            # notes list every step); the soak also shrinks.
            phases=PHASES if SOAK else [p for p in PHASES if p != Phase.shrink],
            report_multiple_bugs=False,
        ),
    )


@pytest.mark.slow
@pytest.mark.parametrize("actor", ACTORS)
def test_hostile_actor_model(actor: str) -> None:
    """make test: each actor once, ten steps walking its whole menu (make soak draws at random)."""
    if SOAK:
        pytest.skip("make soak runs test_hostile_actor_soak instead")
    _run((actor,), 1)  # the all-zero example hypothesis tries first: every kind in turn


@pytest.mark.timeout(0)
@pytest.mark.skipif(not SOAK, reason="make soak (EXITDOORS_SOAK_EXAMPLES) only")
def test_hostile_actor_soak() -> None:
    COUNTS.clear()
    try:
        actors = tuple(a for a in os.environ.get("EXITDOORS_SOAK_ACTORS", "").split(",") if a)
        _run(actors or ACTORS, SOAK)
    finally:
        print("\nhostile model soak:", "relaxed:", ", ".join(sorted(RELAXED)) or "none")
        for key in ("examples", "steps", "checks", "rounds_ok", "rounds_refused"):
            print(f"  {key}: {COUNTS[key]}")
        for key in sorted(k for k in COUNTS if k.startswith(("actor:", "action:", "relaxed:"))):
            print(f"  {key}: {COUNTS[key]}")


# -- What the model found, each kept as its minimal reproduction (strict xfail: it turns red
# -- the day the code is fixed, and the relaxation named with it must then be removed). --------
FOUND_KEEPER = "a backdated write and a member's withdrawal naming itself keeper erase her"
FOUND_REUSE = "a removed laptop's new write reusing a counter within its cut-off is applied"
FOUND_TOKEN = "the office stores a token-only device's membership event and serves it /v2/sync"


def test_found_backdated_write_and_self_named_keeper_erase_her_on_her_keeper(team) -> None:  # type: ignore[no-untyped-def]
    a, b = team(2)
    x = a.add_client("Test Keeper Found Sample")
    a.sync(), b.sync()
    tb = _team(b)
    n = _counter(b)
    backdated = _write(b, tb, "client", x, x, {"pronouns": "she/her"}, counter=n + 1,
                       hlc=_hlc(b, "backdated"))  # fmt: skip
    withdrawal = _statement(b, tb, x, register.WITHDRAWAL, _node(b), None, n + 2)
    _push(b, [backdated, withdrawal])
    a.sync()
    assert x in a.names()  # A created her: she must stay on A


def test_found_removed_laptop_reuses_a_counter_within_its_cutoff(team, office) -> None:  # type: ignore[no-untyped-def]
    a, b, c = team(3)
    x = c.add_client("Test Reuse Found Sample")
    c.sync(), a.sync(), b.sync()
    tc = _team(c)
    service.remove_device(a.session, _device_id(c))
    late = _write(c, tc, "client", x, x, {"pronouns": "AFTERCUT reuse"}, counter=1)
    # Its token went with the removal: the office (with the removed laptop) relays it.
    with sqlite3.connect(next(office.data_dir.glob("*.db"))) as db:
        _insert_as(db, late, _device_id(c))
    b.sync()
    assert ClientRepository(b.session).get(x, audit=False).pronouns is None


def test_found_token_only_device_appends_membership_and_pulls(team, office) -> None:  # type: ignore[no-untyped-def]
    (a,) = team(1)
    a.add_client("Test Token Found Sample")
    a.sync()
    cert = fetch_pinned_certificate(office.url, office.fingerprint)
    keys = DeviceKeys.generate()
    with Transport(office.url, cert) as t:
        me, token = t.enroll(office.token(), "laptop", b64(keys.sign_pub), b64(keys.kx_pub),
                             json.dumps({"node": "token-only"}))  # fmt: skip
    with Transport(office.url, cert, token, retry=FAST) as t:
        pulled = t.sync({"version": 3, "cursor": 0, "messages": [], "pull_limit": 100,
                         "membership_from": 0})["messages"]  # fmt: skip
        body = {"device": me, "node": "token-only", "name": "laptop", "role": "admin",
                "sign_pub": b64(keys.sign_pub), "kx_pub": b64(keys.kx_pub)}  # fmt: skip
        event = {**make_event(None, keys, me, "device_added", body), "i": 1}
        try:
            t.append_membership(1, event)
            appended = True
        except SyncError:
            appended = False
    halted = False
    try:
        a.sync()
    except SyncError:
        halted = True
    assert (len(pulled), appended, halted) == (0, False, False)


FOUND_TEAM_TAG = "a purge of the team tag makes every later statement push fail every round"


def _purge_as(d: Device, tags: list[str]) -> dict[str, Any]:
    """A signed purge this device sends itself (any current member may send one)."""
    config = service.load_config(d.session)
    assert config is not None
    team = _team(d)
    statement = {"type": "purge", "device": config.device_id, "subjects": tags,
                 "nonce": os.urandom(8).hex()}  # fmt: skip
    with Transport(config.server, config.cert_pem, config.device_token, retry=FAST) as t:
        return t.purge(statement, b64(team.keys.sign_bytes(canonical(statement))))


def test_found_member_purging_the_team_tag_halts_withdrawals_for_good(team) -> None:  # type: ignore[no-untyped-def]
    a, b = team(2)
    x = a.add_client("Test Team Tag Found Sample")
    a.sync(), b.sync()
    ring = _team(b).ring
    assert ring is not None
    _purge_as(b, ring.all_tags(None))  # the tag every register statement is sealed under
    _consent(a, x, ConsentAction.WITHDRAW)
    failures = 0
    for _ in range(3):
        try:
            a.sync()
        except SyncError:
            failures += 1
    assert failures == 0


FOUND_RESHARE = "a member's withdrawal naming itself keeper takes the re-share from her keeper"


def test_found_member_withdrawal_naming_itself_keeper_blocks_her_keepers_reshare(team) -> None:  # type: ignore[no-untyped-def]
    a, b, c = team(3)  # a: admin; b keeps her; c: a hostile member
    x = b.add_client("Test Reshare Found Sample")
    b.sync(), a.sync(), c.sync()
    tc = _team(c)
    _push(c, [_statement(c, tc, x, register.WITHDRAWAL, _node(c), None, _counter(c) + 1)])
    a.sync(), b.sync()
    # A member may withdraw her (the safe direction), but her keeper is not its choice: every
    # laptop that holds her records the device that recorded her.
    for d in (a, b):
        entry = TeamStore(d.session).register_entry(x)
        assert entry is not None and entry.kind == register.WITHDRAWAL
        assert entry.keeper == _node(b)
    assert x not in a.names() and x in b.names()
    _push(c, [_statement(c, tc, x, register.RESHARE, _node(c), entry, _counter(c) + 2)])
    a.sync()
    assert x not in a.names()  # the member cannot share her again...
    _consent(b, x, ConsentAction.GRANT)  # ...her keeper can, when she agrees again
    b.sync(), a.sync()
    entry = TeamStore(b.session).register_entry(x)
    assert entry is not None and entry.kind == register.RESHARE and entry.keeper == _node(b)
    assert x in a.names()


def test_a_later_statement_cannot_change_her_keeper(team) -> None:  # type: ignore[no-untyped-def]
    """After a withdrawal and a re-share by her keeper, a member withdrawing her again naming
    itself does not become her keeper, and can never re-share her."""
    a, b, c = team(3)
    x = b.add_client("Test Keeper Chain Sample")
    b.sync(), a.sync(), c.sync()
    _consent(b, x, ConsentAction.WITHDRAW)
    b.sync()
    _consent(b, x, ConsentAction.GRANT)
    b.sync(), a.sync(), c.sync()
    tc = _team(c)
    current = TeamStore(c.session).register_entry(x)
    assert current is not None and current.kind == register.RESHARE
    n = _counter(c)
    _push(c, [_statement(c, tc, x, register.WITHDRAWAL, _node(c), current, n + 1)])
    a.sync(), b.sync()
    withdrawn = TeamStore(a.session).register_entry(x)
    assert withdrawn is not None and withdrawn.kind == register.WITHDRAWAL
    assert withdrawn.keeper == _node(b)
    assert x not in a.names() and x in b.names()
    _push(c, [_statement(c, tc, x, register.RESHARE, _node(c), withdrawn, n + 2)])
    a.sync()
    assert TeamStore(a.session).register_entry(x) == withdrawn


def test_the_office_reordering_writes_does_not_make_a_laptop_keep_a_withdrawn_client(
    team, office
) -> None:  # type: ignore[no-untyped-def]
    """Found by the independent attacker: the office put an honest member's edit of her before
    her creation, so an offline laptop took that member as her recorder and refused her
    keeper's withdrawal (keeping her). A withdrawal is never refused for the keeper it names."""
    a, k, n, y = team(4)
    for d in (a, k, n, y):
        d.sync()
    x = k.add_client("Test Reorder Keeper Sample")
    k.sync(), n.sync()
    repo = ClientRepository(n.session)
    repo.save(dataclasses.replace(repo.get(x, audit=False), pronouns="she/her"))
    n.sync()
    ring = _team(k).ring
    assert ring is not None
    tag = bytes.fromhex(ring.current.subject_tag(x))
    with _db_of(office) as db:  # the office moves the member's edit before her creation
        rows = db.execute(
            "SELECT seq, device_id FROM messages WHERE subject = ? ORDER BY seq", (tag,)
        ).fetchall()
        order = [r for r in rows if r[1] == _device_id(n)] + [
            r for r in rows if r[1] != _device_id(n)
        ]
        for seq, _dev in rows:
            db.execute("UPDATE messages SET seq = ? WHERE seq = ?", (-seq, seq))
        for target, (seq, _dev) in zip([r[0] for r in rows], order, strict=True):
            db.execute("UPDATE messages SET seq = ? WHERE seq = ?", (target, -seq))
    y.sync()
    assert x in y.names()
    assert TeamStore(y.session).creator_node(x) == _node(n)  # what the office made it believe
    _consent(k, x, ConsentAction.WITHDRAW)
    k.sync(), y.sync(), a.sync()
    assert x not in y.names() and x not in a.names() and x in k.names()


FOUND_CUTOFF_RACE = (
    "the cut-off is what the removing admin had pulled: laptops that pulled more keep it"
)


def test_found_removal_cutoff_from_the_admins_view_splits_honest_laptops(team) -> None:  # type: ignore[no-untyped-def]
    a, b, c = team(3)  # no hostile actor at all
    x = c.add_client("Test Cutoff Race Found Sample")
    c.sync(), a.sync(), b.sync()
    repo = ClientRepository(c.session)
    repo.save(dataclasses.replace(repo.get(x, audit=False), pronouns="she/her"))
    c.sync()  # pushed while C is still a member
    b.sync()  # B applies it
    service.remove_device(a.session, _device_id(c))  # A had not pulled it: cut-off below it
    a.sync(), b.sync(), a.sync()
    a_sees = ClientRepository(a.session).get(x, audit=False).pronouns
    b_sees = ClientRepository(b.session).get(x, audit=False).pronouns
    assert a_sees == b_sees  # A: None (refused past the cut-off), B: "she/her"


FOUND_DROPPED_STATEMENT = "a withdrawal the office acknowledged and then dropped is never re-sent"


def test_found_office_drops_an_acknowledged_withdrawal(team, office) -> None:  # type: ignore[no-untyped-def]
    a, b = team(2)
    x = a.add_client("Test Dropped Withdrawal Found Sample")
    a.sync(), b.sync()
    with _db_of(office) as db:
        before = db.execute("SELECT max(seq) FROM messages").fetchone()[0]
    _consent(a, x, ConsentAction.WITHDRAW)
    assert a.sync().statements_sent == 1
    with _db_of(office) as db:  # the office drops what it acknowledged (statement and marker)
        db.execute("DELETE FROM messages WHERE seq > ?", (before,))
    for _ in range(3):
        a.sync(), b.sync()
    assert x not in b.names()


def _db_of(office: Any) -> sqlite3.Connection:
    return sqlite3.connect(next(office.data_dir.glob("*.db")))


def test_the_office_delivering_her_withdrawal_and_reshare_after_her_record_loses_nothing(
    team, office
) -> None:  # type: ignore[no-untyped-def]
    """Found by the model's server actor (make soak): the office put her keeper's withdrawal
    and re-share after the record the keeper sent with the re-share, so a laptop applied her
    record, purged it at the withdrawal, took the re-share and held nothing. It now pulls again
    from the first write about her it had seen."""
    a, b, c = team(3)  # b keeps her
    x = b.add_client("Test Late Statements Sample")
    b.sync(), a.sync(), c.sync()
    with _db_of(office) as db:
        before = db.execute("SELECT max(seq) FROM messages").fetchone()[0]
    _consent(b, x, ConsentAction.WITHDRAW)
    b.sync()
    _consent(b, x, ConsentAction.GRANT)
    b.sync()  # the re-share, then her record with new stamps
    ring = _team(b).ring
    assert ring is not None
    hers = {bytes.fromhex(t) for t in ring.all_tags(x)}
    with _db_of(office) as db:  # her record first, then the statements (and the rest)
        rows = db.execute(
            "SELECT seq, subject FROM messages WHERE seq > ? AND kind = 'change' ORDER BY seq",
            (before,),
        ).fetchall()
        order = [r for r in rows if bytes(r[1]) in hers] + [
            r for r in rows if bytes(r[1]) not in hers
        ]
        for seq, _s in rows:
            db.execute("UPDATE messages SET seq = ? WHERE seq = ?", (-seq, seq))
        for target, (seq, _s) in zip([r[0] for r in rows], order, strict=True):
            db.execute("UPDATE messages SET seq = ? WHERE seq = ?", (target, -seq))
    c.sync()
    c.sync()  # pulls again from the first write about her it had seen
    assert x in c.names()
