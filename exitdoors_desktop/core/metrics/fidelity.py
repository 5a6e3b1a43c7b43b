"""CTI fidelity: the self-assessment items the records can show, per worker and program-wide.

Per episode (one attempt of one client), with ``as_of`` the day the data are read:

* first month: at least 2 contacts in the 30 days from her phase 1 start (days 0–29); judged
  once those 30 days are over;
* phase 1 meetings: at least 3 contacts in the community with her present, and at least 2
  with her providers or informal supports present, during her first stay in phase 1; judged
  once she has advanced to phase 2;
* contacts decrease: contacts per 30 days (paused days excluded) fall phase by phase —
  phase 1 >= phase 2 >= phase 3 and phase 1 > phase 3; judged at graduation;
* time to graduation: calendar days from phase 1 start to graduation (pauses included, as in
  core/timing), against the program's target (the three phases' target days added up);
* caseload: a worker's clients in phases 1–3 (or paused from them) on the last day counted,
  against the caseload limit. Clients count for the worker assigned to them now.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from exitdoors_desktop.core.entities import Contact, Location, Participant
from exitdoors_desktop.core.lifecycle import CTI_PHASES, State
from exitdoors_desktop.core.metrics.episodes import Episode
from exitdoors_desktop.core.metrics.model import Period
from exitdoors_desktop.core.metrics.rounding import median_days
from exitdoors_desktop.core.metrics.tables import Rate, RateTable, Statistic, StatTable, Unit
from exitdoors_desktop.core.program import ProgramSettings

FIRST_MONTH_DAYS = 30
MIN_FIRST_MONTH_CONTACTS = 2
MIN_COMMUNITY_MEETINGS = 3
MIN_SUPPORT_MEETINGS = 2
SUPPORTS = frozenset({Participant.PROVIDER, Participant.INFORMAL_SUPPORT})


class Indicator(StrEnum):
    FIRST_MONTH_CONTACTS = "first_month_contacts"
    PHASE1_COMMUNITY = "phase1_community_meetings"
    PHASE1_SUPPORTS = "phase1_support_meetings"
    CONTACTS_DECREASE = "contacts_decrease"
    GRADUATED_WITHIN_TARGET = "graduated_within_target"


class FidelityFlag(StrEnum):
    """Per-client flags for the caseload review (the UI words them)."""

    FEW_FIRST_MONTH_CONTACTS = "few_first_month_contacts"
    FEW_COMMUNITY_MEETINGS = "few_community_meetings"
    FEW_SUPPORT_MEETINGS = "few_support_meetings"
    OVER_TARGET_SPAN = "over_target_span"


@dataclass(frozen=True)
class EpisodeFidelity:
    episode: Episode
    first_month_contacts: int | None  # None until the first month is over
    phase1_completed_on: dt.date | None
    community_meetings: int  # during the first stay in phase 1 (so far)
    support_meetings: int
    rates: tuple[float, float, float] | None  # contacts per 30 days in phases 1, 2, 3
    cti_days: int | None
    target_days: int

    @property
    def first_month_ok(self) -> bool | None:
        n = self.first_month_contacts
        return None if n is None else n >= MIN_FIRST_MONTH_CONTACTS

    @property
    def community_ok(self) -> bool:
        return self.community_meetings >= MIN_COMMUNITY_MEETINGS

    @property
    def supports_ok(self) -> bool:
        return self.support_meetings >= MIN_SUPPORT_MEETINGS

    @property
    def decreasing(self) -> bool | None:
        if self.rates is None:
            return None
        r1, r2, r3 = self.rates
        return r1 >= r2 >= r3 and r1 > r3

    @property
    def within_target(self) -> bool | None:
        return None if self.cti_days is None else self.cti_days <= self.target_days

    def flags(self, phase1_target_passed: bool) -> frozenset[FidelityFlag]:
        """Flags for the current episode of a client still in the program."""
        out: set[FidelityFlag] = set()
        if self.first_month_ok is False:
            out.add(FidelityFlag.FEW_FIRST_MONTH_CONTACTS)
        if self.phase1_completed_on is not None or phase1_target_passed:
            if not self.community_ok:
                out.add(FidelityFlag.FEW_COMMUNITY_MEETINGS)
            if not self.supports_ok:
                out.add(FidelityFlag.FEW_SUPPORT_MEETINGS)
        if self.within_target is False:
            out.add(FidelityFlag.OVER_TARGET_SPAN)
        return frozenset(out)


def target_span(settings: ProgramSettings) -> int:
    return sum(settings.phase(p.value).target_days or 0 for p in CTI_PHASES)


def episode_fidelity(
    ep: Episode, contacts: Sequence[Contact], settings: ProgramSettings, as_of: dt.date
) -> EpisodeFidelity | None:
    """The fidelity facts of one episode (None if CTI never started in it). ``contacts`` are
    the client's contacts ordered by date."""
    p1 = ep.phase1_start
    if p1 is None:
        return None
    dates = [c.date for c in contacts]

    def between(a: dt.date, b: dt.date | None) -> Sequence[Contact]:
        """Contacts dated a <= d < b (b None: no end)."""
        lo = bisect_left(dates, a)
        hi = len(dates) if b is None else bisect_left(dates, b, lo)
        return contacts[lo:hi]

    month_end = p1 + dt.timedelta(days=FIRST_MONTH_DAYS)
    first_month = len(between(p1, month_end)) if month_end <= as_of else None
    stay = next(s for s in ep.stints if s.phase is State.PHASE_1)
    completed = stay.end if stay.left_to is State.PHASE_2 else None
    in_stay = between(stay.start, stay.end)
    community = sum(
        1
        for c in in_stay
        if c.location is Location.COMMUNITY and Participant.CLIENT in c.participants
    )
    supports = sum(1 for c in in_stay if c.participants & SUPPORTS)
    rates = _rates(ep, between) if ep.graduated_on is not None else None
    end = ep.end
    stop = end if end is not None else as_of
    return EpisodeFidelity(
        episode=ep,
        first_month_contacts=first_month,
        phase1_completed_on=completed,
        community_meetings=community,
        support_meetings=supports,
        rates=rates,
        cti_days=max(0, (stop - p1).days) if ep.graduated_on is not None or end is None else None,
        target_days=target_span(settings),
    )


