"""The membership log's rules without a server: who may sign what, chains that do not follow,
key wraps, and sealed envelopes padded to buckets."""

from __future__ import annotations

import dataclasses
import os
import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exitdoors_desktop.sync.envelope import (
    EnvelopeError,
    EpochKeys,
    Keyring,
    bucket,
    open_sealed,
    seal,
)
from exitdoors_desktop.sync.identity import DeviceKeys, SignatureError, b64, unwrap, wrap
from exitdoors_desktop.sync.membership import (
    MembershipError,
    TeamState,
    apply_event,
    core_of,
    cosign,
    make_event,
    open_wraps,
    verify_chain,
    wrap_ring,
)


def _added(state: TeamState, signer: DeviceKeys, by: str, keys: DeviceKeys, role: str = "member"):  # type: ignore[no-untyped-def]
    d = str(uuid.uuid4())
    body = {"device": d, "node": f"n-{d[:4]}", "name": "laptop", "role": role,
            "sign_pub": b64(keys.sign_pub), "kx_pub": b64(keys.kx_pub),
            "wraps": {d: wrap_ring(state.root, (d, keys.kx_pub), state.length,
                                   {0: b"k" * 32})},
            "register": {"n": 0, "hash": "0" * 64, "sealed": ""}}  # fmt: skip
    return d, make_event(state, signer, by, "device_added", body)


def _created() -> tuple[TeamState, list[dict[str, object]], DeviceKeys, str]:
    root = DeviceKeys.generate()
    me = str(uuid.uuid4())
    body = {"device": me, "node": "n0", "name": "laptop 1", "role": "admin",
            "sign_pub": b64(root.sign_pub), "kx_pub": b64(root.kx_pub),
            "wraps": {me: wrap_ring(root.sign_pub, (me, root.kx_pub), 0, {0: b"k" * 32})}}  # fmt: skip
    event = make_event(None, root, me, "team_created", body)
    return apply_event(None, event, root.sign_pub), [event], root, me


def test_only_a_current_admin_may_sign_and_the_root_is_pinned() -> None:
    state, events, root, me = _created()
    member_keys = DeviceKeys.generate()
    member, event = _added(state, root, me, member_keys)
    events.append(event)
    state = apply_event(state, event, root.sign_pub)
    # A member (not an admin) adds a device: refused.
    _d, by_member = _added(state, member_keys, member, DeviceKeys.generate())
    with pytest.raises(MembershipError, match="not signed by a current team admin"):
        verify_chain([*events, by_member], root.sign_pub)
    # Someone else's root: the whole log is refused.
    with pytest.raises(MembershipError, match="root"):
        verify_chain(events, DeviceKeys.generate().sign_pub)
    # The member's keys open what was wrapped to it; the admin's do not.
    assert open_wraps(verify_chain(events, root.sign_pub), member, member_keys) == {0: b"k" * 32}
    with pytest.raises(MembershipError):
        open_wraps(verify_chain(events, root.sign_pub), member, root)


def test_a_removed_admin_signs_nothing_more_and_wraps_must_cover_the_team() -> None:
    state, events, root, me = _created()
    second = DeviceKeys.generate()
    admin2, event = _added(state, root, me, second, role="admin")
    events.append(event)
    state = apply_event(state, event, root.sign_pub)
    # A rotation that leaves a current member out is refused.
    short = make_event(state, root, me, "key_rotated", {"epoch": 1, "wraps": {me: b64(b"x" * 80)}})
    with pytest.raises(MembershipError, match="exactly the members"):
        apply_event(verify_chain(events, root.sign_pub), short, root.sign_pub)
    wraps = {me: wrap_ring(root.sign_pub, state.members[me], state.length, {1: b"n" * 32})}
    body = {"device": admin2, "epoch": 1, "wraps": wraps, "cutoff": 0, "seen": []}
    # Two admins: removing one takes the other's signature too.
    with pytest.raises(MembershipError, match="second admin"):
        apply_event(verify_chain(events, root.sign_pub),
                    make_event(state, root, me, "device_removed", body), root.sign_pub)  # fmt: skip
    core = core_of(make_event(state, root, me, "device_removed", body))
    self_cosigned = make_event(state, root, me, "device_removed", body,
                               cosig=cosign(root, me, core))  # fmt: skip
    with pytest.raises(MembershipError, match="second admin"):
        apply_event(verify_chain(events, root.sign_pub), self_cosigned, root.sign_pub)
    removal = make_event(state, root, me, "device_removed", body, cosig=cosign(second, admin2, core),
                         now=str(core["at"]))  # fmt: skip
    events.append(removal)
    state = apply_event(state, removal, root.sign_pub)
    assert not state.members[admin2].member_at(1) and state.members[admin2].member_at(0)
    _d, late = _added(state, second, admin2, DeviceKeys.generate())
    with pytest.raises(MembershipError, match="current team admin"):
        verify_chain([*events, late], root.sign_pub)


