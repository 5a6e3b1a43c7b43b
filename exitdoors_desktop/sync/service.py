"""Setting up, joining and running sync for one unlocked vault (used by the CLI and the UI)."""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from exitdoors_desktop.core.errors import InvalidInput, SyncError
from exitdoors_desktop.storage import revert
from exitdoors_desktop.storage.audit import AuditAction, head_problem
from exitdoors_desktop.storage.revert import RevertResult
from exitdoors_desktop.storage.sync_store import SyncStore
from exitdoors_desktop.storage.team_store import TeamStore
from exitdoors_desktop.storage.vault import Session
from exitdoors_desktop.sync import audit_head, freshness
from exitdoors_desktop.sync.admin_notes import Proposal
from exitdoors_desktop.sync.engine import CancelToken, SyncEngine, SyncReport
from exitdoors_desktop.sync.identity import DeviceKeys, b64, canonical
from exitdoors_desktop.sync.invite import (
    ITERATIONS,
    MEMORY_KIB,
    Invite,
    new_one_time_passphrase,
    read_invite,
    write_invite,
)
from exitdoors_desktop.sync.membership import ADMIN, event_hash, make_event, wrap_ring
from exitdoors_desktop.sync.team import Team, token_hash
from exitdoors_desktop.sync.transport import (
    Retry,
    RevokedError,
    Transport,
    fetch_pinned_certificate,
    normalise_fingerprint,
)
from exitdoors_desktop.sync.witness import HeadCheck, Witnesses
from exitdoors_protocol import PROTOCOL_VERSION, joining


@dataclass(frozen=True)
class SyncConfig:
    server: str
    fingerprint: str
    cert_pem: str
    device_id: str
    device_token: str
    root: bytes  # the team's root signing key, pinned at set-up or from the invite
    inviter: str = ""  # the admin device whose invite this laptop used
    inviter_name: str = ""


@dataclass(frozen=True)
class SyncStatus:
    configured: bool
    server: str | None
    last_sync: str | None
    last_error: str | None
    pending: int
    held: int
    held_clients: int
    conflicts: int
    quarantined: int
    last_quarantine_reason: str | None = None
    ignored_commands: int = 0
    waiting_for: str | None = None  # "waiting for <admin device> to let this laptop in"
    epoch: int | None = None
    kept_here_only: int = 0
    audit_problem: str | None = None  # the local audit log vs the head the office keeps
    removed: bool = False  # an admin-signed event removed this laptop from the team
    undelivered_withdrawals: int = 0  # signed here, not taken by the office yet
    # removed: client ids whose withdrawal signed here the team does not accept (redo them)
    withdrawals_to_redo: tuple[str, ...] = ()
    office_refuses: int = 0  # clients whose writes the office refuses (409): they wait
    team_changes_held_back: int = 0  # team log events other devices have and we were not sent
    team_log_forked: bool = False  # another device's log is another branch: actions stop
    # Messages held back over a per-author quota, by the author's name ("laptop 2": 40).
    quota_held: dict[str, int] = field(default_factory=dict)
    office_quota: str | None = None  # the office's quota reason when it refused our pushes
    # Statements made here that some other current member's signed view does not show yet
    # (re-sent each round until they do).
    unconfirmed_withdrawals: int = 0
    # Statements other devices' signed views say they hold (per author) beyond ours.
    register_held_back: int = 0
    # Devices whose signed views claim what the office never delivered here: (name, since).
    unbacked_claims: tuple[tuple[str, str], ...] = ()
    # When no current admin's beacon is newer than the program's setting: the newest one's
    # date (or since when this laptop has waited for one).
    admin_silent_since: str | None = None


@dataclass(frozen=True)
class TeamDevice:
    device: str
    name: str
    role: str
    added_by: str
    added_at: str
    current: bool
    this_laptop: bool
    last_synced: str | None = None  # when the office last heard from it (as of our last round)
    last_heard: str | None = None  # latest signed time of a verified message of it (UTC)


@dataclass(frozen=True)
class TeamInfo:
    epoch: int
    devices: list[TeamDevice]


