"""Group sessions, series and attendance on a real vault: round trip through the change log,
subjects (session: team; attendance: hers), consent gating of the outbox, deletion and purge
of a client (her attendance goes, the session's size stays), timeline, caseload, checklist."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import uuid
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exitdoors_desktop.core.consent import ConsentAction, ConsentMethod, ConsentScope
from exitdoors_desktop.core.definitions import load_definitions
from exitdoors_desktop.core.errors import InvalidInput, NotFound
from exitdoors_desktop.core.groups import (
    Facilitator,
    FacilitatorKind,
    GroupSession,
    Place,
    Series,
)
from exitdoors_desktop.core.lifecycle import Reason, State
from exitdoors_desktop.core.people import Client, ClientStatus
from exitdoors_desktop.storage import db
from exitdoors_desktop.storage.caseload_query import caseload
from exitdoors_desktop.storage.changelog import changes_for_row
from exitdoors_desktop.storage.clients_repo import ClientRepository
from exitdoors_desktop.storage.groups_repo import (
    GroupRepository,
    attendance_id,
    filter_checklist,
)
from exitdoors_desktop.storage.migrate import migrate
from exitdoors_desktop.storage.migrations import STEPS, m0005_groups
from exitdoors_desktop.storage.program_repo import ConsentRepository, TransitionRepository
from exitdoors_desktop.storage.report_data import load_report_data
from exitdoors_desktop.storage.sync_store import SyncStore

DEFS = load_definitions()
SETTINGS = DEFS.program.groups
DAY = dt.date(2026, 4, 7)


def _client(session, name: str, **kw) -> str:  # type: ignore[no-untyped-def]
    cid = str(uuid.uuid4())
    ClientRepository(session).save(Client(id=cid, preferred_name=name, **kw), today=DAY)
    return cid


def _gs(sid: str | None = None, **kw: object) -> GroupSession:
    base: dict[str, object] = {
        "date": DAY,
        "type": "skills_training",
        "place": Place.COMMUNITY,
        "start": dt.time(18, 30),
        "length_minutes": 90,
        "topic": "Budgeting",
        "facilitators": (
            Facilitator(FacilitatorKind.USER, "u-1"),
            Facilitator(FacilitatorKind.PARTNER, "p-9"),
        ),
        "note": "Good energy; next week bring calculators.",
        "others_count": 2,
    }
    base.update(kw)
    return GroupSession(sid or str(uuid.uuid4()), **base)  # type: ignore[arg-type]


def _linked(session, sid: str) -> int:  # type: ignore[no-untyped-def]
    return int(
        session.conn.execute(
            "SELECT linked_count FROM group_sessions WHERE id = ?", (sid,)
        ).fetchone()[0]
    )


def test_session_round_trip_with_change_log_and_subjects(session) -> None:  # type: ignore[no-untyped-def]
    repo = GroupRepository(session, SETTINGS)
    series = Series("ser-1", "Spring skills", "skills_training", 8, (DAY,))
    repo.save_series(series)
    a, b, c = (_client(session, n) for n in ("Ana Example", "Bea Sample", "Cai Demo"))
    saved = repo.save_session(_gs("g1", series_id="ser-1"), [a, b, c])
    assert saved.linked_count == 3 and saved.size == 5
    assert repo.get_session("g1") == saved
    assert repo.series("ser-1") == series
    assert repo.attendees("g1") == sorted([a, b, c])
    # The session is a team record: its changes carry no subject.
    session_changes = changes_for_row(session.conn, "group_session", "g1")
    assert {ch.field for ch in session_changes} >= {"date", "type", "place", "linked_count"}
    assert {ch.subject for ch in session_changes} == {None}
    assert {ch.subject for ch in changes_for_row(session.conn, "group_series", "ser-1")} == {None}
    # Each attendance row belongs to its client's subject.
    for cid in (a, b, c):
        rows = changes_for_row(session.conn, "group_attendance", attendance_id("g1", cid))
        assert rows and {ch.subject for ch in rows} == {cid}
    # Audited without content.
    audit = session.conn.execute(
        "SELECT action, entity, detail FROM audit WHERE entity = 'group_session'"
    ).fetchall()
    assert audit and all("Budgeting" not in str(r) for r in audit)


def test_editing_attendance_moves_the_count_and_writes_only_what_changed(session) -> None:  # type: ignore[no-untyped-def]
    repo = GroupRepository(session, SETTINGS)
    a, b, c = (_client(session, n) for n in ("Ana Example", "Bea Sample", "Cai Demo"))
    repo.save_session(_gs("g1"), [a, b])
    before = session.conn.execute("SELECT count(*) FROM changes").fetchone()[0]
    saved = repo.save_session(_gs("g1"), [b, c])  # a leaves, c joins; nothing else changes
    assert saved.linked_count == 2
    fields = [
        r[0]
        for r in session.conn.execute(
            "SELECT entity || '.' || field FROM changes ORDER BY seq LIMIT -1 OFFSET ?", (before,)
        )
    ]
    # linked_count did not change (2 -> 2): the session itself wrote nothing.
    assert sorted(fields) == ["group_attendance.client_id", "group_attendance.deleted",
                              "group_attendance.deleted", "group_attendance.session_id"]  # fmt: skip
    assert repo.attendees("g1") == sorted([b, c])
    # Relinking her reuses her row (no duplicate), and saving the same thing writes nothing.
    repo.save_session(_gs("g1"), [a, b, c])
    assert session.conn.execute("SELECT count(*) FROM group_attendance").fetchone()[0] == 3
    n = session.conn.execute("SELECT count(*) FROM changes").fetchone()[0]
    repo.save_session(_gs("g1"), [a, b, c])
    assert session.conn.execute("SELECT count(*) FROM changes").fetchone()[0] == n
    assert _linked(session, "g1") == 3


@pytest.mark.parametrize(
    ("change", "error", "words"),
    [
        (lambda s, ids: (_gs("g1"), [*ids, "nobody"]), NotFound, "1 of the listed clients"),
        (lambda s, ids: (_gs("g1"), [ids[0], ids[0]]), InvalidInput, "listed twice"),
        (lambda s, ids: (_gs("g1", series_id="missing"), ids), NotFound, "no such series"),
        (
            lambda s, ids: (_gs("g1", type="support_group", series_id="ser-1"), ids),
            InvalidInput,
            "differs from its series",
        ),  # fmt: skip
        (lambda s, ids: (_gs("g1", type="bingo"), ids), InvalidInput, "unknown group type"),
        (lambda s, ids: (_gs("g1", others_count=-3), ids), InvalidInput, "others attending"),
    ],
)
def test_bad_sessions_are_refused_and_nothing_is_written(session, change, error, words) -> None:  # type: ignore[no-untyped-def]
    repo = GroupRepository(session, SETTINGS)
    repo.save_series(Series("ser-1", "Spring skills", "skills_training", 8))
    ids = [_client(session, "Ana Example"), _client(session, "Bea Sample")]
    before = session.conn.execute("SELECT count(*) FROM changes").fetchone()[0]
    gs, attendees = change(session, ids)
    with pytest.raises(error, match=words):
        repo.save_session(gs, attendees)
    assert session.conn.execute("SELECT count(*) FROM changes").fetchone()[0] == before
    assert session.conn.execute("SELECT count(*) FROM group_sessions").fetchone()[0] == 0
    assert session.conn.execute("SELECT count(*) FROM group_attendance").fetchone()[0] == 0


def test_outbox_sends_the_session_but_holds_attendance_without_her_consent(session) -> None:  # type: ignore[no-untyped-def]
    repo = GroupRepository(session, SETTINGS)
    yes, no = _client(session, "Ana Example"), _client(session, "Bea Sample")
    ConsentRepository(session).add(yes, ScopeShare, ConsentAction.GRANT, DAY, ConsentMethod.VERBAL)
    repo.save_session(_gs("g1"), [yes, no])
    out = SyncStore(session).outbox(1000)
    sent = {(w.entity, w.row_id) for w in out.writes}
    assert ("group_session", "g1") in sent
    assert ("group_attendance", attendance_id("g1", yes)) in sent
    assert ("group_attendance", attendance_id("g1", no)) not in sent
    held = [w for w in out.writes if w.subject == no]
    assert held == [] and out.held_subjects == 1  # her profile and her attendance wait
    # What does go carries her count but not her: linked_count 2 in the session write.
    (sw,) = [w for w in out.writes if w.entity == "group_session"]
    assert sw.fields["linked_count"] == 2 and sw.subject is None


ScopeShare = ConsentScope.SHARE_WITH_OFFICE


def test_deleting_a_client_unlinks_her_and_keeps_the_session_size(session) -> None:  # type: ignore[no-untyped-def]
    repo = GroupRepository(session, SETTINGS)
    a, b = _client(session, "Ana Example"), _client(session, "Bea Sample")
    repo.save_session(_gs("g1"), [a, b])
    ClientRepository(session).delete(a)
    assert repo.attendees("g1") == [b]
    assert repo.for_client(a) == []
    assert [x.client_id for x in repo.attendance()] == [b]
    assert repo.get_session("g1").size == 4  # 2 linked + 2 others, as it was
    # The unlink is a change other devices learn of, under her subject.
    rows = changes_for_row(session.conn, "group_attendance", attendance_id("g1", a))
    assert rows[-1].field == "deleted" and rows[-1].value is True and rows[-1].subject == a


def test_a_purge_removes_her_attendance_rows_stamps_and_changes(session) -> None:  # type: ignore[no-untyped-def]
    """What a withdrawal does on a device other than her worker's (SyncStore purge)."""
    repo = GroupRepository(session, SETTINGS)
    a, b = _client(session, "Ana Example"), _client(session, "Bea Sample")
    repo.save_session(_gs("g1"), [a, b])
    repo.save_session(_gs("g2", date=DAY + dt.timedelta(days=7), others_count=0), [a])
    store = SyncStore(session)
    store.apply_answer([], [], store.cursor(), purged_client_ids=[a])
    conn = session.conn
    assert conn.execute("SELECT count(*) FROM group_attendance WHERE client_id = ?", (a,)).fetchone()[0] == 0  # fmt: skip
    assert conn.execute(
        "SELECT count(*) FROM field_clock WHERE entity = 'group_attendance' AND row_id IN (?, ?)",
        (attendance_id("g1", a), attendance_id("g2", a)),
    ).fetchone()[0] == 0  # fmt: skip
    assert conn.execute("SELECT count(*) FROM changes WHERE subject = ?", (a,)).fetchone()[0] == 0
    # The sessions keep their sizes; the report still counts her attendances, not her.
    assert (repo.get_session("g1").size, repo.get_session("g2").size) == (4, 1)
    data = load_report_data(session, DEFS).groups
    assert sum(s.linked_count for s in data.sessions) == 3
    assert {x.client_id for x in data.attendance} == {b}
    # An edit here afterwards moves the count from what it was, not from the rows left.
    c = _client(session, "Cai Demo")
    assert repo.save_session(_gs("g1"), [b, c]).linked_count == 3


