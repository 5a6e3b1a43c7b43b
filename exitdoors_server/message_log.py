"""The append-only log of sealed messages: push (idempotent), pull (paged) and purge.

Sequence numbers come from a one-row counter that every writer locks (``SELECT … FOR UPDATE``
on PostgreSQL; ``BEGIN IMMEDIATE`` on SQLite) and holds until commit. So writers commit in
sequence order and, at any moment, the committed sequence numbers are exactly 1..counter
(minus purged rows): a reader that sees counter value C sees every message with seq <= C.
Pulls read the counter first and scan only up to it, so a cursor never skips a message that
commits later with a lower number.

Message ids and subject tags are stored as raw bytes (16 and 32): their unique/secondary
indexes are then less than half the size, which is most of the cost of a random-key insert.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Iterable
from typing import NamedTuple, Protocol

from sqlalchemy import ColumnElement, Connection, delete, func, insert, select, update

from exitdoors_server.schema import messages, seq_counter, tombstones

KIND_CHANGE = "change"
KIND_PURGE = "purge"
KIND_RESHARE = "reshare"


class Sealed(Protocol):
    """A validated incoming message (wire.OutgoingMessage, or a plain object in benchmarks)."""

    @property
    def id(self) -> str: ...
    @property
    def subject(self) -> str: ...
    @property
    def key_id(self) -> str: ...
    @property
    def nonce(self) -> bytes: ...
    @property
    def ciphertext(self) -> bytes: ...


@dataclasses.dataclass(frozen=True)
class PushResult:
    accepted: list[str]
    duplicates: list[str]


class Pulled(NamedTuple):
    seq: int
    id: str
    subject: str
    key_id: str
    nonce: bytes
    ciphertext: bytes
    kind: str
    device_id: str


@dataclasses.dataclass(frozen=True)
class PullResult:
    rows: list[Pulled]
    cursor: int
    has_more: bool


def id_bytes(message_id: str) -> bytes:
    """The 16 bytes of a canonical UUID string (wire.py has checked the format)."""
    return bytes.fromhex(message_id.replace("-", ""))


def id_text(raw: bytes) -> str:
    """Canonical lowercase UUID text; 4x faster than str(uuid.UUID(bytes=raw))."""
    h = raw.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


PULL_COLUMNS = (
    messages.c.seq,
    messages.c.id,
    messages.c.subject,
    messages.c.key_id,
    messages.c.nonce,
    messages.c.ciphertext,
    messages.c.kind,
    messages.c.device_id,
)


def _lock_counter(conn: Connection) -> int:
    """Take the sequence lock for the rest of the transaction; return the last seq handed out."""
    stmt = select(seq_counter.c.last_seq).where(seq_counter.c.id == 1).with_for_update()
    return int(conn.execute(stmt).scalar_one())


_COLUMNS = "seq, id, subject, key_id, nonce, ciphertext, kind, device_id, received_at"
_NAMES = [c.strip() for c in _COLUMNS.split(",")]
_PG_TYPES = [
    "int8",
    "bytea",
    "bytea",
    "varchar",
    "bytea",
    "bytea",
    "varchar",
    "varchar",
    "int8",
]
_PG_COPY = f"COPY messages ({_COLUMNS}) FROM STDIN (FORMAT BINARY)"
_SQLITE_INSERT = f"INSERT INTO messages ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"  # noqa: S608 - constant
_PG_EXISTING = "SELECT id FROM messages WHERE id = ANY(%b)"


def _insert_rows(conn: Connection, rows: list[tuple[object, ...]]) -> None:
    """Bulk-insert message rows given as tuples in _COLUMNS order, inside conn's transaction.

    Batches are the hot path, so each database gets its fastest bulk path on the same DBAPI
    connection: binary COPY on PostgreSQL (one round trip, encoded in C), the driver's
    executemany loop (in C) on SQLite. Both are dialect-specific on purpose.
    """
    if conn.dialect.name == "postgresql":
        raw = conn.connection.driver_connection
        with raw.cursor() as cur, cur.copy(_PG_COPY) as copy:  # type: ignore[union-attr]
            copy.set_types(_PG_TYPES)
            for row in rows:
                copy.write_row(row)
    elif conn.dialect.name == "sqlite":
        conn.exec_driver_sql(_SQLITE_INSERT, rows)
    else:  # pragma: no cover - db.normalise_url admits only the two databases above
        conn.execute(insert(messages), [dict(zip(_NAMES, r, strict=True)) for r in rows])


def _existing_ids(conn: Connection, ids: list[bytes]) -> set[bytes]:
    if conn.dialect.name == "postgresql":
        # One binary bytea[] parameter instead of an IN list of 500 separately cast parameters.
        raw = conn.connection.driver_connection
        with raw.cursor() as cur:  # type: ignore[union-attr]
            cur.execute(_PG_EXISTING, [ids])
            return {bytes(r[0]) for r in cur.fetchall()}
    # Plain driver SQL: SQLAlchemy's expanding IN costs more than the lookup itself here.
    marks = ",".join("?" * len(ids))
    sql = f"SELECT id FROM messages WHERE id IN ({marks})"  # noqa: S608 - only placeholders
    found = conn.exec_driver_sql(sql, tuple(ids))
    return {bytes(r[0]) for r in found}


def _set_counter(conn: Connection, last_seq: int) -> None:
    conn.execute(update(seq_counter).where(seq_counter.c.id == 1).values(last_seq=last_seq))


def push(conn: Connection, device_id: str, batch: Iterable[Sealed], now: int) -> PushResult:
    """Append the messages whose ids are new; ids already stored (or repeated) are duplicates."""
    batch = list(batch)
    if not batch:
        return PushResult([], [])
    last = _lock_counter(conn)
    keys = [id_bytes(m.id) for m in batch]
    existing = _existing_ids(conn, list(dict.fromkeys(keys)))
    accepted: list[str] = []
    duplicates: list[str] = []
    rows: list[tuple[object, ...]] = []
    for key, m in zip(keys, batch, strict=True):
        if key in existing:
            duplicates.append(m.id)
            continue
        existing.add(key)
        last += 1
        accepted.append(m.id)
        rows.append(
            (
                last,
                key,
                bytes.fromhex(m.subject),
                m.key_id,
                m.nonce,
                m.ciphertext,
                KIND_CHANGE,
                device_id,
                now,
            )
        )
    if rows:
        _insert_rows(conn, rows)
        _set_counter(conn, last)
    return PushResult(accepted, duplicates)


# What one pulled message costs in a JSON answer besides its base64 nonce and ciphertext
# (seq, id, subject, key_id, kind, device_id and the keys), rounded up.
WIRE_OVERHEAD = 256


def wire_size(nonce_bytes: int, ciphertext_bytes: int) -> int:
    """Bytes one pulled message takes in a JSON answer (an upper bound)."""
    return 4 * ((nonce_bytes + 2) // 3) + 4 * ((ciphertext_bytes + 2) // 3) + WIRE_OVERHEAD


def pull(
    conn: Connection, device_id: str, cursor: int, limit: int, max_bytes: int | None = None
) -> PullResult:
    """Messages by other devices with seq > cursor, in seq order, at most ``limit`` and (with
    ``max_bytes``) stopping before the answer would pass that many bytes; the first message
    always goes, so a cursor always moves."""
    # Read the counter before the messages: everything up to it is committed (see module doc).
    high = high_water(conn)
    where: tuple[ColumnElement[bool], ...] = (
        messages.c.seq > cursor,
        messages.c.seq <= high,
        messages.c.device_id != device_id,
    )
    take, more = limit, False
    if max_bytes is not None:
        # Sizes first (lengths only: neither database reads the blobs for them), then only the
        # rows that fit, so a page of 5000 large messages is never loaded to be cut.
        sizes = conn.execute(
            select(
                messages.c.seq, func.length(messages.c.nonce), func.length(messages.c.ciphertext)
            )
            .where(*where)
            .order_by(messages.c.seq)
            .limit(limit + 1)
        ).all()
        total, take = 0, 0
        for _seq, nonce_len, ciphertext_len in sizes[:limit]:
            size = wire_size(int(nonce_len or 0), int(ciphertext_len or 0))
            if take and total + size > max_bytes:
                break
            total += size
            take += 1
        more = take < len(sizes)
        if take == 0:
            return PullResult([], max(cursor, high), False)
        where = (*where, messages.c.seq <= sizes[take - 1][0])
    result = conn.execute(
        select(*PULL_COLUMNS)
        .where(*where)
        .order_by(messages.c.seq)
        .limit(take if max_bytes is not None else take + 1)
    )
    rows = [
        Pulled(
            seq,
            id_text(mid),
            bytes(subject).hex(),
            key_id,
            bytes(nonce),
            bytes(ciphertext),
            kind,
            dev,
        )
        for seq, mid, subject, key_id, nonce, ciphertext, kind, dev in result
    ]
    if len(rows) > take:
        rows, more = rows[:take], True
    if more:  # (rows purged between the two reads: none to return, the same cursor again)
        return PullResult(rows, rows[-1].seq if rows else cursor, True)
    # Nothing more by others up to `high`: skip past it (own messages, purged gaps) too.
    return PullResult(rows, max(cursor, high), False)


def purge(
    conn: Connection, device_id: str, subjects: Iterable[str], now: int, proof: bytes = b""
) -> tuple[int, list[str]]:
    """Delete every message about ``subjects``, keep a tombstone per subject (later pushes under
    it are refused) and append one purge marker carrying ``proof`` (the signed request) so
    devices can check who asked."""
    tags = [bytes.fromhex(s) for s in dict.fromkeys(subjects)]
    last = _lock_counter(conn)
    deleted = conn.execute(delete(messages).where(messages.c.subject.in_(tags))).rowcount
    known = {
        bytes(r[0])
        for r in conn.execute(select(tombstones.c.subject).where(tombstones.c.subject.in_(tags)))
    }
    fresh = [t for t in tags if t not in known]
    if fresh:
        conn.execute(
            insert(tombstones), [{"subject": t, "device_id": device_id, "at": now} for t in fresh]
        )
    marker = uuid.uuid4()
    last += 1
    _insert_rows(conn, [(last, marker.bytes, tags[0], "", b"", proof, KIND_PURGE, device_id, now)])
    _set_counter(conn, last)
    return int(deleted or 0), [str(marker)]


def reshare(
    conn: Connection, device_id: str, subjects: Iterable[str], now: int, proof: bytes = b""
) -> int:
    """Lift the tombstones of ``subjects`` (a signed re-share: consent given again) and append
    one re-share marker carrying ``proof`` so devices can let her writes in again."""
    tags = [bytes.fromhex(s) for s in dict.fromkeys(subjects)]
    last = _lock_counter(conn)
    lifted = conn.execute(delete(tombstones).where(tombstones.c.subject.in_(tags))).rowcount
    marker = uuid.uuid4()
    last += 1
    _insert_rows(
        conn, [(last, marker.bytes, tags[0], "", b"", proof, KIND_RESHARE, device_id, now)]
    )
    _set_counter(conn, last)
    return int(lifted or 0)


def withdrawn(conn: Connection, subjects: Iterable[str]) -> list[str]:
    """Which of these subject tags carry a tombstone."""
    tags = list({bytes.fromhex(s) for s in subjects})
    found: set[bytes] = set()
    for i in range(0, len(tags), 500):
        chunk = tags[i : i + 500]
        found |= {
            bytes(r[0])
            for r in conn.execute(
                select(tombstones.c.subject).where(tombstones.c.subject.in_(chunk))
            )
        }
    return sorted(t.hex() for t in found)


def high_water(conn: Connection) -> int:
    return int(conn.execute(select(seq_counter.c.last_seq)).scalar_one())


def lock(conn: Connection) -> None:
    """Serialise a writer with every other (the sequence counter's lock), for the rest of the
    transaction."""
    _lock_counter(conn)
