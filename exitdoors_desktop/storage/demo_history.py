"""Synthetic CTI histories for the demo vault: every phase, contacts, plans, readings, referrals,
consents, graduations and follow-ups — believable in shape, obviously invented in content."""

from __future__ import annotations

import datetime as dt
import random
import uuid

from exitdoors_desktop.core.consent import ConsentAction, ConsentMethod, ConsentScope
from exitdoors_desktop.core.definitions import Definitions
from exitdoors_desktop.core.entities import PartnerAgency, ServiceType
from exitdoors_desktop.core.forms import FormResponse
from exitdoors_desktop.core.lifecycle import Reason, State
from exitdoors_desktop.storage.program_repo import (
    ConsentRepository,
    PartnerRepository,
    ReadingRepository,
    ResponseRepository,
    TransitionRepository,
)
from exitdoors_desktop.storage.vault import Session

PARTNERS = (
    ("Synthetic Housing Co-op", {ServiceType.HOUSING}),
    ("Example Legal Clinic", {ServiceType.LEGAL, ServiceType.IMMIGRATION}),
    ("Sample Health Centre", {ServiceType.HEALTH, ServiceType.MENTAL_HEALTH}),
    ("Placeholder Employment Hub", {ServiceType.EMPLOYMENT, ServiceType.INCOME}),
    ("Demo Counselling Collective", {ServiceType.COUNSELLING, ServiceType.SUBSTANCE_USE}),
)
CONTACT_TYPES = (
    "individual_counselling",
    "cbt",
    "group_psychoeducation",
    "peer_support",
    "accompaniment",
    "phone_text",
)
AREAS = (
    "safety",
    "accommodation",
    "support_networks",
    "money",
    "work_learning",
    "health_wellbeing",
)
PLAN_AREAS = {
    "phase_1": ("safety", "accommodation"),
    "phase_2": ("support_networks", "money"),
    "phase_3": ("work_learning",),
}


class _Writer:
    def __init__(self, session: Session, defs: Definitions, rng: random.Random) -> None:
        self.s = session
        self.defs = defs
        self.rng = rng
        self.responses = ResponseRepository(session)
        self.transitions = TransitionRepository(session)
        self.readings = ReadingRepository(session)
        self.consents = ConsentRepository(session)

    def form(self, form_id: str, client_id: str | None, on: dt.date, **answers: object) -> None:
        version = self.defs.forms.latest(form_id).version
        self.responses.save(
            FormResponse(str(uuid.uuid4()), form_id, version, client_id, on, answers)
        )

    def contacts(self, cid: str, start: dt.date, end: dt.date, every: int, phase: str) -> None:
        day = start + dt.timedelta(days=self.rng.randint(1, 5))
        while day < end:
            community = self.rng.random() < (0.7 if phase == "phase_1" else 0.45)
            with_support = self.rng.random() < (0.35 if phase == "phase_1" else 0.15)
            self.form(
                "contact_note",
                cid,
                day,
                date=day.isoformat(),
                contact_type=self.rng.choice(CONTACT_TYPES),
                location="community" if community else "office",
                participants=["client", "provider"] if with_support else ["client"],
                duration_minutes=self.rng.choice([20, 30, 45, 60, 90]),
                note="Synthetic demo note: met as planned, talked through next steps.",
            )
            day += dt.timedelta(days=max(2, every + self.rng.randint(-3, 4)))

    def reading(self, cid: str, date: dt.date, base: dict[str, int], lift: int) -> None:
        values = {a: max(1, min(10, v + lift + self.rng.randint(-1, 2))) for a, v in base.items()}
        self.readings.add(cid, self.defs.program.default_scale, date, values)


