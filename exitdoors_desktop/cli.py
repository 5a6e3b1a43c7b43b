"""The `exitdoors` command: the desktop window by default, subcommands for scripting and support.

Secrets come from a prompt, or with ``--passphrase-stdin`` one line each from standard input;
never from arguments or the environment. Errors are one line on stderr, never client data.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from exitdoors_desktop import __version__
from exitdoors_desktop.core.errors import ExitDoorsError, InvalidInput
from exitdoors_desktop.storage.paths import default_data_dir

log = logging.getLogger("exitdoors")


class UsageError(InvalidInput):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    from exitdoors_desktop import commands

    parser = _Parser(prog="exitdoors", description="Exit Doors Desktop")
    parser.add_argument("--version", action="version", version=f"exitdoors {__version__}")
    parser.add_argument("--data-dir", type=Path, default=None, help="vault folder")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    commands.register(sub)
    return parser


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
    except Exception as exc:  # noqa: BLE001 - the last line of defence: say little, leak nothing
        # The message of an unexpected error may quote data (SQL values, paths): name the type.
        print(f"exitdoors: unexpected error ({type(exc).__name__})", file=sys.stderr)
        return 1


__all__ = ["main"]
