"""Invite files: what a new device needs to join the team, sealed with a one-time passphrase.

Protocol v2: the file holds no team key. It holds {server, fingerprint, token, root public key,
the inviting admin device, a join secret} encrypted with AES-256-GCM under a key from
Argon2id(one-time passphrase). The join secret never goes to the server: the newcomer proves
with it that the public keys the server reports are its own, and the inviting admin's laptop
checks that proof before it adds the device and wraps the epoch keys to it. The passphrase
travels separately (read aloud, on paper).
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from exitdoors_desktop.core.errors import InvalidInput, WrongPassphrase
from exitdoors_desktop.storage import atomic

FORMAT = "exitdoors-invite-v2"
WORDS_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
MEMORY_KIB = 64 * 1024
ITERATIONS = 3


@dataclass(frozen=True)
class Invite:
    server: str
    fingerprint: str
    token: str
    root: bytes  # the team's root signing key (Ed25519 public), pinned by the newcomer
    admin: str  # the inviting admin device
    admin_name: str
    join_secret: bytes


def new_one_time_passphrase() -> str:
    """Five groups of five characters (~120 bits): easy to read aloud, hard to guess."""
    chars = "".join(secrets.choice(WORDS_ALPHABET) for _ in range(25))
    return "-".join(chars[i : i + 5] for i in range(0, 25, 5))


def _key(passphrase: str, salt: bytes, memory_kib: int, iterations: int) -> bytes:
    normal = passphrase.strip().lower().replace(" ", "")
    kdf = Argon2id(salt=salt, length=32, iterations=iterations, lanes=1, memory_cost=memory_kib)
    return kdf.derive(normal.encode("utf-8"))


def write_invite(
    path: Path, invite: Invite, passphrase: str, *, memory_kib: int = MEMORY_KIB,
    iterations: int = ITERATIONS,
) -> None:  # fmt: skip
    body = json.dumps(
        {
            "server": invite.server,
            "fingerprint": invite.fingerprint,
            "token": invite.token,
            "root": base64.b64encode(invite.root).decode("ascii"),
            "admin": invite.admin,
            "admin_name": invite.admin_name,
            "join_secret": base64.b64encode(invite.join_secret).decode("ascii"),
        }
    ).encode("utf-8")
    salt, nonce = os.urandom(16), os.urandom(12)
    ct = AESGCM(_key(passphrase, salt, memory_kib, iterations)).encrypt(
        nonce, body, FORMAT.encode()
    )
    data = {
        "format": FORMAT,
        "kdf": {"memory_kib": memory_kib, "iterations": iterations},
        "salt": base64.b64encode(salt).decode("ascii"),
        "nonce": base64.b64encode(nonce).decode("ascii"),
        "ciphertext": base64.b64encode(ct).decode("ascii"),
    }
    atomic.write_private(path, json.dumps(data).encode("utf-8"))


def read_invite(path: Path, passphrase: str) -> Invite:
    try:
        data = json.loads(path.read_text("utf-8"))
        if data.get("format") != FORMAT:
            raise InvalidInput("this is not an Exit Doors invite file")
        kdf = data["kdf"]
        memory, iterations = int(kdf["memory_kib"]), int(kdf["iterations"])
        if not (8 <= memory <= 4 * 1024 * 1024 and 1 <= iterations <= 50):
            raise InvalidInput("the invite file has impossible key parameters")
        salt = base64.b64decode(data["salt"], validate=True)
        nonce = base64.b64decode(data["nonce"], validate=True)
        ct = base64.b64decode(data["ciphertext"], validate=True)
    except InvalidInput:
        raise
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InvalidInput("the invite file cannot be read or is damaged") from exc
    try:
        body = AESGCM(_key(passphrase, salt, memory, iterations)).decrypt(
            nonce, ct, FORMAT.encode()
        )
    except InvalidTag as exc:
        raise WrongPassphrase("wrong one-time passphrase for this invite") from exc
    try:
        payload = json.loads(body)
        return Invite(
            server=str(payload["server"]),
            fingerprint=str(payload["fingerprint"]),
            token=str(payload["token"]),
            root=base64.b64decode(payload["root"], validate=True),
            admin=str(payload["admin"]),
            admin_name=str(payload["admin_name"]),
            join_secret=base64.b64decode(payload["join_secret"], validate=True),
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise InvalidInput("the invite file's content is damaged") from exc
