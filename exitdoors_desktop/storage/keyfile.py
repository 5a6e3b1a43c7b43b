"""The key file beside the database: one wrap of the data key per user, plus a recovery wrap.

Format (JSON, written atomically with 0600): {"format": 1, "vault_id", "wraps": [...],
"checksum"}. Each wrap's associated data binds the vault id, the wrap kind and the user name,
so a wrap cannot be moved to another user or vault. The checksum catches accidental damage
(a truncated or flipped file) so that it reads as "corrupt", not as "wrong passphrase".
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
from dataclasses import dataclass, field, replace
from pathlib import Path

from exitdoors_desktop.core.errors import VaultCorrupt, WrongPassphrase
from exitdoors_desktop.storage import atomic
from exitdoors_desktop.storage.secrets import (
    SALT_BYTES,
    InvalidTag,
    KdfParams,
    b64d,
    b64e,
    derive_key,
    derive_subkey,
    open_sealed,
    seal,
    zero,
)

FORMAT = 1
RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud, typed by hand


@dataclass(frozen=True)
class Wrap:
    kind: str  # "user" or "recovery"
    user: str  # user name for kind "user"; "" for recovery
    role: str
    salt: bytes
    kdf: KdfParams | None  # None for the recovery wrap (HKDF: the key is already random)
    nonce: bytes
    ciphertext: bytes

    def aad(self, vault_id: str) -> bytes:
        return f"exitdoors-wrap-v1|{vault_id}|{self.kind}|{self.user}".encode()

    def to_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "user": self.user,
            "role": self.role,
            "salt": b64e(self.salt),
            "kdf": self.kdf.to_json() if self.kdf else None,
            "nonce": b64e(self.nonce),
            "ciphertext": b64e(self.ciphertext),
        }

    @classmethod
    def from_json(cls, data: object) -> Wrap:
        if not isinstance(data, dict):
            raise ValueError("wrap must be an object")
        kdf = KdfParams.from_json(data["kdf"]) if data.get("kdf") is not None else None
        kind = str(data["kind"])
        if kind not in ("user", "recovery"):
            raise ValueError("unknown wrap kind")
        return cls(
            kind=kind,
            user=str(data["user"]),
            role=str(data.get("role", "")),
            salt=b64d(data["salt"]),
            kdf=kdf,
            nonce=b64d(data["nonce"]),
            ciphertext=b64d(data["ciphertext"]),
        )


@dataclass(frozen=True)
class KeyFile:
    vault_id: str
    wraps: tuple[Wrap, ...] = field(default_factory=tuple)

    # -- reading and writing --------------------------------------------------------------
    @classmethod
    def load(cls, path: Path) -> KeyFile:
        try:
            raw = path.read_bytes()
        except FileNotFoundError as exc:
            raise VaultCorrupt("the key file is missing") from exc
        try:
            data = json.loads(raw.decode("utf-8"))
            body = {k: v for k, v in data.items() if k != "checksum"}
            if data.get("checksum") != _checksum(body):
                raise VaultCorrupt("the key file is damaged (checksum mismatch)")
            if data.get("format") != FORMAT:
                raise VaultCorrupt("the key file has an unknown format")
            return cls(str(data["vault_id"]), tuple(Wrap.from_json(w) for w in data["wraps"]))
        except VaultCorrupt:
            raise
        except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError) as exc:
            raise VaultCorrupt("the key file is damaged") from exc

    def save(self, path: Path) -> None:
        body = {
            "format": FORMAT,
            "vault_id": self.vault_id,
            "wraps": [w.to_json() for w in self.wraps],
        }
        data = dict(body, checksum=_checksum(body))
        atomic.write_private(path, json.dumps(data, indent=1).encode("utf-8"))

    # -- wraps ------------------------------------------------------------------------------
    def users(self) -> list[tuple[str, str]]:
        return [(w.user, w.role) for w in self.wraps if w.kind == "user"]

    def has_user(self, user: str) -> bool:
        return any(w.kind == "user" and w.user == user for w in self.wraps)

    def with_user(
        self, user: str, role: str, passphrase: str, data_key: bytearray, kdf: KdfParams
    ) -> KeyFile:
        salt = os.urandom(SALT_BYTES)
        wrapping = derive_key(passphrase.encode("utf-8"), salt, kdf)
        try:
            stub = Wrap("user", user, role, salt, kdf, b"", b"")
            nonce, ct = seal(wrapping, data_key, stub.aad(self.vault_id))
        finally:
            zero(wrapping)
        wrap = replace(stub, nonce=nonce, ciphertext=ct)
        others = tuple(w for w in self.wraps if not (w.kind == "user" and w.user == user))
        return replace(self, wraps=(*others, wrap))

    def with_recovery(self, recovery_key: str, data_key: bytearray) -> KeyFile:
        salt = os.urandom(SALT_BYTES)
        wrapping = _recovery_wrapping_key(recovery_key, salt)
        try:
            stub = Wrap("recovery", "", "", salt, None, b"", b"")
            nonce, ct = seal(wrapping, data_key, stub.aad(self.vault_id))
        finally:
            zero(wrapping)
        others = tuple(w for w in self.wraps if w.kind != "recovery")
        return replace(self, wraps=(*others, replace(stub, nonce=nonce, ciphertext=ct)))

    def unwrap_user(self, user: str, passphrase: str) -> tuple[bytearray, str]:
        """Return (data key, role). Unknown user and wrong passphrase look the same."""
        wrap = next((w for w in self.wraps if w.kind == "user" and w.user == user), None)
        if wrap is None or wrap.kdf is None:
            # Spend the same effort so timing does not reveal which names exist.
            some = next((w for w in self.wraps if w.kdf is not None), None)
            if some is not None and some.kdf is not None:
                zero(derive_key(passphrase.encode("utf-8"), some.salt, some.kdf))
            raise WrongPassphrase("wrong user name or passphrase")
        wrapping = derive_key(passphrase.encode("utf-8"), wrap.salt, wrap.kdf)
        try:
            return open_sealed(wrapping, wrap.nonce, wrap.ciphertext, wrap.aad(self.vault_id)), (
                wrap.role
            )
        except InvalidTag as exc:
            raise WrongPassphrase("wrong user name or passphrase") from exc
        finally:
            zero(wrapping)

    def unwrap_recovery(self, recovery_key: str) -> bytearray:
        wrap = next((w for w in self.wraps if w.kind == "recovery"), None)
        if wrap is None:
            raise WrongPassphrase("this vault has no recovery key")
        wrapping = _recovery_wrapping_key(recovery_key, wrap.salt)
        try:
            return open_sealed(wrapping, wrap.nonce, wrap.ciphertext, wrap.aad(self.vault_id))
        except InvalidTag as exc:
            raise WrongPassphrase("wrong recovery key") from exc
        finally:
            zero(wrapping)

    def role_of(self, user: str) -> str:
        return next((w.role for w in self.wraps if w.kind == "user" and w.user == user), "")


def new_recovery_key() -> str:
    """40 characters from a 32-symbol alphabet (200 bits), in groups of five."""
    chars = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(40))
    return "-".join(chars[i : i + 5] for i in range(0, 40, 5))


def normalise_recovery_key(text: str) -> str:
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum())
    return "-".join(cleaned[i : i + 5] for i in range(0, len(cleaned), 5))


def _recovery_wrapping_key(recovery_key: str, salt: bytes) -> bytearray:
    # The recovery key already holds 200 random bits, so a slow KDF adds nothing but delay.
    secret = normalise_recovery_key(recovery_key).encode("ascii")
    return derive_subkey(secret, b"exitdoors-recovery-wrap-v1", salt)


def _checksum(body: dict[str, object]) -> str:
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":")).encode("utf-8")
    return hashlib.sha256(canonical).hexdigest()
