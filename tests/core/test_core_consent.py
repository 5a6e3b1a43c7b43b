"""effective_consent on hand-made cases: latest wins, concurrent withdrawal wins, partners."""

import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exitdoors_desktop.core.consent import (
    ConsentAction,
    ConsentMethod,
    ConsentRecord,
    ConsentScope,
    concurrent,
    effective_consent,
)
from exitdoors_desktop.core.errors import InvalidInput
from exitdoors_desktop.core.hlc import Timestamp

G, W = ConsentAction.GRANT, ConsentAction.WITHDRAW
OFFICE, PARTNER = ConsentScope.SHARE_WITH_OFFICE, ConsentScope.SHARE_WITH_PARTNER
_ids = itertools.count()


def stamp(ms, device="devA", counter=0):
    return Timestamp(ms, counter, device).encode()


def rec(action, day, ms, device="devA", scope=OFFICE, partner=None):
    return ConsentRecord(
        str(next(_ids)),
        "c1",
        scope,
        action,
        dt.date(2024, 3, day),
        stamp(ms, device),
        ConsentMethod.VERBAL,
        "worker-1",
        partner,
    )


def test_nothing_recorded_means_no_consent():
    eff = effective_consent([])
    assert not eff.store_on_device and not eff.share_with_office
    assert not eff.deidentified_evaluation and eff.partners == frozenset()
    assert not eff.allows(PARTNER, "p1")


def test_latest_by_date_wins_regardless_of_input_order():
    g, w = rec(G, 1, 100), rec(W, 5, 50)  # withdrawn later in time though stamped earlier
    assert not effective_consent([w, g]).share_with_office
    g2 = rec(G, 9, 10)
    eff = effective_consent([g2, w, g])
    assert eff.share_with_office and eff.deciding[(OFFICE, None)] is g2


def test_same_day_same_device_follows_recording_order():
    w = rec(W, 1, 100)
    regrant = rec(G, 1, 200)
    assert effective_consent([regrant, w]).share_with_office
    assert not effective_consent([rec(G, 1, 100), rec(W, 1, 200)]).share_with_office


def test_same_day_different_devices_withdrawal_wins():
    w = rec(W, 1, 100, device="devB")
    g = rec(G, 1, 200, device="devA")  # later stamp, but devA may not have seen the withdrawal
    eff = effective_consent([g, w])
    assert not eff.share_with_office and eff.deciding[(OFFICE, None)] is w


def test_identical_order_key_withdrawal_wins():
    g, w = rec(G, 1, 100), rec(W, 1, 100)
    assert concurrent(g, w)
    assert not effective_consent([w, g]).share_with_office
    assert not effective_consent([g, w]).share_with_office


def test_unparseable_stamp_counts_as_concurrent():
    g = ConsentRecord("x", "c1", OFFICE, G, dt.date(2024, 3, 1), "paper", ConsentMethod.WRITTEN)
    w = rec(W, 1, 5)
    assert not effective_consent([g, w]).share_with_office


def test_next_day_grant_after_concurrent_withdrawal_takes_effect():
    eff = effective_consent([rec(W, 1, 100, "devB"), rec(G, 1, 200), rec(G, 2, 1)])
    assert eff.share_with_office


def test_scopes_are_independent():
    eff = effective_consent(
        [
            rec(G, 1, 1, scope=ConsentScope.STORE_ON_DEVICE),
            rec(G, 1, 2),
            rec(W, 2, 3),
            rec(G, 1, 4, scope=ConsentScope.DEIDENTIFIED_EVALUATION),
        ]
    )
    assert eff.store_on_device and not eff.share_with_office and eff.deidentified_evaluation
    assert eff.allows(ConsentScope.STORE_ON_DEVICE)


def test_partners_each_their_own_scope():
    eff = effective_consent(
        [
            rec(G, 1, 1, scope=PARTNER, partner="p1"),
            rec(G, 1, 2, scope=PARTNER, partner="p2"),
            rec(W, 3, 3, scope=PARTNER, partner="p1"),
        ]
    )
    assert eff.partners == frozenset({"p2"})
    assert eff.allows(PARTNER, "p2") and not eff.allows(PARTNER, "p1")
    assert not eff.allows(PARTNER)


def test_partner_withdrawal_without_partner_withdraws_all():
    eff = effective_consent(
        [
            rec(G, 1, 1, scope=PARTNER, partner="p1"),
            rec(G, 1, 2, scope=PARTNER, partner="p2"),
            rec(W, 2, 3, scope=PARTNER),
            rec(G, 4, 4, scope=PARTNER, partner="p2"),
        ]
    )
    assert eff.partners == frozenset({"p2"})


def test_record_shape_is_checked():
    with pytest.raises(InvalidInput):
        rec(G, 1, 1, scope=PARTNER)  # a grant must name the partner
    with pytest.raises(InvalidInput):
        rec(G, 1, 1, scope=OFFICE, partner="p1")


@given(
    st.lists(
        st.tuples(
            st.booleans(), st.integers(1, 3), st.integers(0, 5), st.sampled_from(["devA", "devB"])
        ),
        max_size=8,
    )
)
def test_order_of_records_never_matters_and_withdrawal_dominates_its_day(rows):
    records = [rec(G if g else W, d, ms, dev) for g, d, ms, dev in rows]
    a = effective_consent(records).share_with_office
    b = effective_consent(list(reversed(records))).share_with_office
    assert a == b
    if records:
        last_day = max(r.date for r in records)
        on_last = [r for r in records if r.date == last_day]
        w_devices = {r.recorded_at.rsplit("-", 1)[1] for r in on_last if r.action is W}
        g_devices = {r.recorded_at.rsplit("-", 1)[1] for r in on_last if r.action is G}
        if w_devices and not (w_devices & g_devices):
            # No grant that day was recorded where a withdrawal was, so none can have seen
            # it: the safe side (withdrawn) must hold.
            assert a is False


def test_referral_sharing_follows_her_consent_per_partner() -> None:
    from exitdoors_desktop.core.consent import (
        EffectiveConsent,
        ReferralSharing,
        referral_sharing,
    )

    consent = EffectiveConsent(partners=frozenset({"p1"}))
    assert referral_sharing(consent, "p1") is ReferralSharing.SHARED
    assert referral_sharing(consent, "p2") is ReferralSharing.NOT_SHARED
    assert referral_sharing(consent, None) is ReferralSharing.NOT_IN_DIRECTORY
