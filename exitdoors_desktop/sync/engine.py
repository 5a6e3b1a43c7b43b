"""One sync round (protocol v2): read the team's membership log and pull a first page, do an
admin's duties, send signed purges, then push the consent-gated outbox and pull pages until
both sides are drained. Each server answer is applied (pulled writes, acknowledgements,
quarantine, cursor) in one local transaction. A message that cannot be applied is quarantined
with its reason and the cursor moves on: one message never stops sync. Plain Python: a
progress callback and a cancel token, no Qt."""

from __future__ import annotations

import base64
import binascii
import json
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from exitdoors_desktop.core.errors import Cancelled, SyncError
from exitdoors_desktop.core.hlc import Timestamp
from exitdoors_desktop.storage.audit import AuditAction
from exitdoors_desktop.storage.entities import REGISTRY
from exitdoors_desktop.storage.sync_store import SyncStore, Write
from exitdoors_desktop.storage.team_store import TeamStore
from exitdoors_desktop.storage.vault import Session
from exitdoors_desktop.sync import envelope
from exitdoors_desktop.sync.envelope import EnvelopeError, Sealed, message_id, open_sealed, seal
from exitdoors_desktop.sync.identity import SignatureError, b64, canonical, unb64, verify
from exitdoors_desktop.sync.team import Team
from exitdoors_desktop.sync.transport import BodyTooLarge, RevokedError, SubjectWithdrawn, Transport

PROTOCOL_VERSION = 2
# Per request the server takes up to 5000 messages pushed and 5000 pulled (exitdoors_server
# wire.py) in a body of at most 8 MiB by default; pushes stop at half that, and halve again
# whenever a server run with a smaller --max-body answers 413.
BATCH = 5000
PULL_LIMIT = 5000
MAX_PUSH_BYTES = 4 * 1024 * 1024
_SCALARS = (str, int, float, bool, type(None))


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


class Unapplicable(Exception):
    """A message that opened and verified but that this app cannot apply (yet)."""


@dataclass
class SyncReport:
    pushed: int = 0
    pulled: int = 0
    held: int = 0
    held_clients: int = 0
    conflicts: int = 0
    quarantined: int = 0
    released: int = 0  # quarantined earlier, applied now (after an upgrade)
    purged_here: int = 0
    purges_sent: int = 0
    dropped: int = 0  # writes about withdrawn clients, neither sent nor applied
    team_events: int = 0
    ignored_commands: int = 0
    requests: int = 0
    waiting: bool = False  # enrolled, not yet let in by the inviting admin
    # Clients whose rows this round changed here (applied, released or purged): the window's
    # caseload re-reads just these.
    changed_clients: set[str] = field(default_factory=set)


