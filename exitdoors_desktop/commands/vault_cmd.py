"""`exitdoors vault init | check | passwd | recover | adduser | deluser`."""

from __future__ import annotations

import argparse
import sys

from exitdoors_desktop.commands.common import _kdf, add_secret_options, secrets, unlock
from exitdoors_desktop.core.errors import InvalidInput, VaultCorrupt
from exitdoors_desktop.core.people import Role
from exitdoors_desktop.core.permissions import Permission
from exitdoors_desktop.storage import db
from exitdoors_desktop.storage.audit import verify_chain
from exitdoors_desktop.storage.clients_repo import ClientRepository
from exitdoors_desktop.storage.rekey import rekey
from exitdoors_desktop.storage.vault import Vault
from exitdoors_desktop.sync import service

_ROLES = [r.value for r in Role]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    vault = sub.add_parser("vault", help="create, check and manage the encrypted vault")
    vsub = vault.add_subparsers(dest="vault_command", required=True, parser_class=type(vault))

    p = vsub.add_parser("init", help="create a new vault and print its recovery key once")
    p.add_argument("--user", required=True)
    p.add_argument(
        "--role", choices=_ROLES, default=Role.ADMIN.value, help="default admin: she set it up"
    )
    add_secret_options(p, kdf=True)
    p.set_defaults(handler=cmd_init)

    p = vsub.add_parser("check", help="verify encryption, database and audit chain")
    p.add_argument("--user")
    p.add_argument(
        "--against-office",
        action="store_true",
        help="also compare the audit log with the head the office server keeps (sync set up)",
    )
    add_secret_options(p)
    p.set_defaults(handler=cmd_check)

    p = vsub.add_parser("passwd", help="change a passphrase (old, then new)")
    p.add_argument("--user", required=True)
    p.add_argument(
        "--rekey",
        action="store_true",
        help="also give the database a fresh key (the old passphrase may be known to others)",
    )
    add_secret_options(p, kdf=True)
    p.set_defaults(handler=cmd_passwd)

    p = vsub.add_parser("recover", help="set a new passphrase with the recovery key")
    p.add_argument("--user", required=True)
    add_secret_options(p, kdf=True)
    p.set_defaults(handler=cmd_recover)

    p = vsub.add_parser("adduser", help="give another person their own passphrase")
    p.add_argument("--user", required=True, help="who unlocks now")
    p.add_argument("--new-user", required=True)
    p.add_argument("--role", choices=_ROLES, default=Role.CASE_MANAGER.value)
    add_secret_options(p, kdf=True)
    p.set_defaults(handler=cmd_adduser)

    p = vsub.add_parser("deluser", help="remove a user and re-key the database (admin)")
    p.add_argument("--user", required=True, help="the admin who unlocks now")
    p.add_argument("--remove", required=True, metavar="NAME")
    add_secret_options(p)
    p.set_defaults(handler=cmd_deluser)


def cmd_init(args: argparse.Namespace) -> int:
    vault = Vault(args.data_dir)
    if vault.exists():
        raise InvalidInput(f"a vault already exists in {args.data_dir}; nothing was changed")
    passphrase = secrets(args).read("New passphrase", confirm=True)
    session, recovery = vault.create(args.user, passphrase, Role(args.role), kdf=_kdf(args))
    session.lock()
    print(f"Vault created in {args.data_dir} for user {args.user}.")
    print("Recovery key (write it down and keep it somewhere safe; it is shown only once):")
    print(f"  {recovery}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    session = unlock(args, need=Permission.CHECK)
    try:
        problems = db.integrity_problems(session.conn)
        chain = verify_chain(session.conn)
        head = session.audit_head_problem()
        heads = None
        if args.against_office:
            heads = service.check_all_heads(session)
        n_clients = ClientRepository(session).count()
    finally:
        session.lock()
    if problems:
        raise VaultCorrupt(f"integrity check failed ({len(problems)} problems)")
    if not chain.ok:
        raise VaultCorrupt(f"audit chain broken at event {chain.first_broken_seq}")
    if head is not None:
        raise VaultCorrupt(head)
    for flag in heads.flagged if heads else []:  # never counted against this laptop
        print(f"FLAGGED (not accepted): {flag}", file=sys.stderr)
    if heads is not None and heads.problem is not None:
        raise VaultCorrupt(heads.problem)
    print(
        f"vault ok: cipher_integrity_check ok, integrity_check ok, "
        f"audit chain intact ({chain.events} events), {n_clients} clients"
        + (
            f", matches the office's audit head ({heads.matched} heads kept by the office and "
            f"the team checked, {len(heads.flagged)} flagged)"
            if heads is not None
            else ""
        )
    )
    return 0


def cmd_passwd(args: argparse.Namespace) -> int:
    reader = secrets(args)
    old = reader.read("Current passphrase")
    new = reader.read("New passphrase", confirm=True)
    Vault(args.data_dir).change_passphrase(args.user, old, new, kdf=_kdf(args), rekey=args.rekey)
    if args.rekey:
        print("Passphrase changed and the database re-keyed: old key files open nothing now.")
    else:
        print("Passphrase changed.")
    return 0


def cmd_recover(args: argparse.Namespace) -> int:
    reader = secrets(args)
    recovery = reader.read("Recovery key")
    new = reader.read("New passphrase", confirm=True)
    Vault(args.data_dir).recover(recovery, args.user, new, kdf=_kdf(args))
    print(f"New passphrase set for {args.user}. The recovery key stays the same.")
    return 0


def cmd_adduser(args: argparse.Namespace) -> int:
    session = unlock(args, need=Permission.USERS)
    try:
        new = secrets(args).read(f"Passphrase for {args.new_user}", confirm=True)
        session.add_user(args.new_user, new, Role(args.role), kdf=_kdf(args))
    finally:
        session.lock()
    print(f"User {args.new_user} added.")
    return 0


def cmd_deluser(args: argparse.Namespace) -> int:
    session = unlock(args, need=Permission.USERS)
    try:
        rekey(session, remove_user=args.remove)
    finally:
        session.lock()
    print(
        f"User {args.remove} removed and the database re-keyed: "
        "their passphrase and any old copy of the key file open nothing now."
    )
    return 0
