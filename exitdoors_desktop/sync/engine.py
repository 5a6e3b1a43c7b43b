"""One sync round: purges first, then push the consent-gated outbox and pull pages until both
sides are drained. Each server answer is applied (pulled writes, acknowledgements, cursor) in
one local transaction. Plain Python: a progress callback and a cancel token, no Qt."""

from __future__ import annotations

import base64
import binascii
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from exitdoors_desktop.core.errors import Cancelled, SyncError
from exitdoors_desktop.core.hlc import Timestamp
from exitdoors_desktop.storage.audit import AuditAction
from exitdoors_desktop.storage.sync_store import SyncStore, Write
from exitdoors_desktop.storage.vault import Session
from exitdoors_desktop.sync.envelope import EnvelopeError, Sealed, TeamKeys, message_id
from exitdoors_desktop.sync.transport import BodyTooLarge, Transport

PROTOCOL_VERSION = 1
PAYLOAD_VERSION = 1
# Per request the server takes up to 5000 messages pushed and 5000 pulled (exitdoors_server
# wire.py) in a body of at most 8 MiB by default; pushes stop at half that, and halve again
# whenever a server run with a smaller --max-body answers 413.
BATCH = 5000
PULL_LIMIT = 5000
MAX_PUSH_BYTES = 4 * 1024 * 1024


class CancelToken:
    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        if self._event.is_set():
            raise Cancelled("sync cancelled")


@dataclass
class SyncReport:
    pushed: int = 0
    pulled: int = 0
    held: int = 0
    held_clients: int = 0
    conflicts: int = 0
    quarantined: int = 0
    purged_here: int = 0
    purges_sent: int = 0
    requests: int = 0


