"""The timeline orders by the day things happened, then by when they were recorded (HLC), the
same way every time: same-day entries of every kind come out in the order they were entered."""

from __future__ import annotations

import datetime as dt

from exitdoors_desktop.core.consent import ConsentAction, ConsentMethod, ConsentScope
from exitdoors_desktop.core.definitions import load_definitions
from exitdoors_desktop.core.forms import FormResponse
from exitdoors_desktop.core.lifecycle import Reason, State
from exitdoors_desktop.core.people import Client, new_id
from exitdoors_desktop.storage.clients_repo import ClientRepository
from exitdoors_desktop.storage.program_repo import (
    ConsentRepository,
    ReadingRepository,
    ResponseRepository,
    TransitionRepository,
)
from exitdoors_desktop.ui.record.data import RecordStore, timeline_entries

TODAY = dt.date(2025, 3, 14)
DAY = TODAY - dt.timedelta(days=5)


def test_same_day_entries_of_every_kind_in_the_order_recorded(session) -> None:  # type: ignore[no-untyped-def]
    defs = load_definitions()
    entered: list[str] = []
    for attempt in range(3):  # fresh random ids each time: the order must not depend on them
        cid = new_id()
        ClientRepository(session).save(Client(cid, f"Test Order {attempt}"), today=TODAY)
        t = TransitionRepository(session)
        t.record(cid, State.PRE, Reason.ENROLLED, TODAY - dt.timedelta(days=40))
        t.record(cid, State.PHASE_1, Reason.CLIENT_REQUEST, TODAY - dt.timedelta(days=20))
        responses = ResponseRepository(session)
        intake = new_id()
        responses.save(FormResponse(intake, "risk_safety_plan", 1, cid, DAY, {}))
        move = t.record(cid, State.PHASE_2, Reason.GOALS_MET, DAY)
        contact_answers = {"date": DAY.isoformat(), "contact_type": "individual_counselling",
                           "location": "community", "participants": ["client"]}  # fmt: skip
        responses.save(FormResponse(new_id(), "contact_note", 1, cid, DAY, contact_answers))
        reading = ReadingRepository(session).add(cid, "default", DAY, {"safety": 3})
        referral_answers = {"agency_name": "Example Clinic", "service_type": "legal",
                            "status": "made", "date_made": DAY.isoformat()}  # fmt: skip
        responses.save(FormResponse(new_id(), "referral", 1, cid, DAY, referral_answers))
        consent = ConsentRepository(session).add(
            cid, ConsentScope.STORE_ON_DEVICE, ConsentAction.GRANT, DAY, ConsentMethod.WRITTEN
        )
        plan = new_id()
        responses.save(FormResponse(plan, "phase_plan", 1, cid, DAY, {}))

        store = RecordStore(session, defs, cid)
        entries = [e for e in timeline_entries(store.snapshot(TODAY)) if e.date == DAY]
        kinds = [e.kind for e in entries]
        assert kinds == ["form", "consent", "referral", "reading", "contact", "transition", "form"]
        assert entries[0].ref == plan and entries[-1].ref == intake
        assert entries[1].ref == consent.id and entries[3].ref == reading.id
        assert entries[5].ref == move.id
        # Stable: read again, same order.
        again = [e for e in timeline_entries(store.snapshot(TODAY)) if e.date == DAY]
        assert again == entries
        entered.append(",".join(kinds))
    assert len(set(entered)) == 1
