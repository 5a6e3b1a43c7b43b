"""The push loop without a server: small batches and byte budgets, held clients in between,
and a server that answers 413 (a smaller --max-body) — every shareable write goes exactly once."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest

from exitdoors_desktop.core.consent import ConsentAction, ConsentMethod, ConsentScope
from exitdoors_desktop.storage.program_repo import ConsentRepository
from exitdoors_desktop.storage.sync_store import SyncStore
from exitdoors_desktop.storage.vault import Session
from exitdoors_desktop.sync.engine import SyncEngine
from exitdoors_desktop.sync.team import Team
from exitdoors_desktop.sync.transport import BodyTooLarge
from tests.sync.conftest import solo_team


class FakeServer:
    """Accepts every message (duplicates by id), refuses bodies with more than ``max_messages``."""

    def __init__(self, max_messages: int, events: list[dict[str, Any]]) -> None:
        self.max_messages = max_messages
        self.events = events
        self.ids: list[str] = []
        self.requests = 0
        self.refused = 0

    def sync(self, body: dict[str, Any]) -> dict[str, Any]:
        self.requests += 1
        messages = body["messages"]
        if len(messages) > self.max_messages:
            self.refused += 1
            raise BodyTooLarge("too large")
        new = [m["id"] for m in messages if m["id"] not in self.ids]
        dup = [m["id"] for m in messages if m["id"] in self.ids]
        self.ids += new
        return {"accepted": new, "duplicates": dup, "messages": [], "cursor": 0,
                "has_more": False, "commands": [], "devices": [],
                "membership": self.events[body["membership_from"]:],
                "membership_length": len(self.events)}  # fmt: skip

    def purge(self, *_args: object) -> dict[str, Any]:  # pragma: no cover - unused
        raise AssertionError("no purge expected")


def _fill(session: Session) -> tuple[str, str]:
    sharing, private = str(uuid.uuid4()), str(uuid.uuid4())
    with session.transaction():
        ConsentRepository(session).add(sharing, ConsentScope.SHARE_WITH_OFFICE,
                                       ConsentAction.GRANT, dt.date(2026, 1, 1),
                                       ConsentMethod.WRITTEN)  # fmt: skip
        for i in range(23):
            session.changes.write("client", sharing, {"pronouns": f"p{i}", "age": i})
            session.changes.write("client", private, {"pronouns": f"q{i}"})
    return sharing, private


@pytest.mark.parametrize(
    ("batch", "max_bytes", "max_messages"),
    [(5, 10**9, 100), (100, 3000, 100), (100, 10**9, 4), (7, 10**9, 1000)],
)
def test_every_shareable_write_goes_once(
    session: Session, batch: int, max_bytes: int, max_messages: int
) -> None:
    _fill(session)
    store = SyncStore(session)
    expected = len(store.outbox(10_000).writes)  # the consenting client, her consent, …
    team, events = solo_team(session)
    server = FakeServer(max_messages, events)
    engine = SyncEngine(session, server, team,  # type: ignore[arg-type]
                        batch=batch, max_push_bytes=max_bytes)  # fmt: skip
    report = engine.run_round()
    # The office also took this laptop's beacon and audit head record (not changes).
    sent = [i for i in server.ids if uuid.UUID(i).version == 5]
    assert report.pushed == expected == len(sent) == len(set(sent))
    assert (report.held, report.held_clients) == (23, 1)
    assert store.pending_count() == 23  # only the private client's writes wait
    if max_messages < 100:
        assert server.refused > 0
    again = SyncEngine(session, server, _reload(session, team)).run_round()  # type: ignore[arg-type]
    assert again.pushed == 0 and again.requests == 1


def _reload(session: Session, team: Team) -> Team:
    return Team(session, team.me, team.keys, team.root)


def test_a_single_message_too_large_is_an_error(session: Session) -> None:
    _fill(session)
    team, events = solo_team(session)
    engine = SyncEngine(session, FakeServer(0, events), team)  # type: ignore[arg-type]
    with pytest.raises(BodyTooLarge):
        engine.run_round()
    assert SyncStore(session).pending_count() > 23  # nothing was marked sent
