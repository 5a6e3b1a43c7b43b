"""What a newcomer signs on its way into a team, checked by the office and by every admin.

* The **enrol statement**: the newcomer's device key signs the invite token's hash and its
  public keys. The office lets a retry of a cut enrolment (same token, same keys) have the
  same device id only with it, so a thief of the token alone cannot take the device's place.
* The **join proof**: the invite's join secret (in the sealed invite file, never sent to the
  office) derives an Ed25519 *invite key*. The newcomer signs its keys with it; the inviting
  admin publishes the invite key's public half (the *verifier*) to the other admins, so any
  admin can check the proof without holding the secret.
* The **ready card**: once enrolled, the newcomer signs with its new device key a card naming
  its device id, vault node, keys and invite. An admin adds a device only after checking it:
  no member is added that nobody holds keys for.
"""

from __future__ import annotations

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from exitdoors_protocol.codec import SignatureError, b64, canonical, unb64, verify


def enrol_statement(token_hash: str, sign_pub: bytes, kx_pub: bytes) -> bytes:
    return canonical(
        {"type": "enrol", "invite": token_hash, "sign_pub": b64(sign_pub), "kx_pub": b64(kx_pub)}
    )


def invite_key(join_secret: bytes) -> Ed25519PrivateKey:
    seed = HKDF(hashes.SHA256(), 32, salt=None, info=b"exitdoors-v3-invite-key").derive(join_secret)
    return Ed25519PrivateKey.from_private_bytes(seed)


def invite_verifier(join_secret: bytes) -> bytes:
    """The public half of the invite key: shown to admins, it lets them check join proofs."""
    return invite_key(join_secret).public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def join_statement(sign_pub: bytes, kx_pub: bytes, node: str) -> bytes:
    return canonical(
        {"type": "join", "sign_pub": b64(sign_pub), "kx_pub": b64(kx_pub), "node": node}
    )


def join_proof(join_secret: bytes, sign_pub: bytes, kx_pub: bytes, node: str) -> str:
    return b64(invite_key(join_secret).sign(join_statement(sign_pub, kx_pub, node)))


def join_proof_holds(
    verifier: bytes, proof: object, sign_pub: bytes, kx_pub: bytes, node: str
) -> bool:
    try:
        verify(verifier, unb64(proof), join_statement(sign_pub, kx_pub, node))
    except (SignatureError, ValueError):
        return False
    return True


def ready_card(
    device: str, node: str, sign_pub: bytes, kx_pub: bytes, invite: str
) -> dict[str, str]:
    """What the newcomer signs with its device key once it knows its device id."""
    return {"type": "ready", "device": device, "node": node, "sign_pub": b64(sign_pub),
            "kx_pub": b64(kx_pub), "invite": invite}  # fmt: skip


def ready_refusal(
    card: object, device: str, sign_pub: bytes, kx_pub: bytes, invite: str | None
) -> str | None:
    """None when ``card`` (with its ``sig``) is this device's own ready card, else why not."""
    if not isinstance(card, dict) or card.get("type") != "ready":
        return "no_ready_card"
    node = card.get("node")
    if not isinstance(node, str) or not 0 < len(node) <= 200:
        return "malformed"
    expected = ready_card(device, node, sign_pub, kx_pub, invite or "")
    if {k: v for k, v in card.items() if k not in ("sig", "proof")} != expected:
        return "names_another_device"
    try:
        verify(sign_pub, unb64(card.get("sig")), canonical(expected))
    except (SignatureError, ValueError):
        return "signature_invalid"
    return None


__all__ = [
    "enrol_statement",
    "invite_verifier",
    "join_proof",
    "join_proof_holds",
    "ready_card",
    "ready_refusal",
]
