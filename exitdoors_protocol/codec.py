"""The byte forms that are signed and hashed, base64, and Ed25519 verification."""

from __future__ import annotations

import base64
import hashlib
import json

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey


class SignatureError(Exception):
    """A signature that does not verify, or a key that is not a key."""


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: object) -> bytes:
    if not isinstance(text, str):
        raise SignatureError("expected base64 text")
    try:
        return base64.b64decode(text, validate=True)
    except ValueError as exc:
        raise SignatureError("not base64") from exc


def canonical(obj: object) -> bytes:
    """The one byte form that is signed and hashed: sorted keys, no spaces, UTF-8.

    A lone surrogate cannot be encoded: ValueError (a receiver treats it as malformed)."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def digest(obj: object) -> str:
    return hashlib.sha256(canonical(obj)).hexdigest()


def verify(sign_pub: bytes, signature: bytes, data: bytes) -> None:
    try:
        Ed25519PublicKey.from_public_bytes(sign_pub).verify(signature, data)
    except (InvalidSignature, ValueError) as exc:
        raise SignatureError("signature does not verify") from exc
