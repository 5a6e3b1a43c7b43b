"""Sealed, signed sync messages (protocol v2): AES-256-GCM under an epoch key, signed inside.

In clear the server sees only: message id, subject tag, and a label naming the epoch and the
schema version (all bound as AAD). Inside the ciphertext: the author device, its signature
over AAD + payload, and the payload (with its clock stamp), zlib'ed and padded to a power of
two of at least 256 bytes, so the length says little. The subject tag is an HMAC of the client
id under a per-epoch key: it changes at every rotation.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import re
import struct
import uuid
import zlib
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from exitdoors_desktop.sync.identity import DeviceKeys

TEAM_SUBJECT = "__team__"
NONCE_BYTES = 12
MIN_BUCKET = 256
MAX_PAYLOAD_BYTES = 4 * 1024 * 1024  # refuse decompression bombs
SCHEMA_VERSION = 2  # of the payload: entities, fields and their types
_MESSAGE_NAMESPACE = uuid.UUID("6c1f4a8e-5a0e-4c83-9d57-3d1d2d7c2a10")
_LABEL = re.compile(r"^e(\d{1,9})s(\d{1,6})$")


class EnvelopeError(Exception):
    """A message that cannot be opened: wrong key, tampered, or malformed. Never applied."""


def _derive(key: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(key)


def label(epoch: int, schema: int = SCHEMA_VERSION) -> str:
    return f"e{epoch}s{schema}"


def parse_label(text: str) -> tuple[int, int]:
    match = _LABEL.match(text)
    if match is None:
        raise EnvelopeError("unknown key label")
    return int(match.group(1)), int(match.group(2))


def bucket(n: int) -> int:
    size = MIN_BUCKET
    while size < n:
        size *= 2
    return size


@dataclass(frozen=True)
class Sealed:
    id: str
    subject: str
    key_id: str  # "e<epoch>s<schema>"
    nonce: bytes
    ciphertext: bytes


@dataclass(frozen=True)
class Opened:
    signer: str  # the server device id named (and proven by signature) inside
    signature: bytes
    signed: bytes  # what the signature covers: AAD + compressed payload
    payload: object
    epoch: int
    schema: int


class EpochKeys:
    """Keys derived from one 32-byte epoch key (never used directly)."""

    def __init__(self, epoch: int, epoch_key: bytes) -> None:
        if len(epoch_key) != 32:
            raise ValueError("epoch key must be 32 bytes")
        tag = str(epoch).encode()
        self.epoch = epoch
        self.raw = epoch_key  # an admin wraps it to newcomers
        self.aead = AESGCM(_derive(epoch_key, b"exitdoors-v2-message|" + tag))
        self._subject_key = _derive(epoch_key, b"exitdoors-v2-subject|" + tag)
        self._tags: dict[str, str] = {}

    def subject_tag(self, client_id: str | None) -> str:
        name = client_id if client_id else TEAM_SUBJECT
        tag = self._tags.get(name)
        if tag is None:
            if len(self._tags) >= 100_000:
                self._tags.clear()
            tag = hmac.new(self._subject_key, name.encode("utf-8"), hashlib.sha256).hexdigest()
            self._tags[name] = tag
        return tag


class Keyring:
    """All epoch keys this device holds; new messages use the newest."""

    def __init__(self, ring: dict[int, bytes]) -> None:
        if not ring:
            raise ValueError("no epoch key")
        self._epochs = {e: EpochKeys(e, k) for e, k in ring.items()}
        self.current = self._epochs[max(ring)]

    def epochs(self) -> list[EpochKeys]:
        return [self._epochs[e] for e in sorted(self._epochs)]

    def get(self, epoch: int) -> EpochKeys:
        keys = self._epochs.get(epoch)
        if keys is None:
            raise EnvelopeError("this device holds no key for that epoch")
        return keys

    def subject_tag(self, client_id: str | None) -> str:
        return self.current.subject_tag(client_id)

    def all_tags(self, client_id: str | None) -> list[str]:
        return [k.subject_tag(client_id) for k in self.epochs()]


def aad(message_id: str, subject: str, key_label: str) -> bytes:
    return json.dumps(["exitdoors-msg-v2", message_id, subject, key_label]).encode()


def seal(
    keys: EpochKeys,
    me: DeviceKeys,
    signer: str,
    message_id: str,
    subject: str,
    payload: object,
    schema: int = SCHEMA_VERSION,
) -> Sealed:
    key_label = label(keys.epoch, schema)
    associated = aad(message_id, subject, key_label)
    body = zlib.compress(json.dumps(payload, separators=(",", ":")).encode("utf-8"), 6)
    signature = me.sign_bytes(associated + body)
    who = signer.encode("ascii")
    inner = struct.pack(">B", len(who)) + who + signature + struct.pack(">I", len(body)) + body
    inner += bytes(bucket(len(inner)) - len(inner))
    nonce = os.urandom(NONCE_BYTES)
    ct = keys.aead.encrypt(nonce, inner, associated)
    return Sealed(message_id, subject, key_label, nonce, ct)


def to_wire(s: Sealed) -> dict[str, str]:
    """A sealed message as it is sent to the office."""
    return {
        "id": s.id,
        "subject": s.subject,
        "key_id": s.key_id,
        "nonce": base64.b64encode(s.nonce).decode("ascii"),
        "ciphertext": base64.b64encode(s.ciphertext).decode("ascii"),
    }


def open_sealed(ring: Keyring, sealed: Sealed) -> Opened:
    """Decrypt and unpack; the caller verifies the signature against the membership log."""
    epoch, schema = parse_label(sealed.key_id)
    keys = ring.get(epoch)
    associated = aad(sealed.id, sealed.subject, sealed.key_id)
    try:
        inner = keys.aead.decrypt(sealed.nonce, sealed.ciphertext, associated)
    except InvalidTag as exc:
        raise EnvelopeError("authentication failed") from exc
    try:
        n = inner[0]
        signer = inner[1 : 1 + n].decode("ascii")
        signature = inner[1 + n : 65 + n]
        (size,) = struct.unpack(">I", inner[65 + n : 69 + n])
        body = inner[69 + n : 69 + n + size]
        if len(body) != size or len(signature) != 64:
            raise EnvelopeError("payload is truncated")
        inflater = zlib.decompressobj()
        text = inflater.decompress(body, MAX_PAYLOAD_BYTES)
        if inflater.unconsumed_tail or not inflater.eof:
            raise EnvelopeError("payload too large or truncated")
        payload = json.loads(text.decode("utf-8"))
    except EnvelopeError:
        raise
    except (IndexError, struct.error, zlib.error, UnicodeDecodeError, ValueError,
            RecursionError) as exc:  # fmt: skip  # nesting deeper than the parser goes
        raise EnvelopeError("payload is not valid") from exc
    return Opened(signer, signature, associated + body, payload, epoch, schema)


def message_id(device: str, entity: str, row_id: str, hlc: str) -> str:
    """Deterministic, so a write re-sent after a crash keeps its id and the server dedupes it."""
    return str(uuid.uuid5(_MESSAGE_NAMESPACE, f"{device}|{entity}|{row_id}|{hlc}"))
