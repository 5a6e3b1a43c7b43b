"""Sealed sync messages: AES-256-GCM under the team key, bound to id, subject, stamp and key id.

The server sees only the envelope fields. The subject tag is an HMAC of the client id under a
key derived from the team key, so the server can purge one woman's messages without learning
who she is; messages that are about no client (users, partners, settings) share one tag.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import uuid
import zlib
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

TEAM_SUBJECT = "__team__"
NONCE_BYTES = 12
MAX_PAYLOAD_BYTES = 4 * 1024 * 1024  # refuse decompression bombs
_MESSAGE_NAMESPACE = uuid.UUID("6c1f4a8e-5a0e-4c83-9d57-3d1d2d7c2a10")


class EnvelopeError(Exception):
    """A message that cannot be opened: wrong key, tampered, or malformed. Never applied."""


def _derive(team_key: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(team_key)


@dataclass(frozen=True)
class Sealed:
    id: str
    subject: str
    hlc: str
    key_id: str
    nonce: bytes
    ciphertext: bytes


class TeamKeys:
    """Keys derived from the 32-byte team key (never used directly)."""

    def __init__(self, team_key: bytes) -> None:
        if len(team_key) != 32:
            raise ValueError("team key must be 32 bytes")
        self._enc = AESGCM(_derive(team_key, b"exitdoors-sync-message-v1"))
        self._subject_key = _derive(team_key, b"exitdoors-sync-subject-v1")
        self._tags: dict[str, str] = {}  # subject tags already computed (a round's worth)
        self.key_id = (
            "k1-" + hashlib.sha256(_derive(team_key, b"exitdoors-key-id-v1")).hexdigest()[:16]
        )

    def subject_tag(self, client_id: str | None) -> str:
        name = client_id if client_id else TEAM_SUBJECT
        tag = self._tags.get(name)
        if tag is None:
            if len(self._tags) >= 100_000:
                self._tags.clear()
            tag = hmac.new(self._subject_key, name.encode("utf-8"), hashlib.sha256).hexdigest()
            self._tags[name] = tag
        return tag

    @staticmethod
    def aad(message_id: str, subject: str, hlc: str, key_id: str) -> bytes:
        return json.dumps(["exitdoors-msg-v1", message_id, subject, hlc, key_id]).encode()

    def seal(self, message_id: str, subject: str, hlc: str, payload: object) -> Sealed:
        plain = zlib.compress(json.dumps(payload, separators=(",", ":")).encode("utf-8"), 6)
        nonce = os.urandom(NONCE_BYTES)
        ct = self._enc.encrypt(nonce, plain, self.aad(message_id, subject, hlc, self.key_id))
        return Sealed(message_id, subject, hlc, self.key_id, nonce, ct)

    def open(self, sealed: Sealed) -> object:
        if sealed.key_id != self.key_id:
            raise EnvelopeError("unknown key id")
        try:
            plain = self._enc.decrypt(
                sealed.nonce,
                sealed.ciphertext,
                self.aad(sealed.id, sealed.subject, sealed.hlc, sealed.key_id),
            )
            inflater = zlib.decompressobj()
            text = inflater.decompress(plain, MAX_PAYLOAD_BYTES)
            if inflater.unconsumed_tail or not inflater.eof:
                raise EnvelopeError("payload too large or truncated")
            return json.loads(text.decode("utf-8"))
        except InvalidTag as exc:
            raise EnvelopeError("authentication failed") from exc
        except (zlib.error, UnicodeDecodeError, ValueError) as exc:
            raise EnvelopeError("payload is not valid") from exc


def message_id(device: str, entity: str, row_id: str, hlc: str) -> str:
    """Deterministic, so a write re-sent after a crash keeps its id and the server dedupes it."""
    return str(uuid.uuid5(_MESSAGE_NAMESPACE, f"{device}|{entity}|{row_id}|{hlc}"))
