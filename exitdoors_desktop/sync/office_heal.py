"""Restoring the office's copy of a client that the team never withdrew.

Any current member may ask the office to purge subject tags (its tombstones are a best-effort
second line behind the register, and the office cannot see whose tags they are). A purge
without a withdrawal in the register is therefore either a statement still on its way or a
hostile member's (or office's) act. Her keeper's laptop tells them apart by waiting: when the
office has refused her writes at the end of two rounds, each of which pulled everything the
office had, and the register still does not withdraw her, and her consent recorded here still
allows sharing, it lifts the office's tombstones with a signed re-share request and sends her
record (as written here) again, so a newcomer receives her. Nothing about her is decided by
the office's word: the register alone withdraws her.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from exitdoors_protocol.register import WITHDRAWAL, Entry

SEEN_KEY = "office_refuses_seen"  # refused at the end of the previous round too


def to_restore(
    refused_now: Iterable[str],
    refused_before: Iterable[str],
    register: dict[str, Entry],
    shareable: set[str],
    keeps: Callable[[str], bool],
    me: str,
) -> list[str]:
    """The clients whose office copy this laptop restores now."""
    before = set(refused_before)
    out: list[str] = []
    for client in sorted(set(refused_now)):
        entry = register.get(client)
        if entry is not None and entry.kind == WITHDRAWAL:
            continue  # she withdrew: the office is right to refuse her
        if client not in before or client not in shareable:
            continue  # wait one more full round; or her consent here does not allow it
        kept = entry.keeper == me if entry is not None else keeps(client)
        if kept:
            out.append(client)
    return out
