"""The ``exitdoors-server`` command: init, serve, invite, devices, revoke.

Bad arguments get a one-line error on stderr and exit status 2; runtime failures (database
unreachable, port in use) exit 1. Tokens are printed once, to stdout, and never logged.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from exitdoors_server import __version__, accounts, db, migrate, tls
from exitdoors_server.config import (
    DEFAULT_ENROLL_LIMIT,
    DEFAULT_ENROLL_WINDOW,
    DEFAULT_MAX_BODY,
    DEFAULT_MAX_COMMANDS_PER_ISSUER,
    DEFAULT_MAX_COMMANDS_PER_TARGET,
    DEFAULT_MAX_PULL_BYTES,
    Settings,
)
from exitdoors_server.quotas import (
    DEFAULT_BYTES_PER_DAY,
    DEFAULT_MESSAGES_PER_DAY,
    DEFAULT_PURGED_SUBJECTS_PER_DAY,
    DEFAULT_PURGES_PER_DAY,
    Quotas,
)

PROG = "exitdoors-server"
DATABASE_URL_ENV = "EXITDOORS_SERVER_DATABASE_URL"
_DURATION = re.compile(r"^([1-9][0-9]{0,6})([smhd])$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
MAX_INVITE_SECONDS = 365 * 86400
_NAME = re.compile(r"^[^\x00-\x1f\x7f]{1,100}$")


class UsageError(Exception):
    """A bad argument discovered after parsing (exit 2)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # One line, not argparse's usage dump: scripts and people both read the last line.
        self.exit(2, f"{PROG}: error: {message}\n")


def parse_duration(text: str) -> int:
    match = _DURATION.match(text.strip())
    if not match:
        raise UsageError(f"--expires: {text!r} is not a duration like 30m, 12h or 7d")
    seconds = int(match.group(1)) * _UNIT_SECONDS[match.group(2)]
    if seconds > MAX_INVITE_SECONDS:
        raise UsageError("--expires: at most 365d")
    return seconds


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} must be at least 1")
    return value


def _port(text: str) -> int:
    value = _positive_int(text)
    if value > 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a TCP port (1..65535)")
    return value


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"{text!r} must be a positive number")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=PROG, description="Exit Doors office sync server.")
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--data-dir", required=True, type=Path, help="the server's data folder")
        p.add_argument(
            "--database-url",
            default=os.environ.get(DATABASE_URL_ENV),
            help=f"sqlite:///FILE or postgresql://… (default: SQLite in the data folder; "
            f"also read from ${DATABASE_URL_ENV})",
        )

    p = sub.add_parser("init", help="create the data folder, database and TLS certificate")
    common(p)
    p.add_argument(
        "--hostname",
        action="append",
        default=[],
        help="extra DNS name or IP for the certificate (repeatable)",
    )

    p = sub.add_parser("serve", help="run the HTTPS server")
    common(p)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on")
    p.add_argument("--port", type=_port, default=8443)
    p.add_argument("--cert", type=Path, help="certificate PEM (default: the data folder's)")
    p.add_argument("--key", type=Path, help="private key PEM (with --cert)")
    p.add_argument("--max-body", type=_positive_int, default=DEFAULT_MAX_BODY, metavar="BYTES")
    p.add_argument("--enroll-limit", type=_positive_int, default=DEFAULT_ENROLL_LIMIT)
    p.add_argument(
        "--enroll-window", type=_positive_float, default=DEFAULT_ENROLL_WINDOW, metavar="SECONDS"
    )
    p.add_argument(
        "--max-pull-bytes", type=_positive_int, default=DEFAULT_MAX_PULL_BYTES, metavar="BYTES",
        help="a pull answer stops before this many bytes of messages (default 4 MiB)",
    )  # fmt: skip
    p.add_argument(
        "--max-commands-per-target", type=_positive_int, default=DEFAULT_MAX_COMMANDS_PER_TARGET
    )
    p.add_argument(
        "--max-commands-per-issuer", type=_positive_int, default=DEFAULT_MAX_COMMANDS_PER_ISSUER
    )
    # Per-device quotas over a sliding day (429 quota_exceeded with Retry-After past them).
    p.add_argument(
        "--quota-messages",
        type=_positive_int,
        default=DEFAULT_MESSAGES_PER_DAY,
        metavar="N",
        help="messages one device may store per day (default 200000)",
    )
    p.add_argument(
        "--quota-bytes",
        type=_positive_int,
        default=DEFAULT_BYTES_PER_DAY,
        metavar="BYTES",
        help="ciphertext bytes one device may store per day (default 1 GiB)",
    )
    p.add_argument(
        "--quota-purges",
        type=_positive_int,
        default=DEFAULT_PURGES_PER_DAY,
        metavar="N",
        help="purge requests one device may make per day (default 200)",
    )
    p.add_argument("--quota-purged-subjects", type=_positive_int,
                   default=DEFAULT_PURGED_SUBJECTS_PER_DAY, metavar="N",
                   help="subject tags one device may purge per day (default 20000)")  # fmt: skip

    p = sub.add_parser("invite", help="print a one-time enrollment token")
    common(p)
    p.add_argument("--name", required=True, help="who or what the invite is for")
    p.add_argument("--expires", default="7d", help="lifetime, e.g. 30m, 12h, 7d (default 7d)")

    p = sub.add_parser("devices", help="list enrolled devices")
    common(p)

    p = sub.add_parser("revoke", help="revoke a device's token")
    p.add_argument("device", help="device id (see `devices`)")
    common(p)
    p.add_argument("--wipe", action="store_true", help="also tell the device to wipe its vault")
    return parser


