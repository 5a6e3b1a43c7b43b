"""Progress per area on hand-made cases, including ties and the three progress rules."""

import datetime as dt

from exitdoors_desktop.core.definitions import load_definitions
from exitdoors_desktop.core.scales import ProgressKind, ProgressRule, ScaleReading, progressed

D = load_definitions()
SCALE = D.default_scale
READY = D.scales["readiness"]


def r(day, values, rid="r", at="", scale="default"):
    return ScaleReading(rid, "c1", scale, dt.date(2024, 1, day), values, at)


def test_default_scale_shape():
    assert (SCALE.min, SCALE.max) == (1, 10)
    assert SCALE.area_ids == (
        "safety",
        "accommodation",
        "support_networks",
        "money",
        "work_learning",
        "health_wellbeing",
        "substance_use",
        "legal",
        "children_family",
        "self_confidence",
    )
    assert [SCALE.stage_of(v).id for v in (1, 2, 3, 5, 8, 10)] == [
        "urgent_need",
        "urgent_need",
        "first_steps",
        "making_changes",
        "mostly_steady",
        "steady_on_her_own",
    ]
    assert SCALE.stage_of(11) is None


def test_readiness_stages_are_ordered():
    assert [s.id for s in READY.stages] == [
        "precontemplation",
        "contemplation",
        "preparation",
        "action",
        "maintenance",
    ]
    result = progressed(
        [r(1, {"readiness": 1}, scale="readiness"), r(9, {"readiness": 3}, scale="readiness")],
        READY,
    )
    assert result == {"readiness": True}


def test_any_rise_latest_vs_first_by_date_not_input_order():
    readings = [r(20, {"money": 4}, "b"), r(1, {"money": 3}, "a"), r(10, {"money": 9}, "c")]
    result = progressed(readings, SCALE)
    assert result["money"] is True
    assert result["safety"] is None  # never rated


def test_fall_and_flat_are_not_progress():
    res = progressed([r(1, {"money": 5, "legal": 5}), r(2, {"money": 4, "legal": 5})], SCALE)
    assert res["money"] is False and res["legal"] is False


def test_one_reading_is_not_measurable():
    assert progressed([r(1, {"money": 5})], SCALE)["money"] is None


def test_areas_counted_separately():
    res = progressed([r(1, {"money": 2}), r(2, {"safety": 3}), r(3, {"money": 5})], SCALE)
    assert res["money"] is True and res["safety"] is None


def test_same_day_ties_ordered_by_recorded_at_then_id():
    a = r(5, {"money": 3}, "z", at="000000000000001-000000-dev")
    b = r(5, {"money": 6}, "a", at="000000000000002-000000-dev")
    assert progressed([b, a], SCALE)["money"] is True
    # Equal stamps: the id decides, so the answer never depends on input order.
    c = r(5, {"money": 6}, "a")
    d = r(5, {"money": 3}, "b")
    assert progressed([c, d], SCALE)["money"] is False
    assert progressed([d, c], SCALE)["money"] is False


def test_out_of_range_and_other_scales_ignored():
    res = progressed(
        [
            r(1, {"money": 0}),
            r(2, {"money": 3}),
            r(3, {"money": 11}),
            r(4, {"money": 9}, scale="readiness"),
        ],
        SCALE,
    )
    assert res["money"] is None


def test_rise_by_n():
    rule = ProgressRule(ProgressKind.RISE_BY_N, 2)
    assert progressed([r(1, {"money": 3}), r(2, {"money": 4})], SCALE, rule)["money"] is False
    assert progressed([r(1, {"money": 3}), r(2, {"money": 5})], SCALE, rule)["money"] is True


def test_higher_stage():
    rule = ProgressRule(ProgressKind.HIGHER_STAGE)
    # 3 -> 4 stays in "first_steps"; 4 -> 5 crosses into "making_changes".
    assert progressed([r(1, {"money": 3}), r(2, {"money": 4})], SCALE, rule)["money"] is False
    assert progressed([r(1, {"money": 4}), r(2, {"money": 5})], SCALE, rule)["money"] is True


def test_scale_checker_finds_gaps_and_labels():
    from exitdoors_desktop.core.scales import check_scale

    bad = {
        "id": "s",
        "version": 1,
        "title": {"en": "S", "fr": "S"},
        "min": 1,
        "max": 4,
        "areas": [{"id": "a", "label": {"en": "A"}}],
        "stages": [
            {"id": "lo", "min": 1, "max": 2, "label": {"en": "L", "fr": "L"}},
            {"id": "hi", "min": 4, "max": 4, "label": {"en": "H", "fr": "H"}},
        ],
    }
    assert [(p.path, p.code) for p in check_scale(bad)] == [
        ("areas[0].label.fr", "missing_label"),
        ("stages[1]", "stage_gap_or_overlap"),
    ]
