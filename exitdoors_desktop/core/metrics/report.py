"""The outcome report: every metric for one period, from one ``ReportData``.

Who counts: every participant in the vault, whatever her sharing consent. The design rule is
that records without sharing consent still "count in de-identified aggregates", and keeping
one population for every table means no table can be subtracted from another to reveal the
few women left out of one of them; cost per participant also stays true to the money spent.
``evaluation_only=True`` narrows every figure (costs included) to participants whose consent
in effect covers de-identified evaluation, should a program decide so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from exitdoors_desktop.core.metrics import fidelity as fid
from exitdoors_desktop.core.metrics import flow, outcomes, services
from exitdoors_desktop.core.metrics.episodes import Episode, episodes
from exitdoors_desktop.core.metrics.groups import GroupReport, group_report
from exitdoors_desktop.core.metrics.model import Period, ReportData
from exitdoors_desktop.core.metrics.tables import CountTable, CycleCost, RateTable
from exitdoors_desktop.core.program import ProgramSettings
from exitdoors_desktop.core.scales import ScaleDefinition


@dataclass(frozen=True)
class OutcomeReport:
    period: Period
    as_of: dt.date
    threshold: int
    evaluation_only: bool
    participants_in_cti: int  # in phases 1–3 on some day of the period
    reach: CountTable
    follow_up_coverage: CountTable
    outcome: CountTable
    progress: RateTable
    readiness_movement: CountTable
    readiness_first: CountTable
    readiness_latest: CountTable
    flow: flow.PhaseFlow
    fidelity: fid.Fidelity
    referrals_by_type: CountTable
    referrals_by_status: CountTable
    partner_relationship: CountTable
    partner_benefit: CountTable
    costs: tuple[CycleCost, ...]
    groups: GroupReport


def all_episodes(data: ReportData, evaluation_only: bool = False) -> dict[str, list[Episode]]:
    return {
        p.id: episodes(p.id, p.history)
        for p in data.participants
        if p.history and (p.evaluation_consent or not evaluation_only)
    }


def outcome_report(
    data: ReportData,
    settings: ProgramSettings,
    scale: ScaleDefinition,
    readiness_scale: ScaleDefinition,
    period: Period,
    as_of: dt.date,
    *,
    evaluation_only: bool = False,
) -> OutcomeReport:
    """Compute every metric. ``as_of`` is the day the data were read: it decides whether a
    first month is over and which follow-ups are known; the period decides who is counted."""
    eps = all_episodes(data, evaluation_only)
    in_cti = sorted(outcomes.in_cti(eps, period))
    coverage, outcome = outcomes.follow_up(eps, data.involvement_by_client, period)
    moved, first, latest = outcomes.readiness(
        in_cti, data.readiness_by_client, readiness_scale, period
    )
    by_type, by_status = services.referrals(
        (r for r in data.referrals if r.client_id in eps), period
    )
    relationship, benefit = services.partner_survey(data.partner_surveys, period)
    workers = {p.id: p.worker_id for p in data.participants}
    return OutcomeReport(
        period=period,
        as_of=as_of,
        threshold=settings.small_cell_threshold,
        evaluation_only=evaluation_only,
        participants_in_cti=len(in_cti),
        reach=outcomes.reach(eps, data.involvement_by_client, period),
        follow_up_coverage=coverage,
        outcome=outcome,
        progress=outcomes.progress(
            in_cti, data.readings_by_client, scale, settings.progress, period
        ),
        readiness_movement=moved,
        readiness_first=first,
        readiness_latest=latest,
        flow=flow.phase_flow(eps, period),
        fidelity=fid.fidelity(eps, workers, data.contacts_by_client, settings, period, as_of),
        referrals_by_type=by_type,
        referrals_by_status=by_status,
        partner_relationship=relationship,
        partner_benefit=benefit,
        costs=services.costs(eps, data.cycles, period),
        # Sessions are team records and attendances are counted as sessions hold them, whatever
        # ``evaluation_only`` (see core.metrics.groups).
        groups=group_report(
            data.groups, settings.groups.type_ids, settings.groups.completion, period, as_of
        ),
    )