class SyncEngine:
    def __init__(
        self,
        session: Session,
        transport: Transport,
        keys: TeamKeys,
        *,
        batch: int = BATCH,
        pull_limit: int = PULL_LIMIT,
        max_push_bytes: int = MAX_PUSH_BYTES,
        progress: Callable[[str, int], None] | None = None,
        cancel: CancelToken | None = None,
    ) -> None:
        self._s = session
        self._store = SyncStore(session)
        self._t = transport
        self._keys = keys
        self._batch = batch
        self._pull_limit = pull_limit
        self._max_push_bytes = max_push_bytes
        self._progress = progress or (lambda _stage, _n: None)
        self._cancel = cancel or CancelToken()

    def run_round(self) -> SyncReport:
        report = SyncReport()
        self._send_purges(report)
        cursor = self._store.cursor()
        allowed = self._store.shareable_subjects()  # once per round: consent is read here
        after_seq = 0  # the outbox is read once per round, in change-log order
        while True:
            self._cancel.check()
            outbox = self._store.outbox(self._batch, allowed, after_seq=after_seq, count_held=False)
            to_send, sealed, wire, size = self._pack(outbox.writes)
            cut = len(to_send) < len(outbox.writes)
            body = {
                "version": PROTOCOL_VERSION,
                "cursor": cursor,
                "messages": wire,
                "pull_limit": self._pull_limit,
            }
            try:
                answer = self._t.sync(body)
            except BodyTooLarge:
                if len(to_send) <= 1:
                    raise
                self._max_push_bytes = size // 2  # and send the same writes in smaller parts
                report.requests += 1
                continue
            report.requests += 1
            self._cancel.check()
            acked_ids, pulled, new_cursor, has_more = self._read_answer(answer, sealed, cursor)
            acked_seqs = [
                seq
                for w, s in zip(to_send, sealed, strict=True)
                if s.id in acked_ids
                for seq in w.seqs
            ]
            writes, purged, quarantined = self._open_all(pulled)
            result = self._store.apply_answer(
                writes, (), new_cursor, purged, quarantined, acked_seqs=acked_seqs
            )
            self._mark_shared({w.subject for w in to_send if w.subject})
            report.pushed += len(acked_ids)
            report.pulled += len(writes)
            report.conflicts += result.conflicts
            report.quarantined += len(quarantined)
            report.purged_here += result.purged_clients
            self._progress("synced", report.pushed + report.pulled)
            if to_send and not acked_ids:
                raise SyncError("the server accepted none of the changes sent")
            cursor = new_cursor
            # The next batch starts after what was read (or, if cut short, what was sent).
            after_seq = max(to_send[-1].seqs) if cut else outbox.last_seq
            if not has_more and not cut and len(outbox.writes) < self._batch:
                break
        report.held, report.held_clients = self._store.held(allowed)
        return report

    def _pack(
        self, writes: list[Write]
    ) -> tuple[list[Write], list[Sealed], list[dict[str, str]], int]:
        """Seal writes in order while the request stays within ``max_push_bytes`` (at least
        one write, so a round always moves on); returns them and the body's approximate size."""
        sealed: list[Sealed] = []
        wire: list[dict[str, str]] = []
        size = 128
        for w in writes:
            s = self._seal(w)
            item = _wire(s)
            grown = size + 16 + sum(len(k) + len(v) + 6 for k, v in item.items())
            if wire and grown > self._max_push_bytes:
                break
            size = grown
            sealed.append(s)
            wire.append(item)
        return writes[: len(sealed)], sealed, wire, size

    # -- purges -----------------------------------------------------------------------------
    def _send_purges(self, report: SyncReport) -> None:
        """A client who no longer shares with the office is purged from the server (and, by
        the marker, from every other device); her changes wait here in case she shares again."""
        shared = set(self._shared())
        allowed = self._store.shareable_subjects()
        withdrawn = sorted(shared - allowed)
        pending = [str(t) for t in (self._store.get("pending_purges", []) or [])]  # type: ignore[attr-defined]
        if withdrawn:
            with self._s.transaction():
                for client_id in withdrawn:
                    tag = self._keys.subject_tag(client_id)
                    if tag not in pending:
                        pending.append(tag)
                    self._store.requeue_client(client_id)
                    self._s.audit.append(
                        AuditAction.DISCLOSE, "client", client_id, "purge requested"
                    )
                self._store.put("pending_purges", pending)
                self._store.put("shared_subjects", sorted(shared - set(withdrawn)))
        if pending:
            self._t.purge(pending)
            self._store.put("pending_purges", [])
            report.purges_sent += len(pending)

    def _shared(self) -> list[str]:
        return [str(s) for s in (self._store.get("shared_subjects", []) or [])]  # type: ignore[attr-defined]

    def _mark_shared(self, subjects: set[str]) -> None:
        if subjects:
            self._store.put("shared_subjects", sorted(set(self._shared()) | subjects))

    # -- sealing and opening ------------------------------------------------------------------
    def _seal(self, w: Write) -> Sealed:
        payload = {
            "v": PAYLOAD_VERSION,
            "e": w.entity,
            "r": w.row_id,
            "h": w.hlc,
            "d": w.device,
            "u": w.user_id,
            "s": w.subject,
            "f": w.fields,
            "b": w.bases,
            "c": w.change_ids,
        }
        mid = message_id(w.device, w.entity, w.row_id, w.hlc)
        return self._keys.seal(mid, self._keys.subject_tag(w.subject), w.hlc, payload)

    def _read_answer(
        self, answer: dict[str, Any], sent: list[Sealed], cursor: int
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
        sent_ids = {s.id for s in sent}
        acked = (set(accepted) | set(duplicates)) & sent_ids  # type: ignore[arg-type]
        return acked, messages, new_cursor, has_more

    def _open_all(
        self, pulled: list[dict[str, Any]]
    ) -> tuple[list[Write], list[str], list[tuple[str, int | None, str, str]]]:
        writes: list[Write] = []
        purged: list[str] = []
        quarantined: list[tuple[str, int | None, str, str]] = []
        tags: dict[str, str] | None = None
        for msg in pulled:
            mid = str(msg.get("id", ""))[:64]
            seq = msg.get("seq") if isinstance(msg.get("seq"), int) else None
            if msg.get("kind") == "purge":
                if tags is None:
                    tags = {self._keys.subject_tag(c): c for c in self._store.client_ids()}
                client_id = tags.get(str(msg.get("subject")))
                if client_id is not None:
                    purged.append(client_id)
                continue
            try:
                writes.append(self._open(msg))
            except (EnvelopeError, ValueError, KeyError, TypeError) as exc:
                reason = str(exc) if isinstance(exc, EnvelopeError) else type(exc).__name__
                # Keep only the envelope (ciphertext): never anything decrypted.
                raw = json.dumps({k: msg.get(k) for k in ("id", "subject", "hlc", "key_id")})
                quarantined.append((mid or f"seq-{seq}", seq, reason, raw))
        return writes, purged, quarantined

    def _open(self, msg: dict[str, Any]) -> Write:
        sealed = Sealed(
            id=_text(msg, "id"),
            subject=_text(msg, "subject"),
            hlc=_text(msg, "hlc"),
            key_id=_text(msg, "key_id"),
            nonce=_b64(msg, "nonce"),
            ciphertext=_b64(msg, "ciphertext"),
        )
        p = self._keys.open(sealed)
        if not isinstance(p, dict) or p.get("v") != PAYLOAD_VERSION:
            raise EnvelopeError("unknown payload version")
        entity, row_id, hlc, device = p["e"], p["r"], p["h"], p["d"]
        subject, fields, bases, change_ids = p["s"], p["f"], p["b"], p["c"]
        if not all(isinstance(x, str) for x in (entity, row_id, hlc, device)):
            raise EnvelopeError("payload fields have the wrong types")
        if not (
            isinstance(fields, dict) and isinstance(bases, dict) and isinstance(change_ids, dict)
        ):
            raise EnvelopeError("payload fields have the wrong types")
        if subject is not None and not isinstance(subject, str):
            raise EnvelopeError("payload subject has the wrong type")
        # The envelope's clear fields must agree with what was sealed inside.
        if hlc != sealed.hlc or self._keys.subject_tag(subject) != sealed.subject:
            raise EnvelopeError("envelope and payload disagree")
        if message_id(device, entity, row_id, hlc) != sealed.id:
            raise EnvelopeError("message id does not match its content")
        stamp = Timestamp.decode(hlc)
        self._s.clock.observe(stamp)  # raises ValueError for a stamp far in the future
        user = p.get("u")
        return Write(
            entity=entity,
            row_id=row_id,
            hlc=hlc,
            device=device,
            user_id=user if isinstance(user, str) else None,
            subject=subject,
            fields=dict(fields),
            bases={str(k): (v if isinstance(v, str) else None) for k, v in bases.items()},
            change_ids={str(k): str(v) for k, v in change_ids.items()},
        )


def _wire(s: Sealed) -> dict[str, str]:
    return {
        "id": s.id,
        "subject": s.subject,
        "hlc": s.hlc,
        "key_id": s.key_id,
        "nonce": base64.b64encode(s.nonce).decode("ascii"),
        "ciphertext": base64.b64encode(s.ciphertext).decode("ascii"),
    }


def _str_list(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _text(msg: dict[str, Any], key: str) -> str:
    value = msg.get(key)
    if not isinstance(value, str) or len(value) > 256:
        raise EnvelopeError(f"envelope field {key} is missing or malformed")
    return value


def _b64(msg: dict[str, Any], key: str) -> bytes:
    value = msg.get(key)
    if not isinstance(value, str):
        raise EnvelopeError(f"envelope field {key} is missing")
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise EnvelopeError(f"envelope field {key} is not base64") from exc
