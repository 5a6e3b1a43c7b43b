"""Opening one pulled message: decrypt, verify its signer against the team log, apply the
rulebook (membership, removal cut-off), match the envelope to what was sealed inside, and check
the write's schema and values, all before any apply transaction."""

from __future__ import annotations

import base64
import binascii
import bisect
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from exitdoors_desktop.core.hlc import HybridClock, Timestamp
from exitdoors_desktop.storage.entities import REGISTRY
from exitdoors_desktop.storage.sync_store import Write
from exitdoors_desktop.storage.wire_values import InvalidWrite, check_write
from exitdoors_desktop.sync import envelope
from exitdoors_desktop.sync.envelope import EnvelopeError, Sealed, message_id, open_sealed
from exitdoors_desktop.sync.identity import SignatureError, verify
from exitdoors_desktop.sync.team import Team
from exitdoors_desktop.sync.witness import TeamRecord
from exitdoors_protocol import register, views, witness
from exitdoors_protocol.register import Entry
from exitdoors_protocol.rules import write_refusal
from exitdoors_protocol.views import View

_SCALARS = (str, int, float, bool, type(None))


def counter_seen(spans: list[list[int]], n: int) -> bool:
    """Whether ``n`` lies in one of the sorted, disjoint [low, high] spans."""
    i = bisect.bisect_right(spans, [n, 2**63]) - 1
    return i >= 0 and spans[i][0] <= n <= spans[i][1]


def counter_add(spans: list[list[int]], n: int) -> None:
    """Add ``n`` to the sorted, disjoint spans, joining neighbours (counters mostly follow one
    another, so a device's history stays a few spans long)."""
    if counter_seen(spans, n):
        return
    i = bisect.bisect_right(spans, [n, 2**63])
    before = spans[i - 1] if i > 0 and spans[i - 1][1] == n - 1 else None
    after = spans[i] if i < len(spans) and spans[i][0] == n + 1 else None
    if before and after:
        before[1] = after[1]
        del spans[i]
    elif before:
        before[1] = n
    elif after:
        after[0] = n
    else:
        spans.insert(i, [n, n])


def register_subject(statement_hash: str) -> str:
    """The name a register statement's subject tag is made from (one tag per statement)."""
    return f"__register__:{statement_hash}"


def beacon_subject(message_id_: str) -> str:
    """The name a beacon's subject tag is made from (one tag per beacon, like statements)."""
    return f"__beacon__:{message_id_}"


@dataclass(frozen=True)
class Beacon:
    """A verified beacon: its signer and the time it signed (never later than our clock)."""

    node: str
    at: dt.datetime


@dataclass
class Seen:
    """What verified messages said about their signers: claims, shown and used to decide what
    this laptop re-sends, never obeyed."""

    logs: dict[str, tuple[int, str]] = field(default_factory=dict)  # longest team log signed
    views: dict[str, dict[str, Any]] = field(default_factory=dict)  # latest view: {"n","c"}
    heard: dict[str, str] = field(default_factory=dict)  # node -> latest signed time (ISO)
    beacons: dict[str, str] = field(default_factory=dict)  # node -> latest beacon time (ISO)

    def note(self, node: str, n: int, view: View | None, when: dt.datetime | None) -> None:
        if view is not None:
            if view.length > self.logs.get(node, (0, ""))[0]:
                self.logs[node] = (view.length, view.head)
            if n > int(self.views.get(node, {}).get("n", 0)):
                # A signer's views follow its write counter: its latest replaces the earlier.
                self.views[node] = {"n": n, "c": dict(view.counts)}
        if when is not None:
            stamp = views.believed(when, dt.datetime.now(dt.UTC)).isoformat(timespec="seconds")
            if stamp > self.heard.get(node, ""):
                self.heard[node] = stamp


class Unapplicable(Exception):
    """A message that opened and verified but that this app cannot apply (yet)."""


class Refused(Exception):
    """A verified write the rulebook refuses (e.g. signed after its device's removal):
    counted and dropped, never quarantined (a removed laptop cannot fill the quarantine)."""


