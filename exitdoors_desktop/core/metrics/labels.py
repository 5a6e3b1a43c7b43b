"""The words of the outcome report: titles of sections, tables and columns, the label of every
row code, and the view banners. Pure text (no Qt), so the CSV and the command line need no GUI.

Every function takes ``tr``: the UI passes its Qt translator; the command line keeps English.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from exitdoors_desktop.core.definitions import Definitions
from exitdoors_desktop.core.metrics.publish import View

Translate = Callable[[str], str]


def same(text: str) -> str:
    """The translator of the command line: English as written."""
    return text


SECTION_TITLES = {
    "outcomes": "Outcomes",
    "flow": "Phase flow",
    "fidelity": "CTI fidelity",
    "services": "Referrals and partner agencies",
    "costs": "Cost per participant",
}
TABLE_TITLES = {
    "reach": "Reach: sex-work involvement at recruitment",
    "follow_up_coverage": "Graduates with follow-up data",
    "outcome": "Outcome: sex-work involvement at follow-up",
    "progress": "Progress per focus area",
    "readiness_movement": "Readiness to change: first to latest measure",
    "flow_events": "Movements in the period",
    "flow_at_end": "Where participants stood on the last day of the period",
    "flow_closed": "Files closed without graduation, by reason",
    "flow_early": "Early discharges",
    "flow_days": "Median days per phase",
    "fidelity": "CTI fidelity indicators, program-wide",
    "time_to_graduation": "Time from phase 1 start to graduation",
    "caseloads": "Caseloads (counts of workers, not of participants)",
    "referrals_by_type": "Referrals made in the period, by service type",
    "referrals_by_status": "Referrals made in the period, by status now",
    "partner_relationship": "Partner-agency survey: working relationship",
    "partner_benefit": "Partner-agency survey: benefit to the shared work",
    "costs": "Operating cost and cost per participant, per program cycle",
}
COLUMN_TITLES = {
    "count": "Number",
    "percent": "%",
    "met": "Number",
    "eligible": "Of",
    "value": "Value",
    "n": "Based on",
    "participants": "Participants",
    "operating_cost": "Operating cost",
    "per_participant": "Cost per participant",
}
# Rows whose code is not an option of a form: what each one counts, in words.
FIXED_ROWS = {
    "not_recorded": "Not recorded at intake",
    "not_answered": "Not answered",
    "with_follow_up": "With follow-up data",
    "no_follow_up": "No follow-up data (not reached or not done)",
    "moved_up": "Moved to a later stage",
    "no_change": "Same stage",
    "moved_down": "Moved to an earlier stage",
    "entered_pre_phase": "Entered the pre-phase",
    "started_phase_1": "Started phase 1 (recruited)",
    "re_enrolled": "Re-enrolled after an earlier attempt",
    "moved_back": "Moved back a phase",
    "paused": "Paused",
    "graduated": "Graduated",
    "closed": "Closed without graduating",
    "pre": "Pre-phase",
    "phase_1": "Phase 1",
    "phase_2": "Phase 2",
    "phase_3": "Phase 3",
    "early_discharge": "Closed early (from phase 1, 2 or 3)",
    "first_month_contacts": "At least 2 contacts in the first month",
    "phase1_community_meetings": "Phase 1: at least 3 community meetings with her",
    "phase1_support_meetings": "Phase 1: at least 2 meetings with her supports",
    "contacts_decrease": "Contacts decreased phase by phase",
    "graduated_within_target": "Graduated within the target time",
    "time_to_graduation": "Median days, phase 1 start to graduation",
    "workers_within_limit": "Workers within the caseload limit",
    "largest_caseload": "Largest caseload",
    "median_caseload": "Median caseload",
}
# Where a row's code is an option of a form field, the form's own label is used: a referral
# whose status is "closed" reads "Closed" (the form's word), never a file's "Closed without
# graduating".
OPTION_SOURCES = {
    "reach": ("sex_work_involvement", "involvement"),
    "outcome": ("sex_work_involvement", "involvement"),
    "flow_closed": ("closing_note", "reason"),
    "referrals_by_type": ("referral", "service_type"),
    "referrals_by_status": ("referral", "status"),
    "partner_relationship": ("partner_survey", "working_relationship"),
    "partner_benefit": ("partner_survey", "benefit"),
}
VIEW_NAMES = {
    View.FUNDER: "Funder view — de-identified",
    View.STAFF: "Staff view — exact counts",
}
VIEW_NOTES = {
    View.FUNDER: (
        "For funders and partners: a count from 1 to {m} is never shown exactly, nor a "
        "figure it could be worked out from."
    ),
    View.STAFF: (
        "For the program's own supervisors and admins: exact counts, small counts "
        "included. Not for funders or anyone outside the program."
    ),
}


def _option_label(defs: Definitions, language: str, table_id: str, code: str) -> str | None:
    source = OPTION_SOURCES.get(table_id)
    if source is None:
        return None
    try:
        field = defs.forms.latest(source[0]).by_id[source[1]]
    except KeyError:
        return None
    for o in field.options:
        if o.value == code:
            return o.label.get(language)
    return None


def row_label(
    defs: Definitions, language: str, table_id: str, code: str, tr: Translate = same
) -> str:
    """The words for a row's code in a table: a scale area, a readiness stage, a form's own
    option label, else the report's fixed words."""
    if table_id == "progress":
        area = next((a for a in defs.default_scale.areas if a.id == code), None)
        if area is not None:
            return area.label.get(language)
    if table_id.startswith("readiness_") and code not in FIXED_ROWS:
        stage = next((s for s in defs.scales["readiness"].stages if s.id == code), None)
        if stage is not None:
            return stage.label.get(language)
    option = _option_label(defs, language, table_id, code)
    if option is not None:
        return option
    return tr(FIXED_ROWS.get(code, code.replace("_", " ").capitalize()))


def column_title(table_id: str, column: str, tr: Translate = same) -> str:
    if column == "value" and table_id in ("flow_days", "time_to_graduation"):
        return tr("Median days")
    if column == "n" and table_id == "flow_days":
        return tr("Stays in phase")
    if column == "n" and table_id == "caseloads":
        return tr("Workers")
    return tr(COLUMN_TITLES.get(column, column))


def section_title(section_id: str, tr: Translate = same) -> str:
    return tr(SECTION_TITLES.get(section_id, section_id))


def table_title(table_id: str, tr: Translate = same) -> str:
    return tr(TABLE_TITLES.get(table_id, table_id))


def view_name(view: View, tr: Translate = same) -> str:
    return tr(VIEW_NAMES[view])


def view_note(view: View, threshold: int, tr: Translate = same) -> str:
    return tr(VIEW_NOTES[view]).format(m=threshold - 1, t=threshold)


def legend_text(threshold: int, tr: Translate = same) -> str:
    """What the funder view's marks mean, said once beside the tables."""
    return tr(
        "<{t}: a small count (1 to {m}), not shown exactly · x: withheld so that a small "
        "count cannot be worked out by subtraction · 50–53: a table's largest figure, "
        "protected, given as the range it lies in"
    ).format(t=threshold, m=threshold - 1)


def money_text(value: str) -> str:
    try:
        amount = Decimal(value)
    except InvalidOperation:
        return value  # a mark ("<5", "—") or a blank
    return f"${amount:,.2f}"


def day_text(day: dt.date) -> str:
    return f"{day.day} {day.strftime('%B')} {day.year}"


def program_name(defs: Definitions, language: str) -> str:
    return defs.program.program_name.get(language)
