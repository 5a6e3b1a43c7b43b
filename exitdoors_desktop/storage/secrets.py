"""Key derivation and key wrapping: Argon2id for passphrases, AES-256-GCM for the wraps."""

from __future__ import annotations

import base64
import os
import time
from dataclasses import asdict, dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from exitdoors_desktop.core.errors import VaultCorrupt

KEY_BYTES = 32
NONCE_BYTES = 12
SALT_BYTES = 16

# The floor from DESIGN.md: calibration never goes below this.
FLOOR_MEMORY_KIB = 64 * 1024
FLOOR_ITERATIONS = 3
TARGET_SECONDS = 0.5
# Costs below the floor are accepted only when this is set to "1": the test suite and the
# benches set it for themselves. A real install never has it, so a key file whose KDF was
# lowered is refused as tampered, and --insecure-fast-kdf refuses to run.
INSECURE_TEST_KDF_ENV = "EXITDOORS_INSECURE_TEST_KDF"


class InsecureKdfRefused(VaultCorrupt):
    """KDF parameters below the floor outside the test suite."""


def insecure_kdf_allowed() -> bool:
    return os.environ.get(INSECURE_TEST_KDF_ENV) == "1"


def below_floor(params: KdfParams) -> bool:
    return params.memory_kib < FLOOR_MEMORY_KIB or params.iterations < FLOOR_ITERATIONS


def enforce_floor(params: KdfParams, *, creating: bool = False) -> None:
    """Refuse Argon2id costs below 64 MiB / 3 passes (at every unlock and every new wrap)."""
    if below_floor(params) and not insecure_kdf_allowed():
        if creating:
            raise InsecureKdfRefused(
                "key derivation below the 64 MiB / 3-pass floor is refused outside the tests"
            )
        raise InsecureKdfRefused(
            "the key file was tampered with (key derivation below the 64 MiB / 3-pass floor)"
        )


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost. Stored beside each wrap so unlocking never needs to guess."""

    memory_kib: int
    iterations: int
    lanes: int = 1

    @classmethod
    def floor(cls) -> KdfParams:
        return cls(FLOOR_MEMORY_KIB, FLOOR_ITERATIONS, 1)

    @classmethod
    def cheap_for_tests(cls) -> KdfParams:
        """Deliberately weak: only for tests and CI, always asked for explicitly."""
        if not insecure_kdf_allowed():
            raise InsecureKdfRefused(
                f"cheap key derivation is for the test suite only ({INSECURE_TEST_KDF_ENV})"
            )
        return cls(memory_kib=8 * 1024, iterations=1, lanes=1)

    def to_json(self) -> dict[str, int]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: object) -> KdfParams:
        if not isinstance(data, dict):
            raise ValueError("kdf parameters must be an object")
        params = cls(int(data["memory_kib"]), int(data["iterations"]), int(data.get("lanes", 1)))
        if params.memory_kib < 8 or params.iterations < 1 or params.lanes < 1:
            raise ValueError("kdf parameters out of range")
        return params


def derive_key(secret: bytes | bytearray, salt: bytes, params: KdfParams) -> bytearray:
    kdf = Argon2id(
        salt=salt,
        length=KEY_BYTES,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
    )
    return bytearray(kdf.derive(bytes(secret)))


def derive_subkey(secret: bytes | bytearray, info: bytes, salt: bytes | None = None) -> bytearray:
    """HKDF-SHA256, for secrets that already carry 256 bits of entropy (recovery key, team key)."""
    hkdf = HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=salt, info=info)
    return bytearray(hkdf.derive(bytes(secret)))


def calibrate(target_seconds: float = TARGET_SECONDS) -> KdfParams:
    """Find Argon2id parameters that take about ``target_seconds`` here, never below the floor.

    Memory first (it is what hurts attackers' GPUs), then passes.
    """
    salt = os.urandom(SALT_BYTES)
    params = KdfParams.floor()
    elapsed = _time_once(salt, params)
    while elapsed < target_seconds / 2 and params.memory_kib < 1024 * 1024:
        params = KdfParams(params.memory_kib * 2, params.iterations, params.lanes)
        elapsed = _time_once(salt, params)
    while elapsed < target_seconds * 0.8 and params.iterations < 20:
        per_pass = elapsed / params.iterations
        extra = max(1, int((target_seconds - elapsed) / per_pass))
        params = KdfParams(params.memory_kib, params.iterations + extra, params.lanes)
        elapsed = _time_once(salt, params)
    return params


def _time_once(salt: bytes, params: KdfParams) -> float:
    start = time.perf_counter()
    zero(derive_key(b"calibration", salt, params))
    return time.perf_counter() - start


def seal(key: bytes | bytearray, plaintext: bytes | bytearray, aad: bytes) -> tuple[bytes, bytes]:
    nonce = os.urandom(NONCE_BYTES)
    return nonce, AESGCM(bytes(key)).encrypt(nonce, bytes(plaintext), aad)


def open_sealed(key: bytes | bytearray, nonce: bytes, ciphertext: bytes, aad: bytes) -> bytearray:
    """Raises cryptography's InvalidTag when the key is wrong or anything was altered."""
    return bytearray(AESGCM(bytes(key)).decrypt(nonce, ciphertext, aad))


def zero(buffer: bytearray) -> None:
    """Best effort: Python may hold other copies, but we do not keep ours."""
    for i in range(len(buffer)):
        buffer[i] = 0


def b64e(data: bytes | bytearray) -> str:
    return base64.b64encode(bytes(data)).decode("ascii")


def b64d(text: object) -> bytes:
    if not isinstance(text, str):
        raise ValueError("expected base64 text")
    return base64.b64decode(text.encode("ascii"), validate=True)


__all__ = [
    "InvalidTag",
    "KdfParams",
    "b64d",
    "b64e",
    "calibrate",
    "derive_key",
    "derive_subkey",
    "enforce_floor",
    "open_sealed",
    "seal",
    "zero",
]