def test_timeline_lists_her_attendances_oldest_first(session) -> None:  # type: ignore[no-untyped-def]
    repo = GroupRepository(session, SETTINGS)
    a = _client(session, "Ana Example")
    repo.save_session(_gs("late", date=DAY + dt.timedelta(days=14), place=Place.ONLINE), [a])
    repo.save_session(_gs("early", type="support_group", place=Place.OFFICE), [a])
    repo.save_session(_gs("gone"), [a])
    repo.delete_session("gone")
    entries = repo.for_client(a)
    assert [(e.session_id, e.date, e.type, e.place) for e in entries] == [
        ("early", DAY, "support_group", Place.OFFICE),
        ("late", DAY + dt.timedelta(days=14), "skills_training", Place.ONLINE),
    ]
    with pytest.raises(NotFound):
        repo.get_session("gone")


def test_attendance_feeds_her_last_contact_when_the_program_says_so(session) -> None:  # type: ignore[no-untyped-def]
    a = _client(session, "Ana Example")
    TransitionRepository(session).record(a, State.PHASE_1, Reason.ENROLLED, DAY)
    later = DAY + dt.timedelta(days=20)
    GroupRepository(session, SETTINGS).save_session(_gs("g1", date=later), [a])
    today = DAY + dt.timedelta(days=25)
    (row,) = caseload(session, DEFS.program, today)
    assert row.last_contact == later
    assert row.timing.next_contact_due == later + dt.timedelta(days=7)
    off = dataclasses.replace(
        DEFS.program,
        groups=dataclasses.replace(SETTINGS, attendance_counts_as_contact=False),
    )
    (row,) = caseload(session, off, today)
    assert row.last_contact is None
    # Reports: the attendance is one contact of hers (community, with her).
    contacts = load_report_data(session, DEFS).contacts
    assert [(c.client_id, c.date) for c in contacts] == [(a, later)]


