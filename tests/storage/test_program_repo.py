"""Program records on a real vault: responses, derived contacts/referrals, transitions, consent."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exitdoors_desktop.core.caseload import Flag
from exitdoors_desktop.core.consent import ConsentAction, ConsentMethod, ConsentScope
from exitdoors_desktop.core.definitions import load_definitions
from exitdoors_desktop.core.entities import PartnerAgency, ServiceType
from exitdoors_desktop.core.errors import IllegalTransition, NotFound
from exitdoors_desktop.core.forms import FormResponse
from exitdoors_desktop.core.lifecycle import Reason, State
from exitdoors_desktop.core.people import Client
from exitdoors_desktop.storage.caseload_query import caseload
from exitdoors_desktop.storage.changelog import changes_for_row
from exitdoors_desktop.storage.clients_repo import ClientRepository
from exitdoors_desktop.storage.program_repo import (
    ConsentRepository,
    PartnerRepository,
    ReadingRepository,
    ReferralRepository,
    ResponseRepository,
    SettingsRepository,
    TransitionRepository,
)

TODAY = dt.date(2026, 6, 1)


def _client(session, name: str = "Test Aurora", **kw) -> str:  # type: ignore[no-untyped-def]
    cid = str(uuid.uuid4())
    ClientRepository(session).save(Client(id=cid, preferred_name=name, **kw))
    return cid


def _contact(client_id: str, date: dt.date, **answers: object) -> FormResponse:
    version = load_definitions().forms.latest("contact_note").version
    base = {
        "date": date.isoformat(),
        "contact_type": "individual_counselling",
        "location": "community",
        "participants": ["client"],
        "duration_minutes": 45,
    }
    return FormResponse(
        str(uuid.uuid4()), "contact_note", version, client_id, date, {**base, **answers}
    )


def test_contact_note_derives_a_contact_row(session) -> None:  # type: ignore[no-untyped-def]
    cid = _client(session)
    response = _contact(cid, dt.date(2026, 5, 2))
    ResponseRepository(session).save(response)
    row = session.conn.execute(
        "SELECT client_id, date, type, location, participants, duration_minutes FROM contacts"
    ).fetchone()
    assert row == (cid, "2026-05-02", "individual_counselling", "community", '["client"]', 45)
    assert ResponseRepository(session).for_client(cid, "contact_note") == [response]
    assert {c.field for c in changes_for_row(session.conn, "contact", response.id)} >= {"date"}


def test_drafts_are_separate_and_become_final(session) -> None:  # type: ignore[no-untyped-def]
    cid = _client(session)
    repo = ResponseRepository(session)
    draft = _contact(cid, dt.date(2026, 5, 2), note="half typed")
    repo.save(draft, draft=True)
    assert repo.for_client(cid) == [] and repo.for_client(cid, drafts=True) == [draft]
    assert session.conn.execute("SELECT count(*) FROM contacts").fetchone()[0] == 0
    repo.save(draft)
    assert repo.for_client(cid) == [draft] and not repo.is_draft(draft.id)


def test_deleting_a_response_tombstones_its_contact(session) -> None:  # type: ignore[no-untyped-def]
    cid = _client(session)
    repo = ResponseRepository(session)
    response = _contact(cid, dt.date(2026, 5, 2))
    repo.save(response)
    repo.delete(response.id)
    with pytest.raises(NotFound):
        repo.get(response.id)
    assert session.conn.execute("SELECT deleted FROM contacts").fetchone() == (1,)


def test_referral_response_derives_referral(session) -> None:  # type: ignore[no-untyped-def]
    cid = _client(session)
    partner = PartnerAgency(
        str(uuid.uuid4()), "Synthetic Housing Co-op", frozenset({ServiceType.HOUSING})
    )
    PartnerRepository(session).save(partner, contact="555-0100 (synthetic)")
    definition = load_definitions().forms.latest("referral")
    fields = {f.id for f in definition.fields}
    answers = {
        "service_type": "housing",
        "status": "made",
        "date_made": "2026-05-03",
        "partner_id": partner.id,
    }
    answers = {k: v for k, v in answers.items() if k in fields or k == "partner_id"}
    ResponseRepository(session).save(
        FormResponse(str(uuid.uuid4()), "referral", definition.version, cid, TODAY, answers)
    )
    (referral,) = ReferralRepository(session).for_client(cid)
    assert referral.service_type is ServiceType.HOUSING and referral.partner_id == partner.id
    assert [p.name for p, _, _ in PartnerRepository(session).all()] == ["Synthetic Housing Co-op"]


def test_transitions_follow_the_lifecycle(session) -> None:  # type: ignore[no-untyped-def]
    cid = _client(session)
    repo = TransitionRepository(session)
    repo.record(cid, State.PRE, Reason.ENROLLED, dt.date(2026, 1, 5))
    with pytest.raises(IllegalTransition):
        repo.record(cid, State.PHASE_3, Reason.GOALS_MET, dt.date(2026, 1, 6))
    repo.record(cid, State.PHASE_1, Reason.CLIENT_REQUEST, dt.date(2026, 1, 10))
    repo.record(cid, State.PHASE_2, Reason.GOALS_MET, dt.date(2026, 4, 10))
    repo.record(cid, State.PHASE_1, Reason.RETURNED_TO_TRADE, dt.date(2026, 5, 1))
    history = repo.history(cid)
    assert [t.to_state for t in history] == [State.PRE, State.PHASE_1, State.PHASE_2, State.PHASE_1]
    assert history[-1].from_state is State.PHASE_2


def test_consent_and_caseload_flags(session) -> None:  # type: ignore[no-untyped-def]
    settings_ = load_definitions().program
    minor = _client(session, "Test Minor", date_of_birth=dt.date(2010, 1, 1))
    adult = _client(session, "Test Adult", age=30)
    consents = ConsentRepository(session)
    consents.add(
        adult, ConsentScope.STORE_ON_DEVICE, ConsentAction.GRANT, TODAY, ConsentMethod.VERBAL
    )
    TransitionRepository(session).record(adult, State.PHASE_1, Reason.ENROLLED, dt.date(2025, 1, 1))
    rows = {r.client_id: r for r in caseload(session, settings_, TODAY)}
    assert Flag.UNDER_18 in rows[minor].flags and Flag.CONSENT_MISSING in rows[minor].flags
    assert Flag.CONSENT_MISSING not in rows[adult].flags
    assert Flag.PHASE_OVERDUE in rows[adult].flags
    consents.add(
        adult, ConsentScope.STORE_ON_DEVICE, ConsentAction.WITHDRAW, TODAY, ConsentMethod.VERBAL
    )
    rows = {r.client_id: r for r in caseload(session, settings_, TODAY)}
    assert Flag.CONSENT_MISSING in rows[adult].flags
    actions = [
        r[0] for r in session.conn.execute("SELECT action FROM audit WHERE row_id = ?", (adult,))
    ]
    assert "consent_withdrawn" in actions


def test_readings_and_settings(session) -> None:  # type: ignore[no-untyped-def]
    cid = _client(session)
    readings = ReadingRepository(session)
    readings.add(cid, "default", dt.date(2026, 1, 1), {"safety": 3})
    readings.add(cid, "default", dt.date(2026, 4, 1), {"safety": 6})
    assert [r.values["safety"] for r in readings.for_client(cid)] == [3, 6]
    prefs = SettingsRepository(session)
    assert prefs.get("idle_minutes", 5) == 5
    prefs.set("idle_minutes", 9)
    assert prefs.get("idle_minutes") == 9


_answer = st.one_of(
    st.text(max_size=40),
    st.integers(-(10**6), 10**6),
    st.booleans(),
    st.none(),
    st.lists(st.text(max_size=10), max_size=4),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(answers=st.dictionaries(st.text(min_size=1, max_size=12), _answer, max_size=8))
def test_answers_round_trip_unchanged(session, answers: dict[str, object]) -> None:  # type: ignore[no-untyped-def]
    repo = ResponseRepository(session)
    response = FormResponse(str(uuid.uuid4()), "follow_up", 1, None, TODAY, answers)
    repo.save(response)
    assert repo.get(response.id) == response


def test_caseload_for_listed_clients_matches_the_whole_caseload(session, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The first screenful read at unlock (by id, through the per-client indexes) must show
    exactly what the full read shows for those clients: same timing, contacts and flags."""
    from exitdoors_desktop.storage.demo import seed_demo

    seed_demo(session, 60, today=TODAY)
    settings_ = load_definitions().program
    whole = {r.client_id: r for r in caseload(session, settings_, TODAY)}
    assert any(r.last_contact for r in whole.values())  # the data exercises every sub-query
    assert any(r.timing.graduated_on for r in whole.values())
    names = ClientRepository(session).names()
    assert len(names) == len(whole) == 60
    some = [cid for cid, _ in names[::3]]
    narrowed = caseload(session, settings_, TODAY, client_ids=some)
    assert sorted(r.client_id for r in narrowed) == sorted(some)
    assert all(r == whole[r.client_id] for r in narrowed)
    from exitdoors_desktop.storage import caseload_query, clients_repo

    monkeypatch.setattr(caseload_query, "_CHUNK", 7)  # many IN (...) lists, same answer
    monkeypatch.setattr(clients_repo, "_CHUNK", 7)
    assert caseload(session, settings_, TODAY, client_ids=some) == narrowed
    assert caseload(session, settings_, TODAY, client_ids=[]) == []
    assert caseload(session, settings_, TODAY, client_ids=["no-such-client"]) == []
