"""`exitdoors report outcomes --from DATE --to DATE --format csv|pdf --out FILE [--view
funder|staff]`: the outcome report as a file (0600, written atomically, export audited).

The funder view (default) is de-identified; the staff view (exact counts) is for supervisors
and case managers. The CSV loads no Qt; only the PDF imports the ui package's page layout."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from exitdoors_desktop.commands.common import add_secret_options, unlock
from exitdoors_desktop.core.definitions import Definitions, load_definitions
from exitdoors_desktop.core.errors import InvalidInput
from exitdoors_desktop.core.metrics import Period
from exitdoors_desktop.core.metrics.publish import Section, View
from exitdoors_desktop.core.metrics.report import OutcomeReport
from exitdoors_desktop.core.metrics.report_csv import report_csv
from exitdoors_desktop.core.permissions import Permission
from exitdoors_desktop.storage.report_data import build_report, write_report_file


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    report = sub.add_parser("report", help="de-identified evaluation reports")
    rsub = report.add_subparsers(dest="report_command", required=True, parser_class=type(report))
    p = rsub.add_parser("outcomes", help="outcomes, phase flow, fidelity and costs for a period")
    p.add_argument("--from", dest="start", required=True, metavar="DATE", help="YYYY-MM-DD")
    p.add_argument("--to", dest="end", required=True, metavar="DATE", help="YYYY-MM-DD")
    p.add_argument("--format", choices=["csv", "pdf"], default=None, help="default: from --out")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument(
        "--view",
        choices=[v.value for v in View],
        default=View.FUNDER.value,
        help="funder: de-identified (default); staff: exact counts, supervisors and admins",
    )
    p.add_argument(
        "--lang",
        choices=["en", "fr"],
        default="en",
        help="language of the PDF (words, dates, money) and of the CSV's words; CSV dates stay ISO",
    )
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
    suffix = str(args.out.suffix).lower().lstrip(".")
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
    view = View(args.view)
    session = unlock(args, need=Permission.REPORTS)
    try:
        defs = load_definitions()
        report, sections = build_report(session, defs, period, dt.date.today(), view)
        if fmt == "pdf":
            content = _pdf(report, sections, defs, args.lang)
        elif args.lang == "en":
            content = report_csv(report, sections, defs).encode("utf-8")
        else:
            content = _csv_translated(report, sections, defs, args.lang).encode("utf-8")
        write_report_file(session, report, view, fmt, content, args.out)
    finally:
        session.lock()
    print(
        f"Wrote the {view.value} view of the outcome report to {args.out} ({fmt}, permissions 0600)."
    )
    return 0


def _pdf(
    report: OutcomeReport, sections: tuple[Section, ...], defs: Definitions, lang: str
) -> bytes:
    # The PDF needs Qt: the ui module is imported only here (commands sit above ui).
    from exitdoors_desktop.ui.kit.i18n import exporting_in
    from exitdoors_desktop.ui.reports.pdf import gui_app, report_pdf

    app = gui_app()  # held while rendering; dropped with this frame
    try:
        with exporting_in(lang):
            return report_pdf(report, sections, defs, lang)
    finally:
        del app


def _csv_translated(
    report: OutcomeReport, sections: tuple[Section, ...], defs: Definitions, lang: str
) -> str:
    """The CSV with French words (titles, row labels); codes, dates (ISO) and numbers as in
    English. Qt's translator reads the catalogue: a core application, no GUI."""
    from exitdoors_desktop.ui.kit.i18n import exporting_in

    with exporting_in(lang) as tr:
        return report_csv(report, sections, defs, lang, tr)
