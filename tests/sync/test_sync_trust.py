"""Issue 11's attacks, each against a real office server and real vaults (protocol v2):
forged writes, messages from a newer version, wipes, a server that tampers with the team's
membership log, revocation and rotation, authorised purges, withdrawals that hold, and what
the server's database can still tell."""

from __future__ import annotations

import base64
import dataclasses
import json
import sqlite3
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest

from exitdoors_desktop.core.errors import SyncError
from exitdoors_desktop.storage import entities
from exitdoors_desktop.storage.clients_repo import ClientRepository
from exitdoors_desktop.storage.vault import Vault
from exitdoors_desktop.sync import envelope, service
from exitdoors_desktop.sync.engine import RemovedFromTeam
from exitdoors_desktop.sync.envelope import EnvelopeError, Sealed, message_id, open_sealed, seal
from exitdoors_desktop.sync.identity import DeviceKeys
from exitdoors_desktop.sync.invite import read_invite
from exitdoors_desktop.sync.team import Team, TeamLogError
from exitdoors_desktop.sync.transport import RevokedError, Transport
from tests.conftest import CHEAP, PASSPHRASE
from tests.server.conftest import canonical, enroll_body
from tests.sync.conftest import Device, OfficeServer, _today


def _team(d: Device) -> Team:
    config = service.load_config(d.session)
    assert config is not None
    return service._team(d.session, config)


def _push(d: Device, sealed: list[Sealed]) -> dict[str, Any]:
    config = service.load_config(d.session)
    assert config is not None
    wire = [
        {"id": s.id, "subject": s.subject, "key_id": s.key_id,
         "nonce": base64.b64encode(s.nonce).decode(),
         "ciphertext": base64.b64encode(s.ciphertext).decode()}
        for s in sealed
    ]  # fmt: skip
    with Transport(config.server, config.cert_pem, config.device_token) as t:
        return t.sync({"version": 3, "cursor": 0, "messages": wire, "pull_limit": 1,
                       "membership_from": 0})  # fmt: skip


def _write(
    author: Device, team: Team, cid: str, fields: dict[str, object], *, signer: str | None = None,
    keys: DeviceKeys | None = None, schema: int = envelope.SCHEMA_VERSION, counter: int = 10**6,
) -> Sealed:  # fmt: skip
    """A client write as ``author``'s laptop would seal it (or forged, with another signer)."""
    assert team.ring is not None
    hlc = author.session.clock.now().encode()
    node = author.session.device_id
    payload = {"e": "client", "r": cid, "h": hlc, "d": node, "u": None, "s": cid, "f": fields,
               "b": {}, "c": {}, "n": counter}  # fmt: skip
    keys_now = team.ring.current
    mid = message_id(node, "client", cid, hlc)
    return seal(keys_now, keys or team.keys, signer or team.me, mid, keys_now.subject_tag(cid),
                payload, schema)  # fmt: skip


def _server_db(office: OfficeServer) -> sqlite3.Connection:
    return sqlite3.connect(next(office.data_dir.glob("*.db")))


def _name(d: Device, cid: str) -> str | None:
    return d.names().get(cid)


# -- P1: signed envelopes ------------------------------------------------------------------------
def test_forged_writes_are_quarantined_not_applied(team) -> None:  # type: ignore[no-untyped-def]
    a, b, c = team(3)
    cid = a.add_client("Test Forge Sample")
    a.sync(), b.sync(), c.sync()
    ta, tb = _team(a), _team(b)
    # B holds the epoch key and claims to be A (signs with its own key): wrong signer.
    as_a = _write(a, tb, cid, {"preferred_name": "Forged One"}, signer=ta.me, keys=tb.keys)
    # B signs honestly as B, but the write inside says A wrote it: author != signer.
    author_a = _write(a, tb, cid, {"preferred_name": "Forged Two"})
    # A key holder outside the team signs with a fresh key.
    stranger = _write(b, tb, cid, {"preferred_name": "Forged Three"}, signer=str(uuid.uuid4()),
                      keys=DeviceKeys.generate())  # fmt: skip
    assert len(_push(b, [as_a, author_a, stranger])["accepted"]) == 3
    report = c.sync()
    assert report.quarantined == 3 and report.pulled == 0
    assert _name(c, cid) == "Test Forge Sample"
    reasons = {r[1] for r in c.session.conn.execute("SELECT id, reason FROM quarantine")}
    assert reasons == {
        "its signature does not verify",
        "the author inside is not the device that signed it",
        "its signer is not a team member",
    }
    # An honest write still applies, after the forged ones.
    honest = _write(b, tb, cid, {"preferred_name": "Test Honest Sample"})
    _push(b, [honest])
    assert c.sync().pulled == 1 and _name(c, cid) == "Test Honest Sample"


