"""Helpers shared by the subcommands: unlocking from the command line, secrets, output."""

from __future__ import annotations

import argparse
import getpass
import sys

from exitdoors_desktop.core.errors import InvalidInput
from exitdoors_desktop.core.permissions import Permission, require
from exitdoors_desktop.storage.secrets import KdfParams, insecure_kdf_allowed
from exitdoors_desktop.storage.vault import Session, Vault


class Secrets:
    """Reads passphrases from a prompt or from stdin lines, in the order a command asks."""

    def __init__(self, from_stdin: bool) -> None:
        self.from_stdin = from_stdin

    def read(self, prompt: str, *, confirm: bool = False) -> str:
        if self.from_stdin:
            line = sys.stdin.readline()
            if not line:
                raise InvalidInput(f"expected a line on standard input for: {prompt.lower()}")
            return line.rstrip("\r\n")
        value = getpass.getpass(f"{prompt}: ")
        if confirm and getpass.getpass(f"{prompt} (again): ") != value:
            raise InvalidInput("the two entries differ")
        return value


def _kdf(args: argparse.Namespace) -> KdfParams | None:
    # Hidden, for tests and CI only: real vaults calibrate Argon2id to about 0.5 s. Refused
    # unless the test suite's environment variable is set.
    if not getattr(args, "insecure_fast_kdf", False):
        return None
    if not insecure_kdf_allowed():
        raise InvalidInput("--insecure-fast-kdf is only for the test suite; nothing was changed")
    return KdfParams.cheap_for_tests()


def add_secret_options(p: argparse.ArgumentParser, *, kdf: bool = False) -> None:
    p.add_argument(
        "--passphrase-stdin",
        action="store_true",
        help="read the passphrase (and any further secret) one line each from stdin",
    )
    if kdf:
        p.add_argument("--insecure-fast-kdf", action="store_true", help=argparse.SUPPRESS)


def secrets(args: argparse.Namespace) -> Secrets:
    return Secrets(bool(getattr(args, "passphrase_stdin", False)))


def unlock(
    args: argparse.Namespace, user: str | None = None, need: Permission | None = None
) -> Session:
    """Unlock as --user (or the only user); with ``need``, refuse a role without it."""
    vault = Vault(args.data_dir)
    name = user or getattr(args, "user", None)
    if not name:
        users = vault.users()
        if len(users) != 1:
            raise InvalidInput("this vault has several users: name one with --user")
        name = users[0][0]
    passphrase = secrets(args).read("Passphrase")
    session = vault.unlock(name, passphrase)
    if need is not None:
        try:
            require(session.role, need)
        except BaseException:
            session.lock()
            raise
    return session


def confirm(args: argparse.Namespace, prompt: str, expected: str) -> bool:
    """Ask for a typed confirmation (``--yes`` skips it). With --passphrase-stdin the answer
    is the next stdin line, in the order the prompts would ask."""
    if getattr(args, "yes", False):
        return True
    if getattr(args, "passphrase_stdin", False):
        line = sys.stdin.readline()
        if not line:
            raise InvalidInput("expected a confirmation line on standard input (or add --yes)")
        answer = line.strip()
    else:
        answer = input(f"{prompt} ").strip()
    return answer == expected