def load_config(session: Session) -> SyncConfig | None:
    store = SyncStore(session)
    data = store.get("config")
    if not isinstance(data, dict):
        return None
    return SyncConfig(
        server=str(data["server"]),
        fingerprint=str(data["fingerprint"]),
        cert_pem=str(data["cert_pem"]),
        device_id=str(data["device_id"]),
        device_token=str(data["device_token"]),
        root=base64.b64decode(str(data["root"])),
        inviter=str(data.get("inviter", "")),
        inviter_name=str(data.get("inviter_name", "")),
    )


def _save_config(session: Session, config: SyncConfig) -> None:
    with session.transaction():
        SyncStore(session).put(
            "config",
            {
                "server": config.server,
                "fingerprint": config.fingerprint,
                "cert_pem": config.cert_pem,
                "device_id": config.device_id,
                "device_token": config.device_token,
                "root": b64(config.root),
                "inviter": config.inviter,
                "inviter_name": config.inviter_name,
            },
        )
        session.audit.append(AuditAction.CHANGE, "sync", config.device_id, "sync configured")


def _keys(session: Session) -> DeviceKeys:
    return DeviceKeys.from_state(SyncStore(session).get("identity"))


def _enrol(
    session: Session,
    server: str,
    fingerprint: str,
    token: str,
    root: bytes | None,
    invite: Invite | None = None,
) -> SyncConfig:
    if load_config(session) is not None:
        raise SyncError("this vault is already set up for sync")
    fingerprint = normalise_fingerprint(fingerprint)
    cert = fetch_pinned_certificate(server, fingerprint)
    store = SyncStore(session)
    # The keys are kept before the office is asked: if the answer is lost (a cut, a crash),
    # the retry sends the same keys, signed, and the office gives back the same device id.
    kept = store.get("identity")
    keys = DeviceKeys.from_state(kept) if isinstance(kept, dict) else DeviceKeys.generate()
    if not isinstance(kept, dict):
        with session.transaction():
            store.put("identity", keys.to_state())
    node = session.device_id
    card = {"node": node}
    if invite is not None:
        card["proof"] = joining.join_proof(invite.join_secret, keys.sign_pub, keys.kx_pub, node)
    # A neutral device name, never the host name: the admin names it in the team.
    name = "laptop 1" if invite is None else "laptop"
    sig = keys.sign_bytes(joining.enrol_statement(token_hash(token), keys.sign_pub, keys.kx_pub))
    with Transport(server, cert) as transport:
        device_id, device_token = transport.enroll(
            token, name, b64(keys.sign_pub), b64(keys.kx_pub), json.dumps(card), b64(sig)
        )
    config = SyncConfig(
        server.rstrip("/"), fingerprint, cert, device_id, device_token,
        root if root is not None else keys.sign_pub,
        invite.admin if invite else "", invite.admin_name if invite else "",
    )  # fmt: skip
    _save_config(session, config)
    if invite is not None:
        with session.transaction():
            store.put("ready_card", {"invite": token_hash(token), "node": node})
        try:
            _send_ready(session, config)
        except SyncError:
            pass  # sent again by each round until the office takes it
    if invite is None:  # the first device creates the team: event 0 and epoch 0's key
        body: dict[str, object] = {
            "device": device_id, "node": node, "name": name, "sign_pub": b64(keys.sign_pub),
            "kx_pub": b64(keys.kx_pub), "role": ADMIN,
            "wraps": {device_id: wrap_ring(keys.sign_pub, (device_id, keys.kx_pub), 0,
                                           {0: os.urandom(32)})},
        }  # fmt: skip
        event = make_event(None, keys, device_id, "team_created", body)
        with Transport(config.server, cert, device_token) as transport:
            transport.append_membership(0, event)
        with session.transaction():
            TeamStore(session).append_events([(0, json.dumps(event), event_hash(event))])
    return config


def _send_ready(session: Session, config: SyncConfig, t: Transport | None = None) -> None:
    """Our signed ready card (device id, node, keys, invite): no admin adds us before it."""
    store = SyncStore(session)
    pending = store.get("ready_card")
    if not isinstance(pending, dict):
        return
    keys = _keys(session)
    card = joining.ready_card(config.device_id, str(pending["node"]), keys.sign_pub,
                              keys.kx_pub, str(pending["invite"]))  # fmt: skip
    sig = b64(keys.sign_bytes(canonical(card)))
    if t is None:
        with _transport(config) as own:
            own.send_ready(card, sig)
    else:
        t.send_ready(card, sig)
    store.put("ready_card", None)


