"""Undo what one device wrote since a moment: every field whose current value came from that
device at or after the moment gets back the value it had before (written as a new change by
this laptop, so the team takes it by the ordinary merge rule); rows it created are marked
deleted where the kind allows (consent records stay). Kept in the audit log, never the values."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass

from exitdoors_desktop.storage.audit import AuditAction
from exitdoors_desktop.storage.entities import REGISTRY
from exitdoors_desktop.storage.vault import Session

_DEVICE_AT = 24  # 1-based start of the device part of an HLC stamp ("millis-counter-device")


@dataclass(frozen=True)
class RevertResult:
    fields: int  # fields given back their earlier value
    rows_deleted: int  # rows the device created, marked deleted
    rows_kept: int  # rows it created that cannot be deleted (no such field): left as they are


def revert_device(session: Session, node: str, since_millis: int) -> RevertResult:
    """Revert the writes of vault device ``node`` stamped at or after ``since_millis``."""
    since = f"{since_millis:015d}"
    conn = session.conn
    winners = conn.execute(
        "SELECT entity, row_id, field FROM field_clock WHERE hlc >= ? AND substr(hlc, ?) = ?",
        (since, _DEVICE_AT, node),
    ).fetchall()
    by_row: dict[tuple[str, str], dict[str, object]] = defaultdict(dict)
    created: set[tuple[str, str]] = set()
    for entity, row_id, field in winners:
        if entity not in REGISTRY:
            continue
        before = conn.execute(
            "SELECT value FROM changes WHERE entity = ? AND row_id = ? AND field = ?"
            " AND NOT (device = ? AND hlc >= ?) ORDER BY hlc DESC LIMIT 1",
            (entity, row_id, field, node, since),
        ).fetchone()
        if before is None:
            created.add((str(entity), str(row_id)))
        else:
            by_row[(str(entity), str(row_id))][str(field)] = json.loads(before[0])
    deleted = kept = 0
    with session.transaction():
        for (entity, row_id), values in sorted(by_row.items()):
            if (entity, row_id) not in created:
                session.changes.write(entity, row_id, values)
        for entity, row_id in sorted(created):
            # A consent record stays: it is what she said, and it gates whether the deletion
            # of a row about her may reach the team at all.
            if "deleted" in REGISTRY[entity].fields and entity != "consent":
                session.changes.write(entity, row_id, {"deleted": True})
                deleted += 1
            else:
                kept += 1
        session.audit.append(AuditAction.CHANGE, "sync", node, "writes of a device reverted")
    fields = sum(len(v) for k, v in by_row.items() if k not in created)
    return RevertResult(fields, deleted, kept)
