"""Report metrics on edge cases: no follow-up data, one reading, re-enrolment, moving back a
phase, period edges, surveys, referrals, costs, fidelity and the consent switch."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from exitdoors_desktop.core.definitions import load_definitions
from exitdoors_desktop.core.entities import (
    Contact,
    ContactType,
    Involvement,
    Location,
    Referral,
    ReferralStatus,
    ServiceType,
)
from exitdoors_desktop.core.entities import Participant as Who
from exitdoors_desktop.core.errors import InvalidInput
from exitdoors_desktop.core.lifecycle import PhaseTransition, Reason, State
from exitdoors_desktop.core.metrics import (
    CostCycle,
    InvolvementMeasure,
    Occasion,
    Participant,
    PartnerSurvey,
    Period,
    ReadinessMeasure,
    ReportData,
    outcome_report,
    publish,
)
from exitdoors_desktop.core.metrics.episodes import episodes
from exitdoors_desktop.core.metrics.publish import table
from exitdoors_desktop.core.metrics.rounding import median_days, per_head, percent
from exitdoors_desktop.core.scales import ProgressKind, ProgressRule, ScaleReading

DEFS = load_definitions()
D = dt.date
YEAR = Period(D(2024, 1, 1), D(2024, 12, 31))
AS_OF = D(2025, 3, 1)


def history(cid: str, *steps: tuple[dt.date, State, Reason]) -> tuple[PhaseTransition, ...]:
    out, prev = [], None
    for k, (day, state, reason) in enumerate(steps):
        out.append(PhaseTransition(f"{cid}-{k}", cid, day, prev, state, reason, f"{k:04d}"))
        prev = state
    return tuple(out)


def graduate(cid: str, p1: dt.date, worker: str = "w1") -> Participant:
    return Participant(
        cid,
        worker,
        history(
            cid,
            (p1, State.PHASE_1, Reason.ENROLLED),
            (p1 + dt.timedelta(days=90), State.PHASE_2, Reason.GOALS_MET),
            (p1 + dt.timedelta(days=180), State.PHASE_3, Reason.GOALS_MET),
            (p1 + dt.timedelta(days=270), State.GRADUATED, Reason.GOALS_MET),
        ),
        True,
    )


def report(data: ReportData, period: Period = YEAR, **kw):
    kw.setdefault("as_of", AS_OF)
    settings = kw.pop("settings", DEFS.program)
    return outcome_report(
        data, settings, DEFS.default_scale, DEFS.scales["readiness"], period, **kw
    )


def test_rounding_rules():
    assert [percent(1, 2), percent(1, 3), percent(2, 3), percent(1, 8)] == [50, 33, 67, 13]
    assert percent(0, 0) is None and percent(5, 0) is None
    assert per_head(Decimal("586449.10"), 30) == Decimal("19548.30")
    assert per_head(Decimal("10"), 0) is None
    assert per_head(Decimal("0.05"), 2) == Decimal("0.03")  # half up, not half even
    assert median_days([]) is None and median_days([3, 1, 2]) == 2 and median_days([1, 2]) == 2


def test_a_period_must_not_end_before_it_starts():
    with pytest.raises(InvalidInput):
        Period(D(2024, 2, 1), D(2024, 1, 1))


def test_no_follow_up_data():
    data = ReportData(
        participants=(graduate("a", D(2023, 6, 1)), graduate("b", D(2023, 7, 1))),
        involvement=(
            # b's follow-up call did not reach her: no data, not a zero.
            InvolvementMeasure("b", D(2024, 5, 1), Occasion.FOLLOW_UP, None),
            # a follow-up dated before graduating is not a follow-up after graduating
            InvolvementMeasure("a", D(2024, 2, 1), Occasion.FOLLOW_UP, Involvement.RARELY),
        ),
    )
    r = report(data)
    assert dict(r.follow_up_coverage.rows) == {"with_follow_up": 0, "no_follow_up": 2}
    assert r.outcome.total == 0
    shown = table(publish(r), "outcome")
    assert all(row.cells == ("0", "—") for row in shown.rows)
    assert shown.total.cells == ("0", "")


def test_one_reading_is_not_progress_and_areas_have_their_own_denominators():
    data = ReportData(
        participants=(graduate("a", D(2024, 1, 10)), graduate("b", D(2024, 1, 20))),
        readings=(
            ScaleReading("r1", "a", "default", D(2024, 1, 10), {"money": 2, "safety": 3}),
            ScaleReading("r2", "a", "default", D(2024, 6, 1), {"money": 4}),
            ScaleReading("r3", "b", "default", D(2024, 1, 20), {"money": 5}),  # one reading
            # a later reading after the period's end is not counted
            ScaleReading("r4", "b", "default", D(2025, 2, 1), {"money": 9}),
        ),
    )
    r = report(data)
    assert [(x.code, x.met, x.eligible) for x in r.progress.rows] == [("money", 1, 1)]
    strict = DEFS.program.__class__(
        **{**DEFS.program.__dict__, "progress": ProgressRule(ProgressKind.RISE_BY_N, 3)}
    )
    r = report(data, settings=strict)
    assert [(x.code, x.met, x.eligible) for x in r.progress.rows] == [("money", 0, 1)]


def test_re_enrolment_counts_once_with_the_intake_of_her_first_attempt_in_the_period():
    h = history(
        "a",
        (D(2024, 1, 5), State.PHASE_1, Reason.ENROLLED),
        (D(2024, 3, 1), State.CLOSED, Reason.LOST_CONTACT),
        (D(2024, 6, 1), State.PHASE_1, Reason.RE_ENROLLED),
        (D(2024, 9, 1), State.PHASE_2, Reason.GOALS_MET),
    )
    data = ReportData(
        participants=(Participant("a", "w1", h, True),),
        involvement=(
            InvolvementMeasure("a", D(2024, 1, 5), Occasion.INTAKE, Involvement.INVOLVED),
            InvolvementMeasure("a", D(2024, 6, 1), Occasion.INTAKE, Involvement.AT_RISK),
        ),
        cycles=(CostCycle("c", "2024", D(2024, 1, 1), D(2024, 12, 31), Decimal("1000")),),
    )
    r = report(data)
    assert r.reach.total == 1 and r.reach.count("involved") == 1
    events = dict(r.flow.events.rows)
    assert events["started_phase_1"] == 1 and events["re_enrolled"] == 1
    assert events["closed"] == 1 and r.flow.early.rows[0].met == 1
    assert r.costs[0].participants == 1 and r.costs[0].per_participant == Decimal("1000.00")
    # Her second attempt alone, in a later period, uses the second intake.
    later = report(data, Period(D(2024, 5, 1), D(2024, 12, 31)))
    assert later.reach.count("at_risk") == 1 and later.reach.total == 1
    eps = episodes("a", h)
    assert len(eps) == 2 and eps[1].re_enrolment and eps[1].phase1_start == D(2024, 6, 1)


def test_moving_back_a_phase():
    h = history(
        "a",
        (D(2024, 1, 1), State.PHASE_1, Reason.ENROLLED),
        (D(2024, 4, 1), State.PHASE_2, Reason.GOALS_MET),
        (D(2024, 5, 1), State.PHASE_1, Reason.RETURNED_TO_TRADE),
        (D(2024, 6, 1), State.PHASE_2, Reason.GOALS_MET),
        (D(2024, 6, 11), State.PAUSED, Reason.CRISIS),
        (D(2024, 6, 21), State.PHASE_2, Reason.RECONNECTED),
        (D(2024, 8, 1), State.PHASE_3, Reason.GOALS_MET),
        (D(2024, 10, 1), State.GRADUATED, Reason.GOALS_MET),
    )
    data = ReportData(participants=(Participant("a", "w1", h, True),))
    r = report(data)
    assert dict(r.flow.events.rows)["moved_back"] == 1
    assert dict(r.flow.events.rows)["paused"] == 1
    [ep] = episodes("a", h)
    stays = [(s.phase, s.days()) for s in ep.stints]
    assert stays == [
        (State.PHASE_1, 91),
        (State.PHASE_2, 30),
        (State.PHASE_1, 31),
        (State.PHASE_2, 61 - 10),  # 10 paused days do not count
        (State.PHASE_3, 61),
    ]
    days = {s.code: (s.value, s.n) for s in r.flow.days.rows}
    assert days["phase_1"] == (61, 2) and days["phase_2"] == (41, 2)
    # Phase 1 meetings are judged on her first stay, completed when she first advanced.
    assert r.fidelity.current["a"].phase1_completed_on == D(2024, 4, 1)
    # The medians rest on fewer than 5 stays: withheld in the published table.
    shown = table(publish(r), "flow_days")
    assert shown.rows[0].cells == ("", "<5")


def test_period_edges_and_state_at_end():
    early = graduate("early", D(2022, 1, 1))  # recruited and graduated before the period
    inside = graduate("inside", D(2024, 12, 31))  # recruited on the period's last day
    data = ReportData(participants=(early, inside))
    r = report(data)
    assert r.reach.total == 1
    assert dict(r.flow.at_end.rows)["phase_1"] == 1
    assert r.participants_in_cti == 1


def test_fidelity_first_month_and_caseload():
    p1 = D(2024, 3, 1)
    a = graduate("a", p1, "w1")
    b = graduate("b", D(2024, 12, 20), "w2")  # her first month is not over on 2025-01-05
    contacts = tuple(
        Contact(
            f"c{k}",
            "a",
            p1 + dt.timedelta(days=d),
            ContactType.CBT,
            Location.COMMUNITY,
            frozenset({Who.CLIENT}),
            30,
        )
        for k, d in enumerate((0, 29, 30))
    )
    data = ReportData(participants=(a, b), contacts=contacts)
    r = report(data, as_of=D(2025, 1, 5))
    ind = {x.code: (x.met, x.eligible) for x in r.fidelity.program.indicators.rows}
    assert ind["first_month_contacts"] == (1, 1)  # b's first month ends 2025-01-19
    assert ind["phase1_community_meetings"] == (1, 1)  # three in the community: days 0, 29, 30
    assert ind["phase1_support_meetings"] == (0, 1)  # none with her supports
    workers = {w.worker_id: (w.caseload, w.within_limit) for w in r.fidelity.workers}
    assert workers == {"w1": (0, True), "w2": (1, True)}  # a graduated in November
    # Fewer than 2 contacts in the first month raises the flag for the caseload review.
    single = ReportData(participants=(a,), contacts=contacts[1:2])
    f = report(single).fidelity.current["a"]
    assert f.first_month_ok is False


def test_contacts_decrease_phase_by_phase():
    p1 = D(2024, 1, 1)

    def contacts(days):
        return tuple(
            Contact(
                f"c{d}",
                "a",
                p1 + dt.timedelta(days=d),
                ContactType.CBT,
                Location.OFFICE,
                frozenset({Who.CLIENT}),
                30,
            )
            for d in days
        )

    weekly_then_less = contacts([*range(0, 90, 7), *range(90, 180, 14), *range(180, 270, 30)])
    r = report(ReportData(participants=(graduate("a", p1),), contacts=weekly_then_less))
    assert r.fidelity.current["a"].decreasing is True
    flat = contacts(range(0, 270, 10))
    r = report(ReportData(participants=(graduate("a", p1),), contacts=flat))
    assert r.fidelity.current["a"].decreasing is False
    assert {x.code: (x.met, x.eligible) for x in r.fidelity.program.indicators.rows}[
        "graduated_within_target"
    ] == (1, 1)


def test_readiness_movement():
    ps = tuple(graduate(c, D(2024, 1, 1)) for c in "abc")
    m = (
        ReadinessMeasure("a", D(2024, 1, 1), 1),
        ReadinessMeasure("a", D(2024, 6, 1), 3),
        ReadinessMeasure("b", D(2024, 1, 1), 4),
        ReadinessMeasure("b", D(2024, 6, 1), 2),
        ReadinessMeasure("c", D(2024, 1, 1), 2),  # one measure only
    )
    r = report(ReportData(participants=ps, readiness=m))
    assert dict(r.readiness_movement.rows) == {"moved_up": 1, "no_change": 0, "moved_down": 1}
    assert dict(r.readiness_first.rows)["precontemplation"] == 1


def test_referrals_and_partner_survey():
    refs = (
        Referral("r1", "a", ServiceType.HOUSING, ReferralStatus.ATTENDED, D(2024, 2, 1)),
        Referral("r2", "a", ServiceType.LEGAL, ReferralStatus.MADE, D(2024, 3, 1)),
        Referral("r3", "a", ServiceType.LEGAL, ReferralStatus.MADE, D(2023, 3, 1)),  # before
    )
    surveys = (
        PartnerSurvey("agency one", D(2024, 1, 1), "negative", "a_little"),
        PartnerSurvey("agency one", D(2024, 11, 1), "positive", "a_lot"),  # the latest counts
        PartnerSurvey("agency two", D(2024, 5, 1), "very_positive", None),
    )
    data = ReportData(
        participants=(graduate("a", D(2024, 1, 1)),), referrals=refs, partner_surveys=surveys
    )
    r = report(data)
    assert r.referrals_by_type.count("legal") == 1 and r.referrals_by_type.total == 2
    assert r.referrals_by_status.count("made") == 1
    assert dict(r.partner_relationship.rows)["positive"] == 1
    assert dict(r.partner_relationship.rows)["negative"] == 0
    assert dict(r.partner_benefit.rows)["not_answered"] == 1


def test_costs_only_for_cycles_in_the_period_and_never_divided_by_zero():
    cycles = (
        CostCycle("old", "old", D(2020, 1, 1), D(2020, 12, 31), Decimal("5")),
        CostCycle("empty", "empty", D(2024, 1, 1), D(2024, 6, 30), Decimal("1000.00")),
    )
    r = report(ReportData(participants=(), cycles=cycles))
    [c] = r.costs
    assert c.cycle.id == "empty" and c.participants == 0 and c.per_participant is None
    assert table(publish(r), "costs").rows[0].cells == ("0", "1000.00", "—")
    with pytest.raises(InvalidInput):
        CostCycle("bad", "bad", D(2024, 1, 1), D(2024, 2, 1), Decimal("-1"))


def test_small_cycles_withhold_cost_per_participant():
    ps = tuple(graduate(c, D(2024, 1, 1)) for c in "abc")
    cyc = CostCycle("c", "c", D(2024, 1, 1), D(2024, 12, 31), Decimal("300.00"))
    r = report(ReportData(participants=ps, cycles=(cyc,)))
    assert r.costs[0].per_participant == Decimal("100.00")
    assert table(publish(r), "costs").rows[0].cells == ("<5", "300.00", "")


def test_the_consent_switch_narrows_every_figure():
    a = graduate("a", D(2024, 1, 1))
    b = Participant("b", "w1", graduate("b", D(2024, 1, 1)).history, False)
    data = ReportData(participants=(a, b))
    assert report(data).reach.total == 2
    assert report(data, evaluation_only=True).reach.total == 1
