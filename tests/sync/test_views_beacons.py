"""Issue 18, Deliver 5 and 6, against a real server on loopback and real vaults: signed views
with per-author register counts, statements re-sent until every other member's view holds
them, beacons, "last heard from", and claims the office never backs."""

from __future__ import annotations

import datetime as dt
import sqlite3
import uuid
from typing import Any

from exitdoors_desktop.core.consent import ConsentAction
from exitdoors_desktop.storage.sync_store import SyncStore
from exitdoors_desktop.sync import freshness, service
from exitdoors_desktop.sync.envelope import seal
from exitdoors_desktop.sync.opening import beacon_subject
from exitdoors_protocol import views
from tests.sync.test_team_trust_v3 import _consent, _counter, _push, _team, _write


def _db(office: Any) -> sqlite3.Connection:
    return sqlite3.connect(next(office.data_dir.glob("*.db")))


def test_a_withdrawal_the_office_took_and_dropped_is_resent_until_the_other_laptop_holds_it(
    team, office
) -> None:  # type: ignore[no-untyped-def]
    a, b, c = team(3)
    x = a.add_client("Test Resent Withdrawal Sample")
    a.sync(), b.sync(), c.sync()
    assert x in b.names() and x in c.names()
    with _db(office) as db:
        before = db.execute("SELECT max(seq) FROM messages").fetchone()[0]
    _consent(a, x, ConsentAction.WITHDRAW)
    assert a.sync().statements_sent == 1
    assert service.status(a.session).unconfirmed_withdrawals == 1  # taken, not yet seen
    with _db(office) as db:  # the office drops everything it acknowledged since
        db.execute("DELETE FROM messages WHERE seq > ?", (before,))
    b.sync(), c.sync()
    assert x in b.names()  # nothing reached B
    again = a.sync()
    assert again.statements_resent == 1 and again.statements_sent == 0  # the same statement
    b.sync(), c.sync()
    assert x not in b.names() and x not in c.names()
    a.sync()  # B's and C's beacons now say they hold it
    assert service.status(a.session).unconfirmed_withdrawals == 0
    assert a.sync().statements_resent == 0  # confirmed: no more re-sends
    # A re-sent statement a laptop already holds is a duplicate there, never an error.
    with _db(office) as db:
        db.execute("DELETE FROM messages WHERE seq > ?", (before,))
    with a.session.transaction():  # forget B's and C's views: A re-sends once more
        SyncStore(a.session).put(freshness.PEER_VIEWS, {})
    assert a.sync().statements_resent == 1
    report = b.sync()
    assert report.statements_refused == 0 and report.statements_received == 0
    assert x not in b.names()


def test_a_signed_view_claiming_more_statements_than_delivered_warns_and_is_not_obeyed(
    team,
) -> None:  # type: ignore[no-untyped-def]
    a, b = team(2)
    x = a.add_client("Test Claim Sample")
    a.sync(), b.sync()
    tb = _team(b)
    assert tb.state is not None
    node_a = a.session.device_id
    view = views.make_view(tb.state.length, tb.state.head, {node_a: 3})
    _push(b, [_write(b, tb, "client", x, x, {"pronouns": "she/her"}, counter=_counter(b) + 1,
                     view=view)])  # fmt: skip
    a.sync()
    st = service.status(a.session)
    assert st.register_held_back == 3  # B signed it holds 3 of A's statements; A holds none
    assert [name for name, _since in st.unbacked_claims] == ["laptop 2"]
    assert st.team_changes_held_back == 0 and not st.team_log_forked
    assert x in a.names() and st.unconfirmed_withdrawals == 0  # the claim changes nothing here
    first_since = st.unbacked_claims[0][1]
    a.sync()  # still unbacked: flagged against B since the first time it was seen
    assert service.status(a.session).unbacked_claims[0][1] == first_since
    # B's later view (a higher write counter) no longer claims it: the flag goes.
    b.add_client("Test Claim Later Sample")
    b.sync()
    a.sync()
    st = service.status(a.session)
    assert st.register_held_back == 0 and st.unbacked_claims == ()


