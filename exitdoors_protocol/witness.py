"""Witnessed audit heads (issue 18, Deliver 8): what a laptop signs about its own audit chain
head so that other laptops can keep it and vouch for it, the witness statement a laptop
signs about the heads it has seen, and the rule that judges a kept head against the local
chain. Pure: no I/O; signatures are checked by the caller's function.

A head is (device, count, hash) signed by that device over ``head_claim``. The office and the
team keep heads for each laptop; the laptop itself compares each with its own chain:

- "match": its chain holds event ``count`` with that hash;
- "forged": the head is not signed by this laptop (the office, or the member reporting it,
  made it up): flagged and shown, never counted against the laptop;
- "conflict": signed by this laptop but not on its chain (a tail cut, a rewritten log, or a
  second log): flagged; the laptop's log is not what it once signed.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable
from dataclasses import dataclass

from exitdoors_protocol.codec import canonical

RECORD_HEAD = "audit_head"
RECORD_WITNESS = "witness"
MAX_HEADS = 256  # heads in one witness statement (one per team device)
MAX_COUNT = 2**53
_HASH = re.compile(r"^[0-9a-f]{64}$")
_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,80}$")

MATCH = "match"
FORGED = "forged"
CONFLICT = "conflict"


@dataclass(frozen=True)
class Head:
    device: str  # the team device id whose audit chain this is
    count: int
    hash: str
    sig: bytes  # the device's Ed25519 signature over head_claim(device, count, hash)

    def json(self) -> dict[str, object]:
        return {"device": self.device, "count": self.count, "hash": self.hash,
                "sig": base64.b64encode(self.sig).decode("ascii")}  # fmt: skip

    def claim(self) -> bytes:
        return head_claim(self.device, self.count, self.hash)


def head_claim(device: str, count: int, digest: str) -> bytes:
    """The bytes a laptop signs about its own audit head."""
    return canonical({"type": "audit_head_claim", "device": device, "count": count,
                      "hash": digest})  # fmt: skip


def parse_head(item: object) -> Head | None:
    """A head as carried in a record or statement, or None when malformed."""
    if not isinstance(item, dict):
        return None
    device, count, digest, sig = (
        item.get("device"),
        item.get("count"),
        item.get("hash"),
        item.get("sig"),
    )
    if not (isinstance(device, str) and _ID.match(device)):
        return None
    if not isinstance(count, int) or isinstance(count, bool) or not 0 <= count <= MAX_COUNT:
        return None
    if not (isinstance(digest, str) and _HASH.match(digest)):
        return None
    if not isinstance(sig, str) or len(sig) > 128:
        return None
    try:
        raw = base64.b64decode(sig, validate=True)
    except (binascii.Error, ValueError):
        return None
    return Head(device, count, digest, raw)


def parse_witness(payload: object) -> list[Head] | None:
    """The heads a witness statement lists, or None when it is malformed."""
    if not isinstance(payload, dict) or payload.get("k") != RECORD_WITNESS:
        return None
    heads = payload.get("heads")
    if not isinstance(heads, list) or len(heads) > MAX_HEADS:
        return None
    parsed = [parse_head(h) for h in heads]
    if any(h is None for h in parsed):
        return None
    return [h for h in parsed if h is not None]


def judge(
    head: Head, hash_at: Callable[[int], str | None], signed_by_me: Callable[[Head], bool]
) -> str:
    """MATCH, FORGED or CONFLICT for a head kept for this laptop (see the module doc).
    ``hash_at(n)`` is the local chain's hash of event n (None if it has no such event)."""
    if hash_at(head.count) == head.hash:
        return MATCH
    if not signed_by_me(head):
        return FORGED
    return CONFLICT


__all__ = [
    "CONFLICT",
    "FORGED",
    "MATCH",
    "RECORD_HEAD",
    "RECORD_WITNESS",
    "Head",
    "head_claim",
    "judge",
    "parse_head",
    "parse_witness",
]
