"""Helpers shared by the subcommands: unlocking from the command line, secrets, output."""

from __future__ import annotations

import argparse

from exitdoors_desktop.cli import Secrets
from exitdoors_desktop.core.errors import InvalidInput
from exitdoors_desktop.storage.vault import Session, Vault


def secrets(args: argparse.Namespace) -> Secrets:
    return Secrets(bool(getattr(args, "passphrase_stdin", False)))


def unlock(args: argparse.Namespace, user: str | None = None) -> Session:
    vault = Vault(args.data_dir)
    name = user or getattr(args, "user", None)
    if not name:
        users = vault.users()
        if len(users) != 1:
            raise InvalidInput("this vault has several users: name one with --user")
        name = users[0][0]
    passphrase = secrets(args).read("Passphrase")
    return vault.unlock(name, passphrase)
