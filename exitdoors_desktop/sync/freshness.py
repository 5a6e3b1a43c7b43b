"""What this laptop knows of the other laptops' signed views and beacons (kept in sync_state):
who it last heard from, which of its own register statements every other current member has
shown it holds (the rest are re-sent), which signed claims the office never backed, and
whether a team admin has been silent too long. The rules are exitdoors_protocol.views'."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from exitdoors_desktop.storage.sync_store import SyncStore
from exitdoors_desktop.storage.team_store import TeamStore
from exitdoors_desktop.storage.vault import Session
from exitdoors_desktop.sync.opening import Seen
from exitdoors_protocol import views
from exitdoors_protocol.membership import TeamState

PEER_VIEWS = "peer_views"
HEARD = "heard_from"
BEACONS = "beacons"
CLAIMS_SINCE = "view_claims_since"
BEACON_SENT = "beacon_sent"
WATCH_SINCE = "beacons_watched_since"
TEAM_LOG = "__team_log__"  # the key a longer team log is noted under among a signer's claims
# Statements re-sent per round at most (each is a few hundred bytes; the office dedupes them).
MAX_RESEND = 256


@dataclass(frozen=True)
class Claim:
    """A signer's signed view says it holds more than the office delivered here."""

    node: str
    since: str  # ISO time this laptop first saw the claim unbacked
    more: dict[str, int]  # author node (or TEAM_LOG) -> how many more it claims


def load_seen(store: SyncStore) -> Seen:
    return Seen(
        views=_dict(store.get(PEER_VIEWS)),
        heard={str(k): str(v) for k, v in _dict(store.get(HEARD)).items()},
        beacons={str(k): str(v) for k, v in _dict(store.get(BEACONS)).items()},
    )


def save_seen(store: SyncStore, seen: Seen) -> None:
    """In the caller's transaction."""
    store.put(PEER_VIEWS, seen.views)
    store.put(HEARD, seen.heard)
    store.put(BEACONS, seen.beacons)


def _dict(value: object) -> dict[str, Any]:
    return {str(k): v for k, v in value.items()} if isinstance(value, dict) else {}


def _others(state: TeamState | None, me: str) -> list[str]:
    if state is None:
        return []
    return [m.node for m in state.members.values() if m.current and m.node != me]


def unconfirmed(session: Session, state: TeamState | None, seen: Seen) -> int:
    """How many of the statements made here some other current member's latest signed view
    does not show it holds yet."""
    me = session.device_id
    mine = TeamStore(session).register_counts().get(me, 0)
    counts = [seen.views.get(o, {}).get("c") for o in _others(state, me)]
    return max(mine - views.confirmed(me, counts), 0)


def to_resend(session: Session, state: TeamState | None, seen: Seen) -> list[tuple[str, str]]:
    """(hash, wire) of statements made here to send again this round, byte for byte: while
    any other member's view falls short, her latest statements made here (at most
    MAX_RESEND; the office dedupes them, receivers find them "duplicate")."""
    if not unconfirmed(session, state, seen):
        return []
    return TeamStore(session).current_made_here(session.device_id, MAX_RESEND)


def note_claims(session: Session, state: TeamState | None, seen: Seen, now: str) -> list[Claim]:
    """Signers whose latest view claims a longer team log or more statements of an author than
    this laptop holds; each keeps the time it was first seen unbacked (kept in sync_state,
    dropped once the office delivers what it claims)."""
    store = SyncStore(session)
    held = TeamStore(session).register_counts()
    ahead = views.claims_ahead(held, {n: v.get("c") or {} for n, v in seen.views.items()})
    length = state.length if state else 0
    for node, (n, _head) in seen.logs.items():
        if n > length:
            ahead.setdefault(node, {})[TEAM_LOG] = n - length
    current = {m.node for m in state.members.values() if m.current} if state else set()
    before = _dict(store.get(CLAIMS_SINCE))
    noted = {
        node: {"since": str(_dict(before.get(node)).get("since") or now), "more": more}
        for node, more in ahead.items() if node in current
    }  # fmt: skip
    store.put(CLAIMS_SINCE, noted)
    return claims(session)


def claims(session: Session) -> list[Claim]:
    """The unbacked claims noted at the end of the last round."""
    noted = _dict(SyncStore(session).get(CLAIMS_SINCE))
    out = []
    for node, item in sorted(noted.items()):
        item = _dict(item)
        more = {str(a): int(n) for a, n in _dict(item.get("more")).items()}
        if more:
            out.append(Claim(node, str(item.get("since", "")), more))
    return out


def watch_beacons(store: SyncStore, now: str) -> None:
    """From the first round this laptop is in the team it expects an admin's beacon."""
    if not store.get(WATCH_SINCE):
        store.put(WATCH_SINCE, now)


def admin_silent_since(
    session: Session, state: TeamState | None, days: int, now: dt.datetime | None = None
) -> dt.datetime | None:
    """The newest current admin's beacon time (or since when this laptop waits for one) if it
    is older than ``days`` days; None when an admin was heard from recently or this laptop is
    itself an admin."""
    if state is None:
        return None
    me = state.by_node(session.device_id)
    if me is not None and state.is_admin(me.device):
        return None
    store = SyncStore(session)
    beacons: dict[str, dt.datetime] = {}
    for node, at in _dict(store.get(BEACONS)).items():
        when = views.signed_time(at)
        if when is not None:
            beacons[node] = when
    admins = [m.node for m in state.members.values() if m.current and state.is_admin(m.device)]
    return views.admin_silence(
        beacons, admins, now or dt.datetime.now(dt.UTC), days,
        views.signed_time(store.get(WATCH_SINCE)),
    )  # fmt: skip


def heard_from(session: Session) -> dict[str, str]:
    """Node -> the latest time a verified message of it was signed (ISO, UTC)."""
    return {str(k): str(v) for k, v in _dict(SyncStore(session).get(HEARD)).items()}
