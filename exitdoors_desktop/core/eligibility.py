"""Eligibility for the program from intake answers, and the under-18 flag.

It reads the intake form's fields by id (``INTAKE_FIELDS``); the definition checker verifies
that the shipped intake form has them. A question left unanswered makes the result
incomplete (reason ``*_unknown``), never silently eligible.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from exitdoors_desktop.core.forms.validate import parse_date
from exitdoors_desktop.core.program import EligibilitySettings
from exitdoors_desktop.core.schema import is_number

# Intake field ids this module reads, with the field type each must have.
INTAKE_FIELDS = {
    "date_of_birth": "date",
    "age": "number",
    "female_identifying": "yes_no",
    "wants_to_exit": "yes_no",
    "lives_in_area": "yes_no",
    "criteria": "multiple_choice",
}


@dataclass(frozen=True)
class Finding:
    """A reason code, with numbers the UI may show (e.g. count / needed)."""

    code: str
    params: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class EligibilityResult:
    eligible: bool  # True only when every rule is answered and met
    complete: bool  # False when some rule could not be decided (an *_unknown finding)
    reasons: tuple[Finding, ...]  # why not eligible / not decided; empty when eligible
    age: int | None
    minor: bool  # under settings.minor_age (duty-to-report rules differ)
    criteria_met: tuple[str, ...]


def age_on(date_of_birth: dt.date, today: dt.date) -> int:
    """Whole years on ``today``. Someone born on 29 February turns a year older on 1 March in
    common years (the day after 28 February)."""
    had_birthday = (today.month, today.day) >= (date_of_birth.month, date_of_birth.day)
    return today.year - date_of_birth.year - (0 if had_birthday else 1)


def age_disagreement(
    date_of_birth: dt.date | None, stated_age: int | None, today: dt.date
) -> int | None:
    """The age the date of birth gives when a stated age is also there and differs; else None.

    Both are often given at intake; when they disagree one is a slip, and the minor flag must
    not be decided on a typo without the worker seeing it first.
    """
    if date_of_birth is None or stated_age is None or date_of_birth > today:
        return None
    from_dob = age_on(date_of_birth, today)
    return from_dob if from_dob != stated_age else None


def client_age(answers: Mapping[str, object], today: dt.date) -> int | None:
    """Age from date of birth when given (it wins), else the stated age; None if neither."""
    dob = parse_date(answers.get("date_of_birth"))
    if dob is not None:
        return age_on(dob, today) if dob <= today else None
    stated = answers.get("age")
    if is_number(stated) and 0 <= stated < 130:
        return int(stated)
    return None


def is_minor(age: int | None, settings: EligibilitySettings) -> bool:
    return age is not None and age < settings.minor_age


def evaluate(
    answers: Mapping[str, object], settings: EligibilitySettings, today: dt.date
) -> EligibilityResult:
    reasons: list[Finding] = []
    age = client_age(answers, today)
    dob = parse_date(answers.get("date_of_birth"))
    if dob is not None and dob > today:
        reasons.append(Finding("date_of_birth_in_future"))
    elif age is None:
        reasons.append(Finding("age_unknown"))
    elif age < settings.min_age:
        reasons.append(Finding("under_min_age", {"age": age, "min_age": settings.min_age}))
    for key, failed in (
        ("female_identifying", "not_female_identifying"),
        ("wants_to_exit", "does_not_want_to_exit"),
        ("lives_in_area", "outside_area"),
    ):
        value = answers.get(key)
        if value is None:
            reasons.append(Finding(f"{key}_unknown"))
        elif value is not True:
            reasons.append(Finding(failed))
    raw = answers.get("criteria")
    items = raw if isinstance(raw, list | tuple) else ()
    met = tuple(c for c in settings.criterion_ids if c in items)
    if len(met) < settings.min_criteria:
        reasons.append(
            Finding("too_few_criteria", {"count": len(met), "needed": settings.min_criteria})
        )
    complete = not any(r.code.endswith("_unknown") for r in reasons)
    return EligibilityResult(
        eligible=not reasons,
        complete=complete,
        reasons=tuple(reasons),
        age=age,
        minor=is_minor(age, settings),
        criteria_met=met,
    )