def setup(session: Session, server: str, fingerprint: str, token: str) -> SyncConfig:
    """First device of a team: make the device keys, create the team (root = this device)."""
    return _enrol(session, server, fingerprint, token, None)


def make_invite(
    session: Session, token: str, out: Path, *, memory_kib: int = MEMORY_KIB,
    iterations: int = ITERATIONS,
) -> str:  # fmt: skip
    """Write an invite for a new device (no key in it); returns the one-time passphrase."""
    config = load_config(session)
    if config is None:
        raise SyncError("set up sync on this device first")
    team = _team(session, config)
    if not team.is_admin:
        raise SyncError("only a team admin can invite a device")
    if out.exists():
        raise SyncError(f"{out.name} already exists; choose a new file name")
    passphrase = new_one_time_passphrase()
    join_secret = os.urandom(32)
    me = team.member
    name = me.name if me else "admin laptop"
    invite = Invite(config.server, config.fingerprint, token, config.root, config.device_id,
                    name, join_secret)  # fmt: skip
    write_invite(out, invite, passphrase, memory_kib=memory_kib, iterations=iterations)
    store = SyncStore(session)
    with session.transaction():
        invites = dict(store.get("invites", {}) or {})  # type: ignore[call-overload]
        invites[token_hash(token)] = b64(join_secret)
        store.put("invites", invites)
        # The other admins get the proof's verifier (not the secret) at the next round, so
        # any of them can let the newcomer in.
        team.notes.queue({"kind": "invite", "invite": token_hash(token),
                          "verifier": b64(joining.invite_verifier(join_secret))})  # fmt: skip
        session.audit.append(AuditAction.DISCLOSE, "sync", None, "invite written")
    return passphrase


def join(session: Session, invite_path: Path, passphrase: str) -> SyncConfig:
    return join_invite(session, read_invite(invite_path, passphrase))


def join_invite(session: Session, invite: Invite) -> SyncConfig:
    """Enrol with an invite already opened (the first-run wizard opens it before the vault).
    The laptop then waits until the inviting admin's laptop lets it in."""
    return _enrol(session, invite.server, invite.fingerprint, invite.token, invite.root, invite)


def _team(session: Session, config: SyncConfig) -> Team:
    return Team(session, config.device_id, _keys(session), config.root)


def _transport(config: SyncConfig, retry: Retry | None = None) -> Transport:
    return Transport(config.server, config.cert_pem, config.device_token, retry=retry or Retry())


def run_once(
    session: Session,
    *,
    cancel: CancelToken | None = None,
    retry: Retry | None = None,
) -> SyncReport:
    config = load_config(session)
    if config is None:
        raise SyncError("sync is not set up on this device")
    store = SyncStore(session)
    try:
        team = _team(session, config)
        with _transport(config, retry) as t:
            try:
                if store.get("ready_card"):
                    _send_ready(session, config, t)
                report = SyncEngine(session, t, team, cancel=cancel).run_round()
                if not report.waiting:
                    _exchange_audit_head(session, team, t)
            except RevokedError as exc:
                if exc.wipe or not exc.commands:
                    raise
                check = team.check_commands(exc.commands)
                if check.ignored:
                    store.put("ignored_commands", int(str(store.get("ignored_commands", 0)))
                              + check.ignored)  # fmt: skip
                raise RevokedError(str(exc), check.wipe) from None
    except SyncError as exc:
        store.put("last_error", exc.code)
        raise
    except Exception:
        store.put("last_error", "sync_internal")  # a bug: the status says sync stopped
        raise
    store.put("last_sync", _now())
    store.put("last_error", "sync_waiting" if report.waiting else None)
    return report


def _exchange_audit_head(session: Session, team: Team, t: Transport) -> None:
    """Issue 12 and 18 (Deliver 8): compare the local audit log with the head the office keeps
    and with the heads the team witnessed, then send ours. A log cut short is recorded (never
    sent over the office's copy, which stays the proof); a head this laptop never signed is
    flagged as a forgery and never counted against it, so the office alone cannot mark an
    honest laptop truncated."""
    store = SyncStore(session)
    checked = check_heads(session, team, t)
    found = "; ".join(checked.problems) or None
    if found is None and not checked.office_forged:
        try:
            audit_head.send(session, team, t)
        except audit_head.AuditHeadBehind:
            # The office's own head verified and is on this chain: a refusal now is the
            # office's doing (its clear count is not the sealed one), not a cut log.
            checked.flagged.append("the office refuses this laptop's audit head although the "
                                   "head it holds is on this laptop's log")  # fmt: skip
    store.put("audit_office_problem", found or "; ".join(checked.flagged) or None)


