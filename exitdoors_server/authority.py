"""The team's membership log as this server has verified it, and the authority decisions made
from it (all through ``exitdoors_protocol``: the same rules the laptops apply).

The server replays the stored log through :func:`exitdoors_protocol.membership.apply_event`
from the root named by its first event, and keeps the resulting :class:`TeamState` in memory,
keyed by the log's length and last event. Every request re-reads that key (one small query)
inside its own transaction, so appends made by another process are picked up (only the new
events are replayed when the old last event is still in place). A stored log that does not
verify (written into the database directly) leaves :attr:`Verified.state` None and
:attr:`Verified.broken` set: every authority decision is then refused (fail closed).
"""

from __future__ import annotations

import copy
import dataclasses
import json
import threading

from sqlalchemy import Connection, func, select

from exitdoors_protocol.membership import MembershipError, TeamState, apply_event, root_of
from exitdoors_server.schema import membership


@dataclasses.dataclass(frozen=True)
class Verified:
    """The stored log's state: ``state`` None with ``broken`` None is an empty log (no team
    yet); ``broken`` set means the stored log does not verify (refuse every authority)."""

    state: TeamState | None
    broken: str | None
    key: tuple[int, int, str]  # (row count, last index, last event text)
    events: tuple[str, ...] = ()

    @property
    def length(self) -> int:
        return self.key[0]

    @property
    def usable(self) -> TeamState | None:
        """The state to decide with (None for an empty or a broken log: refuse)."""
        return None if self.broken else self.state


EMPTY_KEY = (0, -1, "")


def head_key(conn: Connection) -> tuple[int, int, str]:
    """What identifies the stored log: (rows, last index, last event text)."""
    count = int(conn.execute(select(func.count()).select_from(membership)).scalar_one())
    if count == 0:
        return EMPTY_KEY
    row = conn.execute(
        select(membership.c.idx, membership.c.event).order_by(membership.c.idx.desc()).limit(1)
    ).one()
    return count, int(row[0]), str(row[1])


def _texts_from(conn: Connection, index: int) -> list[tuple[int, str]]:
    rows = conn.execute(
        select(membership.c.idx, membership.c.event)
        .where(membership.c.idx >= index)
        .order_by(membership.c.idx)
    )
    return [(int(r[0]), str(r[1])) for r in rows]


def replay(
    texts: list[tuple[int, str]], state: TeamState | None, root: bytes | None
) -> TeamState | None:
    """Apply stored events (index, text) to ``state`` (changed in place)."""
    for idx, text in texts:
        try:
            event = json.loads(text)
        except ValueError as exc:
            raise MembershipError(f"stored event {idx} is not JSON") from exc
        if not isinstance(event, dict) or event.get("i") != idx:
            raise MembershipError(f"stored event {idx} is not at its own index")
        if root is None:
            root = root_of(event)
        state = apply_event(state, event, root)
    return state


class TeamCache:
    """The verified TeamState of one process, re-checked against the database per request."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._current = Verified(None, None, EMPTY_KEY)
        self._pinned: bytes | None = None  # the root seen first: it must never change

    def get(self, conn: Connection) -> Verified:
        key = head_key(conn)
        with self._lock:
            current = self._current
        if current.key == key:
            return current
        verified = self._compute(conn, key, current)
        self.put(verified)
        return verified

    def put(self, verified: Verified) -> None:
        with self._lock:
            if verified.state is not None and self._pinned is None:
                self._pinned = verified.state.root
            self._current = verified

    def _compute(self, conn: Connection, key: tuple[int, int, str], old: Verified) -> Verified:
        if key == EMPTY_KEY:
            return Verified(None, None, key)
        # Only the new events, if the log this process verified is still its prefix.
        tail: list[tuple[int, str]] = []
        if old.state is not None and old.broken is None and old.events and key[0] > old.length:
            tail = _texts_from(conn, old.length - 1)
        try:
            if tail[:1] == [(old.length - 1, old.events[-1] if old.events else None)]:
                assert old.state is not None
                state = replay(tail[1:], copy.deepcopy(old.state), old.state.root)
                events = old.events + tuple(t for _, t in tail[1:])
            else:
                texts = _texts_from(conn, 0)
                state = replay(texts, None, None)
                events = tuple(t for _, t in texts)
            if state is None or state.length != key[0] or len(events) != key[0]:
                raise MembershipError("the stored membership log has gaps")
            if self._pinned is not None and state.root != self._pinned:
                raise MembershipError("the team's root changed under this server")
        except MembershipError as exc:
            return Verified(None, str(exc)[:200], key)
        return Verified(state, None, key, events)

    def after_append(self, old: Verified, state: TeamState, text: str, index: int) -> Verified:
        """The state after this process appended ``text`` (already verified) at ``index``."""
        verified = Verified(state, None, (old.length + 1, index, text), (*old.events, text))
        self.put(verified)
        return verified
