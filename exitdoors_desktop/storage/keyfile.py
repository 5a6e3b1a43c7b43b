"""The key file beside the database: who may open the vault, and the audit chain's head.

Format 2 (JSON, written atomically with 0600)::

    {"format": 2, "vault_id", "wraps": [...], "audit_head": {"count", "hash"},
     "checksum", "mac"}

Each holder (a user, or the recovery key) has an X25519 key pair. A user's private key is
sealed under Argon2id(passphrase) (AES-256-GCM); the recovery key's private key is derived
from the recovery key itself. The data key is sealed to each holder's public key (ephemeral
X25519 + HKDF + AES-256-GCM). So an admin can re-key the database for everyone still listed
without knowing their passphrases, and a removed user's old copy of the file opens only the
old key.

Every wrap's associated data binds vault id, kind, user name, role and KDF parameters. The
``mac`` (HMAC-SHA256 under a key derived from the data key) covers the whole file, so after a
successful unwrap any edit — a role, a removed recovery wrap, the audit head — reads as
"tampered". ``checksum`` (plain SHA-256) only tells accidental damage from a wrong passphrase
before anything is unwrapped.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

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
    enforce_floor,
    open_sealed,
    seal,
    zero,
)

FORMAT = 2
RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud, typed by hand
GENESIS_HASH = "0" * 64
ROLES = ("outreach", "intake", "case_manager", "supervisor", "admin")
TAMPERED = "the key file was tampered with"


@dataclass(frozen=True)
class Sealed:
    """The data key sealed to one X25519 public key."""

    ephemeral: bytes
    nonce: bytes
    ciphertext: bytes

    def to_json(self) -> dict[str, str]:
        return {"eph": b64e(self.ephemeral), "nonce": b64e(self.nonce), "ct": b64e(self.ciphertext)}

    @classmethod
    def from_json(cls, data: object) -> Sealed:
        if not isinstance(data, dict):
            raise ValueError("sealed key must be an object")
        return cls(b64d(data["eph"]), b64d(data["nonce"]), b64d(data["ct"]))


@dataclass(frozen=True)
class Wrap:
    kind: str  # "user" or "recovery"
    user: str  # user name for kind "user"; "" for recovery
    role: str
    salt: bytes
    kdf: KdfParams | None  # None for the recovery wrap (HKDF: the key is already random)
    public: bytes  # the holder's X25519 public key
    id_nonce: bytes  # user wraps: the private key under Argon2id(passphrase)
    id_ciphertext: bytes
    sealed: Sealed

    def _binding(self, vault_id: str, role: str) -> str:
        kdf = json.dumps(self.kdf.to_json(), sort_keys=True) if self.kdf else "-"
        return f"{vault_id}|{self.kind}|{self.user}|{role}|{kdf}|{self.public.hex()}"

    def identity_aad(self, vault_id: str, role: str | None = None) -> bytes:
        return f"exitdoors-identity-v2|{self._binding(vault_id, role or self.role)}".encode()

    def seal_aad(self, vault_id: str) -> bytes:
        return f"exitdoors-seal-v2|{self._binding(vault_id, self.role)}".encode()

    def to_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "user": self.user,
            "role": self.role,
            "salt": b64e(self.salt),
            "kdf": self.kdf.to_json() if self.kdf else None,
            "public": b64e(self.public),
            "id_nonce": b64e(self.id_nonce),
            "id_ct": b64e(self.id_ciphertext),
            "sealed": self.sealed.to_json(),
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
            public=b64d(data["public"]),
            id_nonce=b64d(data["id_nonce"]),
            id_ciphertext=b64d(data["id_ct"]),
            sealed=Sealed.from_json(data["sealed"]),
        )


@dataclass(frozen=True)
class KeyFile:
    vault_id: str
    wraps: tuple[Wrap, ...] = field(default_factory=tuple)
    audit_count: int = 0
    audit_hash: str = GENESIS_HASH
    mac: str = ""

    # -- reading and writing --------------------------------------------------------------
    @classmethod
    def load(cls, path: Path) -> KeyFile:
        """Parse and check for damage. The MAC is checked once the data key is known."""
        try:
            raw = path.read_bytes()
        except FileNotFoundError as exc:
            raise VaultCorrupt("the key file is missing") from exc
        return cls.from_bytes(raw)

    @classmethod
    def from_bytes(cls, raw: bytes) -> KeyFile:
        try:
            data = json.loads(raw.decode("utf-8"))
            body = {k: v for k, v in data.items() if k not in ("checksum", "mac")}
            if data.get("checksum") != _checksum(body):
                raise VaultCorrupt("the key file is damaged (checksum mismatch)")
            if data.get("format") != FORMAT:
                raise VaultCorrupt("the key file has an unknown format")
            head = data["audit_head"]
            return cls(
                str(data["vault_id"]),
                tuple(Wrap.from_json(w) for w in data["wraps"]),
                int(head["count"]),
                str(head["hash"]),
                str(data["mac"]),
            )
        except VaultCorrupt:
            raise
        except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError) as exc:
            raise VaultCorrupt("the key file is damaged") from exc

    def _body(self) -> dict[str, object]:
        return {
            "format": FORMAT,
            "vault_id": self.vault_id,
            "wraps": [w.to_json() for w in self.wraps],
            "audit_head": {"count": self.audit_count, "hash": self.audit_hash},
        }

    def to_bytes(self, data_key: bytes | bytearray) -> bytes:
        body = self._body()
        data = dict(body, checksum=_checksum(body), mac=_mac(data_key, self.vault_id, body))
        return json.dumps(data, indent=1).encode("utf-8")

    def save(self, path: Path, data_key: bytes | bytearray) -> None:
        atomic.write_private(path, self.to_bytes(data_key))

    def verify(self, data_key: bytes | bytearray) -> None:
        """Raise VaultCorrupt unless the MAC holds under this data key."""
        expected = _mac(data_key, self.vault_id, self._body())
        if not hmac.compare_digest(expected, self.mac):
            raise VaultCorrupt(f"{TAMPERED} (its MAC does not match)")

    # -- holders ----------------------------------------------------------------------------
    def users(self) -> list[tuple[str, str]]:
        return [(w.user, w.role) for w in self.wraps if w.kind == "user"]

    def has_user(self, user: str) -> bool:
        return any(w.kind == "user" and w.user == user for w in self.wraps)

    def role_of(self, user: str) -> str:
        return next((w.role for w in self.wraps if w.kind == "user" and w.user == user), "")

    def kdf_of(self, user: str) -> KdfParams | None:
        return next((w.kdf for w in self.wraps if w.kind == "user" and w.user == user), None)

    def with_user(
        self, user: str, role: str, passphrase: str, data_key: bytearray, kdf: KdfParams
    ) -> KeyFile:
        """Add or replace a user's wrap: a fresh key pair, sealed under the passphrase."""
        enforce_floor(kdf, creating=True)
        if role not in ROLES:
            raise ValueError("unknown role")
        private = X25519PrivateKey.generate()
        public = private.public_key().public_bytes_raw()
        salt = os.urandom(SALT_BYTES)
        stub = Wrap("user", user, role, salt, kdf, public, b"", b"", Sealed(b"", b"", b""))
        wrapping = derive_key(passphrase.encode("utf-8"), salt, kdf)
        secret = bytearray(private.private_bytes_raw())
        try:
            nonce, ct = seal(wrapping, secret, stub.identity_aad(self.vault_id))
        finally:
            zero(wrapping)
            zero(secret)
        wrap = replace(stub, id_nonce=nonce, id_ciphertext=ct)
        wrap = replace(wrap, sealed=_seal_to(public, data_key, wrap.seal_aad(self.vault_id)))
        others = tuple(w for w in self.wraps if not (w.kind == "user" and w.user == user))
        return replace(self, wraps=(*others, wrap))

    def without_user(self, user: str) -> KeyFile:
        return replace(
            self, wraps=tuple(w for w in self.wraps if not (w.kind == "user" and w.user == user))
        )

    def with_recovery(self, recovery_key: str, data_key: bytearray) -> KeyFile:
        salt = os.urandom(SALT_BYTES)
        private = _recovery_private(recovery_key, salt)
        public = private.public_key().public_bytes_raw()
        stub = Wrap("recovery", "", "", salt, None, public, b"", b"", Sealed(b"", b"", b""))
        wrap = replace(stub, sealed=_seal_to(public, data_key, stub.seal_aad(self.vault_id)))
        others = tuple(w for w in self.wraps if w.kind != "recovery")
        return replace(self, wraps=(*others, wrap))

    def resealed(self, data_key: bytearray) -> KeyFile:
        """Every holder's wrap sealed to a new data key (re-key, backup); no passphrase needed."""
        wraps = tuple(
            replace(w, sealed=_seal_to(w.public, data_key, w.seal_aad(self.vault_id)))
            for w in self.wraps
        )
        return replace(self, wraps=wraps)

    def with_audit_head(self, count: int, digest: str) -> KeyFile:
        return replace(self, audit_count=count, audit_hash=digest)

    # -- unwrapping -------------------------------------------------------------------------
    def unwrap_user(self, user: str, passphrase: str) -> tuple[bytearray, str]:
        """Return (data key, role), the whole file's MAC checked. Unknown user and wrong
        passphrase look the same; an edited role, KDF floor or MAC reads as tampered."""
        wrap = next((w for w in self.wraps if w.kind == "user" and w.user == user), None)
        if wrap is None or wrap.kdf is None:
            # Spend the same effort so timing does not reveal which names exist.
            some = next((w for w in self.wraps if w.kdf is not None), None)
            if some is not None and some.kdf is not None:
                enforce_floor(some.kdf)
                zero(derive_key(passphrase.encode("utf-8"), some.salt, some.kdf))
            raise WrongPassphrase("wrong user name or passphrase")
        enforce_floor(wrap.kdf)
        wrapping = derive_key(passphrase.encode("utf-8"), wrap.salt, wrap.kdf)
        try:
            secret = _open_identity(wrapping, wrap, self.vault_id)
        finally:
            zero(wrapping)
        try:
            private = X25519PrivateKey.from_private_bytes(bytes(secret))
        finally:
            zero(secret)
        data_key = _open_seal(private, wrap, self.vault_id)
        self._verify_or_zero(data_key)
        return data_key, wrap.role

    def unwrap_recovery(self, recovery_key: str) -> bytearray:
        wrap = next((w for w in self.wraps if w.kind == "recovery"), None)
        if wrap is None:
            # The MAC cannot be checked without the key; a removed recovery wrap is only
            # reported as such. Unwrapping a user's wrap reports it as tampered.
            raise WrongPassphrase("this vault has no recovery key")
        private = _recovery_private(recovery_key, wrap.salt)
        if private.public_key().public_bytes_raw() != wrap.public:
            raise WrongPassphrase("wrong recovery key")
        data_key = _open_seal(private, wrap, self.vault_id)
        self._verify_or_zero(data_key)
        return data_key

    def _verify_or_zero(self, data_key: bytearray) -> None:
        try:
            self.verify(data_key)
        except BaseException:
            zero(data_key)
            raise


