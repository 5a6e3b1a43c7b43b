"""Issue 18's Why, laptop side, against a real server process and real vaults: what a member,
a removed laptop or the office could do with protocol v2 and cannot with v3 (the withdrawal
register, write counters and cut-offs, values checked before apply, exact re-sends)."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
import uuid
from typing import Any

import pytest

from exitdoors_desktop.core.consent import ConsentAction, ConsentMethod, ConsentScope
from exitdoors_desktop.core.errors import SyncError, SyncNetworkError
from exitdoors_desktop.storage.clients_repo import ClientRepository
from exitdoors_desktop.storage.program_repo import ConsentRepository
from exitdoors_desktop.storage.sync_store import SyncStore
from exitdoors_desktop.storage.team_store import TeamStore
from exitdoors_desktop.sync import envelope, service
from exitdoors_desktop.sync.engine import RemovedFromTeam
from exitdoors_desktop.sync.envelope import Sealed, message_id, seal
from exitdoors_desktop.sync.opening import register_subject
from exitdoors_desktop.sync.team import Team
from exitdoors_desktop.sync.transport import MembershipConflict, Transport
from exitdoors_protocol import register
from tests.sync.conftest import Device, OfficeServer, _today
from tests.sync.test_sync_trust import _push, _team  # the same helpers, one place


def _write(
    author: Device, team: Team, entity: str, row: str, subject: str | None,
    fields: dict[str, object], *, counter: int, hlc: str | None = None,
    view: list[object] | None = None,
) -> Sealed:  # fmt: skip
    """A write sealed and signed by ``author`` exactly as its laptop could (a hostile member
    or a removed laptop uses its own keys; nothing here is forged)."""
    assert team.ring is not None
    hlc = hlc or author.session.clock.now().encode()
    node = author.session.device_id
    payload = {"e": entity, "r": row, "h": hlc, "d": node, "u": None, "s": subject,
               "f": fields, "b": {}, "c": {}, "n": counter}  # fmt: skip
    if view is not None:
        payload["v"] = view
    keys = team.ring.current
    return seal(keys, team.keys, team.me, message_id(node, entity, row, hlc),
                keys.subject_tag(subject), payload)  # fmt: skip


def _statement(
    author: Device, team: Team, client: str, kind: str, keeper: str, current: Any, counter: int
) -> Sealed:
    assert team.ring is not None
    payload = register.statement(client, kind, keeper, current, "2026-05-01T00:00:00+00:00")
    entry = register.parse(payload, author.session.device_id)
    assert entry is not None
    keys = team.ring.current
    mid = message_id(author.session.device_id, "register", client, entry.hash)
    return seal(keys, team.keys, team.me, mid, keys.subject_tag(register_subject(entry.hash)),
                {**payload, "n": counter})  # fmt: skip


def _consent(d: Device, cid: str, action: ConsentAction) -> None:
    ConsentRepository(d.session).add(
        cid, ConsentScope.SHARE_WITH_OFFICE, action, _today(), ConsentMethod.WRITTEN
    )


def _db(office: OfficeServer) -> sqlite3.Connection:
    return sqlite3.connect(next(office.data_dir.glob("*.db")))


def _counter(d: Device) -> int:
    return int(str(d.session.conn.execute(
        "SELECT value FROM sync_state WHERE key = 'write_counter'").fetchone()[0]))  # fmt: skip


# -- Why 2 (a, c): a newcomer holds the register before it applies anything ---------------------
def test_a_newcomer_never_shows_a_withdrawn_client_whatever_the_office_sends(team, office) -> None:  # type: ignore[no-untyped-def]
    a, b = team(2)
    x = a.add_client("Test Newcomer Withdrawn Sample", legal_name="Test Legal Sample")
    a.sync(), b.sync()
    _consent(a, x, ConsentAction.WITHDRAW)
    a.sync()
    service.rotate_key(a.session)
    b.sync()
    # B's offline edit about her, sealed under the new epoch: the office has no tombstone for
    # that tag, and it re-inserts every message about her it had saved (it stays hostile).
    tb = _team(b)
    late = _write(b, tb, "client", x, x, {"pronouns": "she/her"}, counter=_counter(b) + 1)
    _push(b, [late])
    (d,) = team(1)[-1:]
    d.sync()
    assert x not in d.names()
    assert x in TeamStore(d.session).withdrawn()  # from the register sealed to it


# -- Why 2 (b, d): re-shares only by her keeper; synced consent rows make no statement ----------
def test_a_member_cannot_reshare_or_withdraw_through_a_synced_row(team, office) -> None:  # type: ignore[no-untyped-def]
    a, b, c = team(3)
    x = a.add_client("Test Keeper Sample")
    y = a.add_client("Test Synced Withdraw Sample")
    a.sync(), b.sync(), c.sync()
    _consent(a, x, ConsentAction.WITHDRAW)
    a.sync(), c.sync()
    assert x not in c.names()
    # B (a member, not her keeper) signs a re-share and pushes her record with a fresh grant.
    tb = _team(b)
    current = TeamStore(b.session).register_entry(x) or TeamStore(a.session).register_entry(x)
    assert current is not None
    n = _counter(b)
    reshare = _statement(b, tb, x, register.RESHARE, b.session.device_id, current, n + 1)
    grant = _write(b, tb, "consent", str(uuid.uuid4()), x,
                   {"client_id": x, "scope": "share_with_office", "action": "grant",
                    "date": "2026-05-02", "recorded_at": b.session.clock.now().encode(),
                    "method": "written", "witness": None, "partner_id": None, "deleted": False},
                   counter=n + 2)  # fmt: skip
    name = _write(b, tb, "client", x, x, {"preferred_name": "Test Back Sample"}, counter=n + 3)
    with _db(office) as db:  # the office helps it (or B alone suffices once it has no tombstones)
        db.execute("DELETE FROM tombstones")
    _push(b, [reshare, grant, name])
    report = c.sync()
    assert report.statements_refused == 1 and x not in c.names()
    assert a.sync().statements_refused == 1
    assert x in TeamStore(a.session).withdrawn()  # her keeper does not count her shareable
    # A synced withdraw row (B's consent write, no statement) makes A sign nothing.
    withdraw = _write(b, tb, "consent", str(uuid.uuid4()), y,
                      {"client_id": y, "scope": "share_with_office", "action": "withdraw",
                       "date": "2026-05-02", "recorded_at": b.session.clock.now().encode(),
                       "method": "written", "witness": None, "partner_id": None, "deleted": False},
                      counter=n + 4)  # fmt: skip
    _push(b, [withdraw])
    report = a.sync()
    assert report.statements_sent == 0 and TeamStore(a.session).register_entry(y) is None
    assert y in c.names() or c.sync() is not None


def test_a_grant_dated_2099_is_quarantined_and_a_synced_assignment_keeps_her_with_her_keeper(
    team, office
) -> None:  # type: ignore[no-untyped-def]
    a, b = team(2)
    x = a.add_client("Test Assignment Sample")
    a.sync(), b.sync()
    tb = _team(b)
    n = _counter(b)
    future = _write(b, tb, "consent", str(uuid.uuid4()), x,
                    {"client_id": x, "scope": "share_with_office", "action": "grant",
                     "date": "2099-01-01", "recorded_at": b.session.clock.now().encode(),
                     "method": "written", "witness": None, "partner_id": None, "deleted": False},
                    counter=n + 1)  # fmt: skip
    # B makes its own user "her worker" (an ordinary field)...
    steal = _write(b, tb, "client", x, x, {"assigned_worker": b.session.user_id}, counter=n + 2)
    _push(b, [future, steal])
    report = a.sync()
    assert report.quarantined == 1
    reason = service.status(a.session).last_quarantine_reason or ""
    assert "consent.date" in reason and "2099" not in reason
    # ...and still her creator's laptop keeps her when she withdraws there.
    _consent(a, x, ConsentAction.WITHDRAW)
    a.sync()
    assert x in a.names()


# -- Why 3: removed means removed ----------------------------------------------------------------
def test_a_removed_laptop_is_told_and_its_later_writes_are_refused(team, office, capsys) -> None:  # type: ignore[no-untyped-def]
    a, b, c = team(3)
    x = c.add_client("Test Before Removal Sample")
    c.sync(), a.sync(), b.sync()
    assert x in b.names()
    tc = _team(c)
    config = service.load_config(c.session)
    assert config is not None
    service.remove_device(a.session, config.device_id)
    # Its own round: told at once, nothing pushed.
    y = c.add_client("Test After Removal Sample")
    with pytest.raises(RemovedFromTeam):
        c.sync()
    assert TeamStore(c.session).withdrawn() == {} and y in c.names()  # keeps its records
    # A write it signs past its cut-off with its old key and the old epoch: refused everywhere.
    late = _write(c, tc, "client", x, x, {"pronouns": "after removal"}, counter=10**6)
    assert not _still_accepted(c)  # its token went with the removal
    with _db(office) as db:  # the office (or whoever holds its database) relays it anyway
        _insert_as(db, late, config.device_id)
    report = b.sync()
    assert report.refused_removed >= 1
    assert ClientRepository(b.session).get(x, audit=False).pronouns is None
    assert y not in b.names()


def test_a_removed_laptop_cannot_fill_a_counter_it_left_unused(team, office) -> None:  # type: ignore[no-untyped-def]
    """The removal names the counters of the removed laptop the admin had seen: one it skipped
    while a member (a gap below its cut-off) cannot carry a write after its removal, even to a
    laptop that never saw that counter."""
    a, b, c = team(3)
    x = c.add_client("Test Counter Gap Sample")
    c.sync(), a.sync(), b.sync()
    tc = _team(c)
    n = _counter(c)
    _push(c, [_write(c, tc, "client", x, x, {"pronouns": "she/her"}, counter=n + 2)])
    a.sync(), b.sync()
    config = service.load_config(c.session)
    assert config is not None
    service.remove_device(a.session, config.device_id)
    state = _team(a).state
    assert state is not None
    gone = state.members[config.device_id]
    assert gone.cutoff == n + 2 and gone.seen[-1] == (n + 2, n + 2)
    late = _write(c, tc, "client", x, x, {"pronouns": "AFTERCUT gap"}, counter=n + 1)
    with _db(office) as db:
        _insert_as(db, late, config.device_id)
    report = b.sync()
    assert report.refused_removed >= 1
    assert ClientRepository(b.session).get(x, audit=False).pronouns == "she/her"


def _still_accepted(d: Device) -> bool:
    try:
        _push(d, [])
    except Exception:  # noqa: BLE001 - a revoked token: the office refuses it
        return False
    return True


def _insert_as(db: sqlite3.Connection, s: Sealed, device_id: str) -> None:
    """The office relays a message as if ``device_id`` had pushed it."""
    _insert_row(db, {"id": uuid.UUID(s.id).bytes, "subject": bytes.fromhex(s.subject),
                     "key_id": s.key_id, "nonce": s.nonce, "ciphertext": s.ciphertext,
                     "kind": "change", "device_id": device_id, "received_at": 0})  # fmt: skip


def _insert_row(db: sqlite3.Connection, row: dict[str, Any]) -> None:
    """A row written straight into the office's message log, at the next sequence number."""
    seq = int(db.execute("SELECT last_seq FROM seq_counter WHERE id = 1").fetchone()[0]) + 1
    row = {**row, "seq": seq}
    marks = ",".join("?" * len(row))
    db.execute(f"INSERT INTO messages ({','.join(row)}) VALUES ({marks})", list(row.values()))  # noqa: S608
    db.execute("UPDATE seq_counter SET last_seq = ? WHERE id = 1", (seq,))


