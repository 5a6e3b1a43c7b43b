"""`exitdoors forms check [FILE...]`: validate form, scale and program definition files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from exitdoors_desktop.core import definitions
from exitdoors_desktop.core.errors import InvalidInput


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    forms = sub.add_parser("forms", help="check form, scale and program definition files")
    fsub = forms.add_subparsers(dest="forms_command", required=True, parser_class=type(forms))
    p = fsub.add_parser(
        "check",
        help="check the given files against the shipped set (no files: check the shipped set)",
    )
    p.add_argument("files", nargs="*", type=Path)
    p.set_defaults(handler=cmd_check)


def cmd_check(args: argparse.Namespace) -> int:
    if args.files:
        texts = []
        for path in args.files:
            try:
                texts.append((path.name, path.read_text(encoding="utf-8")))
            except (OSError, UnicodeDecodeError) as exc:
                raise InvalidInput(f"cannot read {path}: {exc}") from None
        problems = definitions.check_texts(texts)
    else:
        problems = definitions.check_shipped()
    for problem in problems:
        print(str(problem), file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) found", file=sys.stderr)
        return 2
    checked = len(args.files) if args.files else len(definitions.shipped_texts())
    print(f"{checked} definition file(s) ok")
    return 0
