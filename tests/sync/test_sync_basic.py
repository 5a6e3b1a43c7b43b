"""Two or three devices and a real server: convergence, consent gate, purge, revocation."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from exitdoors_desktop.core.consent import ConsentAction, ConsentMethod, ConsentScope
from exitdoors_desktop.core.errors import SyncCertificateError
from exitdoors_desktop.core.people import Client
from exitdoors_desktop.storage.clients_repo import ClientRepository
from exitdoors_desktop.storage.program_repo import ConsentRepository
from exitdoors_desktop.storage.vault import Vault
from exitdoors_desktop.sync import service
from tests.conftest import CHEAP, PASSPHRASE
from tests.sync.conftest import _today


def test_two_devices_share_a_consenting_client(team) -> None:  # type: ignore[no-untyped-def]
    a, b = team(2)
    cid = a.add_client("Test Aurora Example")
    report = a.sync()
    assert report.pushed > 0 and report.held == 0
    report = b.sync()
    assert report.pulled > 0
    assert b.names()[cid] == "Test Aurora Example"
    # An edit on B comes back to A.
    client = ClientRepository(b.session).get(cid, audit=False)
    ClientRepository(b.session).save(Client(**{**client.__dict__, "pronouns": "she/her"}))
    b.sync()
    a.sync()
    assert ClientRepository(a.session).get(cid, audit=False).pronouns == "she/her"
    # An idle round is a single request.
    assert a.sync().requests == 1


def test_non_consenting_client_never_leaves(team, office) -> None:  # type: ignore[no-untyped-def]
    a, b = team(2)
    marker = "ZqMarkerNoConsent42"
    cid = a.add_client(f"{marker} name", share=False, pronouns=marker)
    report = a.sync()
    assert report.held > 0 and report.held_clients == 1
    b.sync()
    assert cid not in b.names()
    st = service.status(a.session)
    assert st.held > 0 and st.held_clients == 1
    # Consent given: the held changes go out.
    ConsentRepository(a.session).add(cid, ConsentScope.SHARE_WITH_OFFICE, ConsentAction.GRANT,
                                     _today(), ConsentMethod.VERBAL)  # fmt: skip
    assert a.sync().held == 0
    b.sync()
    assert b.names()[cid] == f"{marker} name"
    data = b"".join(p.read_bytes() for p in office.data_dir.rglob("*") if p.is_file())
    assert marker.encode() not in data


def test_withdrawal_purges_server_and_other_devices(team, office) -> None:  # type: ignore[no-untyped-def]
    a, b, c = team(3)
    cid = a.add_client("Test Withdrawn Sample")
    keep = a.add_client("Test Staying Sample")
    a.sync(), b.sync(), c.sync()
    assert cid in b.names() and cid in c.names()
    ConsentRepository(a.session).add(cid, ConsentScope.SHARE_WITH_OFFICE, ConsentAction.WITHDRAW,
                                     _today(), ConsentMethod.VERBAL)  # fmt: skip
    report = a.sync()
    assert report.purges_sent == 1
    b.sync(), c.sync()
    assert cid not in b.names() and cid not in c.names()
    assert keep in b.names() and keep in c.names()
    assert cid in a.names()  # her own worker keeps the record (stored on device)
    left = b.session.conn.execute(
        "SELECT count(*) FROM changes WHERE subject = ?", (cid,)
    ).fetchone()
    assert left == (0,)
    db = next(office.data_dir.glob("*.db"))
    conn = sqlite3.connect(db)
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    conn.close()
    assert tables  # the server kept its log; its content is checked in the server suite


def test_wrong_fingerprint_is_refused(office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    session, _ = Vault(tmp_path / "v").create("w", PASSPHRASE, kdf=CHEAP)
    try:
        with pytest.raises(SyncCertificateError):
            service.setup(session, office.url, "ab" * 32, office.token())
        assert service.load_config(session) is None
    finally:
        session.lock()


def test_a_round_reports_the_clients_it_changed_here(team) -> None:  # type: ignore[no-untyped-def]
    # The window's caseload re-reads just these rows after a round (issue 19).
    a, b = team(2)
    cid = a.add_client("Test Iris Example")
    assert a.sync().changed_clients == set()  # pushed only: nothing changed on A
    assert b.sync().changed_clients == {cid}
    client = ClientRepository(b.session).get(cid, audit=False)
    ClientRepository(b.session).save(Client(**{**client.__dict__, "pronouns": "she/her"}))
    b.sync()
    assert a.sync().changed_clients == {cid}
    assert a.sync().changed_clients == set()  # an idle round changes no one
