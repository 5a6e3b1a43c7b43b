"""Plain records shared by storage (which persists them) and reports (which count them).

Fields are plain values and stable codes so they serialise as they are. Narrative text is not
here: it stays in the form response a record was made from (``response_id``), which can be
locked, purged or withheld on its own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from exitdoors_desktop.core.forms.model import FormResponse
from exitdoors_desktop.core.forms.validate import parse_date
from exitdoors_desktop.core.schema import is_int

CONTACT_FORM = "contact_note"
REFERRAL_FORM = "referral"
E = TypeVar("E", bound=StrEnum)


class ContactType(StrEnum):
    INDIVIDUAL_COUNSELLING = "individual_counselling"
    CBT = "cbt"
    GROUP_PSYCHOEDUCATION = "group_psychoeducation"
    PEER_SUPPORT = "peer_support"
    ACCOMPANIMENT = "accompaniment"
    PHONE_TEXT = "phone_text"


class Location(StrEnum):
    COMMUNITY = "community"
    OFFICE = "office"


class Participant(StrEnum):
    CLIENT = "client"
    PROVIDER = "provider"
    INFORMAL_SUPPORT = "informal_support"


class ServiceType(StrEnum):
    COUNSELLING = "counselling"
    EMPLOYMENT = "employment"
    HEALTH = "health"
    MENTAL_HEALTH = "mental_health"
    SUBSTANCE_USE = "substance_use"
    HOUSING = "housing"
    LEGAL = "legal"
    IMMIGRATION = "immigration"
    INCOME = "income"


class ReferralStatus(StrEnum):
    MADE = "made"
    ACCEPTED = "accepted"
    ATTENDED = "attended"
    CLOSED = "closed"


class Involvement(StrEnum):
    """Sex-work involvement, the headline outcome measure (codes used by reports)."""

    INVOLVED = "involved"
    RARELY = "rarely"
    NOT_AT_ALL = "not_at_all"
    AT_RISK = "at_risk"  # not involved now, at risk of returning


@dataclass(frozen=True)
class Contact:
    """One contact with a client (CTI fidelity counts these: how many, where, with whom).

    ``participants`` containing PROVIDER or INFORMAL_SUPPORT marks a meeting with her
    supports; ``location`` COMMUNITY marks a community meeting.
    """

    id: str
    client_id: str
    date: dt.date
    type: ContactType
    location: Location | None
    participants: frozenset[Participant]
    duration_minutes: int | None
    worker_id: str | None = None
    response_id: str | None = None


@dataclass(frozen=True)
class Referral:
    id: str
    client_id: str
    service_type: ServiceType
    status: ReferralStatus
    made_on: dt.date
    partner_id: str | None = None  # the partner agency record, when it is one
    accepted_on: dt.date | None = None
    attended_on: dt.date | None = None
    closed_on: dt.date | None = None
    response_id: str | None = None


@dataclass(frozen=True)
class PartnerAgency:
    id: str
    name: str
    service_types: frozenset[ServiceType] = frozenset()


def _enum(cls: type[E], value: object) -> E | None:
    try:
        return cls(value) if isinstance(value, str) else None
    except ValueError:
        return None


def contact_from_response(response: FormResponse, worker_id: str | None = None) -> Contact | None:
    """The Contact a (valid) contact-note response describes; None if it lacks date or type."""
    if response.form_id != CONTACT_FORM or response.client_id is None:
        return None
    a = response.answers
    date = parse_date(a.get("date")) or response.date
    ctype = _enum(ContactType, a.get("contact_type"))
    if ctype is None:
        return None
    raw = a.get("participants")
    parts = frozenset(
        p for p in (_enum(Participant, x) for x in (raw if isinstance(raw, list) else ())) if p
    )
    duration = a.get("duration_minutes")
    return Contact(
        id=response.id,
        client_id=response.client_id,
        date=date,
        type=ctype,
        location=_enum(Location, a.get("location")),
        participants=parts,
        duration_minutes=duration if is_int(duration) else None,
        worker_id=worker_id,
        response_id=response.id,
    )


def referral_from_response(
    response: FormResponse, partner_id: str | None = None
) -> Referral | None:
    """The Referral a (valid) referral response describes; None without service type/status."""
    if response.form_id != REFERRAL_FORM or response.client_id is None:
        return None
    a = response.answers
    service = _enum(ServiceType, a.get("service_type"))
    status = _enum(ReferralStatus, a.get("status"))
    if service is None or status is None:
        return None
    return Referral(
        id=response.id,
        client_id=response.client_id,
        service_type=service,
        status=status,
        made_on=parse_date(a.get("date_made")) or response.date,
        partner_id=partner_id,
        accepted_on=parse_date(a.get("date_accepted")),
        attended_on=parse_date(a.get("date_attended")),
        closed_on=parse_date(a.get("date_closed")),
        response_id=response.id,
    )