def test_envelopes_are_padded_to_buckets_and_bound_to_their_label() -> None:
    keys, me = EpochKeys(0, os.urandom(32)), DeviceKeys.generate()
    sizes = set()
    for n in (0, 300, 3000, 30000):
        payload = {"f": {"notes": os.urandom(n).hex()[:n]}}
        sealed = seal(keys, me, "dev", str(uuid.uuid4()), keys.subject_tag("c"), payload)
        sizes.add(len(sealed.ciphertext) - 16)
        assert open_sealed(Keyring({0: keys.raw}), sealed).payload == payload
    assert all(s == bucket(s) and s >= 256 for s in sizes) and len(sizes) == 4
    relabelled = seal(keys, me, "dev", str(uuid.uuid4()), "ab" * 32, {"x": 1})
    forged = type(relabelled)(relabelled.id, relabelled.subject, "e0s9", relabelled.nonce,
                              relabelled.ciphertext)  # fmt: skip
    with pytest.raises(EnvelopeError):
        open_sealed(Keyring({0: keys.raw}), forged)


def test_a_wrapped_key_opens_only_for_its_device_and_context() -> None:
    mine, other = DeviceKeys.generate(), DeviceKeys.generate()
    blob = wrap(mine.kx_pub, b"s" * 32, b"ctx")
    assert unwrap(mine, blob, b"ctx") == b"s" * 32
    for keys, ctx in ((other, b"ctx"), (mine, b"other")):
        with pytest.raises(SignatureError):
            unwrap(keys, blob, ctx)


def test_a_removal_names_a_cut_off_and_the_rulebook_refuses_later_writes() -> None:
    from exitdoors_protocol.rules import write_refusal

    state, events, root, me = _created()
    member, event = _added(state, root, me, DeviceKeys.generate())
    state = apply_event(state, event, root.sign_pub)
    events.append(event)
    wraps = {me: wrap_ring(root.sign_pub, state.members[me], state.length, {1: b"n" * 32})}
    without = make_event(state, root, me, "device_removed",
                         {"device": member, "epoch": 1, "wraps": wraps})  # fmt: skip
    with pytest.raises(MembershipError, match="cut-off"):
        apply_event(verify_chain(events, root.sign_pub), without, root.sign_pub)
    removal = make_event(state, root, me, "device_removed",
                         {"device": member, "epoch": 1, "wraps": wraps, "cutoff": 7,
                          "seen": [[1, 3], [5, 7]]})  # fmt: skip
    for bad in ([[1, 8]], [[3, 3], [1, 2]], [[1, 2], [3, 4]], [[0, 2]], "1-7", [[1]]):
        with pytest.raises(MembershipError, match="seen write counters"):
            apply_event(verify_chain(events, root.sign_pub),
                        make_event(state, root, me, "device_removed",
                                   {"device": member, "epoch": 1, "wraps": wraps, "cutoff": 7,
                                    "seen": bad}), root.sign_pub)  # fmt: skip
    state = apply_event(state, removal, root.sign_pub)
    assert write_refusal(state, member, 0, 7) is None
    assert write_refusal(state, member, 0, 3) is None
    assert write_refusal(state, member, 0, 4) == "after_removal"  # a gap it left: never filled
    assert write_refusal(state, member, 0, 8) == "after_removal"
    assert write_refusal(state, member, 1, 3) == "not_a_member_at_epoch"
    assert write_refusal(state, member, 0, True) == "counter_missing"
    assert write_refusal(state, "stranger", 0, 1) == "not_a_member"
    assert write_refusal(state, me, 1, 10**9) is None


