"""`exitdoors groups list|add|report`: group sessions from the command line (scripting and
support), and the group-work tables as CSV (no Qt involved).

``list`` shows sessions (never who attended: the screen does that, with a view audit);
``add`` records one session with clients linked by id; ``report`` is a shortcut for the
group-work section of `report outcomes` as CSV, through the same words and the same audited
writer (``storage.report_data.write_report_file``)."""

from __future__ import annotations

import argparse
import datetime as dt
import uuid
from pathlib import Path

from exitdoors_desktop.commands.common import add_secret_options, unlock
from exitdoors_desktop.core.definitions import load_definitions
from exitdoors_desktop.core.errors import InvalidInput
from exitdoors_desktop.core.groups import GroupSession, GroupSettings, parse_place
from exitdoors_desktop.core.metrics import Period
from exitdoors_desktop.core.metrics.publish import View
from exitdoors_desktop.core.metrics.report_csv import report_csv
from exitdoors_desktop.core.permissions import ClientForbidden, Permission
from exitdoors_desktop.storage.client_scope import visible_ids
from exitdoors_desktop.storage.groups_repo import GroupRepository
from exitdoors_desktop.storage.report_data import build_report, write_report_file

GROUPS_SECTION = "groups"


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

    p = gsub.add_parser("report", help="the group-work section of the outcome report alone, as CSV")
    p.add_argument("--from", dest="start", required=True, metavar="DATE", help="YYYY-MM-DD")
    p.add_argument("--to", dest="end", required=True, metavar="DATE", help="YYYY-MM-DD")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument(
        "--view",
        choices=[v.value for v in View],
        default=View.FUNDER.value,
        help="funder: de-identified (default); staff: exact counts, supervisors and case managers",
    )
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
        seen = visible_ids(session)  # her role's clients only (core/permissions)
        if seen is not None and any(cid not in seen for cid in args.client):
            raise ClientForbidden(
                "a --client is not on your caseload: your role may link only your own clients;"
                " nothing was recorded"
            )
        saved = GroupRepository(session, settings).save_session(
            gs, args.client, today=dt.date.today()
        )
    finally:
        session.lock()
    print(f"Recorded session {saved.id}: {saved.linked_count} linked, {saved.others_count} others.")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    """The group-work section of the outcome report alone: the same counting, the same words
    (``core.metrics.report_csv``) and the same audited writer as `report outcomes`."""
    start, end = _date(args.start, "--from"), _date(args.end, "--to")
    assert start is not None and end is not None
    period = Period(start, end)
    if args.out.exists():
        raise InvalidInput(f"{args.out.name} already exists; choose a new file name")
    if not args.out.parent.is_dir():
        raise InvalidInput(f"no folder {args.out.parent} to write into")
    view = View(args.view)
    defs = load_definitions()
    session = unlock(args, need=Permission.REPORTS)
    try:
        report, sections = build_report(session, defs, period, dt.date.today(), view)
        groups = [s for s in sections if s.id == GROUPS_SECTION]
        text = report_csv(report, groups, defs)
        write_report_file(session, report, view, "csv", text.encode("utf-8"), args.out, "groups")
    finally:
        session.lock()
    print(f"Wrote the group-work tables ({view.value} view) to {args.out} (csv, permissions 0600).")
    return 0
