"""`exitdoors sync setup | invite | join | run | status | team`."""

from __future__ import annotations

import argparse
import datetime as dt
import time
from pathlib import Path

from exitdoors_desktop.commands.common import add_secret_options, secrets, unlock
from exitdoors_desktop.core.definitions import load_definitions
from exitdoors_desktop.core.errors import InvalidInput, SyncNetworkError
from exitdoors_desktop.core.permissions import Permission
from exitdoors_desktop.storage.clients_repo import ClientRepository
from exitdoors_desktop.storage.vault import Session, Vault, wipe
from exitdoors_desktop.sync import service
from exitdoors_desktop.sync.admin_notes import Proposal
from exitdoors_desktop.sync.transport import RevokedError


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sync = sub.add_parser("sync", help="share the caseload with the office server (encrypted)")
    ssub = sync.add_subparsers(dest="sync_command", required=True, parser_class=type(sync))

    p = ssub.add_parser("setup", help="first device of a team: make the team key and enrol")
    p.add_argument("--server", required=True, help="https://host:port")
    p.add_argument("--fingerprint", required=True, help="the server certificate's SHA-256")
    p.add_argument("--token", required=True, help="enrollment token from exitdoors-server invite")
    p.add_argument("--user")
    add_secret_options(p)
    p.set_defaults(handler=cmd_setup)

    p = ssub.add_parser("invite", help="write an invite file for a new device")
    p.add_argument("--token", required=True, help="a fresh enrollment token for that device")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--user")
    add_secret_options(p)
    p.set_defaults(handler=cmd_invite)

    p = ssub.add_parser("join", help="join a team with an invite file")
    p.add_argument("file", type=Path)
    p.add_argument("--wait", type=int, default=0, metavar="SECONDS",
                   help="keep asking until an admin's laptop lets this laptop in (at most this long)")  # fmt: skip
    p.add_argument("--user")
    add_secret_options(p)
    p.set_defaults(handler=cmd_join)

    p = ssub.add_parser("run", help="one sync round")
    p.add_argument("--user")
    add_secret_options(p)
    p.set_defaults(handler=cmd_run)

    p = ssub.add_parser("status", help="last sync, pending, held back, conflicts")
    p.add_argument("--user")
    add_secret_options(p)
    p.set_defaults(handler=cmd_status)

    p = ssub.add_parser("team", help="the team's devices, who added them, roles, the epoch")
    p.add_argument("--remove", metavar="DEVICE", help="admin: remove a device (rotates the key)")
    p.add_argument("--wipe", action="store_true", help="with --remove: also send a signed wipe")
    p.add_argument("--make-admin", metavar="DEVICE", help="admin: make another device an admin")
    p.add_argument("--make-member", metavar="DEVICE",
                   help="admin: make an admin (or supervisor) an ordinary member again")  # fmt: skip
    p.add_argument("--name", nargs=2, metavar=("DEVICE", "NAME"),
                   help="admin: the name this laptop shows for a device (kept here only)")  # fmt: skip
    p.add_argument("--proposals", action="store_true",
                   help="admin: actions waiting for a second admin's signature")  # fmt: skip
    p.add_argument("--cosign", metavar="PROPOSAL",
                   help="admin: check and co-sign another admin's proposal")  # fmt: skip
    p.add_argument("--user")
    add_secret_options(p)
    p.set_defaults(handler=cmd_team)

    p = ssub.add_parser("revert", help="undo one team device's writes since a date (admin)")
    p.add_argument("--device", required=True, metavar="DEVICE", help="its team device id")
    p.add_argument("--since", required=True, metavar="YYYY-MM-DD", help="from this day (UTC)")
    p.add_argument("--user")
    add_secret_options(p)
    p.set_defaults(handler=cmd_revert)


def cmd_setup(args: argparse.Namespace) -> int:
    session = unlock(args, need=Permission.SYNC_TEAM)
    try:
        config = service.setup(session, args.server, args.fingerprint, args.token)
    finally:
        session.lock()
    print(f"Sync set up with {config.server}; this device is {config.device_id}.")
    return 0


def cmd_invite(args: argparse.Namespace) -> int:
    session = unlock(args, need=Permission.SYNC_TEAM)
    try:
        passphrase = service.make_invite(session, args.token, args.out)
    finally:
        session.lock()
    print(f"Invite written to {args.out}.")
    print("One-time passphrase (give it to the new device's user separately, not with the file):")
    print(f"  {passphrase}")
    return 0