# -- Why 4: one value never halts the team -------------------------------------------------------
def test_out_of_range_values_and_runaway_clocks_are_quarantined_and_sync_goes_on(team) -> None:  # type: ignore[no-untyped-def]
    a, b = team(2)
    x = a.add_client("Test Halt Sample")
    a.sync(), b.sync()
    ta = _team(a)
    n = _counter(a)
    huge = _write(a, ta, "client", x, x, {"age": 2**64}, counter=n + 1)
    bad_date = _write(a, ta, "consent", str(uuid.uuid4()), x,
                      {"client_id": x, "scope": "share_with_office", "action": "grant",
                       "date": "2026-02-30", "recorded_at": a.session.clock.now().encode(),
                       "method": "written", "witness": None, "partner_id": None, "deleted": False},
                      counter=n + 2)  # fmt: skip
    ahead = a.session.clock.now()
    runaway = f"{ahead.millis + 23 * 3600 * 1000:015d}-999999-{a.session.device_id}"
    clock = _write(a, ta, "client", x, x, {"pronouns": "ahead"}, counter=n + 3, hlc=runaway)
    _push(a, [huge, bad_date, clock])
    _store_counter(a, n + 3)
    repo = ClientRepository(a.session)
    repo.save(dataclasses.replace(repo.get(x, audit=False), pronouns="she/her"))
    a.sync()
    report = b.sync()
    assert report.quarantined == 3
    assert ClientRepository(b.session).get(x, audit=False).pronouns == "she/her"
    # B's own clock was not dragged ahead: its stamps still decode everywhere.
    stamp = b.session.clock.now().encode()
    assert len(stamp.split("-")[1]) == 6
    assert b.sync().quarantined == 0


