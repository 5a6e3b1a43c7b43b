"""The caseload in a few queries: profiles, transitions, last contacts, follow-ups, consents."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from exitdoors_desktop.core.caseload import CaseloadRow, caseload_row, pending_row
from exitdoors_desktop.core.consent import ConsentRecord
from exitdoors_desktop.core.lifecycle import PhaseTransition
from exitdoors_desktop.core.program import ProgramSettings
from exitdoors_desktop.storage.client_scope import only_visible, visible_ids
from exitdoors_desktop.storage.clients_repo import ClientRepository
from exitdoors_desktop.storage.program_repo import consent_from_row, transition_from_row
from exitdoors_desktop.storage.vault import Session

FOLLOW_UP_FORM = "follow_up"
_CHUNK = 500  # ids per IN (...) list


def caseload(
    session: Session,
    settings: ProgramSettings,
    today: dt.date,
    *,
    worker_id: str | None = None,
    client_ids: Sequence[str] | None = None,
) -> list[CaseloadRow]:
    """Every (or one worker's, or the listed) client the unlocked user may see (her role's
    scope, core/permissions) with CTI timing and flags. No view audit:
    a list only. ``client_ids`` reads just those clients, through the per-client indexes (the
    window shows the first screenful this way while everyone else is still being read)."""
    repo = ClientRepository(session)
    clients = repo.all() if client_ids is None else repo.some(client_ids)
    if worker_id is not None:
        clients = [c for c in clients if c.assigned_worker == worker_id]
    clients = only_visible(session, clients)  # the user's role: core/permissions
    histories: dict[str, list[PhaseTransition]] = defaultdict(list)
    for row in _rows(
        session,
        "SELECT id, client_id, date, from_state, to_state, reason, recorded_at"
        " FROM phase_transitions WHERE deleted = 0",
        client_ids,
    ):
        histories[row[1]].append(transition_from_row(row))
    # Her latest live contact, one index seek per client. Not "max(date) ... GROUP BY
    # client_id": on a vault connection that aggregate costs tens of microseconds per contact
    # row (it copies every date it compares; "count(*)" over the same index is 500 times
    # faster), which made this query seconds long on a 10,000-client vault with its history.
    # The seek reads one index entry per client (bench/gui_bench.py prints both).
    last_contact = {
        str(cid): dt.date.fromisoformat(day)
        for cid, day in _per_client(
            session,
            "SELECT id, (SELECT date FROM contacts WHERE client_id = clients.id AND deleted = 0"
            " ORDER BY date DESC LIMIT 1) FROM clients WHERE deleted = 0",
            client_ids,
        )
        if day
    }
    if settings.groups.attendance_counts_as_contact:
        # A group session she attended is a contact too (the program says so): latest wins.
        # Plain rows, the latest picked here: an aggregate is slow for the same reason.
        for cid, day in _rows(
            session,
            "SELECT a.client_id, s.date FROM group_attendance a"
            " JOIN group_sessions s ON s.id = a.session_id"
            " WHERE a.deleted = 0 AND s.deleted = 0",
            client_ids,
            column="a.client_id",
        ):
            attended = dt.date.fromisoformat(day)
            if cid not in last_contact or attended > last_contact[cid]:
                last_contact[cid] = attended
    follow_ups: dict[str, list[dt.date]] = defaultdict(list)
    for client_id, date in _rows(
        session,
        "SELECT client_id, date FROM form_responses"
        " WHERE form_id = ? AND deleted = 0 AND draft = 0 AND client_id IS NOT NULL",
        client_ids,
        params=(FOLLOW_UP_FORM,),
    ):
        follow_ups[client_id].append(dt.date.fromisoformat(date))
    consents: dict[str, list[ConsentRecord]] = defaultdict(list)
    for row in _rows(
        session,
        "SELECT id, client_id, scope, action, date, recorded_at, method, witness, partner_id"
        " FROM consents WHERE deleted = 0",
        client_ids,
    ):
        consents[row[1]].append(consent_from_row(row))
    return [
        caseload_row(
            c,
            tuple(sorted(histories.get(c.id, ()), key=PhaseTransition.sort_key)),
            settings,
            today,
            last_contact=last_contact.get(c.id),
            follow_ups=follow_ups.get(c.id, ()),
            consents=consents.get(c.id, ()),
        )
        for c in clients
    ]


def caseload_outline(session: Session) -> list[CaseloadRow]:
    """Every client she may see as a ``pending`` line: names, aliases, pronouns and worker
    from the clients table alone (tens of milliseconds for 10,000), so the whole list can be
    shown and searched at once while ``caseload`` reads the rest."""
    seen = visible_ids(session)
    out = []
    for cid, name, pronouns, aliases, worker in session.conn.execute(
        "SELECT id, preferred_name, pronouns, aliases, assigned_worker FROM clients"
        " WHERE deleted = 0"
    ):
        if seen is not None and cid not in seen:
            continue
        names = tuple(json.loads(aliases)) if aliases and aliases != "[]" else ()
        out.append(pending_row(str(cid), str(name), names, pronouns, worker))
    return out


def _rows(
    session: Session,
    sql: str,
    client_ids: Sequence[str] | None,
    tail: str = "",
    params: tuple[str, ...] = (),
    *,
    column: str = "client_id",
) -> list[Any]:
    """``sql`` (ending in a WHERE clause) for everyone, or narrowed to ``client_ids``."""
    if client_ids is None:
        return list(session.conn.execute(sql + tail, params))
    out: list[Any] = []
    for i in range(0, len(client_ids), _CHUNK):
        chunk = tuple(client_ids[i : i + _CHUNK])
        marks = ",".join("?" * len(chunk))
        narrowed = f"{sql} AND {column} IN ({marks}){tail}"  # only fixed text and marks
        out += session.conn.execute(narrowed, (*params, *chunk))
    return out


def _per_client(session: Session, sql: str, client_ids: Sequence[str] | None) -> list[Any]:
    """``sql`` over the clients table (ending in a WHERE clause), narrowed by ``id``."""
    return _rows(session, sql, client_ids, column="id")