def cmd_join(args: argparse.Namespace) -> int:
    if not args.file.exists():
        raise InvalidInput(f"no such invite file: {args.file}")
    if args.wait < 0:
        raise InvalidInput("--wait takes a number of seconds, 0 or more")
    session = unlock(args, need=Permission.SYNC_TEAM)
    try:
        one_time = secrets(args).read("One-time passphrase of the invite")
        config = service.join(session, args.file, one_time)
        print(f"Enrolled with the office at {config.server}; this device is {config.device_id}.")
        let_in = _wait_to_be_let_in(session, args.wait)
    finally:
        session.lock()
    if let_in:
        print("An admin's laptop let this laptop in: it is in the team.")
        return 0
    print("Not in the team yet: waiting for an admin to let this laptop in (any team admin's "
          "next sync does it). Run `exitdoors sync run` later, or `exitdoors sync join` again "
          "with --wait SECONDS: the same invite and keys keep this laptop's place.")  # fmt: skip
    return 0


def _wait_to_be_let_in(session: Session, seconds: int) -> bool:
    """Sync rounds until the team log shows this laptop (progress on standard output)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            if not service.run_once(session).waiting:
                return True
            said = "waiting for an admin to let this laptop in"
        except SyncNetworkError:  # a cut while waiting: enrolled already, ask again
            said = "the office cannot be reached; still waiting for an admin to let this laptop in"
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        print(f"{said}… ({int(left)} s left)", flush=True)
        time.sleep(min(5.0, left))


def cmd_run(args: argparse.Namespace) -> int:
    session = unlock(args, need=Permission.SYNC_RUN)
    try:
        report = service.run_once(session)
    except RevokedError as exc:
        if exc.wipe:
            removed = wipe(Vault(args.data_dir), session)
            print(
                "A team admin's signed command told this device to wipe itself; it has been "
                f"wiped ({len(removed)} files)."
            )
        raise
    finally:
        session.lock()
    if report.waiting:
        print("Enrolled; waiting for an admin to let this laptop in (any admin's next sync).")
        return 0
    print(
        f"pushed {report.pushed}, pulled {report.pulled}, held back {report.held} "
        f"(for {report.held_clients} clients without sharing consent), conflicts {report.conflicts}, "
        f"quarantined {report.quarantined}, purges sent {report.purges_sent}"
    )
    if report.office_restored:
        print(
            f"restored the office's copy of {report.office_restored} client(s) the team never "
            "withdrew (the office had been told to purge them)"
        )
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    days = load_definitions().program.admin_beacon_days
    session = unlock(args, need=Permission.SYNC_RUN)
    try:
        st = service.status(session, admin_beacon_days=days)
        names = dict(ClientRepository(session).names())
    finally:
        session.lock()
    if not st.configured:
        print("sync: not set up on this device")
        return 0
    print(f"server: {st.server}")
    print(
        f"last sync: {st.last_sync or 'never'}"
        + (f" (last error: {st.last_error})" if st.last_error else "")
    )
    print(f"pending: {st.pending}, held back for consent: {st.held} ({st.held_clients} clients)")
    print(f"conflicts to review: {st.conflicts}, quarantined messages: {st.quarantined}")
    if st.last_quarantine_reason:
        print(f"last quarantined because: {st.last_quarantine_reason}")
    print(f"ignored commands: {st.ignored_commands}")
    if st.waiting_for:
        print(f"waiting for an admin to let this laptop in (invited by {st.waiting_for})")
    if st.epoch is not None:
        print(f"team key epoch: {st.epoch}")
    if st.audit_problem:
        print(f"AUDIT LOG PROBLEM (compared with the office): {st.audit_problem}")
    if st.removed:
        print("REMOVED: a team admin removed this laptop from the team; it sends nothing more")
        if st.withdrawals_to_redo:
            print(f"withdrawals recorded here that did not reach the team: "
                  f"{len(st.withdrawals_to_redo)} (record them again on another laptop):")  # fmt: skip
            for cid in st.withdrawals_to_redo:
                print(f"  {names.get(cid, cid)}")
    elif st.undelivered_withdrawals:
        print(f"withdrawals waiting to reach the office: {st.undelivered_withdrawals}")
    if st.unconfirmed_withdrawals and not st.removed:
        print(f"{st.unconfirmed_withdrawals} withdrawals not yet confirmed by the team "
              "(re-sent each round until every other laptop's signed view shows it holds them)")  # fmt: skip
    if st.admin_silent_since:
        print(f"WARNING: no word from a team admin since {st.admin_silent_since[:10]} "
              f"(no signed admin beacon for more than {days} days)")  # fmt: skip
    if st.team_log_forked:
        print("STOPPED: the team log forked (the office showed another branch to some laptops);"
              " membership actions are refused until the admins compare their logs")  # fmt: skip
    if st.team_changes_held_back:
        print(f"WARNING: other team laptops hold {st.team_changes_held_back} team change(s) this "
              "laptop was not sent: the office server may be holding back team changes")  # fmt: skip
    if st.register_held_back:
        print(f"WARNING: other team laptops hold {st.register_held_back} withdrawal or re-share "
              "statement(s) this laptop was not sent: the office server is holding back team "
              "changes")  # fmt: skip
    for name, since in st.unbacked_claims:
        print(f"  {name} signed that it holds team changes this laptop never received "
              f"(since {since}); not obeyed")  # fmt: skip
    if st.office_refuses:
        print(f"the office refuses writes about {st.office_refuses} client(s); they wait here")
    if st.kept_here_only:
        print(f"clients kept here only (consent to share withdrawn): {st.kept_here_only}")
    for name, n in st.quota_held.items():
        print(f"{n} messages from {name} held: over quota")
    if st.office_quota:
        print(f"the office takes no more from this laptop today ({st.office_quota}); "
              "its writes wait here")  # fmt: skip
    return 0


def cmd_team(args: argparse.Namespace) -> int:
    if args.wipe and not args.remove:
        raise InvalidInput("--wipe goes with --remove DEVICE")
    session = unlock(args)
    try:
        if args.remove:
            removal, wipe_ = service.remove_device(session, args.remove, wipe=args.wipe)
            if not _proposed(removal, "removing an admin"):
                print(f"Removed {args.remove}; the team key was rotated.")
            if args.wipe and not _proposed(wipe_, "a wipe"):
                print(f"A signed wipe was sent to {args.remove}.")
        if args.make_admin:
            service.set_role(session, args.make_admin, "admin")
            print(f"{args.make_admin} is now a team admin.")
        if args.make_member:
            pid = service.set_role(session, args.make_member, "member")
            if not _proposed(pid, "demoting an admin"):
                print(f"{args.make_member} is now a member.")
        if args.name:
            service.name_device(session, args.name[0], args.name[1])
        if args.cosign:
            done = service.cosign(session, args.cosign)
            print(f"Co-signed {done.what} of {done.device}; it takes effect when the admin "
                  "who proposed it syncs.")  # fmt: skip
        if args.proposals:
            _print_proposals(service.proposals(session))
            return 0
        info = service.team_info(session)
    finally:
        session.lock()
    print(f"team key epoch: {info.epoch}")
    for d in info.devices:
        state = "" if d.current else " (removed)"
        me = " (this laptop)" if d.this_laptop else ""
        added = "created the team" if d.added_by == d.device else f"added by {d.added_by}"
        synced = f"last synced {d.last_synced}" if d.last_synced else "not synced yet"
        heard = "" if d.this_laptop else f"  last heard from {d.last_heard or 'never'}"
        print(
            f"{d.device}  {d.name}  {d.role}  {added} at {d.added_at}  {synced}{state}{me}{heard}"
        )
    return 0


def _proposed(pid: str | None, what: str) -> bool:
    if pid:
        print(f"Proposed ({what} needs a second admin's signature): proposal {pid}. Another "
              f"admin runs `exitdoors sync team --cosign {pid}`; it takes effect when this "
              "laptop syncs after that.")  # fmt: skip
    return bool(pid)


def _print_proposals(found: list[Proposal]) -> None:
    if not found:
        print("No proposal waits for a second admin.")
    for p in found:
        if p.mine:
            state = (
                "co-signed: sent at the next sync" if p.cosigned else "waiting for a co-signature"
            )
            print(f"{p.id}  {p.what} {p.device}  proposed here  {state}")
        else:
            print(
                f"{p.id}  {p.what} {p.device}  proposed by {p.proposer} at {p.at}  "
                f"(co-sign: exitdoors sync team --cosign {p.id})"
            )


def cmd_revert(args: argparse.Namespace) -> int:
    try:
        since = dt.date.fromisoformat(args.since)
    except ValueError:
        raise InvalidInput("--since must be a real date, YYYY-MM-DD") from None
    session = unlock(args, need=Permission.SYNC_TEAM)
    try:
        result = service.revert_device(session, args.device, since)
    finally:
        session.lock()
    print(
        f"Reverted {result.fields} field(s) and marked {result.rows_deleted} row(s) it created "
        f"deleted ({result.rows_kept} kept: they cannot be deleted); the team gets the "
        "earlier values at the next sync."
    )
    return 0
