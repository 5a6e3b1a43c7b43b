"""What one client record shows, read from the vault in one go, and the plain rules behind it.

Qt-free on purpose (decisions stay testable): the record snapshot, the timeline entries, which
forms belong to her current phase, and which phase moves are legal from where she is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from exitdoors_desktop.core.consent import ConsentRecord, EffectiveConsent, effective_consent
from exitdoors_desktop.core.definitions import Definitions
from exitdoors_desktop.core.entities import (
    CONTACT_FORM,
    REFERRAL_FORM,
    Contact,
    PartnerAgency,
    Referral,
    contact_from_response,
)
from exitdoors_desktop.core.forms import FormDefinition, FormResponse
from exitdoors_desktop.core.groups import ClientAttendance
from exitdoors_desktop.core.lifecycle import (
    History,
    State,
    TransitionKind,
    current_state,
    kind_of,
    paused_from,
)
from exitdoors_desktop.core.people import Client
from exitdoors_desktop.core.scales import ScaleReading
from exitdoors_desktop.core.timing import Timing, timing
from exitdoors_desktop.storage.changelog import recorded_stamps
from exitdoors_desktop.storage.client_scope import open_visible
from exitdoors_desktop.storage.clients_repo import ClientRepository
from exitdoors_desktop.storage.groups_repo import GroupRepository
from exitdoors_desktop.storage.program_repo import (
    ConsentRepository,
    PartnerRepository,
    ReadingRepository,
    ReferralRepository,
    ResponseRepository,
    TransitionRepository,
)
from exitdoors_desktop.storage.vault import Session

FOLLOW_UP_FORM = "follow_up"
PLAN_FORM = "phase_plan"
INTAKE_FORM = "intake"
# Forms that are about the program or an agency, not about one client.
NOT_CLIENT_FORMS = frozenset({"partner_survey"})


@dataclass(frozen=True)
class Partner:
    agency: PartnerAgency
    contact: str | None
    notes: str | None


@dataclass(frozen=True)
class RecordSnapshot:
    client: Client
    history: History
    responses: tuple[FormResponse, ...]  # saved (not draft), oldest first
    drafts: tuple[FormResponse, ...]
    contacts: tuple[Contact, ...]
    readings: tuple[ScaleReading, ...]
    referrals: tuple[Referral, ...]
    consents: tuple[ConsentRecord, ...]
    partners: dict[str, Partner] = field(default_factory=dict)
    # When forms were saved and group attendance marked (HLC stamps by row id; contacts and
    # referrals come from their response): they order entries of the same day, as
    # transitions, readings and consents carry their own stamps.
    recorded: dict[str, str] = field(default_factory=dict)
    timing: Timing | None = None
    consent: EffectiveConsent = field(default_factory=EffectiveConsent)
    attendances: tuple[ClientAttendance, ...] = ()  # group sessions she came to, oldest first

    @property
    def state(self) -> State | None:
        return current_state(self.history)

    def response(self, response_id: str) -> FormResponse | None:
        for r in (*self.responses, *self.drafts):
            if r.id == response_id:
                return r
        return None


class RecordStore:
    """Reads and writes one client's record. Only ``open_client`` writes a ``view`` event."""

    def __init__(self, session: Session, definitions: Definitions, client_id: str) -> None:
        self.session = session
        self.definitions = definitions
        self.client_id = client_id
        self.clients = ClientRepository(session)
        self.responses = ResponseRepository(session)
        self.transitions = TransitionRepository(session)
        self.readings = ReadingRepository(session)
        self.consents = ConsentRepository(session)
        self.partners = PartnerRepository(session)
        self.referrals = ReferralRepository(session)
        self.groups = GroupRepository(session, definitions.program.groups)

    def open_client(self) -> Client:
        # The one audited view of this record, if her role lets her see this client (a
        # refusal is not audited as a view).
        return open_visible(self.session, self.client_id)

    def snapshot(self, today: dt.date, client: Client | None = None) -> RecordSnapshot:
        cid = self.client_id
        client = client or self.clients.get(cid, audit=False)
        history = self.transitions.history(cid)
        responses = tuple(self.responses.for_client(cid))
        contacts = tuple(
            c
            for r in responses
            if r.form_id == CONTACT_FORM and (c := contact_from_response(r)) is not None
        )
        consents = tuple(self.consents.for_client(cid))
        referrals = tuple(self.referrals.for_client(cid))
        # A response's draft flag is written when it is saved as final (and never again);
        # contacts and referrals are derived from their response at that moment.
        recorded = recorded_stamps(
            self.session.conn, "form_response", "draft", [r.id for r in responses]
        )
        follow_ups = [r.date for r in responses if r.form_id == FOLLOW_UP_FORM]
        attendances = tuple(self.groups.for_client(cid))
        # An attendance's client_id is written once, when she is marked as there.
        recorded.update(
            recorded_stamps(
                self.session.conn, "group_attendance", "client_id", [a.id for a in attendances]
            )
        )
        last_contact = max((c.date for c in contacts), default=None)
        if self.definitions.program.groups.attendance_counts_as_contact and attendances:
            # As the caseload does: a group she came to is a contact when the program says so.
            last_contact = max(last_contact or attendances[-1].date, attendances[-1].date)
        return RecordSnapshot(
            client=client,
            history=history,
            responses=responses,
            drafts=tuple(self.responses.for_client(cid, drafts=True)),
            contacts=contacts,
            readings=tuple(self.readings.for_client(cid)),
            referrals=referrals,
            consents=consents,
            partners={p.id: Partner(p, c, n) for p, c, n in self.partners.all()},
            recorded=recorded,
            timing=timing(
                history,
                self.definitions.program,
                today,
                last_contact=last_contact,
                follow_ups=follow_ups,
            ),
            consent=effective_consent(consents),
            attendances=attendances,
        )


