"""`exitdoors retention list | run [--yes]`: erase clients whose file ended longer ago than
the program's retention setting (supervisor or admin)."""

from __future__ import annotations

import argparse
import datetime as dt

from exitdoors_desktop.commands.common import add_secret_options, confirm, unlock
from exitdoors_desktop.core.definitions import load_definitions
from exitdoors_desktop.core.permissions import Permission
from exitdoors_desktop.storage.audit import AuditAction
from exitdoors_desktop.storage.erasure import due_for_erasure, erase_clients


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    ret = sub.add_parser("retention", help="clients past the retention period, and erasing them")
    rsub = ret.add_subparsers(dest="retention_command", required=True, parser_class=type(ret))
    for name, handler, text in (
        ("list", cmd_list, "list clients due for erasure (ids and closing dates only)"),
        ("run", cmd_run, "erase every client due, after confirming the count"),
    ):
        p = rsub.add_parser(name, help=text)
        p.add_argument("--user")
        if name == "run":
            p.add_argument("--yes", action="store_true", help="do not ask (for scripts)")
        add_secret_options(p)
        p.set_defaults(handler=handler)


def _days() -> int:
    return load_definitions().program.retention_days_after_close


def cmd_list(args: argparse.Namespace) -> int:
    session = unlock(args, need=Permission.ERASE)
    try:
        due = due_for_erasure(session, _days(), dt.date.today())
    finally:
        session.lock()
    print(f"{len(due)} client(s) closed more than {_days()} days ago:")
    for d in due:
        print(f"  {d.client_id}  closed {d.closed_on.isoformat()}")
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    session = unlock(args, need=Permission.ERASE)
    try:
        due = due_for_erasure(session, _days(), dt.date.today())
        if not due:
            print("No client is due for erasure.")
            return 0
        prompt = f"Erase {len(due)} clients for good? Type the number {len(due)} to confirm:"
        if not confirm(args, prompt, str(len(due))):
            print("Nothing was erased.")
            return 1
        erase_clients(session, [d.client_id for d in due], reason="retention")
        with session.transaction():
            session.audit.append(AuditAction.RETENTION_RUN, detail=f"{len(due)} clients erased")
    finally:
        session.lock()
    print(f"Erased {len(due)} clients past the retention period.")
    return 0
