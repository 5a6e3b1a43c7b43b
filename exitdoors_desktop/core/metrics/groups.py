"""Group-work figures for a period, and their de-identified face.

Counted, exactly (a session counts when its date is in the period):

* sessions by type and month, and by type (events, not people: shown as they are);
* attendances: linked (the sessions' own ``linked_count``, so an erased or withdrawn woman
  still counts as having been there) and others (anonymous), partitioning the total; small
  cells follow ``core.deidentify`` with complementary suppression, like every partition;
* unique participants: distinct clients among the attendance rows held here (a woman whose
  row is gone, erased or withdrawn, is no longer known, so no longer counted). Linked
  attendances are at least this count (equal to it over a single session), so whenever the
  linked cell is not shown, this one is not shown exactly either (a small one stays "<5",
  others become "x"): it would otherwise bound or give the hidden cell away;
* average group size: (linked + others) / sessions, to one decimal, half up; withheld when
  the total attendances it is made of are withheld;
* series completion per group type: for each series that ended in the period (its last held
  or planned date, on or before ``as_of``), each client who attended at least one of its
  sessions is eligible and has met it when she completed it under the program's rule.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from exitdoors_desktop.core.deidentify import COMPLEMENT_MARK
from exitdoors_desktop.core.groups import CompletionRule, series_completion
from exitdoors_desktop.core.metrics.model import GroupData, Period
from exitdoors_desktop.core.metrics.publish import (
    STAT_COLUMNS,
    UNDEFINED,
    WITHHELD,
    Section,
    ShownRow,
    ShownTable,
    count_table,
    rate_table,
)
from exitdoors_desktop.core.metrics.tables import CountTable, Rate, RateTable, Unit

LINKED = "linked"
OTHERS = "others"
TENTH = Decimal("0.1")


@dataclass(frozen=True)
class GroupReport:
    period: Period
    sessions_by_month: CountTable  # rows "YYYY-MM/type"
    sessions_by_type: CountTable
    attendances: CountTable  # linked, others (a partition of every attendance)
    unique_participants: int
    average_size: Decimal | None  # None without sessions

    series_completion: RateTable  # per group type

    @property
    def sessions(self) -> int:
        return self.sessions_by_type.total

    @property
    def total_attendances(self) -> int:
        return self.attendances.total


def series_end(data: GroupData, series_id: str, planned: tuple[dt.date, ...]) -> dt.date | None:
    held = [s.date for s in data.sessions if s.series_id == series_id]
    dates = [*held, *planned]
    return max(dates) if dates else None


def group_report(
    data: GroupData,
    type_ids: tuple[str, ...],
    rule: CompletionRule,
    period: Period,
    as_of: dt.date,
) -> GroupReport:
    """``type_ids``: the program's group types, in order (a type no longer in the settings
    still counts, after them)."""
    sessions = [s for s in data.sessions if s.date in period]
    ids = {s.id for s in sessions}
    by_type = Counter(s.type for s in sessions)
    order = [*type_ids, *sorted(set(by_type) - set(type_ids))]
    by_month = Counter((s.date.strftime("%Y-%m"), s.type) for s in sessions)
    months = sorted({m for m, _ in by_month})
    linked = sum(s.linked_count for s in sessions)
    others = sum(s.others_count for s in sessions)
    unique = len({a.client_id for a in data.attendance if a.session_id in ids})
    average = (
        (Decimal(linked + others) / len(sessions)).quantize(TENTH, rounding=ROUND_HALF_UP)
        if sessions
        else None
    )
    met: dict[str, int] = defaultdict(int)
    eligible: dict[str, int] = defaultdict(int)
    for series in data.series:
        end = series_end(data, series.id, series.planned_dates)
        if end is None or end not in period or end > as_of:
            continue
        for progress in series_completion(series, data.sessions, data.attendance, rule).values():
            eligible[series.type] += 1
            met[series.type] += int(progress.completed)
    rate_order = [*type_ids, *sorted(set(eligible) - set(type_ids))]
    return GroupReport(
        period=period,
        sessions_by_month=CountTable(
            "group_sessions_by_month",
            tuple((f"{m}/{t}", by_month[(m, t)]) for m in months for t in order),
            Unit.SESSIONS,
            partition=False,
        ),
        sessions_by_type=CountTable(
            "group_sessions_by_type",
            tuple((t, by_type[t]) for t in order),
            Unit.SESSIONS,
            partition=False,
        ),
        attendances=CountTable(
            "group_attendances", ((LINKED, linked), (OTHERS, others)), Unit.ATTENDANCES
        ),
        unique_participants=unique,
        average_size=average,
        series_completion=RateTable(
            "group_series_completion",
            tuple(Rate(t, met[t], eligible[t]) for t in rate_order),
        ),
    )


def publish_groups(report: GroupReport, threshold: int) -> Section:
    """The de-identified tables, with the small-cell rules of every other report table."""
    attendances = count_table(report.attendances, threshold)
    participants = count_table(
        CountTable(
            "group_participants",
            (("unique_participants", report.unique_participants),),
            Unit.PARTICIPANTS,
            partition=False,
        ),
        threshold,
    )
    linked = report.attendances.count(LINKED)
    unique_shown = participants.rows[0].cells[0] == str(report.unique_participants)
    if attendances.rows[0].cells[0] != str(linked) and unique_shown and linked:
        participants = ShownTable(
            participants.id,
            participants.columns,
            (ShownRow("unique_participants", (COMPLEMENT_MARK,)),),
            participants.unit,
        )
    total = report.total_attendances
    # An average over few people could give a small total away: it goes when the total does.
    hidden = attendances.total is not None and attendances.total.cells[0] != str(total)
    if report.average_size is None:
        value = UNDEFINED
    elif hidden or 0 < total < threshold:
        value = WITHHELD
    else:
        value = str(report.average_size)
    size = ShownTable(
        "group_size",
        STAT_COLUMNS,
        (ShownRow("average_group_size", (value, str(report.sessions))),),
        Unit.SESSIONS,
    )
    return Section(
        "groups",
        (
            count_table(report.sessions_by_type, threshold),
            count_table(report.sessions_by_month, threshold),
            attendances,
            participants,
            size,
            rate_table(report.series_completion, threshold),
        ),
    )
