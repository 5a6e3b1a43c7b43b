"""Per-device quotas over a sliding day: messages stored, bytes stored (ciphertext), purge
requests and subjects purged. Charged inside the transaction that stores (a refusal raises
and rolls the store back), so two requests cannot both slip under a limit. The arithmetic is
``exitdoors_protocol.quotas``; this module keeps the hourly usage rows."""

from __future__ import annotations

import dataclasses

from sqlalchemy import Connection, delete, insert, select, update

from exitdoors_protocol import quotas
from exitdoors_server.schema import quota_usage

# Defaults: far above what one laptop of a small program writes in a day (a caseload of a
# few thousand clients imported at once is ~100,000 field writes), far below what fills an
# office disk in a day.
DEFAULT_MESSAGES_PER_DAY = 200_000
DEFAULT_BYTES_PER_DAY = 1024 * 1024 * 1024
DEFAULT_PURGES_PER_DAY = 200
DEFAULT_PURGED_SUBJECTS_PER_DAY = 20_000

_COLUMNS = ("messages", "bytes", "purges", "subjects")
REASONS = {
    "messages": "messages_per_day",
    "bytes": "bytes_per_day",
    "purges": "purges_per_day",
    "subjects": "purged_subjects_per_day",
}


@dataclasses.dataclass(frozen=True)
class Quotas:
    messages_per_day: int = DEFAULT_MESSAGES_PER_DAY
    bytes_per_day: int = DEFAULT_BYTES_PER_DAY
    purges_per_day: int = DEFAULT_PURGES_PER_DAY
    purged_subjects_per_day: int = DEFAULT_PURGED_SUBJECTS_PER_DAY

    def limit(self, column: str) -> int:
        return {
            "messages": self.messages_per_day,
            "bytes": self.bytes_per_day,
            "purges": self.purges_per_day,
            "subjects": self.purged_subjects_per_day,
        }[column]


class QuotaExceeded(Exception):
    """A charge that does not fit: the reason code, the limit, what was used over the last
    day and the seconds until it fits."""

    def __init__(self, reason: str, limit: int, used: int, retry_after: int) -> None:
        super().__init__(reason)
        self.reason, self.limit, self.used, self.retry_after = reason, limit, used, retry_after


def usage(conn: Connection, device_id: str, now: int) -> dict[str, dict[int, int]]:
    """Per column, the device's live hourly buckets."""
    rows = conn.execute(
        select(quota_usage.c.bucket, *(quota_usage.c[c] for c in _COLUMNS)).where(
            quota_usage.c.device_id == device_id,
            quota_usage.c.bucket > now - quotas.DAY - quotas.BUCKET,
        )
    ).all()
    out: dict[str, dict[int, int]] = {c: {} for c in _COLUMNS}
    for row in rows:
        for i, column in enumerate(_COLUMNS, start=1):
            out[column][int(row[0])] = int(row[i])
    return out


def charge(
    conn: Connection,
    device_id: str,
    now: int,
    limits: Quotas,
    *,
    messages: int = 0,
    bytes_: int = 0,
    purges: int = 0,
    subjects: int = 0,
) -> None:
    """Charge the device, or raise QuotaExceeded (nothing charged). Call it inside the write
    transaction that stores, after the sequence lock is taken (one writer at a time)."""
    need = {"messages": messages, "bytes": bytes_, "purges": purges, "subjects": subjects}
    if not any(need.values()):
        return
    held = usage(conn, device_id, now)
    over = quotas.first_over(
        ((REASONS[c], held[c], need[c], limits.limit(c)) for c in _COLUMNS if need[c]), now
    )
    if over is not None:
        raise QuotaExceeded(*over)
    bucket = quotas.bucket_of(now)
    where = (quota_usage.c.device_id == device_id, quota_usage.c.bucket == bucket)
    if any(bucket in held[c] for c in _COLUMNS):
        conn.execute(
            update(quota_usage)
            .where(*where)
            .values({c: quota_usage.c[c] + need[c] for c in _COLUMNS})
        )
    else:
        conn.execute(insert(quota_usage).values(device_id=device_id, bucket=bucket, **need))
        # A new hour: forget this device's hours that no longer count.
        conn.execute(
            delete(quota_usage).where(
                quota_usage.c.device_id == device_id,
                quota_usage.c.bucket <= now - quotas.DAY - quotas.BUCKET,
            )
        )


def detail(exc: QuotaExceeded) -> str:
    what = {
        "messages_per_day": "messages stored",
        "bytes_per_day": "bytes stored",
        "purges_per_day": "purge requests",
        "purged_subjects_per_day": "subjects purged",
    }[exc.reason]
    return (
        f"this device is over its quota of {exc.limit} {what} per day ({exc.used} used over "
        f"the last 24 h); nothing was stored; retry after {exc.retry_after} s"
    )