def test_checklist_lists_active_clients_and_filters_by_words(session) -> None:  # type: ignore[no-untyped-def]
    repo = GroupRepository(session, SETTINGS)
    mira = _client(session, "Mira Sample", aliases=("M. Sample",), assigned_worker="w1")
    _client(session, "Mia Example", assigned_worker="w2")
    _client(session, "Gone Demo", status=ClientStatus.CLOSED)
    entries = repo.checklist()
    assert [e.name for e in entries] == ["Mia Example", "Mira Sample"]
    assert [e.client_id for e in repo.checklist(worker_ids={"w1"})] == [mira]
    assert [e.name for e in filter_checklist(entries, "  mi  SAMP")] == ["Mira Sample"]
    assert [e.name for e in filter_checklist(entries, "m. sample")] == ["Mira Sample"]
    assert len(filter_checklist(entries, "")) == 2


def test_checklist_leaves_out_a_client_whose_file_was_closed(session) -> None:  # type: ignore[no-untyped-def]
    from exitdoors_desktop.core.lifecycle import Reason, State
    from exitdoors_desktop.storage.program_repo import TransitionRepository

    repo = GroupRepository(session, SETTINGS)
    ana = _client(session, "Ana Sample")
    _client(session, "Bo Example")
    moves = TransitionRepository(session)
    moves.record(ana, State.PRE, Reason.ENROLLED, DAY)
    moves.record(ana, State.CLOSED, Reason.LOST_CONTACT, DAY + dt.timedelta(days=1))
    assert [e.name for e in repo.checklist()] == ["Bo Example"]
    moves.record(ana, State.PRE, Reason.RE_ENROLLED, DAY + dt.timedelta(days=2))
    assert [e.name for e in repo.checklist()] == ["Ana Sample", "Bo Example"]


