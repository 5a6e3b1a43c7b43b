"""How report figures are rounded: one rule, written down once.

Percentages are whole numbers rounded half up (0.5 goes up), computed in integers so no
floating-point error can tip a value over a boundary. This is the one rule that reproduces
every percentage the program published (the reference-cohort test): 19/30 → 63%,
11/30 → 37% (truncation would give 36%), 18/30 → 60%, 17/34 and 16/32 → 50%. The published
"95% (n=52) involved, 4% (n=2) at risk" cannot come from 52/54 and 2/54 under any rounding
(52/54 = 96.3%); half up over 55 recruits (one without an intake measure) gives exactly 95%
and 4%, and 55 is the only denominator that does. So reach percentages are of everyone
recruited, including those whose involvement was not recorded.
Money is rounded half up to the cent; medians of days half up to a whole day.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def percent(numerator: int, denominator: int) -> int | None:
    """``numerator / denominator`` as a whole percent rounded half up; None when undefined."""
    if denominator <= 0 or numerator < 0:
        return None
    return (200 * numerator + denominator) // (2 * denominator)


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def per_head(total: Decimal, heads: int) -> Decimal | None:
    """Cost per participant, to the cent (half up); None without participants."""
    if heads <= 0:
        return None
    return money(total / Decimal(heads))


def median_days(values: Sequence[int]) -> int | None:
    """The median of whole days, rounded half up to a whole day; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[mid]
    return (ordered[mid - 1] + ordered[mid] + 1) // 2
