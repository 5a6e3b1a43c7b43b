"""Group-work report figures from a reference set of sessions, each figure worked out by hand
(below), read back through a real vault, then de-identified with the small-cell rules.

Reference set (period 2026-01-01 .. 2026-06-30, read on 2026-07-15):
* series S1 "Winter skills" (skills_training, 8 planned): 8 weekly community sessions from
  Jan 6 to Feb 24, no others. c1 attends 8, c2 6, c3 5, c4 7, c5 2, c6 6 -> 34 attendances.
* series S2 "Summer skills" (skills_training, 4 planned, dates in August): one session held
  Jun 20 with c1. S2 ends in August, after the report's day: not judged yet.
* support groups (office) Jan 15 {c1, c7} + 5 others, Feb 15 {c7} + 3, Mar 15 {c7, c8} + 4.
* psycho-education online Apr 2 {c2, c9, c10}.
* outside the period: a support group on 2025-12-10 {c1} + 2 others.

By hand: sessions 8 + 1 + 3 + 1 = 13 (skills 9, support 3, psycho-education 1); by month
Jan skills 4 + support 1, Feb skills 4 + support 1, Mar support 1, Apr psycho-ed 1, Jun
skills 1. Linked attendances 34 + 1 + (2 + 1 + 2) + 3 = 43; others 5 + 3 + 4 = 12; total 55;
average group size 55 / 13 = 4.23 -> 4.2. Unique participants c1..c10 = 10. Completion (3/4 of
8 = 6 sessions): c1, c2, c4, c6 completed S1 -> 4 of 6.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from exitdoors_desktop.core.definitions import load_definitions
from exitdoors_desktop.core.groups import GroupSession, Place, Series
from exitdoors_desktop.core.metrics import Period
from exitdoors_desktop.core.metrics.groups import group_report, publish_groups
from exitdoors_desktop.core.metrics.publish import table
from exitdoors_desktop.core.people import Client
from exitdoors_desktop.storage.clients_repo import ClientRepository
from exitdoors_desktop.storage.groups_repo import GroupRepository
from exitdoors_desktop.storage.report_data import load_report_data

DEFS = load_definitions()
PERIOD = Period(dt.date(2026, 1, 1), dt.date(2026, 6, 30))
AS_OF = dt.date(2026, 7, 15)
D = dt.date


def _seed(session) -> dict[str, str]:  # type: ignore[no-untyped-def]
    ids = {f"c{i}": str(uuid.uuid4()) for i in range(1, 11)}
    repo = ClientRepository(session)
    for name, cid in ids.items():
        repo.save(Client(id=cid, preferred_name=f"Ref {name} Example"), today=AS_OF)
    groups = GroupRepository(session, DEFS.program.groups)
    groups.save_series(Series("s1", "Winter skills", "skills_training", 8))
    summer = (D(2026, 8, 4), D(2026, 8, 11), D(2026, 8, 18), D(2026, 8, 25))
    groups.save_series(Series("s2", "Summer skills", "skills_training", 4, summer))
    attends = {"c1": 8, "c2": 6, "c3": 5, "c4": 7, "c5": 2, "c6": 6}
    for week in range(8):
        who = [ids[c] for c, n in attends.items() if week < n]
        day = D(2026, 1, 6) + dt.timedelta(weeks=week)
        groups.save_session(_gs(day, "skills_training", Place.COMMUNITY, 0, "s1"), who)
    groups.save_session(_gs(D(2026, 6, 20), "skills_training", Place.COMMUNITY, 0, "s2"),
                        [ids["c1"]])  # fmt: skip
    for day, who, others in (
        (D(2026, 1, 15), ["c1", "c7"], 5),
        (D(2026, 2, 15), ["c7"], 3),
        (D(2026, 3, 15), ["c7", "c8"], 4),
        (D(2025, 12, 10), ["c1"], 2),
    ):
        groups.save_session(_gs(day, "support_group", Place.OFFICE, others), [ids[c] for c in who])
    groups.save_session(
        _gs(D(2026, 4, 2), "psychoeducation", Place.ONLINE, 0),
        [ids["c2"], ids["c9"], ids["c10"]],
    )
    return ids


def _gs(day: dt.date, gtype: str, place: Place, others: int, series: str | None = None):  # type: ignore[no-untyped-def]
    return GroupSession(str(uuid.uuid4()), day, gtype, place, length_minutes=90,
                        others_count=others, series_id=series)  # fmt: skip


def test_reference_sessions_give_the_hand_computed_figures(session) -> None:  # type: ignore[no-untyped-def]
    _seed(session)
    data = load_report_data(session, DEFS)
    g = DEFS.program.groups
    report = group_report(data.groups, g.type_ids, g.completion, PERIOD, AS_OF)
    assert report.sessions == 13
    assert dict(report.sessions_by_type.rows) == {
        "support_group": 3,
        "psychoeducation": 1,
        "group_counselling": 0,
        "skills_training": 9,
        "peer_support_circle": 0,
    }
    by_month = {k: n for k, n in report.sessions_by_month.rows if n}
    assert by_month == {
        "2026-01/skills_training": 4,
        "2026-01/support_group": 1,
        "2026-02/skills_training": 4,
        "2026-02/support_group": 1,
        "2026-03/support_group": 1,
        "2026-04/psychoeducation": 1,
        "2026-06/skills_training": 1,
    }
    assert dict(report.attendances.rows) == {"linked": 43, "others": 12}
    assert report.total_attendances == 55
    assert report.unique_participants == 10
    assert report.average_size == Decimal("4.2")
    rate = report.series_completion.rate("skills_training")
    assert (rate.met, rate.eligible) == (4, 6)
    assert report.series_completion.rate("support_group").eligible == 0

    section = publish_groups(report, DEFS.program.small_cell_threshold)
    shown = {tb.id: tb for tb in section.tables}
    att = table([section], "group_attendances")
    assert [r.cells for r in att.rows] == [("43", "78%"), ("12", "22%")]
    assert att.total is not None and att.total.cells == ("55", "100%")
    assert shown["group_participants"].rows[0].cells == ("10",)
    assert shown["group_size"].rows[0].cells == ("4.2", "13")
    # Sessions held name nobody: a single session is shown as 1.
    assert dict((r.code, r.cells) for r in shown["group_sessions_by_type"].rows)[
        "psychoeducation"
    ] == ("1",)
    # 4 of 6 completed: the 4 (and so the 2) are small cells; no percentage.
    (skills,) = [r for r in shown["group_series_completion"].rows if r.code == "skills_training"]
    assert skills.cells == ("<5", "6", "")


def test_a_small_period_suppresses_people_but_not_sessions(session) -> None:  # type: ignore[no-untyped-def]
    _seed(session)
    data = load_report_data(session, DEFS)
    g = DEFS.program.groups
    march = Period(D(2026, 3, 1), D(2026, 3, 31))
    report = group_report(data.groups, g.type_ids, g.completion, march, AS_OF)
    assert (report.sessions, report.total_attendances, report.unique_participants) == (1, 6, 2)
    section = publish_groups(report, 5)
    att = table([section], "group_attendances")
    assert [r.cells[0] for r in att.rows] == ["<5", "<5"]  # 2 linked, 4 others
    assert table([section], "group_participants").rows[0].cells == ("<5",)
    assert table([section], "group_sessions_by_type").rows[0].cells == ("1",)
    assert table([section], "group_size").rows[0].cells[1] == "1"


def test_an_erased_attendee_still_counts_as_an_attendance_not_as_a_participant(session) -> None:  # type: ignore[no-untyped-def]
    ids = _seed(session)
    ClientRepository(session).delete(ids["c9"])
    data = load_report_data(session, DEFS)
    g = DEFS.program.groups
    report = group_report(data.groups, g.type_ids, g.completion, PERIOD, AS_OF)
    assert report.total_attendances == 55
    assert report.unique_participants == 9


def test_no_sessions_gives_an_undefined_average(session) -> None:  # type: ignore[no-untyped-def]
    g = DEFS.program.groups
    report = group_report(
        load_report_data(session, DEFS).groups, g.type_ids, g.completion, PERIOD, AS_OF
    )
    assert report.average_size is None
    assert table([publish_groups(report, 5)], "group_size").rows[0].cells == ("—", "0")
