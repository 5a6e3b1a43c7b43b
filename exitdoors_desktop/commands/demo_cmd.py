"""`exitdoors demo --clients N`: a new vault (user ``demo``) full of synthetic clients."""

from __future__ import annotations

import argparse

from exitdoors_desktop.commands.common import _kdf, add_secret_options, secrets
from exitdoors_desktop.core.errors import InvalidInput
from exitdoors_desktop.storage.demo import seed_demo
from exitdoors_desktop.storage.vault import Vault


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("demo", help="create a demo vault of synthetic clients (user 'demo')")
    p.add_argument("--clients", type=int, default=200)
    p.add_argument("--seed", type=int, default=7)
    add_secret_options(p, kdf=True)
    p.set_defaults(handler=cmd_demo)


def cmd_demo(args: argparse.Namespace) -> int:
    if not 0 <= args.clients <= 100_000:
        raise InvalidInput("--clients must be between 0 and 100000")
    vault = Vault(args.data_dir)
    if vault.exists():
        raise InvalidInput(f"a vault already exists in {args.data_dir}; nothing was changed")
    passphrase = secrets(args).read("New passphrase for user demo", confirm=True)
    session, recovery = vault.create("demo", passphrase, kdf=_kdf(args))
    try:
        count = seed_demo(session, args.clients, seed=args.seed)
    finally:
        session.lock()
    print(f"Demo vault created in {args.data_dir}: user 'demo', {count} synthetic clients.")
    print(f"Recovery key: {recovery}")
    return 0