def open_message(
    msg: dict[str, Any],
    team: Team,
    clock: HybridClock,
    authors: dict[str, int],
    seen: Seen | None = None,
    used: dict[str, list[list[int]]] | None = None,
) -> Write | Entry | TeamRecord | Beacon:
    """Open, verify and check one pulled message: a write to apply, a register statement
    to judge, an audit head or witness statement, or a beacon. Raises EnvelopeError
    (quarantine), Unapplicable (quarantine; a newer app may
    apply it) or Refused (dropped and counted)."""
    ring, state = team.ring, team.state
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
    if signer is None:
        raise EnvelopeError("its signer is not a team member")
    try:
        verify(signer.sign_pub, opened.signature, opened.signed)
    except SignatureError as exc:
        raise EnvelopeError("its signature does not verify") from exc
    p = opened.payload
    if not isinstance(p, dict):
        raise EnvelopeError("payload is not an object")
    refusal = write_refusal(state, signer.device, opened.epoch, p.get("n"))
    if refusal == "after_removal":
        raise Refused(refusal)
    if refusal is not None:
        raise EnvelopeError(f"refused by the team's rules ({refusal})")
    n = int(p["n"])
    if used is not None:
        # A removed laptop may not reuse a counter within its cut-off for a new message
        # (found by the independent attacker); a counter this laptop never saw from it is
        # still taken, as an honest write still in flight would be.
        spans = used.setdefault(signer.node, [])
        if not signer.current and counter_seen(spans, n):
            raise Refused("counter_reused")
        counter_add(spans, n)
    if n > authors.get(signer.node, 0):
        authors[signer.node] = n
    # The signer's view (team log length and head, register counts per author) when it
    # sealed this: compared, never obeyed.
    view = views.read_view(p.get("v"))
    if p.get("t") == views.BEACON:
        got = views.read_beacon(p)
        tag = ring.get(opened.epoch).subject_tag(beacon_subject(sealed.id))
        if got is None or tag != sealed.subject:
            raise EnvelopeError("a malformed beacon")
        when = views.believed(got[0], dt.datetime.now(dt.UTC))
        if seen is not None:
            seen.note(signer.node, n, got[1], when)
            at = when.isoformat(timespec="seconds")
            if at > seen.beacons.get(signer.node, ""):
                seen.beacons[signer.node] = at
        return Beacon(signer.node, when)
    if p.get("k") in (witness.RECORD_HEAD, witness.RECORD_WITNESS):  # audit heads, witnessed
        if ring.get(opened.epoch).subject_tag(None) != sealed.subject:
            raise EnvelopeError("envelope and payload disagree")
        if seen is not None:
            seen.note(signer.node, n, view, None)
        return TeamRecord(signer.device, signer.node, p)
    if p.get("t") == "reg":
        entry = register.parse(p, signer.node)
        tag = ring.get(opened.epoch).subject_tag(register_subject(entry.hash)) if entry else ""
        if entry is None or tag != sealed.subject:
            raise EnvelopeError("a malformed register statement")
        if message_id(signer.node, "register", entry.client, entry.hash) != sealed.id:
            raise EnvelopeError("message id does not match its content")
        if seen is not None:
            seen.note(signer.node, n, view, views.signed_time(p.get("at")))
        return entry
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
    if not (isinstance(fields, dict) and isinstance(bases, dict) and isinstance(change_ids, dict)):
        raise EnvelopeError("payload fields have the wrong types")
    if subject is not None and not isinstance(subject, str):
        raise EnvelopeError("payload subject has the wrong type")
    # The envelope's clear fields must agree with what was sealed inside.
    if ring.get(opened.epoch).subject_tag(subject) != sealed.subject:
        raise EnvelopeError("envelope and payload disagree")
    if message_id(device, entity, row_id, hlc) != sealed.id:
        raise EnvelopeError("message id does not match its content")
    _check_schema(entity, fields)
    _check_subject(entity, row_id, subject, fields)
    try:  # types, ranges, real dates, enums, sizes: before any apply transaction
        check_write(entity, row_id, fields)
    except InvalidWrite as exc:
        raise Unapplicable(str(exc)) from None
    stamp = Timestamp.decode(hlc)
    clock.observe(stamp)  # raises ValueError for a stamp far in the future
    if seen is not None:
        seen.note(signer.node, n, view, dt.datetime.fromtimestamp(stamp.millis / 1000, dt.UTC))
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


def _check_subject(entity: str, row_id: str, subject: object, fields: dict[str, Any]) -> None:
    """The client a write says it is about must be the one its row names: otherwise a write
    about a withdrawn client could pass as someone else's."""
    column = REGISTRY[entity].subject_column
    if column is None:
        ok = subject is None
    elif column == "id":
        ok = subject == row_id
    else:
        ok = subject is not None and fields.get(column, subject) == subject
    if not ok:
        raise EnvelopeError("the write names another client than its row")


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