@dataclass
class HeadsChecked(HeadCheck):
    office_forged: bool = False


def check_heads(session: Session, team: Team, t: Transport) -> HeadsChecked:
    """Every head the office and the team kept for this laptop, against its local chain:
    ``problems`` (its own signed head is not on its chain: cut or rewritten), ``flagged``
    (heads it never signed: shown, never counted against it), ``matched``."""
    result = HeadsChecked()
    try:
        held = audit_head.office_head(team, t)
    except audit_head.ForgedHead as exc:
        result.office_forged = True
        result.flagged.append(f"{exc}: a head this laptop never signed, not counted against it")
    else:
        if held is not None:
            found = head_problem(session.conn, *held)
            if found is None:
                result.matched += 1
            else:
                result.problems.append(found.replace("the key file records", "the office holds"))
    names = {m.device: m.name for m in team.state.members.values()} if team.state else {}
    team_check = Witnesses(SyncStore(session), team).check(session, names)
    result.matched += team_check.matched
    result.problems += team_check.problems
    result.flagged += team_check.flagged
    return result


def check_against_office(session: Session, *, retry: Retry | None = None) -> str | None:
    """For `vault check --against-office`: None when the local audit log still holds the head
    the office keeps for this laptop and every head the team witnessed; else what is wrong.
    Raises SyncError when unreachable."""
    return check_all_heads(session, retry=retry).problem


@dataclass(frozen=True)
class HeadsReport:
    problem: str | None  # its own signed head is not on its chain
    flagged: list[str]  # heads it never signed (forged by the office or a member)
    matched: int


def check_all_heads(session: Session, *, retry: Retry | None = None) -> HeadsReport:
    config = load_config(session)
    if config is None:
        raise SyncError("sync is not set up on this device")
    team = _team(session, config)
    if team.ring is None:
        raise SyncError("this laptop has no team key yet; sync first")
    with _transport(config, retry) as t:
        checked = check_heads(session, team, t)
    return HeadsReport("; ".join(checked.problems) or None, checked.flagged, checked.matched)


def team_info(session: Session) -> TeamInfo:
    """Devices of the team as this laptop last verified them (run a sync round first)."""
    config = load_config(session)
    if config is None:
        raise SyncError("sync is not set up on this device")
    team = _team(session, config)
    if team.state is None:
        raise SyncError("this laptop has not read the team's membership log yet; sync first")
    store = SyncStore(session)
    names, seen = store.get("device_names", {}) or {}, store.get("last_seen", {}) or {}
    assert isinstance(names, dict) and isinstance(seen, dict)
    heard = freshness.heard_from(session)
    devices = [
        TeamDevice(
            m.device,
            str(names.get(m.device) or m.name),
            m.role,
            m.added_by,
            m.added_at,
            m.current,
            m.device == config.device_id,
            _when(seen.get(m.device)),
            heard.get(m.node),
        )  # fmt: skip
        for m in team.state.members.values()
    ]
    return TeamInfo(team.state.epoch, devices)


def remove_device(
    session: Session, device: str, *, wipe: bool = False, retry: Retry | None = None
) -> tuple[str | None, str | None]:
    """An admin removes a device: rotation to a fresh epoch key the device never gets; with
    ``wipe``, also a signed wipe addressed to it. What needs a second admin's signature
    (removing an admin, any wipe, while there are two admins or more) is proposed to the
    other admins instead: the ids of those proposals are returned (removal, wipe)."""
    config = load_config(session)
    if config is None:
        raise SyncError("sync is not set up on this device")
    team = _team(session, config)
    with _transport(config, retry) as t:
        # A whole round first: the cut-off names the last of its writes the office holds, so
        # the laptops that already pulled more of them do not split from this one.
        SyncEngine(session, t, team).run_round()
        wipe_pid = team.wipe(t, device) if wipe else None
        done = team.remove(t, device)
        if done is False:
            raise SyncError("another admin changed the team at the same moment; try again")
    with session.transaction():
        what = "device removal proposed" if isinstance(done, str) else "device removed from team"
        session.audit.append(AuditAction.CHANGE, "sync", device, what)
    return (done if isinstance(done, str) else None), wipe_pid


