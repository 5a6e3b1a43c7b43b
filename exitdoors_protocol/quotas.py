"""Quota arithmetic shared by the office server and the laptops: what one device used over a
sliding day, kept in hourly buckets, and how long until a new charge fits. Pure: no clock
(``now`` is given), no I/O.

A bucket counts while any second of it lies within the last day, so the window errs on the
strict side by at most one hour, and a refused charge can always say when it will fit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

DAY = 86_400
BUCKET = 3_600


def bucket_of(at: int) -> int:
    """The start of the hourly bucket holding Unix second ``at``."""
    return at - at % BUCKET


def live(bucket: int, now: int) -> bool:
    """Whether a bucket still counts at ``now`` (part of it lies within the last day)."""
    return bucket + BUCKET > now - DAY


def used(buckets: Mapping[int, int], now: int) -> int:
    """The amount charged over the sliding day ending at ``now``."""
    return sum(amount for bucket, amount in buckets.items() if live(bucket, now))


def retry_after(buckets: Mapping[int, int], now: int, need: int, limit: int) -> int | None:
    """None when ``need`` more fits under ``limit`` at ``now``; else the seconds until it will
    (old buckets leaving the window). A charge larger than the limit itself never fits: a
    whole day is answered (the sender must send less at once)."""
    total = used(buckets, now)
    if total + need <= limit:
        return None
    if need > limit:
        return DAY
    for bucket in sorted(b for b in buckets if live(b, now)):
        total -= buckets[bucket]
        if total + need <= limit:
            return max(1, bucket + BUCKET + DAY - now)
    return DAY  # pragma: no cover - the loop empties the window, and need <= limit


def prune(buckets: Mapping[int, int], now: int) -> dict[int, int]:
    """Only the buckets that still count (what a store keeps)."""
    return {b: a for b, a in buckets.items() if live(b, now) and a}


def charged(buckets: Mapping[int, int], now: int, amount: int) -> dict[int, int]:
    """The buckets after charging ``amount`` at ``now`` (old ones dropped)."""
    out = prune(buckets, now)
    if amount:
        here = bucket_of(now)
        out[here] = out.get(here, 0) + amount
    return out


def first_over(
    charges: Iterable[tuple[str, Mapping[int, int], int, int]], now: int
) -> tuple[str, int, int, int] | None:
    """The first of (reason, buckets, need, limit) that does not fit, as (reason, limit, used,
    retry_after seconds); None when all fit."""
    for reason, buckets, need, limit in charges:
        wait = retry_after(buckets, now, need, limit)
        if wait is not None:
            return reason, limit, used(buckets, now), wait
    return None


__all__ = [
    "BUCKET",
    "DAY",
    "bucket_of",
    "charged",
    "first_over",
    "live",
    "prune",
    "retry_after",
    "used",
]
