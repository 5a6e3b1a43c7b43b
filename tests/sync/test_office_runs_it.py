"""Issue 18, Deliver 10 ("an office can run it") and the co-signing flow of Deliver 2, against a
real server process and real vaults: a cut enrolment retried keeps its device id, any admin
lets a newcomer in after its signed ready card, names and last-synced times, and a second
admin's signature gathered for removing an admin and for a wipe."""

from __future__ import annotations

import base64
import random
import uuid
from pathlib import Path

import httpx
import pytest

from exitdoors_desktop.core.errors import SyncError
from exitdoors_desktop.storage.sync_store import SyncStore
from exitdoors_desktop.storage.vault import Vault
from exitdoors_desktop.sync import service
from exitdoors_desktop.sync.identity import DeviceKeys, b64, canonical
from exitdoors_desktop.sync.invite import Invite
from exitdoors_desktop.sync.team import token_hash
from exitdoors_protocol import joining
from tests.conftest import CHEAP, PASSPHRASE
from tests.sync.conftest import Device, OfficeServer
from tests.sync.proxy import FaultProxy


class _CutFirst(random.Random):
    """Draws "after_request" for the first two connections (the certificate fetch, then the
    enrolment: the office commits, the answer is lost), then "pass"."""

    def __init__(self) -> None:
        super().__init__(0)
        self.cuts = 2

    def random(self) -> float:
        return 0.0 if self.cuts > 0 else 0.9

    def choice(self, seq):  # type: ignore[no-untyped-def, override]
        self.cuts -= 1
        return "after_request"


def _newcomer(tmp_path: Path, name: str) -> Device:
    vault = Vault(tmp_path / name)
    session, _ = vault.create(name, PASSPHRASE, kdf=CHEAP)
    return Device(name, vault, session)


def _invite(
    admin: Device, office: OfficeServer, tmp_path: Path, server: str | None = None
) -> Invite:
    from exitdoors_desktop.sync.invite import read_invite

    path = tmp_path / f"invite-{uuid.uuid4().hex[:6]}.json"
    words = service.make_invite(admin.session, office.token(), path, memory_kib=8192, iterations=1)
    invite = read_invite(path, words)
    if server is not None:
        invite = Invite(server, invite.fingerprint, invite.token, invite.root, invite.admin,
                        invite.admin_name, invite.join_secret)  # fmt: skip
    return invite