# -- P2: never halt --------------------------------------------------------------------------------
def test_a_message_from_the_next_version_is_quarantined_then_applied_after_upgrade(
    team, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    a, b = team(2)
    cid = a.add_client("Test Future Sample")
    a.sync(), b.sync()
    ta = _team(a)
    future = _write(a, ta, cid, {"favourite_colour": "teal"}, schema=envelope.SCHEMA_VERSION + 1)
    unknown = _write(a, ta, cid, {"shoe_size": 7})  # this version's schema, unknown field
    _push(a, [future, unknown])
    client = ClientRepository(a.session).get(cid, audit=False)
    ClientRepository(a.session).save(dataclasses.replace(client, pronouns="she/her"))
    report = a.sync()
    report = b.sync()  # neither stops sync: the cursor moves on, later writes apply
    assert report.quarantined == 2
    assert ClientRepository(b.session).get(cid, audit=False).pronouns == "she/her"
    st = service.status(b.session)
    assert st.quarantined == 2 and st.last_quarantine_reason is not None
    assert "no field" in st.last_quarantine_reason or "newer schema" in st.last_quarantine_reason
    assert b.sync().quarantined == 0  # not counted again, not re-pulled
    # The upgrade: this app now knows schema 3 and the clients table has the new column.
    spec = entities.REGISTRY["client"]
    newer = dataclasses.replace(spec, fields=(*spec.fields, "favourite_colour"))
    monkeypatch.setitem(entities.REGISTRY, "client", newer)
    from exitdoors_desktop.storage import wire_values

    rules = {**wire_values.RULES["client"], "favourite_colour": wire_values._SHORT}
    monkeypatch.setitem(wire_values.RULES, "client", rules)
    monkeypatch.setattr(envelope, "SCHEMA_VERSION", envelope.SCHEMA_VERSION + 1)
    b.session.conn.execute("ALTER TABLE clients ADD COLUMN favourite_colour TEXT")
    report = b.sync()
    assert report.released == 1
    row = b.session.conn.execute("SELECT favourite_colour FROM clients WHERE id = ?", (cid,))
    assert row.fetchone() == ("teal",)
    st = service.status(b.session)
    assert st.quarantined == 1 and "shoe_size" in str(st.last_quarantine_reason)


# -- P3: signed wipes only ---------------------------------------------------------------------
def test_only_an_admin_signed_wipe_addressed_here_wipes(team, office) -> None:  # type: ignore[no-untyped-def]
    a, b, c = team(3)
    cid = a.add_client("Test Wipe Sample")
    a.sync(), b.sync(), c.sync()
    ta, tb, tc = _team(a), _team(b), _team(c)
    config_b = service.load_config(b.session)
    assert config_b is not None
    forged = ta.signed_wipe(tc.me)
    forged["command"]["nonce"] = "00"  # altered after signing
    relayed = [
        tb.signed_wipe(tc.me),  # signed, but by a member, not an admin
        ta.signed_wipe(tb.me),  # an admin's, addressed to another laptop
        forged,
        {"type": "wipe"},  # what v1 obeyed
    ]
    with Transport(config_b.server, config_b.cert_pem, config_b.device_token) as t:
        with pytest.raises(SyncError):  # the office now refuses commands from a non-admin
            t.send_command(tc.me, relayed[0])
    with _server_db(office) as db:  # so a hostile office queues them itself
        db.executemany(
            "INSERT INTO commands (device_id, body, issued_by, at) VALUES (?,?,?,0)",
            [(tc.me, json.dumps(c), tb.me) for c in relayed],
        )
    report = c.sync()
    assert report.ignored_commands == 4
    assert cid in c.names() and c.vault.key_path.exists()
    assert service.status(c.session).ignored_commands == 4
    service.remove_device(a.session, tc.me, wipe=True)
    with pytest.raises(RevokedError) as info:
        c.sync()
    assert info.value.wipe is True


# -- P5: the membership log cannot be tampered with by the server --------------------------------
def _events(office: OfficeServer) -> list[tuple[int, str]]:
    with _server_db(office) as db:
        return list(db.execute("SELECT idx, event FROM membership ORDER BY idx"))


def _set_events(office: OfficeServer, rows: list[tuple[int, str]]) -> None:
    db = _server_db(office)
    with db:
        db.execute("DELETE FROM membership")
        db.executemany(
            "INSERT INTO membership (idx, event, device_id, received_at) VALUES (?, ?, 'x', 0)",
            rows,
        )
    db.close()


def test_a_server_that_drops_reorders_or_alters_team_events_is_refused(
    team, office, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    a, b, c = team(3)
    a.sync(), b.sync()  # c has not read the log yet
    rows = _events(office)
    assert [i for i, _ in rows] == [0, 1, 2]
    # Altered: a device's name (or keys) changed in event 2.
    altered = json.loads(rows[2][1])
    altered["body"]["name"] = "laptop 9"
    _set_events(office, [*rows[:2], (2, json.dumps(altered))])
    for device in (b, c):
        with pytest.raises(TeamLogError, match="altered|does not verify"):
            device.sync()
    # Reordered: events 1 and 2 swapped.
    _set_events(office, [rows[0], (1, rows[2][1]), (2, rows[1][1])])
    for device in (b, c):
        with pytest.raises(TeamLogError, match="reordered"):
            device.sync()
    assert service.status(c.session).last_error == "sync_team_log"
    # Dropped: the last event is gone (or one in the middle).
    _set_events(office, rows[:2])
    with pytest.raises(TeamLogError, match="dropped"):
        a.sync()
    _set_events(office, [rows[0], (1, rows[2][1])])
    with pytest.raises(TeamLogError, match="dropped|reordered"):
        c.sync()
    _set_events(office, rows)  # the honest log again: everyone syncs
    a.sync(), b.sync(), c.sync()


# -- P6: revocation rotates the key ------------------------------------------------------------------
def test_removal_rotates_and_the_removed_vault_reads_nothing_after(
    team, office, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    a, b, c = team(3)
    a.sync(), b.sync(), c.sync()
    tc = _team(c)
    assert tc.ring is not None and [k.epoch for k in tc.ring.epochs()] == [0]
    office.cli("revoke", tc.me)
    report = a.sync()  # the office's own flag removes nobody (the attacker's B1)
    assert report.team_events == 0 and service.status(a.session).epoch == 0
    service.remove_device(a.session, tc.me)  # an admin's signed removal does
    assert service.status(a.session).epoch == 1
    cid = a.add_client("Test After Rotation Sample")
    a.sync(), b.sync()
    assert cid in b.names()  # the remaining laptops keep converging
    b_client = ClientRepository(b.session).get(cid, audit=False)
    ClientRepository(b.session).save(dataclasses.replace(b_client, pronouns="they/them"))
    b.sync(), a.sync()
    assert ClientRepository(a.session).get(cid, audit=False).pronouns == "they/them"
    with _server_db(office) as db:
        after = [
            Sealed(str(uuid.UUID(bytes=r[0])), r[1].hex(), r[2], r[3], r[4])
            for r in db.execute(
                "SELECT id, subject, key_id, nonce, ciphertext FROM messages WHERE kind = 'change'"
                " AND key_id = 'e1s2'"
            )
        ]
    assert len(after) >= 3
    for sealed in after:  # the revoked vault's own keys open none of them
        with pytest.raises(EnvelopeError):
            open_sealed(tc.ring, sealed)
    with pytest.raises(RemovedFromTeam):  # told by the admin-signed event the 401 carries
        c.sync()
    info = service.team_info(a.session)
    assert info.epoch == 1 and {d.device: d.current for d in info.devices} == {
        _team(a).me: True, _team(b).me: True, tc.me: False,
    }  # fmt: skip


def test_a_stolen_used_invite_and_its_passphrase_give_nothing(team, office, tmp_path) -> None:  # type: ignore[no-untyped-def]
    (a,) = team(1)
    a.add_client("Test Invite Sample")
    a.sync()
    invite = tmp_path / "invite.json"
    words = service.make_invite(a.session, office.token(), invite, memory_kib=8192, iterations=1)
    opened = read_invite(invite, words)
    assert not any("key" in f.name and f.name != "join_secret"
                   for f in dataclasses.fields(opened))  # fmt: skip
    assert len(json.loads(invite.read_text())["ciphertext"]) < 600  # no key ring inside
    newcomer = Vault(tmp_path / "newcomer").create("bea", PASSPHRASE, kdf=CHEAP)[0]
    thief = Vault(tmp_path / "thief").create("eve", PASSPHRASE, kdf=CHEAP)[0]
    try:
        service.join(newcomer, invite, words)
        with pytest.raises(SyncError, match="token_used"):
            service.join(thief, invite, words)
        assert service.load_config(thief) is None
    finally:
        newcomer.lock()
        thief.lock()


# -- P4: authorised purges and withdrawals that hold ------------------------------------------------
def _withdraw(d: Device, cid: str) -> None:
    from exitdoors_desktop.core.consent import ConsentAction, ConsentMethod, ConsentScope
    from exitdoors_desktop.storage.program_repo import ConsentRepository

    ConsentRepository(d.session).add(cid, ConsentScope.SHARE_WITH_OFFICE,
                                     ConsentAction.WITHDRAW, _today(), ConsentMethod.VERBAL)  # fmt: skip


def _tags(d: Device, cid: str) -> list[str]:
    ring = _team(d).ring
    assert ring is not None
    return ring.all_tags(cid)


def _rows_under(office: OfficeServer, tags: list[str]) -> int:
    with _server_db(office) as db:
        marks = ",".join("?" * len(tags))
        return int(db.execute(
            f"SELECT count(*) FROM messages WHERE kind = 'change' AND subject IN ({marks})",  # noqa: S608
            [bytes.fromhex(t) for t in tags],
        ).fetchone()[0])  # fmt: skip


def test_purges_need_a_team_devices_signature_and_only_her_keeper_keeps_her(team, office) -> None:  # type: ignore[no-untyped-def]
    a, b, c = team(3)
    x = a.add_client("Test Purge Sample", assigned_worker=b.session.user_id)
    y = a.add_client("Test Other Sample")
    a.sync(), b.sync(), c.sync()
    tags = _tags(a, x) + _tags(a, y)
    rows_before = _rows_under(office, tags)
    # Issue 11, point 1: a device token alone (an enrolled device never let in), no signature.
    with httpx.Client(verify=False, base_url=office.url) as http:  # noqa: S501 - attacker
        keys = DeviceKeys.generate()
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        rogue_key = Ed25519PrivateKey.generate()
        rogue = http.post("/v2/enroll", json=enroll_body(office.token(), "rogue", rogue_key))
        auth = {"Authorization": f"Bearer {rogue.json()['device_token']}"}
        statement = {"type": "purge", "device": rogue.json()["device_id"], "subjects": tags,
                     "nonce": "n1"}  # fmt: skip
        signed = {
            "statement": statement,
            "sig": base64.b64encode(rogue_key.sign(canonical(statement))).decode(),
        }
        as_a = {"statement": {**statement, "device": _team(a).me},
                "sig": base64.b64encode(keys.sign_bytes(b"x")).decode()}  # fmt: skip
        for body in ({"subjects": tags}, as_a, signed):
            response = http.post("/v2/subjects/purge", json=body, headers=auth)
            assert response.status_code in (403, 422), response.text
    # A revoked laptop's token and signature count for nothing either.
    tc = _team(c)
    office.cli("revoke", tc.me)
    config_c = service.load_config(c.session)
    assert config_c is not None
    with Transport(config_c.server, config_c.cert_pem, config_c.device_token) as t:
        with pytest.raises(RevokedError):
            statement = {"type": "purge", "device": tc.me, "subjects": tags, "nonce": "n2"}
            t.purge(statement, base64.b64encode(tc.keys.sign_bytes(canonical(statement))).decode())
    assert _rows_under(office, tags) == rows_before  # nothing deleted on the server
    a.sync(), b.sync()
    assert {x, y} <= set(a.names()) and {x, y} <= set(b.names())  # nor anywhere else
    # The real thing: consent withdrawn on A; A signs the purge.
    _withdraw(a, x)
    assert a.sync().purges_sent == 1
    assert _rows_under(office, _tags(a, x)) == 0
    b.sync()
    # A synced assignment decides nothing (any member can write it): only her keeper, the
    # laptop that recorded her, keeps her.
    assert x not in b.names() and x in a.names()
    assert service.status(a.session).kept_here_only == 1
    assert y in b.names()


def test_a_withdrawal_holds_against_an_offline_edit(team, office) -> None:  # type: ignore[no-untyped-def]
    """Issue 11, point 2: C, offline with an edit to X, syncs after A withdrew X's consent."""
    a, b, c = team(3)
    x = a.add_client("Test Resurrect Sample")
    a.sync(), b.sync(), c.sync()
    repo = ClientRepository(c.session)
    repo.save(dataclasses.replace(repo.get(x, audit=False), pronouns="edited offline"))
    _withdraw(a, x)
    a.sync()
    c.sync()
    b.sync()
    for _ in range(2):
        a.sync(), c.sync(), b.sync()
    assert x not in b.names() and x not in c.names()
    assert x in a.names()  # where her consent was recorded
    assert _rows_under(office, _tags(a, x)) == 0
    # Writes about her that C still had queued never left; nothing about her waits there.
    assert c.session.conn.execute(
        "SELECT count(*) FROM changes WHERE subject = ?", (x,)
    ).fetchone() == (0,)
    # The server refuses later pushes under her tags (409) until a signed re-share.
    tb = _team(b)
    stray = _write(b, tb, x, {"pronouns": "stray"})
    with pytest.raises(SyncError, match="withdrew consent"):
        _push(b, [stray])


# -- what the server's database can still tell -------------------------------------------------------
def test_the_server_db_holds_no_clock_no_author_and_only_bucket_sizes(team, office) -> None:  # type: ignore[no-untyped-def]
    a, b = team(2)
    for i in range(3):
        a.add_client(f"Test Bucket Sample {i}", safe_contact_notes="n" * (i * 700))
    a.sync(), b.sync()
    with _server_db(office) as db:
        columns = {r[1] for r in db.execute("PRAGMA table_info(messages)")}
        rows = db.execute(
            "SELECT key_id, ciphertext FROM messages WHERE kind = 'change'"
        ).fetchall()
    assert "hlc" not in columns
    sizes = {len(ct) - 16 for _k, ct in rows}
    assert all(s >= 256 and s & (s - 1) == 0 for s in sizes), sizes
    assert len(sizes) >= 2
    assert {k for k, _ in rows} == {"e0s2"}
    with _server_db(office) as db:
        blob = b"".join(
            b"|".join(v if isinstance(v, bytes) else str(v).encode() for v in r)
            for r in db.execute("SELECT * FROM messages")
        )
    for d in (a, b):
        assert d.session.device_id.encode() not in blob  # no author (vault) id, no stamps
        stamp = d.session.clock.now().encode()
        assert stamp[:8].encode() not in blob


def test_a_withdrawal_reaches_the_team_even_if_the_office_drops_its_purge_marker(
    team, office
) -> None:  # type: ignore[no-untyped-def]
    """The office deletes its own purge markers: the signed register statement still reaches C
    and B (laptops never obeyed the markers); C's queued edit about her is never sent."""
    a, b, c = team(3)
    x = a.add_client("Test Tombstone Sample")
    keep = a.add_client("Test Keep Sample")
    a.sync(), b.sync(), c.sync()
    _withdraw(a, x)
    a.sync()
    with _server_db(office) as db:
        db.execute("DELETE FROM messages WHERE kind = 'purge'")
    repo = ClientRepository(c.session)
    repo.save(dataclasses.replace(repo.get(x, audit=False), pronouns="after withdrawal"))
    repo.save(dataclasses.replace(repo.get(keep, audit=False), pronouns="still shared"))
    report = c.sync()
    assert report.purged_here == 1 and report.statements_received == 1
    assert x not in c.names()
    assert c.sync().pushed == 0  # nothing about her waits to be sent again
    b.sync()
    assert x not in b.names()
    assert ClientRepository(b.session).get(keep, audit=False).pronouns == "still shared"
    assert _rows_under(office, _tags(a, x)) == 0


def test_consent_given_again_lifts_the_tombstone_by_a_signed_reshare(team, office) -> None:  # type: ignore[no-untyped-def]
    from exitdoors_desktop.core.consent import ConsentAction, ConsentMethod, ConsentScope
    from exitdoors_desktop.storage.program_repo import ConsentRepository

    a, b = team(2)
    x = a.add_client("Test Reshare Sample")
    a.sync(), b.sync()
    _withdraw(a, x)
    a.sync(), b.sync()
    assert x not in b.names()
    ConsentRepository(a.session).add(
        x, ConsentScope.SHARE_WITH_OFFICE, ConsentAction.GRANT, _today(), ConsentMethod.WRITTEN
    )
    report = a.sync()  # signs a re-share, then sends her records again
    assert report.pushed > 0
    with _server_db(office) as db:
        assert db.execute("SELECT count(*) FROM tombstones").fetchone() == (0,)
    assert _rows_under(office, _tags(a, x)) > 0  # the office holds her again
    b.sync()
    assert b.names()[x] == "Test Reshare Sample"  # the signed re-share let her in again
    assert service.status(b.session).kept_here_only == 0
