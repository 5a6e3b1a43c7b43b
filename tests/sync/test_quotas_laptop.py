"""Issue 18, Deliver 9 on the laptops: per-author quotas per round and per day on applied writes
and register statements, a per-author share of the quarantine, and the office's 429 quota
answer. Past a quota a message is held back (sealed, counted, tried again), never applied and
never dropped unseen; the round is never halted. Real server, real vaults."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from exitdoors_desktop.core.consent import ConsentAction, ConsentMethod, ConsentScope
from exitdoors_desktop.storage.program_repo import ConsentRepository
from exitdoors_desktop.sync import author_quota, service
from exitdoors_desktop.sync.author_quota import AuthorLimits
from tests.conftest import PASSPHRASE, Cli
from tests.sync.conftest import OfficeServer, _today, start_office_server


@pytest.fixture
def office(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[OfficeServer]:
    server = start_office_server(tmp_path, extra=getattr(request, "param", ()))
    yield server
    server.stop()


def _limits(monkeypatch: pytest.MonkeyPatch, **kw: int) -> None:
    monkeypatch.setattr(author_quota, "DEFAULT", AuthorLimits(**kw))


def _held(d) -> int:  # type: ignore[no-untyped-def]
    return int(d.session.conn.execute(
        "SELECT count(*) FROM quarantine WHERE reason = 'quota'").fetchone()[0])  # fmt: skip


def test_writes_over_an_authors_round_and_day_quota_are_held_then_applied(  # type: ignore[no-untyped-def]
    team, monkeypatch, capsys
) -> None:
    a, b = team(2)
    cids = [a.add_client(f"Quota Sample {i}") for i in range(6)]
    a.sync()
    total = a.session.conn.execute("SELECT count(*) FROM changes").fetchone()[0]
    assert total > 12
    _limits(monkeypatch, writes_per_round=4, writes_per_day=7)
    report = b.sync()  # never halted: the round ends normally
    assert report.quota_held > 0 and _held(b) == report.quota_held
    assert report.pulled == 4
    st = service.status(b.session)
    ((name, n),) = st.quota_held.items()
    assert n == _held(b) and n > 0
    b.sync()  # the next round: 3 more (the day's 7), the rest still held
    assert _held(b) == n - 3
    # Nothing of it is lost: with room again (a new day), all of it is applied.
    _limits(monkeypatch)
    b.sync()
    assert _held(b) == 0
    assert set(cids) <= set(b.names())
    assert service.status(b.session).quota_held == {}
    # Her writes and no one else's were counted: A's own laptop is untouched.
    assert service.status(a.session).quota_held == {}
    # The command line says it plainly.
    _limits(monkeypatch, writes_per_round=1, writes_per_day=1)
    a.add_client("Quota Late")
    a.sync()
    b.sync()
    b.session.lock()
    code, out, err = Cli(b.vault.data_dir, capsys)(
        "sync", "status", "--passphrase-stdin", stdin=PASSPHRASE + "\n"
    )
    assert code == 0, err
    assert f"messages from {name} held: over quota" in out


def test_one_author_cannot_fill_the_quarantine_and_what_overflows_is_pulled_again(  # type: ignore[no-untyped-def]
    team, monkeypatch
) -> None:
    a, b = team(2)
    cids = [a.add_client(f"Share Sample {i}") for i in range(5)]
    a.sync()
    _limits(monkeypatch, writes_per_round=2, writes_per_day=2, quarantine_share=3)
    report = b.sync()
    assert report.quarantined > 3 and report.pulled == 2
    assert report.quota_held == _held(b) == 3  # its share, not more
    assert isinstance(b.session.conn.execute(
        "SELECT value FROM sync_state WHERE key = 'quota_rewind'").fetchone()[0], str | int)  # fmt: skip
    _limits(monkeypatch)
    b.sync()  # pulled again from the first message that found no room, and applied
    assert _held(b) == 0
    assert set(cids) <= set(b.names())


def test_withdrawals_over_an_authors_quota_wait_for_the_next_round(team, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    a, b = team(2)
    cids = [a.add_client(f"Withdraw Sample {i}") for i in range(3)]
    a.sync()
    b.sync()
    assert set(cids) <= set(b.names())
    for cid in cids:
        ConsentRepository(a.session).add(cid, ConsentScope.SHARE_WITH_OFFICE,
                                         ConsentAction.WITHDRAW, _today(), ConsentMethod.WRITTEN)  # fmt: skip
    a.sync()
    _limits(monkeypatch, statements_per_round=1, statements_per_day=100)
    b.sync()
    gone = [c for c in cids if c not in b.names()]
    assert len(gone) == 1 and _held(b) >= 2
    b.sync()
    b.sync()
    assert not set(cids) & set(b.names())  # all withdrawn in the end, one per round
    assert _held(b) == 0


@pytest.mark.parametrize("office", [("--quota-messages", "6")], indirect=True)
def test_the_offices_quota_answer_keeps_writes_waiting_and_the_round_going(team) -> None:  # type: ignore[no-untyped-def]
    a, b = team(2)
    b.add_client("From B")
    b.sync()
    for i in range(5):
        a.add_client(f"Office Quota {i}")
    report = a.sync()  # 429 quota_exceeded: no exception, the round pulls on
    assert report.office_quota == "messages_per_day"
    assert "From B" in a.names().values()
    st = service.status(a.session)
    assert st.office_quota == "messages_per_day" and st.pending > 0 and st.last_error is None