@given(st.lists(st.integers(min_value=1, max_value=60), max_size=80))
def test_counter_spans_hold_exactly_the_counters_added(counters: list[int]) -> None:
    from exitdoors_desktop.sync.opening import counter_add, counter_seen

    spans: list[list[int]] = []
    for n in counters:
        counter_add(spans, n)
    assert all(a[1] + 1 < b[0] for a, b in zip(spans, spans[1:], strict=False))  # joined, sorted
    assert {n for n in range(0, 62) if counter_seen(spans, n)} == set(counters)


def test_her_keeper_is_never_the_signers_choice() -> None:
    """A first statement names the device that recorded her (as the receiver knows it); a
    later one keeps her keeper unless her keeper or an admin signs it; only they re-share."""
    from exitdoors_protocol import register

    state, _events, root, me = _created()  # node n0: the admin
    keeper_id, event = _added(state, root, me, DeviceKeys.generate())
    state = apply_event(state, event, root.sign_pub)
    other_id, event = _added(state, root, me, DeviceKeys.generate())
    state = apply_event(state, event, root.sign_pub)
    keeper, other = state.members[keeper_id].node, state.members[other_id].node

    def entry(kind: str, named: str, author: str, current: register.Entry | None):  # type: ignore[no-untyped-def]
        parsed = register.parse(register.statement("c-1", kind, named, current, "t"), author)
        assert parsed is not None
        return parsed

    ok, record = register.refusal, register.keeper_to_record
    # A withdrawal is never refused for the keeper it names; the keeper recorded is not its
    # signer's choice.
    own = entry(register.WITHDRAWAL, other, other, None)
    assert ok(state, None, own) is None
    assert record(state, None, own, keeper) == keeper  # the recorder this laptop knows
    assert record(state, None, own, None) == register.NO_KEEPER  # it never held her
    by_admin = entry(register.WITHDRAWAL, other, "n0", None)
    assert record(state, None, by_admin, keeper) == other  # an admin names her keeper
    named = dataclasses.replace(entry(register.WITHDRAWAL, keeper, other, None), keeper=keeper)
    # Only her keeper or an admin re-shares her.
    assert ok(state, named, entry(register.RESHARE, other, other, named)) == "not_her_keeper"
    assert ok(state, named, entry(register.RESHARE, keeper, "n0", named)) is None
    reshare = entry(register.RESHARE, keeper, keeper, named)
    assert ok(state, named, reshare) is None and record(state, named, reshare, None) == keeper
    # Later: a member's withdrawal naming itself keeps her keeper; her keeper may hand her over.
    again = entry(register.WITHDRAWAL, other, other, reshare)
    assert ok(state, reshare, again) is None
    assert record(state, reshare, again, other) == keeper
    handed = entry(register.WITHDRAWAL, other, keeper, reshare)
    assert record(state, reshare, handed, None) == other


def test_seen_spans_are_never_widened_and_stay_fast() -> None:
    """Found by the independent attacker: a member spreading 4,100 writes 2^40 apart made the
    removal join spans (trillions of unused counters accepted after it), in quadratic time."""
    import time

    from exitdoors_desktop.sync.team import seen_spans
    from exitdoors_protocol.membership import MAX_SEEN_SPANS

    spread = [[k * 2**40, k * 2**40] for k in range(1, 20_001)] + [[1, 500]]
    start = time.perf_counter()
    out = seen_spans(spread, 20_001 * 2**40)
    assert time.perf_counter() - start < 2
    assert len(out) == MAX_SEEN_SPANS and [1, 500] in out
    assert all(hi - lo == 0 for lo, hi in out if lo != 1)  # nothing joined
    assert out == sorted(out)
