"""Progress scales: definitions (areas, range, stage bands), dated readings, and progress per area.

The default scale is this project's own wording. The commercial outcome stars are proprietary,
so nothing here copies their areas' descriptions or stage names; a program may define its own
scale (or enter a licensed one) as data in ``resources/scales/``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from exitdoors_desktop.core.schema import (
    Collector,
    LocalText,
    Problem,
    check_with,
    is_int,
    join,
    parse_with,
    read_with,
)


class ProgressKind(StrEnum):
    ANY_RISE = "any_rise"  # latest reading higher than the first
    RISE_BY_N = "rise_by_n"  # latest at least n points above the first
    HIGHER_STAGE = "higher_stage"  # latest reading falls in a higher stage band than the first


@dataclass(frozen=True)
class ProgressRule:
    kind: ProgressKind = ProgressKind.ANY_RISE
    n: int = 1  # only used by RISE_BY_N


@dataclass(frozen=True)
class ScaleArea:
    id: str
    label: LocalText


@dataclass(frozen=True)
class Stage:
    """A band of values [min, max] sharing one label, e.g. 1–3 "Getting started"."""

    id: str
    min: int
    max: int
    label: LocalText


@dataclass(frozen=True)
class ScaleDefinition:
    id: str
    version: int
    title: LocalText
    min: int
    max: int
    areas: tuple[ScaleArea, ...]
    stages: tuple[Stage, ...]

    @property
    def area_ids(self) -> tuple[str, ...]:
        return tuple(a.id for a in self.areas)

    def stage_index(self, value: int) -> int | None:
        """Position of the stage band holding ``value`` (bands are ordered low to high)."""
        for i, stage in enumerate(self.stages):
            if stage.min <= value <= stage.max:
                return i
        return None

    def stage_of(self, value: int) -> Stage | None:
        i = self.stage_index(value)
        return None if i is None else self.stages[i]


@dataclass(frozen=True)
class ScaleReading:
    """One dated rating of a client on some or all areas of one scale.

    ``recorded_at`` (an HLC string, or any string that sorts in recording order) and ``id``
    only break ties between readings on the same date, so ordering is deterministic.
    """

    id: str
    client_id: str
    scale_id: str
    date: dt.date
    values: Mapping[str, int] = field(default_factory=dict)
    recorded_at: str = ""

    def sort_key(self) -> tuple[dt.date, str, str]:
        return (self.date, self.recorded_at, self.id)


def progressed(
    readings: Iterable[ScaleReading],
    definition: ScaleDefinition,
    rule: ProgressRule = ProgressRule(),  # noqa: B008 - frozen, so a shared default is safe
) -> dict[str, bool | None]:
    """For each area of ``definition``: did the client progress between first and latest reading?

    Only readings of this scale that rate the area count. ``None`` means fewer than two such
    readings (not measurable). "First" and "latest" come from ordering by
    (date, recorded_at, id), so two readings on the same date are still two readings and the
    later-recorded one counts as later; values outside the scale's range are ignored.
    """
    ordered = sorted(
        (r for r in readings if r.scale_id == definition.id), key=ScaleReading.sort_key
    )
    result: dict[str, bool | None] = {}
    for area in definition.area_ids:
        values = [
            v
            for r in ordered
            if is_int(v := r.values.get(area)) and definition.min <= v <= definition.max
        ]
        if len(values) < 2:
            result[area] = None
            continue
        first, latest = values[0], values[-1]
        result[area] = _rose(first, latest, definition, rule)
    return result


def _rose(first: int, latest: int, definition: ScaleDefinition, rule: ProgressRule) -> bool:
    if rule.kind is ProgressKind.RISE_BY_N:
        return latest - first >= rule.n
    if rule.kind is ProgressKind.HIGHER_STAGE:
        a, b = definition.stage_index(first), definition.stage_index(latest)
        return a is not None and b is not None and b > a
    return latest > first


def parse_progress_rule(value: object, path: str, c: Collector) -> ProgressRule:
    m = c.mapping(value, path)
    if m is None:
        return ProgressRule()
    c.keys(m, path, ("kind", "n"))
    try:
        kind = ProgressKind(str(m.get("kind")))
    except ValueError:
        allowed = ", ".join(k.value for k in ProgressKind)
        c.add(join(path, "kind"), "bad_value", f"must be one of {allowed}")
        return ProgressRule()
    if kind is ProgressKind.RISE_BY_N:
        n = c.positive_int(m, "n", path)
        return ProgressRule(kind, n or 1)
    if "n" in m:
        c.add(join(path, "n"), "unexpected", "only used with kind 'rise_by_n'")
    return ProgressRule(kind)


SCALE_KEYS = ("id", "version", "title", "min", "max", "areas", "stages", "description")


def read_scale(data: object) -> tuple[ScaleDefinition | None, list[Problem]]:
    """The parsed definition (None if it has problems) and every problem found, in one pass."""
    return read_with(_read_scale, data)


def check_scale(data: object) -> list[Problem]:
    return check_with(_read_scale, data)


def parse_scale(data: object) -> ScaleDefinition:
    """Read a scale definition, raising InvalidDefinition that lists every problem by path."""
    return parse_with(_read_scale, data)


def _read_scale(data: object, c: Collector) -> ScaleDefinition | None:
    m = c.mapping(data, "")
    if m is None:
        return None
    c.keys(m, "", SCALE_KEYS)
    sid = c.ident(m, "id", "")
    version = c.positive_int(m, "version", "")
    title = c.text(m, "title", "")
    c.text(m, "description", "", required=False)
    lo, hi = m.get("min"), m.get("max")
    if not is_int(lo):
        c.add("min", "not_an_integer", "must be an integer")
    if not is_int(hi):
        c.add("max", "not_an_integer", "must be an integer")
    if is_int(lo) and is_int(hi) and lo >= hi:
        c.add("max", "bad_range", "must be greater than min")
    areas: list[ScaleArea] = []
    area_list = c.list_of(m, "areas", "")
    if not area_list and isinstance(m.get("areas"), list):
        c.add("areas", "empty", "needs at least one area")
    for i, raw in enumerate(area_list):
        p = join("areas", i)
        a = c.mapping(raw, p)
        if a is None:
            continue
        c.keys(a, p, ("id", "label", "help"))
        aid = c.ident(a, "id", p)
        label = c.text(a, "label", p)
        c.text(a, "help", p, required=False)
        if label is not None:
            areas.append(ScaleArea(aid, label))
    c.unique((join(join("areas", i), "id"), a.id) for i, a in enumerate(areas))
    stages = _read_stages(m, c, lo, hi)
    if c.problems or title is None or version is None or not is_int(lo) or not is_int(hi):
        return None
    return ScaleDefinition(sid, version, title, lo, hi, tuple(areas), stages)


def _read_stages(
    m: Mapping[str, object], c: Collector, lo: object, hi: object
) -> tuple[Stage, ...]:
    stages: list[Stage] = []
    for i, raw in enumerate(c.list_of(m, "stages", "")):
        p = join("stages", i)
        s = c.mapping(raw, p)
        if s is None:
            continue
        c.keys(s, p, ("id", "min", "max", "label", "help"))
        sid = c.ident(s, "id", p)
        smin, smax = s.get("min"), s.get("max")
        label = c.text(s, "label", p)
        c.text(s, "help", p, required=False)
        if not is_int(smin) or not is_int(smax) or smin > smax:
            c.add(p, "bad_range", "needs integer min <= max")
            continue
        if label is not None:
            stages.append(Stage(sid, smin, smax, label))
    c.unique((join(join("stages", i), "id"), s.id) for i, s in enumerate(stages))
    if not stages:
        if isinstance(m.get("stages"), list):
            c.add("stages", "empty", "needs at least one stage")
        return ()
    # Stages must tile [min, max] in order: a gap or overlap would make a reading unlabelled
    # or make "higher stage" ambiguous.
    if is_int(lo) and is_int(hi):
        expected = lo
        for i, stage in enumerate(stages):
            if stage.min != expected:
                c.add(join("stages", i), "stage_gap_or_overlap", f"should start at {expected}")
                break
            expected = stage.max + 1
        else:
            if expected != hi + 1:
                c.add("stages", "stage_gap_or_overlap", f"stages must end at max ({hi})")
    return tuple(stages)
