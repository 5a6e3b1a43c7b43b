"""`exitdoors groups add|list|report` through the real command: a session recorded by id,
listed without names, the group section of the report (funder view) written 0600 and audited;
bad input refused."""

from __future__ import annotations

import csv
import io
import uuid
from pathlib import Path

import pytest

from exitdoors_desktop.core.people import Client, Role
from exitdoors_desktop.storage.clients_repo import ClientRepository
from exitdoors_desktop.storage.vault import Vault
from tests.conftest import CHEAP, PASSPHRASE

P = PASSPHRASE + "\n"


@pytest.fixture
def clients(vault_dir: Path) -> list[str]:
    session, _ = Vault(vault_dir).create("alex", PASSPHRASE, kdf=CHEAP)
    ids = [str(uuid.uuid4()) for _ in range(6)]
    try:
        for i, cid in enumerate(ids):
            ClientRepository(session).save(Client(id=cid, preferred_name=f"Cli{i} Example"))
    finally:
        session.lock()
    return ids


def test_add_list_and_report(cli, clients: list[str], tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ids = [a for cid in clients for a in ("--client", cid)]
    code, out, err = cli(
        "groups", "add", "--date", "2026-02-03", "--type", "support_group", "--place", "office",
        "--start", "18:30", "--length", "90", "--others", "4", *ids, "--passphrase-stdin",
        stdin=P,
    )  # fmt: skip
    assert code == 0, err
    assert "6 linked, 4 others" in out
    code, out, err = cli("groups", "list", "--from", "2026-02-01", "--passphrase-stdin", stdin=P)
    assert code == 0, err
    assert "2026-02-03 18:30 support_group" in out and "size  10" in out
    assert "Example" not in out  # no attendee names in a listing
    target = tmp_path / "groups.csv"
    code, out, err = cli(
        "groups", "report", "--from", "2026-01-01", "--to", "2026-12-31", "--out", str(target),
        "--passphrase-stdin", stdin=P,
    )  # fmt: skip
    assert code == 0, err
    assert target.stat().st_mode & 0o777 == 0o600
    rows = list(csv.reader(io.StringIO(target.read_text("utf-8"))))
    cells = {(r[1], r[2]): r[4:] for r in rows[1:]}
    assert cells[("group_sessions_by_type", "support_group")][0] == "1"
    # 4 others is a small cell; 6 linked would give it away (10 - 6), and over one session
    # the 6 participants would too: both are protected. Linked is the table's largest cell, so
    # it shows as the range anyone could work out from "<5" and the total, never as 6.
    assert cells[("group_attendances", "linked")][:3] == ["6–9", "10", "60–90%"]
    assert cells[("group_attendances", "others")][0] == "<5"
    assert cells[("group_participants", "unique_participants")][0] == "x"
    assert cells[("group_size", "average_group_size")][3] == "10.0"
    assert "Example" not in target.read_text("utf-8")
    session = Vault(cli.data_dir).unlock("alex", PASSPHRASE)
    try:
        events = session.conn.execute(
            "SELECT detail FROM audit WHERE action = 'export' AND entity = 'report'"
        ).fetchall()
    finally:
        session.lock()
    assert events == [("groups csv 2026-01-01..2026-12-31 funder",)]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--type", "bingo", "--place", "office"), "unknown group type"),
        (("--type", "support_group", "--place", "moon"), "community, office or online"),
        (("--type", "support_group", "--place", "office", "--start", "25:00"), "--start"),
        (
            ("--type", "support_group", "--place", "office", "--client", "nobody"),
            "1 of the listed clients",
        ),  # fmt: skip
        (("--type", "support_group", "--place", "office", "--others", "-2"), "others attending"),
    ],
)
def test_bad_add_is_refused_and_writes_nothing(cli, clients, args, words) -> None:  # type: ignore[no-untyped-def]
    code, out, err = cli("groups", "add", "--date", "2026-02-03", *args, "--passphrase-stdin",
                         stdin=P)  # fmt: skip
    assert code == 2, (out, err)
    assert words in err
    code, out, _ = cli("groups", "list", "--passphrase-stdin", stdin=P)
    assert "0 session(s)." in out


def test_report_refuses_to_overwrite(cli, clients, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "x.csv"
    target.write_text("keep")
    code, _, err = cli("groups", "report", "--from", "2026-01-01", "--to", "2026-12-31",
                       "--out", str(target), "--passphrase-stdin", stdin=P)  # fmt: skip
    assert code == 2 and "already exists" in err
    assert target.read_text() == "keep"


def test_report_staff_view_is_refused_to_an_outreach_worker(
    cli, vault_dir, clients, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from exitdoors_desktop.core.people import Role

    session = Vault(vault_dir).unlock("alex", PASSPHRASE)
    try:
        session.add_user("sam", PASSPHRASE + " outreach", Role.OUTREACH, kdf=CHEAP)
    finally:
        session.lock()
    target = tmp_path / "staff.csv"
    code, _, err = cli("groups", "report", "--from", "2026-01-01", "--to", "2026-12-31",
                       "--view", "staff", "--user", "sam", "--out", str(target),
                       "--passphrase-stdin", stdin=PASSPHRASE + " outreach\n")  # fmt: skip
    assert code == 3 and "make reports" in err and err.count("\n") == 1  # role: exit 3
    assert not target.exists()
    code, _, err = cli("groups", "report", "--from", "2026-01-01", "--to", "2026-12-31",
                       "--view", "everyone", "--out", str(target), "--passphrase-stdin",
                       stdin=P)  # fmt: skip
    assert code == 2 and "--view" in err and not target.exists()
    session = Vault(vault_dir).unlock("alex", PASSPHRASE)
    try:
        exports = session.conn.execute(
            "SELECT count(*) FROM audit WHERE action = 'export'"
        ).fetchone()[0]
    finally:
        session.lock()
    assert exports == 0


def test_a_case_manager_may_link_only_her_own_clients(cli, vault_dir: Path) -> None:  # type: ignore[no-untyped-def]
    admin, _ = Vault(vault_dir).create("alex", PASSPHRASE, kdf=CHEAP)
    pw = "case manager passphrase long"
    try:
        carm = admin.add_user("carm", pw, Role.CASE_MANAGER, kdf=CHEAP)
        ClientRepository(admin).save(Client(id="c-hers", preferred_name="Mine Example",
                                            assigned_worker=carm))  # fmt: skip
        ClientRepository(admin).save(Client(id="c-other", preferred_name="Other Example"))
    finally:
        admin.lock()
    base = ("groups", "add", "--date", "2026-02-03", "--type", "support_group", "--place",
            "office", "--user", "carm", "--passphrase-stdin")  # fmt: skip
    code, out, err = cli(*base, "--client", "c-hers", "--client", "c-other", stdin=pw + "\n")
    assert code == 3 and "not on your caseload" in err and "nothing was recorded" in err
    code, out, err = cli("groups", "list", "--from", "2026-02-01", "--user", "carm",
                         "--passphrase-stdin", stdin=pw + "\n")  # fmt: skip
    assert code == 0 and "0 session(s)." in out
    code, out, err = cli(*base, "--client", "c-hers", stdin=pw + "\n")
    assert code == 0 and "1 linked" in out, err