# -- timeline ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineEntry:
    """One thing that happened. ``ref`` is the row id; ``response_id`` opens it as a form."""

    date: dt.date
    order: str  # when it was recorded (HLC stamp): orders entries of the same day
    kind: str  # transition | form | contact | reading | referral | consent | group
    ref: str
    response_id: str | None = None


def timeline_entries(snap: RecordSnapshot) -> list[TimelineEntry]:
    """Everything in the record, newest first: by the day it happened, then by when it was
    recorded (HLC), then by kind and id so equal stamps still give one order every time.
    A contact note or referral appears once, as the structured row it produced."""
    out: list[TimelineEntry] = []
    stamp = snap.recorded.get
    for t in snap.history:
        out.append(TimelineEntry(t.date, t.recorded_at, "transition", t.id))
    derived = {c.response_id for c in snap.contacts} | {r.response_id for r in snap.referrals}
    for r in snap.responses:
        if r.id in derived:
            continue
        out.append(TimelineEntry(r.date, stamp(r.id, ""), "form", r.id, r.id))
    for contact in snap.contacts:
        when = stamp(contact.response_id or "", "")
        out.append(TimelineEntry(contact.date, when, "contact", contact.id, contact.response_id))
    for reading in snap.readings:
        out.append(TimelineEntry(reading.date, reading.recorded_at, "reading", reading.id))
    for ref in snap.referrals:
        out.append(
            TimelineEntry(
                ref.made_on, stamp(ref.response_id or "", ""), "referral", ref.id, ref.response_id
            )
        )
    for c in snap.consents:
        out.append(TimelineEntry(c.date, c.recorded_at, "consent", c.id))
    for a in snap.attendances:
        out.append(TimelineEntry(a.date, stamp(a.id, ""), "group", a.id))
    out.sort(key=lambda e: (e.date, e.order, e.kind, e.ref), reverse=True)
    return out


# -- forms by phase ---------------------------------------------------------------------------


def form_phases(history: History) -> tuple[str, ...]:
    """The definition ``phase`` values that fit where she is now."""
    state = current_state(history)
    if state is State.PAUSED:
        state = paused_from(history)
    if state is None:
        return ("pre",)
    if state is State.GRADUATED:
        return ("closing", "follow_up")
    if state is State.CLOSED:
        return ("closing",)
    return (state.value,)


def forms_for_record(
    definitions: Definitions, history: History
) -> tuple[list[FormDefinition], list[FormDefinition]]:
    """(forms for her current phase then any-phase forms, the other phases' forms)."""
    phases = form_phases(history)
    latest = [
        definitions.forms.latest(fid)
        for fid in definitions.forms.ids()
        if fid not in NOT_CLIENT_FORMS
    ]
    # The intake is how a pre-phase client gets into phase 1: it is hers now, not "other".
    own = [d for d in latest if d.phase in phases or (d.id == INTAKE_FORM and "pre" in phases)]
    anytime = [d for d in latest if d.phase == "any"]
    others = [d for d in latest if d not in own and d not in anytime]

    def by_title(d: FormDefinition) -> str:
        return d.title.en.casefold()

    return sorted(own, key=by_title) + sorted(anytime, key=by_title), sorted(others, key=by_title)


# -- phase moves ------------------------------------------------------------------------------

_KIND_ORDER = (
    TransitionKind.ENROL,
    TransitionKind.ADVANCE,
    TransitionKind.GRADUATE,
    TransitionKind.RESUME,
    TransitionKind.MOVE_BACK,
    TransitionKind.PAUSE,
    TransitionKind.CLOSE,
    TransitionKind.RE_ENROL,
)


def legal_moves(history: History) -> list[tuple[State, TransitionKind]]:
    """Every state she can move to from where she is, in the order a worker thinks of them."""
    state = current_state(history)
    resume_to = paused_from(history)
    moves = [(s, k) for s in State if (k := kind_of(state, s, resume_to)) is not None]
    return sorted(moves, key=lambda m: (_KIND_ORDER.index(m[1]), list(State).index(m[0])))


def plan_for_phase(snap: RecordSnapshot, phase: State | None) -> FormResponse | None:
    """Her latest saved phase plan for ``phase`` (the paused-from phase counts while paused)."""
    if phase is None:
        return None
    plans = [
        r
        for r in snap.responses
        if r.form_id == PLAN_FORM and r.answers.get("phase") == phase.value
    ]
    return plans[-1] if plans else None


def partner_label(snap: RecordSnapshot, referral: Referral, fallback: Callable[[], str]) -> str:
    if referral.partner_id and referral.partner_id in snap.partners:
        return snap.partners[referral.partner_id].agency.name
    if referral.response_id:
        r = snap.response(referral.response_id)
        if r is not None and isinstance(r.answers.get("agency_name"), str):
            return str(r.answers["agency_name"])
    return fallback()


__all__ = [
    "CONTACT_FORM",
    "REFERRAL_FORM",
    "Partner",
    "RecordSnapshot",
    "RecordStore",
    "TimelineEntry",
    "forms_for_record",
    "legal_moves",
    "plan_for_phase",
    "timeline_entries",
]