def _database_url(args: argparse.Namespace) -> str:
    url = args.database_url or db.default_url(args.data_dir)
    try:
        return db.normalise_url(url)
    except db.DatabaseUrlError as exc:
        raise UsageError(f"--database-url: {exc}") from None


def _require_data_dir(data_dir: Path) -> None:
    if not data_dir.is_dir():
        raise UsageError(f"--data-dir: {data_dir} is not an initialised data folder (run init)")


def _open(args: argparse.Namespace) -> Engine:
    _require_data_dir(args.data_dir)
    engine = db.make_engine(_database_url(args), pool_size=2)
    if migrate.current_revision(engine) is None:
        engine.dispose()
        raise UsageError("the database is not initialised (run init)")
    return engine


def _fmt_time(seconds: int | None) -> str:
    if seconds is None:
        return "-"
    return dt.datetime.fromtimestamp(seconds, dt.UTC).strftime("%Y-%m-%d %H:%M:%SZ")


def cmd_init(args: argparse.Namespace) -> int:
    data_dir: Path = args.data_dir
    if data_dir.exists() and not data_dir.is_dir():
        raise UsageError(f"--data-dir: {data_dir} exists and is not a folder")
    url = _database_url(args)
    data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(data_dir, 0o700)
    cert, key = data_dir / tls.CERT_FILENAME, data_dir / tls.KEY_FILENAME
    if cert.exists() != key.exists():
        raise UsageError(f"--data-dir: only one of {cert.name} and {key.name} exists")
    created = not cert.exists()
    if created:
        tls.create_self_signed(cert, key, args.hostname)
    engine = db.make_engine(url, pool_size=1)
    try:
        migrate.upgrade(engine)
    finally:
        engine.dispose()
    if engine.dialect.name == "sqlite" and engine.url.database:
        os.chmod(engine.url.database, 0o600)
    shown = make_url(url).render_as_string(hide_password=True)
    print(f"Data folder: {data_dir.resolve()}")
    print(f"Database: {shown} (schema {migrate.head_revision()})")
    print(f"Certificate: {cert.resolve()} ({'created' if created else 'kept'})")
    print(f"SHA256 fingerprint: {tls.fingerprint_of_pem(cert)}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from exitdoors_server.app import create_app
    from exitdoors_server.logs import uvicorn_log_config

    _require_data_dir(args.data_dir)
    if (args.cert is None) != (args.key is None):
        raise UsageError("--cert and --key must be given together")
    cert = args.cert or args.data_dir / tls.CERT_FILENAME
    key = args.key or args.data_dir / tls.KEY_FILENAME
    for flag, path in (("--cert", cert), ("--key", key)):
        if not path.is_file():
            raise UsageError(f"{flag}: {path} not found (run init, or pass --cert and --key)")
    if args.max_body < 1024:
        raise UsageError("--max-body: at least 1024 bytes")
    engine = db.make_engine(_database_url(args), pool_size=8)
    migrate.upgrade(engine)
    settings = Settings(
        max_body=args.max_body, enroll_limit=args.enroll_limit, enroll_window=args.enroll_window,
        max_pull_bytes=args.max_pull_bytes,
        max_commands_per_target=args.max_commands_per_target,
        max_commands_per_issuer=args.max_commands_per_issuer,
        quotas=Quotas(args.quota_messages, args.quota_bytes, args.quota_purges,
                      args.quota_purged_subjects),
    )  # fmt: skip
    app = create_app(engine, settings)
    print(f"SHA256 fingerprint: {tls.fingerprint_of_pem(cert)}", file=sys.stderr, flush=True)
    try:
        uvicorn.run(
            app,
            host=args.host,
            port=args.port,
            ssl_certfile=str(cert),
            ssl_keyfile=str(key),
            log_config=uvicorn_log_config(),
            proxy_headers=False,
            server_header=False,
            timeout_graceful_shutdown=10,
        )
    finally:
        engine.dispose()
    return 0


def cmd_invite(args: argparse.Namespace) -> int:
    name = args.name.strip()
    if not _NAME.match(name):
        raise UsageError("--name: 1 to 100 printable characters")
    ttl = parse_duration(args.expires)
    engine = _open(args)
    try:
        with db.write_tx(engine) as conn:
            invite = accounts.create_invite(conn, name, ttl, Settings().now())
    finally:
        engine.dispose()
    print(
        f"One-time enrollment token for {name!r}, expires {_fmt_time(invite.expires_at)}. "
        "It is shown only now:",
        file=sys.stderr,
    )
    print(invite.token, flush=True)
    return 0


def cmd_devices(args: argparse.Namespace) -> int:
    engine = _open(args)
    try:
        with db.read_tx(engine) as conn:
            rows = accounts.list_devices(conn)
    finally:
        engine.dispose()
    header = ("ID", "NAME", "ENROLLED", "LAST SEEN", "REVOKED")
    table = [header]
    for d in rows:
        revoked = "no"
        if d.revoked_at is not None:
            revoked = _fmt_time(d.revoked_at) + (" (wipe)" if d.wipe else "")
        table.append((d.id, d.name, _fmt_time(d.enrolled_at), _fmt_time(d.last_seen), revoked))
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    for row in table:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    return 0


def cmd_revoke(args: argparse.Namespace) -> int:
    engine = _open(args)
    try:
        with db.write_tx(engine) as conn:
            device = accounts.revoke(conn, args.device, args.wipe, Settings().now())
    finally:
        engine.dispose()
    if device is None:
        raise UsageError(f"no device with id {args.device!r} (see `devices`)")
    note = " and told to wipe" if device.wipe else ""
    print(f"Revoked {device.id} ({device.name}){note}.")
    return 0


COMMANDS = {
    "init": cmd_init,
    "serve": cmd_serve,
    "invite": cmd_invite,
    "devices": cmd_devices,
    "revoke": cmd_revoke,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except UsageError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 2
    except SQLAlchemyError as exc:
        print(f"{PROG}: database error: {type(exc).__name__}: {_first_line(exc)}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc)
    return text.strip().splitlines()[0][:200] if text.strip() else ""
