"""Issue 18, Deliver 8 (and Why 6): laptops witness each other's audit heads as signed team
records, and `vault check --against-office` verifies every head the office and the team kept
for this laptop against its local chain. A forged head (from the office, or reported by a
member) is flagged and never counted against the laptop; a head this laptop signed that its
chain no longer holds is reported. Real server, real vaults."""

from __future__ import annotations

import base64
import os
import sqlite3

from exitdoors_desktop.storage.audit import audit_head
from exitdoors_desktop.storage.sync_store import SyncStore
from exitdoors_desktop.sync import service
from exitdoors_desktop.sync.witness import Witnesses
from tests.conftest import PASSPHRASE, Cli
from tests.sync.conftest import Device, OfficeServer
from tests.sync.test_audit_head_office import _cut_tail


def _office_sql(office: OfficeServer, sql: str, *args: object) -> None:
    db = sqlite3.connect(next(office.data_dir.glob("*.db")))
    try:
        db.execute(sql, args)
        db.commit()
    finally:
        db.close()


def _team_of(d: Device):  # type: ignore[no-untyped-def]
    config = service.load_config(d.session)
    assert config is not None
    return service._team(d.session, config)


def _witnessed(team) -> tuple[Device, Device]:  # type: ignore[no-untyped-def]
    """A and B have each kept the other's head, and A holds B's statement about A's head."""
    a, b = team(2)
    a.add_client("Witness Sample")
    a.sync()  # A's head goes to the team
    b.sync()  # B keeps it and signs a witness statement of it
    a.sync()  # A receives the statement
    return a, b


def _check(d: Device, capsys, *extra: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    d.session.lock()
    return Cli(d.vault.data_dir, capsys)(  # type: ignore[no-any-return]
        "vault", "check", "--against-office", "--passphrase-stdin", *extra,
        stdin=PASSPHRASE + "\n",
    )  # fmt: skip


def test_laptops_keep_each_others_heads_and_a_team_witnessed_head_matches(team, capsys) -> None:  # type: ignore[no-untyped-def]
    a, b = _witnessed(team)
    a_team, b_team = _team_of(a), _team_of(b)
    kept = Witnesses(SyncStore(b.session), b_team).seen[a_team.me]
    assert set(kept) == {"device", "count", "hash", "sig"} and kept["count"] > 0
    mine = Witnesses(SyncStore(a.session), a_team).of_me
    assert list(mine) == [b_team.me]
    assert mine[b_team.me][0]["hash"] == kept["hash"]
    report = service.check_all_heads(a.session)
    assert report.problem is None and report.flagged == [] and report.matched >= 2
    code, out, err = _check(a, capsys)
    assert code == 0, err
    assert "matches the office's audit head" in out and "0 flagged" in out


def test_a_conflicting_witnessed_head_is_reported(team, office, capsys) -> None:  # type: ignore[no-untyped-def]
    a, b = _witnessed(team)
    witnessed = Witnesses(SyncStore(b.session), _team_of(b)).seen[_team_of(a).me]["count"]
    # The office lost A's head (or hides it): only the team's witness can catch the cut.
    _office_sql(office, "DELETE FROM audit_heads")
    _before, after = _cut_tail(a, audit_head(a.session.conn)[0] - witnessed + 3)
    assert after < witnessed
    report = service.check_all_heads(a.session)
    assert report.problem is not None and "witnessed (signed here)" in report.problem
    assert f"event {witnessed}" in report.problem
    code, _out, err = _check(a, capsys)
    assert code == 4 and "witnessed (signed here)" in err


def test_a_forged_head_from_the_office_is_flagged_and_does_not_stick(team, office, capsys) -> None:  # type: ignore[no-untyped-def]
    a, _b = _witnessed(team)
    count = sqlite3.connect(next(office.data_dir.glob("*.db"))).execute(
        "SELECT count FROM audit_heads WHERE device_id = ?", (_team_of(a).me,)).fetchone()[0]  # fmt: skip
    # The office (its database) claims a huge count for A: Why 6, "truncated for good".
    _office_sql(
        office, "UPDATE audit_heads SET count = ? WHERE device_id = ?", 10**9, _team_of(a).me
    )
    a.sync()  # no halt, and not "truncated"
    st = service.status(a.session)
    assert st.last_error is None
    assert st.audit_problem is not None and "never signed" in st.audit_problem
    assert "truncated" not in st.audit_problem
    report = service.check_all_heads(a.session)
    assert report.problem is None and len(report.flagged) == 1 and report.matched >= 1
    code, out, err = _check(a, capsys)
    assert code == 0 and "FLAGGED (not accepted)" in err and "1 flagged" in out
    # The office gives the true head back: the flag goes at the next round.
    a.session = a.vault.unlock("worker0", PASSPHRASE)
    _office_sql(
        office, "UPDATE audit_heads SET count = ? WHERE device_id = ?", count, _team_of(a).me
    )
    a.sync()
    assert service.status(a.session).audit_problem is None
    assert service.check_all_heads(a.session).flagged == []


def test_a_head_a_member_reports_that_this_laptop_never_signed_is_flagged_not_counted(  # type: ignore[no-untyped-def]
    team, capsys
) -> None:
    a, b = _witnessed(team)
    me = _team_of(a).me
    w = Witnesses(SyncStore(b.session), _team_of(b))
    w.seen[me] = {"device": me, "count": 10**6, "hash": "ab" * 32,
                  "sig": base64.b64encode(os.urandom(64)).decode()}  # fmt: skip
    with b.session.transaction():
        w.save()
    b.sync()  # B (hostile) signs a statement with a head A never made
    a.sync()
    report = service.check_all_heads(a.session)
    assert report.problem is None
    assert any("never signed" in f for f in report.flagged)
    assert "truncated" not in (service.status(a.session).audit_problem or "")
    code, _out, err = _check(a, capsys)
    assert code == 0 and "never signed" in err
