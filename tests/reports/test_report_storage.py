"""storage.report_data on a real vault: cost cycles round-trip, bad entries are skipped,
amounts parse strictly, deleted clients and drafts are not counted, follow-ups read right."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest

from exitdoors_desktop.core.definitions import load_definitions
from exitdoors_desktop.core.entities import Involvement
from exitdoors_desktop.core.errors import InvalidInput
from exitdoors_desktop.core.forms import FormResponse
from exitdoors_desktop.core.lifecycle import Reason, State
from exitdoors_desktop.core.metrics import CostCycle, Occasion
from exitdoors_desktop.core.people import Client
from exitdoors_desktop.storage.clients_repo import ClientRepository
from exitdoors_desktop.storage.program_repo import (
    ResponseRepository,
    SettingsRepository,
    TransitionRepository,
)
from exitdoors_desktop.storage.report_data import (
    load_cost_cycles,
    load_report_data,
    parse_money,
    save_cost_cycles,
)

DEFS = load_definitions()


def test_cost_cycles_round_trip_and_skip_bad_entries(session):
    c = CostCycle("a", "Cycle A", dt.date(2018, 4, 1), dt.date(2019, 3, 31), Decimal("586449.10"))
    save_cost_cycles(session, [c])
    assert load_cost_cycles(session) == [c]
    raw = SettingsRepository(session).get("cost_cycles")
    assert raw[0]["operating_cost"] == "586449.10"  # text, never a float
    SettingsRepository(session).set(
        "cost_cycles",
        [
            *raw,
            {"id": "b"},
            "junk",
            {"id": "c", "start": "2020-01-01", "end": "2019-01-01", "operating_cost": "1"},
        ],
    )
    assert load_cost_cycles(session) == [c]
    with pytest.raises(InvalidInput):
        save_cost_cycles(session, [c, c])


def test_parse_money():
    assert parse_money("$586,449.10") == Decimal("586449.10")
    assert parse_money(" 1000 ") == Decimal("1000")
    for bad in ("", "-5", "1.234", "1e6", "NaN", "ten"):
        with pytest.raises(InvalidInput):
            parse_money(bad)


def test_what_the_queries_count(session):
    clients = ClientRepository(session)
    transitions = TransitionRepository(session)
    responses = ResponseRepository(session)
    kept, gone = str(uuid.uuid4()), str(uuid.uuid4())
    for cid in (kept, gone):
        clients.save(Client(cid, "Someone"))
        transitions.record(cid, State.PHASE_1, Reason.ENROLLED, dt.date(2024, 1, 2))

    def form(form_id, cid, draft=False, **answers):
        responses.save(
            FormResponse(str(uuid.uuid4()), form_id, 1, cid, dt.date(2024, 2, 1), answers),
            draft=draft,
        )

    form("follow_up", kept, date="2024-02-01", reached=False)
    form("follow_up", kept, date="2024-03-01", reached=True, involvement="rarely")
    form(
        "sex_work_involvement",
        kept,
        draft=True,
        date="2024-01-02",
        occasion="intake",
        involvement="involved",
    )
    form("sex_work_involvement", gone, date="2024-01-02", occasion="intake", involvement="involved")
    form("readiness", kept, date="2024-01-02", stage=2)
    clients.delete(gone)
    data = load_report_data(session, DEFS)
    assert [p.id for p in data.participants] == [kept]
    assert not data.participants[0].evaluation_consent  # no consent record: none assumed
    measures = sorted(data.involvement, key=lambda m: m.date)
    assert [(m.occasion, m.involvement) for m in measures] == [
        (Occasion.FOLLOW_UP, None),
        (Occasion.FOLLOW_UP, Involvement.RARELY),
    ]
    assert [(r.client_id, r.stage) for r in data.readiness] == [(kept, 2)]
