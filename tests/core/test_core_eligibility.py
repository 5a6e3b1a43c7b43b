"""Eligibility from intake answers, age boundaries and the minor flag."""

import datetime as dt

import pytest

from exitdoors_desktop.core.definitions import load_definitions
from exitdoors_desktop.core.eligibility import age_on, client_age, evaluate
from exitdoors_desktop.core.forms import validate

SETTINGS = load_definitions().program.eligibility
TODAY = dt.date(2024, 6, 15)
GOOD = {
    "date_of_birth": "1990-01-01",
    "female_identifying": True,
    "wants_to_exit": True,
    "lives_in_area": True,
    "criteria": ["unemployment", "homeless_or_at_risk"],
}


def codes(answers, today=TODAY):
    return [(f.code, dict(f.params)) for f in evaluate(answers, SETTINGS, today).reasons]


def test_eligible():
    res = evaluate(GOOD, SETTINGS, TODAY)
    assert res.eligible and res.complete and res.reasons == ()
    assert res.age == 34 and not res.minor
    assert res.criteria_met == ("unemployment", "homeless_or_at_risk")


def test_intake_answers_are_valid_for_the_intake_form():
    intake = load_definitions().forms.latest("intake")
    answers = {**GOOD, "intake_date": "2024-06-15", "preferred_name": "Sam"}
    assert validate(intake, answers) == []


@pytest.mark.parametrize(
    ("dob", "age", "minor", "under"),
    [
        ("2008-06-15", 16, True, False),  # 16 today: old enough, a minor
        ("2008-06-16", 15, True, True),  # 16 tomorrow
        ("2006-06-15", 18, False, False),  # 18 today: no longer a minor
        ("2006-06-16", 17, True, False),
    ],
)
def test_age_boundaries(dob, age, minor, under):
    res = evaluate({**GOOD, "date_of_birth": dob}, SETTINGS, TODAY)
    assert res.age == age and res.minor is minor
    assert (
        ("under_min_age", {"age": age, "min_age": 16}) in codes({**GOOD, "date_of_birth": dob})
    ) is under


def test_leap_day_birthday():
    dob = dt.date(2008, 2, 29)
    assert age_on(dob, dt.date(2024, 2, 28)) == 15
    assert age_on(dob, dt.date(2024, 2, 29)) == 16
    assert age_on(dob, dt.date(2025, 2, 28)) == 16
    assert age_on(dob, dt.date(2026, 2, 28)) == 17
    assert age_on(dob, dt.date(2026, 3, 1)) == 18


def test_stated_age_when_no_date_of_birth():
    answers = {k: v for k, v in GOOD.items() if k != "date_of_birth"}
    res = evaluate({**answers, "age": 17}, SETTINGS, TODAY)
    assert res.eligible and res.minor and res.age == 17
    assert codes({**answers, "age": 15}) == [("under_min_age", {"age": 15, "min_age": 16})]


def test_date_of_birth_wins_over_stated_age():
    assert client_age({"date_of_birth": "2000-01-01", "age": 40}, TODAY) == 24


def test_future_date_of_birth_and_unknown_age():
    assert codes({**GOOD, "date_of_birth": "2030-01-01"}) == [("date_of_birth_in_future", {})]
    res = evaluate({**GOOD, "date_of_birth": None}, SETTINGS, TODAY)
    assert not res.eligible and not res.complete and res.age is None and not res.minor
    assert codes({**GOOD, "date_of_birth": "garbage"}) == [("age_unknown", {})]


def test_each_rule_gives_its_reason():
    assert codes({**GOOD, "female_identifying": False}) == [("not_female_identifying", {})]
    assert codes({**GOOD, "wants_to_exit": False}) == [("does_not_want_to_exit", {})]
    assert codes({**GOOD, "lives_in_area": False}) == [("outside_area", {})]
    assert codes({**GOOD, "criteria": ["unemployment", "not_a_criterion"]}) == [
        ("too_few_criteria", {"count": 1, "needed": 2})
    ]


def test_unanswered_is_incomplete_not_eligible():
    res = evaluate({}, SETTINGS, TODAY)
    assert not res.eligible and not res.complete
    assert [f.code for f in res.reasons] == [
        "age_unknown",
        "female_identifying_unknown",
        "wants_to_exit_unknown",
        "lives_in_area_unknown",
        "too_few_criteria",
    ]


def test_several_reasons_at_once_and_complete():
    res = evaluate({**GOOD, "wants_to_exit": False, "criteria": []}, SETTINGS, TODAY)
    assert res.complete and not res.eligible
    assert [f.code for f in res.reasons] == ["does_not_want_to_exit", "too_few_criteria"]