def test_series_round_trip_update_and_delete_rules(session) -> None:  # type: ignore[no-untyped-def]
    repo = GroupRepository(session, SETTINGS)
    s = Series("ser-1", "Spring skills", "skills_training", 8, (DAY, DAY + dt.timedelta(days=7)))
    repo.save_series(s)
    repo.save_series(dataclasses.replace(s, planned_sessions=10))
    changed = [c.field for c in changes_for_row(session.conn, "group_series", "ser-1")]
    assert changed.count("planned_sessions") == 2 and changed.count("name") == 1
    repo.save_session(_gs("g1", series_id="ser-1"), [])
    with pytest.raises(InvalidInput, match="still has sessions"):
        repo.delete_series("ser-1")
    repo.delete_session("g1")
    repo.delete_series("ser-1")
    assert repo.all_series() == []


def test_migration_step_adds_group_tables_and_the_purge_trigger(tmp_path: Path) -> None:
    key = bytearray(os.urandom(32))
    conn = db.open_database(tmp_path / "v.db", key, create=True)
    db.apply_runtime_pragmas(conn)
    (mine,) = [n for n, step in STEPS if step is m0005_groups.upgrade]
    migrate(conn, backup_path=None, key=key, steps=tuple(s for s in STEPS if s[0] < mine))
    conn.execute("INSERT INTO clients (id, preferred_name) VALUES ('c1', 'A'), ('c2', 'B')")
    assert migrate(conn, backup_path=tmp_path / "b", key=key, steps=STEPS[:mine]) == 1
    assert db.user_version(conn) == mine
    conn.executemany(
        "INSERT INTO group_attendance (id, session_id, client_id) VALUES (?,?,?)",
        [("a1", "g", "c1"), ("a2", "g", "c2")],
    )
    conn.execute(
        "INSERT INTO field_clock (entity, row_id, field, hlc) VALUES"
        " ('group_attendance', 'a1', 'deleted', 'h'), ('group_attendance', 'a2', 'deleted', 'h')"
    )
    conn.execute("DELETE FROM clients WHERE id = 'c1'")
    assert [r[0] for r in conn.execute("SELECT id FROM group_attendance")] == ["a2"]
    assert [r[0] for r in conn.execute("SELECT row_id FROM field_clock")] == ["a2"]
    conn.close()


