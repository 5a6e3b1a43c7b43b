"""Read a SQLCipher 4 file's pages in plain text (tests only): to look for what should be gone.

SQLCipher 4 with a raw key: AES-256-CBC under the key itself, 4096-byte pages, 80 reserved
bytes at each page's end (16-byte IV, then the HMAC); page 1 starts with a 16-byte salt.
"""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

PAGE = 4096
RESERVE = 80
WAL_HEADER = 32
FRAME_HEADER = 24


def _page(key: bytes, page: bytes, first: bool) -> bytes:
    body = page[16 : PAGE - RESERVE] if first else page[: PAGE - RESERVE]
    iv = page[PAGE - RESERVE : PAGE - RESERVE + 16]
    dec = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    return dec.update(body) + dec.finalize()


def plain_pages(path: Path, key: bytes) -> bytes:
    """Every page of a database file, decrypted and joined."""
    data = path.read_bytes()
    return b"".join(
        _page(key, data[i : i + PAGE], i == 0) for i in range(0, len(data) - PAGE + 1, PAGE)
    )


def plain_wal(path: Path, key: bytes) -> bytes:
    """Every frame of a WAL file, decrypted and joined (page 1 frames keep their salt)."""
    if not path.exists():
        return b""
    data = path.read_bytes()
    out = []
    pos = WAL_HEADER
    while pos + FRAME_HEADER + PAGE <= len(data):
        pgno = int.from_bytes(data[pos : pos + 4], "big")
        out.append(_page(key, data[pos + FRAME_HEADER : pos + FRAME_HEADER + PAGE], pgno == 1))
        pos += FRAME_HEADER + PAGE
    return b"".join(out)
