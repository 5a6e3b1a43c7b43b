"""Group sessions through a real server: the session travels as a team record with its own
counts; each attendance row travels only under its client's consent; a withdrawal removes
her attendance on the other devices while every device keeps the right session size."""

from __future__ import annotations

import uuid

from exitdoors_desktop.core.consent import ConsentAction, ConsentMethod, ConsentScope
from exitdoors_desktop.core.definitions import load_definitions
from exitdoors_desktop.core.groups import GroupSession, Place
from exitdoors_desktop.core.metrics import Period
from exitdoors_desktop.core.metrics.groups import group_report
from exitdoors_desktop.storage.groups_repo import GroupRepository
from exitdoors_desktop.storage.program_repo import ConsentRepository
from exitdoors_desktop.storage.report_data import load_group_data
from tests.sync.conftest import _today

DEFS = load_definitions()
G = DEFS.program.groups


def _figures(device) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """(total attendances, unique participants) as this device's report sees them."""
    day = _today()
    r = group_report(load_group_data(device.session, DEFS), G.type_ids, G.completion,
                     Period(day, day), day)  # fmt: skip
    return r.total_attendances, r.unique_participants


def test_withdrawal_removes_her_attendance_everywhere_and_sizes_stay(team) -> None:  # type: ignore[no-untyped-def]
    a, b = team(2)
    x = a.add_client("Test Xena Example")
    y = a.add_client("Test Yara Example")
    z = a.add_client("Test Zoe Example", share=False)  # never leaves a's laptop
    sid = str(uuid.uuid4())
    GroupRepository(a.session, G).save_session(
        GroupSession(sid, _today(), "support_group", Place.COMMUNITY, others_count=3), [x, y, z]
    )
    a.sync()
    b.sync()
    on_b = GroupRepository(b.session, G)
    assert on_b.get_session(sid).size == 6  # 3 linked + 3 others, though b holds 2 rows
    assert on_b.attendees(sid) == sorted([x, y])
    assert _figures(b) == (6, 2)

    ConsentRepository(a.session).add(x, ConsentScope.SHARE_WITH_OFFICE, ConsentAction.WITHDRAW,
                                     _today(), ConsentMethod.VERBAL)  # fmt: skip
    assert a.sync().purges_sent == 1
    b.sync()
    assert on_b.attendees(sid) == [y]
    assert on_b.for_client(x) == []
    left = b.session.conn.execute(
        "SELECT count(*) FROM group_attendance WHERE client_id = ?", (x,)
    ).fetchone()
    assert left == (0,)
    assert b.session.conn.execute(
        "SELECT count(*) FROM changes WHERE subject = ?", (x,)
    ).fetchone() == (0,)
    assert on_b.get_session(sid).size == 6
    assert _figures(b) == (6, 1)
    # Her worker's laptop keeps her record, her attendance, and the same figures.
    assert GroupRepository(a.session, G).attendees(sid) == sorted([x, y, z])
    assert _figures(a) == (6, 3)
    # An edit on b afterwards (someone else joins) moves the size from 6, not from 1 row.
    w = b.add_client("Test Wren Example")
    session = on_b.get_session(sid)
    assert on_b.save_session(session, [y, w]).size == 7
    b.sync()
    a.sync()
    assert GroupRepository(a.session, G).get_session(sid).size == 7
