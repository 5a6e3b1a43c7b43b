"""The method note of the outcome report: every figure it shows, defined in words. Pure text
(no Qt), shared by the PDF and any other face of the report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from exitdoors_desktop.core.definitions import Definitions
from exitdoors_desktop.core.groups import CompletionKind, CompletionRule
from exitdoors_desktop.core.metrics.labels import Translate, day_text, same
from exitdoors_desktop.core.metrics.publish import View
from exitdoors_desktop.core.metrics.report import OutcomeReport
from exitdoors_desktop.core.scales import ProgressKind


def _progress_rule(defs: Definitions, tr: Translate) -> str:
    rule = defs.program.progress
    if rule.kind is ProgressKind.RISE_BY_N:
        return tr("her latest reading is at least {n} points above her first").format(n=rule.n)
    if rule.kind is ProgressKind.HIGHER_STAGE:
        return tr("her latest reading falls in a higher stage band than her first")
    return tr("her latest reading is higher than her first")


def _completion_rule(rule: CompletionRule, tr: Translate) -> str:
    if rule.kind is CompletionKind.AT_LEAST:
        return tr(
            "she attended at least {n} of its planned sessions (all of them when fewer are planned)"
        ).format(n=rule.sessions)
    assert rule.share is not None
    return tr(
        "she attended at least {a} of every {b} of its planned sessions, rounded up (so {r} of {p})"
    ).format(
        a=rule.share.numerator,
        b=rule.share.denominator,
        r=rule.required(8),
        p=8,
    )


def _groups(defs: Definitions, tr: Translate) -> tuple[str, str]:
    return (
        tr("Group work"),
        tr(
            "Group sessions dated in the period. An attendance is one person at one session: "
            "enrolled clients linked to their records, and others counted without a name; "
            "a client whose record was since erased or withdrawn still counts as an "
            "attendance. Different enrolled clients: each client with at least one attendance "
            "in the period, counted once (a record since erased or withdrawn is no longer "
            "known, so no longer counted). Average group size: all attendances divided by "
            "the sessions held, rounded half up to one decimal (withheld in the funder view "
            "when the attendances it is made of are). Series completion: for each series that ended "
            "in the period (its last held or planned session), each client who attended at "
            "least one of its sessions; she completed it when {rule}. Sessions held are events, "
            "not people: their counts are not suppressed in either view, and a session's "
            "date and type tell nothing about who came."
        ).format(rule=_completion_rule(defs.program.groups.completion, tr)),
    )


def method_note(
    report: OutcomeReport,
    defs: Definitions,
    view: View = View.FUNDER,
    tr: Translate = same,
    *,
    day: Callable[[dt.date], str] = day_text,
) -> list[tuple[str, str]]:
    """(term, definition) pairs: every figure in the report, defined. ``day`` writes a date
    (the UI passes its locale's)."""
    target = sum(defs.program.phase(p).target_days or 0 for p in ("phase_1", "phase_2", "phase_3"))
    who = (
        tr("Only participants whose consent in effect covers de-identified evaluation.")
        if report.evaluation_only
        else tr(
            "Every participant recorded in the program's records, whatever her sharing consent: "
            "records count in de-identified aggregates only, and one population for every "
            "table means no table can be subtracted from another."
        )
    )
    return [
        (
            tr("Period"),
            tr(
                "{a} to {b}, both days included. Figures use the records as they stood on {c}."
            ).format(
                a=day(report.period.start),
                b=day(report.period.end),
                c=day(report.as_of),
            ),
        ),
        (tr("Who is counted"), who),
        (
            tr("Recruited"),
            tr(
                "A participant is recruited on the day her phase 1 starts (the "
                "first day of CTI). A woman recruited twice in the period counts "
                "once."
            ),
        ),
        (
            tr("Reach"),
            tr(
                "Her sex-work involvement from the first measure marked “at intake” "
                "in the attempt she was recruited in. Percentages are of everyone "
                "recruited, including those with no intake measure."
            ),
        ),
        (
            tr("Outcome at follow-up"),
            tr(
                "Among participants who graduated in the period: the "
                "first follow-up measure on or after graduation (and "
                "before any re-enrolment). A follow-up where she could "
                "not be reached is no data. Percentages are of those "
                "with follow-up data."
            ),
        ),
        (
            tr("Progress per focus area"),
            tr(
                "Among participants in phases 1–3 on some day of "
                "the period with at least two readings of an area "
                "(up to the period’s end): she progressed when "
                "{rule}. Each area has its own denominator. The "
                "first reading is her first ever: re-enrolling "
                "does not reset it."
            ).format(rule=_progress_rule(defs, tr)),
        ),
        (
            tr("Readiness to change"),
            tr(
                "Same participants, at least two readiness measures: "
                "the stage of the latest against the first."
            ),
        ),
        (
            tr("Phase flow"),
            tr(
                "Counts of women with each movement dated in the period. Median "
                "days per phase are over stays in a phase that ended in the "
                "period, paused days not counted. Early discharge: closed from "
                "phase 1, 2 or 3 instead of graduating."
            ),
        ),
        (
            tr("CTI fidelity"),
            tr(
                "At least 2 contacts in the 30 days from phase 1 start (women "
                "starting in the period whose first month is over); at least 3 "
                "community meetings with her and at least 2 meetings with her "
                "providers or informal supports during her first stay in phase "
                "1 (women who completed phase 1 in the period); contacts per 30 "
                "days falling from phase to phase, and calendar days from phase "
                "1 start to graduation against the target of {days} days "
                "(women who graduated in the period); caseload: a worker’s "
                "women in phases 1–3 on the period’s last day against the "
                "limit of {limit}."
            ).format(days=target, limit=defs.program.caseload_limit),
        ),
        (
            tr("Referrals and partners"),
            tr(
                "Referrals made in the period by service type and "
                "by their status now. Partner agencies: each "
                "agency’s latest survey answer in the period; "
                "agencies are not named."
            ),
        ),
        (
            tr("Cost per participant"),
            tr(
                "The operating cost the program entered for a cycle, "
                "divided by the participants recruited in that cycle "
                "(phase 1 started within its dates), rounded half up "
                "to the cent. Cycles overlapping the period are "
                "shown."
            ),
        ),
        _groups(defs, tr),
        (
            tr("Rounding"),
            tr(
                "Percentages are rounded half up to a whole percent (so they may "
                "not add up to exactly 100); medians of days half up to a whole "
                "day."
            ),
        ),
        _small_counts(report.threshold, view, tr),
    ]


def _small_counts(t: int, view: View, tr: Translate) -> tuple[str, str]:
    if view is View.STAFF:
        return (
            tr("Exact counts"),
            tr(
                "This is the staff view: every count is exact, small counts included. It is "
                "for the program's own supervision and must not be given to funders or "
                "anyone outside the program; they get the de-identified funder view."
            ),
        )
    return (
        tr("Small counts"),
        tr(
            "Counts from 1 to {m} are shown as “<{t}” and their "
            "percentage is left out. “x” marks a figure withheld so that a "
            "small count cannot be worked out by subtracting the others "
            "from the total; when that figure is a table's largest, it is given "
            "instead as the range a reader could already work out (e.g. “50–53”, "
            "“93–98%”), which tells nothing more about the small count. Medians over "
            "fewer than {t} women, and cost per participant for cycles of fewer than {t}, "
            "are withheld. Counts of workers and of group sessions held are not suppressed."
        ).format(m=t - 1, t=t),
    )