def test_an_admin_beacon_older_than_the_setting_warns(team) -> None:  # type: ignore[no-untyped-def]
    a, b = team(2)  # a: the admin
    a.sync(), b.sync()
    state = _team(b).state
    assert state is not None
    assert service.status(b.session).admin_silent_since is None  # A's beacon is fresh
    heard = SyncStore(b.session).get(freshness.BEACONS)
    assert isinstance(heard, dict) and a.session.device_id in heard
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=8)
    silent = freshness.admin_silent_since(b.session, state, 7, now=later)
    assert silent is not None and silent.date() == dt.datetime.now(dt.UTC).date()
    assert freshness.admin_silent_since(b.session, state, 9, now=later) is None
    # An admin's own laptop never warns about itself.
    assert freshness.admin_silent_since(a.session, _team(a).state, 7, now=later) is None
    # The office withholds A's beacons for ten days (B's record of them is ten days old).
    old = (dt.datetime.now(dt.UTC) - dt.timedelta(days=10)).isoformat(timespec="seconds")
    with b.session.transaction():
        SyncStore(b.session).put(freshness.BEACONS, {a.session.device_id: old})
    st = service.status(b.session, admin_beacon_days=7)
    assert st.admin_silent_since == old
    assert service.status(b.session, admin_beacon_days=30).admin_silent_since is None


def test_a_beacon_signed_in_the_future_counts_as_now(team) -> None:  # type: ignore[no-untyped-def]
    a, b = team(2)
    a.sync(), b.sync()
    ta = _team(a)
    assert ta.ring is not None and ta.state is not None
    keys = ta.ring.current
    mid = str(uuid.uuid4())
    future = (dt.datetime.now(dt.UTC) + dt.timedelta(days=300)).isoformat(timespec="seconds")
    payload = {**views.beacon(future, views.make_view(ta.state.length, ta.state.head, {})),
               "n": _counter(a) + 1}  # fmt: skip
    _push(a, [seal(keys, ta.keys, ta.me, mid, keys.subject_tag(beacon_subject(mid)), payload)])
    b.sync()
    heard = freshness.heard_from(b.session)[a.session.device_id]
    assert heard <= dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def test_last_heard_from_is_listed_per_device(team) -> None:  # type: ignore[no-untyped-def]
    a, b, c = team(3)
    b.add_client("Test Heard Sample")
    b.sync(), c.sync(), a.sync()
    info = service.team_info(a.session)
    by_name = {d.name: d for d in info.devices}
    assert by_name["laptop 1"].this_laptop and by_name["laptop 1"].last_heard is None
    for name in ("laptop 2", "laptop 3"):
        heard = by_name[name].last_heard
        assert heard is not None
        assert abs(dt.datetime.fromisoformat(heard) - dt.datetime.now(dt.UTC)) < dt.timedelta(
            minutes=5
        )
    # B's next round hears from the admin and from C (their beacons).
    b.sync()
    devices = service.team_info(b.session).devices
    # Which of b and c the admin named "laptop 2" depends on the order they enrolled.
    assert [d.this_laptop for d in devices if d.last_heard is None] == [True]
    assert len(devices) == 3


def test_views_are_bounded_and_malformed_ones_ignored() -> None:
    counts = {f"node-{i:03d}": i + 1 for i in range(200)}
    view = views.make_view(4, "ab" * 32, counts)
    parsed = views.read_view(view)
    assert parsed is not None and len(parsed.counts) == views.MAX_VIEW_AUTHORS
    assert min(parsed.counts.values()) == 200 - views.MAX_VIEW_AUTHORS + 1  # the largest kept
    assert views.read_view([4, "ab" * 32]) == views.View(4, "ab" * 32, {})  # the older form
    for bad in ([True, ""], [1, "zz"], [1, "", {"n": 0}], [1, "", {"n": True}], [1, "", []],
                [1, "", {"bad node!": 1}], [10**7, ""], "x", [1]):  # fmt: skip
        assert views.read_view(bad) is None
    assert views.confirmed("me", []) == views.MAX_COUNT  # alone: nothing to confirm
    assert views.confirmed("me", [{"me": 2}, None]) == 0
    assert views.claims_ahead({"a": 1}, {"s": {"a": 3, "b": 0}}) == {"s": {"a": 2}}