def _store_counter(d: Device, n: int) -> None:
    with d.session.transaction():
        d.session.conn.execute("UPDATE sync_state SET value = ? WHERE key = 'write_counter'",
                               (json.dumps(n),))  # fmt: skip


# -- Why 5: replays, and one signed membership event per index -----------------------------------
def test_a_replayed_withdrawal_does_not_erase_her_again_after_a_reshare(team, office) -> None:  # type: ignore[no-untyped-def]
    a, b = team(2)
    x = a.add_client("Test Replay Sample")
    a.sync(), b.sync()
    with _db(office) as db:
        before = db.execute("SELECT max(seq) FROM messages").fetchone()[0]
    _consent(a, x, ConsentAction.WITHDRAW)
    a.sync()
    with _db(office) as db:  # everything the withdrawal put on the office: marker, statement
        names = [r[1] for r in db.execute("PRAGMA table_info(messages)")]
        saved = db.execute("SELECT * FROM messages WHERE seq > ?", (before,)).fetchall()
    # Not the audit head records the round may also send (random ids; issue 18, Deliver 8).
    saved = [r for r in saved if r[names.index("kind")] != "change"
             or uuid.UUID(bytes=bytes(r[names.index("id")])).version == 5]  # fmt: skip
    assert saved
    b.sync()
    assert x not in b.names()
    _consent(a, x, ConsentAction.GRANT)
    a.sync(), b.sync()
    assert x in b.names()
    with _db(office) as db:  # the office replays them all under new sequence numbers
        for values in saved:
            row = dict(zip(names, values, strict=True))
            row.pop("seq")
            row["id"] = uuid.uuid4().bytes
            _insert_row(db, row)
    report = b.sync()
    assert x in b.names()
    # Nothing replayed is applied: the marker is ignored; the statement and A's beacon, under
    # ids that no longer match what they seal, are set aside.
    assert report.statements_refused + report.office_markers + report.quarantined >= len(saved)


