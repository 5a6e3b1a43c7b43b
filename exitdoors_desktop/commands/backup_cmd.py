"""`exitdoors backup create --out FILE | verify FILE | restore FILE` (restore into an empty
--data-dir). A backup opens with the same passphrases and recovery key as the vault had."""

from __future__ import annotations

import argparse
from pathlib import Path

from exitdoors_desktop.commands.common import add_secret_options, secrets, unlock
from exitdoors_desktop.core.permissions import Permission, require
from exitdoors_desktop.storage.backup import (
    create_backup,
    read_backup,
    restore_backup,
    unwrap_backup,
    verify_backup,
)
from exitdoors_desktop.storage.clients_repo import ClientRepository
from exitdoors_desktop.storage.secrets import zero


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    backup = sub.add_parser("backup", help="encrypted backups: create, verify, restore (admin)")
    bsub = backup.add_subparsers(dest="backup_command", required=True, parser_class=type(backup))

    p = bsub.add_parser("create", help="write the whole vault to one encrypted file")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--user")
    add_secret_options(p)
    p.set_defaults(handler=cmd_create)

    for name, handler, text in (
        ("verify", cmd_verify, "check a backup file completely (checksums, every page)"),
        ("restore", cmd_restore, "make a new vault in an empty --data-dir from a backup"),
    ):
        p = bsub.add_parser(name, help=text)
        p.add_argument("file", type=Path)
        p.add_argument("--user", help="whose passphrase opens it (default: the only user)")
        p.add_argument(
            "--recovery", action="store_true", help="open it with the recovery key instead"
        )
        add_secret_options(p)
        p.set_defaults(handler=handler)


def cmd_create(args: argparse.Namespace) -> int:
    session = unlock(args, need=Permission.BACKUP)
    try:
        manifest = create_backup(session, args.out)
    finally:
        session.lock()
    print(
        f"Backup written to {args.out}: {manifest.counts['clients']} clients, "
        f"{manifest.body_bytes} bytes, SHA-256 {manifest.body_sha256[:16]}…"
    )
    return 0


def _secret(args: argparse.Namespace) -> tuple[str | None, str | None]:
    reader = secrets(args)
    if args.recovery:
        return None, reader.read("Recovery key")
    return reader.read("Passphrase"), None


def cmd_verify(args: argparse.Namespace) -> int:
    backup = read_backup(args.file)  # checksums first: a damaged file costs no passphrase
    passphrase, recovery = _secret(args)
    key, _name, role = unwrap_backup(backup, args.user, passphrase, recovery)
    try:
        require(role, Permission.BACKUP)
        counts = verify_backup(backup, key)
    finally:
        zero(key)
    m = backup.manifest
    print(
        f"backup ok: made {m.created} by Exit Doors {m.app_version}, {counts['clients']} clients, "
        "checksums, manifest and every page verified"
    )
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    passphrase, recovery = _secret(args)
    session = restore_backup(
        args.data_dir,
        args.file,
        user=args.user,
        passphrase=passphrase,
        recovery=recovery,
        allow=lambda role: require(role, Permission.BACKUP),
    )
    try:
        n = ClientRepository(session).count()
    finally:
        session.lock()
    print(
        f"Restored {n} clients into {args.data_dir}. If this vault was in a sync team, "
        "join the team again as a new device (sync join)."
    )
    return 0
