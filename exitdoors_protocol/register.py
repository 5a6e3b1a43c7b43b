"""The withdrawal register: signed statements about one client's consent to share with the
team, chained per client. A withdrawal is made by a local user's action on a laptop; a
re-share only by her keeper (the device that keeps her) or a team admin, naming the
withdrawal it lifts. After a withdrawal every write about her is dropped until such a
re-share. A statement names the previous one's hash and index + 1; two statements at one
index (a fork) resolve to the withdrawal. Replays, gaps and re-shares by anyone else are
refused; so the office can drop or delay statements, never forge, replay or reorder them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from exitdoors_protocol.codec import digest
from exitdoors_protocol.membership import GENESIS, TeamState

WITHDRAWAL = "withdrawal"
RESHARE = "reshare"
KINDS = (WITHDRAWAL, RESHARE)
_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,80}$")
_HASH = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class Entry:
    """One accepted statement about her."""

    client: str
    i: int
    kind: str
    keeper: str  # node id of the device that keeps her
    author: str  # node id of the device that signed it
    hash: str
    prev: str

    def row(self) -> list[object]:
        return [self.i, self.kind, self.keeper, self.author, self.hash, self.prev]


def statement(
    client: str, kind: str, keeper: str, current: Entry | None, at: str
) -> dict[str, object]:
    """The next statement about her (the author signs it inside a sealed envelope)."""
    return {
        "t": "reg",
        "k": kind,
        "client": client,
        "keeper": keeper,
        "i": current.i + 1 if current else 1,
        "prev": current.hash if current else GENESIS,
        "at": at[:40],
    }


def parse(payload: object, author: str) -> Entry | None:
    """The entry a well-formed statement payload would make; None if malformed."""
    if not isinstance(payload, dict) or payload.get("t") != "reg":
        return None
    kind, client, keeper = payload.get("k"), payload.get("client"), payload.get("keeper")
    i, prev = payload.get("i"), payload.get("prev")
    if kind not in KINDS or not isinstance(client, str) or not _ID.match(client):
        return None
    if not isinstance(keeper, str) or not _ID.match(keeper):
        return None
    if isinstance(i, bool) or not isinstance(i, int) or not 1 <= i <= 10**6:
        return None
    if not isinstance(prev, str) or not (_HASH.match(prev) or prev == GENESIS):
        return None
    if set(payload) - {"t", "k", "client", "keeper", "i", "prev", "at", "n", "v"}:
        return None
    body = {k: v for k, v in payload.items() if k not in ("n", "v")}
    return Entry(client, i, str(kind), keeper, author, digest(body), prev)


NO_KEEPER = "-"  # recorded when a receiver cannot tell who keeps her: only an admin re-shares


def refusal(state: TeamState, current: Entry | None, entry: Entry) -> str | None:
    """Whether ``entry`` (already proven to be signed by a team member within its cut-off)
    may follow ``current``, her latest accepted statement. None: accept it (it replaces
    ``current``, with the keeper :func:`keeper_to_record` gives); "gap": it may be accepted
    once the statements before it arrive. A withdrawal is never refused for the keeper it
    names (withdrawing is the safe direction); a re-share only by her keeper or an admin."""
    if current is not None and entry.hash == current.hash:
        return "duplicate"
    expected_i = current.i + 1 if current else 1
    if entry.i > expected_i:
        return "gap"
    if entry.kind == WITHDRAWAL:
        if entry.i == expected_i and entry.prev == (current.hash if current else GENESIS):
            return None if current is None or current.kind == RESHARE else "already_withdrawn"
        # A fork at her latest index: the withdrawal wins over a re-share.
        if current is not None and current.kind == RESHARE and entry.i == current.i:
            return None if entry.prev == current.prev else "stale"
        return "stale"
    # A re-share lifts exactly her current withdrawal, by her keeper or a current admin.
    if current is None or current.kind != WITHDRAWAL:
        return "nothing_to_lift"
    if entry.i != expected_i or entry.prev != current.hash:
        return "stale"
    if entry.author != current.keeper and not _by_admin(state, entry):
        return "not_her_keeper"
    return None


def keeper_to_record(
    state: TeamState, current: Entry | None, entry: Entry, known_keeper: str | None
) -> str:
    """Her keeper after an accepted statement, never the signer's choice: as named when her
    keeper (handing her over) or an admin signs it; else her keeper stays who it was; her first
    statement gets the device this receiver knows recorded her (the author of the first write
    about her it received), or NO_KEEPER if it never held her."""
    if _by_admin(state, entry):
        return entry.keeper
    if current is not None:
        return entry.keeper if entry.author == current.keeper else current.keeper
    return known_keeper or NO_KEEPER


def _by_admin(state: TeamState, entry: Entry) -> bool:
    author = state.by_node(entry.author)
    return author is not None and state.is_admin(author.device)


def snapshot(entries: dict[str, Entry]) -> tuple[dict[str, list[object]], str]:
    """The register an admin seals into a device_added event: her latest entry per client,
    and its digest (committed to in clear, checked by the newcomer)."""
    snap = {c: e.row() for c, e in sorted(entries.items())}
    return snap, digest(snap)


def read_snapshot(snap: object, expected_digest: str) -> dict[str, Entry]:
    """Entries from a sealed snapshot, if it matches the digest the admin signed."""
    if not isinstance(snap, dict) or digest(snap) != expected_digest:
        raise ValueError("the withdrawal register does not match what the admin signed")
    out: dict[str, Entry] = {}
    for client, row in snap.items():
        if not isinstance(row, list) or len(row) != 6 or not isinstance(client, str):
            raise ValueError("the withdrawal register is malformed")
        i, kind, keeper, author, hash_, prev = row
        if not isinstance(i, int) or kind not in KINDS:
            raise ValueError("the withdrawal register is malformed")
        out[client] = Entry(client, i, str(kind), str(keeper), str(author), str(hash_), str(prev))
    return out