def _read_team_log(session: Session, team: Team, t: Transport) -> None:
    """The team log as the office holds it now (one small request), before an admin acts."""
    answer = t.sync(
        {
            "version": PROTOCOL_VERSION,
            "cursor": SyncStore(session).cursor(),
            "messages": [],
            "pull_limit": 1,
            "membership_from": team.ask_from(),
        }
    )
    team.absorb(answer)
    team.check_commands(answer.get("commands"))  # admin notes are kept; a wipe waits a round


def set_role(session: Session, device: str, role: str, *, retry: Retry | None = None) -> str | None:
    """An admin makes another device an admin (or a member again). With two or more admins,
    demoting one needs a second admin's signature: it is proposed to the other admins and
    the proposal's id returned."""
    config = load_config(session)
    if config is None:
        raise SyncError("sync is not set up on this device")
    team = _team(session, config)
    with _transport(config, retry) as t:
        _read_team_log(session, team, t)
        done = team.set_role(t, device, role)
        if done is False:
            raise SyncError("another admin changed the team at the same moment; try again")
    with session.transaction():
        what = "proposed" if isinstance(done, str) else "set"
        session.audit.append(AuditAction.CHANGE, "sync", device, f"team role {what}: {role}")
    return done if isinstance(done, str) else None


def proposals(session: Session, *, retry: Retry | None = None) -> list[Proposal]:
    """Proposals waiting for a second admin: the other admins' (to co-sign) and ours (made,
    waiting). Asks the office first, so notes sent since the last round are here."""
    config = _config(session)
    team = _team(session, config)
    with _transport(config, retry) as t:
        _read_team_log(session, team, t)
        team.notes.flush(t)
    return team.notes.pending()


def cosign(session: Session, proposal: str, *, retry: Retry | None = None) -> Proposal:
    """A second admin checks a proposal against its own team log and signs it; the proposer's
    next round sends the event (or the wipe) with both signatures."""
    config = _config(session)
    team = _team(session, config)
    with _transport(config, retry) as t:
        _read_team_log(session, team, t)
        done = team.notes.cosign(proposal)
        team.notes.flush(t)
    with session.transaction():
        session.audit.append(AuditAction.CHANGE, "sync", done.device, f"co-signed {done.what}")
    return done


def name_device(session: Session, device: str, name: str) -> None:
    """An admin's own name for a team device (kept on this laptop only, never synced)."""
    name = " ".join(name.split())
    if not 0 < len(name) <= 60:
        raise InvalidInput("a device name has 1 to 60 characters")
    team = _team(session, _config(session))
    if team.state is None or device not in team.state.members:
        raise SyncError("no such device in the team")
    store = SyncStore(session)
    with session.transaction():
        names = dict(store.get("device_names", {}) or {})  # type: ignore[call-overload]
        names[device] = name
        store.put("device_names", names)


def _config(session: Session) -> SyncConfig:
    config = load_config(session)
    if config is None:
        raise SyncError("sync is not set up on this device")
    return config


def revert_device(session: Session, device: str, since: dt.date) -> RevertResult:
    """Undo what team device ``device`` wrote from ``since`` (UTC midnight) on, here; the
    earlier values go to the team as this laptop's writes at the next sync."""
    config = load_config(session)
    if config is None:
        raise SyncError("sync is not set up on this device")
    team = _team(session, config)
    member = team.state.members.get(device) if team.state else None
    if member is None:
        raise SyncError("no such device in the team")
    if member.node == session.device_id:
        raise SyncError("this laptop's own writes are changed in the window, not reverted")
    start = dt.datetime.combine(since, dt.time(), tzinfo=dt.UTC)
    return revert.revert_device(session, member.node, int(start.timestamp() * 1000))


def rotate_key(session: Session, *, retry: Retry | None = None) -> int:
    """An admin starts a fresh epoch key (wrapped to every current device); returns it."""
    config = load_config(session)
    if config is None:
        raise SyncError("sync is not set up on this device")
    team = _team(session, config)
    with _transport(config, retry) as t:
        _read_team_log(session, team, t)
        if not team.is_admin:
            raise SyncError("only a team admin can rotate the team key")
        if not team.rotate(t):
            raise SyncError("another admin changed the team at the same moment; try again")
    assert team.state is not None
    return team.state.epoch


