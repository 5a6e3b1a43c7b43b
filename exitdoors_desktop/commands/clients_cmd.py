"""`exitdoors clients import FILE`, `clients export --plaintext --out FILE`, `clients erase ID`."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from exitdoors_desktop.commands.common import add_secret_options, confirm, unlock
from exitdoors_desktop.core import client_io
from exitdoors_desktop.core.errors import InvalidInput
from exitdoors_desktop.core.permissions import Permission
from exitdoors_desktop.storage import atomic
from exitdoors_desktop.storage.audit import AuditAction
from exitdoors_desktop.storage.clients_repo import ClientRepository
from exitdoors_desktop.storage.erasure import erase_client
from exitdoors_desktop.storage.program_repo import ConsentRepository

MAX_IMPORT_BYTES = 64 * 1024 * 1024


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    clients = sub.add_parser("clients", help="import or export client profiles")
    csub = clients.add_subparsers(dest="clients_command", required=True, parser_class=type(clients))

    p = csub.add_parser("import", help="import profiles from CSV or JSON (all or nothing)")
    p.add_argument("file", type=Path)
    p.add_argument("--user")
    p.add_argument("--format", choices=["csv", "json"], help="default: from the file name")
    add_secret_options(p)
    p.set_defaults(handler=cmd_import)

    p = csub.add_parser("export", help="write profiles as PLAIN TEXT (asks for the passphrase)")
    p.add_argument("--plaintext", action="store_true", help="required: the file is not encrypted")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--format", choices=["csv", "json"], default="csv")
    p.add_argument("--user")
    add_secret_options(p)
    p.set_defaults(handler=cmd_export)

    p = csub.add_parser("erase", help="erase one client and her whole history for good")
    p.add_argument("client_id", metavar="ID")
    p.add_argument("--user")
    p.add_argument("--yes", action="store_true", help="do not ask (for scripts)")
    add_secret_options(p)
    p.set_defaults(handler=cmd_erase)


def _format_of(path: Path, given: str | None) -> str:
    if given:
        return given
    suffix = path.suffix.lower().lstrip(".")
    if suffix in ("csv", "json"):
        return suffix
    raise InvalidInput("cannot tell the format from the file name: add --format csv|json")


def cmd_import(args: argparse.Namespace) -> int:
    fmt = _format_of(args.file, args.format)
    try:
        raw = args.file.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"cannot read {args.file.name}: {exc.strerror}") from None
    if len(raw) > MAX_IMPORT_BYTES:
        raise InvalidInput("the file is larger than 64 MiB")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"the file is not UTF-8 (byte {exc.start})") from None
    # Parse and check everything before unlocking: a bad row costs no write at all.
    items = client_io.parse_import(text, fmt, today=dt.date.today())
    session = unlock(args, need=Permission.IMPORT)
    try:
        repo = ClientRepository(session)
        consents = ConsentRepository(session)
        with session.transaction():
            for row, item in enumerate(items, start=2 if fmt == "csv" else 1):
                if repo.exists(item.client.id):
                    raise client_io.RowProblem(row, "id", "a client with this id is already here")
                repo.save(item.client)
                for c in item.consents:
                    consents.add(item.client.id, c.scope, c.action, c.date, c.method, "import")
            session.audit.append(AuditAction.IMPORT, "client", None, f"{len(items)} profiles")
    finally:
        session.lock()
    print(f"Imported {len(items)} clients.")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    if not args.plaintext:
        raise InvalidInput("export writes unencrypted client data: add --plaintext to confirm")
    if args.out.exists():
        raise InvalidInput(f"{args.out.name} already exists; choose a new file name")
    session = unlock(args, need=Permission.PLAIN_EXPORT)
    try:
        clients = ClientRepository(session).all()
        text = (
            client_io.clients_to_csv(clients)
            if args.format == "csv"
            else client_io.clients_to_json(clients)
        )
        with session.transaction():
            session.audit.append(
                AuditAction.EXPORT, "client", None, f"plaintext {args.format}, {len(clients)}"
            )
            # Written inside the transaction: no audit event without the file, nor the reverse.
            atomic.write_private(args.out, text.encode("utf-8"))
    finally:
        session.lock()
    print(f"Exported {len(clients)} clients to {args.out} (plain text, permissions 0600).")
    return 0


def cmd_erase(args: argparse.Namespace) -> int:
    session = unlock(args, need=Permission.ERASE)
    try:
        prompt = "Erase this client and her whole history for good? Type ERASE to confirm:"
        if not confirm(args, prompt, "ERASE"):
            print("Nothing was erased.")
            return 1
        report = erase_client(session, args.client_id)
    finally:
        session.lock()
    print(f"Client erased: {report.rows} records and {report.changes} history entries removed.")
    return 0