def test_demo_seeds_a_year_of_groups_and_series_with_believable_attendance(session) -> None:  # type: ignore[no-untyped-def]
    from exitdoors_desktop.core.groups import series_completion
    from exitdoors_desktop.storage.demo import seed_demo

    today = dt.date(2026, 6, 1)
    seed_demo(session, 60, today=today)
    repo = GroupRepository(session, SETTINGS)
    sessions = repo.sessions()
    assert min(s.date for s in sessions) >= today - dt.timedelta(days=365)
    assert max(s.date for s in sessions) <= today
    assert {s.type for s in sessions} == set(SETTINGS.type_ids)
    assert {s.place for s in sessions} == set(Place)
    sizes = [s.size for s in sessions]
    assert 3 <= sum(sizes) / len(sizes) <= 12 and max(sizes) <= 20
    series = repo.all_series()
    assert len(series) == 4
    attendance = repo.attendance()
    # linked_count agrees with the rows when nothing was purged
    assert sum(s.linked_count for s in sessions) == len(attendance)
    done = [
        p.completed
        for s in series
        for p in series_completion(s, sessions, attendance, SETTINGS.completion).values()
    ]
    assert any(done) and not all(done)  # some complete a course, some do not


def test_her_series_show_attended_of_planned(session) -> None:  # type: ignore[no-untyped-def]
    repo = GroupRepository(session, SETTINGS)
    a, b = _client(session, "Ana Example"), _client(session, "Bea Sample")
    repo.save_series(Series("ser-1", "Spring skills", "skills_training", 8))
    repo.save_series(Series("ser-2", "Autumn skills", "skills_training", 4))
    for week in range(6):
        day = DAY + dt.timedelta(weeks=week)
        repo.save_session(_gs(f"w{week}", date=day, series_id="ser-1"), [a])
    repo.save_session(_gs("b1", series_id="ser-2"), [b])
    repo.save_session(_gs("loose"), [a])  # not in a series
    ((series, progress),) = repo.series_for_client(a)
    assert series.id == "ser-1"
    assert (progress.attended, progress.planned, progress.completed) == (6, 8, True)
    repo.save_session(_gs("w5", date=DAY + dt.timedelta(weeks=5), series_id="ser-1"), [])
    ((_, progress),) = repo.series_for_client(a)
    assert (progress.attended, progress.completed) == (5, False)
    assert [s.id for s, _ in repo.series_for_client(b)] == ["ser-2"]


def test_a_future_or_deleted_session_is_refused(session) -> None:  # type: ignore[no-untyped-def]
    repo = GroupRepository(session, SETTINGS)
    a = _client(session, "Ana Example")
    with pytest.raises(InvalidInput, match="after today"):
        repo.save_session(_gs("g1", date=DAY + dt.timedelta(days=1)), [a], today=DAY)
    repo.save_session(_gs("g1"), [a], today=DAY)
    repo.delete_session("g1")
    with pytest.raises(InvalidInput, match="was deleted"):
        repo.save_session(_gs("g1"), [a], today=DAY)
    assert repo.for_client(a) == []


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    steps=st.lists(
        st.tuples(st.sets(st.integers(0, 7)), st.sets(st.integers(0, 7), max_size=2)),
        min_size=1,
        max_size=5,
    )
)
def test_session_size_counts_everyone_ever_linked_and_not_yet_unlinked(session, steps) -> None:  # type: ignore[no-untyped-def]
    """Edits (who attended) interleaved with purges (her consent withdrawn elsewhere): the
    linked count is always the attendees listed now plus those purged while linked."""
    repo = GroupRepository(session, SETTINGS)
    store = SyncStore(session)
    pool = [_client(session, f"P{i} Example") for i in range(8)]
    sid = str(uuid.uuid4())
    purged: set[str] = set()
    purged_while_linked = 0
    for chosen, to_purge in steps:
        listed = [pool[i] for i in sorted(chosen) if pool[i] not in purged]
        saved = repo.save_session(_gs(sid), listed)
        assert saved.linked_count == len(listed) + purged_while_linked
        assert repo.attendees(sid) == sorted(listed)
        victims = [pool[i] for i in sorted(to_purge) if pool[i] not in purged]
        purged_while_linked += sum(1 for v in victims if v in listed)
        store.apply_answer([], [], store.cursor(), purged_client_ids=victims)
        purged.update(victims)
        still = [c for c in listed if c not in purged]
        assert repo.attendees(sid) == sorted(still)
        assert repo.get_session(sid).linked_count == len(still) + purged_while_linked