def not_configured() -> SyncStatus:
    return SyncStatus(False, None, None, None, 0, 0, 0, 0, 0)


def status(session: Session, *, admin_beacon_days: int = 7) -> SyncStatus:
    """``admin_beacon_days``: the program's setting (warn when no admin was heard from)."""
    store = SyncStore(session)
    config = load_config(session)
    if config is None:
        return not_configured()
    tstore = TeamStore(session)
    outbox = store.outbox(1)
    conflicts = session.conn.execute("SELECT count(*) FROM conflicts WHERE resolved = 0")
    quarantined = session.conn.execute("SELECT count(*) FROM quarantine")
    last_error = store.get("last_error")
    team = _team(session, config)
    waiting = None
    if team.ring is None:
        waiting = config.inviter_name or "the inviting admin's laptop"
    claims = freshness.claims(session)
    silent = None if team.ring is None else freshness.admin_silent_since(
        session, team.state, admin_beacon_days)  # fmt: skip
    return SyncStatus(
        configured=True,
        server=config.server,
        last_sync=str(store.get("last_sync")) if store.get("last_sync") else None,
        last_error=str(last_error) if last_error else None,
        pending=store.pending_count() - outbox.held_writes,
        held=outbox.held_writes,
        held_clients=outbox.held_subjects,
        conflicts=int(conflicts.fetchone()[0]),
        quarantined=int(quarantined.fetchone()[0]),
        last_quarantine_reason=tstore.last_quarantine_reason(),
        ignored_commands=int(str(store.get("ignored_commands", 0))),
        waiting_for=waiting,
        epoch=team.state.epoch if team.state else None,
        kept_here_only=len(tstore.kept_here_only()),
        audit_problem=str(store.get("audit_office_problem") or "") or None,
        removed=bool(team.member is not None and not team.member.current),
        undelivered_withdrawals=len(tstore.undelivered()),
        withdrawals_to_redo=_to_redo(store),
        office_refuses=len(store.get("office_refuses", []) or []),  # type: ignore[arg-type]
        team_changes_held_back=_held_back(store, team),
        team_log_forked=team.forked,
        quota_held=_quota_held(tstore, team),
        office_quota=_office_quota(store),
        unconfirmed_withdrawals=freshness.unconfirmed(
            session, team.state, freshness.load_seen(store)
        ),
        register_held_back=max(
            (sum(n for a, n in c.more.items() if a != freshness.TEAM_LOG) for c in claims),
            default=0,
        ),  # fmt: skip
        unbacked_claims=tuple((_name(team, c.node), c.since) for c in claims),
        admin_silent_since=silent.isoformat(timespec="seconds") if silent else None,
    )


def _name(team: Team, node: str) -> str:
    member = team.state.by_node(node) if team.state else None
    return member.name if member is not None else node[:8]


def _to_redo(store: SyncStore) -> tuple[str, ...]:
    removed = store.get("removed", {})
    redo = removed.get("withdrawals_to_redo", []) if isinstance(removed, dict) else []
    return tuple(str(c) for c in redo) if isinstance(redo, list) else ()


def _quota_held(tstore: TeamStore, team: Team) -> dict[str, int]:
    names = {m.node: m.name for m in team.state.members.values()} if team.state else {}
    return {names.get(a, a[:8]): n for a, n in sorted(tstore.quota_held_by_author().items())}


def _office_quota(store: SyncStore) -> str | None:
    value = store.get("office_quota")
    return str(value.get("reason")) if isinstance(value, dict) else None


def _held_back(store: SyncStore, team: Team) -> int:
    ahead = store.get("team_view_ahead", {})
    length = team.state.length if team.state else 0
    if not isinstance(ahead, dict):
        return 0
    return max((int(n) - length for n in ahead.values() if isinstance(n, int)), default=0)


def _when(seconds: object) -> str | None:
    if not isinstance(seconds, int) or isinstance(seconds, bool) or seconds <= 0:
        return None
    return dt.datetime.fromtimestamp(seconds, dt.UTC).isoformat(timespec="minutes")


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
