"""Program settings (``resources/program.json``): phases, cadence, eligibility, limits, privacy.

Cost cycles are not settings; they are entered in the app. Phase ids are fixed (the CTI state
machine depends on them); their names, target lengths and contact cadence are the program's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from exitdoors_desktop.core.groups import GroupSettings, read_group_settings
from exitdoors_desktop.core.scales import ProgressRule, parse_progress_rule
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

PHASE_IDS = ("pre", "phase_1", "phase_2", "phase_3")


@dataclass(frozen=True)
class PhaseSettings:
    id: str  # one of PHASE_IDS
    name: LocalText
    target_days: int | None  # None = open-ended (the pre-phase)
    contact_every_days: int | None  # None = no expected cadence


@dataclass(frozen=True)
class Criterion:
    id: str
    label: LocalText


@dataclass(frozen=True)
class EligibilitySettings:
    min_age: int
    minor_age: int  # under this age a client is flagged as a minor
    min_criteria: int  # how many of ``criteria`` must apply
    criteria: tuple[Criterion, ...]

    @property
    def criterion_ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.criteria)


@dataclass(frozen=True)
class FocusArea:
    id: str
    label: LocalText


@dataclass(frozen=True)
class ProgramSettings:
    version: int
    program_name: LocalText
    window_title: str  # neutral on purpose: a shoulder-surfer learns nothing from it
    phases: tuple[PhaseSettings, ...]
    eligibility: EligibilitySettings
    caseload_limit: int
    focus_areas: tuple[FocusArea, ...]
    max_focus_areas_per_phase: int
    progress: ProgressRule
    default_scale: str
    small_cell_threshold: int
    retention_days_after_close: int
    idle_lock_minutes: int
    follow_up_after_graduation_days: int
    no_contact_alert_days: int
    # Group types, the series completion rule, whether attendance counts as a contact.
    groups: GroupSettings = field(default_factory=GroupSettings)
    # Days after the last backup before the app reminds an admin to make one (optional key).
    backup_reminder_days: int = 7
    # Days without a beacon from any team admin before sync warns "no word from a team admin".
    admin_beacon_days: int = 7

    def phase(self, phase_id: str) -> PhaseSettings:
        for p in self.phases:
            if p.id == phase_id:
                return p
        raise KeyError(phase_id)

    @property
    def focus_area_ids(self) -> tuple[str, ...]:
        return tuple(f.id for f in self.focus_areas)


_TOP_KEYS = {
    "version",
    "program_name",
    "window_title",
    "phases",
    "eligibility",
    "caseload_limit",
    "focus_areas",
    "max_focus_areas_per_phase",
    "progress",
    "default_scale",
    "small_cell_threshold",
    "retention_days_after_close",
    "idle_lock_minutes",
    "follow_up_after_graduation_days",
    "no_contact_alert_days",
}
# Optional keys: a program without group work leaves "groups" out.
_OPTIONAL_KEYS = {"groups", "backup_reminder_days", "admin_beacon_days"}
_POSITIVE_INTS = (
    "version",
    "caseload_limit",
    "max_focus_areas_per_phase",
    "small_cell_threshold",
    "retention_days_after_close",
    "idle_lock_minutes",
    "follow_up_after_graduation_days",
    "no_contact_alert_days",
)


def read_program(data: object) -> tuple[ProgramSettings | None, list[Problem]]:
    """The parsed definition (None if it has problems) and every problem found, in one pass."""
    return read_with(_read, data)


def check_program(data: object) -> list[Problem]:
    return check_with(_read, data)


def parse_program(data: object) -> ProgramSettings:
    """Read a definition, raising InvalidDefinition that lists every problem by path."""
    return parse_with(_read, data)


def _read(data: object, c: Collector) -> ProgramSettings | None:
    m = c.mapping(data, "")
    if m is None:
        return None
    c.keys(m, "", _TOP_KEYS | _OPTIONAL_KEYS)
    for key in sorted(_TOP_KEYS - set(m)):
        c.add(key, "missing", "is required")
    if c.problems:
        return None
    ints = {k: c.positive_int(m, k, "") for k in _POSITIVE_INTS}
    name = c.text(m, "program_name", "")
    title = m.get("window_title")
    if not isinstance(title, str) or not title.strip():
        c.add("window_title", "missing", "must be a non-empty string")
    phases = _read_phases(m, c)
    eligibility = _read_eligibility(m.get("eligibility"), c)
    focus = _read_focus_areas(m, c)
    progress = parse_progress_rule(m.get("progress"), "progress", c)
    default_scale = c.ident(m, "default_scale", "")
    groups = read_group_settings(m["groups"], c) if "groups" in m else GroupSettings()
    reminder = c.positive_int(m, "backup_reminder_days", "") if "backup_reminder_days" in m else 7
    beacon_days = c.positive_int(m, "admin_beacon_days", "") if "admin_beacon_days" in m else 7
    if c.problems:
        return None
    assert name is not None and eligibility is not None and isinstance(title, str)
    return ProgramSettings(
        version=_int(ints["version"]),
        program_name=name,
        window_title=title,
        phases=phases,
        eligibility=eligibility,
        caseload_limit=_int(ints["caseload_limit"]),
        focus_areas=focus,
        max_focus_areas_per_phase=_int(ints["max_focus_areas_per_phase"]),
        progress=progress,
        default_scale=default_scale,
        small_cell_threshold=_int(ints["small_cell_threshold"]),
        retention_days_after_close=_int(ints["retention_days_after_close"]),
        idle_lock_minutes=_int(ints["idle_lock_minutes"]),
        follow_up_after_graduation_days=_int(ints["follow_up_after_graduation_days"]),
        no_contact_alert_days=_int(ints["no_contact_alert_days"]),
        groups=groups,
        backup_reminder_days=_int(reminder),
        admin_beacon_days=_int(beacon_days),
    )


def _int(value: int | None) -> int:
    assert value is not None  # only called once the collector found no problems
    return value


def _read_phases(m: Mapping[str, object], c: Collector) -> tuple[PhaseSettings, ...]:
    raw = c.list_of(m, "phases", "")
    out: list[PhaseSettings] = []
    ids: list[str] = []
    for i, item in enumerate(raw):
        p = join("phases", i)
        ph = c.mapping(item, p)
        if ph is None:
            continue
        c.keys(ph, p, ("id", "name", "target_days", "contact_every_days"))
        pid = c.ident(ph, "id", p)
        ids.append(pid)
        name = c.text(ph, "name", p)
        # The pre-phase is open-ended by design; the CTI phases need a target to time against.
        target = c.positive_int(ph, "target_days", p, optional=pid == "pre")
        cadence = c.positive_int(ph, "contact_every_days", p, optional=pid == "pre")
        if name is not None:
            out.append(PhaseSettings(pid, name, target, cadence))
    if ids and tuple(ids) != PHASE_IDS:
        c.add("phases", "bad_phase_ids", f"phase ids must be, in order: {', '.join(PHASE_IDS)}")
    return tuple(out)


def _read_eligibility(value: object, c: Collector) -> EligibilitySettings | None:
    path = "eligibility"
    m = c.mapping(value, path)
    if m is None:
        return None
    c.keys(m, path, ("min_age", "minor_age", "min_criteria", "criteria"))
    min_age = m.get("min_age")
    minor_age = m.get("minor_age")
    for key, v in (("min_age", min_age), ("minor_age", minor_age)):
        if not is_int(v) or not 0 < v < 120:
            c.add(join(path, key), "bad_age", "must be an integer age between 1 and 119")
    criteria: list[Criterion] = []
    for i, raw in enumerate(c.list_of(m, "criteria", path)):
        p = join(join(path, "criteria"), i)
        cm = c.mapping(raw, p)
        if cm is None:
            continue
        c.keys(cm, p, ("id", "label"))
        cid = c.ident(cm, "id", p)
        label = c.text(cm, "label", p)
        if label is not None:
            criteria.append(Criterion(cid, label))
    c.unique((join(join(join(path, "criteria"), i), "id"), x.id) for i, x in enumerate(criteria))
    need = c.positive_int(m, "min_criteria", path)
    if need is not None and need > len(criteria):
        c.add(join(path, "min_criteria"), "too_large", "is more than the number of criteria")
    if not is_int(min_age) or not is_int(minor_age) or need is None:
        return None
    return EligibilitySettings(min_age, minor_age, need, tuple(criteria))


def _read_focus_areas(m: Mapping[str, object], c: Collector) -> tuple[FocusArea, ...]:
    out: list[FocusArea] = []
    raw = c.list_of(m, "focus_areas", "")
    if not raw and isinstance(m.get("focus_areas"), list):
        c.add("focus_areas", "empty", "needs at least one focus area")
    for i, item in enumerate(raw):
        p = join("focus_areas", i)
        fm = c.mapping(item, p)
        if fm is None:
            continue
        c.keys(fm, p, ("id", "label"))
        fid = c.ident(fm, "id", p)
        label = c.text(fm, "label", p)
        if label is not None:
            out.append(FocusArea(fid, label))
    c.unique((join(join("focus_areas", i), "id"), f.id) for i, f in enumerate(out))
    return tuple(out)
