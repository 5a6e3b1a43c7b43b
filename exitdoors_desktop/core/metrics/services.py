"""Service metrics: referrals by type and status, the partner-agency survey, cost per
participant per program cycle."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from exitdoors_desktop.core.entities import Referral, ReferralStatus, ServiceType
from exitdoors_desktop.core.metrics.episodes import Episode
from exitdoors_desktop.core.metrics.model import CostCycle, PartnerSurvey, Period
from exitdoors_desktop.core.metrics.rounding import per_head
from exitdoors_desktop.core.metrics.tables import CountTable, CycleCost, Unit

RELATIONSHIPS = ("very_positive", "positive", "neutral", "negative", "very_negative")
BENEFITS = ("a_lot", "some", "a_little", "not_at_all", "not_sure")
NOT_ANSWERED = "not_answered"


def referrals(items: Iterable[Referral], period: Period) -> tuple[CountTable, CountTable]:
    """Referrals made in the period, by service type and by their status now."""
    by_type = dict.fromkeys((s.value for s in ServiceType), 0)
    by_status = dict.fromkeys((s.value for s in ReferralStatus), 0)
    for r in items:
        if r.made_on in period:
            by_type[r.service_type.value] += 1
            by_status[r.status.value] += 1
    return (
        CountTable("referrals_by_type", tuple(by_type.items()), Unit.REFERRALS),
        CountTable("referrals_by_status", tuple(by_status.items()), Unit.REFERRALS),
    )


def partner_survey(
    answers: Iterable[PartnerSurvey], period: Period
) -> tuple[CountTable, CountTable]:
    """Agencies surveyed in the period (each agency's latest answer in it), by working
    relationship and by benefit to the shared work."""
    latest: dict[str, PartnerSurvey] = {}
    for a in sorted(answers, key=lambda a: a.date):
        if a.date in period:
            latest[a.agency_key] = a
    rel = dict.fromkeys([*RELATIONSHIPS, NOT_ANSWERED], 0)
    ben = dict.fromkeys([*BENEFITS, NOT_ANSWERED], 0)
    for a in latest.values():
        rel[a.relationship if a.relationship in rel else NOT_ANSWERED] += 1
        ben[a.benefit if a.benefit in ben else NOT_ANSWERED] += 1
    return (
        CountTable("partner_relationship", tuple(rel.items()), Unit.AGENCIES),
        CountTable("partner_benefit", tuple(ben.items()), Unit.AGENCIES),
    )


def cycle_participants(episodes: Mapping[str, list[Episode]], cycle: CostCycle) -> int:
    """Participants enrolled in the cycle: clients whose CTI (phase 1) started within it,
    each counted once however often she (re-)enrolled in it."""
    window = Period(cycle.start, cycle.end)
    return sum(1 for eps in episodes.values() if any(ep.phase1_start in window for ep in eps))


def costs(
    episodes: Mapping[str, list[Episode]], cycles: Sequence[CostCycle], period: Period
) -> tuple[CycleCost, ...]:
    """Cost per participant for every cycle that overlaps the period: operating cost divided
    by participants enrolled in the cycle, rounded half up to the cent."""
    out = []
    for cycle in sorted(cycles, key=lambda c: (c.start, c.end, c.id)):
        if not period.overlaps(cycle.start, cycle.end):
            continue
        n = cycle_participants(episodes, cycle)
        out.append(CycleCost(cycle, n, per_head(cycle.operating_cost, n)))
    return tuple(out)
