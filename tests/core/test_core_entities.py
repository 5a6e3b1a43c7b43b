"""Entities built from form responses keep the stable codes reports count."""

import datetime as dt

from exitdoors_desktop.core.definitions import load_definitions
from exitdoors_desktop.core.entities import (
    ContactType,
    Location,
    Participant,
    ReferralStatus,
    ServiceType,
    contact_from_response,
    referral_from_response,
)
from exitdoors_desktop.core.forms import FormResponse, validate

FORMS = load_definitions().forms


def test_contact_from_a_valid_contact_note():
    answers = {
        "date": "2024-05-02",
        "contact_type": "accompaniment",
        "location": "community",
        "participants": ["client", "provider"],
        "duration_minutes": 45,
        "note": "Went to the clinic together.",
    }
    assert validate(FORMS.latest("contact_note"), answers) == []
    resp = FormResponse("r1", "contact_note", 1, "c1", dt.date(2024, 5, 3), answers)
    c = contact_from_response(resp, worker_id="w1")
    assert c is not None
    assert (c.date, c.type, c.location) == (
        dt.date(2024, 5, 2),
        ContactType.ACCOMPANIMENT,
        Location.COMMUNITY,
    )
    assert c.participants == {Participant.CLIENT, Participant.PROVIDER}
    assert c.duration_minutes == 45 and c.worker_id == "w1" and c.response_id == "r1"


def test_contact_needs_a_type_and_a_client():
    resp = FormResponse("r1", "contact_note", 1, "c1", dt.date(2024, 5, 3), {})
    assert contact_from_response(resp) is None
    anon = FormResponse("r2", "contact_note", 1, None, dt.date(2024, 5, 3), {"contact_type": "cbt"})
    assert contact_from_response(anon) is None


def test_referral_from_a_valid_referral():
    answers = {
        "agency_name": "Clinic",
        "service_type": "mental_health",
        "status": "attended",
        "date_made": "2024-01-05",
        "date_accepted": "2024-01-09",
        "date_attended": "2024-01-20",
    }
    assert validate(FORMS.latest("referral"), answers) == []
    resp = FormResponse("r9", "referral", 1, "c1", dt.date(2024, 1, 5), answers)
    ref = referral_from_response(resp, partner_id="p1")
    assert ref is not None
    assert ref.service_type is ServiceType.MENTAL_HEALTH and ref.status is ReferralStatus.ATTENDED
    assert (ref.made_on, ref.accepted_on, ref.attended_on, ref.closed_on) == (
        dt.date(2024, 1, 5),
        dt.date(2024, 1, 9),
        dt.date(2024, 1, 20),
        None,
    )
    assert ref.partner_id == "p1"


def test_hidden_referral_dates_are_validated_away():
    answers = {
        "agency_name": "A",
        "service_type": "legal",
        "status": "made",
        "date_made": "2024-01-05",
        "date_closed": "not a date",
    }
    assert validate(FORMS.latest("referral"), answers) == []  # hidden, so ignored
