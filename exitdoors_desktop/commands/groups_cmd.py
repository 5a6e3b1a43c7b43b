"""`exitdoors groups list|add|report`: group sessions from the command line (scripting and
support), and the de-identified group-work tables as CSV (no Qt involved).

``list`` shows sessions (never who attended: the screen does that, with a view audit);
``add`` records one session with clients linked by id; ``report`` writes the group section
of the evaluation report (0600, atomically, export audited)."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import uuid
from pathlib import Path

from exitdoors_desktop.commands.common import add_secret_options, unlock
from exitdoors_desktop.core.definitions import load_definitions
from exitdoors_desktop.core.errors import InvalidInput
from exitdoors_desktop.core.groups import GroupSession, GroupSettings, parse_place
from exitdoors_desktop.core.metrics import Period
from exitdoors_desktop.core.metrics.groups import GroupReport, group_report, publish_groups
from exitdoors_desktop.core.metrics.publish import Section, ShownTable
from exitdoors_desktop.core.permissions import Permission
from exitdoors_desktop.storage import atomic
from exitdoors_desktop.storage.audit import AuditAction
from exitdoors_desktop.storage.groups_repo import GroupRepository
from exitdoors_desktop.storage.report_data import load_group_data

CSV_HEADER = ("section", "table", "row", "label", "count", "of", "percent", "value", "amount")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    groups = sub.add_parser("groups", help="group sessions: list, add, report")
    gsub = groups.add_subparsers(dest="groups_command", required=True, parser_class=type(groups))

    p = gsub.add_parser("list", help="list group sessions (no attendee names)")
    p.add_argument("--from", dest="start", metavar="DATE", help="YYYY-MM-DD")
    p.add_argument("--to", dest="end", metavar="DATE", help="YYYY-MM-DD")
    p.add_argument("--user")
    add_secret_options(p)
    p.set_defaults(handler=cmd_list)

    p = gsub.add_parser("add", help="record one group session")
    p.add_argument("--date", required=True, metavar="DATE", help="YYYY-MM-DD")
    p.add_argument("--type", required=True, help="a group type code of the program")
    p.add_argument("--place", required=True, help="community, office or online")
    p.add_argument("--start", metavar="HH:MM")
    p.add_argument("--length", type=int, metavar="MINUTES")
    p.add_argument("--topic")
    p.add_argument("--others", type=int, default=0, help="anonymous attendees")
    p.add_argument("--series", metavar="ID")
    p.add_argument("--client", action="append", default=[], metavar="ID", help="repeatable")
    p.add_argument("--user")
    add_secret_options(p)
    p.set_defaults(handler=cmd_add)

    p = gsub.add_parser("report", help="the de-identified group-work tables as CSV")
    p.add_argument("--from", dest="start", required=True, metavar="DATE", help="YYYY-MM-DD")
    p.add_argument("--to", dest="end", required=True, metavar="DATE", help="YYYY-MM-DD")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--user")
    add_secret_options(p)
    p.set_defaults(handler=cmd_report)


def _date(text: str | None, flag: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"{flag} must be a date like 2024-01-31") from None


def _time(text: str | None) -> dt.time | None:
    if text is None:
        return None
    try:
        return dt.time.fromisoformat(text)
    except ValueError:
        raise InvalidInput("--start must be a time like 18:30") from None


def _settings() -> GroupSettings:
    settings = load_definitions().program.groups
    if not settings.types:
        raise InvalidInput("this program defines no group types (program.json: groups)")
    return settings


def cmd_list(args: argparse.Namespace) -> int:
    start, end = _date(args.start, "--from"), _date(args.end, "--to")
    settings = _settings()
    session = unlock(args, need=Permission.OWN_CASELOAD)
    try:
        repo = GroupRepository(session, settings)
        series = {s.id: s.name for s in repo.all_series()}
        sessions = repo.sessions(start, end)
    finally:
        session.lock()
    for s in sessions:
        when = s.start.strftime("%H:%M") if s.start else "--:--"
        in_series = f"  [{series.get(s.series_id, '?')}]" if s.series_id else ""
        print(
            f"{s.date} {when} {s.type:<20} {s.place.value:<9} linked {s.linked_count:>3}"
            f"  others {s.others_count:>3}  size {s.size:>3}  {s.id}{in_series}"
        )
    print(f"{len(sessions)} session(s).")
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    day = _date(args.date, "--date")
    assert day is not None
    gs = GroupSession(
        id=str(uuid.uuid4()),
        date=day,
        type=args.type,
        place=parse_place(args.place),
        start=_time(args.start),
        length_minutes=args.length,
        topic=args.topic,
        others_count=args.others,
        series_id=args.series,
    )
    settings = _settings()
    session = unlock(args, need=Permission.CASE_WORK)
    try:
        saved = GroupRepository(session, settings).save_session(
            gs, args.client, today=dt.date.today()
        )
    finally:
        session.lock()
    print(f"Recorded session {saved.id}: {saved.linked_count} linked, {saved.others_count} others.")
    return 0


def groups_csv(
    report: GroupReport, section: Section, threshold: int, settings: GroupSettings
) -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(CSV_HEADER)
    for code, value in (
        ("period_start", report.period.start.isoformat()),
        ("period_end", report.period.end.isoformat()),
        ("small_cell_threshold", str(threshold)),
    ):
        w.writerow(("report", "report", code, value, "", "", "", "", ""))
    for tb in section.tables:
        total = tb.total.cells[0] if tb.total else ""
        for row in tb.rows:
            w.writerow((section.id, tb.id, row.code, _label(settings, row.code),
                        *_cells(tb, row.cells, total)))  # fmt: skip
        if tb.total is not None:
            w.writerow((section.id, tb.id, "total", "Total", total, "", tb.total.cells[1], "", ""))
    return out.getvalue()


def _label(settings: GroupSettings, code: str) -> str:
    month, _, type_id = code.rpartition("/")
    gtype = settings.type(type_id)
    if gtype is None:
        return code.replace("_", " ")
    return f"{month} {gtype.label.en}" if month else gtype.label.en


def _cells(tb: ShownTable, cells: tuple[str, ...], total: str) -> tuple[str, ...]:
    cols = dict(zip(tb.columns, cells, strict=True))
    if "met" in cols:
        return cols["met"], cols["eligible"], cols["percent"], "", ""
    if "value" in cols:
        return "", cols["n"], "", cols["value"], ""
    return cols["count"], total, cols.get("percent", ""), "", ""


def cmd_report(args: argparse.Namespace) -> int:
    start, end = _date(args.start, "--from"), _date(args.end, "--to")
    assert start is not None and end is not None
    period = Period(start, end)
    if args.out.exists():
        raise InvalidInput(f"{args.out.name} already exists; choose a new file name")
    if not args.out.parent.is_dir():
        raise InvalidInput(f"no folder {args.out.parent} to write into")
    defs = load_definitions()
    g = defs.program.groups
    threshold = defs.program.small_cell_threshold
    session = unlock(args, need=Permission.REPORTS)
    try:
        report = group_report(
            load_group_data(session, defs), g.type_ids, g.completion, period, dt.date.today()
        )
        text = groups_csv(report, publish_groups(report, threshold), threshold, g)
        with session.transaction():
            session.audit.append(AuditAction.EXPORT, "report", None, f"groups csv {start}..{end}")
            atomic.write_private(args.out, text.encode("utf-8"))
    finally:
        session.lock()
    print(f"Wrote the de-identified group-work tables to {args.out} (csv, permissions 0600).")
    return 0
