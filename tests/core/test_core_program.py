"""Program settings: the shipped defaults, and precise path-named problems."""

import copy
import json

import pytest

from exitdoors_desktop.core.definitions import load_definitions, shipped_texts
from exitdoors_desktop.core.errors import InvalidDefinition
from exitdoors_desktop.core.program import PHASE_IDS, check_program, parse_program
from exitdoors_desktop.core.scales import ProgressKind, ProgressRule

RAW = json.loads(dict(shipped_texts())["program.json"])


def test_defaults_match_the_program():
    p = load_definitions().program
    assert [ph.id for ph in p.phases] == list(PHASE_IDS)
    assert p.phase("pre").target_days is None and p.phase("pre").contact_every_days is None
    assert [p.phase(i).target_days for i in PHASE_IDS[1:]] == [91, 91, 91]
    assert [p.phase(i).contact_every_days for i in PHASE_IDS[1:]] == [7, 14, 30]
    assert p.phase("phase_1").name.en == "Phase 1 – Intake and assessment"
    assert p.eligibility.min_age == 16 and p.eligibility.minor_age == 18
    assert p.eligibility.min_criteria == 2 and len(p.eligibility.criteria) == 7
    assert p.caseload_limit == 20
    assert p.small_cell_threshold == 5
    assert p.idle_lock_minutes == 5
    assert p.follow_up_after_graduation_days == 30
    assert p.retention_days_after_close >= 7 * 365
    assert p.window_title == "Notes"
    assert p.progress == ProgressRule(ProgressKind.ANY_RISE)
    assert len(p.focus_areas) == 10
    with pytest.raises(KeyError):
        p.phase("phase_9")


def problems(edit):
    data = copy.deepcopy(RAW)
    edit(data)
    return [str(p) for p in check_program(data)]


def test_path_named_problem_for_bad_target():
    def edit(d):
        d["phases"][2]["target_days"] = 0

    assert problems(edit) == ["phases[2].target_days: must be a positive integer"]


def test_pre_phase_may_be_open_ended_but_phases_may_not():
    def edit(d):
        d["phases"][1]["target_days"] = None

    assert problems(edit) == ["phases[1].target_days: must be a positive integer"]


def test_phase_ids_are_fixed():
    def edit(d):
        d["phases"][3]["id"] = "phase_4"

    assert problems(edit) == ["phases: phase ids must be, in order: pre, phase_1, phase_2, phase_3"]


def test_missing_and_unknown_keys():
    def edit(d):
        del d["caseload_limit"]
        d["caseload_limt"] = 20

    assert set(problems(edit)) == {
        "caseload_limt: unknown key 'caseload_limt'",
        "caseload_limit: is required",
    }


def test_progress_rule_variants():
    def rise_by(d):
        d["progress"] = {"kind": "rise_by_n", "n": 2}

    data = copy.deepcopy(RAW)
    rise_by(data)
    assert parse_program(data).progress == ProgressRule(ProgressKind.RISE_BY_N, 2)

    def bad_kind(d):
        d["progress"] = {"kind": "more"}

    assert problems(bad_kind) == ["progress.kind: must be one of any_rise, rise_by_n, higher_stage"]

    def missing_n(d):
        d["progress"] = {"kind": "rise_by_n"}

    assert problems(missing_n) == ["progress.n: must be a positive integer"]


def test_eligibility_problems():
    def edit(d):
        d["eligibility"]["min_criteria"] = 8
        d["eligibility"]["min_age"] = "16"
        d["eligibility"]["criteria"][1]["id"] = d["eligibility"]["criteria"][0]["id"]

    assert set(problems(edit)) == {
        "eligibility.min_age: must be an integer age between 1 and 119",
        "eligibility.min_criteria: is more than the number of criteria",
        "eligibility.criteria[1].id: duplicate id 'conflict_with_law'",
    }


def test_parse_raises_listing_problems():
    data = copy.deepcopy(RAW)
    data["caseload_limit"] = -1
    with pytest.raises(InvalidDefinition) as info:
        parse_program(data)
    assert [p.path for p in info.value.problems] == ["caseload_limit"]


def test_not_an_object():
    assert [p.code for p in check_program([1])] == ["not_an_object"]


def test_backup_reminder_days_is_optional_and_positive():
    data = json.loads(dict(shipped_texts())["program.json"])
    assert parse_program(data).backup_reminder_days == 7
    data["backup_reminder_days"] = 14
    assert parse_program(data).backup_reminder_days == 14
    del data["backup_reminder_days"]
    assert parse_program(data).backup_reminder_days == 7
    data["backup_reminder_days"] = 0
    assert [p.path for p in check_program(data)] == ["backup_reminder_days"]