def _open_identity(wrapping: bytearray, wrap: Wrap, vault_id: str) -> bytearray:
    try:
        return open_sealed(wrapping, wrap.id_nonce, wrap.id_ciphertext, wrap.identity_aad(vault_id))
    except InvalidTag:
        pass
    # The passphrase may be right and the role edited: try the other roles (AES only).
    for role in ROLES:
        if role == wrap.role:
            continue
        with contextlib.suppress(InvalidTag):
            zero(
                open_sealed(
                    wrapping, wrap.id_nonce, wrap.id_ciphertext, wrap.identity_aad(vault_id, role)
                )
            )
            raise VaultCorrupt(f"{TAMPERED} (a user's role was changed)")
    raise WrongPassphrase("wrong user name or passphrase")


def _seal_to(public: bytes, data_key: bytes | bytearray, aad: bytes) -> Sealed:
    ephemeral = X25519PrivateKey.generate()
    eph_public = ephemeral.public_key().public_bytes_raw()
    shared = bytearray(ephemeral.exchange(X25519PublicKey.from_public_bytes(public)))
    key = derive_subkey(shared, b"exitdoors-seal-v2", eph_public + public)
    zero(shared)
    try:
        nonce, ct = seal(key, data_key, aad)
    finally:
        zero(key)
    return Sealed(eph_public, nonce, ct)


