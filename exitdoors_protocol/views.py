"""Freshness: what a laptop signs about the team it holds — its *view*: the team log's length
and head hash, and how many register statements of each author it holds — inside every
envelope and in its beacons, and the rules that read other laptops' views.

A view is a claim. It decides what this laptop re-sends (its own statements until every other
current member's view shows it holds them) and what the status warns about (the office holding
back what another laptop says it holds; a team admin not heard from), never what it applies.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from exitdoors_protocol.codec import digest

# A view names at most this many authors (the ones with the most statements): a team is a
# handful of laptops; the cap keeps every envelope small whatever a register holds.
MAX_VIEW_AUTHORS = 64
MAX_COUNT = 10**6
MAX_LENGTH = 10**6
BEACON = "beacon"
# A signed time more than this far ahead of the receiver's clock is not believed.
MAX_AHEAD = dt.timedelta(minutes=5)
_NODE = re.compile(r"^[A-Za-z0-9_.:-]{1,80}$")
_HEAD = re.compile(r"^([0-9a-f]{64}|)$")


@dataclass(frozen=True)
class View:
    length: int  # team log events the signer held
    head: str  # hash of its last one ("" for none)
    counts: dict[str, int] = field(default_factory=dict)  # author node -> statements held


def make_view(length: int, head: str, counts: Mapping[str, int]) -> list[object]:
    """The wire form: [length, head, {author: count}] — only authors with a statement, the
    MAX_VIEW_AUTHORS with the most, so its size is bounded."""
    top = sorted(((n, a) for a, n in counts.items() if n >= 1), key=lambda t: (-t[0], t[1]))
    return [length, head, {a: min(n, MAX_COUNT) for n, a in top[:MAX_VIEW_AUTHORS]}]


def read_view(obj: object) -> View | None:
    """A view as signed (the older two-element form has no counts); None if malformed."""
    if not isinstance(obj, list) or len(obj) not in (2, 3):
        return None
    length, head = obj[0], obj[1]
    if isinstance(length, bool) or not isinstance(length, int) or not 0 <= length <= MAX_LENGTH:
        return None
    if not isinstance(head, str) or not _HEAD.match(head):
        return None
    counts: dict[str, int] = {}
    if len(obj) == 3:
        raw = obj[2]
        if not isinstance(raw, dict) or len(raw) > MAX_VIEW_AUTHORS:
            return None
        for author, n in raw.items():
            if not isinstance(author, str) or not _NODE.match(author):
                return None
            if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= MAX_COUNT:
                return None
            counts[author] = n
    return View(length, head, counts)


def view_digest(view: list[object]) -> str:
    return digest(view)


def merge_counts(held: dict[str, int], counts: Mapping[str, int]) -> bool:
    """Fold one signed view's counts into what its signer is known to hold (the highest it
    ever signed per author: a laptop holds a statement once it has it). Returns whether it
    grew."""
    grew = False
    for author, n in counts.items():
        if n > held.get(author, 0):
            held[author] = n
            grew = True
    return grew


def confirmed(me: str, others: Iterable[Mapping[str, int] | None]) -> int:
    """How many of ``me``'s statements every other current member has shown, in a signed view,
    that it holds (each argument: one member's counts, None if never heard). With no other
    member every statement is confirmed."""
    return min(((c or {}).get(me, 0) for c in others), default=MAX_COUNT)


def claims_ahead(
    held: Mapping[str, int], claims: Mapping[str, Mapping[str, int]]
) -> dict[str, dict[str, int]]:
    """Per signer, the authors of whom it signed that it holds more statements than this
    laptop holds (author -> how many more). Shown, never obeyed."""
    out: dict[str, dict[str, int]] = {}
    for signer, counts in claims.items():
        more = {a: n - held.get(a, 0) for a, n in counts.items() if n > held.get(a, 0)}
        if more:
            out[signer] = more
    return out


def beacon(at: str, view: list[object]) -> dict[str, object]:
    """A laptop's signed, timestamped beacon (sealed as its next write)."""
    return {"t": BEACON, "at": at[:40], "v": view}


def read_beacon(payload: object) -> tuple[dt.datetime, View] | None:
    if not isinstance(payload, dict) or payload.get("t") != BEACON:
        return None
    if set(payload) - {"t", "at", "v", "n"}:
        return None
    when, view = signed_time(payload.get("at")), read_view(payload.get("v"))
    if when is None or view is None:
        return None
    return when, view


def signed_time(at: object) -> dt.datetime | None:
    """An ISO time with its offset, as UTC; None if it is not one."""
    if not isinstance(at, str) or len(at) > 40:
        return None
    try:
        when = dt.datetime.fromisoformat(at)
    except ValueError:
        return None
    if when.tzinfo is None:
        return None
    return when.astimezone(dt.UTC)


def believed(when: dt.datetime, now: dt.datetime) -> dt.datetime:
    """A signed time as the receiver records it: never later than its own clock (a signer
    cannot make itself look heard from in the future)."""
    return min(when, now) if when <= now + MAX_AHEAD else now


def admin_silence(
    beacons: Mapping[str, dt.datetime],
    admins: Iterable[str],
    now: dt.datetime,
    days: int,
    waiting_since: dt.datetime | None,
) -> dt.datetime | None:
    """When no current admin's beacon is newer than ``days`` days: the newest one's time (or,
    if none was ever received, since when this laptop has been waiting for one). None: fine."""
    newest = max((beacons[a] for a in admins if a in beacons), default=None)
    since = newest or waiting_since
    if since is None or now - since <= dt.timedelta(days=days):
        return None
    return since