class SyncEngine:
    def __init__(
        self,
        session: Session,
        transport: Transport,
        team: Team,
        *,
        batch: int = BATCH,
        pull_limit: int = PULL_LIMIT,
        max_push_bytes: int = MAX_PUSH_BYTES,
        progress: Callable[[str, int], None] | None = None,
        cancel: CancelToken | None = None,
    ) -> None:
        self._s = session
        self._store = SyncStore(session)
        self._tstore = TeamStore(session)
        self._t = transport
        self._team = team
        self._batch = batch
        self._pull_limit = pull_limit
        self._max_push_bytes = max_push_bytes
        self._progress = progress or (lambda _stage, _n: None)
        self._cancel = cancel or CancelToken()
        self._local_users: set[str] | None = None
        self._devices: object = None

    # -- the round --------------------------------------------------------------------------
    def run_round(self) -> SyncReport:
        report = SyncReport()
        cursor = self._store.cursor()
        # First request: the team log and a first page, nothing pushed (keys may change).
        cursor, has_more = self._exchange([], [], [], cursor, report)
        if self._team.ring is None:
            report.waiting = True
            return report
        report.team_events += self._team.admin_duties(self._t, self._devices)
        self._retry_quarantined(report)
        self._send_purges(report)
        allowed = self._store.shareable_subjects() - set(self._tstore.withdrawn())
        after_seq = 0  # the outbox is read once per round, in change-log order
        while True:
            self._cancel.check()
            outbox = self._store.outbox(self._batch, allowed, after_seq=after_seq, count_held=False)
            if not outbox.writes and not has_more:
                break
            to_send, sealed, wire, size = self._pack(outbox.writes)
            cut = len(to_send) < len(outbox.writes)
            try:
                cursor, has_more = self._exchange(to_send, sealed, wire, cursor, report)
            except BodyTooLarge:
                if len(to_send) <= 1:
                    raise
                self._max_push_bytes = size // 2  # and send the same writes in smaller parts
                report.requests += 1
                continue
            except SubjectWithdrawn as exc:
                self._refused(exc, to_send, sealed, report)
                allowed = self._store.shareable_subjects() - set(self._tstore.withdrawn())
                continue  # the same batch again, without her writes
            # The next batch starts after what was read (or, if cut short, what was sent).
            after_seq = max(to_send[-1].seqs) if cut else outbox.last_seq
            if not has_more and not cut and len(outbox.writes) < self._batch:
                break
        report.held, report.held_clients = self._store.held(allowed)
        return report

    def _exchange(
        self,
        to_send: list[Write],
        sealed: list[Sealed],
        wire: list[dict[str, str]],
        cursor: int,
        report: SyncReport,
    ) -> tuple[int, bool]:
        body = {
            "version": PROTOCOL_VERSION,
            "cursor": cursor,
            "messages": wire,
            "pull_limit": self._pull_limit,
            "membership_from": self._team.ask_from(),
        }
        answer = self._t.sync(body)
        report.requests += 1
        self._cancel.check()
        report.team_events += self._team.absorb(answer)
        check = self._team.check_commands(answer.get("commands"))
        if check.ignored:
            self._count_ignored(check.ignored, report)
        if check.wipe:
            raise RevokedError("a team admin told this laptop to wipe itself", True)
        self._devices = answer.get("devices")
        acked_ids, pulled, new_cursor, has_more = self._read_answer(answer, sealed, cursor)
        if pulled and self._team.ring is None:
            return cursor, False  # not let in yet: nothing can be opened; keep the cursor
        acked_seqs = [
            seq for w, s in zip(to_send, sealed, strict=True) if s.id in acked_ids for seq in w.seqs
        ]
        writes, purged, quarantined = self._open_all(pulled, report)
        with self._s.transaction():
            self._tstore.quarantine(quarantined, envelope.SCHEMA_VERSION)
            self._withdraw(purged, report)
            result = self._store.apply_answer(writes, (), new_cursor, acked_seqs=acked_seqs)
            report.changed_clients |= self._store.clients_touched(writes)
        report.changed_clients.update(purged)
        # Sent by us or received from others: the office holds her; a withdrawal here purges.
        touched: set[str | None] = {w.subject for w in to_send if w.subject and w.seqs}
        self._mark_shared(touched | {w.subject for w in writes if w.subject})
        report.pushed += len(acked_ids)
        report.pulled += len(writes)
        report.conflicts += result.conflicts
        report.quarantined += len(quarantined)
        self._progress("synced", report.pushed + report.pulled)
        if to_send and not acked_ids:
            raise SyncError("the server accepted none of the changes sent")
        return new_cursor, has_more

    def _count_ignored(self, n: int, report: SyncReport) -> None:
        report.ignored_commands += n
        total = int(str(self._store.get("ignored_commands", 0))) + n
        self._store.put("ignored_commands", total)

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

    # -- withdrawals ------------------------------------------------------------------------
    def _send_purges(self, report: SyncReport) -> None:
        """A client who no longer shares with the office is purged from the server under every
        epoch's tag, by a request this laptop signs; the server keeps tombstones."""
        ring = self._team.ring
        assert ring is not None
        shared = set(self._shared())
        allowed = self._store.shareable_subjects()
        # Only a withdrawal recorded here purges: a client whose consent has not arrived yet
        # (a page cut between her record and her consent) is not "withdrawn".
        withdrawn = sorted((shared & self._tstore.share_withdrawals()) - allowed)
        pending = [str(c) for c in (self._store.get("pending_purges", []) or [])]  # type: ignore[attr-defined]
        if withdrawn:
            with self._s.transaction():
                for client_id in withdrawn:
                    if client_id not in pending:
                        pending.append(client_id)
                    self._tstore.mark_withdrawn(client_id, kept=True, here=True)
                    self._s.audit.append(
                        AuditAction.DISCLOSE, "client", client_id, "purge requested"
                    )
                self._store.put("pending_purges", pending)
                self._store.put("shared_subjects", sorted(shared - set(withdrawn)))
        if pending:
            tags = sorted({t for c in pending for t in ring.all_tags(c)})
            statement = {"type": "purge", "device": self._team.me, "subjects": tags,
                         "nonce": os.urandom(8).hex()}  # fmt: skip
            self._t.purge(statement, b64(self._team.keys.sign_bytes(canonical(statement))))
            report.requests += 1
            self._store.put("pending_purges", [])
            report.purges_sent += len(pending)
        # Consent given again to a client withdrawn here: a signed re-share lifts the tombstones.
        again = sorted(c for c in self._tstore.withdrawn_here() if c in allowed)
        if again:
            tags = sorted({t for c in again for t in ring.all_tags(c)})
            statement = {"type": "reshare", "device": self._team.me, "subjects": tags,
                         "nonce": os.urandom(8).hex()}  # fmt: skip
            self._t.reshare(statement, b64(self._team.keys.sign_bytes(canonical(statement))))
            report.requests += 1
            with self._s.transaction():
                for client_id in again:
                    self._tstore.lift_withdrawn(client_id)
                    self._store.requeue_client(client_id)

    def _refused(
        self, exc: SubjectWithdrawn, to_send: list[Write], sealed: list[Sealed], r: SyncReport
    ) -> None:
        """The server holds a tombstone for some subjects in the batch: those clients withdrew
        (their purge may not have reached us yet). Their writes are dropped, never re-sent."""
        ids = set(exc.ids)
        clients = {w.subject for w, s in zip(to_send, sealed, strict=True) if s.id in ids}
        clients.discard(None)
        if not clients:
            raise exc
        with self._s.transaction():
            for client_id in clients:
                assert client_id is not None
                self._tstore.mark_withdrawn(client_id, kept=self._keeps(client_id))
            r.dropped += self._tstore.drop_unsent(c for c in clients if c)

    def _withdraw(self, purged: list[str], report: SyncReport) -> None:
        """Apply verified purge requests: her worker's laptop keeps her ("kept here only"),
        other laptops delete her; neither sends nor applies writes about her again."""
        for client_id in purged:
            kept = self._keeps(client_id)
            self._tstore.mark_withdrawn(client_id, kept=kept)
            if kept:
                report.dropped += self._tstore.drop_unsent([client_id])
            else:
                self._store.purge_local(client_id)
                report.purged_here += 1

    def _keeps(self, client_id: str) -> bool:
        """This laptop keeps a withdrawn client if she is assigned to one of its own users (or,
        unassigned, if she was recorded here)."""
        if self._local_users is None:
            names = [n for n, _role in self._s.vault.users()]
            self._local_users = self._store.user_ids(names)
        worker, created_here = self._store.client_owner(client_id, self._s.device_id)
        return worker in self._local_users if worker else created_here

    def _shared(self) -> list[str]:
        return [str(s) for s in (self._store.get("shared_subjects", []) or [])]  # type: ignore[attr-defined]

    def _mark_shared(self, subjects: set[str | None]) -> None:
        fresh = {s for s in subjects if s} - set(self._shared())
        if fresh:
            self._store.put("shared_subjects", sorted(set(self._shared()) | fresh))

    # -- sealing and opening ------------------------------------------------------------------
    def _seal(self, w: Write) -> Sealed:
        ring = self._team.ring
        assert ring is not None
        payload = {
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
        keys = ring.current
        return seal(keys, self._team.keys, self._team.me, mid, keys.subject_tag(w.subject), payload)

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
        self, pulled: list[dict[str, Any]], report: SyncReport
    ) -> tuple[list[Write], list[str], list[tuple[str, int | None, str, str]]]:
        writes: list[Write] = []
        purged: list[str] = []
        quarantined: list[tuple[str, int | None, str, str]] = []
        withdrawn = self._tstore.withdrawn()
        for msg in pulled:
            mid = str(msg.get("id", ""))[:64]
            seq = msg.get("seq") if isinstance(msg.get("seq"), int) else None
            if msg.get("kind") == "purge":
                named = self._verified_purge(msg, report, withdrawn)
                purged += named
                withdrawn.update(dict.fromkeys(named, False))  # later writes about her: dropped
                continue
            if msg.get("kind") == "reshare":  # consent given again: her writes come in again
                for client_id in self._verified_purge(msg, report, withdrawn, "reshare"):
                    self._tstore.lift_withdrawn(client_id)
                    withdrawn.pop(client_id, None)
                continue
            try:
                write = self._open(msg)
            except (EnvelopeError, Unapplicable, ValueError, KeyError, TypeError) as exc:
                reason = (
                    str(exc)
                    if isinstance(exc, EnvelopeError | Unapplicable)
                    else (f"cannot be applied ({type(exc).__name__})")
                )
                # Keep only the envelope (still encrypted): never anything decrypted.
                raw = json.dumps({k: msg.get(k) for k in ("id", "subject", "key_id", "nonce",
                                                          "ciphertext")})  # fmt: skip
                quarantined.append((mid or f"seq-{seq}", seq, reason[:200], raw))
                continue
            if write.subject is not None and write.subject in withdrawn:
                report.dropped += 1  # she withdrew: her writes are not applied here
                continue
            writes.append(write)
        return writes, purged, quarantined

    def _verified_purge(
        self, msg: dict[str, Any], report: SyncReport, withdrawn: dict[str, bool],
        kind: str = "purge",
    ) -> list[str]:  # fmt: skip
        """The clients a purge (or re-share) marker names, if and only if a team device signed
        it: clients here, and (re-share) clients withdrawn here whose records are gone."""
        state, ring = self._team.state, self._team.ring
        try:
            proof = json.loads(base64.b64decode(str(msg.get("ciphertext", "")), validate=True))
            statement, sig = proof["statement"], unb64(proof["sig"])
            signer = state.members.get(str(statement["device"])) if state else None
            if signer is None or statement.get("type") != kind:
                raise SignatureError("not signed by a team device")
            verify(signer.sign_pub, sig, canonical(statement))
            tags = set(statement["subjects"])
        except (ValueError, KeyError, TypeError, AttributeError, SignatureError):
            self._count_ignored(1, report)
            return []
        assert ring is not None
        candidates = set(self._store.client_ids()) | set(withdrawn)
        return sorted(c for c in candidates if tags.intersection(ring.all_tags(c)))

    def _open(self, msg: dict[str, Any]) -> Write:
        ring, state = self._team.ring, self._team.state
        assert ring is not None and state is not None
        sealed = Sealed(
            id=_text(msg, "id"),
            subject=_text(msg, "subject"),
            key_id=_text(msg, "key_id"),
            nonce=_b64(msg, "nonce"),
            ciphertext=_b64(msg, "ciphertext"),
        )
        opened = open_sealed(ring, sealed)
        signer = state.members.get(opened.signer)
        if signer is None or not signer.member_at(opened.epoch):
            raise EnvelopeError("its signer was not a team member at that epoch")
        try:
            verify(signer.sign_pub, opened.signature, opened.signed)
        except SignatureError as exc:
            raise EnvelopeError("its signature does not verify") from exc
        p = opened.payload
        if not isinstance(p, dict):
            raise EnvelopeError("payload is not an object")
        if opened.schema > envelope.SCHEMA_VERSION:
            raise Unapplicable(f"written with a newer schema version ({opened.schema})")
        entity, row_id, hlc, device = p.get("e"), p.get("r"), p.get("h"), p.get("d")
        subject, fields, bases, change_ids = p.get("s"), p.get("f"), p.get("b"), p.get("c")
        if not all(isinstance(x, str) for x in (entity, row_id, hlc, device)):
            raise EnvelopeError("payload fields have the wrong types")
        assert isinstance(entity, str) and isinstance(row_id, str)
        assert isinstance(hlc, str) and isinstance(device, str)
        if device != signer.node:
            raise EnvelopeError("the author inside is not the device that signed it")
        if not (
            isinstance(fields, dict) and isinstance(bases, dict) and isinstance(change_ids, dict)
        ):
            raise EnvelopeError("payload fields have the wrong types")
        if subject is not None and not isinstance(subject, str):
            raise EnvelopeError("payload subject has the wrong type")
        # The envelope's clear fields must agree with what was sealed inside.
        if ring.get(opened.epoch).subject_tag(subject) != sealed.subject:
            raise EnvelopeError("envelope and payload disagree")
        if message_id(device, entity, row_id, hlc) != sealed.id:
            raise EnvelopeError("message id does not match its content")
        _check_schema(entity, fields)
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

    # -- quarantine ---------------------------------------------------------------------------
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
                writes.append(self._open(json.loads(raw)))
                released.append(mid)
            except (EnvelopeError, Unapplicable, ValueError, KeyError, TypeError) as exc:
                still.append((mid, seq, str(exc)[:200] or type(exc).__name__, raw))
        with self._s.transaction():
            self._store.apply_writes(writes)
            report.changed_clients |= self._store.clients_touched(writes)
            self._tstore.release(released)
            self._tstore.quarantine(still, envelope.SCHEMA_VERSION)
        report.released += len(released)


def _check_schema(entity: str, fields: dict[str, Any]) -> None:
    spec = REGISTRY.get(entity)
    if spec is None:
        raise Unapplicable(f"unknown entity {entity[:40]!r}")
    unknown = sorted(set(fields) - set(spec.fields))
    if unknown:
        raise Unapplicable(f"{entity} has no field {unknown[0][:40]!r}")
    for name, value in fields.items():
        if name in spec.json_fields:
            ok = isinstance(value, list | dict | type(None))
        elif name == "deleted":
            ok = isinstance(value, bool)
        else:
            ok = isinstance(value, _SCALARS)
        if not ok:
            raise Unapplicable(f"{entity}.{name} has the wrong type")


def _wire(s: Sealed) -> dict[str, str]:
    return {
        "id": s.id,
        "subject": s.subject,
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
