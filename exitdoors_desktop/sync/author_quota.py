"""Per-author quotas on a laptop: how many writes and register statements (withdrawals and
re-shares) from one author this laptop applies per round and per sliding day, and each
author's share of the quarantine. Past a quota a message is held back (kept sealed in the
quarantine with the reason "quota" and tried again in a later round), never applied and never
dropped unseen; one author cannot fill the quarantine for all. Pure arithmetic: the caller
stores the day's usage (``state``) and gives the clock."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from exitdoors_protocol import quotas

WRITES = "writes"
STATEMENTS = "statements"
QUOTA_REASON = "quota"


@dataclass(frozen=True)
class AuthorLimits:
    # Above what an honest laptop sends (the office stores at most 200,000 messages per device
    # per day by default), so only a flood is held; a newcomer's first round pulls the whole
    # history, hence the generous round limit.
    writes_per_round: int = 250_000
    writes_per_day: int = 400_000
    # Withdrawals and re-shares: a keeper withdrawing her whole caseload at once is rare; past
    # these the rest wait for the next round or day (the safe direction is only delayed).
    statements_per_round: int = 500
    statements_per_day: int = 2_000
    # Rows of the quarantine (10,000 in all) one author's messages may take.
    quarantine_share: int = 2_500

    def limit(self, kind: str, per_round: bool) -> int:
        if kind == WRITES:
            return self.writes_per_round if per_round else self.writes_per_day
        return self.statements_per_round if per_round else self.statements_per_day


DEFAULT = AuthorLimits()  # what the engine uses (tests put smaller limits here)

DayUsage = dict[str, dict[str, dict[int, int]]]  # author -> kind -> hour bucket -> count


class AuthorQuota:
    """One round's admission of messages per author."""

    def __init__(self, day: object, now: int, limits: AuthorLimits | None = None) -> None:
        self.limits = limits or AuthorLimits()
        self.now = now
        self._day = _read(day, now)
        self._round: dict[tuple[str, str], int] = {}
        self.held: dict[str, int] = {}  # author -> messages held back this round

    def admit(self, author: str, kind: str) -> bool:
        """Charge one message of ``kind`` from ``author``; False (and counted as held) when it
        is over the author's round or day quota."""
        in_round = self._round.get((author, kind), 0)
        buckets = self._day.setdefault(author, {}).setdefault(kind, {})
        over_round = in_round + 1 > self.limits.limit(kind, per_round=True)
        over_day = quotas.retry_after(buckets, self.now, 1, self.limits.limit(kind, False))
        if over_round or over_day is not None:
            self.held[author] = self.held.get(author, 0) + 1
            return False
        self._round[(author, kind)] = in_round + 1
        self._day[author][kind] = quotas.charged(buckets, self.now, 1)
        return True

    def state(self) -> DayUsage:
        """The day's usage to store (hours that no longer count are dropped)."""
        out: DayUsage = {}
        for author, kinds in self._day.items():
            live = {
                k: {b: n for b, n in quotas.prune(v, self.now).items()} for k, v in kinds.items()
            }
            live = {k: v for k, v in live.items() if v}
            if live:
                out[author] = live
        return out


def _read(day: object, now: int) -> DayUsage:
    """Stored usage (JSON: hour keys are strings), whatever shape it has: junk reads as
    nothing used."""
    out: DayUsage = {}
    if not isinstance(day, Mapping):
        return out
    for author, kinds in day.items():
        if not isinstance(author, str) or not isinstance(kinds, Mapping):
            continue
        for kind, buckets in kinds.items():
            if kind not in (WRITES, STATEMENTS) or not isinstance(buckets, Mapping):
                continue
            clean: dict[int, int] = {}
            for bucket, n in buckets.items():
                try:
                    b, count = int(bucket), int(n)
                except (TypeError, ValueError):
                    continue
                if count > 0:
                    clean[b] = count
            out.setdefault(author, {})[kind] = quotas.prune(clean, now)
    return out


def to_json(day: DayUsage) -> dict[str, dict[str, dict[str, int]]]:
    return {
        a: {k: {str(b): n for b, n in v.items()} for k, v in ks.items()} for a, ks in day.items()
    }