def test_a_cut_enrolment_retried_with_the_same_invite_and_keys_keeps_its_device_id(
    team, office, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    (admin,) = team(1)
    proxy = FaultProxy(office.port, office.data_dir / "server-cert.pem",
                       office.data_dir / "server-key.pem", _CutFirst(), fault_rate=0.5)  # fmt: skip
    try:
        newcomer = _newcomer(tmp_path, "newcomer")
        invite = _invite(admin, office, tmp_path, server=proxy.url)
        # The office enrols it and the answer is cut: the transport asks again, same keys,
        # signed, and gets the same device.
        config = service.join_invite(newcomer.session, invite)
        assert proxy.counts["after_request"] == 2
    finally:
        proxy.close()
    devices = office.cli("devices")
    assert devices.count(config.device_id) == 1
    assert len([line for line in devices.splitlines() if "laptop" in line]) == 2, devices
    # It is let in and syncs with the token of the retry: no ghost member.
    admin.sync()
    service._save_config(newcomer.session, config.__class__(**{**config.__dict__,
                                                               "server": office.url}))  # fmt: skip
    assert not newcomer.sync().waiting
    info = service.team_info(admin.session)
    assert [d.device for d in info.devices if d.current] == [
        service.load_config(admin.session).device_id,
        config.device_id,
    ]  # type: ignore[union-attr]


def test_a_killed_enrolment_retried_by_the_laptop_gets_the_same_device_and_other_keys_are_refused(
    team, office, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    (admin,) = team(1)
    newcomer = _newcomer(tmp_path, "newcomer")
    invite = _invite(admin, office, tmp_path)
    # The laptop is killed after the office answered and before it kept the answer: its keys
    # were kept first; what the office did is replayed by hand here.
    keys = DeviceKeys.generate()
    with newcomer.session.transaction():
        SyncStore(newcomer.session).put("identity", keys.to_state())
    node = newcomer.session.device_id
    card = f'{{"node": "{node}", "proof": "{joining.join_proof(invite.join_secret, keys.sign_pub, keys.kx_pub, node)}"}}'
    body = {"token": invite.token, "device_name": "laptop", "sign_pub": b64(keys.sign_pub),
            "kx_pub": b64(keys.kx_pub), "card": card}  # fmt: skip
    first = httpx.post(f"{office.url}/v2/enroll", json=body, verify=False)  # noqa: S501
    assert first.status_code == 200
    lost_id = first.json()["device_id"]
    # Someone holding the token only (other keys, or the same keys unsigned) is refused.
    other = DeviceKeys.generate()
    stolen = {**body, "sign_pub": b64(other.sign_pub), "kx_pub": b64(other.kx_pub),
              "sig": b64(other.sign_bytes(joining.enrol_statement(
                  token_hash(invite.token), other.sign_pub, other.kx_pub)))}  # fmt: skip
    assert (
        httpx.post(f"{office.url}/v2/enroll", json=stolen, verify=False).json()["error"]
        == "token_used"
    )  # noqa: S501
    assert (
        httpx.post(f"{office.url}/v2/enroll", json=body, verify=False).json()["error"]
        == "token_used"
    )  # noqa: S501
    # The laptop runs join again: same keys, signed: the same device id.
    config = service.join_invite(newcomer.session, invite)
    assert config.device_id == lost_id
    admin.sync()
    assert not newcomer.sync().waiting
    # The token of the first (lost) answer no longer works: only the retry's does.
    old = httpx.post(
        f"{office.url}/v2/sync",
        json={"version": 3, "cursor": 0, "messages": []},
        headers={"Authorization": f"Bearer {first.json()['device_token']}"},
        verify=False,
    )  # noqa: S501
    assert old.status_code == 401
    assert base64.b64decode(b64(keys.sign_pub)) == keys.sign_pub
    with pytest.raises(SyncError, match="already set up"):
        service.join_invite(newcomer.session, invite)


def _id(d: Device) -> str:
    config = service.load_config(d.session)
    assert config is not None
    return config.device_id


def _two_admins(team):  # type: ignore[no-untyped-def]
    a, b, c = team(3)
    service.set_role(a.session, _id(b), "admin")
    for d in (a, b, c):
        d.sync()
    return a, b, c


def test_any_admin_lets_a_newcomer_in_with_the_inviters_verifier(team, office, tmp_path) -> None:  # type: ignore[no-untyped-def]
    a, b, _c = _two_admins(team)
    newcomer = _newcomer(tmp_path, "newcomer")
    invite = _invite(a, office, tmp_path)
    a.sync()  # the invite's verifier goes to the other admins (never the join secret)
    service.join_invite(newcomer.session, invite)
    assert newcomer.sync().waiting
    b.sync()  # b, not the inviter, lets it in
    assert not newcomer.sync().waiting
    mine = _id(newcomer)
    added = {d.device: d.added_by for d in service.team_info(newcomer.session).devices}
    assert added[mine] == _id(b)
    # A forged card (keys not proven with the invite) is never let in by anyone.
    a.sync()
    assert len([d for d in service.team_info(a.session).devices if d.current]) == 4


def test_a_second_admin_cosigns_a_wipe_and_the_removal_of_an_admin(team, office) -> None:  # type: ignore[no-untyped-def]
    a, b, c = _two_admins(team)
    # A wipe needs both admins: a proposes it (the removal of a member does not).
    removal, wipe_pid = service.remove_device(a.session, _id(c), wipe=True)
    assert removal is None and wipe_pid
    found = service.proposals(b.session)
    assert [(p.id, p.what, p.device, p.mine) for p in found] == [(wipe_pid, "wipe", _id(c), False)]
    assert [p.mine for p in service.proposals(a.session)] == [True]
    service.cosign(b.session, wipe_pid)
    with pytest.raises(SyncError, match="no such proposal"):
        service.cosign(b.session, wipe_pid)  # the second time: nothing waits any more
    a.sync()  # sends the co-signed wipe
    assert service.proposals(a.session) == []
    with pytest.raises(service.RevokedError) as refused:
        c.sync()
    assert refused.value.wipe

    # Removing the other admin: proposed, nothing happens until b co-signs.
    removal, _ = service.remove_device(a.session, _id(b))
    assert removal
    a.sync()
    # (by device id: which of b and c the log lists first depends on the order they enrolled)
    assert {d.device: d.current for d in service.team_info(a.session).devices}[_id(b)]
    (p,) = service.proposals(b.session)
    assert (p.what, p.device) == ("device_removed", _id(b))
    service.cosign(b.session, p.id)
    a.sync()  # the event goes with both signatures; the office verifies it too
    info = {d.device: d for d in service.team_info(a.session).devices}
    assert not info[_id(b)].current
    with pytest.raises(SyncError, match="removed this laptop"):
        b.sync()
    assert service.status(b.session).removed


def test_a_stale_proposal_is_not_cosigned_and_a_demotion_goes_through_a_proposal(team) -> None:  # type: ignore[no-untyped-def]
    a, b, c = _two_admins(team)
    pid = service.set_role(a.session, _id(b), "member")
    assert pid
    service.set_role(b.session, _id(c), "admin")  # the log moves on: a's proposal is stale
    with pytest.raises(SyncError, match="stale"):
        service.cosign(b.session, pid)
    pid = service.set_role(a.session, _id(b), "member")
    assert pid
    (mine,) = [p for p in service.proposals(c.session) if p.id == pid]
    service.cosign(c.session, pid)  # any other admin may co-sign
    a.sync()
    roles = {d.device: d.role for d in service.team_info(a.session).devices}
    assert roles[_id(b)] == "member" and roles[_id(c)] == "admin"
    assert mine.what == "role_changed to member"


def test_a_device_is_added_only_after_its_own_signed_ready_card(team, office, tmp_path) -> None:  # type: ignore[no-untyped-def]
    (admin,) = team(1)
    invite = _invite(admin, office, tmp_path)
    keys = DeviceKeys.generate()
    node = "node-of-a-lost-laptop"
    proof = joining.join_proof(invite.join_secret, keys.sign_pub, keys.kx_pub, node)
    body = {"token": invite.token, "device_name": "laptop", "sign_pub": b64(keys.sign_pub),
            "kx_pub": b64(keys.kx_pub), "card": f'{{"node": "{node}", "proof": "{proof}"}}'}  # fmt: skip
    answer = httpx.post(f"{office.url}/v2/enroll", json=body, verify=False).json()  # noqa: S501
    # Enrolled with a valid join proof, but its answer was lost: no ready card, not added.
    admin.sync()
    assert len(service.team_info(admin.session).devices) == 1
    auth = {"Authorization": f"Bearer {answer['device_token']}"}
    card = joining.ready_card(answer["device_id"], node, keys.sign_pub, keys.kx_pub,
                              token_hash(invite.token))  # fmt: skip
    # A card naming another device, or signed by another key, is refused by the office.
    other = {**card, "device": str(uuid.uuid4())}
    bad = httpx.post(
        f"{office.url}/v2/ready",
        headers=auth,
        verify=False,  # noqa: S501
        json={"card": other, "sig": b64(keys.sign_bytes(canonical(other)))},
    )
    assert bad.status_code == 403
    forged = DeviceKeys.generate().sign_bytes(canonical(card))
    bad = httpx.post(
        f"{office.url}/v2/ready",
        headers=auth,
        verify=False,  # noqa: S501
        json={"card": card, "sig": b64(forged)},
    )
    assert bad.status_code == 403
    ok = httpx.post(
        f"{office.url}/v2/ready",
        headers=auth,
        verify=False,  # noqa: S501
        json={"card": card, "sig": b64(keys.sign_bytes(canonical(card)))},
    )
    assert ok.status_code == 200, ok.text
    admin.sync()
    assert answer["device_id"] in {d.device for d in service.team_info(admin.session).devices}
