"""The words of the outcome report: titles of sections, tables and columns, the label of every
row code, and the view banners. Pure text (no Qt), so the CSV and the command line need no GUI.

Every function takes ``tr``: the UI passes its Qt translator; the command line keeps English.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from exitdoors_desktop.core.definitions import Definitions
from exitdoors_desktop.core.metrics.publish import ShownTable, View

Translate = Callable[[str], str]


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802  (the name lupdate knows)
    """Marks a report word for pyside6-lupdate (the empty context, the one the UI's module-level ``tr``
    translates in) and returns it unchanged: this module stays free of Qt."""
    return text


def same(text: str) -> str:
    """The translator of the command line: English as written."""
    return text


SECTION_TITLES = {
    "outcomes": QT_TRANSLATE_NOOP("", "Outcomes"),
    "flow": QT_TRANSLATE_NOOP("", "Phase flow"),
    "fidelity": QT_TRANSLATE_NOOP("", "CTI fidelity"),
    "services": QT_TRANSLATE_NOOP("", "Referrals and partner agencies"),
    "costs": QT_TRANSLATE_NOOP("", "Cost per participant"),
    "groups": QT_TRANSLATE_NOOP("", "Group work"),
}
TABLE_TITLES = {
    "reach": QT_TRANSLATE_NOOP("", "Reach: sex-work involvement at recruitment"),
    "follow_up_coverage": QT_TRANSLATE_NOOP("", "Graduates with follow-up data"),
    "outcome": QT_TRANSLATE_NOOP("", "Outcome: sex-work involvement at follow-up"),
    "progress": QT_TRANSLATE_NOOP("", "Progress per focus area"),
    "readiness_movement": QT_TRANSLATE_NOOP("", "Readiness to change: first to latest measure"),
    "flow_events": QT_TRANSLATE_NOOP("", "Movements in the period"),
    "flow_at_end": QT_TRANSLATE_NOOP("", "Where participants stood on the last day of the period"),
    "flow_closed": QT_TRANSLATE_NOOP("", "Files closed without graduation, by reason"),
    "flow_early": QT_TRANSLATE_NOOP("", "Early discharges"),
    "flow_days": QT_TRANSLATE_NOOP("", "Median days per phase"),
    "fidelity": QT_TRANSLATE_NOOP("", "CTI fidelity indicators, program-wide"),
    "time_to_graduation": QT_TRANSLATE_NOOP("", "Time from phase 1 start to graduation"),
    "caseloads": QT_TRANSLATE_NOOP("", "Caseloads (counts of workers, not of participants)"),
    "referrals_by_type": QT_TRANSLATE_NOOP("", "Referrals made in the period, by service type"),
    "referrals_by_status": QT_TRANSLATE_NOOP("", "Referrals made in the period, by status now"),
    "partner_relationship": QT_TRANSLATE_NOOP("", "Partner-agency survey: working relationship"),
    "partner_benefit": QT_TRANSLATE_NOOP("", "Partner-agency survey: benefit to the shared work"),
    "costs": QT_TRANSLATE_NOOP("", "Operating cost and cost per participant, per program cycle"),
    "group_sessions_by_type": QT_TRANSLATE_NOOP("", "Group sessions held, by type"),
    "group_sessions_by_month": QT_TRANSLATE_NOOP("", "Group sessions held, by month and type"),
    "group_attendances": QT_TRANSLATE_NOOP("", "Attendances at group sessions"),
    "group_participants": QT_TRANSLATE_NOOP("", "Enrolled clients who attended a group session"),
    "group_size": QT_TRANSLATE_NOOP("", "Average group size"),
    "group_series_completion": QT_TRANSLATE_NOOP(
        "", "Series completed, by group type (series that ended in the period)"
    ),
}
COLUMN_TITLES = {
    "count": QT_TRANSLATE_NOOP("", "Number"),
    "percent": QT_TRANSLATE_NOOP("", "%"),
    "met": QT_TRANSLATE_NOOP("", "Number"),
    "eligible": QT_TRANSLATE_NOOP("", "Of"),
    "value": QT_TRANSLATE_NOOP("", "Value"),
    "n": QT_TRANSLATE_NOOP("", "Based on"),
    "participants": QT_TRANSLATE_NOOP("", "Participants"),
    "operating_cost": QT_TRANSLATE_NOOP("", "Operating cost"),
    "per_participant": QT_TRANSLATE_NOOP("", "Cost per participant"),
}
# Rows whose code is not an option of a form: what each one counts, in words.
FIXED_ROWS = {
    "not_recorded": QT_TRANSLATE_NOOP("", "Not recorded at intake"),
    "not_answered": QT_TRANSLATE_NOOP("", "Not answered"),
    "with_follow_up": QT_TRANSLATE_NOOP("", "With follow-up data"),
    "no_follow_up": QT_TRANSLATE_NOOP("", "No follow-up data (not reached or not done)"),
    "moved_up": QT_TRANSLATE_NOOP("", "Moved to a later stage"),
    "no_change": QT_TRANSLATE_NOOP("", "Same stage"),
    "moved_down": QT_TRANSLATE_NOOP("", "Moved to an earlier stage"),
    "entered_pre_phase": QT_TRANSLATE_NOOP("", "Entered the pre-phase"),
    "started_phase_1": QT_TRANSLATE_NOOP("", "Started phase 1 (recruited)"),
    "re_enrolled": QT_TRANSLATE_NOOP("", "Re-enrolled after an earlier attempt"),
    "moved_back": QT_TRANSLATE_NOOP("", "Moved back a phase"),
    "paused": QT_TRANSLATE_NOOP("", "Paused"),
    "graduated": QT_TRANSLATE_NOOP("", "Graduated"),
    "closed": QT_TRANSLATE_NOOP("", "Closed without graduating"),
    "pre": QT_TRANSLATE_NOOP("", "Pre-phase"),
    "phase_1": QT_TRANSLATE_NOOP("", "Phase 1"),
    "phase_2": QT_TRANSLATE_NOOP("", "Phase 2"),
    "phase_3": QT_TRANSLATE_NOOP("", "Phase 3"),
    "early_discharge": QT_TRANSLATE_NOOP("", "Closed early (from phase 1, 2 or 3)"),
    "first_month_contacts": QT_TRANSLATE_NOOP("", "At least 2 contacts in the first month"),
    "phase1_community_meetings": QT_TRANSLATE_NOOP(
        "", "Phase 1: at least 3 community meetings with her"
    ),
    "phase1_support_meetings": QT_TRANSLATE_NOOP(
        "", "Phase 1: at least 2 meetings with her supports"
    ),
    "contacts_decrease": QT_TRANSLATE_NOOP("", "Contacts decreased phase by phase"),
    "graduated_within_target": QT_TRANSLATE_NOOP("", "Graduated within the target time"),
    "time_to_graduation": QT_TRANSLATE_NOOP("", "Median days, phase 1 start to graduation"),
    "workers_within_limit": QT_TRANSLATE_NOOP("", "Workers within the caseload limit"),
    "largest_caseload": QT_TRANSLATE_NOOP("", "Largest caseload"),
    "median_caseload": QT_TRANSLATE_NOOP("", "Median caseload"),
    "linked": QT_TRANSLATE_NOOP("", "By enrolled clients (linked to their records)"),
    "others": QT_TRANSLATE_NOOP("", "By others (anonymous, counted only)"),
    "unique_participants": QT_TRANSLATE_NOOP(
        "", "Different enrolled clients, at least one session"
    ),
    "average_group_size": QT_TRANSLATE_NOOP("", "Attendees per session, on average"),
}
# Group tables whose rows are the program's group types (``groups.types`` in program.json).
GROUP_TYPE_TABLES = ("group_sessions_by_type", "group_series_completion")
GROUP_MONTH_TABLE = "group_sessions_by_month"
MONTHS = (
    QT_TRANSLATE_NOOP("", "January"),
    QT_TRANSLATE_NOOP("", "February"),
    QT_TRANSLATE_NOOP("", "March"),
    QT_TRANSLATE_NOOP("", "April"),
    QT_TRANSLATE_NOOP("", "May"),
    QT_TRANSLATE_NOOP("", "June"),
    QT_TRANSLATE_NOOP("", "July"),
    QT_TRANSLATE_NOOP("", "August"),
    QT_TRANSLATE_NOOP("", "September"),
    QT_TRANSLATE_NOOP("", "October"),
    QT_TRANSLATE_NOOP("", "November"),
    QT_TRANSLATE_NOOP("", "December"),
)
# A column's words where the generic ones ("Number", "Of") would not say what is counted.
TABLE_COLUMN_TITLES = {
    ("flow_days", "value"): QT_TRANSLATE_NOOP("", "Median days"),
    ("time_to_graduation", "value"): QT_TRANSLATE_NOOP("", "Median days"),
    ("flow_days", "n"): QT_TRANSLATE_NOOP("", "Stays in phase"),
    ("caseloads", "n"): QT_TRANSLATE_NOOP("", "Workers"),
    ("group_sessions_by_type", "count"): QT_TRANSLATE_NOOP("", "Sessions"),
    ("group_sessions_by_month", "count"): QT_TRANSLATE_NOOP("", "Sessions"),
    ("group_attendances", "count"): QT_TRANSLATE_NOOP("", "Attendances"),
    ("group_participants", "count"): QT_TRANSLATE_NOOP("", "Clients"),
    ("group_size", "value"): QT_TRANSLATE_NOOP("", "Average"),
    ("group_size", "n"): QT_TRANSLATE_NOOP("", "Sessions"),
    ("group_series_completion", "met"): QT_TRANSLATE_NOOP("", "Completed"),
    ("group_series_completion", "eligible"): QT_TRANSLATE_NOOP("", "Took part"),
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
    View.FUNDER: QT_TRANSLATE_NOOP("", "Funder view — de-identified"),
    View.STAFF: QT_TRANSLATE_NOOP("", "Staff view — exact counts"),
}
VIEW_NOTES = {
    View.FUNDER: (
        QT_TRANSLATE_NOOP(
            "",
            "For funders and partners: a count from 1 to {m} is never shown exactly, nor a "
            "figure it could be worked out from.",
        )
    ),
    View.STAFF: (
        QT_TRANSLATE_NOOP(
            "",
            "For the program's own supervisors and admins: exact counts, small counts "
            "included. Not for funders or anyone outside the program.",
        )
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
    if table_id in GROUP_TYPE_TABLES or table_id == GROUP_MONTH_TABLE:
        return _group_label(defs, language, table_id, code, tr)
    option = _option_label(defs, language, table_id, code)
    if option is not None:
        return option
    return tr(FIXED_ROWS.get(code, code.replace("_", " ").capitalize()))


def _group_type(defs: Definitions, language: str, type_id: str) -> str:
    gtype = defs.program.groups.type(type_id)
    # A type since removed from the settings still counts: its code, made readable.
    return gtype.label.get(language) if gtype is not None else type_id.replace("_", " ")


def month_text(month: str, tr: Translate = same) -> str:
    """ "2026-03" → "March 2026"."""
    year, _, number = month.partition("-")
    if not (year.isdigit() and number.isdigit() and 1 <= int(number) <= 12):
        return month
    return f"{tr(MONTHS[int(number) - 1])} {year}"


def _group_label(defs: Definitions, language: str, table_id: str, code: str, tr: Translate) -> str:
    if table_id != GROUP_MONTH_TABLE:
        return _group_type(defs, language, code)
    month, _, type_id = code.partition("/")  # "2026-03/support_group"
    return f"{month_text(month, tr)} · {_group_type(defs, language, type_id)}"


def column_title(table_id: str, column: str, tr: Translate = same) -> str:
    special = TABLE_COLUMN_TITLES.get((table_id, column))
    if special is not None:
        return tr(special)
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
        QT_TRANSLATE_NOOP(
            "",
            "<{t}: a small count (1 to {m}), not shown exactly · x: withheld so that a small "
            "count cannot be worked out by subtraction · 50–53: a table's largest figure, "
            "protected, given as the range it lies in",
        )
    ).format(t=threshold, m=threshold - 1)


def table_note(
    defs: Definitions, language: str, table: ShownTable, tr: Translate = same
) -> str | None:
    """Why a table has fewer rows than one might expect, or None. The progress table lists only
    the areas with someone to count; the others are named, so none seems forgotten."""
    if table.id != "progress":
        return None
    listed = {r.code for r in table.rows}
    missing = [a.label.get(language) for a in defs.default_scale.areas if a.id not in listed]
    if not missing:
        return None
    return tr(
        QT_TRANSLATE_NOOP(
            "",
            "Not listed: {areas}. No participant has two readings of these areas up to the "
            "period’s end, so there is no progress to count.",
        )
    ).format(areas=", ".join(missing))


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
