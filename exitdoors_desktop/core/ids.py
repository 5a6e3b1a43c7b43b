"""Time-ordered UUIDs (RFC 9562 version 7) for rows written many at a time.

A random (version 4) id sends each insert to a random leaf of the id index: a client save
writes a dozen change rows, so a dozen index pages are dirtied, and SQLCipher encrypts and
authenticates every dirty page at commit. Ids that start with the time land side by side.
Python 3.11 has no ``uuid.uuid7`` (it arrives in 3.14), so it is written out here: 48 bits of
Unix milliseconds, the version and variant bits, and 74 random bits.
"""

from __future__ import annotations

import os
import time
import uuid

_VERSION_7 = 0x7 << 76
_VARIANT = 0x2 << 62
_RANDOM_A = ((1 << 12) - 1) << 64
_RANDOM_B = (1 << 62) - 1


def time_ordered_id(now_ms: int | None = None) -> str:
    """A version-7 UUID string; ``now_ms`` (Unix milliseconds) is for tests."""
    ms = time.time_ns() // 1_000_000 if now_ms is None else now_ms
    rand = int.from_bytes(os.urandom(10), "big")  # 80 bits; 74 are kept
    value = ((ms & ((1 << 48) - 1)) << 80) | _VERSION_7 | (rand & _RANDOM_A) | _VARIANT
    value |= rand & _RANDOM_B
    return str(uuid.UUID(int=value))
