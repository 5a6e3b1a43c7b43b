"""The local side of the sync protocol in SQL: the verified membership log, the withdrawal
register and the clients it withdrew, and quarantined messages (capped)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable

from exitdoors_desktop.storage.vault import Session
from exitdoors_protocol.register import Entry

MAX_QUARANTINE = 10_000


class TeamStore:
    def __init__(self, session: Session) -> None:
        self._s = session

    # -- membership log -----------------------------------------------------------------------
    def events(self) -> list[dict[str, object]]:
        rows = self._s.conn.execute("SELECT event FROM team_log ORDER BY idx")
        return [json.loads(r[0]) for r in rows]

    def append_events(self, events: Iterable[tuple[int, str, str]]) -> None:
        """(index, event JSON, hash) rows, in the caller's transaction."""
        self._s.conn.executemany(
            "INSERT INTO team_log (idx, event, hash) VALUES (?,?,?)", list(events)
        )

    def hash_at(self, index: int) -> str | None:
        row = self._s.conn.execute("SELECT hash FROM team_log WHERE idx = ?", (index,)).fetchone()
        return None if row is None else str(row[0])

    def length(self) -> int:
        return int(self._s.conn.execute("SELECT count(*) FROM team_log").fetchone()[0])

    # -- the withdrawal register ----------------------------------------------------------------
    def register(self) -> dict[str, Entry]:
        """Her latest accepted statement, per client."""
        rows = self._s.conn.execute(
            "SELECT client_id, i, kind, keeper, author, hash, prev FROM register"
            " WHERE accepted = 1 ORDER BY client_id, i"
        )
        return {str(r[0]): Entry(str(r[0]), int(r[1]), *(str(x) for x in r[2:])) for r in rows}

    def register_entry(self, client_id: str) -> Entry | None:
        row = self._s.conn.execute(
            "SELECT client_id, i, kind, keeper, author, hash, prev FROM register"
            " WHERE accepted = 1 AND client_id = ? ORDER BY i DESC LIMIT 1",
            (client_id,),
        ).fetchone()
        return None if row is None else Entry(str(row[0]), int(row[1]), *(str(x) for x in row[2:]))

    def put_entry(
        self, entry: Entry, wire: str | None, *, delivered: bool = True, accepted: bool = True
    ) -> None:
        """Keep a statement (in the caller's transaction). An accepted one replaces any other
        accepted statement about her at the same index (a fork: the withdrawal won)."""
        if accepted:
            self._s.conn.execute(
                "DELETE FROM register WHERE client_id = ? AND i = ? AND hash != ?",
                (entry.client, entry.i, entry.hash),
            )
        self._s.conn.execute(
            "INSERT INTO register (client_id, i, kind, keeper, author, hash, prev, wire,"
            " delivered, accepted) VALUES (?,?,?,?,?,?,?,?,?,?)"
            " ON CONFLICT (client_id, i, hash) DO UPDATE SET accepted = excluded.accepted,"
            " keeper = excluded.keeper",
            (entry.client, entry.i, entry.kind, entry.keeper, entry.author, entry.hash,
             entry.prev, wire, int(delivered), int(accepted)),
        )  # fmt: skip

    def waiting_entries(self) -> list[tuple[Entry, str | None]]:
        """Statements that arrived before the ones they follow, oldest index first."""
        rows = self._s.conn.execute(
            "SELECT client_id, i, kind, keeper, author, hash, prev, wire FROM register"
            " WHERE accepted = 0 ORDER BY client_id, i"
        )
        return [(Entry(str(r[0]), int(r[1]), *(str(x) for x in r[2:7])), r[7]) for r in rows]

    def undelivered(self) -> list[tuple[str, str]]:
        """(hash, sealed wire JSON) of statements made here the office has not taken yet."""
        rows = self._s.conn.execute(
            "SELECT hash, wire FROM register WHERE delivered = 0 AND wire IS NOT NULL"
            " ORDER BY client_id, i"
        )
        return [(str(r[0]), str(r[1])) for r in rows]

    def register_counts(self) -> dict[str, int]:
        """Per author node, how many clients' latest accepted statement it signed: what this
        laptop's signed view says it holds. (Latest per client, so a newcomer, which receives
        only her latest statement in its register, counts like everyone else.)"""
        rows = self._s.conn.execute(
            "SELECT author, count(*) FROM register r WHERE accepted = 1 AND i = ("
            " SELECT max(i) FROM register l WHERE l.client_id = r.client_id AND l.accepted = 1)"
            " GROUP BY author"
        )
        return {str(r[0]): int(r[1]) for r in rows}

    def current_made_here(self, author: str, limit: int) -> list[tuple[str, str]]:
        """(hash, sealed wire JSON) of statements made here that are still her latest: what
        this laptop re-sends until the other members' views show they hold them."""
        rows = self._s.conn.execute(
            "SELECT hash, wire FROM register r WHERE accepted = 1 AND author = ?"
            " AND wire IS NOT NULL AND i = (SELECT max(i) FROM register l"
            " WHERE l.client_id = r.client_id AND l.accepted = 1)"
            " ORDER BY client_id LIMIT ?",
            (author, limit),
        )
        return [(str(r[0]), str(r[1])) for r in rows]

    def reshared_by(self, author: str, hashes: list[str]) -> list[str]:
        """Clients of the accepted re-shares among ``hashes`` that ``author`` signed."""
        if not hashes:
            return []
        marks = ",".join("?" * len(hashes))
        rows = self._s.conn.execute(
            f"SELECT DISTINCT client_id FROM register WHERE hash IN ({marks})"  # noqa: S608 - marks
            " AND kind = 'reshare' AND author = ? AND accepted = 1",
            (*hashes, author),
        )
        return [str(r[0]) for r in rows]

    def withdrawals_made_by(self, author: str) -> list[tuple[str, str, bool]]:
        """(client id, sealed wire JSON, taken by the office) of withdrawals ``author`` made."""
        rows = self._s.conn.execute(
            "SELECT client_id, wire, delivered FROM register"
            " WHERE author = ? AND kind = 'withdrawal' AND wire IS NOT NULL",
            (author,),
        )
        return [(str(r[0]), str(r[1]), bool(r[2])) for r in rows]

    def mark_delivered(self, hashes: Iterable[str]) -> None:
        self._s.conn.executemany(
            "UPDATE register SET delivered = 1 WHERE hash = ?", [(h,) for h in hashes]
        )

    # -- withdrawn clients ----------------------------------------------------------------------
    def withdrawn(self) -> dict[str, bool]:
        """Client id -> kept here (her worker's laptop) for every withdrawn client."""
        rows = self._s.conn.execute("SELECT client_id, kept FROM withdrawn")
        return {str(r[0]): bool(r[1]) for r in rows}

    def mark_withdrawn(self, client_id: str, kept: bool, here: bool = False) -> None:
        self._s.conn.execute(
            "INSERT INTO withdrawn (client_id, at, kept, here) VALUES (?,?,?,?)"
            " ON CONFLICT (client_id) DO UPDATE SET kept = excluded.kept,"
            " here = max(here, excluded.here)",
            (client_id, _now(), int(kept), int(here)),
        )

    def lift_withdrawn(self, client_id: str) -> None:
        self._s.conn.execute("DELETE FROM withdrawn WHERE client_id = ?", (client_id,))

    def drop_unsent(self, client_ids: Iterable[str]) -> int:
        """Forget unsent local writes about these clients (they must never reach the office)."""
        total = 0
        for cid in client_ids:
            total += self._s.conn.execute(
                "UPDATE changes SET pushed = 1 WHERE subject = ? AND origin = 'local'"
                " AND pushed = 0",
                (cid,),
            ).rowcount
        return total

    def local_share_decisions(self) -> list[tuple[str, str, str]]:
        """(consent id, client id, action) of every consent to share with the office that a
        user recorded on this laptop (never one that arrived by sync), oldest first."""
        rows = self._s.conn.execute(_local_share_decisions_sql())
        return [(str(r[0]), str(r[1]), str(r[2])) for r in rows]

    def creator_node(self, client_id: str) -> str | None:
        """The device whose change first created her here (arrival order, not clock order)."""
        row = self._s.conn.execute(
            "SELECT device FROM changes WHERE entity = 'client' AND row_id = ? ORDER BY seq"
            " LIMIT 1",
            (client_id,),
        ).fetchone()
        return None if row is None else str(row[0])

    def kept_here_only(self) -> list[str]:
        rows = self._s.conn.execute("SELECT client_id FROM withdrawn WHERE kept = 1")
        return [str(r[0]) for r in rows]

    # -- quarantine -----------------------------------------------------------------------------
    def quarantine(
        self,
        rows: Iterable[tuple[str, int | None, str, str]],
        schema: int,
        share: int | None = None,
        not_kept: list[tuple[str, int | None, str, str]] | None = None,
    ) -> int:
        """Keep refused envelopes (still sealed) with their reason, up to MAX_QUARANTINE rows
        and (with ``share``) that many rows per author (the envelope's "author": its signer,
        or the device the office names): past that they are only counted (a hostile member
        cannot fill the disk, nor the quarantine for the others). Returns how many were not
        kept; ``not_kept`` receives them."""
        rows = list(rows)
        held = int(self._s.conn.execute("SELECT count(*) FROM quarantine").fetchone()[0])
        room = max(MAX_QUARANTINE - held, 0)
        overflow = rows[room:]
        rows = rows[:room]
        if share is not None:
            rows, over_share = self._within_share(rows, share)
            overflow = over_share + overflow
        if not_kept is not None:
            not_kept.extend(overflow)
        if overflow:
            self._s.conn.execute(
                "INSERT INTO sync_state (key, value) VALUES ('quarantine_overflow', ?)"
                " ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + ?",
                (len(overflow), len(overflow)),
            )
        self._s.conn.executemany(
            "INSERT INTO quarantine (id, seq, reason, message, received_at, schema_seen)"
            " VALUES (?,?,?,?,?,?) ON CONFLICT (id) DO UPDATE SET reason = excluded.reason,"
            " schema_seen = excluded.schema_seen",
            [(mid, seq, reason, raw, _now(), schema) for mid, seq, reason, raw in rows],
        )
        return len(overflow)

    def _within_share(
        self, rows: list[tuple[str, int | None, str, str]], share: int
    ) -> tuple[list[tuple[str, int | None, str, str]], list[tuple[str, int | None, str, str]]]:
        kept: list[tuple[str, int | None, str, str]] = []
        over: list[tuple[str, int | None, str, str]] = []
        counts: dict[str, int] = {}
        for row in rows:
            author = quarantine_author(row[3])
            if author not in counts:
                counts[author] = int(self._s.conn.execute(
                    "SELECT count(*) FROM quarantine WHERE json_extract(message, '$.author') IS ?"
                    " AND id != ?", (author or None, row[0]),
                ).fetchone()[0])  # fmt: skip
            if counts[author] >= share:
                over.append(row)
                continue
            counts[author] += 1
            kept.append(row)
        return kept, over

    def quota_held(self) -> list[tuple[str, int | None, str]]:
        """Messages held back by a per-author quota, oldest first: (id, seq, envelope)."""
        rows = self._s.conn.execute(
            "SELECT id, seq, message FROM quarantine WHERE reason = 'quota' ORDER BY seq"
        )
        return [(str(r[0]), r[1], str(r[2])) for r in rows]

    def quota_held_by_author(self) -> dict[str, int]:
        rows = self._s.conn.execute(
            "SELECT json_extract(message, '$.author'), count(*) FROM quarantine"
            " WHERE reason = 'quota' GROUP BY 1"
        )
        return {str(r[0] or "?"): int(r[1]) for r in rows}

    def to_retry(self, schema: int) -> list[tuple[str, int | None, str]]:
        """Quarantined messages this app version has not tried yet: (id, seq, envelope)."""
        rows = self._s.conn.execute(
            "SELECT id, seq, message FROM quarantine WHERE schema_seen < ? ORDER BY seq", (schema,)
        )
        return [(str(r[0]), r[1], str(r[2])) for r in rows]

    def release(self, ids: Iterable[str]) -> None:
        self._s.conn.executemany("DELETE FROM quarantine WHERE id = ?", [(i,) for i in ids])

    def last_quarantine_reason(self) -> str | None:
        row = self._s.conn.execute(
            "SELECT reason FROM quarantine ORDER BY received_at DESC, rowid DESC LIMIT 1"
        ).fetchone()
        return None if row is None else str(row[0])


def quarantine_author(raw: str) -> str:
    """Who a quarantined envelope is charged to ("" when unknown)."""
    try:
        value = json.loads(raw).get("author")
    except (ValueError, AttributeError):
        return ""
    return value if isinstance(value, str) else ""


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _local_share_decisions_sql() -> str:
    return (
        "SELECT c.id, c.client_id, c.action FROM consents c"
        " WHERE c.scope = 'share_with_office' AND c.deleted = 0 AND EXISTS ("
        "  SELECT 1 FROM changes ch WHERE ch.entity = 'consent' AND ch.row_id = c.id"
        "  AND ch.origin = 'local')"
        " ORDER BY c.recorded_at, c.date, c.id"
    )
