"""What the office answers in a round: the answer checked, each pulled message opened,
verified and judged in the office's order (register statements, writes about withdrawn
clients, authors over quota, writes naming another client than their row), and the messages
held or quarantined earlier tried again. A part of SyncEngine (engine.py)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from exitdoors_desktop.core.errors import SyncError
from exitdoors_desktop.storage.entities import REGISTRY
from exitdoors_desktop.storage.sync_store import SyncStore, Write
from exitdoors_desktop.storage.team_store import TeamStore
from exitdoors_desktop.storage.vault import Session
from exitdoors_desktop.sync import envelope
from exitdoors_desktop.sync.author_quota import QUOTA_REASON, STATEMENTS, WRITES, AuthorQuota
from exitdoors_desktop.sync.envelope import EnvelopeError
from exitdoors_desktop.sync.opening import Beacon, Refused, Seen, Unapplicable, open_message
from exitdoors_desktop.sync.register_flow import RegisterFlow
from exitdoors_desktop.sync.team import Team
from exitdoors_desktop.sync.witness import TeamRecord, Witnesses
from exitdoors_protocol import register
from exitdoors_protocol.register import Entry

if TYPE_CHECKING:
    from exitdoors_desktop.sync.engine import SyncReport


class Receiving:
    """SyncEngine's incoming side (the engine sets these attributes)."""

    _charged_upto: int  # messages up to this office seq were charged to their author already
    _s: Session
    _store: SyncStore
    _tstore: TeamStore
    _team: Team
    _register: RegisterFlow
    _authors: dict[str, int]
    _used: dict[str, list[list[int]]]
    _seen: Seen
    _witnesses: Witnesses
    _quota: AuthorQuota
    _origins: dict[int, tuple[str, int | None, str]]

    if TYPE_CHECKING:  # defined in engine.py

        def _settle_answer(
            self,
            to_send: list[Write],
            writes: list[Write],
            batch: Any,
            quarantined: list[tuple[str, int | None, str, str]],
            new_cursor: int,
            has_more: bool,
            acked_ids: set[str],
            acked_seqs: list[int],
            statements: dict[str, str] | None,
            wire: list[dict[str, str]],
            report: SyncReport,
            release: list[str] | None = None,
        ) -> tuple[int, bool]: ...

    # -- the answer -----------------------------------------------------------------------------
    def _read_answer(
        self, answer: dict[str, Any], sent_ids: set[str], cursor: int
    ) -> tuple[set[str], list[dict[str, Any]], int, bool]:
        accepted, duplicates = answer.get("accepted"), answer.get("duplicates")
        messages, new_cursor = answer.get("messages"), answer.get("cursor")
        has_more = answer.get("has_more")
        if not (
            _str_list(accepted)
            and _str_list(duplicates)
            and isinstance(messages, list)
            and all(isinstance(m, dict) for m in messages)
            and isinstance(new_cursor, int)
            and not isinstance(new_cursor, bool)
            and isinstance(has_more, bool)
        ):
            raise SyncError("the server's answer is malformed")
        if new_cursor < cursor:
            raise SyncError("the server's cursor went backwards")
        acked = (set(accepted) | set(duplicates)) & sent_ids  # type: ignore[arg-type]
        return acked, messages, new_cursor, has_more

    def _open_all(
        self, pulled: list[dict[str, Any]], report: SyncReport
    ) -> tuple[list[Write], Any, list[tuple[str, int | None, str, str]]]:
        """Open, verify and judge a page in the office's order: a write about a client after
        her withdrawal (in the register, or earlier in this page) is dropped."""
        writes: list[Write] = []
        batch = self._register.incoming()
        quarantined: list[tuple[str, int | None, str, str]] = []
        withdrawn = self._tstore.withdrawn()
        owners: dict[tuple[str, str], str | None] = {}  # rows written earlier in this page
        dropped_at: dict[str, int] = {}  # her writes dropped while withdrawn here: from where
        first_seen: dict[str, int] = {}  # the first office seq of a write about her, this page
        for msg in pulled:
            mid = str(msg.get("id", ""))[:64]
            seq = msg.get("seq") if isinstance(msg.get("seq"), int) else None
            if msg.get("kind") in ("purge", "reshare"):
                report.office_markers += 1  # the office's tombstones: the register decides
                continue
            try:
                item = open_message(
                    msg, self._team, self._s.clock, self._authors, self._seen, self._used
                )
            except Refused:
                report.refused_removed += 1
                continue
            except (EnvelopeError, Unapplicable, ValueError, KeyError, TypeError,
                    RecursionError) as exc:  # fmt: skip
                reason = (
                    str(exc)
                    if isinstance(exc, EnvelopeError | Unapplicable)
                    else (f"cannot be applied ({type(exc).__name__})")
                )
                # Keep only the envelope (still encrypted): never anything decrypted.
                quarantined.append((mid or f"seq-{seq}", seq, reason[:200],
                                    _envelope(msg, str(msg.get("device_id", ""))[:64])))  # fmt: skip
                continue
            if isinstance(item, Beacon):
                continue  # noted in self._seen: who was heard from, and its view
            if isinstance(item, TeamRecord):  # small, and kept one per device: no quota
                report.heads_witnessed += self._witnesses.take(item)
                continue
            author, kind = (item.author, STATEMENTS) if isinstance(item, Entry) else (
                item.device, WRITES)  # fmt: skip
            charged = seq is not None and seq <= self._charged_upto  # pulled again: once is enough
            if not charged and not self._quota.admit(author, kind):
                report.quota_held += 1  # kept sealed, tried again next round
                quarantined.append((mid or f"seq-{seq}", seq, QUOTA_REASON,
                                    _envelope(msg, author)))  # fmt: skip
                continue
            if isinstance(item, Beacon):
                continue  # noted in self._seen: who was heard from, and its view
            if isinstance(item, Entry):
                self._register.judge(batch, item)
                if seq is not None and batch.waiting and batch.waiting[-1] is item:
                    dropped_at.setdefault(item.client, seq)  # a re-share waiting for its withdrawal
                now = batch.register.get(item.client)
                if now is not None and now.kind == register.WITHDRAWAL:
                    withdrawn.setdefault(item.client, False)
                else:
                    withdrawn.pop(item.client, None)
                continue
            if item.subject is not None and item.subject in withdrawn:
                report.dropped += 1  # she withdrew: her writes are not applied here
                if seq is not None:
                    dropped_at.setdefault(item.subject, seq)
                continue
            wrong = self._wrong_owner(item, owners)
            if wrong is not None:
                raw = json.dumps({k: msg.get(k) for k in ("id", "subject", "key_id", "nonce",
                                                          "ciphertext")})  # fmt: skip
                quarantined.append((mid or f"seq-{seq}", seq, wrong, raw))
                continue
            if item.subject is not None and seq is not None:
                first_seen.setdefault(item.subject, seq)
            if item.entity == "client":
                batch.recorded_by.setdefault(item.row_id, item.device)
            writes.append(item)
            self._origins[id(item)] = (
                mid,
                seq,
                json.dumps(
                    {k: msg.get(k) for k in ("id", "subject", "key_id", "nonce", "ciphertext")}
                ),
            )
        self._register.pull_again_from(dropped_at)
        self._register.note_first_seen(first_seen)
        return writes, batch, quarantined

    def _wrong_owner(self, item: Write, owners: dict[tuple[str, str], str | None]) -> str | None:
        """A write to a row that belongs to a client must be about that client: the one the
        row already names here (found by the independent attacker: an edit leaving out
        client_id and claiming another client passed as hers), or, for a new row, the one it
        names itself. Returns the reason to set it aside, or None."""
        column = REGISTRY[item.entity].subject_column
        if column is None or column == "id":
            return None
        key = (item.entity, item.row_id)
        if key in owners:
            known: str | None = owners[key]
            exists = True
        else:
            exists, known = self._store.row_subject(item.entity, item.row_id, column)
        if exists and known != item.subject:
            return "the write names another client than its row"
        if not exists and column not in item.fields:
            return "a write to a row this laptop does not hold names no client"
        owners[key] = item.subject
        return None

    # -- quarantine ---------------------------------------------------------------------------
    def _replay_held(self, report: SyncReport) -> None:
        """Messages held back over an author's quota, tried again (oldest first, so one
        author's order holds) before anything new; what is still over stays held."""
        rows = self._tstore.quota_held()
        msgs: list[dict[str, Any]] = []
        for _mid, seq, raw in rows:
            try:
                msg = json.loads(raw)
            except ValueError:
                continue
            if isinstance(msg, dict):
                msgs.append({**msg, "seq": seq})
        if not msgs:
            return
        writes, batch, quarantined = self._open_all(msgs, report)
        cursor = self._store.cursor()
        self._settle_answer([], writes, batch, quarantined, cursor, False, set(), [], None, [],
                            report, [mid for mid, _seq, _raw in rows])  # fmt: skip

    def _rewind_for(self, not_kept: list[tuple[str, int | None, str, str]]) -> None:
        """Held messages the author's quarantine share had no room for are not dropped: the
        next round pulls again from the first of them (the office still holds them)."""
        seqs = [seq for _mid, seq, reason, _raw in not_kept if reason == QUOTA_REASON and seq]
        if not seqs:
            return
        old = self._store.get("quota_rewind")
        first = min(seqs)
        self._store.put("quota_rewind", min(first, old) if isinstance(old, int) and old else first)

    def _retry_quarantined(self, report: SyncReport) -> None:
        """Messages quarantined by an older app version are tried again once."""
        rows = self._tstore.to_retry(envelope.SCHEMA_VERSION)
        if not rows:
            return
        writes: list[Write] = []
        released: list[str] = []
        still: list[tuple[str, int | None, str, str]] = []
        for mid, seq, raw in rows:
            try:
                item = open_message(
                    json.loads(raw), self._team, self._s.clock, self._authors, used=self._used
                )
                if isinstance(item, Write):
                    writes.append(item)
                released.append(mid)
            except Refused:
                released.append(mid)
            except (EnvelopeError, Unapplicable, ValueError, KeyError, TypeError,
                    RecursionError) as exc:  # fmt: skip
                still.append((mid, seq, str(exc)[:200] or type(exc).__name__, raw))
        with self._s.transaction():
            self._store.apply_writes(writes)
            report.changed_clients |= self._store.clients_touched(writes)
            self._tstore.release(released)
            self._tstore.quarantine(still, envelope.SCHEMA_VERSION)
            self._store.put_author_counters(self._authors)
            self._store.put_used_counters(self._used)
        report.released += len(released)


def _envelope(msg: dict[str, Any], author: str) -> str:
    """What the quarantine keeps of a message: the sealed envelope and who it is charged to."""
    kept = {k: msg.get(k) for k in ("id", "subject", "key_id", "nonce", "ciphertext", "device_id")}
    return json.dumps({**kept, "author": author})


def _str_list(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)
