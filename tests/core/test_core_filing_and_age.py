"""Plain rules moved out of widgets: the date a response is filed under, and a date of birth
that disagrees with the stated age."""

from __future__ import annotations

import datetime as dt

from exitdoors_desktop.core.definitions import load_definitions
from exitdoors_desktop.core.eligibility import age_disagreement
from exitdoors_desktop.core.forms import response_date

TODAY = dt.date(2026, 6, 1)


def test_response_date_takes_the_first_answered_filing_field() -> None:
    forms = load_definitions().forms
    contact = forms.latest("contact_note")
    assert response_date(contact, {"date": "2026-05-02"}, TODAY) == dt.date(2026, 5, 2)
    assert response_date(contact, {}, TODAY) == TODAY
    assert response_date(contact, {"date": "2026-02-30"}, TODAY) == TODAY  # not a real date
    referral = forms.latest("referral")
    assert response_date(referral, {"date_made": "2026-04-01"}, TODAY) == dt.date(2026, 4, 1)
    # A field the form does not have is not looked at.
    assert response_date(referral, {"intake_date": "2026-01-01"}, TODAY) == TODAY


def test_age_disagreement() -> None:
    dob = dt.date(1996, 6, 2)  # 29 on TODAY, 30 tomorrow
    assert age_disagreement(dob, 29, TODAY) is None
    assert age_disagreement(dob, 17, TODAY) == 29
    assert age_disagreement(dob, 30, TODAY) == 29
    assert age_disagreement(None, 17, TODAY) is None
    assert age_disagreement(dob, None, TODAY) is None
    assert age_disagreement(TODAY + dt.timedelta(days=1), 3, TODAY) is None  # a future DOB