def _open_seal(private: X25519PrivateKey, wrap: Wrap, vault_id: str) -> bytearray:
    try:
        shared = bytearray(
            private.exchange(X25519PublicKey.from_public_bytes(wrap.sealed.ephemeral))
        )
    except ValueError as exc:
        raise VaultCorrupt(TAMPERED) from exc
    key = derive_subkey(shared, b"exitdoors-seal-v2", wrap.sealed.ephemeral + wrap.public)
    zero(shared)
    try:
        return open_sealed(key, wrap.sealed.nonce, wrap.sealed.ciphertext, wrap.seal_aad(vault_id))
    except InvalidTag as exc:
        # The holder's own secret was right (its private key opened): the seal was altered.
        raise VaultCorrupt(TAMPERED) from exc
    finally:
        zero(key)


def new_recovery_key() -> str:
    """40 characters from a 32-symbol alphabet (200 bits), in groups of five."""
    chars = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(40))
    return "-".join(chars[i : i + 5] for i in range(0, 40, 5))


def normalise_recovery_key(text: str) -> str:
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum())
    return "-".join(cleaned[i : i + 5] for i in range(0, len(cleaned), 5))


def _recovery_private(recovery_key: str, salt: bytes) -> X25519PrivateKey:
    # The recovery key already holds 200 random bits, so a slow KDF adds nothing but delay.
    secret = normalise_recovery_key(recovery_key).encode("ascii")
    raw = derive_subkey(secret, b"exitdoors-recovery-identity-v2", salt)
    try:
        return X25519PrivateKey.from_private_bytes(bytes(raw))
    finally:
        zero(raw)


def _checksum(body: dict[str, object]) -> str:
    return hashlib.sha256(_canonical(body)).hexdigest()


def _canonical(body: dict[str, object]) -> bytes:
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _mac(data_key: bytes | bytearray, vault_id: str, body: dict[str, object]) -> str:
    key = derive_subkey(data_key, b"exitdoors-keyfile-mac-v2", vault_id.encode("utf-8"))
    try:
        return hmac.new(bytes(key), _canonical(body), hashlib.sha256).hexdigest()
    finally:
        zero(key)


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Serialise read-modify-write of the key file between processes (POSIX advisory lock)."""
    lock_path = path.with_name(f"{path.stem}.lock")
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows: renames are still atomic
            yield
            return
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
