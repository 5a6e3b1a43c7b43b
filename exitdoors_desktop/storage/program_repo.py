"""Repositories for the program's records. Each write goes through the change log and audit.

Form responses are the source of truth for what a worker filled in; contacts and referrals
are structured rows derived from them in the same transaction, so caseload timing and
reports never have to re-read every answer.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Mapping
from enum import Enum
from typing import TypeVar

from exitdoors_desktop.core import entities
from exitdoors_desktop.core.consent import (
    ConsentAction,
    ConsentMethod,
    ConsentRecord,
    ConsentScope,
)
from exitdoors_desktop.core.errors import NotFound
from exitdoors_desktop.core.forms import FormResponse
from exitdoors_desktop.core.lifecycle import History, PhaseTransition, Reason, State, check
from exitdoors_desktop.core.scales import ScaleReading
from exitdoors_desktop.storage.audit import AuditAction
from exitdoors_desktop.storage.vault import Session

E = TypeVar("E", bound=Enum)


def _date(text: object) -> dt.date | None:
    return dt.date.fromisoformat(str(text)) if text else None


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


class ResponseRepository:
    """Filled-in forms, drafts included (drafts live in the vault, never in a file)."""

    def __init__(self, session: Session) -> None:
        self._s = session

    def save(self, response: FormResponse, *, draft: bool = False) -> None:
        values: dict[str, object] = {
            "client_id": response.client_id,
            "form_id": response.form_id,
            "form_version": response.form_version,
            "date": response.date.isoformat(),
            "answers": dict(response.answers),
            "draft": draft,
        }
        with self._s.transaction():
            old = self._s.conn.execute(
                "SELECT client_id, form_id, form_version, date, answers, draft, author_id"
                " FROM form_responses WHERE id = ?",
                (response.id,),
            ).fetchone()
            if old is None:
                values["author_id"] = self._s.user_id
            else:
                before = dict(
                    zip(("client_id", "form_id", "form_version", "date"), old[:4], strict=True)
                )
                before.update(answers=json.loads(old[4]), draft=bool(old[5]))
                values = {k: v for k, v in values.items() if before.get(k) != v}
            if values:
                self._s.changes.write("form_response", response.id, values)
            if not draft:
                self._derive(response)

    def _derive(self, response: FormResponse) -> None:
        contact = entities.contact_from_response(response, self._s.user_id)
        if contact is not None:
            self._s.changes.write(
                "contact",
                contact.id,
                {
                    "client_id": contact.client_id,
                    "date": contact.date.isoformat(),
                    "type": contact.type.value,
                    "location": contact.location.value if contact.location else None,
                    "participants": sorted(p.value for p in contact.participants),
                    "duration_minutes": contact.duration_minutes,
                    "worker_id": contact.worker_id,
                    "response_id": contact.response_id,
                },
                audit=False,
            )
        partner = response.answers.get("partner_id")
        referral = entities.referral_from_response(
            response, partner if isinstance(partner, str) else None
        )
        if referral is not None:
            self._s.changes.write(
                "referral",
                referral.id,
                {
                    "client_id": referral.client_id,
                    "service_type": referral.service_type.value,
                    "status": referral.status.value,
                    "made_on": referral.made_on.isoformat(),
                    "partner_id": referral.partner_id,
                    "accepted_on": _iso(referral.accepted_on),
                    "attended_on": _iso(referral.attended_on),
                    "closed_on": _iso(referral.closed_on),
                    "response_id": referral.response_id,
                },
                audit=False,
            )

    def get(self, response_id: str) -> FormResponse:
        row = self._s.conn.execute(
            "SELECT id, form_id, form_version, client_id, date, answers FROM form_responses"
            " WHERE id = ? AND deleted = 0",
            (response_id,),
        ).fetchone()
        if row is None:
            raise NotFound("no such form response")
        return _response(row)

    def is_draft(self, response_id: str) -> bool:
        row = self._s.conn.execute(
            "SELECT draft FROM form_responses WHERE id = ?", (response_id,)
        ).fetchone()
        return bool(row and row[0])

    def for_client(
        self, client_id: str, form_id: str | None = None, *, drafts: bool = False
    ) -> list[FormResponse]:
        sql = (
            "SELECT id, form_id, form_version, client_id, date, answers FROM form_responses"
            " WHERE client_id = ? AND deleted = 0 AND draft = ?"
        )
        params: list[object] = [client_id, int(drafts)]
        if form_id is not None:
            sql += " AND form_id = ?"
            params.append(form_id)
        rows = self._s.conn.execute(sql + " ORDER BY date, rowid", params).fetchall()
        return [_response(r) for r in rows]

    def anonymous(self, form_id: str, since: dt.date | None = None) -> list[FormResponse]:
        rows = self._s.conn.execute(
            "SELECT id, form_id, form_version, client_id, date, answers FROM form_responses"
            " WHERE client_id IS NULL AND form_id = ? AND deleted = 0 AND draft = 0"
            " AND date >= ? ORDER BY date DESC, rowid DESC",
            (form_id, (since or dt.date.min).isoformat()),
        ).fetchall()
        return [_response(r) for r in rows]

    def recent(
        self, form_id: str, since: dt.date | None = None, *, drafts: bool = False, limit: int = 200
    ) -> list[FormResponse]:
        """Responses to one form, anonymous and linked alike, newest first (the outreach log)."""
        rows = self._s.conn.execute(
            "SELECT id, form_id, form_version, client_id, date, answers FROM form_responses"
            " WHERE form_id = ? AND deleted = 0 AND draft = ? AND date >= ?"
            " ORDER BY date DESC, rowid DESC LIMIT ?",
            (form_id, int(drafts), (since or dt.date.min).isoformat(), limit),
        ).fetchall()
        return [_response(r) for r in rows]

    def delete(self, response_id: str) -> None:
        with self._s.transaction():
            self.get(response_id)
            self._s.changes.write("form_response", response_id, {"deleted": True})
            for entity, table in (("contact", "contacts"), ("referral", "referrals")):
                hit = self._s.conn.execute(
                    f"SELECT 1 FROM {table} WHERE id = ? AND deleted = 0",  # noqa: S608
                    (response_id,),
                ).fetchone()
                if hit:
                    self._s.changes.write(entity, response_id, {"deleted": True}, audit=False)


def _response(row: tuple[object, ...]) -> FormResponse:
    rid, form_id, version, client_id, date, answers = row
    return FormResponse(
        id=str(rid),
        form_id=str(form_id),
        form_version=int(str(version)),
        client_id=None if client_id is None else str(client_id),
        date=dt.date.fromisoformat(str(date)),
        answers=json.loads(str(answers)),
    )


class TransitionRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    def history(self, client_id: str) -> History:
        rows = self._s.conn.execute(
            "SELECT id, client_id, date, from_state, to_state, reason, recorded_at"
            " FROM phase_transitions WHERE client_id = ? AND deleted = 0",
            (client_id,),
        ).fetchall()
        return tuple(sorted((transition_from_row(r) for r in rows), key=PhaseTransition.sort_key))

    def record(
        self, client_id: str, to_state: State, reason: Reason, date: dt.date
    ) -> PhaseTransition:
        """Check the move against her history (IllegalTransition if impossible), then save."""
        with self._s.transaction():
            history = self.history(client_id)
            from_state = history[-1].to_state if history else None
            stamp = self._s.clock.now().encode()
            transition = PhaseTransition(
                str(uuid.uuid4()), client_id, date, from_state, to_state, reason, stamp
            )
            check(history, transition)
            self._s.changes.write(
                "phase_transition",
                transition.id,
                {
                    "client_id": client_id,
                    "date": date.isoformat(),
                    "from_state": from_state.value if from_state else None,
                    "to_state": to_state.value,
                    "reason": reason.value,
                    "recorded_at": stamp,
                },
            )
            return transition


def _member(enum: type[E], value: object) -> E:
    """``enum(value)`` without Enum.__call__'s cost (the caseload reads tens of thousands of
    rows at unlock); an unknown value still raises ValueError as the constructor would."""
    member = enum._value2member_map_.get(value)
    return member if member is not None else enum(str(value))  # type: ignore[return-value]


# Value -> member maps read inline by the row readers below (tens of thousands of rows at
# unlock: a function call per field was a tenth of the caseload's time); _member is the
# fallback that raises for an unknown value.
_STATES: Mapping[object, State] = State._value2member_map_  # type: ignore[assignment]
_REASONS: Mapping[object, Reason] = Reason._value2member_map_  # type: ignore[assignment]
_SCOPES: Mapping[object, ConsentScope] = ConsentScope._value2member_map_  # type: ignore[assignment]
_ACTIONS: Mapping[object, ConsentAction] = ConsentAction._value2member_map_  # type: ignore[assignment]
_METHODS: Mapping[object, ConsentMethod] = ConsentMethod._value2member_map_  # type: ignore[assignment]


def transition_from_row(row: tuple[object, ...]) -> PhaseTransition:
    tid, client_id, date, from_state, to_state, reason, recorded_at = row
    return PhaseTransition(
        id=str(tid),
        client_id=str(client_id),
        date=dt.date.fromisoformat(str(date)),
        from_state=(_STATES.get(from_state) or _member(State, from_state)) if from_state else None,
        to_state=_STATES.get(to_state) or _member(State, to_state),
        reason=_REASONS.get(reason) or _member(Reason, reason),
        recorded_at=str(recorded_at),
    )


class ReadingRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    def add(
        self, client_id: str, scale_id: str, date: dt.date, values: Mapping[str, int]
    ) -> ScaleReading:
        with self._s.transaction():
            stamp = self._s.clock.now().encode()
            reading = ScaleReading(
                str(uuid.uuid4()), client_id, scale_id, date, dict(values), stamp
            )
            self._s.changes.write(
                "scale_reading",
                reading.id,
                {
                    "client_id": client_id,
                    "scale_id": scale_id,
                    "date": date.isoformat(),
                    "values": dict(values),
                    "recorded_at": stamp,
                },
            )
            return reading

    def for_client(self, client_id: str, scale_id: str | None = None) -> list[ScaleReading]:
        sql = (
            'SELECT id, client_id, scale_id, date, "values", recorded_at FROM scale_readings'
            " WHERE client_id = ? AND deleted = 0"
        )
        params: list[object] = [client_id]
        if scale_id:
            sql += " AND scale_id = ?"
            params.append(scale_id)
        rows = self._s.conn.execute(sql + " ORDER BY date, recorded_at", params).fetchall()
        return [_reading(r) for r in rows]


def _reading(row: tuple[object, ...]) -> ScaleReading:
    rid, client_id, scale_id, date, values, recorded_at = row
    return ScaleReading(
        id=str(rid),
        client_id=str(client_id),
        scale_id=str(scale_id),
        date=dt.date.fromisoformat(str(date)),
        values={str(k): int(v) for k, v in json.loads(str(values)).items()},
        recorded_at=str(recorded_at),
    )


class ConsentRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    def add(
        self,
        client_id: str,
        scope: ConsentScope,
        action: ConsentAction,
        date: dt.date,
        method: ConsentMethod,
        witness: str | None = None,
        partner_id: str | None = None,
    ) -> ConsentRecord:
        with self._s.transaction():
            stamp = self._s.clock.now().encode()
            record = ConsentRecord(
                str(uuid.uuid4()),
                client_id,
                scope,
                action,
                date,
                stamp,
                method,
                witness,
                partner_id,
            )
            self._s.changes.write(
                "consent",
                record.id,
                {
                    "client_id": client_id,
                    "scope": scope.value,
                    "action": action.value,
                    "date": date.isoformat(),
                    "recorded_at": stamp,
                    "method": method.value,
                    "witness": witness,
                    "partner_id": partner_id,
                },
            )
            if action is ConsentAction.WITHDRAW:
                self._s.audit.append(
                    AuditAction.CONSENT_WITHDRAWN, "client", client_id, scope.value
                )
            return record

    def for_client(self, client_id: str) -> list[ConsentRecord]:
        rows = self._s.conn.execute(
            "SELECT id, client_id, scope, action, date, recorded_at, method, witness, partner_id"
            " FROM consents WHERE client_id = ? AND deleted = 0 ORDER BY date, recorded_at",
            (client_id,),
        ).fetchall()
        return [consent_from_row(r) for r in rows]


def consent_from_row(row: tuple[object, ...]) -> ConsentRecord:
    cid, client_id, scope, action, date, recorded_at, method, witness, partner_id = row
    return ConsentRecord(
        id=str(cid),
        client_id=str(client_id),
        scope=_SCOPES.get(scope) or _member(ConsentScope, scope),
        action=_ACTIONS.get(action) or _member(ConsentAction, action),
        date=dt.date.fromisoformat(str(date)),
        recorded_at=str(recorded_at),
        method=_METHODS.get(method) or _member(ConsentMethod, method),
        witness=None if witness is None else str(witness),
        partner_id=None if partner_id is None else str(partner_id),
    )


class PartnerRepository:
    """The small directory of partner agencies that referrals point to."""

    def __init__(self, session: Session) -> None:
        self._s = session

    def save(
        self,
        partner: entities.PartnerAgency,
        contact: str | None = None,
        notes: str | None = None,
    ) -> None:
        with self._s.transaction():
            self._s.changes.write(
                "partner",
                partner.id,
                {
                    "name": partner.name,
                    "service_types": sorted(s.value for s in partner.service_types),
                    "contact": contact,
                    "notes": notes,
                },
            )

    def all(self) -> list[tuple[entities.PartnerAgency, str | None, str | None]]:
        rows = self._s.conn.execute(
            "SELECT id, name, service_types, contact, notes FROM partners WHERE deleted = 0"
            " ORDER BY name COLLATE NOCASE"
        ).fetchall()
        return [
            (
                entities.PartnerAgency(
                    str(r[0]),
                    str(r[1]),
                    frozenset(entities.ServiceType(s) for s in json.loads(r[2])),
                ),
                r[3],
                r[4],
            )
            for r in rows
        ]

    def delete(self, partner_id: str) -> None:
        with self._s.transaction():
            self._s.changes.write("partner", partner_id, {"deleted": True})


class ReferralRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    def for_client(self, client_id: str) -> list[entities.Referral]:
        rows = self._s.conn.execute(
            "SELECT id, client_id, service_type, status, made_on, partner_id, accepted_on,"
            " attended_on, closed_on, response_id FROM referrals"
            " WHERE client_id = ? AND deleted = 0 ORDER BY made_on",
            (client_id,),
        ).fetchall()
        return [referral_from_row(r) for r in rows]


def referral_from_row(r: tuple[object, ...]) -> entities.Referral:
    return entities.Referral(
        id=str(r[0]),
        client_id=str(r[1]),
        service_type=entities.ServiceType(str(r[2])),
        status=entities.ReferralStatus(str(r[3])),
        made_on=dt.date.fromisoformat(str(r[4])),
        partner_id=None if r[5] is None else str(r[5]),
        accepted_on=_date(r[6]),
        attended_on=_date(r[7]),
        closed_on=_date(r[8]),
        response_id=None if r[9] is None else str(r[9]),
    )


class SettingsRepository:
    """Per-vault preferences, synced like any record (they hold no client data)."""

    def __init__(self, session: Session) -> None:
        self._s = session

    def get(self, key: str, default: object = None) -> object:
        row = self._s.conn.execute(
            "SELECT value FROM settings WHERE id = ? AND deleted = 0", (key,)
        ).fetchone()
        return json.loads(row[0]) if row else default

    def set(self, key: str, value: object) -> None:
        with self._s.transaction():
            if self.get(key, _MISSING) != value:
                self._s.changes.write("setting", key, {"value": value})


_MISSING = object()
