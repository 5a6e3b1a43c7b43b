"""Her record and group work: each attendance is on her timeline (type, topic, date — never who
else came), and when the program counts attendance as a contact, her record's "next contact
due" moves with it exactly as the caseload's does."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from exitdoors_desktop.core.definitions import load_definitions
from exitdoors_desktop.core.groups import GroupSession, Place
from exitdoors_desktop.core.lifecycle import Reason, State
from exitdoors_desktop.core.people import Client, new_id
from exitdoors_desktop.storage.caseload_query import caseload
from exitdoors_desktop.storage.clients_repo import ClientRepository
from exitdoors_desktop.storage.groups_repo import GroupRepository
from exitdoors_desktop.storage.program_repo import TransitionRepository
from exitdoors_desktop.ui.record.data import RecordStore, timeline_entries
from exitdoors_desktop.ui.record.tabs.timeline import TimelineTableModel

TODAY = dt.date(2025, 3, 14)


@pytest.fixture
def people(session) -> tuple[str, str]:
    ada = Client(new_id(), "Ada Sample")
    bo = Client(new_id(), "Bo Example")
    ClientRepository(session).save_many([ada, bo], today=TODAY)
    t = TransitionRepository(session)
    t.record(ada.id, State.PRE, Reason.ENROLLED, TODAY - dt.timedelta(days=60))
    t.record(ada.id, State.PHASE_1, Reason.CLIENT_REQUEST, TODAY - dt.timedelta(days=50))
    return ada.id, bo.id


def with_counting(counts: bool):
    defs = load_definitions()
    groups = dataclasses.replace(defs.program.groups, attendance_counts_as_contact=counts)
    program = dataclasses.replace(defs.program, groups=groups)
    return dataclasses.replace(defs, program=program)


def test_each_attendance_is_on_her_timeline_without_other_names(qtmodeltester, session, people):
    ada, bo = people
    defs = load_definitions()
    repo = GroupRepository(session, defs.program.groups)
    day = TODAY - dt.timedelta(days=5)
    repo.save_session(
        GroupSession("g1", day, "skills_training", Place.COMMUNITY, topic="Budgeting",
                     length_minutes=90, note="Lively evening."),
        [ada, bo], TODAY,
    )  # fmt: skip
    repo.save_session(GroupSession("g2", TODAY, "support_group", Place.ONLINE), [bo], TODAY)
    snap = RecordStore(session, defs, ada).snapshot(TODAY)
    groups = [e for e in timeline_entries(snap) if e.kind == "group"]
    assert [(e.date, e.kind) for e in groups] == [(day, "group")]  # not Bo's other session
    model = TimelineTableModel(defs, "en")
    model.set_snapshot(snap)
    qtmodeltester.check(model)
    rows = [
        [model.index(r, c).data() for c in range(3)]
        for r in range(model.rowCount())
        if model.entry(r).kind == "group"
    ]
    assert rows == [[day.isoformat(), "Group session",
                     "Skills training · Budgeting · in the community · 90 min"]]  # fmt: skip
    every_cell = " ".join(
        str(model.index(r, c).data()) for r in range(model.rowCount()) for c in range(3)
    )
    assert "Bo Example" not in every_cell and "Lively" not in every_cell
    fr = TimelineTableModel(defs, "fr")
    fr.set_snapshot(snap)
    details = [fr.index(r, 2).data() for r in range(fr.rowCount()) if fr.entry(r).kind == "group"]
    assert details[0].startswith("Formation aux compétences · Budgeting")


@pytest.mark.parametrize("counts", [True, False])
def test_next_contact_due_follows_attendance_like_the_caseload(session, people, counts):
    ada, _bo = people
    defs = with_counting(counts)
    repo = GroupRepository(session, defs.program.groups)
    before = RecordStore(session, defs, ada).snapshot(TODAY).timing
    assert before is not None and before.days_since_contact == 50  # since she enrolled
    attended = TODAY - dt.timedelta(days=2)
    repo.save_session(GroupSession("g1", attended, "support_group", Place.OFFICE), [ada], TODAY)
    timing = RecordStore(session, defs, ada).snapshot(TODAY).timing
    assert timing is not None
    [row] = [r for r in caseload(session, defs.program, TODAY) if r.client_id == ada]
    assert timing.next_contact_due == row.timing.next_contact_due
    assert timing.days_since_contact == row.timing.days_since_contact
    assert timing.days_since_contact == (2 if counts else 50)
