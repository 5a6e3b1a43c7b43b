"""What a removed laptop tells its user about the withdrawals recorded on it.

The admin-signed removal names which of this laptop's write counters the team accepts (its
cut-off and the counters the admin had seen). A withdrawal signed here reached the team only if
the office took it AND its counter is one of those; every other one must be recorded again on
another laptop. The lists hold client ids (shown by name on this laptop only, never logged).
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass

from exitdoors_desktop.storage.sync_store import SyncStore
from exitdoors_desktop.storage.team_store import TeamStore
from exitdoors_desktop.storage.vault import Session
from exitdoors_desktop.sync.envelope import EnvelopeError, Sealed, open_sealed
from exitdoors_desktop.sync.team import Team
from exitdoors_protocol.rules import write_refusal


@dataclass(frozen=True)
class Outcome:
    reached: list[str]  # withdrawals the team accepts
    redo: list[str]  # withdrawals to record again on another laptop


def withdrawals_after_removal(session: Session, team: Team) -> Outcome:
    me, state, ring = team.member, team.state, team.ring
    assert me is not None and state is not None
    reached: set[str] = set()
    redo: set[str] = set()
    for client, wire, delivered in TeamStore(session).withdrawals_made_by(me.node):
        counter = _counter(ring, str(wire)) if delivered and ring is not None else None
        accepted = counter is not None and write_refusal(state, me.device, counter[0],
                                                         counter[1]) is None  # fmt: skip
        (reached if accepted else redo).add(str(client))
    # Decided here but never signed (the removal was learnt first): her latest decision here
    # is a withdrawal, and she had left this laptop.
    sync = SyncStore(session)
    read = set(_strings(sync.get("register_decisions_read", [])))
    shared = set(_strings(sync.get("shared_subjects", [])))
    latest: dict[str, tuple[str, str]] = {}
    for consent_id, client, action in TeamStore(session).local_share_decisions():
        latest[client] = (consent_id, action)
    for client, (consent_id, action) in latest.items():
        if action == "withdraw" and consent_id not in read and client in shared:
            redo.add(client)
    return Outcome(sorted(reached), sorted(redo - reached))


def _strings(value: object) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


def _counter(ring: object, wire: str) -> tuple[int, object] | None:
    """(epoch, write counter) of a statement sealed here, or None if it cannot be read."""
    try:
        raw = json.loads(wire)
        sealed = Sealed(
            id=raw["id"], subject=raw["subject"], key_id=raw["key_id"],
            nonce=base64.b64decode(raw["nonce"]), ciphertext=base64.b64decode(raw["ciphertext"]),
        )  # fmt: skip
        opened = open_sealed(ring, sealed)  # type: ignore[arg-type]
    except (EnvelopeError, KeyError, ValueError, TypeError):
        return None
    payload = opened.payload
    return (opened.epoch, payload.get("n")) if isinstance(payload, dict) else None
