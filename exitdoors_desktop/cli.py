"""The `exitdoors` command: the desktop window by default, subcommands for scripting and support.

Secrets come from a prompt, or with ``--passphrase-stdin`` one line each from standard input;
never from arguments or the environment. Errors are one line on stderr, never client data.
"""

from __future__ import annotations

import argparse
import getpass
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from exitdoors_desktop import __version__
from exitdoors_desktop.core.errors import ExitDoorsError, InvalidInput
from exitdoors_desktop.storage.paths import default_data_dir
from exitdoors_desktop.storage.secrets import KdfParams

log = logging.getLogger("exitdoors")


class UsageError(InvalidInput):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message)


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
    # Hidden, for tests and CI only: real vaults calibrate Argon2id to about 0.5 s.
    return KdfParams.cheap_for_tests() if getattr(args, "insecure_fast_kdf", False) else None


def build_parser() -> argparse.ArgumentParser:
    from exitdoors_desktop import commands

    parser = _Parser(prog="exitdoors", description="Exit Doors Desktop")
    parser.add_argument("--version", action="version", version=f"exitdoors {__version__}")
    parser.add_argument("--data-dir", type=Path, default=None, help="vault folder")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    commands.register(sub)
    return parser


def add_secret_options(p: argparse.ArgumentParser, *, kdf: bool = False) -> None:
    p.add_argument(
        "--passphrase-stdin",
        action="store_true",
        help="read the passphrase (and any further secret) one line each from stdin",
    )
    if kdf:
        p.add_argument("--insecure-fast-kdf", action="store_true", help=argparse.SUPPRESS)


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        if args.data_dir is None:
            args.data_dir = default_data_dir()
        handler: Callable[[argparse.Namespace], int] | None = getattr(args, "handler", None)
        if handler is None:
            if args.command is not None:
                parser.parse_args([args.command, "--help"])
            from exitdoors_desktop.app import run_gui

            return run_gui(args.data_dir)
        return handler(args)
    except ExitDoorsError as exc:
        print(f"exitdoors: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("exitdoors: interrupted", file=sys.stderr)
        return 130


__all__ = ["Secrets", "_kdf", "add_secret_options", "main"]
