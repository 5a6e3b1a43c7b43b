"""`exitdoors report outcomes --from DATE --to DATE --format csv|pdf --out FILE`: the
de-identified outcome report as a file (0600, written atomically, export audited)."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from exitdoors_desktop.commands.common import add_secret_options, unlock
from exitdoors_desktop.core.definitions import load_definitions
from exitdoors_desktop.core.errors import InvalidInput
from exitdoors_desktop.core.metrics import Period
from exitdoors_desktop.core.permissions import Permission


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    report = sub.add_parser("report", help="de-identified evaluation reports")
    rsub = report.add_subparsers(dest="report_command", required=True, parser_class=type(report))
    p = rsub.add_parser("outcomes", help="outcomes, phase flow, fidelity and costs for a period")
    p.add_argument("--from", dest="start", required=True, metavar="DATE", help="YYYY-MM-DD")
    p.add_argument("--to", dest="end", required=True, metavar="DATE", help="YYYY-MM-DD")
    p.add_argument("--format", choices=["csv", "pdf"], default=None, help="default: from --out")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--user")
    add_secret_options(p)
    p.set_defaults(handler=cmd_outcomes)


def _date(text: str, flag: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"{flag} must be a date like 2024-01-31") from None


def _format(args: argparse.Namespace) -> str:
    if args.format:
        return str(args.format)
    suffix = args.out.suffix.lower().lstrip(".")
    if suffix in ("csv", "pdf"):
        return suffix
    raise InvalidInput("cannot tell the format from the file name: add --format csv|pdf")


def cmd_outcomes(args: argparse.Namespace) -> int:
    period = Period(_date(args.start, "--from"), _date(args.end, "--to"))
    fmt = _format(args)
    if args.out.exists():
        raise InvalidInput(f"{args.out.name} already exists; choose a new file name")
    if not args.out.parent.is_dir():
        raise InvalidInput(f"no folder {args.out.parent} to write into")
    # The PDF needs Qt: the UI module is imported only here (commands sit above ui).
    from exitdoors_desktop.ui.reports.pdf import build_report, export_report

    session = unlock(args, need=Permission.REPORTS)
    try:
        defs = load_definitions()
        report, sections = build_report(session, defs, period, dt.date.today())
        export_report(session, defs, report, sections, fmt, args.out)
    finally:
        session.lock()
    print(f"Wrote the de-identified outcome report to {args.out} ({fmt}, permissions 0600).")
    return 0