def _rates(
    ep: Episode, between: Callable[[dt.date, dt.date | None], Sequence[Contact]]
) -> tuple[float, float, float] | None:
    days = dict.fromkeys(CTI_PHASES, 0)
    counts = dict.fromkeys(CTI_PHASES, 0)
    for s in ep.stints:
        if s.phase in days and (d := s.days()) is not None:
            days[s.phase] += d
            counts[s.phase] += len(between(s.start, s.end))
    if any(days[p] <= 0 for p in CTI_PHASES):
        return None
    r1, r2, r3 = (30 * counts[p] / days[p] for p in CTI_PHASES)
    return r1, r2, r3


@dataclass(frozen=True)
class WorkerFidelity:
    worker_id: str | None  # None: program-wide
    caseload: int
    within_limit: bool
    indicators: RateTable
    time_to_graduation: Statistic  # median days, phase 1 start to graduation


@dataclass(frozen=True)
class Fidelity:
    program: WorkerFidelity
    caseloads: StatTable  # workers: within limit (n), largest and median caseload
    workers: tuple[WorkerFidelity, ...]  # identifying staff: for the screen, not for files
    current: Mapping[str, EpisodeFidelity]  # each client's latest episode, for the review


def _indicators(
    items: Sequence[EpisodeFidelity], period: Period, as_of: dt.date
) -> tuple[RateTable, Statistic]:
    met = dict.fromkeys(Indicator, 0)
    eligible = dict.fromkeys(Indicator, 0)
    spans: list[int] = []

    def add(ind: Indicator, ok: bool | None) -> None:
        if ok is not None:
            eligible[ind] += 1
            met[ind] += int(ok)

    for f in items:
        ep = f.episode
        if ep.phase1_start in period:
            add(Indicator.FIRST_MONTH_CONTACTS, f.first_month_ok)
        if f.phase1_completed_on in period:
            add(Indicator.PHASE1_COMMUNITY, f.community_ok)
            add(Indicator.PHASE1_SUPPORTS, f.supports_ok)
        if ep.graduated_on in period:
            add(Indicator.CONTACTS_DECREASE, f.decreasing)
            add(Indicator.GRADUATED_WITHIN_TARGET, f.within_target)
            if f.cti_days is not None:
                spans.append(f.cti_days)
    table = RateTable("fidelity", tuple(Rate(i.value, met[i], eligible[i]) for i in Indicator))
    return table, Statistic("time_to_graduation", median_days(spans), len(spans))


def fidelity(
    episodes: Mapping[str, list[Episode]],
    workers: Mapping[str, str | None],
    contacts: Mapping[str, list[Contact]],
    settings: ProgramSettings,
    period: Period,
    as_of: dt.date,
) -> Fidelity:
    """``workers`` maps client id to her assigned worker (user id) or None."""
    by_worker: dict[str | None, list[EpisodeFidelity]] = defaultdict(list)
    caseload: dict[str, int] = defaultdict(int)
    current: dict[str, EpisodeFidelity] = {}
    day = min(period.end, as_of)
    for cid, eps in episodes.items():
        worker = workers.get(cid)
        if worker is not None:
            caseload.setdefault(worker, 0)
        for ep in eps:
            f = episode_fidelity(ep, contacts.get(cid, ()), settings, as_of)
            if f is None:
                continue
            by_worker[worker].append(f)
            current[cid] = f
            p1 = ep.phase1_start
            open_on_day = p1 is not None and p1 <= day and (ep.end is None or ep.end > day)
            if worker is not None and open_on_day:
                caseload[worker] += 1
    limit = settings.caseload_limit
    rows = []
    for worker in sorted(caseload):
        table, span = _indicators(by_worker.get(worker, []), period, as_of)
        n = caseload[worker]
        rows.append(WorkerFidelity(worker, n, n <= limit, table, span))
    everyone = [f for fs in by_worker.values() for f in fs]
    table, span = _indicators(everyone, period, as_of)
    total = sum(caseload.values())
    program = WorkerFidelity(None, total, all(r.within_limit for r in rows), table, span)
    sizes = sorted(caseload.values())
    caseloads = StatTable(
        "caseloads",
        (
            Statistic("workers_within_limit", sum(1 for r in rows if r.within_limit), len(rows)),
            Statistic("largest_caseload", sizes[-1] if sizes else None, len(rows)),
            Statistic("median_caseload", median_days(sizes), len(rows)),
        ),
        Unit.WORKERS,
    )
    return Fidelity(program, caseloads, tuple(rows), current)