def test_after_a_conflict_the_laptop_resends_the_same_signed_event(team, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    (a,) = team(1)
    team_a = _team(a)
    config = service.load_config(a.session)
    assert config is not None
    sent: list[bytes] = []
    real = Transport.append_membership

    def lying(self: Transport, index: int, event: dict[str, object]) -> dict[str, Any]:
        sent.append(json.dumps(event, sort_keys=True).encode())
        if len(sent) == 1:
            real(self, index, event)  # the office keeps it, then says "conflict"
            raise MembershipConflict("another admin changed the team at the same moment")
        return real(self, index, event)

    monkeypatch.setattr(Transport, "append_membership", lying)
    with Transport(config.server, config.cert_pem, config.device_token) as t:
        assert team_a.rotate(t) is False
        assert team_a.rotate(t) is False  # the earlier event is re-sent, not a second one
    assert len(set(sent)) == 1


# -- Why 8: a lost answer does not lose a withdrawal ---------------------------------------------
def test_a_lost_answer_to_her_first_push_does_not_lose_her_withdrawal(team, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    a, b = team(2)
    a.sync(), b.sync()
    x = a.add_client("Test Lost Answer Sample")
    real = Transport.sync
    calls = {"n": 0}

    def cut(self: Transport, body: dict[str, Any]) -> dict[str, Any]:
        answer = real(self, body)
        if body.get("messages"):
            calls["n"] += 1
            raise SyncNetworkError("the answer was lost")
        return answer

    monkeypatch.setattr(Transport, "sync", cut)
    with pytest.raises(SyncNetworkError):
        a.sync()
    monkeypatch.setattr(Transport, "sync", real)
    assert calls["n"] == 1
    b.sync()
    assert x in b.names()  # the office stored her push
    _consent(a, x, ConsentAction.WITHDRAW)
    report = a.sync()
    assert report.statements_sent == 1
    b.sync()
    assert x not in b.names()


def test_envelope_schema_is_unchanged_for_writes() -> None:
    assert envelope.SCHEMA_VERSION == 2


# -- Deliver 1: what remains possible, and its remedy ---------------------------------------------
def test_an_admin_reverts_what_a_member_wrote_since_a_date(team, capsys) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import PASSPHRASE, Cli

    a, b, c = team(3)
    x = a.add_client("Test Revert Sample")
    a.sync(), b.sync(), c.sync()
    repo = ClientRepository(b.session)
    repo.save(dataclasses.replace(repo.get(x, audit=False), preferred_name="Test Vandal Sample"))
    y = b.add_client("Test Junk Sample")
    b.sync(), a.sync()
    assert a.names()[x] == "Test Vandal Sample" and y in a.names()
    config = service.load_config(b.session)
    assert config is not None
    a.session.lock()
    cli = Cli(a.vault.data_dir, capsys)
    code, out, err = cli("sync", "revert", "--device", config.device_id, "--since", "2026-13-01",
                         "--passphrase-stdin", stdin=PASSPHRASE + "\n")  # fmt: skip
    assert code == 2 and "real date" in err
    code, out, err = cli("sync", "revert", "--device", config.device_id, "--since",
                         str(_today()), "--passphrase-stdin", stdin=PASSPHRASE + "\n")  # fmt: skip
    assert code == 0, err
    assert "Reverted 1 field(s)" in out
    a.session = a.vault.unlock("worker0", PASSPHRASE)
    assert a.names()[x] == "Test Revert Sample"
    assert "marked 1 row(s) it created deleted" in out or "marked" in out
    assert y not in a.names()
    a.sync(), c.sync()
    assert c.names()[x] == "Test Revert Sample" and y not in c.names()


def test_a_write_the_vault_cannot_store_is_quarantined_and_sync_goes_on(team) -> None:  # type: ignore[no-untyped-def]
    """Found by the independent attacker: a member's new `user` row holding only `deleted`
    passed every check, then failed NOT NULL inside the apply, every round."""
    a, b = team(2)
    x = a.add_client("Test Store Sample")
    a.sync(), b.sync()
    tb = _team(b)
    junk = _write(b, tb, "user", str(uuid.uuid4()), None, {"deleted": True},
                  counter=_counter(b) + 1)  # fmt: skip
    _push(b, [junk])
    _store_counter(b, _counter(b) + 1)
    repo = ClientRepository(b.session)
    repo.save(dataclasses.replace(repo.get(x, audit=False), pronouns="after the junk"))
    b.sync()
    for _ in (1, 2):
        a.sync()
    assert ClientRepository(a.session).get(x, audit=False).pronouns == "after the junk"
    assert "cannot be stored" in (service.status(a.session).last_quarantine_reason or "")
    assert service.status(a.session).last_error is None


def test_a_write_from_another_branch_of_the_team_log_stops_membership_actions(team) -> None:  # type: ignore[no-untyped-def]
    """Found by the independent attacker: two admins' events at one index, each branch shown
    to different laptops, went unnoticed. Writes now carry the signer's log head."""
    a, b = team(2)
    x = a.add_client("Test Fork Sample")
    a.sync(), b.sync()
    tb = _team(b)
    assert tb.state is not None
    honest = _write(b, tb, "client", x, x, {"pronouns": "she/her"}, counter=_counter(b) + 1,
                    view=[tb.state.length, tb.state.head])  # fmt: skip
    _push(b, [honest])
    a.sync()
    assert not service.status(a.session).team_log_forked
    other = _write(b, tb, "client", x, x, {"pronouns": "they/them"}, counter=_counter(b) + 2,
                   view=[tb.state.length, "ab" * 32])  # fmt: skip
    _push(b, [other])
    a.sync()
    assert service.status(a.session).team_log_forked
    with pytest.raises(SyncError, match="forked"):
        service.rotate_key(a.session)


def test_a_longer_team_log_seen_in_a_write_says_the_office_holds_back_changes(team) -> None:  # type: ignore[no-untyped-def]
    """Why 5: the office hides the newest membership event from one laptop."""
    a, b = team(2)
    x = a.add_client("Test Held Back Sample")
    a.sync(), b.sync()
    tb = _team(b)
    assert tb.state is not None
    ahead = _write(b, tb, "client", x, x, {"pronouns": "she/her"}, counter=_counter(b) + 1,
                   view=[tb.state.length + 2, "cd" * 32])  # fmt: skip
    _push(b, [ahead])
    a.sync()
    status = service.status(a.session)
    assert status.team_changes_held_back == 2 and not status.team_log_forked


def test_the_quarantine_keeps_at_most_its_cap_and_counts_the_rest(team, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from exitdoors_desktop.storage import team_store

    monkeypatch.setattr(team_store, "MAX_QUARANTINE", 2)
    (a,) = team(1)
    store = TeamStore(a.session)
    with a.session.transaction():
        dropped = store.quarantine([(f"m{i}", i, "junk", "{}") for i in range(5)], 2)
    assert dropped == 3
    assert a.session.conn.execute("SELECT count(*) FROM quarantine").fetchone() == (2,)
    overflow = a.session.conn.execute(
        "SELECT value FROM sync_state WHERE key = 'quarantine_overflow'").fetchone()  # fmt: skip
    assert overflow is not None and int(overflow[0]) == 3


# -- A member's purge of the office's copies (no withdrawal): her keeper restores them ----------
def test_her_keeper_restores_the_office_copy_a_member_purged_without_a_withdrawal(
    team, office
) -> None:  # type: ignore[no-untyped-def]
    from tests.sync.test_hostile_model import _purge_as

    a, b, c = team(3)  # a: admin; b keeps her; c: a hostile member
    x = b.add_client("Test Office Copy Sample")
    b.sync(), a.sync(), c.sync()
    ring = _team(c).ring
    assert ring is not None
    _purge_as(c, ring.all_tags(x))  # no statement: the team never withdrew her
    with _db(office) as db:
        assert db.execute("SELECT count(*) FROM tombstones").fetchone()[0] > 0
    repo = ClientRepository(b.session)
    repo.save(dataclasses.replace(repo.get(x, audit=False), pronouns="she/her"))
    first = b.sync()
    assert first.office_refuses == 1 and first.office_restored == 0  # wait one full round
    second = b.sync()
    assert second.office_restored == 1 and second.office_refuses == 0
    b.sync()
    a.sync()
    assert ClientRepository(a.session).get(x, audit=False).pronouns == "she/her"
    with _db(office) as db:
        assert db.execute("SELECT count(*) FROM tombstones").fetchone()[0] == 0
    # A withdrawal in the register is never undone this way.
    _consent(b, x, ConsentAction.WITHDRAW)
    b.sync()
    for _ in range(3):
        assert b.sync().office_restored == 0
    with _db(office) as db:
        assert db.execute("SELECT count(*) FROM tombstones").fetchone()[0] > 0


def test_a_removed_laptop_says_which_withdrawals_reached_the_team(team) -> None:  # type: ignore[no-untyped-def]
    a, b, c = team(3)
    x = a.add_client("Test Reached Withdrawal Sample")
    y = a.add_client("Test Redo Withdrawal Sample")
    a.sync(), c.sync()
    _consent(c, x, ConsentAction.WITHDRAW)
    c.sync()  # taken by the office, within the cut-off the admin will sign
    config = service.load_config(c.session)
    assert config is not None
    service.remove_device(a.session, config.device_id)
    _consent(c, y, ConsentAction.WITHDRAW)  # recorded after its removal: reaches nobody
    with pytest.raises(RemovedFromTeam, match=r"1 withdrawal\(s\) recorded here did not reach"):
        c.sync()
    assert service.status(c.session).withdrawals_to_redo == (y,)
    removed = SyncStore(c.session).get("removed")
    assert isinstance(removed, dict) and removed["withdrawals_reached"] == [x]
    b.sync()
    assert x not in b.names() and y in b.names()


def test_a_payload_nested_deeper_than_the_parser_goes_is_quarantined(team) -> None:  # type: ignore[no-untyped-def]
    """Found by the independent attacker: a tiny compressed payload of 200,000 nested lists
    made json.loads raise RecursionError in every round of every laptop."""
    import os
    import struct
    import zlib

    from exitdoors_desktop.sync.envelope import NONCE_BYTES, aad, bucket, label

    a, b = team(2)
    a.sync(), b.sync()
    tb = _team(b)
    assert tb.ring is not None
    keys = tb.ring.current
    mid, subject, key_label = str(uuid.uuid4()), keys.subject_tag(None), label(keys.epoch)
    associated = aad(mid, subject, key_label)
    body = zlib.compress(b"[" * 200_000 + b"]" * 200_000, 9)
    who = tb.me.encode()
    inner = (struct.pack(">B", len(who)) + who + tb.keys.sign_bytes(associated + body)
             + struct.pack(">I", len(body)) + body)  # fmt: skip
    inner += bytes(bucket(len(inner)) - len(inner))
    nonce = os.urandom(NONCE_BYTES)
    _push(b, [envelope.Sealed(mid, subject, key_label, nonce,
                              keys.aead.encrypt(nonce, inner, associated))])  # fmt: skip
    x = b.add_client("Test After Nesting Sample")
    b.sync()
    report = a.sync()
    assert report.quarantined == 1 and x in a.names()
    assert a.sync().quarantined == 0


def test_a_write_to_her_row_claiming_another_client_is_set_aside(team) -> None:  # type: ignore[no-untyped-def]
    """Found by the independent attacker: an edit of a withdrawn client's consent row that
    left out client_id and named another (shared) client was applied on her keeper's laptop."""
    a, b, c = team(3)  # b keeps her; c: a hostile member
    x = b.add_client("Test Relabel Kept Sample")
    d = b.add_client("Test Relabel Other Sample")
    _consent(b, x, ConsentAction.GRANT)
    b.sync(), a.sync(), c.sync()
    (row,) = b.session.conn.execute(
        "SELECT id FROM consents WHERE client_id = ? AND deleted = 0", (x,)
    ).fetchone()
    _consent(b, x, ConsentAction.WITHDRAW)
    b.sync(), c.sync()
    tc = _team(c)
    n = _counter(c)
    relabelled = _write(c, tc, "consent", row, d, {"deleted": True}, counter=n + 1)
    moved = _write(c, tc, "consent", row, d, {"client_id": d, "deleted": True}, counter=n + 2)
    _push(c, [relabelled, moved])
    report = b.sync()
    assert report.quarantined == 2
    assert b.session.conn.execute(
        "SELECT client_id, deleted FROM consents WHERE id = ?", (row,)
    ).fetchone() == (x, 0)


# -- A member's purge of a tag that is no client's (found by the fourth independent attacker) ----
def test_a_member_purging_the_team_tag_does_not_halt_anyones_rounds(team) -> None:  # type: ignore[no-untyped-def]
    from exitdoors_desktop.core.entities import PartnerAgency
    from exitdoors_desktop.storage.program_repo import PartnerRepository
    from tests.sync.test_hostile_model import _purge_as

    a, b, c = team(3)  # c: a hostile member
    a.sync(), b.sync(), c.sync()
    ring = _team(c).ring
    assert ring is not None
    _purge_as(c, ring.all_tags(None))  # the tag every team-level write travels under
    partner = PartnerAgency(
        id=str(uuid.uuid4()), name="Test Partner Sample", service_types=frozenset()
    )
    PartnerRepository(a.session).save(partner)
    x = a.add_client("Test After Team Tag Sample")
    report = a.sync()  # lifts the tombstone (signed re-share request) and sends again
    assert report.office_lifted >= 1 and report.office_refuses_team == 0
    b.sync()
    assert x in b.names()
    assert [p.name for p, _c, _n in PartnerRepository(b.session).all()] == ["Test Partner Sample"]


def test_a_member_purging_a_sent_withdrawal_cannot_keep_her_on_other_laptops(team, office) -> None:  # type: ignore[no-untyped-def]
    from tests.sync.test_hostile_model import _purge_as

    a, b, c = team(3)  # c: a hostile member
    x = a.add_client("Test Purged Statement Sample")
    a.sync(), b.sync(), c.sync()
    _consent(a, x, ConsentAction.WITHDRAW)
    a.sync()  # the office takes the statement
    (wire,) = a.session.conn.execute(
        "SELECT wire FROM register WHERE client_id = ? AND wire IS NOT NULL", (x,)
    ).fetchone()
    _purge_as(c, [json.loads(wire)["subject"]])  # its tag is in clear once it is stored
    y = a.add_client("Test Later Sample")
    for _ in range(2):
        a.sync()  # re-sent (not yet in b's view): the tombstone is lifted, it goes again
    b.sync()
    assert x not in b.names() and y in b.names()


# -- Found by the fifth independent attacker ----------------------------------------------------
def test_a_refusal_naming_nothing_sent_ends_the_round_with_its_error(team, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from exitdoors_desktop.sync import transport as transport_mod

    a, b = team(2)
    a.sync(), b.sync()
    b.add_client("Test Spin Sample")
    real = transport_mod.Transport.sync
    calls = {"n": 0}

    def hostile(self, body):  # type: ignore[no-untyped-def]
        if body.get("messages"):
            calls["n"] += 1
            assert calls["n"] < 50, "the same batch was sent again and again"
            raise transport_mod.SubjectWithdrawn("refused", [], ["no-such-id"])
        return real(self, body)

    monkeypatch.setattr(transport_mod.Transport, "sync", hostile)
    with pytest.raises(transport_mod.SubjectWithdrawn):
        b.sync()
    assert calls["n"] <= 3


def test_a_reshare_sent_again_sends_her_record_again_only_once(team) -> None:  # type: ignore[no-untyped-def]
    a, b, c = team(3)  # a keeps her; c stays away, so its view never holds the re-share
    x = a.add_client("Test Restamp Once Sample")
    a.sync(), b.sync(), c.sync()
    _consent(a, x, ConsentAction.WITHDRAW)
    a.sync(), b.sync()
    _consent(a, x, ConsentAction.GRANT)
    a.sync(), b.sync()
    rows = []
    for _ in range(4):
        a.sync()
        rows.append(a.session.conn.execute(
            "SELECT count(*) FROM changes WHERE subject = ?", (x,)).fetchone()[0])  # fmt: skip
    assert rows[-1] == rows[-2] == rows[-3]  # not rewritten each round
