"""Outcome metrics: reach at recruitment, involvement at follow-up, progress per focus area,
readiness-to-change movement. Pure functions over plain records and a period."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from exitdoors_desktop.core.entities import Involvement
from exitdoors_desktop.core.metrics.episodes import Episode
from exitdoors_desktop.core.metrics.model import (
    InvolvementMeasure,
    Occasion,
    Period,
    ReadinessMeasure,
)
from exitdoors_desktop.core.metrics.tables import CountTable, Rate, RateTable
from exitdoors_desktop.core.scales import ProgressRule, ScaleDefinition, ScaleReading, progressed

NOT_RECORDED = "not_recorded"
REACH_ROWS = (
    Involvement.INVOLVED,
    Involvement.AT_RISK,
    Involvement.RARELY,
    Involvement.NOT_AT_ALL,
)
OUTCOME_ROWS = (
    Involvement.NOT_AT_ALL,
    Involvement.RARELY,
    Involvement.AT_RISK,
    Involvement.INVOLVED,
)
WITH_FOLLOW_UP = "with_follow_up"
NO_FOLLOW_UP = "no_follow_up"
MOVED_UP, NO_CHANGE, MOVED_DOWN = "moved_up", "no_change", "moved_down"

EpisodesByClient = Mapping[str, list[Episode]]


def _until(episodes: list[Episode], i: int) -> dt.date | None:
    """The day before the next episode starts (measures after it belong to that one)."""
    return episodes[i + 1].start if i + 1 < len(episodes) else None


def recruited(episodes: EpisodesByClient, period: Period) -> dict[str, tuple[int, Episode]]:
    """Each client whose CTI (phase 1) started in the period, with her first such episode."""
    out: dict[str, tuple[int, Episode]] = {}
    for cid, eps in episodes.items():
        for i, ep in enumerate(eps):
            if ep.phase1_start in period:
                out[cid] = (i, ep)
                break
    return out


def reach(
    episodes: EpisodesByClient,
    involvement: Mapping[str, list[InvolvementMeasure]],
    period: Period,
) -> CountTable:
    """Participants recruited in the period by their sex-work involvement at intake.

    Her intake measure is the earliest one marked "at intake" dated within the episode she was
    recruited in (from its enrolment until the next episode); without one she is "not
    recorded" and still counts in the denominator (everyone recruited).
    """
    counts = dict.fromkeys([*(r.value for r in REACH_ROWS), NOT_RECORDED], 0)
    for cid, (i, ep) in recruited(episodes, period).items():
        eps = episodes[cid]
        until = _until(eps, i)
        measure = next(
            (
                m
                for m in involvement.get(cid, ())
                if m.occasion is Occasion.INTAKE
                and m.involvement is not None
                and m.date >= ep.start
                and (until is None or m.date < until)
            ),
            None,
        )
        key = measure.involvement.value if measure and measure.involvement else NOT_RECORDED
        counts[key] += 1
    return CountTable("reach", tuple(counts.items()))


def _follow_up(
    ep: Episode, until: dt.date | None, measures: Iterable[InvolvementMeasure]
) -> InvolvementMeasure | None:
    grad = ep.graduated_on
    assert grad is not None
    for m in measures:  # oldest first: the first follow-up after graduating is "the" one
        if (
            m.occasion is Occasion.FOLLOW_UP
            and m.involvement is not None
            and m.date >= grad
            and (until is None or m.date < until)
        ):
            return m
    return None


def follow_up(
    episodes: EpisodesByClient,
    involvement: Mapping[str, list[InvolvementMeasure]],
    period: Period,
) -> tuple[CountTable, CountTable]:
    """(graduates in the period with / without follow-up data, involvement at follow-up).

    Follow-up data: the first follow-up measure (follow-up form with her answer, or an
    involvement form marked "at follow-up") dated on or after her graduation and before any
    re-enrolment. A follow-up where she could not be reached is no data.
    """
    coverage = {WITH_FOLLOW_UP: 0, NO_FOLLOW_UP: 0}
    outcome = dict.fromkeys((r.value for r in OUTCOME_ROWS), 0)
    for cid, eps in episodes.items():
        # The latest graduation in the period counts (one line per woman).
        found = [(i, ep) for i, ep in enumerate(eps) if ep.graduated_on in period]
        if not found:
            continue
        i, ep = found[-1]
        m = _follow_up(ep, _until(eps, i), involvement.get(cid, ()))
        if m is None or m.involvement is None:
            coverage[NO_FOLLOW_UP] += 1
        else:
            coverage[WITH_FOLLOW_UP] += 1
            outcome[m.involvement.value] += 1
    return (
        CountTable("follow_up_coverage", tuple(coverage.items())),
        CountTable("outcome", tuple(outcome.items())),
    )


def in_cti(episodes: EpisodesByClient, period: Period) -> set[str]:
    """Clients who were in phases 1–3 (or paused from them) on some day of the period."""
    return {
        cid
        for cid, eps in episodes.items()
        if any(ep.in_cti_during(period.start, period.end) for ep in eps)
    }


def progress(
    clients: Iterable[str],
    readings: Mapping[str, list[ScaleReading]],
    scale: ScaleDefinition,
    rule: ProgressRule,
    period: Period,
) -> RateTable:
    """Per focus area: participants who progressed (the program's rule, first reading against
    latest) among those with at least two readings of that area dated up to the period's end.
    The baseline is her first reading ever: re-enrolling does not reset it."""
    met = dict.fromkeys(scale.area_ids, 0)
    eligible = dict.fromkeys(scale.area_ids, 0)
    for cid in clients:
        mine = [r for r in readings.get(cid, ()) if r.date <= period.end]
        if len(mine) < 2:
            continue
        for area, result in progressed(mine, scale, rule).items():
            if result is None:
                continue
            eligible[area] += 1
            met[area] += int(result)
    return RateTable(
        "progress", tuple(Rate(a, met[a], eligible[a]) for a in scale.area_ids if eligible[a])
    )


def readiness(
    clients: Iterable[str],
    measures: Mapping[str, list[ReadinessMeasure]],
    scale: ScaleDefinition,
    period: Period,
) -> tuple[CountTable, CountTable, CountTable]:
    """(movement, first stage, latest stage) among participants with two or more readiness
    measures dated up to the period's end; stages are the readiness scale's stage bands."""
    movement = {MOVED_UP: 0, NO_CHANGE: 0, MOVED_DOWN: 0}
    first = dict.fromkeys((s.id for s in scale.stages), 0)
    latest = dict(first)
    for cid in clients:
        mine = [
            m
            for m in measures.get(cid, ())
            if m.date <= period.end and scale.stage_index(m.stage) is not None
        ]
        if len(mine) < 2:
            continue
        a, b = scale.stage_index(mine[0].stage), scale.stage_index(mine[-1].stage)
        assert a is not None and b is not None
        movement[MOVED_UP if b > a else MOVED_DOWN if b < a else NO_CHANGE] += 1
        first[scale.stages[a].id] += 1
        latest[scale.stages[b].id] += 1
    return (
        CountTable("readiness_movement", tuple(movement.items())),
        CountTable("readiness_first", tuple(first.items())),
        CountTable("readiness_latest", tuple(latest.items())),
    )
