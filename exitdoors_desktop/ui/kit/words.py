"""Words for the core's codes on the client record: states, reasons, consent, eligibility.

The core returns stable codes; this module is where the record screens turn them into
translatable sentences. Option labels already written in form definitions are reused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from exitdoors_desktop.core.definitions import Definitions
from exitdoors_desktop.core.eligibility import Finding, age_disagreement
from exitdoors_desktop.core.errors import NotFound
from exitdoors_desktop.core.intake import ProfileChange
from exitdoors_desktop.core.lifecycle import State
from exitdoors_desktop.ui.kit import vocabulary
from exitdoors_desktop.ui.kit.i18n import tr
from exitdoors_desktop.ui.kit.vocabulary import short_state


def day(value: dt.date | None) -> str:
    """Dates are shown unambiguously (ISO) everywhere: workers read notes across languages."""
    return value.isoformat() if value else "—"


def dob_age_disagreement(dob: dt.date | None, stated: int | None, today: dt.date) -> str | None:
    """An inline warning when the date of birth and the stated age disagree; None if they agree."""
    from_dob = age_disagreement(dob, stated, today)
    if from_dob is None:
        return None
    return tr(
        "The date of birth gives age {dob_age}, but the stated age is {stated}: check both "
        "before saving (the date of birth is the one used)."
    ).format(dob_age=from_dob, stated=stated)


def profile_field_name(field: str) -> str:
    return {
        "preferred_name": tr("name"),
        "legal_name": tr("legal name"),
        "pronouns": tr("pronouns"),
        "date_of_birth": tr("date of birth"),
        "age": tr("age"),
    }.get(field, field)


def _profile_value(value: object) -> str:
    if value is None or value == "":
        return tr("(not given)")
    if isinstance(value, dt.date):
        return day(value)
    return f"“{value}”"


def profile_change_text(changes: Sequence[ProfileChange]) -> str:
    """“The profile will change: name “A” → “B”; …” — what saving the intake would do."""
    lines = [
        tr("{field}: {old} → {new}").format(
            field=profile_field_name(c.field), old=_profile_value(c.old), new=_profile_value(c.new)
        )
        for c in changes
    ]
    return (
        tr("The profile will change:")
        + "\n"
        + "\n".join(lines)
        + "\n\n"
        + tr("Apply these changes to her profile? (The intake is saved either way.)")
    )


def referral_count_text(n: int, still_open: int) -> str:
    """“1 referral, 1 still open.” / “3 referrals, 2 still open.” — no “1 referrals”."""
    if n == 1:
        return tr("1 referral, {k} still open.").format(k=still_open)
    return tr("{n} referrals, {k} still open.").format(n=n, k=still_open)


def referral_status_name(defs: Definitions, status: str, language: str) -> str:
    """A referral's status. "Closed" alone reads like her file being closed: say whose."""
    if status == "closed":
        return vocabulary.word(vocabulary.REFERRAL_CLOSED)
    return option_label(defs, "referral", "status", status, language)


def state_name(defs: Definitions, state: State | None, language: str) -> str:
    if state is not None and state.value in ("pre", "phase_1", "phase_2", "phase_3"):
        return defs.program.phase(state.value).name.get(language)
    return short_state(state)


def eligibility_finding(f: Finding) -> str:
    p = f.params
    return {
        "date_of_birth_in_future": tr("The date of birth is in the future."),
        "age_unknown": tr("Age is not known (date of birth or age)."),
        "under_min_age": tr("Under the program's minimum age ({min_age}).").format(
            min_age=p.get("min_age", "")
        ),
        "female_identifying_unknown": tr("Not answered: female-identifying."),
        "not_female_identifying": tr("Not female-identifying."),
        "wants_to_exit_unknown": tr("Not answered: wants to exit."),
        "does_not_want_to_exit": tr("Does not want to exit now."),
        "lives_in_area_unknown": tr("Not answered: lives in the area."),
        "outside_area": tr("Lives outside the area."),
        "too_few_criteria": tr("{count} of the {needed} needed criteria apply.").format(
            count=p.get("count", 0), needed=p.get("needed", 0)
        ),
    }.get(f.code, tr("Another rule is not met."))


def transition_error(code: str) -> str:
    return {
        "date_before_previous": tr("The date is before her last phase change."),
        "not_allowed": tr("This move is not possible from her current phase."),
        "bad_reason": tr("This reason does not fit this move."),
        "state_mismatch": tr("Her phase changed meanwhile; reopen the record and try again."),
        "other_client": tr("This change belongs to another record."),
    }.get(code, tr("This phase change is not possible."))


def option_label(
    defs: Definitions, form_id: str, field_path: str, value: object, language: str
) -> str:
    """The label a form definition gives an option code (``group.sub`` paths allowed)."""
    if not isinstance(value, str):
        return "" if value is None else str(value)
    try:
        form = defs.forms.latest(form_id)
    except NotFound:
        return value
    head, _, tail = field_path.partition(".")
    fld = form.by_id.get(head)
    if fld is not None and tail:
        fld = next((s for s in fld.fields if s.id == tail), None)
    if fld is not None:
        for option in fld.options:
            if option.value == value:
                return option.label.get(language)
    return value.replace("_", " ")


def form_title(defs: Definitions, form_id: str, version: int | None, language: str) -> str:
    try:
        form = defs.forms.get(form_id, version) if version else defs.forms.latest(form_id)
    except NotFound:
        return form_id.replace("_", " ")
    return form.title.get(language)
