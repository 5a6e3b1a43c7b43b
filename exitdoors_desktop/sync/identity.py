"""A device's own keys (Ed25519 to sign, X25519 to receive epoch keys) and the small
primitives built on them: canonical signing and HPKE-style key wrapping.

Private halves are kept only in the vault's sync state (inside the encrypted database).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from exitdoors_protocol.codec import SignatureError, b64, canonical, unb64, verify

__all__ = ["DeviceKeys", "SignatureError", "b64", "canonical", "unb64", "unwrap", "verify", "wrap"]

_RAW = serialization.Encoding.Raw
_RAW_PUB = serialization.PublicFormat.Raw
_RAW_PRIV = serialization.PrivateFormat.Raw
_NO_ENC = serialization.NoEncryption()
WRAP_INFO = b"exitdoors-v2-wrap"


@dataclass(frozen=True)
class DeviceKeys:
    sign: Ed25519PrivateKey
    kx: X25519PrivateKey

    @classmethod
    def generate(cls) -> DeviceKeys:
        return cls(Ed25519PrivateKey.generate(), X25519PrivateKey.generate())

    @property
    def sign_pub(self) -> bytes:
        return self.sign.public_key().public_bytes(_RAW, _RAW_PUB)

    @property
    def kx_pub(self) -> bytes:
        return self.kx.public_key().public_bytes(_RAW, _RAW_PUB)

    def to_state(self) -> dict[str, str]:
        return {
            "sign": b64(self.sign.private_bytes(_RAW, _RAW_PRIV, _NO_ENC)),
            "kx": b64(self.kx.private_bytes(_RAW, _RAW_PRIV, _NO_ENC)),
        }

    @classmethod
    def from_state(cls, data: object) -> DeviceKeys:
        if not isinstance(data, dict):
            raise SignatureError("device keys missing")
        return cls(
            Ed25519PrivateKey.from_private_bytes(unb64(data.get("sign"))),
            X25519PrivateKey.from_private_bytes(unb64(data.get("kx"))),
        )

    def sign_bytes(self, data: bytes) -> bytes:
        return self.sign.sign(data)


def _wrap_key(shared: bytes, eph_pub: bytes, recipient_pub: bytes, context: bytes) -> bytes:
    info = WRAP_INFO + b"|" + context + b"|" + eph_pub + recipient_pub
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(shared)


def wrap(recipient_kx_pub: bytes, secret: bytes, context: bytes) -> bytes:
    """Seal ``secret`` to one X25519 public key: ephemeral X25519, HKDF-SHA256, AES-256-GCM.
    ``context`` (team, recipient, purpose) is bound in as AAD and key info."""
    eph = X25519PrivateKey.generate()
    eph_pub = eph.public_key().public_bytes(_RAW, _RAW_PUB)
    shared = eph.exchange(X25519PublicKey.from_public_bytes(recipient_kx_pub))
    key = _wrap_key(shared, eph_pub, recipient_kx_pub, context)
    nonce = os.urandom(12)
    return eph_pub + nonce + AESGCM(key).encrypt(nonce, secret, context)


def unwrap(keys: DeviceKeys, blob: bytes, context: bytes) -> bytes:
    if len(blob) < 32 + 12 + 16:
        raise SignatureError("wrapped key too short")
    eph_pub, nonce, ct = blob[:32], blob[32:44], blob[44:]
    try:
        shared = keys.kx.exchange(X25519PublicKey.from_public_bytes(eph_pub))
        key = _wrap_key(shared, eph_pub, keys.kx_pub, context)
        return AESGCM(key).decrypt(nonce, ct, context)
    except (InvalidTag, ValueError) as exc:
        raise SignatureError("wrapped key does not open with this device's key") from exc
