"""The reference cohort: synthetic participants built so the report must reproduce the
program's published figures (DOMAIN.md, "Evaluation the program reports").

55 women start phase 1 between 2018-04-01 and 2020-03-16: 52 involved in sex work at intake,
2 at risk of returning, 1 with no intake measure (the published 95% and 4% are 52/55 and
2/55 rounded half up; see core/metrics/rounding.py). 34 graduate; 30 of them have follow-up
data (19 not involved at all, 11 rarely), 2 could not be reached, 2 have none. Progress
readings give support networks 19/30, accommodation 18/30, money 17/34, work and learning
16/32. Cycle 1 (2018-04-01 – 2019-03-31) enrols 30 and cost $586,449.10.

The same specs become plain records (``report_data``) for the pure metrics and real vault
rows through the real repositories (``write_to_vault``).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from exitdoors_desktop.core.consent import ConsentAction, ConsentMethod, ConsentScope
from exitdoors_desktop.core.entities import (
    Contact,
    ContactType,
    Involvement,
    Location,
)
from exitdoors_desktop.core.entities import (
    Participant as Who,
)
from exitdoors_desktop.core.forms import FormResponse
from exitdoors_desktop.core.lifecycle import PhaseTransition, Reason, State
from exitdoors_desktop.core.metrics import (
    CostCycle,
    InvolvementMeasure,
    Occasion,
    Participant,
    Period,
    ReadinessMeasure,
    ReportData,
)
from exitdoors_desktop.core.people import Client
from exitdoors_desktop.core.scales import ScaleReading

PERIOD = Period(dt.date(2017, 1, 1), dt.date(2022, 12, 31))
AS_OF = dt.date(2023, 1, 15)
CYCLE_1 = CostCycle(
    "cycle-1", "Cycle 1 (2018–19)", dt.date(2018, 4, 1), dt.date(2019, 3, 31), Decimal("586449.10")
)
CYCLE_2 = CostCycle(
    "cycle-2", "Cycle 2 (2019–20)", dt.date(2019, 4, 1), dt.date(2020, 3, 31), Decimal("623385.78")
)
N = 55
NS = uuid.UUID("6f1d2c1e-0000-4000-8000-000000000000")


@dataclass
class Spec:
    i: int
    id: str
    name: str
    dob: dt.date
    transitions: list[tuple[dt.date, State, Reason]] = field(default_factory=list)
    intake: Involvement | None = None
    follow_up: tuple[dt.date, Involvement | None] | None = None  # None involvement: not reached
    readings: list[tuple[dt.date, dict[str, int]]] = field(default_factory=list)
    readiness: list[tuple[dt.date, int]] = field(default_factory=list)
    contacts: list[tuple[dt.date, Location, frozenset[Who]]] = field(default_factory=list)

    @property
    def p1(self) -> dt.date:
        return next(d for d, s, _ in self.transitions if s is State.PHASE_1)


def _day(base: dt.date, days: int) -> dt.date:
    return base + dt.timedelta(days=days)


def specs() -> list[Spec]:
    out = []
    for i in range(N):
        p1 = _day(CYCLE_1.start, 12 * i) if i < 30 else _day(CYCLE_2.start, 12 * (i - 30))
        s = Spec(
            i,
            str(uuid.uuid5(NS, str(i))),
            f"Cohortname{i:02d} Zqx",
            dt.date(1981, 1, 1) + dt.timedelta(days=97 * i),
        )
        s.transitions.append((_day(p1, -10), State.PRE, Reason.ENROLLED))
        s.transitions.append((p1, State.PHASE_1, Reason.CLIENT_REQUEST))
        s.intake = (
            None if i == 54 else Involvement.AT_RISK if i in (52, 53) else Involvement.INVOLVED
        )
        s.readiness.append((p1, 2))
        close = None
        if i < 34:  # graduates
            s.transitions.append((_day(p1, 90), State.PHASE_2, Reason.GOALS_MET))
            s.transitions.append((_day(p1, 180), State.PHASE_3, Reason.GOALS_MET))
            grad = _day(p1, 270)
            if i == 5:  # moved back a phase once, and still graduated
                s.transitions.append((_day(p1, 200), State.PHASE_2, Reason.CRISIS))
                s.transitions.append((_day(p1, 230), State.PHASE_3, Reason.GOALS_MET))
                grad = _day(p1, 300)
            s.transitions.append((grad, State.GRADUATED, Reason.GOALS_MET))
            if i < 30:
                s.follow_up = (
                    _day(grad, 30),
                    Involvement.NOT_AT_ALL if i < 19 else Involvement.RARELY,
                )
            elif i < 32:
                s.follow_up = (_day(grad, 35), None)
            first: dict[str, int] = {"money": 3}
            latest: dict[str, int] = {"money": 5 if i < 17 else 3}
            if i < 32:
                first["work_learning"] = 4
                latest["work_learning"] = 6 if i < 16 else 4 - (i % 2)
            if i < 30:
                first["support_networks"] = 2
                latest["support_networks"] = 4 if i < 19 else 2
                first["accommodation"] = 5
                latest["accommodation"] = 7 if i < 18 else 5
            s.readings = [(p1, first), (grad, latest)]
            s.readiness.append((grad, 4 if i < 25 else 2))
        elif i < 46:  # closed early from phase 1
            close = _day(p1, 60)
            reasons = (Reason.WITHDREW, Reason.LOST_CONTACT, Reason.MOVED, Reason.TRANSFERRED)
            s.transitions.append((close, State.CLOSED, reasons[i % 4]))
            s.readings = [(p1, {"money": 3, "work_learning": 3})]  # one reading only
        else:  # still in phase 2 at the end of the period
            s.transitions.append((_day(p1, 90), State.PHASE_2, Reason.GOALS_MET))
            s.readings = [(p1, {"money": 3, "support_networks": 3})]
        community = frozenset({Who.CLIENT})
        with_support = frozenset({Who.CLIENT, Who.PROVIDER})
        for k in range(3):
            s.contacts.append((_day(p1, 3 + 9 * k), Location.COMMUNITY, community))
        s.contacts.append((_day(p1, 40), Location.OFFICE, with_support))
        if i % 3:
            s.contacts.append((_day(p1, 50), Location.COMMUNITY, with_support))
        assert close is None or all(d <= close for d, *_ in s.contacts)
        out.append(s)
    return out


def report_data(items: list[Spec] | None = None) -> ReportData:
    """The cohort as plain records, straight into the pure metrics."""
    items = specs() if items is None else items
    participants = []
    involvement: list[InvolvementMeasure] = []
    readings: list[ScaleReading] = []
    readiness: list[ReadinessMeasure] = []
    contacts: list[Contact] = []
    for s in items:
        history = []
        prev: State | None = None
        for k, (d, state, reason) in enumerate(s.transitions):
            history.append(
                PhaseTransition(f"{s.id}-t{k}", s.id, d, prev, state, reason, f"{k:04d}")
            )
            prev = state
        participants.append(Participant(s.id, "worker-a", tuple(history), True))
        if s.intake is not None:
            involvement.append(InvolvementMeasure(s.id, s.p1, Occasion.INTAKE, s.intake))
        if s.follow_up is not None:
            involvement.append(
                InvolvementMeasure(s.id, s.follow_up[0], Occasion.FOLLOW_UP, s.follow_up[1])
            )
        for k, (d, values) in enumerate(s.readings):
            readings.append(ScaleReading(f"{s.id}-r{k}", s.id, "default", d, values, f"{k:04d}"))
        for k, (d, stage) in enumerate(s.readiness):
            readiness.append(ReadinessMeasure(s.id, d, stage, f"{k:04d}"))
        for k, (d, loc, who) in enumerate(s.contacts):
            contacts.append(
                Contact(f"{s.id}-c{k}", s.id, d, ContactType.INDIVIDUAL_COUNSELLING, loc, who, 45)
            )
    return ReportData(
        participants=tuple(participants),
        involvement=tuple(involvement),
        readings=tuple(readings),
        readiness=tuple(readiness),
        contacts=tuple(contacts),
        cycles=(CYCLE_1, CYCLE_2),
    )


def write_to_vault(session, items: list[Spec] | None = None) -> list[Spec]:  # type: ignore[no-untyped-def]
    """The cohort through the real repositories (change log, audit, derived contacts)."""
    from exitdoors_desktop.core.definitions import load_definitions
    from exitdoors_desktop.storage.clients_repo import ClientRepository
    from exitdoors_desktop.storage.program_repo import (
        ConsentRepository,
        ReadingRepository,
        ResponseRepository,
        TransitionRepository,
    )
    from exitdoors_desktop.storage.report_data import save_cost_cycles

    items = specs() if items is None else items
    forms = load_definitions().forms
    clients = ClientRepository(session)
    transitions = TransitionRepository(session)
    responses = ResponseRepository(session)
    readings = ReadingRepository(session)
    consents = ConsentRepository(session)

    def form(form_id: str, cid: str, day: dt.date, **answers: object) -> None:
        version = forms.latest(form_id).version
        responses.save(FormResponse(str(uuid.uuid4()), form_id, version, cid, day, answers))

    with session.transaction():
        for s in items:
            clients.save(
                Client(
                    s.id,
                    s.name,
                    legal_name=f"Legalname{s.i:02d} Qwv",
                    date_of_birth=s.dob,
                    aliases=(f"Aliasname{s.i:02d}",),
                    safe_contact_notes=f"Safenote{s.i:02d}: text only",
                    assigned_worker=session.user_id,
                ),
                today=s.transitions[0][0],
            )
            consents.add(
                s.id,
                ConsentScope.DEIDENTIFIED_EVALUATION,
                ConsentAction.GRANT,
                s.transitions[0][0],
                ConsentMethod.WRITTEN,
            )
            for d, state, reason in s.transitions:
                transitions.record(s.id, state, reason, d)
            if s.intake is not None:
                form(
                    "sex_work_involvement",
                    s.id,
                    s.p1,
                    date=s.p1.isoformat(),
                    occasion="intake",
                    involvement=s.intake.value,
                    notes=f"Freetextmarker{s.i:02d} intake note",
                )
            if s.follow_up is not None:
                d, inv = s.follow_up
                answers: dict[str, object] = {"date": d.isoformat(), "reached": inv is not None}
                if inv is not None:
                    answers["involvement"] = inv.value
                    answers["notes"] = f"Freetextmarker{s.i:02d} follow-up note"
                form("follow_up", s.id, d, **answers)
            for d, values in s.readings:
                readings.add(s.id, "default", d, values)
            for d, stage in s.readiness:
                form("readiness", s.id, d, date=d.isoformat(), stage=stage)
            for d, loc, who in s.contacts:
                form(
                    "contact_note",
                    s.id,
                    d,
                    date=d.isoformat(),
                    contact_type="individual_counselling",
                    location=loc.value,
                    participants=sorted(w.value for w in who),
                    duration_minutes=45,
                    note=f"Freetextmarker{s.i:02d} met {s.name}",
                )
        save_cost_cycles(session, [CYCLE_1, CYCLE_2])
    return items