def seed_histories(
    session: Session,
    defs: Definitions,
    client_ids: list[str],
    rng: random.Random,
    today: dt.date,
) -> None:
    w = _Writer(session, defs, rng)
    partners = PartnerRepository(session)
    for name, services in PARTNERS:
        partners.save(
            PartnerAgency(
                str(uuid.UUID(int=rng.getrandbits(128), version=4)), name, frozenset(services)
            ),
            contact="555-0100 (synthetic)",
        )
    for i in range(max(3, len(client_ids) // 4)):
        day = today - dt.timedelta(days=rng.randint(0, 120))
        w.form(
            "outreach_contact",
            None,
            day,
            date=day.isoformat(),
            place_type=rng.choice(["street", "drop_in", "online", "phone_text"]),
            anonymous=True,
            people_reached=rng.randint(1, 6),
            materials_given=["program_info", "safety_info"],
            follow_up_wanted=i % 3 == 0,
            **({"follow_up_how": "drop_in"} if i % 3 == 0 else {}),
        )
    for cid in client_ids:
        _one_client(w, cid, today)


def _one_client(w: _Writer, cid: str, today: dt.date) -> None:
    rng = w.rng
    # Where she is today: weights give a believable spread across the program.
    target = rng.choices(
        ["pre", "phase_1", "phase_2", "phase_3", "graduated", "closed", "paused"],
        weights=[12, 22, 18, 14, 20, 9, 5],
    )[0]
    if target == "pre":
        start = today - dt.timedelta(days=rng.randint(3, 90))
        w.transitions.record(cid, State.PRE, Reason.ENROLLED, start)
        w.form(
            "outreach_contact",
            cid,
            start,
            date=start.isoformat(),
            place_type="drop_in",
            anonymous=False,
            alias="(synthetic)",
            materials_given=["program_info"],
        )
        return
    phase_len = {1: rng.randint(70, 110), 2: rng.randint(70, 110), 3: rng.randint(70, 110)}
    total = sum(phase_len.values())
    stages = {"phase_1": 1, "phase_2": 2, "phase_3": 3, "paused": rng.randint(1, 2)}
    reached = stages.get(target, 3)
    days_into_current = rng.randint(5, 120)
    span = sum(phase_len[p] for p in range(1, reached)) + (
        days_into_current if reached <= 3 and target not in ("graduated", "closed") else 0
    )
    if target in ("graduated", "closed"):
        span = total + rng.randint(30, 200)
    p1 = today - dt.timedelta(days=span + rng.randint(5, 20))
    w.transitions.record(
        cid, State.PRE, Reason.ENROLLED, p1 - dt.timedelta(days=rng.randint(5, 40))
    )
    w.consents.add(
        cid,
        ConsentScope.STORE_ON_DEVICE,
        ConsentAction.GRANT,
        p1,
        ConsentMethod.WRITTEN,
        witness="demo",
    )
    if rng.random() < 0.8:
        w.consents.add(
            cid,
            ConsentScope.SHARE_WITH_OFFICE,
            ConsentAction.GRANT,
            p1,
            ConsentMethod.WRITTEN,
            witness="demo",
        )
    if rng.random() < 0.7:
        w.consents.add(
            cid, ConsentScope.DEIDENTIFIED_EVALUATION, ConsentAction.GRANT, p1, ConsentMethod.VERBAL
        )
    w.transitions.record(cid, State.PHASE_1, Reason.CLIENT_REQUEST, p1)
    w.form(
        "intake",
        cid,
        p1,
        intake_date=p1.isoformat(),
        preferred_name="(see profile)",
        female_identifying=True,
        wants_to_exit=True,
        lives_in_area=True,
        criteria=rng.sample(
            [
                "conflict_with_law",
                "lacks_positive_supports",
                "harmful_substance_use",
                "unemployment",
                "unsafe_abuser",
                "homeless_or_at_risk",
            ],
            3,
        ),
        referral_source=rng.choice(
            ["host_organisation", "street_outreach", "legal_network", "anti_trafficking_network"]
        ),
    )
    w.form(
        "sex_work_involvement",
        cid,
        p1,
        date=p1.isoformat(),
        occasion="intake",
        involvement="involved" if rng.random() < 0.95 else "at_risk",
    )
    w.form(
        "readiness",
        cid,
        p1,
        date=p1.isoformat(),
        stage=rng.randint(1, 3),
        instrument="worker_rating",
    )
    base = {a: rng.randint(1, 5) for a in AREAS}
    w.reading(cid, p1, base, 0)
    day = p1
    cadence = {1: 7, 2: 14, 3: 30}
    for phase in range(1, min(reached, 3) + 1):
        length = phase_len[phase]
        end = min(today, day + dt.timedelta(days=length))
        phase_id = f"phase_{phase}"
        w.form(
            "phase_plan",
            cid,
            day,
            date=day.isoformat(),
            phase=phase_id,
            focus_areas=[
                {
                    "area": a,
                    "goal": "Synthetic demo goal.",
                    "responsible": ["client", "case_manager"],
                }
                for a in PLAN_AREAS[phase_id]
            ],
            agreed_by_client=True,
        )
        w.contacts(cid, day, end, cadence[phase], phase_id)
        if phase == 2 and rng.random() < 0.7:
            w.form(
                "referral",
                cid,
                day + dt.timedelta(days=10),
                agency_name=rng.choice(PARTNERS)[0],
                service_type=rng.choice(["housing", "counselling", "employment", "legal"]),
                status="attended",
                date_made=(day + dt.timedelta(days=10)).isoformat(),
                date_accepted=(day + dt.timedelta(days=15)).isoformat(),
                date_attended=(day + dt.timedelta(days=25)).isoformat(),
            )
        if end >= today:
            break
        day = end
        w.reading(cid, day, base, phase * 2 - (1 if rng.random() < 0.3 else 0))
        if phase < 3 and phase < reached:
            to = State.PHASE_2 if phase == 1 else State.PHASE_3
            w.transitions.record(cid, to, Reason.GOALS_MET, day)
            w.form(
                "phase_review",
                cid,
                day,
                date=day.isoformat(),
                from_phase=phase_id,
                to_phase=to.value,
                reason="goals_met",
            )
    if target == "paused":
        w.transitions.record(
            cid,
            State.PAUSED,
            Reason.CRISIS,
            min(today, day + dt.timedelta(days=rng.randint(1, 20))),
        )
    elif target == "graduated":
        grad = day
        w.transitions.record(cid, State.GRADUATED, Reason.GOALS_MET, grad)
        w.form(
            "sex_work_involvement",
            cid,
            grad,
            date=grad.isoformat(),
            occasion="graduation",
            involvement=rng.choice(["not_at_all", "rarely"]),
        )
        w.form(
            "readiness",
            cid,
            grad,
            date=grad.isoformat(),
            stage=rng.randint(3, 5),
            instrument="worker_rating",
        )
        w.form(
            "closing_note",
            cid,
            grad,
            date=grad.isoformat(),
            reason="graduated",
            transfer_meeting_held=True,
            final_review_done=True,
            follow_up_agreed=True,
        )
        follow = grad + dt.timedelta(days=rng.randint(28, 40))
        if follow < today and rng.random() < 0.75:
            involvement = "not_at_all" if rng.random() < 0.63 else "rarely"
            w.form(
                "follow_up",
                cid,
                follow,
                date=follow.isoformat(),
                reached=True,
                involvement=involvement,
                housing="stable",
                income="employment",
            )
    elif target == "closed":
        reason = rng.choice(
            [Reason.WITHDREW, Reason.LOST_CONTACT, Reason.MOVED, Reason.TRANSFERRED]
        )
        close = day - dt.timedelta(days=rng.randint(0, 60))
        close = max(close, w.transitions.history(cid)[-1].date)
        w.transitions.record(cid, State.CLOSED, reason, close)
        w.form("closing_note", cid, close, date=close.isoformat(), reason=reason.value)
