"""Which clients the unlocked user may see: the rule is core/permissions (``client_scope``,
``may_see_client``), the SQL is here. App-level, like every role rule: see core/permissions."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from exitdoors_desktop.core.people import Client
from exitdoors_desktop.core.permissions import ClientScope, client_scope, require_client
from exitdoors_desktop.storage.clients_repo import ClientRepository
from exitdoors_desktop.storage.vault import Session

T = TypeVar("T")

# The first change written about a client is her enrolment; whoever wrote it enrolled her.
_ENROLLED_BY = (
    "SELECT c.row_id, c.user_id FROM changes c"
    " JOIN (SELECT row_id, min(seq) AS first FROM changes WHERE entity = 'client'"
    " GROUP BY row_id) f ON c.seq = f.first"
)


def enrolled_by(session: Session, client_id: str) -> str | None:
    row = session.conn.execute(
        "SELECT user_id FROM changes WHERE entity = 'client' AND row_id = ? ORDER BY seq LIMIT 1",
        (client_id,),
    ).fetchone()
    return None if row is None or row[0] is None else str(row[0])


def visible_ids(session: Session) -> set[str] | None:
    """The ids of the live clients this user may see, or None when she sees everyone."""
    scope = client_scope(session.role)
    if scope is ClientScope.ALL:
        return None
    me = session.user_id
    if scope is ClientScope.NONE or me is None:
        return set()
    ids = {
        str(r[0])
        for r in session.conn.execute(
            "SELECT id FROM clients WHERE deleted = 0 AND assigned_worker = ?", (me,)
        )
    }
    if scope is ClientScope.ASSIGNED_OR_ENROLLED:
        live = {str(r[0]) for r in session.conn.execute("SELECT id FROM clients WHERE deleted = 0")}
        ids |= {str(r[0]) for r in session.conn.execute(_ENROLLED_BY) if r[1] == me} & live
    return ids


def only_visible(session: Session, items: Iterable[T], key: str = "id") -> list[T]:
    """``items`` (each with a client id under ``key``) narrowed to the clients she may see."""
    seen = visible_ids(session)
    if seen is None:
        return list(items)
    return [item for item in items if getattr(item, key) in seen]


def open_visible(session: Session, client_id: str) -> Client:
    """Her profile, with the one ``view`` audit event, if this user may see her; otherwise a
    clear refusal (ClientForbidden) and nothing audited as a view."""
    client = ClientRepository(session).get(client_id, audit=False)  # NotFound propagates
    require_client(
        session.role, session.user_id, client.assigned_worker, enrolled_by(session, client_id)
    )
    return ClientRepository(session).get(client_id)


def visible_names(session: Session) -> list[tuple[str, str]]:
    """(id, preferred name) of every live client she may see."""
    names = ClientRepository(session).names()
    seen = visible_ids(session)
    return names if seen is None else [n for n in names if n[0] in seen]


__all__ = ["enrolled_by", "only_visible", "open_visible", "visible_ids", "visible_names"]
